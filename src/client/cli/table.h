/* table — the command line's aligned tables of sanitised text, fitted to
 * the terminal (prices and dates for the cells: client/format.h).
 *
 * Widths are display widths (common/textwidth.h), so wide characters
 * never push a column out of line. A table wider than the terminal
 * narrows its columns in their `shrink` order (1 first), each down to its
 * `min`; if that is not enough, TABLE_OPTIONAL columns are left out
 * (lowest `shrink` first) and the rest laid out again; if even that is
 * not enough, the shrinking columns go below their min. Cut text ends in
 * "…", except in TABLE_PREFIX and TABLE_ID columns, whose beginning says
 * enough on its own. */
#ifndef INVENTUI_CLIENT_CLI_TABLE_H
#define INVENTUI_CLIENT_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "client/cli/colour.h"

#define TABLE_ID_MIN 8 /* the shortest id prefix the commands accept */

enum {
    TABLE_RIGHT = 1u << 0,    /* right-aligned (numbers, money) */
    /* Narrowed in one step to min, cut without "…" (the date of a
     * "YYYY-MM-DD HH:MM"). */
    TABLE_PREFIX = 1u << 1,
    /* An id: as TABLE_PREFIX, never shorter than TABLE_ID_MIN or than it
     * takes to tell the rows' ids apart (a short id the commands take). */
    TABLE_ID = 1u << 2,
    TABLE_OPTIONAL = 1u << 3, /* left out when nothing else makes it fit */
};

struct table_col {
    const char *head;
    unsigned flags;
    int min;    /* narrowest while shrinking (never below the header) */
    int shrink; /* the order columns narrow in, 1 first; 0: never */
};

struct table_cell {
    char *text;             /* sanitised, owned */
    enum colour_role role;  /* how it stands out on a terminal */
};

struct table {
    const struct table_col *cols; /* borrowed */
    size_t ncols;
    struct table_cell *cells; /* rows * ncols */
    size_t rows;
};

/* A table with ncols columns (cols is borrowed: usually static). */
void table_init(struct table *t, const struct table_col *cols, size_t ncols);
/* Adds a row of ncols raw strings (sanitised and copied here). */
void table_add(struct table *t, const char *const *cells);
/* How cell col of the last row added stands out. */
void table_role(struct table *t, size_t col, enum colour_role role);
/* The width to fit: $COLUMNS when a positive number, else the terminal's
 * width when `to` is one, else 80. */
int table_term_width(FILE *to);
/* Prints the table fitted to table_term_width(to), coloured when
 * colour_on(to). */
void table_print(const struct table *t, FILE *to);
/* Prints the table fitted to width columns, coloured or not. */
void table_print_fit(const struct table *t, FILE *to, int width, bool colour);
void table_free(struct table *t);

#endif
