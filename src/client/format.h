/* format — values as a person reads them, for both front ends: prices in
 * dollars, local dates, ages; and dollars typed by a person back to the
 * integer cents the API takes. No terminal knowledge: the caller draws. */
#ifndef INVENTUI_CLIENT_FORMAT_H
#define INVENTUI_CLIENT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cents as "$12.34" ("-$0.05" below zero) into out. */
void format_price(long long cents, char *out, size_t size);
/* n with a comma between each group of three digits: "1,000,000". */
void format_thousands(long long n, char *out, size_t size);
/* Cents as "$1,000,000.00", for sentences about limits. */
void format_price_grouped(long long cents, char *out, size_t size);
/* Dollars ("12", "12.3", "12.34", an optional leading "$") as integer
 * cents in *cents; false (and *cents untouched) for more than two
 * decimals, a sign, spaces, anything else, or more than 100,000,000,000
 * cents. */
bool format_parse_price(const char *s, long long *cents);
/* Epoch ms as local "YYYY-MM-DD HH:MM" (with_seconds: ":SS TZ"); "-" for
 * 0. */
void format_time(int64_t ms, int with_seconds, char *out, size_t size);
/* A duration in ms as "42 seconds", "5 minutes", "3 hours", "2 days"
 * (below zero: "0 seconds"). */
void format_age(int64_t ms, char *out, size_t size);
/* A duration in seconds, short: "42s" under 2 minutes, "5m" under 2
 * hours, else "3h07m". */
void format_age_short(long long s, char *out, size_t size);

#endif
