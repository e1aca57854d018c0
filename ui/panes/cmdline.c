/* The `:` command line: two rows over the status line and the footer.
 * The lower row is the line being typed after ':'; the upper one says
 * what Tab would offer (the commands that match, the values of
 * :category, :theme and :order, the one chosen while Tab cycles), or
 * what the command typed does. Tab completes (to what every candidate
 * shares, then cycling through them; S-Tab cycles back), Up/Down recall
 * the lines run before, Ctrl-R searches them (reverse incremental, as in
 * bash: Ctrl-R again for an older match, Enter runs it, Esc goes back),
 * Enter runs, Esc (or Backspace on an empty line) closes. The commands
 * are the table in ui/cmdline.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "common/mem.h"
#include "model/product.h"
#include "ui/app.h"
#include "ui/cmdline.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/panes/panes.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widgets/field.h"

#define LINE_MAX_CHARS 256

struct cmdline {
    struct pane pane;
    struct field line;
    /* Up/Down: the history entry shown (history->n: the line being
     * typed, kept in draft meanwhile). */
    size_t hist_pos;
    char *draft;
    /* Tab: the candidates shown, the one put in the line (-1: none yet),
     * and the text around the word they replace. */
    struct cmd_completion comp;
    long comp_sel;
    char *comp_head, *comp_tail;
    /* Ctrl-R. */
    bool searching;
    bool opened_searching; /* Esc then closes the line too */
    struct field needle;
    long found;            /* the history entry matched, -1: none */
    char *before_search;   /* the line to go back to on Esc */
};

static struct cmd_history *history(struct app *a)
{
    return a->cmd_history;
}

/* ---- the line's text -------------------------------------------------- */

static size_t chars_of(const char *s)
{
    size_t n = mbstowcs(NULL, s, 0);
    return n == (size_t)-1 ? strlen(s) : n;
}

/* The line becomes head + word + tail, the cursor after word. */
static void set_line(struct cmdline *c, const char *head, const char *word,
                     const char *tail)
{
    char *text = str_printf("%s%s%s", head, word, tail);
    char *left = str_printf("%s%s", head, word);
    field_set(&c->line, text);
    size_t at = chars_of(left);
    c->line.cursor = at < c->line.len ? at : c->line.len;
    free(left);
    free(text);
}

/* The text left of the cursor and right of it, as UTF-8 (caller frees
 * both). */
static void split_at_cursor(const struct cmdline *c, char **before,
                            char **after)
{
    char *all = field_value(&c->line);
    const char *s = all;
    size_t left = strlen(all);
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (size_t k = 0; k < c->line.cursor && left > 0; k++) {
        size_t n = mbrtowc(NULL, s, left, &st);
        if (n == 0 || n > left)
            break;
        s += n;
        left -= n;
    }
    *before = xstrndup(all, (size_t)(s - all));
    *after = xstrdup(s);
    free(all);
}

static void comp_reset(struct cmdline *c)
{
    cmd_completion_free(&c->comp);
    c->comp_sel = -1;
    free(c->comp_head);
    free(c->comp_tail);
    c->comp_head = c->comp_tail = NULL;
}

/* ---- argument values -------------------------------------------------- */

static size_t values(enum cmd_arg kind, void *ctx, char ***out)
{
    struct app *a = ctx;
    size_t n = 0;
    *out = NULL;
    if (kind == CA_CATEGORY) {
        size_t count = 1;
        while (PRODUCT_CATEGORIES[count - 1])
            count++;
        *out = xcalloc(count, sizeof **out);
        (*out)[n++] = xstrdup("all");
        for (size_t i = 0; PRODUCT_CATEGORIES[i]; i++)
            (*out)[n++] = xstrdup(PRODUCT_CATEGORIES[i]);
    } else if (kind == CA_ORDER) {
        size_t count;
        const struct order *o =
            orders_pane_items(app_tab_pane(a, TAB_ORDERS), &count);
        *out = xcalloc(count ? count : 1, sizeof **out);
        for (size_t i = 0; i < count; i++)
            (*out)[n++] = xstrdup(o[i].id);
    } else if (kind == CA_THEME) {
        /* NULL-terminated: text_lines_free frees it as well. */
        char **names = theme_list();
        while (names[n])
            n++;
        *out = names;
    }
    return n;
}

/* ---- running ---------------------------------------------------------- */

static struct pane *products_tab(struct app *a)
{
    struct pane *p = app_tab_pane(a, TAB_PRODUCTS);
    if (p)
        app_show_tab(a, TAB_PRODUCTS);
    return p;
}

static void run_category(struct app *a, const char *arg)
{
    if (!*arg) {
        products_pane_category(products_tab(a), a, -1, true);
        return;
    }
    if (!strcasecmp(arg, "all")) {
        products_pane_category(products_tab(a), a, -1, false);
        return;
    }
    int found = -1, matches = 0;
    size_t len = strlen(arg);
    for (int i = 0; PRODUCT_CATEGORIES[i]; i++) {
        if (!strcasecmp(PRODUCT_CATEGORIES[i], arg)) {
            found = i;
            matches = 1;
            break;
        }
        if (!strncasecmp(PRODUCT_CATEGORIES[i], arg, len) && matches++ == 0)
            found = i;
    }
    if (matches != 1) {
        char list[256] = "all";
        for (size_t i = 0; PRODUCT_CATEGORIES[i]; i++) {
            size_t used = strlen(list);
            snprintf(list + used, sizeof list - used, ", %s",
                     PRODUCT_CATEGORIES[i]);
        }
        app_message(a, ROLE_ERROR, "No category \"%s\": %s.", arg, list);
        return;
    }
    products_pane_category(products_tab(a), a, found, false);
}

static void run_order(struct app *a, const char *arg)
{
    if (!*arg) {
        app_message(a, ROLE_ERROR, ":order needs an order id (Tab offers "
                                   "the ones on the orders page).");
        return;
    }
    size_t n;
    const struct order *o =
        orders_pane_items(app_tab_pane(a, TAB_ORDERS), &n);
    const char **ids = xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = o[i].id;
    const char *id;
    switch (cmdline_resolve_order(arg, ids, n, &id)) {
    case CO_FOUND:
    case CO_WHOLE:
        app_push(a, order_pane_new(a, id));
        break;
    case CO_AMBIGUOUS:
        app_message(a, ROLE_ERROR, "Several orders on the orders page start "
                                   "with \"%s\": type more of the id.", arg);
        break;
    case CO_SHORT:
        app_message(a, ROLE_ERROR, "Give at least %d characters of the "
                    "order id (the orders list shows them).",
                    CMD_ORDER_PREFIX_MIN);
        break;
    case CO_UNKNOWN:
        app_message(a, ROLE_ERROR, "No order on the orders page starts with "
                                   "\"%s\": give its whole id.", arg);
        break;
    }
    free(ids);
}

static void run_command(struct app *a, const struct cmd_def *d,
                        const char *arg)
{
    switch (d->id) {
    case CMD_PRODUCTS:
        app_show_tab(a, TAB_PRODUCTS);
        break;
    case CMD_ORDERS:
        app_show_tab(a, TAB_ORDERS);
        break;
    case CMD_DLQ:
        app_show_tab(a, TAB_DLQ);
        break;
    case CMD_SEARCH:
        products_pane_search(products_tab(a), a, arg);
        break;
    case CMD_CATEGORY:
        run_category(a, arg);
        break;
    case CMD_ORDER:
        run_order(a, arg);
        break;
    case CMD_THEME:
        if (*arg)
            app_theme(a, arg);
        else
            app_message(a, ROLE_NORMAL, "Theme: %s (Tab after :theme lists "
                        "the others).", theme_current_name());
        break;
    case CMD_REFRESH:
        if (!app_act(a, ACT_REFRESH))
            app_message(a, ROLE_NORMAL, "Nothing here to refresh.");
        break;
    case CMD_HELP:
        app_act(a, ACT_HELP);
        break;
    case CMD_LOGOUT:
        app_sign_out(a);
        break;
    case CMD_QUIT:
        a->quit = true;
        break;
    case CMD_COUNT:
        break;
    }
}

/* Runs text: it goes into the history (a mistyped line too, to fix it
 * with Up), the line closes, and the command runs on the pane under it
 * (app_top no longer counts a closing pane). */
static void run(struct cmdline *c, struct app *a, const char *text)
{
    cmd_history_add(history(a), text);
    app_close(a, &c->pane);
    char *arg = NULL, *msg = NULL;
    const struct cmd_def *d = cmdline_parse(text, app_admin(a), &arg, &msg);
    if (d)
        run_command(a, d, arg);
    else if (msg)
        app_message(a, ROLE_ERROR, "%s", msg);
    free(arg);
    free(msg);
}

/* ---- Tab -------------------------------------------------------------- */

static void complete(struct cmdline *c, struct app *a, int dir)
{
    if (c->comp.n > 1 && c->comp_head) {
        /* Cycling: the next candidate in place of the last. */
        long n = (long)c->comp.n;
        c->comp_sel = c->comp_sel < 0 ? (dir > 0 ? 0 : n - 1)
                                      : ((c->comp_sel + dir) % n + n) % n;
        set_line(c, c->comp_head, c->comp.items[c->comp_sel], c->comp_tail);
        return;
    }
    comp_reset(c);
    char *before, *after;
    split_at_cursor(c, &before, &after);
    cmdline_complete(before, app_admin(a), values, a, &c->comp);
    if (c->comp.n == 0) {
        free(before);
        free(after);
        return; /* the hint says there is nothing to offer */
    }
    char *head = xstrndup(before, c->comp.start);
    const char *word = before + c->comp.start;
    if (c->comp.n == 1) {
        /* One: taken, with a space when an argument follows. */
        const char *only = c->comp.items[0];
        bool space = false;
        for (int i = 0; c->comp.command && i < CMD_COUNT; i++)
            if (!strcmp(cmdline_def(i)->name, only))
                space = cmdline_def(i)->arg != CA_NONE;
        char *word_sp = str_printf("%s%s", only,
                                   space && *after != ' ' ? " " : "");
        set_line(c, head, word_sp, after);
        free(word_sp);
        free(head);
        comp_reset(c);
    } else {
        /* Several: as far as they agree; once there, Tab cycles. */
        size_t common = cmd_completion_common(&c->comp);
        c->comp_head = head;
        c->comp_tail = xstrdup(after);
        if (common > strlen(word)) {
            char *shared = xstrndup(c->comp.items[0], common);
            set_line(c, head, shared, after);
            free(shared);
        } else {
            complete(c, a, dir);
        }
    }
    free(before);
    free(after);
}

/* ---- Up/Down and Ctrl-R ----------------------------------------------- */

static void recall(struct cmdline *c, struct app *a, int dir)
{
    struct cmd_history *h = history(a);
    if (dir < 0 && c->hist_pos == 0)
        return;
    if (dir > 0 && c->hist_pos >= h->n)
        return;
    if (c->hist_pos >= h->n) {
        free(c->draft);
        c->draft = field_value(&c->line);
    }
    c->hist_pos = dir < 0 ? c->hist_pos - 1 : c->hist_pos + 1;
    field_set(&c->line, c->hist_pos < h->n ? h->lines[c->hist_pos]
                                           : c->draft);
    comp_reset(c);
}

static void search_again(struct cmdline *c, struct app *a, bool older)
{
    struct cmd_history *h = history(a);
    char *needle = field_value(&c->needle);
    long from = older && c->found >= 0 ? c->found : (long)h->n;
    long at = cmd_history_find(h, needle, from);
    if (at >= 0 || !older)
        c->found = at; /* an older miss keeps the match shown */
    free(needle);
}

static void search_start(struct cmdline *c, struct app *a)
{
    c->searching = true;
    free(c->before_search);
    c->before_search = field_value(&c->line);
    field_set(&c->needle, NULL);
    c->found = -1;
    search_again(c, a, false);
    comp_reset(c);
}

/* Leaves the search with the match in the line (or, back, the line as
 * it was). */
static void search_end(struct cmdline *c, struct app *a, bool back)
{
    struct cmd_history *h = history(a);
    c->searching = false;
    if (back)
        field_set(&c->line, c->before_search);
    else if (c->found >= 0 && (size_t)c->found < h->n)
        field_set(&c->line, h->lines[c->found]);
    c->hist_pos = h->n;
}

static enum ui_result search_key(struct cmdline *c, struct app *a, int key)
{
    struct cmd_history *h = history(a);
    switch (key) {
    case UI_ENTER:
    case '\n':
        if (c->found >= 0 && (size_t)c->found < h->n) {
            char *line = xstrdup(h->lines[c->found]);
            run(c, a, line);
            free(line);
        } else {
            search_end(c, a, true);
        }
        return UI_DONE;
    case UI_ESC:
    case UI_CTRL('g'):
        if (c->opened_searching) {
            app_close(a, &c->pane);
            return UI_DONE;
        }
        search_end(c, a, true);
        return UI_DONE;
    case UI_CTRL('r'):
        search_again(c, a, true);
        return UI_DONE;
    case UI_TAB:
    case UI_FN(KEY_LEFT):
    case UI_FN(KEY_RIGHT):
    case UI_FN(KEY_HOME):
    case UI_FN(KEY_END):
    case UI_FN(KEY_UP):
    case UI_FN(KEY_DOWN):
        search_end(c, a, false); /* edit the match */
        return UI_DONE;
    default:
        if (field_key(&c->needle, key))
            search_again(c, a, false);
        return UI_DONE;
    }
}

/* ---- keys ------------------------------------------------------------- */

static enum ui_result cmdline_key(struct pane *p, struct app *a, int key)
{
    struct cmdline *c = (struct cmdline *)p;
    p->dirty |= DIRTY_ALL;
    if (c->searching)
        return search_key(c, a, key);
    switch (key) {
    case UI_ENTER:
    case '\n': {
        char *text = field_value(&c->line);
        run(c, a, text);
        free(text);
        return UI_DONE;
    }
    case UI_ESC:
    case UI_CTRL('g'):
        app_close(a, p);
        return UI_DONE;
    case UI_TAB:
        complete(c, a, 1);
        return UI_DONE;
    case UI_FN(KEY_BTAB):
        complete(c, a, -1);
        return UI_DONE;
    case UI_FN(KEY_UP):
    case UI_CTRL('p'):
        recall(c, a, -1);
        return UI_DONE;
    case UI_FN(KEY_DOWN):
    case UI_CTRL('n'):
        recall(c, a, 1);
        return UI_DONE;
    case UI_CTRL('r'):
        search_start(c, a);
        return UI_DONE;
    case UI_FN(KEY_BACKSPACE):
    case 127:
    case UI_CTRL('h'):
        if (c->line.len == 0) { /* nothing left to take back: leave */
            app_close(a, p);
            return UI_DONE;
        }
        break;
    default:
        break;
    }
    if (field_key(&c->line, key))
        comp_reset(c);
    return UI_DONE;
}

/* ---- drawing ---------------------------------------------------------- */

/* One item of the hint row; false once the row is full. */
static bool hint(struct pane *p, int *x, const char *s, enum theme_role role)
{
    int room = p->w - *x - 1;
    if (room <= 0)
        return false;
    *x += draw_text(p->win, 0, *x, room, role, s, 0);
    return *x < p->w - 1;
}

/* The candidates, the one Tab put in the line (sel) highlighted; an
 * order id by the 8 characters the orders list shows. */
static void draw_candidates(struct pane *p, int *x,
                            const struct cmd_completion *cc, long sel)
{
    for (size_t i = 0; i < cc->n; i++) {
        char label[128];
        if (!cc->command && cc->arg == CA_ORDER)
            snprintf(label, sizeof label, "%.8s", cc->items[i]);
        else
            snprintf(label, sizeof label, "%s", cc->items[i]);
        if (i > 0 && !hint(p, x, "  ", ROLE_STATUSBAR))
            return;
        if (!hint(p, x, label,
                  (long)i == sel ? ROLE_SELECTED : ROLE_STATUSBAR))
            return;
    }
}

/* The command named exactly by the line's first word, or NULL. */
static const struct cmd_def *named(const char *line)
{
    const char *s = line;
    while (*s == ' ' || *s == ':')
        s++;
    size_t len = strcspn(s, " \t");
    for (int i = 0; i < CMD_COUNT; i++)
        if (strlen(cmdline_def(i)->name) == len &&
            !strncmp(cmdline_def(i)->name, s, len))
            return cmdline_def(i);
    return NULL;
}

static void draw_hint(struct cmdline *c, struct app *a)
{
    struct pane *p = &c->pane;
    draw_fill(p->win, 0, 0, p->w, ROLE_STATUSBAR);
    int x = 1;
    if (c->searching) {
        x += draw_text(p->win, 0, x, p->w - x, ROLE_STATUSBAR,
                       "History search: ", 0);
        int fw = 20 < p->w - x - 1 ? 20 : p->w - x - 1;
        int cx = field_draw(p->win, 0, x, fw, &c->needle, true);
        p->cursor_y = 0;
        p->cursor_x = cx;
        p->cursor_shown = true;
        x += fw + 2;
        hint(p, &x, c->found >= 0 ? "C-r older  Enter runs  Esc back"
                                  : "no match  Esc back",
             c->found >= 0 ? ROLE_STATUSBAR : ROLE_WARNING);
        return;
    }
    if (c->comp.n > 1) {
        draw_candidates(p, &x, &c->comp, c->comp_sel);
        return;
    }
    /* What Tab would offer now, and what the command does. */
    char *before, *after;
    split_at_cursor(c, &before, &after);
    struct cmd_completion live;
    cmdline_complete(before, app_admin(a), values, a, &live);
    const struct cmd_def *d = named(before);
    bool typing_name = live.command || !d;
    if (d && (!typing_name || live.n == 1)) {
        char usage[64];
        snprintf(usage, sizeof usage, ":%s%s%s", d->name,
                 *d->argname ? " " : "", d->argname);
        hint(p, &x, usage, ROLE_KEY);
        hint(p, &x, "  ", ROLE_STATUSBAR);
        if (!live.command && live.n > 0)
            draw_candidates(p, &x, &live, -1);
        else
            hint(p, &x, d->help, ROLE_STATUSBAR);
    } else if (live.n > 0) {
        draw_candidates(p, &x, &live, -1);
    } else if (typing_name) {
        char none[96];
        const char *w = before;
        while (*w == ' ' || *w == ':')
            w++;
        snprintf(none, sizeof none, "No command starts with \"%.40s\"", w);
        hint(p, &x, none, ROLE_WARNING);
    }
    cmd_completion_free(&live);
    free(before);
    free(after);
}

static void cmdline_draw(struct pane *p, struct app *a)
{
    struct cmdline *c = (struct cmdline *)p;
    werase(p->win);
    int row = p->h > 1 ? 1 : 0;
    draw_fill(p->win, row, 0, p->w, ROLE_NORMAL);
    draw_text(p->win, row, 0, 1, ROLE_KEY, ":", 0);
    if (c->searching) {
        struct cmd_history *h = history(a);
        const char *shown = c->found >= 0 && (size_t)c->found < h->n
                                ? h->lines[c->found]
                                : c->before_search;
        draw_text(p->win, row, 1, p->w - 2, ROLE_NORMAL, shown, 0);
    } else {
        int cx = field_draw(p->win, row, 1, p->w - 2, &c->line, true);
        p->cursor_y = row;
        p->cursor_x = cx;
        p->cursor_shown = true;
    }
    if (p->h > 1)
        draw_hint(c, a); /* in a search, the cursor goes there */
}

/* ---- the pane --------------------------------------------------------- */

static void cmdline_place(const struct pane *p, int rows, int cols, int *y,
                          int *x, int *h, int *w)
{
    (void)p;
    *h = rows >= 3 ? 2 : 1;
    *y = rows - *h > 0 ? rows - *h : 0;
    *x = 0;
    *w = cols;
}

static void cmdline_destroy(struct pane *p)
{
    struct cmdline *c = (struct cmdline *)p;
    field_free(&c->line);
    field_free(&c->needle);
    comp_reset(c);
    free(c->draft);
    free(c->before_search);
    free(c);
}

static const struct pane_ops CMDLINE_OPS = {
    .kind = PK_CMDLINE,
    .title = "Command line",
    .draw = cmdline_draw,
    .key = cmdline_key,
    .place = cmdline_place,
    .destroy = cmdline_destroy,
};

struct pane *cmdline_pane_new(struct app *a, bool search)
{
    struct cmdline *c = xcalloc(1, sizeof *c);
    pane_init(&c->pane, &CMDLINE_OPS);
    field_init(&c->line, "Command", LINE_MAX_CHARS, NULL);
    field_init(&c->needle, "Search", LINE_MAX_CHARS, NULL);
    c->comp_sel = -1;
    c->found = -1;
    c->hist_pos = history(a)->n;
    if (search) {
        c->opened_searching = true;
        search_start(c, a);
    }
    return &c->pane;
}
