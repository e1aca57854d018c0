/* args — turning command-line values into numbers, strictly: a value that
 * is not exactly what was asked for is refused, never rounded (dollar
 * amounts: format_parse_price in client/format.h); names from a fixed
 * list in any case. */
#ifndef INVENTUI_CLIENT_CLI_ARGS_H
#define INVENTUI_CLIENT_CLI_ARGS_H

#include <stdbool.h>

/* Decimal digits only, at most max. */
bool args_count(const char *s, long long max, long long *out);
/* The entry of choices (NULL-ended) that s names in any case ("Books",
 * "pending"), or s itself when none does (the API then says what it
 * takes). Borrowed. */
const char *args_choice(const char *s, const char *const *choices);

#endif
