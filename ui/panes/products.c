/* The products tab: a grid of cards that reflows with the width (one
 * column at 80 columns, more on wider screens) or a dense table (`t`);
 * search (`/`), category (`c`), pages with going back (`n`/`p`), and
 * Enter for the detail. The page shown is the API's page: nothing is
 * fetched ahead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "client/pager.h"
#include "common/mem.h"
#include "common/timeutil.h"
#include "model/product.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/panes/choice.h"
#include "ui/panes/panes.h"
#include "ui/text.h"
#include "ui/widgets/field.h"
#include "ui/widgets/listview.h"
#include "ui/widgets/pagebar.h"

#define PAGE_LIMIT 20
#define CARD_MIN_W 50 /* 80 columns: one card a line; 160: three */
#define CARD_H 3
#define TABLE_NAME_MAX 60 /* columns */
#define EMPTY_HOPS 20 /* empty pages with a nextToken followed in a row */

struct products {
    struct pane pane;
    struct listview lv;
    bool table;
    /* What is asked for. */
    char *search;   /* applied search, NULL: none */
    int category;   /* index into PRODUCT_CATEGORIES, -1: all */
    struct page_nav nav;
    /* What came back. */
    struct product *items;
    size_t count;
    char *next_token;
    bool loaded;
    int64_t cached_at;
    char *error;        /* the last load's failure, shown in the pane */
    /* The request in flight: its id (to cancel it) and the op itself (an
     * answer to any other op is one this pane replaced). */
    unsigned long req;
    const struct op *pending;
    bool quiet;         /* it is a background refresh (pane_ops.refetch) */
    int hops;           /* empty pages followed for this load */
    char *keep_id;      /* select this product when the page arrives */
    /* Search being typed. */
    bool editing;
    struct field query;
};

static void clear_items(struct products *s)
{
    for (size_t i = 0; i < s->count; i++)
        product_clear(&s->items[i]);
    free(s->items);
    s->items = NULL;
    s->count = 0;
    free(s->next_token);
    s->next_token = NULL;
}

/* Fetches the page page_nav says, with the filters; quiet: in the
 * background, to replace what is shown only if it changed. */
static void fetch(struct products *s, struct app *a, bool quiet)
{
    if (s->req)
        app_cancel(a, s->req);
    struct op *o = op_new(OP_PRODUCTS_LIST);
    o->limit = PAGE_LIMIT;
    if (s->search)
        o->search = xstrdup(s->search);
    if (s->category >= 0)
        o->category = xstrdup(PRODUCT_CATEGORIES[s->category]);
    const char *tok = page_nav_token(&s->nav);
    if (tok)
        o->token = xstrdup(tok);
    s->pending = o;
    s->quiet = quiet;
    s->req = app_submit(a, &s->pane, o, !quiet);
}

static void load(struct products *s, struct app *a)
{
    fetch(s, a, false);
}

static void reload_first(struct products *s, struct app *a)
{
    page_nav_reset(&s->nav);
    s->hops = 0;
    free(s->keep_id);
    s->keep_id = NULL;
    load(s, a);
}

static int grid_cols(int w)
{
    int cols = w / CARD_MIN_W;
    return cols < 1 ? 1 : cols;
}

static void layout(struct products *s)
{
    struct pane *p = &s->pane;
    int top = 1; /* the pane's own header line */
    int h = p->h - top;
    if (s->table)
        listview_layout(&s->lv, top + 1, 0, h - 1, p->w, 1, 1);
    else
        listview_layout(&s->lv, top, 0, h, p->w, grid_cols(p->w), CARD_H);
}

/* ---- drawing ---------------------------------------------------------- */

static void stock_text(const struct product *pr, char *out, size_t size,
                       enum theme_role *role, const char **badge)
{
    *badge = NULL;
    *role = ROLE_NORMAL;
    if (pr->quantity <= 0) {
        snprintf(out, size, "0 in stock");
        *badge = "OUT";
        *role = ROLE_OUT_OF_STOCK;
    } else {
        snprintf(out, size, "%lld in stock", pr->quantity);
        if (pr->quantity < PRODUCT_LOW_STOCK) {
            *badge = "LOW";
            *role = ROLE_LOW_STOCK;
        }
    }
}

static void draw_card(WINDOW *win, int y, int x, int h, int w, size_t i,
                      bool sel, void *ctx)
{
    struct products *s = ctx;
    const struct product *pr = &s->items[i];
    enum theme_role base = sel ? ROLE_SELECTED : ROLE_NORMAL;
    int inner = w - 3;
    for (int r = 0; r < h - 1; r++)
        draw_fill(win, y + r, x, w - 1, base);
    /* A marker that shows the selection without colour. */
    draw_text(win, y, x, 1, base, sel ? "▌" : " ", 0);
    draw_text(win, y + 1, x, 1, base, sel ? "▌" : " ", 0);
    char price[32];
    format_price(pr->price, price, sizeof price);
    int pw = text_width(price);
    draw_text_attr(win, y, x + 2, inner - pw - 1, base, A_BOLD, pr->name, 0);
    draw_text_right(win, y, x + 2 + inner, pw, sel ? base : ROLE_PRICE, price);
    char stock[48];
    enum theme_role srole;
    const char *badge;
    stock_text(pr, stock, sizeof stock, &srole, &badge);
    char right[64];
    snprintf(right, sizeof right, "%s%s%s", stock, badge ? "  " : "",
             badge ? badge : "");
    int rw = text_width(right);
    char meta[160];
    snprintf(meta, sizeof meta, "SKU %s · %s", pr->sku ? pr->sku : "?",
             pr->category);
    draw_text(win, y + 1, x + 2, inner - rw - 1, sel ? base : ROLE_DIM, meta,
              0);
    int sx = x + 2 + inner - rw;
    int used = draw_text(win, y + 1, sx, rw, base, stock, 0);
    if (badge) {
        draw_text(win, y + 1, sx + used, 2, base, "  ", 0);
        draw_text_attr(win, y + 1, sx + used + 2, 3, sel ? base : srole,
                       A_BOLD, badge, 0);
    }
    if (h > 2)
        draw_fill(win, y + h - 1, x, w, ROLE_NORMAL);
}

struct columns {
    int name, sku, cat, price, stock;
};

static void table_columns(int w, struct columns *c)
{
    c->price = 13;
    c->stock = 11;
    c->cat = w >= 70 ? 12 : 0;
    c->sku = w >= 90 ? 18 : (w >= 60 ? 12 : 0);
    c->name = w - 2 - c->price - c->stock - c->cat - c->sku;
    if (c->name < 8)
        c->name = 8;
    /* On a wide screen the columns stay together: a name column of 150
     * leaves the eye no way across the row. */
    if (c->name > TABLE_NAME_MAX)
        c->name = TABLE_NAME_MAX;
}

static void draw_row(WINDOW *win, int y, int x, int h, int w, size_t i,
                     bool sel, void *ctx)
{
    (void)h;
    struct products *s = ctx;
    const struct product *pr = &s->items[i];
    enum theme_role base = sel ? ROLE_SELECTED : ROLE_NORMAL;
    struct columns c;
    table_columns(w, &c);
    draw_fill(win, y, x, w, base);
    draw_text(win, y, x, 1, base, sel ? "▌" : " ", 0);
    int cx = x + 2;
    draw_text(win, y, cx, c.name - 1, base, pr->name, 0);
    cx += c.name;
    if (c.sku) {
        draw_text(win, y, cx, c.sku - 1, sel ? base : ROLE_DIM, pr->sku, 0);
        cx += c.sku;
    }
    if (c.cat) {
        draw_text(win, y, cx, c.cat - 1, sel ? base : ROLE_DIM, pr->category, 0);
        cx += c.cat;
    }
    char price[32];
    format_price(pr->price, price, sizeof price);
    draw_text_right(win, y, cx + c.price - 1, c.price - 1,
                    sel ? base : ROLE_PRICE, price);
    cx += c.price;
    char qty[32];
    snprintf(qty, sizeof qty, "%lld", pr->quantity);
    draw_text_right(win, y, cx + 6, 6, base, qty);
    if (pr->quantity <= 0)
        draw_text_attr(win, y, cx + 7, 3, sel ? base : ROLE_OUT_OF_STOCK,
                       A_BOLD, "OUT", 0);
    else if (pr->quantity < PRODUCT_LOW_STOCK)
        draw_text_attr(win, y, cx + 7, 3, sel ? base : ROLE_LOW_STOCK, A_BOLD,
                       "LOW", 0);
}

static void draw_header_line(struct products *s, struct app *a)
{
    struct pane *p = &s->pane;
    if (s->editing) {
        draw_fill(p->win, 0, 0, p->w, ROLE_NORMAL);
        int x = draw_text(p->win, 0, 1, p->w - 1, ROLE_KEY, "Search: ", 0) + 1;
        int cx = field_draw(p->win, 0, x, p->w - x - 1, &s->query, true);
        p->cursor_y = 0;
        p->cursor_x = cx;
        p->cursor_shown = true;
        return;
    }
    char what[256];
    int n = snprintf(what, sizeof what, "Products");
    if (s->search)
        n += snprintf(what + n, sizeof what - (size_t)n, " · search \"%s\"",
                      s->search);
    if (s->category >= 0)
        snprintf(what + n, sizeof what - (size_t)n, " · %s",
                 PRODUCT_CATEGORIES[s->category]);
    struct pagebar b = {
        .what = what, .loaded = s->loaded, .page = page_nav_index(&s->nav),
        .last = !s->next_token, .count = s->count,
        .cached_at = app_offline_mark(a, p, s->cached_at),
    };
    pagebar_draw(p->win, 0, p->w, &b);
}

static void products_draw(struct pane *p, struct app *a)
{
    struct products *s = (struct products *)p;
    bool full = (p->dirty & DIRTY_ALL) != 0;
    if (full) {
        werase(p->win);
        s->lv.full = true;
    }
    draw_header_line(s, a);
    if (!s->loaded || s->count == 0) {
        const char *msg = !s->loaded ? "Loading products…"
                          : s->search || s->category >= 0
                              ? "No products match. Esc clears the search; "
                                "c changes the category."
                              : app_admin(a) ? "No products yet: a adds one."
                                             : "No products yet.";
        if (s->error)
            msg = s->error;
        draw_text(p->win, 2, 2, p->w - 4, s->error ? ROLE_ERROR : ROLE_DIM,
                  msg, 0);
        return;
    }
    if (s->table && full) {
        struct columns c;
        table_columns(p->w, &c);
        int x = 2;
        draw_text(p->win, 1, x, c.name - 1, ROLE_DIM, "NAME", 0);
        x += c.name;
        if (c.sku) {
            draw_text(p->win, 1, x, c.sku - 1, ROLE_DIM, "SKU", 0);
            x += c.sku;
        }
        if (c.cat) {
            draw_text(p->win, 1, x, c.cat - 1, ROLE_DIM, "CATEGORY", 0);
            x += c.cat;
        }
        draw_text_right(p->win, 1, x + c.price - 1, c.price - 1, ROLE_DIM,
                        "PRICE");
        x += c.price;
        draw_text(p->win, 1, x, 10, ROLE_DIM, " STOCK", 0);
    }
    int row = listview_draw(&s->lv, p->win, full,
                            s->table ? draw_row : draw_card, s);
    if (!s->editing && row >= 0) {
        p->cursor_y = row;
        p->cursor_x = 0;
    }
}

/* ---- keys ------------------------------------------------------------- */

static void category_chosen(struct pane *p, struct app *a, size_t i)
{
    struct products *s = (struct products *)p;
    s->category = (int)i - 1;
    reload_first(s, a);
    p->dirty |= DIRTY_ALL;
}

static void pick_category(struct products *s, struct app *a)
{
    const char *opts[16];
    size_t n = 0;
    opts[n++] = "all categories";
    for (size_t i = 0; PRODUCT_CATEGORIES[i] && n < 16; i++)
        opts[n++] = PRODUCT_CATEGORIES[i];
    app_push(a, choice_pane_new(&s->pane, "Category", opts, n,
                                (size_t)(s->category + 1), category_chosen));
}

static enum ui_result products_key(struct pane *p, struct app *a, int key)
{
    struct products *s = (struct products *)p;
    if (!s->editing)
        return UI_PASS;
    p->dirty |= DIRTY_ALL;
    if (key == UI_ENTER || key == '\n') {
        char *q = field_value(&s->query);
        s->editing = false;
        free(s->search);
        s->search = *q ? q : NULL;
        if (!*q)
            free(q);
        reload_first(s, a);
        return UI_DONE;
    }
    if (key == UI_ESC) {
        s->editing = false;
        bool had = s->search != NULL;
        free(s->search);
        s->search = NULL;
        field_set(&s->query, NULL);
        if (had)
            reload_first(s, a);
        return UI_DONE;
    }
    field_key(&s->query, key);
    return UI_DONE;
}

static enum ui_result products_action(struct pane *p, struct app *a,
                                      enum action act)
{
    struct products *s = (struct products *)p;
    if (listview_act(&s->lv, act, &p->dirty))
        return UI_DONE;
    switch (act) {
    case ACT_OPEN:
        if (s->count) {
            /* The detail shows the list's copy (as old as it) at once. */
            struct pane *d = detail_pane_new(a, &s->items[s->lv.sel]);
            d->fetched_at = p->fetched_at;
            app_push(a, d);
        }
        return UI_DONE;
    case ACT_PAGE_NEXT:
        if (!s->next_token) {
            app_message(a, ROLE_NORMAL, "This is the last page.");
            return UI_DONE;
        }
        page_nav_next(&s->nav, s->next_token);
        s->hops = 0;
        load(s, a);
        return UI_DONE;
    case ACT_PAGE_PREV:
        if (!page_nav_prev(&s->nav)) {
            app_message(a, ROLE_NORMAL, "This is the first page.");
            return UI_DONE;
        }
        s->hops = 0;
        load(s, a);
        return UI_DONE;
    case ACT_REFRESH:
        free(s->keep_id);
        s->keep_id = s->count ? xstrdup(s->items[s->lv.sel].id) : NULL;
        load(s, a);
        return UI_DONE;
    case ACT_SEARCH:
        s->editing = true;
        field_set(&s->query, s->search);
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    case ACT_BACK:
        if (s->search) {
            free(s->search);
            s->search = NULL;
            field_set(&s->query, NULL);
            reload_first(s, a);
            p->dirty |= DIRTY_ALL;
        }
        return UI_DONE;
    case ACT_CATEGORY:
        pick_category(s, a);
        return UI_DONE;
    case ACT_TOGGLE_VIEW:
        s->table = !s->table;
        layout(s);
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    case ACT_ADD_PRODUCT:
        app_push(a, product_form_new(a, NULL));
        return UI_DONE;
    case ACT_COPY_ID:
        if (s->count)
            app_copy(a, "product id", s->items[s->lv.sel].id);
        else
            app_message(a, ROLE_NORMAL, "No product is selected.");
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

static enum ui_result products_mouse(struct pane *p, struct app *a,
                                     const struct ui_mouse *ev)
{
    struct products *s = (struct products *)p;
    return listview_pane_mouse(&s->lv, p, a, ev, products_action);
}

/* ---- data ------------------------------------------------------------- */

static bool same_str(const char *x, const char *y)
{
    return x == y || (x && y && !strcmp(x, y));
}

/* True when o's page holds what is shown, item for item. */
static bool same_page(const struct products *s, const struct op *o)
{
    if (o->products.count != s->count ||
        !same_str(o->products.next_token, s->next_token))
        return false;
    for (size_t i = 0; i < s->count; i++)
        if (!product_equal(&o->products.items[i], &s->items[i]))
            return false;
    return true;
}

/* Takes o's page (its items move into s). */
static void take_page(struct products *s, struct op *o)
{
    clear_items(s);
    s->items = o->products.items;
    s->count = o->products.count;
    s->next_token = o->products.next_token;
    o->products.items = NULL;
    o->products.count = 0;
    o->products.next_token = NULL;
    s->cached_at = o->res.cached_at;
    s->pane.fetched_at = app_fetched_at(o);
    s->loaded = true;
}

static size_t find(const struct products *s, const char *id)
{
    for (size_t i = 0; id && i < s->count; i++)
        if (!strcmp(s->items[i].id, id))
            return i;
    return (size_t)-1;
}

/* A background refresh came back: nothing is said, and nothing is drawn
 * unless the page changed; the selection stays on its product (or its
 * place, when the product went) and the scroll position stays. */
static void refreshed(struct products *s, struct op *o)
{
    struct pane *p = &s->pane;
    if (o->cancelled || o->res.rc != API_OK ||
        (o->products.count == 0 && o->products.next_token))
        return;
    if (same_page(s, o)) {
        int64_t was = s->cached_at;
        s->cached_at = o->res.cached_at;
        p->fetched_at = app_fetched_at(o);
        /* Only the title line's OFFLINE mark may differ; a partial draw
         * draws it (and no item). */
        if (was != s->cached_at)
            p->dirty |= DIRTY_SELECTION;
        return;
    }
    char *keep = s->count ? xstrdup(s->items[s->lv.sel].id) : NULL;
    take_page(s, o);
    listview_set_count(&s->lv, s->count, find(s, keep));
    free(keep);
    free(s->error);
    s->error = NULL;
    p->dirty |= DIRTY_ALL;
}

static void products_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct products *s = (struct products *)p;
    if (o != s->pending) { /* replaced by a newer load: nothing to say */
        op_free(o);
        return;
    }
    s->req = 0;
    s->pending = NULL;
    if (s->quiet) {
        s->quiet = false;
        refreshed(s, o);
        op_free(o);
        return;
    }
    p->dirty |= DIRTY_ALL;
    if (o->cancelled) {
        app_message(a, ROLE_WARNING, "Loading products: cancelled.");
        op_free(o);
        return;
    }
    if (o->res.rc != API_OK) {
        free(s->error);
        s->error = s->loaded ? NULL
                             : xstrdup(o->res.message ? o->res.message
                                                      : "The products could "
                                                        "not be loaded.");
        app_op_failed(a, o);
        op_free(o);
        return;
    }
    /* The deployed system's scans may answer an empty page that still
     * has a nextToken: follow it (a few times) rather than show nothing. */
    if (o->products.count == 0 && o->products.next_token &&
        s->hops < EMPTY_HOPS && page_nav_skip(&s->nav, o->products.next_token)) {
        s->hops++;
        op_free(o);
        load(s, a);
        return;
    }
    free(s->error);
    s->error = NULL;
    take_page(s, o);
    size_t keep = find(s, s->keep_id);
    free(s->keep_id);
    s->keep_id = NULL;
    if (keep == (size_t)-1)
        s->lv.sel = 0, s->lv.top = 0;
    listview_set_count(&s->lv, s->count, keep);
    op_free(o);
}

static void products_refetch(struct pane *p, struct app *a)
{
    struct products *s = (struct products *)p;
    /* A load on its way brings the page anyway; a search being typed
     * is left alone. */
    if (s->req || s->editing || !s->loaded)
        return;
    fetch(s, a, true);
}

static void products_resize(struct pane *p, struct app *a)
{
    (void)a;
    layout((struct products *)p);
}

static void products_focus(struct pane *p, struct app *a, bool on)
{
    struct products *s = (struct products *)p;
    if (on && !s->loaded && !s->req)
        load(s, a);
}

static void products_destroy(struct pane *p)
{
    struct products *s = (struct products *)p;
    clear_items(s);
    free(s->search);
    free(s->error);
    free(s->keep_id);
    page_nav_free(&s->nav);
    field_free(&s->query);
    free(s);
}

static const struct pane_ops PRODUCTS_OPS = {
    .kind = PK_PRODUCTS,
    .title = "Products",
    .draw = products_draw,
    .key = products_key,
    .action = products_action,
    .arrived = products_arrived,
    .resize = products_resize,
    .focus = products_focus,
    .refetch = products_refetch,
    .destroy = products_destroy,
    .mouse = products_mouse,
};

struct pane *products_pane_new(struct app *a)
{
    (void)a;
    struct products *s = xcalloc(1, sizeof *s);
    pane_init(&s->pane, &PRODUCTS_OPS);
    s->category = -1;
    page_nav_init(&s->nav);
    field_init(&s->query, "Search", PRODUCT_SEARCH_MAX, NULL);
    return &s->pane;
}

/* ---- for the command line (panes.h) ----------------------------------- */

void products_pane_search(struct pane *p, struct app *a, const char *text)
{
    if (!p || p->ops != &PRODUCTS_OPS)
        return;
    struct products *s = (struct products *)p;
    s->editing = false;
    free(s->search);
    s->search = text && *text ? xstrdup(text) : NULL;
    field_set(&s->query, s->search);
    reload_first(s, a);
    p->dirty |= DIRTY_ALL;
}

void products_pane_category(struct pane *p, struct app *a, int i, bool ask)
{
    if (!p || p->ops != &PRODUCTS_OPS)
        return;
    struct products *s = (struct products *)p;
    if (ask) {
        pick_category(s, a);
        return;
    }
    category_chosen(p, a, (size_t)(i + 1));
}
