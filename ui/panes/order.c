/* One order over the whole main area, fetched by id (from the orders tab,
 * or from the DLQ pane's `g`): every field of it, the status as a badge;
 * `x` cancels (asks first), `r` fetches again, Esc goes back. A PENDING
 * order is fetched again in the background, 1 s, 2 s, 4 s … (at most
 * 30 s) apart, until it settles, so CONFIRMED shows without a key
 * press. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "model/order.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/panes/order_ui.h"
#include "ui/panes/panes.h"

#define LABEL_X 2
#define VALUE_X 14 /* after "Product id  " */

struct order_view {
    struct pane pane;
    char *id;            /* the order asked for */
    struct order ord;    /* what is shown, once loaded (owned) */
    bool loaded;
    int64_t cached_at;   /* the copy came from the offline cache */
    char *error;         /* the last fetch's failure, or NULL */
    /* Requests in flight, known by their op. */
    struct op *load_op;
    unsigned long load_req;
    struct op *poll_op;
    unsigned long poll_req;
    int64_t backoff_ms;
};

static struct op *get_op(const struct order_view *v)
{
    struct op *o = op_new(OP_ORDER_GET);
    o->id = xstrdup(v->id);
    return o;
}

static void stop_polling(struct order_view *v, struct app *a)
{
    if (v->poll_op)
        app_cancel(a, v->poll_req);
    v->poll_op = NULL;
    v->pane.due_ms = 0;
}

static void load(struct order_view *v, struct app *a)
{
    stop_polling(v, a);
    if (v->load_op)
        app_cancel(a, v->load_req);
    v->load_op = get_op(v);
    v->load_req = app_submit(a, &v->pane, v->load_op, true);
}

static void schedule_poll(struct order_view *v)
{
    if (!v->loaded || strcmp(v->ord.status, "PENDING")) {
        v->pane.due_ms = 0;
        v->backoff_ms = ORDER_UI_POLL_FIRST_MS;
        return;
    }
    v->pane.due_ms = time_mono_ms() + v->backoff_ms;
}

/* Shows o's order from now on (it moves into v). */
static void take(struct order_view *v, struct op *o)
{
    order_clear(&v->ord);
    v->ord = o->order;
    memset(&o->order, 0, sizeof o->order);
    v->loaded = true;
    v->cached_at = o->res.cached_at;
    v->pane.fetched_at = app_fetched_at(o);
    free(v->error);
    v->error = NULL;
}

/* ---- drawing ---------------------------------------------------------- */

static int fact(struct pane *p, int y, const char *label, const char *value,
                enum theme_role role)
{
    if (y >= p->h)
        return y + 1;
    draw_text(p->win, y, LABEL_X, VALUE_X - LABEL_X, ROLE_DIM, label, 0);
    draw_text(p->win, y, VALUE_X, p->w - VALUE_X - 1, role, value, 0);
    return y + 1;
}

static void draw_note(struct order_view *v, struct app *a)
{
    struct pane *p = &v->pane;
    char buf[200];
    int64_t offline = app_offline_mark(a, p, v->cached_at);
    if (v->error) {
        snprintf(buf, sizeof buf, "%s%s", v->loaded ? "Not refreshed: " : "",
                 v->error);
        draw_text(p->win, 1, LABEL_X, p->w - 2 * LABEL_X, ROLE_ERROR, buf, 0);
    } else if (offline) {
        char age[32];
        format_age(time_now_ms() - offline, age, sizeof age);
        snprintf(buf, sizeof buf, "OFFLINE: cached %s ago", age);
        draw_text(p->win, 1, LABEL_X, p->w - 2 * LABEL_X, ROLE_WARNING, buf,
                  0);
    }
}

static void draw_status(struct order_view *v, int y)
{
    struct pane *p = &v->pane;
    if (y >= p->h)
        return;
    draw_text(p->win, y, LABEL_X, VALUE_X - LABEL_X, ROLE_DIM, "Status", 0);
    int x = VALUE_X;
    x += draw_text_attr(p->win, y, x, p->w - x - 1,
                        theme_status_role(v->ord.status), A_BOLD,
                        v->ord.status, 0);
    if (!strcmp(v->ord.status, "PENDING"))
        draw_text(p->win, y, x, p->w - x - 1, ROLE_DIM,
                  "  · waiting to be confirmed; checked by itself", 0);
}

static void order_draw(struct pane *p, struct app *a)
{
    struct order_view *v = (struct order_view *)p;
    werase(p->win);
    char sid[ORDER_UI_SHORT_ID], buf[160];
    order_ui_short_id(v->id, sid);
    snprintf(buf, sizeof buf, "Order %s", sid);
    draw_text_attr(p->win, 0, 1, p->w - 2, ROLE_TITLE, A_BOLD, buf, 0);
    /* No selection here: the cursor rests on the title. */
    p->cursor_y = 0;
    p->cursor_x = 1;
    draw_note(v, a);
    if (!v->loaded) {
        if (!v->error)
            draw_text(p->win, 2, LABEL_X, p->w - 2 * LABEL_X, ROLE_DIM,
                      "Loading the order…", 0);
        return;
    }
    const struct order *o = &v->ord;
    int y = 2;
    y = fact(p, y, "Order id", o->id, ROLE_NORMAL);
    draw_status(v, y++);
    y = fact(p, y, "Product",
             o->product_name && *o->product_name ? o->product_name : "-",
             ROLE_NORMAL);
    y = fact(p, y, "Product id", o->product_id[0] ? o->product_id : "-",
             ROLE_DIM);
    snprintf(buf, sizeof buf, "%lld", o->quantity);
    y = fact(p, y, "Quantity", buf, ROLE_NORMAL);
    char money[32];
    format_price(o->price_per_unit, money, sizeof money);
    snprintf(buf, sizeof buf, "%s each", money);
    y = fact(p, y, "Price", buf, ROLE_PRICE);
    format_price(o->total_amount, money, sizeof money);
    y = fact(p, y, "Total", money, ROLE_PRICE);
    if (o->user_email && *o->user_email)
        y = fact(p, y, "Customer", o->user_email, ROLE_NORMAL);
    else if (o->user_id && *o->user_id)
        y = fact(p, y, "Customer", o->user_id, ROLE_DIM);
    format_time(o->created_at, 1, buf, sizeof buf);
    y = fact(p, y, "Placed", buf, ROLE_NORMAL);
    format_time(o->updated_at, 1, buf, sizeof buf);
    fact(p, y, "Updated", buf, ROLE_NORMAL);
}

/* ---- keys ------------------------------------------------------------- */

static enum ui_result order_action(struct pane *p, struct app *a,
                                   enum action act)
{
    struct order_view *v = (struct order_view *)p;
    switch (act) {
    case ACT_BACK:
        app_close(a, p);
        return UI_DONE;
    case ACT_REFRESH:
        load(v, a);
        return UI_DONE;
    case ACT_CANCEL_ORDER:
        if (!v->loaded) {
            app_message(a, ROLE_NORMAL, "The order is not loaded yet.");
            return UI_DONE;
        }
        order_ui_cancel_ask(a, p, &v->ord);
        return UI_DONE;
    case ACT_COPY_ID:
        app_copy(a, "order id", v->loaded ? v->ord.id : v->id);
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

/* ---- data ------------------------------------------------------------- */

static void load_arrived(struct order_view *v, struct app *a, struct op *o)
{
    v->load_op = NULL;
    v->pane.dirty |= DIRTY_ALL;
    if (o->cancelled) {
        app_message(a, ROLE_WARNING, "Loading the order: cancelled.");
        if (!v->loaded) {
            free(v->error);
            v->error = xstrdup("Loading was cancelled: r tries again.");
        }
    } else if (o->res.rc != API_OK) {
        free(v->error);
        if (o->res.status == 404)
            v->error = xstrdup("This order does not exist (or no longer "
                               "does).");
        else if (o->res.status == 403)
            v->error = xstrdup("This order is someone else's: only its "
                               "owner or an administrator may see it.");
        else
            v->error = xstrdup(o->res.message ? o->res.message
                                              : "The order could not be "
                                                "loaded.");
        app_op_failed(a, o);
    } else {
        take(v, o);
        v->backoff_ms = ORDER_UI_POLL_FIRST_MS;
    }
    schedule_poll(v);
}

static void poll_arrived(struct order_view *v, struct app *a, struct op *o)
{
    v->poll_op = NULL;
    if (!o->cancelled && o->res.rc == API_OK && o->res.cached_at == 0 &&
        (strcmp(o->order.status, v->ord.status) ||
         o->order.updated_at != v->ord.updated_at)) {
        take(v, o);
        v->pane.dirty |= DIRTY_ALL;
        /* The list under it (or the tab, when we came from the DLQ)
         * shows it again when it comes back. */
        app_stale(a, TAB_ORDERS);
    } else if (!o->cancelled && o->res.rc == API_OK && o->res.cached_at == 0) {
        /* The same order, now seen live. */
        v->pane.fetched_at = time_now_ms();
        if (v->cached_at) {
            v->cached_at = 0;
            v->pane.dirty |= DIRTY_ALL;
        }
    }
    v->backoff_ms = order_ui_backoff(v->backoff_ms);
    schedule_poll(v);
}

static void cancel_arrived(struct order_view *v, struct app *a, struct op *o)
{
    v->pane.dirty |= DIRTY_ALL;
    char status[16];
    enum order_ui_cancel r = order_ui_cancel_result(a, o, status);
    if (r == ORDER_UI_CANCELLED && o->order.id[0]) {
        stop_polling(v, a);
        take(v, o);
    } else if (r == ORDER_UI_REFUSED && status[0]) {
        snprintf(v->ord.status, sizeof v->ord.status, "%s", status);
    }
    if (r != ORDER_UI_FAILED)
        app_stale(a, TAB_ORDERS);
    schedule_poll(v);
}

static void order_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct order_view *v = (struct order_view *)p;
    if (o->kind == OP_ORDER_CANCEL)
        cancel_arrived(v, a, o);
    else if (o == v->load_op)
        load_arrived(v, a, o);
    else if (o == v->poll_op)
        poll_arrived(v, a, o);
    op_free(o);
}

static void order_tick(struct pane *p, struct app *a, int64_t now_ms)
{
    (void)now_ms;
    struct order_view *v = (struct order_view *)p;
    if (v->load_op || v->poll_op || !v->loaded ||
        strcmp(v->ord.status, "PENDING"))
        return;
    v->poll_op = get_op(v);
    v->poll_req = app_submit(a, p, v->poll_op, false);
}

/* The background refresh is a polling round: drawn again only when the
 * order changed. */
static void order_refetch(struct pane *p, struct app *a)
{
    struct order_view *v = (struct order_view *)p;
    if (v->load_op || v->poll_op || !v->loaded)
        return;
    v->poll_op = get_op(v);
    v->poll_req = app_submit(a, p, v->poll_op, false);
}

static void order_focus(struct pane *p, struct app *a, bool on)
{
    struct order_view *v = (struct order_view *)p;
    if (on && !v->loaded && !v->load_op && !v->error)
        load(v, a);
}

static void order_destroy(struct pane *p)
{
    struct order_view *v = (struct order_view *)p;
    order_clear(&v->ord);
    free(v->id);
    free(v->error);
    free(v);
}

static const struct pane_ops ORDER_OPS = {
    .kind = PK_ORDER,
    .title = "Order",
    .draw = order_draw,
    .action = order_action,
    .arrived = order_arrived,
    .focus = order_focus,
    .tick = order_tick,
    .refetch = order_refetch,
    .destroy = order_destroy,
};

struct pane *order_pane_new(struct app *a, const char *order_id)
{
    (void)a;
    struct order_view *v = xcalloc(1, sizeof *v);
    pane_init(&v->pane, &ORDER_OPS);
    v->id = xstrdup(order_id ? order_id : "");
    v->backoff_ms = ORDER_UI_POLL_FIRST_MS;
    return &v->pane;
}
