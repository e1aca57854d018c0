/* format — how the command line shows values to a person: prices, local
 * times, and aligned tables of sanitised text. */
#ifndef INVENTUI_CLIENT_CLI_FORMAT_H
#define INVENTUI_CLIENT_CLI_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Cents as "$12.34" into out. */
void format_price(long long cents, char *out, size_t size);
/* Epoch ms as local "YYYY-MM-DD HH:MM" (with_seconds: ":SS TZ"); "-" for
 * 0. */
void format_time(int64_t ms, int with_seconds, char *out, size_t size);

/* A duration in ms as "42 seconds", "5 minutes", "3 hours", "2 days". */
void format_age(int64_t ms, char *out, size_t size);

struct table {
    size_t ncols;
    const char *const *header;
    unsigned right;         /* bit i: column i is right-aligned */
    size_t max_width;       /* cells are cut to this many characters */
    char **cells;           /* rows * ncols sanitised strings, owned */
    size_t rows;
};

/* A table with ncols columns (header strings are borrowed). */
void table_init(struct table *t, size_t ncols, const char *const *header,
                unsigned right);
/* Adds a row of ncols raw strings (sanitised and copied here). */
void table_add(struct table *t, const char *const *cells);
void table_print(const struct table *t, FILE *to);
void table_free(struct table *t);

#endif
