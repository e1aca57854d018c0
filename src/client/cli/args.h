/* args — turning command-line values into numbers, strictly: a value that
 * is not exactly what was asked for is refused, never rounded. (Dollar
 * amounts: format_parse_price in client/format.h.) */
#ifndef INVENTUI_CLIENT_CLI_ARGS_H
#define INVENTUI_CLIENT_CLI_ARGS_H

#include <stdbool.h>

/* Decimal digits only, at most max. */
bool args_count(const char *s, long long max, long long *out);

#endif
