/* args — turning command-line values into numbers, strictly: a value that
 * is not exactly what was asked for is refused, never rounded, and the
 * refusal names the rule in the person's terms (dollars, not the API's
 * cents; the real range, with thousands separators). */
#ifndef INVENTUI_CLIENT_CLI_ARGS_H
#define INVENTUI_CLIENT_CLI_ARGS_H

#include <stdbool.h>

/* Decimal digits only, at most max. */
bool args_count(const char *s, long long max, long long *out);
/* flag's value v as a whole number from min to max; false, with the rule
 * and v told on stderr, when it is not one. */
bool args_whole(const char *flag, const char *v, long long min,
                long long max, long long *out);
/* flag's value v as a price in dollars (at most two decimals, an optional
 * "$") from $0.01 to the API's maximum, in cents; false, with the rule
 * told, when it is not one. */
bool args_price(const char *flag, const char *v, long long *cents);

#endif
