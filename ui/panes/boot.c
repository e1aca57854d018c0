/* The boot pane: shown for the moment it takes to read the saved
 * session (OP_WHOAMI, no network), so the first frame comes at once. */
#include <stdlib.h>

#include "common/mem.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/panes/panes.h"

struct boot {
    struct pane pane;
    void (*arrived)(struct pane *, struct app *, struct op *);
};

static void boot_draw(struct pane *p, struct app *a)
{
    (void)a;
    werase(p->win);
    draw_text(p->win, p->h / 2, 2, p->w - 4, ROLE_DIM,
              "Looking for a saved session…", 0);
}

static void boot_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct boot *b = (struct boot *)p;
    b->arrived(p, a, o);
}

static void boot_destroy(struct pane *p)
{
    free(p);
}

static const struct pane_ops BOOT_OPS = {
    .kind = PK_SIGNIN,
    .title = "inventui",
    .draw = boot_draw,
    .arrived = boot_arrived,
    .destroy = boot_destroy,
};

struct pane *boot_pane_new(struct app *a,
                           void (*arrived)(struct pane *, struct app *,
                                           struct op *))
{
    struct boot *b = xcalloc(1, sizeof *b);
    pane_init(&b->pane, &BOOT_OPS);
    b->arrived = arrived;
    app_submit(a, &b->pane, op_new(OP_WHOAMI), false);
    return &b->pane;
}
