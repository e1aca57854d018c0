/* args — turning command-line values into numbers, strictly: a value that
 * is not exactly what was asked for is refused, never rounded. */
#ifndef INVENTUI_CLIENT_CLI_ARGS_H
#define INVENTUI_CLIENT_CLI_ARGS_H

#include <stdbool.h>

/* Dollars ("12", "12.3", "12.34", an optional leading "$") as integer
 * cents; false for more than two decimals, a sign, anything else, or
 * more than 100,000,000,000 cents. */
bool args_cents(const char *s, long long *out);
/* Decimal digits only, at most max. */
bool args_count(const char *s, long long max, long long *out);

#endif
