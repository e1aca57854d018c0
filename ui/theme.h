/* theme — colours by role. Drawing code never names a colour: it asks for
 * a role (title, selected, low_stock, …) and the theme table says how that
 * role looks, with a 256-colour form, an 8-colour form and the attributes
 * that carry it on a terminal without colour (or with NO_COLOR). */
#ifndef INVENTUI_UI_THEME_H
#define INVENTUI_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

/* X(ROLE, name) — the name is what a theme file will call it. */
#define THEME_ROLES(X)                          \
    X(ROLE_NORMAL, "normal")                    \
    X(ROLE_TITLE, "title")                      \
    X(ROLE_BORDER, "border")                    \
    X(ROLE_DIM, "dim")                          \
    X(ROLE_SELECTED, "selected")                \
    X(ROLE_TAB, "tab")                          \
    X(ROLE_TAB_ACTIVE, "tab_active")            \
    X(ROLE_STATUSBAR, "statusbar")              \
    X(ROLE_KEY, "key")                          \
    X(ROLE_PRICE, "price")                      \
    X(ROLE_LOW_STOCK, "low_stock")              \
    X(ROLE_OUT_OF_STOCK, "out_of_stock")        \
    X(ROLE_STATUS_PENDING, "status_pending")    \
    X(ROLE_STATUS_CONFIRMED, "status_confirmed") \
    X(ROLE_STATUS_CANCELLED, "status_cancelled") \
    X(ROLE_STATUS_OTHER, "status_other")        \
    X(ROLE_ERROR, "error")                      \
    X(ROLE_OK, "ok")                            \
    X(ROLE_WARNING, "warning")                  \
    X(ROLE_FIELD, "field")                      \
    X(ROLE_FIELD_ACTIVE, "field_active")        \
    X(ROLE_DIALOG, "dialog")

enum theme_role {
#define X(id, name) id,
    THEME_ROLES(X)
#undef X
    THEME_ROLE_COUNT
};

/* Sets the colour pairs up after initscr(); mono when the terminal has no
 * colours or NO_COLOR is set (non-empty). */
void theme_init(void);
/* The attributes (colour pair included) to draw a role with. */
attr_t theme_attr(enum theme_role r);
/* The role a status badge is drawn in (PENDING, CONFIRMED, …). */
enum theme_role theme_status_role(const char *status);
/* True when colours are in use. */
bool theme_has_colour(void);

#endif
