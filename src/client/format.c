/* format — prices, dates and ages for display, and dollars parsed to
 * cents, shared by the command line and the TUI. */
#include "client/format.h"

#include <stdio.h>
#include <time.h>

#define CENTS_MAX 100000000000LL /* far above any price the API takes */

void format_price(long long cents, char *out, size_t size)
{
    const char *sign = cents < 0 ? "-" : "";
    unsigned long long v = cents < 0 ? 0ULL - (unsigned long long)cents
                                     : (unsigned long long)cents;
    snprintf(out, size, "%s$%llu.%02llu", sign, v / 100, v % 100);
}

void format_thousands(long long n, char *out, size_t size)
{
    unsigned long long v = n < 0 ? 0ULL - (unsigned long long)n
                                  : (unsigned long long)n;
    char digits[32], grouped[48];
    int len = snprintf(digits, sizeof digits, "%llu", v);
    size_t at = 0;
    if (n < 0)
        grouped[at++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            grouped[at++] = ',';
        grouped[at++] = digits[i];
    }
    grouped[at] = '\0';
    snprintf(out, size, "%s", grouped);
}

void format_price_grouped(long long cents, char *out, size_t size)
{
    unsigned long long v = cents < 0 ? 0ULL - (unsigned long long)cents
                                     : (unsigned long long)cents;
    char dollars[48];
    format_thousands((long long)(v / 100), dollars, sizeof dollars);
    snprintf(out, size, "%s$%s.%02llu", cents < 0 ? "-" : "", dollars, v % 100);
}

bool format_parse_price(const char *s, long long *cents)
{
    if (!s)
        return false;
    if (*s == '$')
        s++;
    long long dollars = 0, frac_cents = 0;
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
        frac_cents = (frac[0] - '0') * 10 + (n == 2 ? frac[1] - '0' : 0);
    }
    if (*p)
        return false;
    *cents = dollars * 100 + frac_cents;
    return true;
}

void format_time(int64_t ms, int with_seconds, char *out, size_t size)
{
    if (ms == 0) {
        snprintf(out, size, "-");
        return;
    }
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm) ||
        !strftime(out, size,
                  with_seconds ? "%Y-%m-%d %H:%M:%S %Z" : "%Y-%m-%d %H:%M",
                  &tm))
        snprintf(out, size, "-");
}

void format_age(int64_t ms, char *out, size_t size)
{
    static const struct {
        int64_t secs;
        const char *unit;
    } UNITS[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
    int64_t s = ms > 0 ? ms / 1000 : 0;
    for (size_t i = 0; i < sizeof UNITS / sizeof *UNITS; i++) {
        if (s >= UNITS[i].secs || UNITS[i].secs == 1) {
            long long n = (long long)(s / UNITS[i].secs);
            snprintf(out, size, "%lld %s%s", n, UNITS[i].unit,
                     n == 1 ? "" : "s");
            return;
        }
    }
}

void format_age_short(long long s, char *out, size_t size)
{
    if (s < 120)
        snprintf(out, size, "%llds", s);
    else if (s < 7200)
        snprintf(out, size, "%lldm", s / 60);
    else
        snprintf(out, size, "%lldh%02lldm", s / 3600, s % 3600 / 60);
}
