/* The confirmation overlay: "Really …?" with y and n. Nothing
 * destructive happens without it. */
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/panes/panes.h"
#include "ui/text.h"

struct confirm {
    struct pane pane;
    struct pane *asker;
    char *question;
    void (*yes)(struct pane *, struct app *, void *);
    void *arg;
};

static void confirm_place(const struct pane *p, int rows, int cols, int *y, int *x,
                           int *h, int *w)
{
    (void)p;
    *w = cols < 64 ? cols : 64;
    *h = 7;
    *y = rows > *h ? (rows - *h) / 2 : 0;
    *x = (cols - *w) / 2;
}

static void confirm_draw(struct pane *p, struct app *a)
{
    (void)a;
    struct confirm *c = (struct confirm *)p;
    werase(p->win);
    wbkgdset(p->win, theme_attr(ROLE_DIALOG) | ' ');
    draw_frame(p->win, "Confirm");
    char **lines;
    size_t n = text_wrap(c->question, p->w - 4, &lines);
    for (size_t i = 0; i < n && (int)i < p->h - 4; i++)
        draw_text(p->win, 2 + (int)i, 2, p->w - 4, ROLE_NORMAL, lines[i], 0);
    /* The cursor on the question, for screen readers. */
    p->cursor_y = 2;
    p->cursor_x = 2;
    text_lines_free(lines, n);
    int x = 2;
    x += draw_text(p->win, p->h - 2, x, p->w - 4, ROLE_KEY, "y", 0);
    x += draw_text(p->win, p->h - 2, x, p->w - x - 2, ROLE_NORMAL, " yes   ", 0);
    x += draw_text(p->win, p->h - 2, x, p->w - x - 2, ROLE_KEY, "n", 0);
    draw_text(p->win, p->h - 2, x, p->w - x - 2, ROLE_NORMAL, " / Esc no", 0);
}

static enum ui_result confirm_action(struct pane *p, struct app *a,
                                     enum action act)
{
    struct confirm *c = (struct confirm *)p;
    if (act == ACT_YES) {
        app_close(a, p);
        /* The asker may itself close; it stays alive until the loop
         * reaps, after this handler. */
        if (c->asker && !c->asker->closing)
            c->yes(c->asker, a, c->arg);
        return UI_DONE;
    }
    if (act == ACT_NO) {
        app_close(a, p);
        app_message(a, ROLE_NORMAL, "Nothing was changed.");
        return UI_DONE;
    }
    return UI_PASS;
}

static void confirm_destroy(struct pane *p)
{
    struct confirm *c = (struct confirm *)p;
    free(c->question);
    free(c->arg);
    free(c);
}

static const struct pane_ops CONFIRM_OPS = {
    .kind = PK_CONFIRM,
    .title = "Confirm",
    .draw = confirm_draw,
    .action = confirm_action,
    .place = confirm_place,
    .destroy = confirm_destroy,
};

struct pane *confirm_pane_new(struct pane *asker, const char *question,
                              void (*yes)(struct pane *, struct app *, void *),
                              void *arg)
{
    struct confirm *c = xcalloc(1, sizeof *c);
    pane_init(&c->pane, &CONFIRM_OPS);
    c->asker = asker;
    c->question = xstrdup(question);
    c->yes = yes;
    c->arg = arg;
    return &c->pane;
}
