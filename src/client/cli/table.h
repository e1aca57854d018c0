/* table — the command line's aligned tables of sanitised text (prices and
 * dates for the cells: client/format.h). */
#ifndef INVENTUI_CLIENT_CLI_TABLE_H
#define INVENTUI_CLIENT_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

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
