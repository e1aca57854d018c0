#include "client/cli/args.h"

#include <stddef.h>

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
