/* colour — what stands out in the command line's output (an order's
 * status, a product's stock), by the roles the TUI's themes use
 * (ui/theme.h: THEME_ROLES; the names here are the same, a unit test
 * checks it). The command line cannot include ui/, so the role → ANSI
 * SGR mapping for a plain terminal is here, close to the TUI's 8-colour
 * forms. Colour only on a terminal, never with NO_COLOR (non-empty) or
 * TERM=dumb; every coloured cell also says what it means in text (a
 * status's name, a LOW or OUT badge). */
#ifndef INVENTUI_CLIENT_CLI_COLOUR_H
#define INVENTUI_CLIENT_CLI_COLOUR_H

#include <stdbool.h>
#include <stdio.h>

/* X(ROLE, theme name, SGR parameters) */
#define COLOUR_ROLES(X)                                   \
    X(COLOUR_NORMAL, "normal", "")                        \
    X(COLOUR_LOW_STOCK, "low_stock", "1;33")              \
    X(COLOUR_OUT_OF_STOCK, "out_of_stock", "1;31")        \
    X(COLOUR_STATUS_PENDING, "status_pending", "1;33")    \
    X(COLOUR_STATUS_CONFIRMED, "status_confirmed", "32")  \
    X(COLOUR_STATUS_CANCELLED, "status_cancelled", "2")   \
    X(COLOUR_STATUS_OTHER, "status_other", "36")

enum colour_role {
#define X(id, name, sgr) id,
    COLOUR_ROLES(X)
#undef X
    COLOUR_ROLE_COUNT
};

/* True when output to `to` should be coloured: a terminal, NO_COLOR unset
 * or empty, TERM not "dumb". */
bool colour_on(FILE *to);
/* The escape sequence that starts role r ("" for COLOUR_NORMAL); static. */
const char *colour_start(enum colour_role r);
/* The sequence that ends any role; static. */
const char *colour_end(void);
/* The role's name in the TUI's themes ("status_pending"); static. */
const char *colour_name(enum colour_role r);
/* The role an order status is shown in (PENDING, CONFIRMED, …; statuses
 * the deployed system may write, like SHIPPED, too). */
enum colour_role colour_status(const char *status);
/* A product's stock: its badge ("OUT", "LOW", or "" when plenty) and, in
 * *role, how it is shown. The badge is static. */
const char *colour_stock(long long quantity, enum colour_role *role);

#endif
