/* The orders tab: the signed-in user's order history, newest first, as a
 * table that fits 80 columns (short id, product, quantity, total, status
 * badge, local date; the columns go by priority as the width shrinks);
 * a status filter (`f`), pages with going back (`n`/`p`), Enter for the
 * order, `x` to cancel one (asks first), `r` to fetch again keeping the
 * selection.
 *
 * PENDING orders turn CONFIRMED without a key press: while the page
 * shows one, the pane fetches the same page again in the background,
 * 1 s, 2 s, 4 s … (at most 30 s) apart, starting again at 1 s when an
 * order settles or a person loads the list. One list request per round,
 * not one GET per pending order: the API worker runs requests one at a
 * time, so a round of twenty GETs would queue in front of whatever a
 * person asks for next, over a slow link for many seconds; one page is
 * also what a person sees, new orders included. Polling goes on while
 * the tab is hidden (the loop ticks hidden tabs) and stops when nothing
 * on the page is pending. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "client/pager.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "model/order.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/panes/choice.h"
#include "ui/panes/order_ui.h"
#include "ui/panes/panes.h"
#include "ui/widgets/listview.h"
#include "ui/widgets/pagebar.h"

#define PAGE_LIMIT 20
#define EMPTY_HOPS 20 /* empty pages with a nextToken followed in a row */
#define STATUS_CHOICES 4 /* all, then ORDER_STATUSES */

struct orders {
    struct pane pane;
    struct listview lv;
    /* What is asked for. */
    int status;         /* index into ORDER_STATUSES, -1: all */
    struct page_nav nav;
    /* What came back. */
    struct order *items;
    size_t count;
    char *next_token;
    bool loaded;
    int64_t cached_at;
    char *error;        /* the last load's failure, shown in the pane */
    unsigned char *redraw; /* per item: its row changed (partial redraw) */
    bool any_redraw;
    /* Requests in flight, known by their op (arrived gets it back). */
    struct op *load_op; /* what a person waits for */
    unsigned long load_req;
    struct op *poll_op; /* the background round */
    unsigned long poll_req;
    int hops;           /* empty pages followed for this load */
    char *keep_id;      /* select this order when the page arrives */
    int64_t backoff_ms; /* the wait before the next poll */
};

static void clear_items(struct orders *s)
{
    for (size_t i = 0; i < s->count; i++)
        order_clear(&s->items[i]);
    free(s->items);
    s->items = NULL;
    s->count = 0;
    free(s->next_token);
    s->next_token = NULL;
    free(s->redraw);
    s->redraw = NULL;
    s->any_redraw = false;
}

static struct op *list_op(const struct orders *s)
{
    struct op *o = op_new(OP_ORDERS_LIST);
    o->limit = PAGE_LIMIT;
    if (s->status >= 0)
        o->status = xstrdup(ORDER_STATUSES[s->status]);
    const char *tok = page_nav_token(&s->nav);
    if (tok)
        o->token = xstrdup(tok);
    return o;
}

static void stop_polling(struct orders *s, struct app *a)
{
    if (s->poll_op)
        app_cancel(a, s->poll_req);
    s->poll_op = NULL; /* its answer, cancelled, is dropped */
    s->pane.due_ms = 0;
}

/* Fetches the page page_nav says, with the filter. */
static void load(struct orders *s, struct app *a)
{
    stop_polling(s, a);
    if (s->load_op)
        app_cancel(a, s->load_req);
    s->load_op = list_op(s);
    s->load_req = app_submit(a, &s->pane, s->load_op, true);
}

static void reload_first(struct orders *s, struct app *a)
{
    page_nav_reset(&s->nav);
    s->hops = 0;
    free(s->keep_id);
    s->keep_id = NULL;
    load(s, a);
}

static size_t pending_count(const struct orders *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->items[i].status, "PENDING"))
            n++;
    return n;
}

/* The next round in backoff_ms while the page shows a PENDING order. */
static void schedule_poll(struct orders *s)
{
    if (pending_count(s) == 0) {
        s->pane.due_ms = 0;
        s->backoff_ms = ORDER_UI_POLL_FIRST_MS;
        return;
    }
    s->pane.due_ms = time_mono_ms() + s->backoff_ms;
}

static void layout(struct orders *s)
{
    struct pane *p = &s->pane;
    /* Row 0: what is shown; row 1: the column names. */
    listview_layout(&s->lv, 2, 0, p->h - 2, p->w, 1, 1);
}

/* ---- drawing ---------------------------------------------------------- */

/* Widths include the gap after the column. Status and product always
 * show; as the width shrinks the date goes first, then the id, the
 * quantity and the total. */
#define PRODUCT_COL_MAX 60 /* columns */

struct columns {
    int id, product, qty, total, status, date;
};

static void table_columns(int w, struct columns *c)
{
    int avail = w - 2; /* the selection marker */
    c->status = 10;    /* CONFIRMED, CANCELLED */
    c->date = avail >= 70 ? 17 : 0; /* 2024-05-01 12:34 */
    c->id = avail >= 52 ? 10 : 0;
    c->qty = avail >= 42 ? 5 : 0;
    c->total = avail >= 32 ? 12 : 0;
    c->product = avail - c->status - c->date - c->id - c->qty - c->total;
    if (c->product < 6)
        c->product = 6;
    /* On a wide screen the columns stay together (see products.c). */
    if (c->product > PRODUCT_COL_MAX)
        c->product = PRODUCT_COL_MAX;
}

static void draw_row(WINDOW *win, int y, int x, int h, int w, size_t i,
                     bool sel, void *ctx)
{
    (void)h;
    struct orders *s = ctx;
    const struct order *o = &s->items[i];
    enum theme_role base = sel ? ROLE_SELECTED : ROLE_NORMAL;
    struct columns c;
    table_columns(w, &c);
    draw_fill(win, y, x, w, base);
    /* A marker that shows the selection without colour. */
    draw_text(win, y, x, 1, base, sel ? "▌" : " ", 0);
    int cx = x + 2;
    if (c.id) {
        char sid[ORDER_UI_SHORT_ID];
        order_ui_short_id(o->id, sid);
        draw_text(win, y, cx, c.id - 2, sel ? base : ROLE_DIM, sid, 0);
        cx += c.id;
    }
    char unnamed[32];
    const char *name = o->product_name;
    if (!name || !*name) {
        snprintf(unnamed, sizeof unnamed, "product %.8s", o->product_id);
        name = unnamed;
    }
    draw_text(win, y, cx, c.product - 1, base, name, 0);
    cx += c.product;
    if (c.qty) {
        char qty[24];
        snprintf(qty, sizeof qty, "%lld", o->quantity);
        draw_text_right(win, y, cx + c.qty - 1, c.qty - 1, base, qty);
        cx += c.qty;
    }
    if (c.total) {
        char total[32];
        format_price(o->total_amount, total, sizeof total);
        draw_text_right(win, y, cx + c.total - 2, c.total - 2,
                        sel ? base : ROLE_PRICE, total);
        cx += c.total;
    }
    draw_text_attr(win, y, cx, c.status - 1,
                   sel ? base : theme_status_role(o->status), A_BOLD,
                   o->status, 0);
    cx += c.status;
    if (c.date) {
        char when[40];
        format_time(o->created_at, 0, when, sizeof when);
        draw_text(win, y, cx, c.date - 1, sel ? base : ROLE_DIM, when, 0);
    }
}

static void draw_column_names(struct orders *s)
{
    struct pane *p = &s->pane;
    struct columns c;
    table_columns(p->w, &c);
    draw_fill(p->win, 1, 0, p->w, ROLE_NORMAL);
    int x = 2;
    if (c.id) {
        draw_text(p->win, 1, x, c.id - 2, ROLE_DIM, "ID", 0);
        x += c.id;
    }
    draw_text(p->win, 1, x, c.product - 1, ROLE_DIM, "PRODUCT", 0);
    x += c.product;
    if (c.qty) {
        draw_text_right(p->win, 1, x + c.qty - 1, c.qty - 1, ROLE_DIM, "QTY");
        x += c.qty;
    }
    if (c.total) {
        draw_text_right(p->win, 1, x + c.total - 2, c.total - 2, ROLE_DIM,
                        "TOTAL");
        x += c.total;
    }
    draw_text(p->win, 1, x, c.status - 1, ROLE_DIM, "STATUS", 0);
    x += c.status;
    if (c.date)
        draw_text(p->win, 1, x, c.date - 1, ROLE_DIM, "PLACED", 0);
}

static void draw_header_line(struct orders *s, struct app *a)
{
    struct pane *p = &s->pane;
    char what[64];
    snprintf(what, sizeof what, "Orders%s%s", s->status >= 0 ? " · " : "",
             s->status >= 0 ? ORDER_STATUSES[s->status] : "");
    struct pagebar b = {
        .what = what, .loaded = s->loaded, .page = page_nav_index(&s->nav),
        .last = !s->next_token, .count = s->count,
        .cached_at = app_offline_mark(a, p, s->cached_at),
    };
    pagebar_draw(p->win, 0, p->w, &b);
}

static void orders_draw(struct pane *p, struct app *a)
{
    struct orders *s = (struct orders *)p;
    bool full = (p->dirty & DIRTY_ALL) != 0;
    if (full) {
        werase(p->win);
        s->lv.full = true;
    }
    draw_header_line(s, a);
    if (!s->loaded || s->count == 0) {
        char empty[128];
        const char *msg = "Loading orders…";
        if (s->error)
            msg = s->error;
        else if (s->loaded && s->status >= 0) {
            snprintf(empty, sizeof empty,
                     "No %s orders%s. f changes the filter.",
                     ORDER_STATUSES[s->status],
                     page_nav_index(&s->nav) ? " on this page" : "");
            msg = empty;
        } else if (s->loaded) {
            msg = page_nav_index(&s->nav)
                      ? "No orders on this page: p goes back."
                      : "No orders yet. Open a product (1, then Enter) and "
                        "press o to order it.";
        }
        draw_text(p->win, 2, 2, p->w - 4, s->error ? ROLE_ERROR : ROLE_DIM,
                  msg, 0);
        return;
    }
    if (full)
        draw_column_names(s);
    int row = listview_draw(&s->lv, p->win, full, draw_row, s);
    /* Rows whose order changed (a poll, a cancel), unless drawn above. */
    if (s->any_redraw && !full) {
        for (size_t i = s->lv.top;
             i < s->count && i < s->lv.top + listview_visible(&s->lv); i++)
            if (s->redraw[i])
                draw_row(p->win, s->lv.y + (int)(i - s->lv.top), s->lv.x, 1,
                         s->lv.w, i, i == s->lv.sel, s);
    }
    if (s->any_redraw)
        memset(s->redraw, 0, s->count);
    s->any_redraw = false;
    if (row >= 0) {
        p->cursor_y = row;
        p->cursor_x = 0;
    }
}

/* Item i changed in place: only its row is drawn again. */
static void mark_row(struct orders *s, size_t i)
{
    s->redraw[i] = 1;
    s->any_redraw = true;
    s->pane.dirty |= DIRTY_SELECTION;
}

/* ---- keys ------------------------------------------------------------- */

static void status_chosen(struct pane *p, struct app *a, size_t i)
{
    struct orders *s = (struct orders *)p;
    if ((int)i - 1 == s->status)
        return;
    s->status = (int)i - 1;
    reload_first(s, a);
    p->dirty |= DIRTY_ALL;
}

static void pick_status(struct orders *s, struct app *a)
{
    const char *opts[STATUS_CHOICES];
    size_t n = 0;
    opts[n++] = "all";
    for (size_t i = 0; ORDER_STATUSES[i] && n < STATUS_CHOICES; i++)
        opts[n++] = ORDER_STATUSES[i];
    app_push(a, choice_pane_new(&s->pane, "Status", opts, n,
                                (size_t)(s->status + 1), status_chosen));
}

static enum ui_result orders_action(struct pane *p, struct app *a,
                                    enum action act)
{
    struct orders *s = (struct orders *)p;
    if (listview_act(&s->lv, act, &p->dirty))
        return UI_DONE;
    switch (act) {
    case ACT_OPEN:
        if (s->count)
            app_push(a, order_pane_new(a, s->items[s->lv.sel].id));
        return UI_DONE;
    case ACT_PAGE_NEXT:
        if (!s->next_token) {
            app_message(a, ROLE_NORMAL, "This is the last page.");
            return UI_DONE;
        }
        if (!page_nav_next(&s->nav, s->next_token)) {
            app_message(a, ROLE_WARNING,
                        "The API gave a page already seen: this is the last "
                        "page.");
            return UI_DONE;
        }
        s->hops = 0;
        free(s->keep_id);
        s->keep_id = NULL;
        load(s, a);
        return UI_DONE;
    case ACT_PAGE_PREV:
        if (!page_nav_prev(&s->nav)) {
            app_message(a, ROLE_NORMAL, "This is the first page.");
            return UI_DONE;
        }
        s->hops = 0;
        free(s->keep_id);
        s->keep_id = NULL;
        load(s, a);
        return UI_DONE;
    case ACT_REFRESH:
        free(s->keep_id);
        s->keep_id = s->count ? xstrdup(s->items[s->lv.sel].id) : NULL;
        s->hops = 0;
        load(s, a);
        return UI_DONE;
    case ACT_BACK:
        /* Esc clears the filter, as it clears the products' search. */
        if (s->status >= 0) {
            s->status = -1;
            reload_first(s, a);
            p->dirty |= DIRTY_ALL;
        }
        return UI_DONE;
    case ACT_STATUS_FILTER:
        pick_status(s, a);
        return UI_DONE;
    case ACT_CANCEL_ORDER:
        if (s->count)
            order_ui_cancel_ask(a, p, &s->items[s->lv.sel]);
        return UI_DONE;
    case ACT_COPY_ID:
        if (s->count)
            app_copy(a, "order id", s->items[s->lv.sel].id);
        else
            app_message(a, ROLE_NORMAL, "No order is selected.");
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

static enum ui_result orders_mouse(struct pane *p, struct app *a,
                                   const struct ui_mouse *ev)
{
    struct orders *s = (struct orders *)p;
    return listview_pane_mouse(&s->lv, p, a, ev, orders_action);
}

/* ---- data ------------------------------------------------------------- */

static size_t find(const struct orders *s, const char *id)
{
    for (size_t i = 0; id && i < s->count; i++)
        if (!strcmp(s->items[i].id, id))
            return i;
    return (size_t)-1;
}

/* Takes the page of o (its items move into s); selects keep_id, else
 * (it went) the row at the same place, else (none asked) the first row. */
static void take_page(struct orders *s, struct op *o, const char *keep_id)
{
    clear_items(s);
    s->items = o->orders.items;
    s->count = o->orders.count;
    s->next_token = o->orders.next_token;
    o->orders.items = NULL;
    o->orders.count = 0;
    o->orders.next_token = NULL;
    s->redraw = xcalloc(s->count ? s->count : 1, 1);
    s->cached_at = o->res.cached_at;
    s->pane.fetched_at = app_fetched_at(o);
    s->loaded = true;
    size_t keep = find(s, keep_id);
    if (!keep_id)
        s->lv.sel = 0, s->lv.top = 0;
    listview_set_count(&s->lv, s->count, keep);
}

static void load_arrived(struct orders *s, struct app *a, struct op *o)
{
    struct pane *p = &s->pane;
    s->load_op = NULL;
    p->dirty |= DIRTY_ALL;
    if (o->cancelled) {
        app_message(a, ROLE_WARNING, "Loading orders: cancelled.");
        if (!s->loaded) {
            free(s->error);
            s->error = xstrdup("Loading the orders was cancelled: r tries "
                               "again.");
        }
        schedule_poll(s);
        return;
    }
    if (o->res.rc != API_OK) {
        free(s->error);
        s->error = s->loaded ? NULL
                             : xstrdup(o->res.message ? o->res.message
                                                      : "The orders could "
                                                        "not be loaded.");
        app_op_failed(a, o);
        schedule_poll(s);
        return;
    }
    /* The deployed system's scans may answer an empty page that still
     * has a nextToken: follow it (a few times) rather than show nothing. */
    if (o->orders.count == 0 && o->orders.next_token && s->hops < EMPTY_HOPS &&
        page_nav_skip(&s->nav, o->orders.next_token)) {
        s->hops++;
        load(s, a);
        return;
    }
    free(s->error);
    s->error = NULL;
    take_page(s, o, s->keep_id);
    free(s->keep_id);
    s->keep_id = NULL;
    s->backoff_ms = ORDER_UI_POLL_FIRST_MS;
    schedule_poll(s);
}

/* True when page o holds the same orders in the same places as s. */
static bool same_rows(const struct orders *s, const struct op *o)
{
    if (o->orders.count != s->count ||
        (o->orders.next_token == NULL) != (s->next_token == NULL))
        return false;
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(o->orders.items[i].id, s->items[i].id))
            return false;
    return true;
}

static bool same_order(const struct order *x, const struct order *y)
{
    return !strcmp(x->status, y->status) && x->updated_at == y->updated_at &&
           x->quantity == y->quantity && x->total_amount == y->total_amount;
}

static void poll_arrived(struct orders *s, struct app *a, struct op *o)
{
    s->poll_op = NULL;
    /* A failure, or an answer from the offline cache, says nothing new:
     * the rows stay, the next round comes later. */
    if (o->cancelled || o->res.rc != API_OK || o->res.cached_at > 0 ||
        (o->orders.count == 0 && o->orders.next_token)) {
        s->backoff_ms = order_ui_backoff(s->backoff_ms);
        schedule_poll(s);
        return;
    }
    bool settled = false; /* an order left PENDING */
    if (same_rows(s, o)) {
        /* The usual case: only statuses change; their rows alone are
         * drawn again. */
        for (size_t i = 0; i < s->count; i++) {
            struct order *mine = &s->items[i], *now = &o->orders.items[i];
            if (same_order(mine, now))
                continue;
            if (!strcmp(mine->status, "PENDING") &&
                strcmp(now->status, "PENDING"))
                settled = true;
            order_clear(mine);
            *mine = *now;
            memset(now, 0, sizeof *now);
            mark_row(s, i);
        }
        s->pane.fetched_at = time_now_ms();
        if (s->cached_at) {
            s->cached_at = 0;
            s->pane.dirty |= DIRTY_ALL;
        }
    } else {
        /* Orders came or went (placed elsewhere, or settled out of the
         * PENDING filter): the page is taken whole, the selection kept. */
        size_t before = pending_count(s);
        char *keep = s->count ? xstrdup(s->items[s->lv.sel].id) : NULL;
        take_page(s, o, keep);
        free(keep);
        settled = pending_count(s) < before;
        s->pane.dirty |= DIRTY_ALL;
    }
    s->backoff_ms = settled ? ORDER_UI_POLL_FIRST_MS
                            : order_ui_backoff(s->backoff_ms);
    schedule_poll(s);
}

static void cancel_arrived(struct orders *s, struct app *a, struct op *o)
{
    char status[16];
    enum order_ui_cancel r = order_ui_cancel_result(a, o, status);
    size_t i = find(s, o->id);
    if (i == (size_t)-1)
        return;
    if (r == ORDER_UI_CANCELLED && o->order.id[0]) {
        order_clear(&s->items[i]);
        s->items[i] = o->order;
        memset(&o->order, 0, sizeof o->order);
        mark_row(s, i);
    } else if (r == ORDER_UI_REFUSED && status[0]) {
        snprintf(s->items[i].status, sizeof s->items[i].status, "%s", status);
        mark_row(s, i);
    }
    schedule_poll(s);
}

static void orders_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct orders *s = (struct orders *)p;
    if (o->kind == OP_ORDER_CANCEL)
        cancel_arrived(s, a, o);
    else if (o == s->load_op)
        load_arrived(s, a, o);
    else if (o == s->poll_op)
        poll_arrived(s, a, o);
    /* Anything else was superseded (a load replaced, a poll stopped). */
    op_free(o);
}

static void orders_tick(struct pane *p, struct app *a, int64_t now_ms)
{
    (void)now_ms;
    struct orders *s = (struct orders *)p;
    /* A load in flight brings the page anyway and schedules again. */
    if (s->load_op || s->poll_op || pending_count(s) == 0)
        return;
    s->poll_op = list_op(s);
    s->poll_req = app_submit(a, p, s->poll_op, false);
}

/* The background refresh is a polling round: the rows that changed are
 * drawn again, the selection stays on its order. */
static void orders_refetch(struct pane *p, struct app *a)
{
    struct orders *s = (struct orders *)p;
    if (s->load_op || s->poll_op || !s->loaded)
        return;
    s->poll_op = list_op(s);
    s->poll_req = app_submit(a, p, s->poll_op, false);
}

static void orders_resize(struct pane *p, struct app *a)
{
    (void)a;
    layout((struct orders *)p);
}

static void orders_focus(struct pane *p, struct app *a, bool on)
{
    struct orders *s = (struct orders *)p;
    if (on && !s->loaded && !s->load_op)
        load(s, a);
}

static void orders_destroy(struct pane *p)
{
    struct orders *s = (struct orders *)p;
    clear_items(s);
    free(s->error);
    free(s->keep_id);
    page_nav_free(&s->nav);
    free(s);
}

static const struct pane_ops ORDERS_OPS = {
    .kind = PK_ORDERS,
    .title = "Orders",
    .draw = orders_draw,
    .action = orders_action,
    .arrived = orders_arrived,
    .resize = orders_resize,
    .focus = orders_focus,
    .tick = orders_tick,
    .refetch = orders_refetch,
    .destroy = orders_destroy,
    .mouse = orders_mouse,
};

struct pane *orders_pane_new(struct app *a)
{
    (void)a;
    struct orders *s = xcalloc(1, sizeof *s);
    pane_init(&s->pane, &ORDERS_OPS);
    s->status = -1;
    s->backoff_ms = ORDER_UI_POLL_FIRST_MS;
    page_nav_init(&s->nav);
    return &s->pane;
}

const struct order *orders_pane_items(struct pane *p, size_t *n)
{
    if (!p || p->ops != &ORDERS_OPS) {
        *n = 0;
        return NULL;
    }
    struct orders *s = (struct orders *)p;
    *n = s->count;
    return s->items;
}
