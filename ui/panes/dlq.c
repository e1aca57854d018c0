/* The DLQ tab (admins): the order queue's depths on top, then the
 * dead-letter queue's messages a page at a time (n/p, going back works):
 * short order id, customer, product, attempts, last error, age. Enter
 * shows the whole message; R redrives one, A all, D deletes (each asks
 * first, then the list and the depths are fetched again); g opens the
 * message's order. A customer who gets here, or an admin the server
 * refuses, sees one plain sentence and nothing is fetched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "client/format.h"
#include "client/pager.h"
#include "common/json_strict.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/panes/dlq.h"
#include "ui/panes/panes.h"
#include "ui/text.h"
#include "ui/widgets/listview.h"
#include "ui/widgets/pagebar.h"

#define PAGE_LIMIT 20
#define EMPTY_HOPS 20 /* empty pages with a nextToken followed in a row */
#define TOP_ROWS 4    /* title, order queue, DLQ, column heads */

static const char REFUSED[] = "The dead-letter queue needs an administrator.";
static const char EMPTY[] = "The dead-letter queue is empty.";

struct dlq {
    struct pane pane;
    struct listview lv;
    bool refused;        /* not an admin: nothing is fetched */
    /* The depths. */
    struct queue_counts queues;
    int64_t queues_at;   /* when they were read (epoch ms): ages go on */
    bool queues_loaded;
    unsigned long queues_req;
    int queues_pending;  /* asked for and not yet back (the last counts) */
    /* The page shown. */
    struct page_nav nav;
    struct dlq_message *items;
    struct dlq_about *rows; /* per item: order, customer, product */
    size_t count;
    char *next_token;
    bool loaded;
    int64_t cached_at;
    char *error;         /* the last load's failure, when nothing shows */
    unsigned long req;
    int pending;         /* pages asked for and not yet back */
    bool quiet;          /* the last one asked is a background refresh */
    int hops;
    char *keep_id;       /* select this message when the page arrives… */
    size_t keep_index;   /* …else this position (the message went away) */
    /* A redrive or delete in flight. */
    unsigned long write_req;
    char *write_order;   /* the order it is about (NULL: all) */
};

/* ---- what a message is about (dlq.h) ---------------------------------- */

static const char *json_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* The first of names that obj has as a non-empty string. */
static const char *json_first(const cJSON *obj, const char *const *names)
{
    for (; obj && *names; names++) {
        const char *s = json_str(obj, *names);
        if (s)
            return s;
    }
    return NULL;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void dlq_about_read(const struct dlq_message *m, struct dlq_about *ab)
{
    /* Our server's order queue message and the deployed system's shapes;
     * anything else gives nothing. */
    static const char *const CUSTOMER[] = {"userEmail", "customerEmail",
                                           "email", "userId", NULL};
    static const char *const PRODUCT[] = {"productName", "productId", NULL};
    static const char *const ITEM[] = {"productName", "name", "productId",
                                       NULL};
    memset(ab, 0, sizeof *ab);
    cJSON *body = m->body ? json_strict_parse(m->body, strlen(m->body), NULL)
                          : NULL;
    const cJSON *obj = cJSON_IsObject(body) ? body : NULL;
    const char *order = m->order_id && m->order_id[0]
                            ? m->order_id
                            : json_str(obj, "orderId");
    ab->order_id = xstrdup(order ? order : "");
    const char *who = json_first(obj, CUSTOMER);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, "customer");
    if (!who && cJSON_IsObject(c))
        who = json_first(c, CUSTOMER);
    else if (!who)
        who = json_str(obj, "customer");
    ab->customer = dup_or_null(who);
    const char *what = json_first(obj, PRODUCT);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(obj, "items");
    if (!what && cJSON_IsArray(items))
        what = json_first(cJSON_GetArrayItem(items, 0), ITEM);
    ab->product = dup_or_null(what);
    cJSON_Delete(body);
}

void dlq_about_clear(struct dlq_about *ab)
{
    free(ab->order_id);
    free(ab->customer);
    free(ab->product);
    memset(ab, 0, sizeof *ab);
}

void dlq_short_id(const char *id, char *out, size_t size)
{
    snprintf(out, size, "%.*s", DLQ_SHORT_ID, id && *id ? id : "-");
}

void dlq_question(bool del, const char *order_id, char *out, size_t size)
{
    char id[DLQ_SHORT_ID + 1];
    dlq_short_id(order_id, id, sizeof id);
    if (del)
        snprintf(out, size, "Delete the message for order %s for good? The "
                            "order will not be processed.", id);
    else
        snprintf(out, size, "Redrive the message for order %s? It goes back "
                            "on the order queue and is processed again.", id);
}

bool dlq_write_said(struct app *a, const struct op *o, const char *order_id)
{
    char id[DLQ_SHORT_ID + 1];
    dlq_short_id(order_id, id, sizeof id);
    if (o->cancelled) {
        app_message(a, ROLE_WARNING, "%s: cancelled (it may have been done "
                                     "already).", op_describe(o->kind));
        return false;
    }
    if (o->res.rc == API_OK) {
        if (o->kind == OP_DLQ_REDRIVE)
            app_message(a, ROLE_OK, "Order %s is back on the order queue.", id);
        else if (o->kind == OP_DLQ_DELETE)
            app_message(a, ROLE_OK, "The message for order %s is deleted.", id);
        else
            app_message(a, ROLE_OK, "%lld message%s back on the order queue.",
                        o->count, o->count == 1 ? " is" : "s are");
        return true;
    }
    if (o->res.status == 404 && o->kind != OP_DLQ_REDRIVE_ALL) {
        app_message(a, ROLE_WARNING, "The message for order %s is no longer "
                                     "in the dead-letter queue.", id);
        return true;
    }
    app_op_failed(a, o);
    return false;
}

/* ---- loading ---------------------------------------------------------- */

static void clear_items(struct dlq *s)
{
    for (size_t i = 0; i < s->count; i++) {
        dlq_message_clear(&s->items[i]);
        dlq_about_clear(&s->rows[i]);
    }
    free(s->items);
    free(s->rows);
    s->items = NULL;
    s->rows = NULL;
    s->count = 0;
    free(s->next_token);
    s->next_token = NULL;
}

/* quiet: a background refresh (pane_ops.refetch), which replaces what is
 * shown only if it changed. */
static void load_page(struct dlq *s, struct app *a, bool quiet)
{
    if (s->req)
        app_cancel(a, s->req);
    struct op *o = op_new(OP_DLQ_LIST);
    o->limit = PAGE_LIMIT;
    const char *tok = page_nav_token(&s->nav);
    if (tok)
        o->token = xstrdup(tok);
    s->req = app_submit(a, &s->pane, o, !quiet);
    s->quiet = quiet;
    s->pending++;
}

static void load_queues(struct dlq *s, struct app *a)
{
    if (s->queues_req)
        app_cancel(a, s->queues_req);
    s->queues_req = app_submit(a, &s->pane, op_new(OP_QUEUES), false);
    s->queues_pending++;
}

/* Fetches the depths and the page shown again, keeping the selection on
 * the same message (or at the same place when it has gone). */
static void reload(struct dlq *s, struct app *a)
{
    if (s->refused)
        return;
    free(s->keep_id);
    s->keep_id = s->count ? xstrdup(s->items[s->lv.sel].message_id) : NULL;
    s->keep_index = s->lv.sel;
    s->hops = 0;
    load_queues(s, a);
    load_page(s, a, false);
}

/* Nothing more is fetched: the user is not an admin. */
static void refuse(struct dlq *s)
{
    s->refused = true;
    clear_items(s);
    listview_set_count(&s->lv, 0, 0);
    s->queues_loaded = false;
    free(s->error);
    s->error = NULL;
    s->pane.dirty |= DIRTY_ALL;
}

/* ---- drawing ---------------------------------------------------------- */

struct columns {
    int order, customer, product, tries, error, age;
};

/* Column widths (each includes one space after it) for w columns; the
 * customer and product shrink first, then go. */
static void table_columns(int w, struct columns *c)
{
    c->order = DLQ_SHORT_ID + 1;
    c->tries = 9; /* "ATTEMPTS" */
    c->age = 11;  /* "59 minutes" */
    int rest = w - 2 - c->order - c->tries - c->age;
    c->customer = c->product = 0;
    if (rest >= 40) {
        c->customer = rest * 35 / 100;
        c->product = rest * 28 / 100;
        if (c->customer > 34)
            c->customer = 34;
        if (c->product > 30)
            c->product = 30;
    } else if (rest >= 24) {
        c->customer = rest * 45 / 100;
    }
    c->error = rest - c->customer - c->product;
    if (c->error < 6)
        c->error = 6;
}

/* Text on one line: runs of whitespace (a multi-line error) as one
 * space. Caller frees. */
static char *one_line(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n + 1), *o = out;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = o != out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static void draw_row(WINDOW *win, int y, int x, int h, int w, size_t i,
                     bool sel, void *ctx)
{
    (void)h;
    struct dlq *s = ctx;
    const struct dlq_message *m = &s->items[i];
    const struct dlq_about *r = &s->rows[i];
    enum theme_role base = sel ? ROLE_SELECTED : ROLE_NORMAL;
    enum theme_role dim = sel ? base : ROLE_DIM;
    struct columns c;
    table_columns(w, &c);
    draw_fill(win, y, x, w, base);
    draw_text(win, y, x, 1, base, sel ? "▌" : " ", 0);
    int cx = x + 2;
    char id[DLQ_SHORT_ID + 2];
    dlq_short_id(r->order_id, id, sizeof id);
    draw_text(win, y, cx, c.order - 1, base, id, 0);
    cx += c.order;
    if (c.customer) {
        draw_text(win, y, cx, c.customer - 1, r->customer ? base : dim,
                  r->customer ? r->customer : "-", 0);
        cx += c.customer;
    }
    if (c.product) {
        draw_text(win, y, cx, c.product - 1, r->product ? base : dim,
                  r->product ? r->product : "-", 0);
        cx += c.product;
    }
    char tries[24];
    snprintf(tries, sizeof tries, "%lld", m->receive_count);
    draw_text_right(win, y, cx + c.tries - 1, c.tries - 1, base, tries);
    cx += c.tries;
    char *err = one_line(m->last_error ? m->last_error : "");
    draw_text(win, y, cx, c.error - 1, *err ? (sel ? base : ROLE_ERROR) : dim,
              *err ? err : "-", 0);
    free(err);
    cx += c.error;
    char age[32];
    if (m->moved_at > 0)
        format_age(time_now_ms() - m->moved_at, age, sizeof age);
    else
        snprintf(age, sizeof age, "-");
    draw_text(win, y, cx, x + w - cx, dim, age, 0);
}

static void draw_heads(struct dlq *s)
{
    struct pane *p = &s->pane;
    struct columns c;
    table_columns(p->w, &c);
    int y = TOP_ROWS - 1, x = 2;
    draw_fill(p->win, y, 0, p->w, ROLE_NORMAL);
    draw_text(p->win, y, x, c.order - 1, ROLE_DIM, "ORDER", 0);
    x += c.order;
    if (c.customer) {
        draw_text(p->win, y, x, c.customer - 1, ROLE_DIM, "CUSTOMER", 0);
        x += c.customer;
    }
    if (c.product) {
        draw_text(p->win, y, x, c.product - 1, ROLE_DIM, "PRODUCT", 0);
        x += c.product;
    }
    draw_text_right(p->win, y, x + c.tries - 1, c.tries - 1, ROLE_DIM,
                    "ATTEMPTS");
    x += c.tries;
    draw_text(p->win, y, x, c.error - 1, ROLE_DIM, "LAST ERROR", 0);
    x += c.error;
    draw_text(p->win, y, x, p->w - x, ROLE_DIM, "AGE", 0);
}

/* "3 minutes" for an age in seconds. */
/* An age the server gave, as it is now (the depths are not read again
 * every second). */
static void age_text(const struct dlq *s, long long secs, char *out,
                     size_t size)
{
    format_age((int64_t)secs * 1000 + time_now_ms() - s->queues_at, out,
               size);
}

static void draw_depths(struct dlq *s)
{
    struct pane *p = &s->pane;
    draw_fill(p->win, 1, 0, p->w, ROLE_NORMAL);
    draw_fill(p->win, 2, 0, p->w, ROLE_NORMAL);
    if (!s->queues_loaded) {
        draw_text(p->win, 1, 2, p->w - 4, ROLE_DIM, "Order queue: …", 0);
        return;
    }
    const struct queue_counts *q = &s->queues;
    char line[160], age[32];
    int x = 2 + 13; /* after the labels */
    draw_text_attr(p->win, 1, 2, 12, ROLE_NORMAL, A_BOLD, "Order queue", 0);
    age_text(s, q->oldest_age_s, age, sizeof age);
    if (q->visible + q->in_flight > 0)
        snprintf(line, sizeof line, "%lld visible · %lld in flight · oldest %s",
                 q->visible, q->in_flight, age);
    else
        snprintf(line, sizeof line, "%lld visible · %lld in flight",
                 q->visible, q->in_flight);
    draw_text(p->win, 1, x, p->w - x - 1, ROLE_NORMAL, line, 0);
    draw_text_attr(p->win, 2, 2, 12, ROLE_NORMAL, A_BOLD, "DLQ", 0);
    age_text(s, q->dlq_oldest_age_s, age, sizeof age);
    if (q->dlq_count > 0)
        snprintf(line, sizeof line, "%lld message%s · oldest %s", q->dlq_count,
                 q->dlq_count == 1 ? "" : "s", age);
    else
        snprintf(line, sizeof line, "0 messages");
    draw_text(p->win, 2, x, p->w - x - 1,
              q->dlq_count > 0 ? ROLE_WARNING : ROLE_OK, line, 0);
}

static void draw_title(struct dlq *s, struct app *a)
{
    struct pane *p = &s->pane;
    struct pagebar b = {
        .what = "Dead-letter queue", .loaded = s->loaded && !s->refused,
        .page = page_nav_index(&s->nav), .last = !s->next_token,
        .count = s->count,
        .cached_at = app_offline_mark(a, p, s->cached_at),
    };
    pagebar_draw(p->win, 0, p->w, &b);
}

static void dlq_draw(struct pane *p, struct app *a)
{
    struct dlq *s = (struct dlq *)p;
    bool full = (p->dirty & DIRTY_ALL) != 0;
    if (full) {
        werase(p->win);
        s->lv.full = true;
    }
    if (s->refused) {
        draw_title(s, a);
        draw_text(p->win, 2, 2, p->w - 4, ROLE_ERROR, REFUSED, 0);
        return;
    }
    if (full) {
        draw_title(s, a);
        draw_depths(s);
    }
    if (!s->loaded || s->count == 0) {
        const char *msg = s->error ? s->error
                          : !s->loaded ? "Loading the dead-letter queue…"
                                       : EMPTY;
        draw_text(p->win, TOP_ROWS, 2, p->w - 4,
                  s->error ? ROLE_ERROR : ROLE_DIM, msg, 0);
        return;
    }
    if (full)
        draw_heads(s);
    int row = listview_draw(&s->lv, p->win, full, draw_row, s);
    if (row >= 0) {
        p->cursor_y = row;
        p->cursor_x = 0;
    }
}

/* ---- writes ----------------------------------------------------------- */

static void submit_write(struct dlq *s, struct app *a, enum op_kind k,
                         const char *id)
{
    struct op *o = op_new(k);
    if (id)
        o->id = xstrdup(id);
    s->write_req = app_submit(a, &s->pane, o, true);
}

/* The message with this id on the page shown (*at its index), or NULL. */
static const struct dlq_message *find(const struct dlq *s, const char *id,
                                      size_t *at)
{
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->items[i].message_id, id)) {
            *at = i;
            return &s->items[i];
        }
    return NULL;
}

/* Remembers which order a write is about, so that its answer names the
 * right one even if the list changed meanwhile. */
static void remember_order(struct dlq *s, const char *message_id)
{
    size_t i;
    free(s->write_order);
    s->write_order = find(s, message_id, &i) ? xstrdup(s->rows[i].order_id)
                                             : NULL;
}

static void redrive_yes(struct pane *p, struct app *a, void *arg)
{
    struct dlq *s = (struct dlq *)p;
    remember_order(s, arg);
    submit_write(s, a, OP_DLQ_REDRIVE, arg);
}

static void delete_yes(struct pane *p, struct app *a, void *arg)
{
    struct dlq *s = (struct dlq *)p;
    remember_order(s, arg);
    submit_write(s, a, OP_DLQ_DELETE, arg);
}

static void redrive_all_yes(struct pane *p, struct app *a, void *arg)
{
    (void)arg;
    struct dlq *s = (struct dlq *)p;
    free(s->write_order);
    s->write_order = NULL;
    submit_write(s, a, OP_DLQ_REDRIVE_ALL, NULL);
}

/* The selected message, or NULL (with a sentence) when there is none or
 * a write is still on its way. */
static const struct dlq_message *selected(struct dlq *s, struct app *a)
{
    if (s->write_req) {
        app_message(a, ROLE_NORMAL, "Wait for the change in flight first.");
        return NULL;
    }
    if (!s->count) {
        app_message(a, ROLE_NORMAL, "%s", s->loaded ? EMPTY : "Nothing is "
                                                            "loaded yet.");
        return NULL;
    }
    return &s->items[s->lv.sel];
}

/* Asks before a redrive or (del) a delete of the selected message. */
static void ask(struct dlq *s, struct app *a, bool del)
{
    const struct dlq_message *m = selected(s, a);
    if (!m)
        return;
    char q[256];
    dlq_question(del, s->rows[s->lv.sel].order_id, q, sizeof q);
    app_confirm(a, &s->pane, q, del ? delete_yes : redrive_yes,
                xstrdup(m->message_id));
}

static void ask_redrive_all(struct dlq *s, struct app *a)
{
    if (s->write_req) {
        app_message(a, ROLE_NORMAL, "Wait for the change in flight first.");
        return;
    }
    long long n = s->queues_loaded ? s->queues.dlq_count : (long long)s->count;
    if (s->loaded && s->count == 0 && (!s->queues_loaded || n == 0)) {
        app_message(a, ROLE_NORMAL, "%s", EMPTY);
        return;
    }
    char q[200];
    if (n > 0)
        snprintf(q, sizeof q,
                 "Redrive all %lld message%s? They go back on the order "
                 "queue and are processed again.",
                 n, n == 1 ? "" : "s");
    else
        snprintf(q, sizeof q, "Redrive every message? They go back on the "
                              "order queue and are processed again.");
    app_confirm(a, &s->pane, q, redrive_all_yes, NULL);
}

static void write_arrived(struct dlq *s, struct app *a, struct op *o)
{
    s->write_req = 0;
    if (!o->cancelled && o->res.status == 403) {
        refuse(s);
        op_free(o);
        return;
    }
    dlq_write_said(a, o, s->write_order);
    op_free(o);
    /* Whatever came of it, show what the server has now. */
    reload(s, a);
}

/* ---- keys ------------------------------------------------------------- */

static enum ui_result dlq_action(struct pane *p, struct app *a,
                                 enum action act)
{
    struct dlq *s = (struct dlq *)p;
    if (s->refused) /* the pane says why; nothing to move or fetch */
        return act == ACT_BACK ? UI_PASS : UI_DONE;
    if (listview_act(&s->lv, act, &p->dirty))
        return UI_DONE;
    switch (act) {
    case ACT_OPEN:
        if (s->count)
            app_push(a, dlq_message_pane_new(a, &s->items[s->lv.sel],
                                             s->cached_at, p->fetched_at));
        return UI_DONE;
    case ACT_PAGE_NEXT:
        if (!page_nav_next(&s->nav, s->next_token)) {
            app_message(a, ROLE_NORMAL, "This is the last page.");
            return UI_DONE;
        }
        s->hops = 0;
        load_page(s, a, false);
        return UI_DONE;
    case ACT_PAGE_PREV:
        if (!page_nav_prev(&s->nav)) {
            app_message(a, ROLE_NORMAL, "This is the first page.");
            return UI_DONE;
        }
        s->hops = 0;
        load_page(s, a, false);
        return UI_DONE;
    case ACT_REFRESH:
        reload(s, a);
        return UI_DONE;
    case ACT_REDRIVE:
        ask(s, a, false);
        return UI_DONE;
    case ACT_DLQ_DELETE:
        ask(s, a, true);
        return UI_DONE;
    case ACT_REDRIVE_ALL:
        ask_redrive_all(s, a);
        return UI_DONE;
    case ACT_COPY_ID:
        if (s->count)
            app_copy(a, "message id", s->items[s->lv.sel].message_id);
        else
            app_message(a, ROLE_NORMAL, "%s", s->loaded ? EMPTY : "Nothing "
                                                "is loaded yet.");
        return UI_DONE;
    case ACT_GOTO_ORDER: {
        if (!s->count) {
            app_message(a, ROLE_NORMAL, "%s", s->loaded ? EMPTY : "Nothing is "
                                                                "loaded yet.");
            return UI_DONE;
        }
        const char *order = s->rows[s->lv.sel].order_id;
        if (!*order)
            app_message(a, ROLE_WARNING, "This message names no order.");
        else
            app_push(a, order_pane_new(a, order));
        return UI_DONE;
    }
    default:
        return UI_PASS;
    }
}

static enum ui_result dlq_mouse(struct pane *p, struct app *a,
                                const struct ui_mouse *ev)
{
    struct dlq *s = (struct dlq *)p;
    if (s->refused)
        return UI_DONE;
    return listview_pane_mouse(&s->lv, p, a, ev, dlq_action);
}

/* ---- data ------------------------------------------------------------- */

static bool same_queues(const struct queue_counts *x,
                        const struct queue_counts *y)
{
    return x->visible == y->visible && x->in_flight == y->in_flight &&
           x->oldest_age_s == y->oldest_age_s &&
           x->dlq_count == y->dlq_count &&
           x->dlq_oldest_age_s == y->dlq_oldest_age_s;
}

static bool same_str(const char *x, const char *y)
{
    return x == y || (x && y && !strcmp(x, y));
}

bool dlq_message_same(const struct dlq_message *x,
                      const struct dlq_message *y)
{
    return same_str(x->message_id, y->message_id) &&
           same_str(x->order_id, y->order_id) && same_str(x->body, y->body) &&
           same_str(x->last_error, y->last_error) &&
           x->receive_count == y->receive_count &&
           x->first_failed_at == y->first_failed_at &&
           x->moved_at == y->moved_at;
}

/* Takes o's page (its items move into s) and reads what each is about. */
static void take_page(struct dlq *s, struct op *o)
{
    clear_items(s);
    s->items = o->dlq.items;
    s->count = o->dlq.count;
    s->next_token = o->dlq.next_token;
    o->dlq.items = NULL;
    o->dlq.count = 0;
    o->dlq.next_token = NULL;
    s->rows = xcalloc(s->count ? s->count : 1, sizeof *s->rows);
    for (size_t i = 0; i < s->count; i++)
        dlq_about_read(&s->items[i], &s->rows[i]);
    s->cached_at = o->res.cached_at;
    s->pane.fetched_at = app_fetched_at(o);
    s->loaded = true;
}

/* A background refresh's page came back: nothing is said, nothing drawn
 * unless the page changed; the selection stays on its message (or its
 * place, when it went) and the scroll position stays. */
static void page_refreshed(struct dlq *s, struct app *a, struct op *o)
{
    struct pane *p = &s->pane;
    if (o->cancelled || o->res.rc != API_OK) {
        if (!o->cancelled && o->res.status == 403)
            refuse(s);
        return;
    }
    if (o->dlq.count == 0 && o->dlq.next_token)
        return; /* an empty page of the deployed system's: no news */
    if (o->dlq.count == 0 && page_nav_prev(&s->nav)) {
        /* This page emptied (redriven elsewhere): the one before. */
        load_page(s, a, true);
        return;
    }
    bool same = o->dlq.count == s->count &&
                same_str(o->dlq.next_token, s->next_token);
    for (size_t i = 0; same && i < s->count; i++)
        same = dlq_message_same(&o->dlq.items[i], &s->items[i]);
    if (same) {
        if (s->cached_at != o->res.cached_at)
            p->dirty |= DIRTY_ALL; /* the title's OFFLINE mark */
        s->cached_at = o->res.cached_at;
        p->fetched_at = app_fetched_at(o);
        return;
    }
    char *keep = s->count ? xstrdup(s->items[s->lv.sel].message_id) : NULL;
    take_page(s, o);
    size_t at = (size_t)-1;
    if (keep)
        find(s, keep, &at);
    free(keep);
    listview_set_count(&s->lv, s->count, at);
    free(s->error);
    s->error = NULL;
    p->dirty |= DIRTY_ALL;
}

static void queues_arrived(struct dlq *s, struct app *a, struct op *o)
{
    /* Answers come in the order asked: only the last one counts (the
     * others were cancelled by a newer load). */
    if (--s->queues_pending > 0 || s->refused || o->cancelled) {
        if (s->queues_pending == 0)
            s->queues_req = 0;
        op_free(o);
        return;
    }
    s->queues_req = 0;
    if (o->res.rc == API_OK) {
        /* Drawn again only when a depth changed (a background refresh
         * that brings the same says nothing). */
        if (!s->queues_loaded || !same_queues(&s->queues, &o->queues))
            s->pane.dirty |= DIRTY_ALL;
        s->queues = o->queues;
        s->queues_at = time_now_ms();
        s->queues_loaded = true;
    } else if (o->res.status == 403) {
        refuse(s);
    } else if (!s->req) {
        /* The list's own failure says it already when both fail. */
        app_op_failed(a, o);
    }
    op_free(o);
}

static void page_arrived(struct dlq *s, struct app *a, struct op *o)
{
    if (--s->pending > 0 || s->refused)
        goto out; /* a newer load replaced it */
    s->req = 0;
    if (s->quiet) {
        s->quiet = false;
        page_refreshed(s, a, o);
        goto out;
    }
    s->pane.dirty |= DIRTY_ALL;
    if (o->cancelled) {
        /* Esc: what was shown stays; with nothing shown, say how to
         * load it. */
        if (!s->loaded) {
            free(s->error);
            s->error = xstrdup("Loading was cancelled: r loads the "
                               "dead-letter queue.");
        }
        app_op_failed(a, o);
        goto out;
    }
    if (o->res.rc != API_OK) {
        if (o->res.status == 403) {
            refuse(s);
            goto out;
        }
        free(s->error);
        s->error = s->loaded ? NULL
                             : xstrdup(o->res.message
                                           ? o->res.message
                                           : "The dead-letter queue could "
                                             "not be loaded.");
        app_op_failed(a, o);
        goto out;
    }
    /* The deployed system may answer an empty page that still has a
     * nextToken: follow it (a few times) rather than show nothing. */
    if (o->dlq.count == 0 && o->dlq.next_token && s->hops < EMPTY_HOPS &&
        page_nav_skip(&s->nav, o->dlq.next_token)) {
        s->hops++;
        load_page(s, a, false);
        goto out;
    }
    /* The last messages of a later page went (redriven, deleted): show
     * the page before instead of an empty one. */
    if (o->dlq.count == 0 && page_nav_prev(&s->nav)) {
        free(s->keep_id);
        s->keep_id = NULL;
        s->keep_index = (size_t)-1;
        load_page(s, a, false);
        goto out;
    }
    free(s->error);
    s->error = NULL;
    take_page(s, o);
    size_t keep = (size_t)-1;
    if (s->keep_id && !find(s, s->keep_id, &keep) && s->count &&
        s->keep_index != (size_t)-1)
        keep = s->keep_index < s->count ? s->keep_index : s->count - 1;
    free(s->keep_id);
    s->keep_id = NULL;
    if (keep == (size_t)-1)
        s->lv.sel = 0, s->lv.top = 0;
    listview_set_count(&s->lv, s->count, keep);
out:
    op_free(o);
}

static void dlq_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct dlq *s = (struct dlq *)p;
    switch (o->kind) {
    case OP_QUEUES:
        queues_arrived(s, a, o);
        break;
    case OP_DLQ_LIST:
        page_arrived(s, a, o);
        break;
    case OP_DLQ_REDRIVE:
    case OP_DLQ_DELETE:
    case OP_DLQ_REDRIVE_ALL:
        p->dirty |= DIRTY_ALL;
        write_arrived(s, a, o);
        break;
    default:
        op_free(o);
        break;
    }
}

static void layout(struct dlq *s)
{
    struct pane *p = &s->pane;
    listview_layout(&s->lv, TOP_ROWS, 0, p->h - TOP_ROWS, p->w, 1, 1);
}

static void dlq_resize(struct pane *p, struct app *a)
{
    (void)a;
    layout((struct dlq *)p);
}

static void dlq_focus(struct pane *p, struct app *a, bool on)
{
    struct dlq *s = (struct dlq *)p;
    if (!on)
        return;
    if (!app_admin(a)) {
        refuse(s);
        return;
    }
    if (!s->refused && !s->loaded && !s->pending) {
        s->hops = 0;
        load_queues(s, a);
        load_page(s, a, false);
    }
}

static void dlq_refetch(struct pane *p, struct app *a)
{
    struct dlq *s = (struct dlq *)p;
    if (s->refused || !s->loaded || s->pending || s->write_req)
        return;
    load_queues(s, a);
    load_page(s, a, true);
}

static void dlq_destroy(struct pane *p)
{
    struct dlq *s = (struct dlq *)p;
    clear_items(s);
    free(s->error);
    free(s->keep_id);
    free(s->write_order);
    page_nav_free(&s->nav);
    free(s);
}

static const struct pane_ops DLQ_OPS = {
    .kind = PK_DLQ,
    .title = "DLQ",
    .draw = dlq_draw,
    .action = dlq_action,
    .arrived = dlq_arrived,
    .resize = dlq_resize,
    .focus = dlq_focus,
    .refetch = dlq_refetch,
    .destroy = dlq_destroy,
    .mouse = dlq_mouse,
};

struct pane *dlq_pane_new(struct app *a)
{
    (void)a;
    struct dlq *s = xcalloc(1, sizeof *s);
    pane_init(&s->pane, &DLQ_OPS);
    page_nav_init(&s->nav);
    s->keep_index = (size_t)-1;
    return &s->pane;
}
