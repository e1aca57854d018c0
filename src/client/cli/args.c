/* args — strict numbers from the command line, and the sentences that
 * refuse the others. */
#include "client/cli/args.h"

#include <stddef.h>
#include <string.h>

#include "client/cli/cli.h"
#include "client/format.h"
#include "model/product.h"

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

bool args_whole(const char *flag, const char *v, long long min,
                long long max, long long *out)
{
    long long n;
    if (args_count(v, max, &n) && n >= min) {
        *out = n;
        return true;
    }
    char lo[32], hi[32];
    format_thousands(min, lo, sizeof lo);
    format_thousands(max, hi, sizeof hi);
    cli_error("%s must be a whole number from %s to %s (got \"%s\")", flag, lo,
              hi, v);
    return false;
}

/* True when s is written as an amount (digits, then "." and one or two
 * more, an optional leading "$"), whatever its size. */
static bool looks_like_amount(const char *s)
{
    if (*s == '$')
        s++;
    size_t digits = strspn(s, "0123456789");
    if (digits == 0)
        return false;
    s += digits;
    if (*s == '.') {
        size_t decimals = strspn(s + 1, "0123456789");
        if (decimals < 1 || decimals > 2)
            return false;
        s += 1 + decimals;
    }
    return *s == '\0';
}

bool args_price(const char *flag, const char *v, long long *cents)
{
    long long c;
    bool parsed = format_parse_price(v, &c);
    if (parsed && c >= 1 && c <= PRODUCT_PRICE_MAX) {
        *cents = c;
        return true;
    }
    if (parsed || looks_like_amount(v)) {
        char lo[32], hi[32];
        format_price_grouped(1, lo, sizeof lo);
        format_price_grouped(PRODUCT_PRICE_MAX, hi, sizeof hi);
        cli_error("%s must be from %s to %s (got \"%s\")", flag, lo, hi, v);
    } else {
        cli_error("%s must be an amount in dollars with at most two "
                  "decimals, e.g. 12.34 (got \"%s\")",
                  flag, v);
    }
    return false;
}
