/* The detail of one product, over the whole main area: name, price,
 * stock with its warning, category, SKU, dates, image URL and the full
 * description wrapped to the width (Up/Down scroll it). `o` opens the
 * order form; `e` edits and `d` deletes (admins only). It shows the copy
 * it was opened with at once and fetches the product fresh behind it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/timeutil.h"
#include "model/product.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/panes/panes.h"
#include "ui/text.h"

#define LABEL_X 2
#define VALUE_X 13 /* after "Category  " */
#define NAME_IN_QUESTION 48 /* columns of a name quoted in a question */

struct detail {
    struct pane pane;
    struct product prod;    /* what is shown (owned) */
    bool asked;             /* the fresh copy was asked for */
    bool refetch_on_focus;  /* a form we opened may have changed it */
    bool gone;              /* the server says it no longer exists */
    unsigned long req;      /* the GET in flight, 0: none */
    bool quiet;             /* it is a background refresh */
    bool deleting;
    int64_t cached_at;      /* the copy came from the offline cache */
    char *note;             /* the last fetch's failure, or NULL */
    /* The description, wrapped to wrap_w columns. */
    char **lines;
    size_t nlines;
    int wrap_w;
    size_t top;             /* first description line shown */
    int desc_y, desc_rows;  /* where the description goes */
};

static void copy_product(struct product *dst, const struct product *src)
{
    *dst = *src;
    dst->name = src->name ? xstrdup(src->name) : NULL;
    dst->description = src->description ? xstrdup(src->description) : NULL;
    dst->sku = src->sku ? xstrdup(src->sku) : NULL;
    dst->image_url = src->image_url ? xstrdup(src->image_url) : NULL;
    dst->created_by = src->created_by ? xstrdup(src->created_by) : NULL;
}

/* ---- layout ----------------------------------------------------------- */

static void unwrap(struct detail *d)
{
    text_lines_free(d->lines, d->nlines);
    d->lines = NULL;
    d->nlines = 0;
}

static void add_line(struct detail *d, size_t *cap, char *line)
{
    if (d->nlines == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        d->lines = xrealloc(d->lines, *cap * sizeof *d->lines);
    }
    d->lines[d->nlines++] = line;
}

/* Wraps the description by display width, paragraph by paragraph (a
 * description may hold newlines; sanitising alone would fold them). */
static void wrap(struct detail *d, int width)
{
    unwrap(d);
    d->wrap_w = width;
    size_t cap = 0;
    const char *s = d->prod.description ? d->prod.description : "";
    for (;;) {
        size_t n = strcspn(s, "\n");
        char *para = xstrndup(s, n);
        char *clean = sanitize_text(para);
        char **lines;
        size_t count = text_wrap(clean, width, &lines);
        if (count == 0)
            add_line(d, &cap, xstrdup(""));
        for (size_t i = 0; i < count; i++)
            add_line(d, &cap, lines[i]);
        free(lines);
        free(clean);
        free(para);
        if (!s[n])
            break;
        s += n + 1;
    }
    /* Trailing blank lines say nothing. */
    while (d->nlines > 1 && !*d->lines[d->nlines - 1])
        free(d->lines[--d->nlines]);
}

static size_t max_top(const struct detail *d)
{
    size_t rows = d->desc_rows > 0 ? (size_t)d->desc_rows : 0;
    return d->nlines > rows ? d->nlines - rows : 0;
}

/* The rows above the description: title, note, seven or eight facts,
 * a blank, the description's heading. */
static void layout(struct detail *d)
{
    struct pane *p = &d->pane;
    int facts = d->prod.image_url && *d->prod.image_url ? 8 : 7;
    d->desc_y = 2 + facts + 2;
    d->desc_rows = p->h - d->desc_y;
    if (d->desc_rows < 0)
        d->desc_rows = 0;
    int width = p->w - 2 * LABEL_X;
    if (width < 10)
        width = 10;
    if (width != d->wrap_w || !d->lines)
        wrap(d, width);
    if (d->top > max_top(d))
        d->top = max_top(d);
}

/* ---- drawing ---------------------------------------------------------- */

static void fact(struct pane *p, int y, const char *label, const char *value,
                 enum theme_role role)
{
    if (y >= p->h)
        return;
    draw_text(p->win, y, LABEL_X, VALUE_X - LABEL_X, ROLE_DIM, label, 0);
    draw_text(p->win, y, VALUE_X, p->w - VALUE_X - 1, role, value, 0);
}

static void draw_stock(struct detail *d, int y)
{
    struct pane *p = &d->pane;
    if (y >= p->h)
        return;
    long long q = d->prod.quantity;
    char buf[64];
    snprintf(buf, sizeof buf, "%lld in stock", q > 0 ? q : 0);
    draw_text(p->win, y, LABEL_X, VALUE_X - LABEL_X, ROLE_DIM, "Stock", 0);
    int x = VALUE_X;
    x += draw_text(p->win, y, x, p->w - x - 1, ROLE_NORMAL, buf, 0);
    /* A badge in words as well as colour. */
    const char *badge = NULL, *words = NULL;
    enum theme_role role = ROLE_NORMAL;
    char left[48];
    if (q <= 0) {
        badge = "OUT";
        words = "out of stock";
        role = ROLE_OUT_OF_STOCK;
    } else if (q < PRODUCT_LOW_STOCK) {
        badge = "LOW";
        snprintf(left, sizeof left, "only %lld left", q);
        words = left;
        role = ROLE_LOW_STOCK;
    }
    if (!badge)
        return;
    x += draw_text(p->win, y, x, p->w - x - 1, ROLE_NORMAL, "  ", 0);
    x += draw_text_attr(p->win, y, x, p->w - x - 1, role, A_BOLD, badge, 0);
    x += draw_text(p->win, y, x, p->w - x - 1, ROLE_NORMAL, " · ", 0);
    draw_text(p->win, y, x, p->w - x - 1, role, words, 0);
}

static void draw_note(struct detail *d, struct app *a)
{
    struct pane *p = &d->pane;
    char buf[160];
    int64_t offline = app_offline_mark(a, p, d->cached_at);
    if (d->gone) {
        draw_text(p->win, 1, LABEL_X, p->w - 2 * LABEL_X, ROLE_ERROR,
                  "This product no longer exists: it was deleted.", 0);
    } else if (d->note) {
        snprintf(buf, sizeof buf, "Not refreshed: %s", d->note);
        draw_text(p->win, 1, LABEL_X, p->w - 2 * LABEL_X, ROLE_ERROR, buf, 0);
    } else if (offline) {
        char age[32];
        format_age(time_now_ms() - offline, age, sizeof age);
        snprintf(buf, sizeof buf, "OFFLINE: cached %s ago", age);
        draw_text(p->win, 1, LABEL_X, p->w - 2 * LABEL_X, ROLE_WARNING, buf, 0);
    } else if (d->deleting) {
        draw_text(p->win, 1, LABEL_X, p->w - 2 * LABEL_X, ROLE_DIM,
                  "Deleting…", 0);
    }
}

static void draw_description(struct detail *d)
{
    struct pane *p = &d->pane;
    int y = d->desc_y - 1;
    if (y >= p->h)
        return;
    int x = draw_text(p->win, y, LABEL_X, p->w - 2 * LABEL_X, ROLE_DIM,
                      "Description", 0);
    if (d->desc_rows > 0 && d->nlines > (size_t)d->desc_rows) {
        char where[96];
        size_t last = d->top + (size_t)d->desc_rows;
        snprintf(where, sizeof where, " · lines %zu–%zu of %zu, j/k scroll",
                 d->top + 1, last > d->nlines ? d->nlines : last, d->nlines);
        draw_text(p->win, y, LABEL_X + x, p->w - 2 * LABEL_X - x, ROLE_DIM,
                  where, 0);
    }
    for (int r = 0; r < d->desc_rows && d->top + (size_t)r < d->nlines; r++)
        draw_text(p->win, d->desc_y + r, LABEL_X, d->wrap_w, ROLE_NORMAL,
                  d->lines[d->top + (size_t)r], 0);
}

static void detail_draw(struct pane *p, struct app *a)
{
    struct detail *d = (struct detail *)p;
    const struct product *pr = &d->prod;
    werase(p->win);
    char price[32];
    format_price(pr->price, price, sizeof price);
    int pw = text_width(price);
    draw_text_attr(p->win, 0, LABEL_X, p->w - 2 * LABEL_X - pw - 2,
                   ROLE_TITLE, A_BOLD, pr->name, 0);
    draw_text_right(p->win, 0, p->w - LABEL_X, pw, ROLE_PRICE, price);
    /* No selection here: the cursor rests on the product's name. */
    p->cursor_y = 0;
    p->cursor_x = LABEL_X;
    draw_note(d, a);
    int y = 2;
    fact(p, y++, "Price", price, ROLE_PRICE);
    draw_stock(d, y++);
    fact(p, y++, "Category", pr->category, ROLE_NORMAL);
    fact(p, y++, "SKU", pr->sku ? pr->sku : "-", ROLE_NORMAL);
    char when[64];
    format_time(pr->created_at, 0, when, sizeof when);
    fact(p, y++, "Created", when, ROLE_NORMAL);
    format_time(pr->updated_at, 0, when, sizeof when);
    fact(p, y++, "Updated", when, ROLE_NORMAL);
    fact(p, y++, "ID", pr->id, ROLE_DIM);
    if (pr->image_url && *pr->image_url)
        fact(p, y++, "Image", pr->image_url, ROLE_NORMAL);
    draw_description(d);
}

/* ---- requests --------------------------------------------------------- */

/* foreground: asked for with `r` (Esc cancels it); the refresh on
 * opening runs in the background, so Esc goes straight back. One at a
 * time: the answer of the one in flight is as fresh as another's. */
static void fetch(struct detail *d, struct app *a, bool foreground)
{
    if (d->req) {
        d->quiet = false; /* a background refresh is asked for now */
        return;
    }
    struct op *o = op_new(OP_PRODUCT_GET);
    o->id = xstrdup(d->prod.id);
    d->asked = true;
    d->quiet = false;
    d->req = app_submit(a, &d->pane, o, foreground);
}

static void delete_yes(struct pane *p, struct app *a, void *arg)
{
    (void)arg;
    struct detail *d = (struct detail *)p;
    struct op *o = op_new(OP_PRODUCT_DELETE);
    o->id = xstrdup(d->prod.id);
    d->deleting = true;
    p->dirty |= DIRTY_ALL;
    app_submit(a, p, o, true);
}

static void ask_delete(struct detail *d, struct app *a)
{
    char *clean = sanitize_text(d->prod.name);
    char *name = text_cut(clean, NAME_IN_QUESTION);
    char question[512];
    snprintf(question, sizeof question,
             "Delete %s? It cannot be undone.", name);
    free(name);
    free(clean);
    app_confirm(a, &d->pane, question, delete_yes, NULL);
}

/* Shows o's product from now on (it moves into d). */
static void take(struct detail *d, struct op *o)
{
    free(d->note);
    d->note = NULL;
    d->gone = false;
    product_clear(&d->prod);
    d->prod = o->product;
    memset(&o->product, 0, sizeof o->product);
    d->cached_at = o->res.cached_at;
    d->pane.fetched_at = app_fetched_at(o);
    d->wrap_w = 0; /* wrap the new description */
    layout(d);
}

/* A background refresh came back: a product deleted meanwhile is said;
 * otherwise nothing is, and nothing is drawn unless the product changed
 * (the description keeps its scroll position). */
static void refreshed(struct detail *d, struct app *a, struct op *o)
{
    struct pane *p = &d->pane;
    if (o->cancelled || o->res.rc != API_OK) {
        if (!o->cancelled && o->res.status == 404) {
            d->gone = true;
            p->dirty |= DIRTY_ALL;
            app_stale(a, TAB_PRODUCTS);
            app_message(a, ROLE_ERROR, "This product no longer exists.");
        }
        return;
    }
    if (product_equal(&d->prod, &o->product) && !d->note && !d->gone) {
        if (d->cached_at != o->res.cached_at)
            p->dirty |= DIRTY_ALL; /* the OFFLINE mark */
        d->cached_at = o->res.cached_at;
        p->fetched_at = app_fetched_at(o);
        return;
    }
    take(d, o);
    p->dirty |= DIRTY_ALL;
}

static void got_product(struct detail *d, struct app *a, struct op *o)
{
    if (o->cancelled) {
        app_op_failed(a, o);
        return;
    }
    if (o->res.rc != API_OK) {
        if (o->res.status == 404) {
            d->gone = true;
            app_stale(a, TAB_PRODUCTS);
            app_message(a, ROLE_ERROR, "This product no longer exists.");
            return;
        }
        free(d->note);
        d->note = xstrdup(o->res.message ? o->res.message : "failed");
        app_op_failed(a, o);
        return;
    }
    take(d, o);
}

static void deleted(struct detail *d, struct app *a, struct op *o)
{
    d->deleting = false;
    char *clean = sanitize_text(d->prod.name);
    char *name = text_cut(clean, NAME_IN_QUESTION);
    if (!o->cancelled && (o->res.rc == API_OK || o->res.status == 404)) {
        app_message(a, ROLE_OK, "%s %s.", o->res.rc == API_OK ? "Deleted"
                                                              : "Already gone:",
                    name);
        app_stale(a, TAB_PRODUCTS);
        app_close(a, &d->pane);
    } else if (o->cancelled) {
        /* The request may have reached the server: look again. */
        app_message(a, ROLE_WARNING,
                    "Deleting %s: cancelled; it may have been deleted "
                    "already (r shows).",
                    name);
    } else {
        app_op_failed(a, o);
    }
    free(name);
    free(clean);
}

static void detail_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct detail *d = (struct detail *)p;
    if (o->kind == OP_PRODUCT_GET && d->quiet) {
        d->req = 0;
        d->quiet = false;
        refreshed(d, a, o);
    } else if (o->kind == OP_PRODUCT_GET) {
        p->dirty |= DIRTY_ALL;
        d->req = 0;
        got_product(d, a, o);
    } else if (o->kind == OP_PRODUCT_DELETE) {
        p->dirty |= DIRTY_ALL;
        deleted(d, a, o);
    }
    op_free(o);
}

/* ---- keys ------------------------------------------------------------- */

static enum ui_result detail_action(struct pane *p, struct app *a,
                                    enum action act)
{
    struct detail *d = (struct detail *)p;
    switch (act) {
    case ACT_UP:
        if (d->top > 0) {
            d->top--;
            p->dirty |= DIRTY_ALL;
        }
        return UI_DONE;
    case ACT_DOWN:
        if (d->top < max_top(d)) {
            d->top++;
            p->dirty |= DIRTY_ALL;
        }
        return UI_DONE;
    case ACT_REFRESH:
        fetch(d, a, true);
        return UI_DONE;
    case ACT_BACK:
        app_close(a, p);
        return UI_DONE;
    case ACT_ORDER:
        if (d->gone) {
            app_message(a, ROLE_ERROR, "This product no longer exists.");
            return UI_DONE;
        }
        d->refetch_on_focus = true; /* the stock changes */
        app_push(a, order_form_new(a, &d->prod));
        return UI_DONE;
    case ACT_EDIT_PRODUCT:
        if (d->gone) {
            app_message(a, ROLE_ERROR, "This product no longer exists.");
            return UI_DONE;
        }
        d->refetch_on_focus = true;
        app_push(a, product_form_new(a, &d->prod));
        return UI_DONE;
    case ACT_DELETE_PRODUCT:
        if (d->deleting)
            return UI_DONE;
        ask_delete(d, a);
        return UI_DONE;
    case ACT_COPY_ID:
        app_copy(a, "product id", d->prod.id);
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

static void detail_resize(struct pane *p, struct app *a)
{
    (void)a;
    layout((struct detail *)p);
}

static void detail_focus(struct pane *p, struct app *a, bool on)
{
    struct detail *d = (struct detail *)p;
    if (on && (!d->asked || d->refetch_on_focus) && !d->gone) {
        d->refetch_on_focus = false;
        fetch(d, a, false);
    }
}

static void detail_refetch(struct pane *p, struct app *a)
{
    struct detail *d = (struct detail *)p;
    if (d->req || d->gone || d->deleting)
        return;
    fetch(d, a, false);
    d->quiet = true;
}

static void detail_destroy(struct pane *p)
{
    struct detail *d = (struct detail *)p;
    product_clear(&d->prod);
    unwrap(d);
    free(d->note);
    free(d);
}

static const struct pane_ops DETAIL_OPS = {
    .kind = PK_DETAIL,
    .title = "Product",
    .draw = detail_draw,
    .action = detail_action,
    .arrived = detail_arrived,
    .resize = detail_resize,
    .focus = detail_focus,
    .refetch = detail_refetch,
    .destroy = detail_destroy,
};

struct pane *detail_pane_new(struct app *a, const struct product *p)
{
    (void)a;
    struct detail *d = xcalloc(1, sizeof *d);
    pane_init(&d->pane, &DETAIL_OPS);
    copy_product(&d->prod, p);
    return &d->pane;
}
