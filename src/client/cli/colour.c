/* colour — the command line's roles as ANSI SGR sequences. */
#include "client/cli/colour.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/product.h"

static const struct {
    const char *name, *start;
} ROLES[COLOUR_ROLE_COUNT] = {
#define X(id, nm, sgr) [id] = {nm, sgr[0] ? "\033[" sgr "m" : ""},
    COLOUR_ROLES(X)
#undef X
};

bool colour_on(FILE *to)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (no_color && *no_color)
        return false;
    if (term && !strcmp(term, "dumb"))
        return false;
    return isatty(fileno(to)) != 0;
}

const char *colour_start(enum colour_role r)
{
    return r < COLOUR_ROLE_COUNT ? ROLES[r].start : "";
}

const char *colour_end(void)
{
    return "\033[0m";
}

const char *colour_name(enum colour_role r)
{
    return r < COLOUR_ROLE_COUNT ? ROLES[r].name : "normal";
}

enum colour_role colour_status(const char *status)
{
    /* As the TUI's badges (ui/theme.c): in progress, done, withdrawn. */
    static const struct {
        const char *status;
        enum colour_role role;
    } BY_STATUS[] = {
        {"PENDING", COLOUR_STATUS_PENDING},
        {"PROCESSING", COLOUR_STATUS_PENDING},
        {"CONFIRMED", COLOUR_STATUS_CONFIRMED},
        {"SHIPPED", COLOUR_STATUS_CONFIRMED},
        {"DELIVERED", COLOUR_STATUS_CONFIRMED},
        {"CANCELLED", COLOUR_STATUS_CANCELLED},
    };
    for (size_t i = 0; status && i < sizeof BY_STATUS / sizeof *BY_STATUS; i++)
        if (!strcmp(status, BY_STATUS[i].status))
            return BY_STATUS[i].role;
    return COLOUR_STATUS_OTHER;
}

const char *colour_stock(long long quantity, enum colour_role *role)
{
    if (quantity <= 0) {
        *role = COLOUR_OUT_OF_STOCK;
        return "OUT";
    }
    if (quantity < PRODUCT_LOW_STOCK) {
        *role = COLOUR_LOW_STOCK;
        return "LOW";
    }
    *role = COLOUR_NORMAL;
    return "";
}
