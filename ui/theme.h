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

/* The two forms a theme gives each role: for terminals with 256 colours,
 * and for those with fewer (8, 16, 88). */
enum theme_form { THEME_256, THEME_8, THEME_FORMS };

/* How one role looks: colours are terminal colour numbers (-1: the
 * terminal's own), attrs are A_BOLD, A_REVERSE, … */
struct theme_look {
    short fg, bg;
    attr_t attrs;
};

/* A parsed theme file (themes/README.md has the format). */
struct theme {
    char name[64];
    char origin[512];   /* where it came from, for messages: a path with
                           ~ for $HOME, or "built-in NAME" */
    struct theme_look look[THEME_FORMS][THEME_ROLE_COUNT];
    int line[THEME_ROLE_COUNT]; /* where the file set each role; 0: it
                                   did not (the built-in default's look) */
};

/* Parses theme text into t: roles the text leaves out look as in base
 * (NULL: the built-in default). origin names the text in messages.
 * Returns 0, or -1 with *err (caller frees): every problem as
 * "ORIGIN:LINE: message", one a line; t is then not to be used. */
int theme_parse(const char *text, const char *origin,
                const struct theme *base, struct theme *t, char **err);
/* Finds theme NAME and parses it into t. A name with a '/' is a file's
 * path; otherwise NAME.theme is looked for in $XDG_CONFIG_HOME/inventui/
 * themes (~/.config/…), then INVENTUI_DATADIR/themes (installed), then
 * the source tree's themes/ beside the binary's build dir, then the
 * built-in copies of default and mono. 0, or -1 with *err (caller
 * frees): "no theme …" with the places looked in, or the parse errors. */
int theme_find(const char *name, struct theme *t, char **err);
/* The themes theme_find can find, sorted, each once: for completion.
 * A NULL-terminated array; caller frees it with theme_list_free(). */
char **theme_list(void);
void theme_list_free(char **names);
/* The built-in copy of "default" or "mono" (compiled in from themes/);
 * NULL for any other name. Owned by the module. */
const struct theme *theme_builtin(const char *name);
/* True when t names a colour anywhere. */
bool theme_uses_colour(const struct theme *t);

/* The theme at start: the one named (cfg [ui] theme or --theme; NULL or
 * "" when neither: "default", or "mono" when $NO_COLOR is set and not
 * empty). A name that cannot be loaded falls back to "default" ("mono"
 * under NO_COLOR), and then to the built-in copy. Returns 0, or -1 with
 * *err (caller frees) saying what was wrong and what is used instead.
 * Call before the screen starts; theme_init() applies it. */
int theme_startup(const char *name, char **err);
/* Loads theme NAME (see theme_find) and makes it the current one; the
 * screen's colours follow at the next theme_init() (app_restyle() does
 * it and redraws everything). A theme named here is a person's choice:
 * it has its colours even under NO_COLOR. Returns 0, or -1 with *err
 * (caller frees) and the current theme unchanged. */
int theme_load(const char *name, char **err);
/* The current theme's name. Owned by the module. */
const char *theme_current_name(void);

/* Sets the colour pairs up from the current theme (after initscr();
 * again after theme_load). Without colours (the terminal has none, or
 * NO_COLOR with no theme named) only attributes are drawn: the theme's
 * own when it names no colour, else the built-in mono's. */
void theme_init(void);
/* The attributes (colour pair included) to draw a role with. */
attr_t theme_attr(enum theme_role r);
/* The role a status badge is drawn in (PENDING, CONFIRMED, …). */
enum theme_role theme_status_role(const char *status);
/* True when colours are in use. */
bool theme_has_colour(void);

#endif
