/* One dead-letter message in full, over the DLQ tab: its ids, attempts,
 * when it first failed and when it moved to the DLQ (local dates), the
 * last error wrapped, and the body (the order queue message as it was)
 * as pretty-printed JSON. Everything is laid out once per width as lines
 * of text and scrolled with Up/Down, PgUp/PgDn, Home/End. R redrives, D
 * deletes (each asks first; done, the view closes and the list is
 * fetched again), g opens the order, r fetches the message again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "client/format.h"
#include "common/json_strict.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/panes/dlq.h"
#include "ui/panes/panes.h"
#include "ui/text.h"

#define LABEL_W 15 /* "Moved to DLQ   " */

/* One screen line of the message. */
struct mline {
    const char *label; /* static; NULL: none */
    char *text;        /* sanitised, fits the width it was laid out for */
    int indent;        /* columns before text */
    enum theme_role role;
};

struct dlq_view {
    struct pane pane;
    struct dlq_message m;
    struct dlq_about about;
    struct mline *lines;
    size_t count, cap;
    int laid_w;         /* the width the lines were made for */
    size_t top;         /* first line shown */
    bool gone;          /* the server no longer has it */
    unsigned long req;  /* a refresh in flight */
    const struct op *pending; /* …its op (the answer to any other: dropped) */
    bool quiet;         /* it is a background refresh */
    int64_t cached_at;  /* the copy came from the offline cache */
    unsigned long write_req;
};

static void message_copy(struct dlq_message *to, const struct dlq_message *m)
{
    memset(to, 0, sizeof *to);
    to->message_id = xstrdup(m->message_id ? m->message_id : "");
    to->order_id = xstrdup(m->order_id ? m->order_id : "");
    to->body = xstrdup(m->body ? m->body : "");
    to->last_error = xstrdup(m->last_error ? m->last_error : "");
    to->receive_count = m->receive_count;
    to->first_failed_at = m->first_failed_at;
    to->moved_at = m->moved_at;
}

/* ---- layout ----------------------------------------------------------- */

static void lines_clear(struct dlq_view *v)
{
    for (size_t i = 0; i < v->count; i++)
        free(v->lines[i].text);
    v->count = 0;
}

static void push_line(struct dlq_view *v, const char *label, int indent,
                      enum theme_role role, char *text)
{
    if (v->count == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 32;
        v->lines = xrealloc(v->lines, v->cap * sizeof *v->lines);
    }
    v->lines[v->count++] = (struct mline){label, text, indent, role};
}

/* Adds raw text (sanitised here) wrapped to width columns from indent;
 * the lines after the first go `more` columns further in. */
static void add_wrapped(struct dlq_view *v, const char *label, int indent,
                        int more, int width, enum theme_role role,
                        const char *raw)
{
    char *clean = sanitize_text(raw);
    char **parts;
    int w = width - indent - more;
    size_t n = text_wrap(clean, w > 8 ? w : 8, &parts);
    if (n == 0)
        push_line(v, label, indent, role, xstrdup(""));
    for (size_t i = 0; i < n; i++) {
        push_line(v, i ? NULL : label, i ? indent + more : indent, role,
                  parts[i]);
        parts[i] = NULL;
    }
    text_lines_free(parts, n);
    free(clean);
}

/* Each line of text (split at newlines before sanitising, so a
 * multi-line error keeps its lines), wrapped. */
static void add_text_lines(struct dlq_view *v, int indent, int width,
                           enum theme_role role, const char *raw)
{
    const char *s = raw;
    do {
        size_t n = strcspn(s, "\n");
        char *one = xstrndup(s, n);
        add_wrapped(v, NULL, indent, 2, width, role, one);
        free(one);
        s += n;
    } while (*s++);
}

static void add_field(struct dlq_view *v, const char *label, int width,
                      enum theme_role role, const char *value)
{
    add_wrapped(v, label, LABEL_W, 0, width, role, value);
}

/* The body as cJSON_Print lays it out: tabs of indentation become two
 * columns each, a long line wraps inside its own indentation. */
static void add_json(struct dlq_view *v, int width, const cJSON *root)
{
    char *pretty = cJSON_Print(root);
    if (!pretty)
        return;
    const char *s = pretty;
    while (*s) {
        size_t n = strcspn(s, "\n");
        int tabs = 0;
        while ((size_t)tabs < n && s[tabs] == '\t')
            tabs++;
        char *one = xstrndup(s + tabs, n - (size_t)tabs);
        int indent = 2 + 2 * tabs;
        if (indent > width / 2)
            indent = width / 2;
        add_wrapped(v, NULL, indent, 2, width, ROLE_NORMAL, one);
        free(one);
        s += n;
        if (*s)
            s++;
    }
    cJSON_free(pretty);
}

static void layout(struct dlq_view *v, int width)
{
    const struct dlq_message *m = &v->m;
    lines_clear(v);
    v->laid_w = width;
    char buf[128], when[64], age[32];
    add_field(v, "Message ID", width, ROLE_NORMAL, m->message_id);
    add_field(v, "Order ID", width, ROLE_NORMAL,
              *v->about.order_id ? v->about.order_id : "-");
    if (v->about.customer)
        add_field(v, "Customer", width, ROLE_NORMAL, v->about.customer);
    if (v->about.product)
        add_field(v, "Product", width, ROLE_NORMAL, v->about.product);
    snprintf(buf, sizeof buf, "%lld", m->receive_count);
    add_field(v, "Attempts", width, ROLE_NORMAL, buf);
    format_time(m->first_failed_at, 1, when, sizeof when);
    add_field(v, "First failed", width, ROLE_NORMAL, when);
    format_time(m->moved_at, 1, when, sizeof when);
    if (m->moved_at > 0) {
        format_age(time_now_ms() - m->moved_at, age, sizeof age);
        snprintf(buf, sizeof buf, "%s (%s ago)", when, age);
    } else {
        snprintf(buf, sizeof buf, "%s", when);
    }
    add_field(v, "Moved to DLQ", width, ROLE_NORMAL, buf);
    push_line(v, NULL, 0, ROLE_NORMAL, xstrdup(""));
    push_line(v, NULL, 0, ROLE_TITLE, xstrdup("Last error"));
    if (m->last_error && *m->last_error)
        add_text_lines(v, 2, width, ROLE_ERROR, m->last_error);
    else
        push_line(v, NULL, 2, ROLE_DIM, xstrdup("(none recorded)"));
    push_line(v, NULL, 0, ROLE_NORMAL, xstrdup(""));
    cJSON *body = m->body && *m->body
                      ? json_strict_parse(m->body, strlen(m->body), NULL)
                      : NULL;
    if (body) {
        push_line(v, NULL, 0, ROLE_TITLE, xstrdup("Body"));
        add_json(v, width, body);
        cJSON_Delete(body);
    } else if (m->body && *m->body) {
        push_line(v, NULL, 0, ROLE_TITLE, xstrdup("Body (not JSON; as received)"));
        add_text_lines(v, 2, width, ROLE_NORMAL, m->body);
    } else {
        push_line(v, NULL, 0, ROLE_TITLE, xstrdup("Body"));
        push_line(v, NULL, 2, ROLE_DIM, xstrdup("(empty)"));
    }
}

static int content_width(const struct pane *p)
{
    return p->w - 4 > 20 ? p->w - 4 : 20;
}

static size_t visible_lines(const struct pane *p)
{
    return p->h > 1 ? (size_t)(p->h - 1) : 1;
}

static size_t max_top(const struct dlq_view *v)
{
    size_t vis = visible_lines(&v->pane);
    return v->count > vis ? v->count - vis : 0;
}

/* ---- drawing ---------------------------------------------------------- */

static void view_draw(struct pane *p, struct app *a)
{
    struct dlq_view *v = (struct dlq_view *)p;
    if (v->laid_w != content_width(p))
        layout(v, content_width(p));
    if (v->top > max_top(v))
        v->top = max_top(v);
    werase(p->win);
    char title[96], where[64] = "";
    char id[DLQ_SHORT_ID + 1];
    dlq_short_id(v->about.order_id, id, sizeof id);
    snprintf(title, sizeof title, "DLQ message · order %s", id);
    size_t vis = visible_lines(p);
    if (v->count > vis)
        snprintf(where, sizeof where, "lines %zu-%zu of %zu", v->top + 1,
                 v->top + vis < v->count ? v->top + vis : v->count, v->count);
    int ww = text_width(where);
    int used = draw_text(p->win, 0, 1, p->w - ww - 3, ROLE_TITLE, title, 0);
    int64_t offline = app_offline_mark(a, p, v->cached_at);
    /* No selection here: the cursor rests on the title. */
    p->cursor_y = 0;
    p->cursor_x = 1;
    if (v->gone) {
        draw_text(p->win, 0, 1 + used, p->w - ww - 3 - used, ROLE_WARNING,
                  " · no longer in the DLQ", 0);
    } else if (offline) {
        char age[32], note[64];
        format_age(time_now_ms() - offline, age, sizeof age);
        snprintf(note, sizeof note, "  OFFLINE: cached %s ago", age);
        draw_text(p->win, 0, 1 + used, p->w - ww - 3 - used, ROLE_WARNING,
                  note, 0);
    }
    if (ww)
        draw_text_right(p->win, 0, p->w - 1, ww, ROLE_DIM, where);
    for (size_t i = 0; i < vis && v->top + i < v->count; i++) {
        const struct mline *l = &v->lines[v->top + i];
        int y = 1 + (int)i;
        if (l->label)
            draw_text(p->win, y, 2, LABEL_W - 1, ROLE_DIM, l->label, 0);
        /* Already sanitised and wrapped; draw_text cuts what a narrower
         * window would no longer hold. */
        draw_text(p->win, y, 2 + l->indent, p->w - 2 - l->indent - 2,
                  l->role, l->text, 0);
    }
}

/* ---- writes ----------------------------------------------------------- */

static void submit(struct dlq_view *v, struct app *a, enum op_kind k)
{
    struct op *o = op_new(k);
    o->id = xstrdup(v->m.message_id);
    v->write_req = app_submit(a, &v->pane, o, true);
}

static void redrive_yes(struct pane *p, struct app *a, void *arg)
{
    (void)arg;
    submit((struct dlq_view *)p, a, OP_DLQ_REDRIVE);
}

static void delete_yes(struct pane *p, struct app *a, void *arg)
{
    (void)arg;
    submit((struct dlq_view *)p, a, OP_DLQ_DELETE);
}

/* Asks before a redrive or (del) a delete. */
static void ask(struct dlq_view *v, struct app *a, bool del)
{
    if (v->write_req) {
        app_message(a, ROLE_NORMAL, "Wait for the change in flight first.");
        return;
    }
    if (v->gone) {
        app_message(a, ROLE_NORMAL, "This message is no longer in the "
                                    "dead-letter queue.");
        return;
    }
    char q[256];
    dlq_question(del, v->about.order_id, q, sizeof q);
    app_confirm(a, &v->pane, q, del ? delete_yes : redrive_yes, NULL);
}

static void write_arrived(struct dlq_view *v, struct app *a, struct op *o)
{
    v->write_req = 0;
    bool gone = dlq_write_said(a, o, v->about.order_id);
    if (gone || o->cancelled)
        app_stale(a, TAB_DLQ);
    if (gone)
        app_close(a, &v->pane);
}

/* ---- keys and data ---------------------------------------------------- */

static void scroll_to(struct dlq_view *v, long top)
{
    long max = (long)max_top(v);
    if (top > max)
        top = max;
    if (top < 0)
        top = 0;
    if ((size_t)top != v->top) {
        v->top = (size_t)top;
        v->pane.dirty |= DIRTY_ALL;
    }
}

/* Fetches the message again (quiet: in the background, see refreshed()),
 * replacing a fetch in flight. */
static void fetch(struct dlq_view *v, struct app *a, bool quiet)
{
    if (v->req)
        app_cancel(a, v->req);
    struct op *o = op_new(OP_DLQ_GET);
    o->id = xstrdup(v->m.message_id);
    v->quiet = quiet;
    v->pending = o;
    v->req = app_submit(a, &v->pane, o, !quiet);
}

static enum ui_result view_action(struct pane *p, struct app *a,
                                  enum action act)
{
    struct dlq_view *v = (struct dlq_view *)p;
    long page = (long)visible_lines(p) - 1;
    if (page < 1)
        page = 1;
    switch (act) {
    case ACT_UP:
        scroll_to(v, (long)v->top - 1);
        return UI_DONE;
    case ACT_DOWN:
        scroll_to(v, (long)v->top + 1);
        return UI_DONE;
    case ACT_SCROLL_PAGE_UP:
        scroll_to(v, (long)v->top - page);
        return UI_DONE;
    case ACT_SCROLL_PAGE_DOWN:
        scroll_to(v, (long)v->top + page);
        return UI_DONE;
    case ACT_SCROLL_TOP:
        scroll_to(v, 0);
        return UI_DONE;
    case ACT_SCROLL_END:
        scroll_to(v, (long)max_top(v));
        return UI_DONE;
    case ACT_BACK:
        app_close(a, p);
        return UI_DONE;
    case ACT_REFRESH:
        fetch(v, a, false);
        return UI_DONE;
    case ACT_REDRIVE:
        ask(v, a, false);
        return UI_DONE;
    case ACT_DLQ_DELETE:
        ask(v, a, true);
        return UI_DONE;
    case ACT_COPY_ID:
        app_copy(a, "message id", v->m.message_id);
        return UI_DONE;
    case ACT_GOTO_ORDER:
        if (!*v->about.order_id)
            app_message(a, ROLE_WARNING, "This message names no order.");
        else
            app_push(a, order_pane_new(a, v->about.order_id));
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

/* Shows o's message from now on. */
static void take(struct dlq_view *v, const struct op *o)
{
    dlq_message_clear(&v->m);
    message_copy(&v->m, &o->message);
    dlq_about_clear(&v->about);
    dlq_about_read(&v->m, &v->about);
    v->gone = false;
    v->cached_at = o->res.cached_at;
    v->pane.fetched_at = app_fetched_at(o);
    v->laid_w = 0; /* lay out again; the scroll position stays */
}

static void gone(struct dlq_view *v, struct app *a)
{
    v->gone = true;
    v->pane.dirty |= DIRTY_ALL;
    app_message(a, ROLE_WARNING, "This message is no longer in the "
                                 "dead-letter queue.");
    app_stale(a, TAB_DLQ);
}

/* A background refresh came back: a message gone meanwhile is said;
 * otherwise nothing is, and nothing is drawn unless it changed. */
static void refreshed(struct dlq_view *v, struct app *a, const struct op *o)
{
    if (o->cancelled || o->res.rc != API_OK) {
        if (!o->cancelled && o->res.status == 404)
            gone(v, a);
        return;
    }
    if (!v->gone && dlq_message_same(&v->m, &o->message)) {
        if (v->cached_at != o->res.cached_at)
            v->pane.dirty |= DIRTY_ALL; /* the OFFLINE mark */
        v->cached_at = o->res.cached_at;
        v->pane.fetched_at = app_fetched_at(o);
        return;
    }
    take(v, o);
    v->pane.dirty |= DIRTY_ALL;
}

static void view_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct dlq_view *v = (struct dlq_view *)p;
    if (o->kind == OP_DLQ_REDRIVE || o->kind == OP_DLQ_DELETE) {
        p->dirty |= DIRTY_ALL;
        write_arrived(v, a, o);
        goto out;
    }
    if (o != v->pending)
        goto out; /* replaced by a newer fetch */
    v->req = 0;
    v->pending = NULL;
    if (v->quiet) {
        v->quiet = false;
        refreshed(v, a, o);
        goto out;
    }
    p->dirty |= DIRTY_ALL;
    if (o->cancelled) {
        app_op_failed(a, o);
        goto out;
    }
    if (o->res.rc == API_OK)
        take(v, o);
    else if (o->res.status == 404)
        gone(v, a);
    else
        app_op_failed(a, o);
out:
    op_free(o);
}

static void view_refetch(struct pane *p, struct app *a)
{
    struct dlq_view *v = (struct dlq_view *)p;
    if (v->req || v->write_req || v->gone)
        return;
    fetch(v, a, true);
}

static void view_destroy(struct pane *p)
{
    struct dlq_view *v = (struct dlq_view *)p;
    lines_clear(v);
    free(v->lines);
    dlq_message_clear(&v->m);
    dlq_about_clear(&v->about);
    free(v);
}

static const struct pane_ops VIEW_OPS = {
    .kind = PK_MESSAGE,
    .title = "DLQ message",
    .draw = view_draw,
    .action = view_action,
    .arrived = view_arrived,
    .refetch = view_refetch,
    .destroy = view_destroy,
};

struct pane *dlq_message_pane_new(struct app *a, const struct dlq_message *m,
                                  int64_t cached_at, int64_t fetched_at)
{
    (void)a;
    struct dlq_view *v = xcalloc(1, sizeof *v);
    pane_init(&v->pane, &VIEW_OPS);
    v->cached_at = cached_at;
    v->pane.fetched_at = fetched_at;
    message_copy(&v->m, m);
    dlq_about_read(&v->m, &v->about);
    return &v->pane;
}
