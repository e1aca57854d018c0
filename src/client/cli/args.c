/* args — command-line values as numbers and choices. */
#include "client/cli/args.h"

#include <stddef.h>
#include <strings.h>

bool args_count(const char *s, long long max, long long *out)
{
    if (!s || !*s)
        return false;
    long long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

const char *args_choice(const char *s, const char *const *choices)
{
    for (size_t i = 0; s && choices[i]; i++)
        if (!strcasecmp(s, choices[i]))
            return choices[i];
    return s;
}
