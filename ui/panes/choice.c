#include "ui/panes/choice.h"

#include <stdlib.h>
#include <string.h>

#include "client/ops.h"
#include "common/mem.h"
#include "ui/app.h"
#include "ui/draw.h"

struct choice {
    struct pane pane;
    struct pane *asker;
    char *title;
    char **options;
    size_t n, sel;
    void (*chosen)(struct pane *, struct app *, size_t);
};

static void choice_place(const struct pane *p, int rows, int cols, int *y, int *x,
                          int *h, int *w)
{
    const struct choice *c = (const struct choice *)p;
    *w = cols < 36 ? cols : 36;
    *h = (int)c->n + 2;
    if (*h > rows - 3)
        *h = rows - 3 > 3 ? rows - 3 : rows;
    *y = rows > *h ? (rows - *h) / 2 : 0;
    *x = (cols - *w) / 2;
}

static void choice_draw(struct pane *p, struct app *a)
{
    (void)a;
    struct choice *c = (struct choice *)p;
    werase(p->win);
    draw_frame(p->win, c->title);
    int rows = p->h - 2;
    size_t top = c->sel >= (size_t)rows ? c->sel - (size_t)rows + 1 : 0;
    for (int r = 0; r < rows && top + (size_t)r < c->n; r++) {
        size_t i = top + (size_t)r;
        bool on = i == c->sel;
        draw_fill(p->win, 1 + r, 1, p->w - 2, on ? ROLE_SELECTED : ROLE_NORMAL);
        draw_text(p->win, 1 + r, 1, p->w - 2, on ? ROLE_SELECTED : ROLE_NORMAL,
                  on ? "> " : "  ", 0);
        draw_text(p->win, 1 + r, 3, p->w - 4, on ? ROLE_SELECTED : ROLE_NORMAL,
                  c->options[i], 0);
        if (on) {
            p->cursor_y = 1 + r;
            p->cursor_x = 1;
        }
    }
}

static enum ui_result choice_action(struct pane *p, struct app *a,
                                    enum action act)
{
    struct choice *c = (struct choice *)p;
    switch (act) {
    case ACT_UP:
        if (c->sel > 0)
            c->sel--;
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    case ACT_DOWN:
        if (c->sel + 1 < c->n)
            c->sel++;
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    case ACT_PICK:
        app_close(a, p);
        if (c->asker && !c->asker->closing)
            c->chosen(c->asker, a, c->sel);
        return UI_DONE;
    case ACT_BACK:
        app_close(a, p);
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

/* A click picks the row under it, a double click takes it, the wheel
 * moves. */
static enum ui_result choice_mouse(struct pane *p, struct app *a,
                                   const struct ui_mouse *ev)
{
    struct choice *c = (struct choice *)p;
    if (ev->kind == UM_WHEEL_UP || ev->kind == UM_WHEEL_DOWN)
        return choice_action(p, a, ev->kind == UM_WHEEL_UP ? ACT_UP
                                                           : ACT_DOWN);
    int rows = p->h - 2;
    size_t top = c->sel >= (size_t)rows ? c->sel - (size_t)rows + 1 : 0;
    if (ev->y < 1 || ev->y > rows || ev->x < 1 || ev->x >= p->w - 1)
        return UI_DONE;
    size_t i = top + (size_t)(ev->y - 1);
    if (i >= c->n)
        return UI_DONE;
    c->sel = i;
    p->dirty |= DIRTY_ALL;
    if (ev->kind == UM_DOUBLE)
        return choice_action(p, a, ACT_PICK);
    return UI_DONE;
}

static void choice_destroy(struct pane *p)
{
    struct choice *c = (struct choice *)p;
    for (size_t i = 0; i < c->n; i++)
        free(c->options[i]);
    free(c->options);
    free(c->title);
    free(c);
}

static const struct pane_ops CHOICE_OPS = {
    .kind = PK_CHOICE,
    .title = "Choose",
    .draw = choice_draw,
    .action = choice_action,
    .place = choice_place,
    .destroy = choice_destroy,
    .mouse = choice_mouse,
};

struct pane *choice_pane_new(struct pane *asker, const char *title,
                             const char *const *options, size_t n,
                             size_t current,
                             void (*chosen)(struct pane *, struct app *,
                                            size_t))
{
    struct choice *c = xcalloc(1, sizeof *c);
    pane_init(&c->pane, &CHOICE_OPS);
    c->asker = asker;
    c->title = xstrdup(title);
    c->options = xcalloc(n ? n : 1, sizeof *c->options);
    for (size_t i = 0; i < n; i++)
        c->options[i] = xstrdup(options[i]);
    c->n = n;
    c->sel = current < n ? current : 0;
    c->chosen = chosen;
    return &c->pane;
}
