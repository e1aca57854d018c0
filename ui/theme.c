#include "ui/theme.h"

#include <stdlib.h>
#include <string.h>

/* How one role looks. Colours are terminal colour numbers (-1: the
 * terminal's default); c256 is used on 256-colour terminals, c8 on the
 * others; mono is what carries the role without colour. Every role that
 * means something has an attribute of its own too, so meaning never
 * rests on colour alone. */
struct look {
    short fg256, bg256, fg8, bg8;
    attr_t attrs; /* always applied */
    attr_t mono;  /* applied instead of colour */
};

/* The default theme (a table, so other themes are tables too). */
static const struct look DEFAULT[THEME_ROLE_COUNT] = {
    [ROLE_NORMAL] = {-1, -1, -1, -1, A_NORMAL, A_NORMAL},
    [ROLE_TITLE] = {75, -1, COLOR_CYAN, -1, A_BOLD, A_BOLD},
    [ROLE_BORDER] = {240, -1, COLOR_BLUE, -1, A_NORMAL, A_NORMAL},
    [ROLE_DIM] = {245, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM},
    [ROLE_SELECTED] = {231, 25, COLOR_WHITE, COLOR_BLUE, A_BOLD,
                       A_REVERSE | A_BOLD},
    [ROLE_TAB] = {250, 236, COLOR_WHITE, COLOR_BLACK, A_NORMAL, A_NORMAL},
    [ROLE_TAB_ACTIVE] = {231, 25, COLOR_WHITE, COLOR_BLUE, A_BOLD,
                         A_REVERSE | A_BOLD},
    [ROLE_STATUSBAR] = {252, 236, COLOR_WHITE, COLOR_BLACK, A_NORMAL,
                        A_REVERSE},
    [ROLE_KEY] = {220, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [ROLE_PRICE] = {114, -1, COLOR_GREEN, -1, A_BOLD, A_BOLD},
    [ROLE_LOW_STOCK] = {214, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [ROLE_OUT_OF_STOCK] = {203, -1, COLOR_RED, -1, A_BOLD,
                           A_BOLD | A_UNDERLINE},
    [ROLE_STATUS_PENDING] = {214, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [ROLE_STATUS_CONFIRMED] = {114, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    [ROLE_STATUS_CANCELLED] = {245, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM},
    [ROLE_STATUS_OTHER] = {75, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [ROLE_ERROR] = {203, -1, COLOR_RED, -1, A_BOLD, A_BOLD},
    [ROLE_OK] = {114, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    [ROLE_WARNING] = {214, -1, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [ROLE_FIELD] = {252, 237, COLOR_WHITE, COLOR_BLACK, A_NORMAL,
                    A_UNDERLINE},
    [ROLE_FIELD_ACTIVE] = {231, 24, COLOR_WHITE, COLOR_BLUE, A_NORMAL,
                           A_REVERSE},
    [ROLE_DIALOG] = {-1, -1, -1, -1, A_NORMAL, A_NORMAL},
};

static attr_t ATTRS[THEME_ROLE_COUNT];
static bool COLOUR;

void theme_init(void)
{
    const char *no_color = getenv("NO_COLOR");
    COLOUR = has_colors() && !(no_color && *no_color);
    if (COLOUR) {
        start_color();
        use_default_colors();
    }
    bool many = COLOUR && COLORS >= 256;
    for (int r = 0; r < THEME_ROLE_COUNT; r++) {
        const struct look *l = &DEFAULT[r];
        if (!COLOUR) {
            ATTRS[r] = l->mono;
            continue;
        }
        short fg = many ? l->fg256 : l->fg8, bg = many ? l->bg256 : l->bg8;
        if (fg == -1 && bg == -1) {
            ATTRS[r] = l->attrs;
            continue;
        }
        init_pair((short)(r + 1), fg, bg);
        ATTRS[r] = COLOR_PAIR(r + 1) | l->attrs;
    }
}

attr_t theme_attr(enum theme_role r)
{
    return r < THEME_ROLE_COUNT ? ATTRS[r] : A_NORMAL;
}

bool theme_has_colour(void)
{
    return COLOUR;
}

enum theme_role theme_status_role(const char *status)
{
    if (!status)
        return ROLE_STATUS_OTHER;
    if (!strcmp(status, "PENDING") || !strcmp(status, "PROCESSING"))
        return ROLE_STATUS_PENDING;
    if (!strcmp(status, "CONFIRMED") || !strcmp(status, "SHIPPED") ||
        !strcmp(status, "DELIVERED"))
        return ROLE_STATUS_CONFIRMED;
    if (!strcmp(status, "CANCELLED"))
        return ROLE_STATUS_CANCELLED;
    return ROLE_STATUS_OTHER;
}
