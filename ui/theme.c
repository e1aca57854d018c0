/* theme — the current theme and the colour pairs made from it. Which
 * theme: theme_startup() at start, theme_load() later (`:theme NAME`);
 * the files themselves are read by theme_file.c. */
#include "ui/theme.h"

#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"

static struct theme CURRENT;
static bool HAVE_CURRENT;
/* NO_COLOR is set and nobody named a theme: no colour at all. */
static bool NO_COLOUR_FORCED;
static attr_t ATTRS[THEME_ROLE_COUNT];
static bool COLOUR;
static bool COLOUR_STARTED;

static const struct theme *current(void)
{
    if (!HAVE_CURRENT) {
        CURRENT = *theme_builtin("default");
        HAVE_CURRENT = true;
    }
    return &CURRENT;
}

static bool no_color_env(void)
{
    const char *v = getenv("NO_COLOR");
    return v && *v;
}

int theme_startup(const char *name, char **err)
{
    *err = NULL;
    bool no_color = no_color_env();
    bool named = name && *name;
    /* NO_COLOR gives way to a theme a person named (no-color.org: the
     * command line and the config file override it). */
    NO_COLOUR_FORCED = no_color && !named;
    const char *fallback = no_color ? "mono" : "default";
    struct theme t;
    char *first = NULL;
    if (theme_find(named ? name : fallback, &t, &first) == 0) {
        CURRENT = t;
        HAVE_CURRENT = true;
        return 0;
    }
    /* The named theme did not load: what would have been used without
     * it, NO_COLOR included. */
    NO_COLOUR_FORCED = no_color;
    struct strbuf sb = {0};
    strbuf_puts(&sb, first);
    free(first);
    char *second = NULL;
    if (named && strcmp(name, fallback) != 0 &&
        theme_find(fallback, &t, &second) == 0) {
        strbuf_printf(&sb, "using the %s theme\n", fallback);
    } else {
        if (second)
            strbuf_puts(&sb, second);
        t = *theme_builtin(fallback);
        strbuf_printf(&sb, "using the built-in %s theme\n", fallback);
    }
    free(second);
    CURRENT = t;
    HAVE_CURRENT = true;
    *err = strbuf_detach(&sb, NULL);
    return -1;
}

int theme_load(const char *name, char **err)
{
    struct theme t;
    if (theme_find(name, &t, err) != 0)
        return -1;
    CURRENT = t;
    HAVE_CURRENT = true;
    NO_COLOUR_FORCED = false;
    return 0;
}

const char *theme_current_name(void)
{
    return current()->name;
}

void theme_init(void)
{
    const struct theme *t = current();
    COLOUR = has_colors() && !NO_COLOUR_FORCED;
    if (COLOUR && !COLOUR_STARTED) {
        start_color();
        use_default_colors();
        COLOUR_STARTED = true;
    }
    /* Without colour a colourful theme's roles would lose what colour
     * told apart: the mono theme carries them with attributes. */
    if (!COLOUR && theme_uses_colour(t))
        t = theme_builtin("mono");
    enum theme_form f = COLOUR && COLORS >= 256 ? THEME_256 : THEME_8;
    for (int r = 0; r < THEME_ROLE_COUNT; r++) {
        const struct theme_look *l = &t->look[f][r];
        if (!COLOUR || (l->fg < 0 && l->bg < 0)) {
            ATTRS[r] = l->attrs;
            continue;
        }
        init_pair((short)(r + 1), l->fg, l->bg);
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
