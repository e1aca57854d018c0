/* PLACEHOLDER (phase 1 only): see placeholder.h. */
#include "ui/panes/placeholder.h"

#include <stdlib.h>

#include "client/ops.h"
#include "common/mem.h"
#include "ui/app.h"
#include "ui/draw.h"

struct placeholder {
    struct pane pane;
    struct pane_ops ops;
    const char *what;
};

static void ph_draw(struct pane *p, struct app *a)
{
    (void)a;
    werase(p->win);
    draw_text(p->win, 1, 2, p->w - 4, ROLE_DIM, ((struct placeholder *)p)->what, 0);
}

static enum ui_result ph_action(struct pane *p, struct app *a, enum action act)
{
    if (act == ACT_BACK && p->ops->kind != PK_ORDERS && p->ops->kind != PK_DLQ) {
        app_close(a, p);
        return UI_DONE;
    }
    return UI_PASS;
}

static void ph_arrived(struct pane *p, struct app *a, struct op *o)
{
    (void)p;
    (void)a;
    op_free(o);
}

static void ph_destroy(struct pane *p)
{
    free(p);
}

struct pane *placeholder_pane_new(enum pane_kind kind, const char *what)
{
    struct placeholder *ph = xcalloc(1, sizeof *ph);
    ph->ops = (struct pane_ops){.kind = kind, .title = what, .draw = ph_draw,
                                .action = ph_action, .arrived = ph_arrived,
                                .destroy = ph_destroy};
    pane_init(&ph->pane, &ph->ops);
    ph->what = what;
    return &ph->pane;
}
