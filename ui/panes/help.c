/* The help overlay: every key of the pane it was opened from, generated
 * from the action list (ui/actions.h), so it never disagrees with the
 * keymap, then the `:` commands from their table (ui/cmdline.h) where
 * `:` works. Scrolls when the screen is short. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "ui/app.h"
#include "ui/cmdline.h"
#include "ui/draw.h"
#include "ui/panes/panes.h"
#include "ui/text.h"

struct help {
    struct pane pane;
    enum pane_kind from;
    const char *title; /* the pane it was opened from */
    int top;
    int count; /* lines of help */
};

static void help_place(const struct pane *p, int rows, int cols, int *y, int *x,
                        int *h, int *w)
{
    (void)p;
    *w = cols < 72 ? cols : 72;
    *h = rows - 3 < 30 ? rows - 3 : 30;
    if (*h < 5)
        *h = rows;
    *y = rows > *h ? 1 + (rows - 3 - *h) / 2 : 0;
    if (*y < 1 && rows > *h)
        *y = 1;
    *x = (cols - *w) / 2;
}

/* The keys as a person reads them: "n, PgDn". */
static void key_label(const char *keys, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (const char *s = keys; *s;) {
        size_t n = strcspn(s, " ");
        int wrote = snprintf(out + len, size - len, "%s%.*s", len ? ", " : "",
                             (int)n, s);
        if (wrote < 0 || (size_t)wrote >= size - len)
            return;
        len += (size_t)wrote;
        s += n;
        while (*s == ' ')
            s++;
    }
}

/* One line of the help: a heading (what NULL) or keys and what they do.
 * Returns the next line. */
static int help_row(struct pane *p, int line, int top, const char *keys,
                    const char *what)
{
    int y = 1 + line - top;
    if (y < 1 || y > p->h - 2)
        return line + 1;
    if (line == top) { /* the cursor rests on the first line shown */
        p->cursor_y = y;
        p->cursor_x = 2;
    }
    if (!what) {
        draw_text(p->win, y, 2, p->w - 4, ROLE_TITLE, keys, 0);
        return line + 1;
    }
    draw_text(p->win, y, 2, 14, ROLE_KEY, keys, 1);
    draw_text(p->win, y, 17, p->w - 19, ROLE_NORMAL, what, 0);
    return line + 1;
}

/* A heading (d NULL) or an action's keys and help. */
static int help_line(struct pane *p, int line, int top, const char *heading,
                     const struct action_def *d)
{
    if (!d)
        return help_row(p, line, top, heading, NULL);
    char keys[48];
    key_label(d->keys, keys, sizeof keys);
    return help_row(p, line, top, keys, d->help);
}

/* The commands after `:`, where `:` opens the command line. */
static int help_commands(struct pane *p, struct app *a, int line)
{
    struct help *hp = (struct help *)p;
    if (!action_offered(ACT_COMMAND, hp->from, app_admin(a)))
        return line;
    line = help_row(p, line + 1, hp->top,
                    "Commands (: first; Tab completes, Up/Down recall)",
                    NULL);
    for (int i = 0; i < CMD_COUNT; i++) {
        const struct cmd_def *d = cmdline_def(i);
        if (!cmdline_offered(d, app_admin(a)))
            continue;
        char usage[48];
        snprintf(usage, sizeof usage, ":%s%s%s", d->name,
                 *d->argname ? " " : "", d->argname);
        line = help_row(p, line, hp->top, usage, d->help);
    }
    return line;
}

/* The pane's own keys first, then those that work everywhere. */
static void help_draw(struct pane *p, struct app *a)
{
    struct help *hp = (struct help *)p;
    werase(p->win);
    draw_frame(p->win, "Keys");
    int line = 0;
    for (int pass = 0; pass < 2; pass++) {
        bool any = false;
        for (int id = ACT_NONE + 1; id < ACT_COUNT; id++) {
            const struct action_def *d = action_def((enum action)id);
            if (!action_offered((enum action)id, hp->from, app_admin(a)) ||
                ((d->flags & AF_APP) != 0) != (pass == 1))
                continue;
            if (!any) {
                if (line > 0)
                    line++; /* a blank line between the sections */
                line = help_line(p, line, hp->top,
                                 pass == 0 ? hp->title : "Everywhere", NULL);
                any = true;
            }
            line = help_line(p, line, hp->top, NULL, d);
        }
    }
    line = help_commands(p, a, line);
    hp->count = line;
    if (hp->count > p->h - 2)
        draw_text(p->win, p->h - 1, p->w - 22, 20, ROLE_DIM,
                  " j/k to scroll ", 0);
}

static enum ui_result help_action(struct pane *p, struct app *a,
                                  enum action act)
{
    struct help *hp = (struct help *)p;
    int rows = p->h - 2;
    switch (act) {
    case ACT_CLOSE:
    case ACT_BACK:
        app_close(a, p);
        return UI_DONE;
    case ACT_DOWN:
        if (hp->top + rows < hp->count)
            hp->top++;
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    case ACT_UP:
        if (hp->top > 0)
            hp->top--;
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

static void help_destroy(struct pane *p)
{
    free(p);
}

static const struct pane_ops HELP_OPS = {
    .kind = PK_HELP,
    .title = "Keys",
    .draw = help_draw,
    .action = help_action,
    .place = help_place,
    .destroy = help_destroy,
};

struct pane *help_pane_new(struct app *a, enum pane_kind from)
{
    struct help *hp = xcalloc(1, sizeof *hp);
    pane_init(&hp->pane, &HELP_OPS);
    hp->from = from;
    struct pane *top = app_top(a);
    hp->title = top && top->ops->title ? top->ops->title : "This pane";
    return &hp->pane;
}
