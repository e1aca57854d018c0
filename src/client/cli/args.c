#include "client/cli/args.h"

#include <stddef.h>

#define CENTS_MAX 100000000000LL /* far above any price the API takes */

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

bool args_cents(const char *s, long long *out)
{
    if (!s)
        return false;
    if (*s == '$')
        s++;
    long long dollars = 0, cents = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        dollars = dollars * 10 + (*p - '0');
        if (dollars > CENTS_MAX / 100)
            return false;
    }
    if (p == s)
        return false;
    if (*p == '.') {
        const char *frac = ++p;
        for (; *p >= '0' && *p <= '9'; p++)
            ;
        size_t n = (size_t)(p - frac);
        if (n < 1 || n > 2)
            return false;
        cents = (frac[0] - '0') * 10 + (n == 2 ? frac[1] - '0' : 0);
    }
    if (*p)
        return false;
    *out = dollars * 100 + cents;
    return true;
}
