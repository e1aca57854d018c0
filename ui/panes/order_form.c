/* The order form, an overlay over a product's detail: the quantity
 * (digits only, prefilled 1) with the total kept up to date on every
 * key, the range a person may order stated beside it, and Enter to ask
 * "Order 3 × Widget for $36.00?". One Idempotency-Key is made when the
 * form opens and sent with every try, so a try again after a failure or
 * a cancel never places the order twice. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/uuid.h"
#include "model/order.h"
#include "model/product.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/panes/panes.h"
#include "ui/text.h"
#include "ui/widgets/field.h"
#include "ui/widgets/note.h"

#define FORM_W 64
#define FORM_H 12
#define QTY_DIGITS 6
#define QTY_BOX 8
#define NAME_IN_SENTENCE 40

struct order_form {
    struct pane pane;
    char product_id[UUID_STR_LEN];
    char *name;             /* sanitised and cut, for sentences */
    long long price;        /* cents */
    long long stock;        /* as last known */
    struct field qty;
    char key[UUID_STR_LEN]; /* the Idempotency-Key of every try */
    long long asked;        /* the quantity confirmed */
    bool placing;
    struct note note;       /* under the field: a refusal, a failure */
};

static long long limit(const struct order_form *f)
{
    return f->stock < ORDER_QUANTITY_MAX ? f->stock : ORDER_QUANTITY_MAX;
}

/* The quantity typed, or -1 when the field is empty. */
static long long quantity(const struct order_form *f)
{
    if (f->qty.len == 0)
        return -1;
    long long q = 0;
    for (size_t i = 0; i < f->qty.len; i++)
        q = q * 10 + (f->qty.text[i] - L'0');
    return q;
}

/* ---- drawing ---------------------------------------------------------- */

static void order_form_place(const struct pane *p, int rows, int cols, int *y,
                             int *x, int *h, int *w)
{
    (void)p;
    *w = cols < FORM_W ? cols : FORM_W;
    *h = rows < FORM_H ? rows : FORM_H;
    *y = rows > *h ? (rows - *h) / 2 : 0;
    *x = (cols - *w) / 2;
}

static void range_sentence(const struct order_form *f, char *out, size_t size)
{
    if (f->stock <= ORDER_QUANTITY_MAX)
        snprintf(out, size, "1 to %lld: %lld in stock", limit(f), f->stock);
    else
        snprintf(out, size, "1 to %d: the most one order may take",
                 ORDER_QUANTITY_MAX);
}

static void order_form_draw(struct pane *p, struct app *a)
{
    (void)a;
    struct order_form *f = (struct order_form *)p;
    int w = p->w - 4;
    werase(p->win);
    wbkgdset(p->win, theme_attr(ROLE_DIALOG) | ' ');
    draw_frame(p->win, "Order");
    draw_text_attr(p->win, 1, 2, w, ROLE_TITLE, A_BOLD, f->name, 0);
    char price[32], line[160];
    format_price(f->price, price, sizeof price);
    snprintf(line, sizeof line, "%s each", price);
    draw_text(p->win, 2, 2, w, ROLE_PRICE, line, 0);
    if (f->stock <= 0) {
        draw_text_attr(p->win, 4, 2, w, ROLE_OUT_OF_STOCK, A_BOLD,
                       "OUT of stock: this product cannot be ordered now.", 0);
    } else {
        int x = 2;
        x += draw_text(p->win, 4, x, w, ROLE_NORMAL, "Quantity ", 0);
        int cx = field_draw(p->win, 4, x, QTY_BOX, &f->qty, !f->placing);
        if (!f->placing) {
            p->cursor_y = 4;
            p->cursor_x = cx;
            p->cursor_shown = true;
        }
        x += QTY_BOX + 2;
        long long q = quantity(f);
        char total[32];
        if (q > 0)
            format_price(q * f->price, total, sizeof total);
        else
            snprintf(total, sizeof total, "-");
        snprintf(line, sizeof line, "Total %s", total);
        draw_text_attr(p->win, 4, x, p->w - x - 2, ROLE_PRICE, A_BOLD, line,
                       0);
        range_sentence(f, line, sizeof line);
        draw_text(p->win, 5, 2 + 9, w - 9, ROLE_DIM, line, 0);
    }
    if (f->note.text) {
        char *clean = sanitize_text(f->note.text);
        char **lines;
        size_t n = text_wrap(clean, w, &lines);
        for (size_t i = 0; i < n && i < 3 && 7 + (int)i < p->h - 2; i++)
            draw_text(p->win, 7 + (int)i, 2, w, f->note.role, lines[i], 0);
        text_lines_free(lines, n);
        free(clean);
    }
    if (p->h > 3) {
        const char *keys = f->stock <= 0 ? "Esc back"
                           : f->placing  ? "Placing the order…  Esc cancels"
                                         : "Enter order  Esc back";
        draw_text(p->win, p->h - 2, 2, w, ROLE_DIM, keys, 0);
    }
}

/* ---- placing ---------------------------------------------------------- */

static void order_yes(struct pane *p, struct app *a, void *arg)
{
    (void)arg;
    struct order_form *f = (struct order_form *)p;
    struct op *o = op_new(OP_ORDER_CREATE);
    o->product_id = xstrdup(f->product_id);
    o->quantity = f->asked;
    free(o->idempotency_key);
    o->idempotency_key = xstrdup(f->key);
    f->placing = true;
    note_clear(&f->note);
    p->dirty |= DIRTY_ALL;
    app_submit(a, p, o, true);
}

static void submit(struct order_form *f, struct app *a)
{
    if (f->stock <= 0) {
        app_message(a, ROLE_ERROR, "Out of stock: nothing can be ordered.");
        return;
    }
    if (f->placing) {
        app_message(a, ROLE_NORMAL, "The order is on its way.");
        return;
    }
    long long q = quantity(f), max = limit(f);
    if (q < 1 || q > max) {
        if (q > f->stock)
            note_set(&f->note, ROLE_ERROR,
                     "%lld is more than the %lld in stock: choose 1 to %lld.",
                     q, f->stock, max);
        else if (q > max)
            note_set(&f->note, ROLE_ERROR,
                     "At most %d in one order: choose 1 to %lld.",
                     ORDER_QUANTITY_MAX, max);
        else
            note_set(&f->note, ROLE_ERROR, "Choose a quantity from 1 to %lld.",
                     max);
        return;
    }
    f->asked = q;
    char total[32], question[256];
    format_price(q * f->price, total, sizeof total);
    snprintf(question, sizeof question, "Order %lld × %s for %s?", q, f->name,
             total);
    app_confirm(a, &f->pane, question, order_yes, NULL);
}

/* 409 INSUFFICIENT_STOCK: details {requested, available}. */
static void insufficient(struct order_form *f, struct app *a,
                         const struct op *o)
{
    const cJSON *av = cJSON_GetObjectItemCaseSensitive(o->res.details,
                                                       "available");
    if (!cJSON_IsNumber(av)) {
        note_set(&f->note, ROLE_ERROR, "Not enough stock for %lld.",
                 f->asked);
        app_op_failed(a, o);
        return;
    }
    f->stock = av->valuedouble > 0 ? (long long)av->valuedouble : 0;
    app_stale(a, TAB_PRODUCTS);
    if (f->stock == 0) {
        note_set(&f->note, ROLE_ERROR,
                 "Sold out meanwhile: none available (you asked for %lld).",
                 f->asked);
        app_message(a, ROLE_ERROR, "Not placed: out of stock.");
        return;
    }
    note_set(&f->note, ROLE_ERROR,
             "Only %lld available now (you asked for %lld): choose 1 to %lld.",
             f->stock, f->asked, limit(f));
    app_message(a, ROLE_ERROR, "Not placed: only %lld available.", f->stock);
}

/* 422 naming the Idempotency-Key: the key already placed an order
 * with another body (a try whose answer was lost, then a new quantity). */
static bool key_reused(const struct op *o)
{
    if (o->res.status != 422 || !cJSON_IsArray(o->res.details))
        return false;
    const cJSON *d;
    cJSON_ArrayForEach(d, o->res.details)
    {
        const cJSON *field = cJSON_GetObjectItemCaseSensitive(d, "field");
        if (cJSON_IsString(field) &&
            !strcmp(field->valuestring, "Idempotency-Key"))
            return true;
    }
    return false;
}

static void order_form_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct order_form *f = (struct order_form *)p;
    f->placing = false;
    p->dirty |= DIRTY_ALL;
    if (o->cancelled) {
        note_set(&f->note, ROLE_WARNING,
                 "Cancelled: it may have been placed already. Enter tries "
                 "again safely: this order is never placed twice.");
        app_op_failed(a, o);
    } else if (o->res.rc == API_OK) {
        char total[32];
        format_price(o->order.total_amount ? o->order.total_amount
                                           : f->asked * f->price,
                     total, sizeof total);
        app_message(a, ROLE_OK, "Order %.8s placed (%s): %lld × %s for %s. "
                                "2 shows your orders.",
                    o->order.id, o->order.status[0] ? o->order.status : "PENDING",
                    f->asked, f->name, total);
        app_stale(a, TAB_ORDERS);
        app_stale(a, TAB_PRODUCTS);
        app_close(a, p);
    } else if (o->res.code && !strcmp(o->res.code, "INSUFFICIENT_STOCK")) {
        insufficient(f, a, o);
    } else if (key_reused(o)) {
        /* An earlier try went through, for another quantity. */
        note_set(&f->note, ROLE_WARNING,
                 "An earlier try of this order was placed already: 2 shows "
                 "your orders.");
        app_stale(a, TAB_ORDERS);
        app_stale(a, TAB_PRODUCTS);
    } else if (o->res.rc == API_UNREACHABLE) {
        note_set(&f->note, ROLE_ERROR,
                 "No answer from the API. Enter tries again safely: this "
                 "order is never placed twice.");
        app_op_failed(a, o);
    } else {
        note_set(&f->note, ROLE_ERROR, "Not placed: %s",
                 o->res.message ? o->res.message : "refused");
        app_op_failed(a, o);
    }
    op_free(o);
}

/* ---- keys ------------------------------------------------------------- */

static enum ui_result order_form_key(struct pane *p, struct app *a, int key)
{
    (void)a;
    struct order_form *f = (struct order_form *)p;
    if (f->stock <= 0 || f->placing)
        return UI_PASS;
    long long before = quantity(f);
    if (!field_key(&f->qty, key))
        return UI_PASS;
    if (quantity(f) != before && f->note.text && f->note.role == ROLE_ERROR)
        note_clear(&f->note);
    p->dirty |= DIRTY_ALL; /* the total follows every key */
    return UI_DONE;
}

static enum ui_result order_form_action(struct pane *p, struct app *a,
                                        enum action act)
{
    struct order_form *f = (struct order_form *)p;
    switch (act) {
    case ACT_SUBMIT:
        submit(f, a);
        p->dirty |= DIRTY_ALL; /* a refusal shows under the field */
        return UI_DONE;
    case ACT_BACK:
        app_close(a, p);
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

static void order_form_destroy(struct pane *p)
{
    struct order_form *f = (struct order_form *)p;
    field_free(&f->qty);
    free(f->name);
    note_clear(&f->note);
    free(f);
}

static const struct pane_ops ORDER_FORM_OPS = {
    .kind = PK_ORDER_FORM,
    .title = "Order",
    .draw = order_form_draw,
    .key = order_form_key,
    .action = order_form_action,
    .arrived = order_form_arrived,
    .place = order_form_place,
    .destroy = order_form_destroy,
};

struct pane *order_form_new(struct app *a, const struct product *p)
{
    (void)a;
    struct order_form *f = xcalloc(1, sizeof *f);
    pane_init(&f->pane, &ORDER_FORM_OPS);
    snprintf(f->product_id, sizeof f->product_id, "%s", p->id);
    char *clean = sanitize_text(p->name);
    f->name = text_cut(clean, NAME_IN_SENTENCE);
    free(clean);
    f->price = p->price;
    f->stock = p->quantity > 0 ? p->quantity : 0;
    field_init(&f->qty, "Quantity", QTY_DIGITS, "1");
    f->qty.digits = true;
    uuid_v4(f->key);
    return &f->pane;
}
