/* Adding or editing a product (admins): one line per field, each with
 * its limits or its error right under the box. On sending, the fields
 * are checked the way the server checks them — the request body is
 * built and run through the shared rules (model/product.h
 * product_input_parse) — and the server's own field errors land beside
 * the same fields. An edit sends only the fields that changed. The
 * category is typed or, with Enter on its field, picked from the list. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "common/mem.h"
#include "common/uuid.h"
#include "model/product.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/panes/choice.h"
#include "ui/panes/panes.h"
#include "ui/text.h"
#include "ui/widgets/field.h"
#include "ui/widgets/note.h"

enum { F_NAME, F_DESC, F_CATEGORY, F_PRICE, F_QUANTITY, F_SKU, F_IMAGE,
       F_COUNT };

/* The fields in the order shown; json is the member the API names. */
static const struct {
    const char *label, *json;
    size_t max; /* characters */
} SPECS[F_COUNT] = {
    [F_NAME] = {"Name", "name", PRODUCT_NAME_MAX},
    [F_DESC] = {"Description", "description", PRODUCT_DESC_MAX},
    [F_CATEGORY] = {"Category", "category", 16},
    [F_PRICE] = {"Price", "price", 16},
    [F_QUANTITY] = {"Quantity", "quantity", 7},
    [F_SKU] = {"SKU", "sku", PRODUCT_SKU_MAX},
    [F_IMAGE] = {"Image URL", "imageUrl", PRODUCT_IMAGE_URL_MAX},
};

#define LABEL_W 14
#define BOX_X 16
#define BOX_MAX 60
#define TOP 2 /* the title, a blank */

struct product_form {
    struct pane pane;
    bool edit;
    char id[UUID_STR_LEN];
    char *title;
    char *orig[F_COUNT];        /* edit: the values as first shown */
    long long orig_price, orig_quantity;
    struct field f[F_COUNT];
    int active;
    char key[UUID_STR_LEN];     /* the Idempotency-Key of every add try */
    bool sending;
    struct note note;           /* a sentence for the whole form */
};

static int field_index(const char *json)
{
    for (int i = 0; i < F_COUNT; i++)
        if (json && !strcmp(SPECS[i].json, json))
            return i;
    return -1;
}

/* The rules speak of the JSON's cents; a person typed dollars. */
static void set_field_error(struct product_form *s, int i, const char *msg)
{
    if (i == F_PRICE && !strncmp(msg, "price must be from", 18)) {
        char lo[32], hi[32], buf[96];
        format_price(1, lo, sizeof lo);
        format_price(PRODUCT_PRICE_MAX, hi, sizeof hi);
        snprintf(buf, sizeof buf, "price must be from %s to %s", lo, hi);
        field_set_error(&s->f[i], buf);
        return;
    }
    field_set_error(&s->f[i], msg);
}

/* Puts every {field, message} of details beside its field (a field
 * keeps the first message it got); returns how many were placed, and
 * notes what names no field. */
static int show_details(struct product_form *s, const cJSON *details)
{
    int placed = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, details)
    {
        const cJSON *field = cJSON_GetObjectItemCaseSensitive(d, "field");
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(d, "message");
        if (!cJSON_IsString(msg))
            continue;
        int i = field_index(cJSON_IsString(field) ? field->valuestring : NULL);
        if (i < 0) {
            note_set(&s->note, ROLE_ERROR, "%s", msg->valuestring);
            continue;
        }
        if (!s->f[i].error)
            set_field_error(s, i, msg->valuestring);
        placed++;
    }
    return placed;
}

static void focus_first_error(struct product_form *s)
{
    for (int i = 0; i < F_COUNT; i++) {
        if (s->f[i].error) {
            s->active = i;
            return;
        }
    }
}

/* ---- drawing ---------------------------------------------------------- */

static void hint(int i, char *out, size_t size)
{
    char lo[32], hi[32];
    switch (i) {
    case F_NAME:
        snprintf(out, size, "%d to %d characters", PRODUCT_NAME_MIN,
                 PRODUCT_NAME_MAX);
        break;
    case F_DESC:
        snprintf(out, size, "%d to %d characters", PRODUCT_DESC_MIN,
                 PRODUCT_DESC_MAX);
        break;
    case F_CATEGORY: {
        size_t n = (size_t)snprintf(out, size, "Enter picks one:");
        for (size_t c = 0; PRODUCT_CATEGORIES[c] && n < size; c++)
            n += (size_t)snprintf(out + n, size - n, "%s %s", c ? "," : "",
                                  PRODUCT_CATEGORIES[c]);
        break;
    }
    case F_PRICE:
        format_price(1, lo, sizeof lo);
        format_price(PRODUCT_PRICE_MAX, hi, sizeof hi);
        snprintf(out, size, "in dollars, e.g. 12.34 (%s to %s)", lo, hi);
        break;
    case F_QUANTITY:
        snprintf(out, size, "units in stock, 0 to %lld", PRODUCT_QUANTITY_MAX);
        break;
    case F_SKU:
        snprintf(out, size, "%d to %d of A-Z a-z 0-9 - _", PRODUCT_SKU_MIN,
                 PRODUCT_SKU_MAX);
        break;
    default:
        snprintf(out, size, "optional: an http:// or https:// URL");
        break;
    }
}

/* The first field shown: all of them when they fit, else enough to keep
 * the active one on screen. */
static int first_shown(const struct product_form *s)
{
    int fit = (s->pane.h - TOP - 2) / 2;
    if (fit < 1)
        fit = 1;
    if (fit >= F_COUNT || s->active < fit)
        return 0;
    return s->active - fit + 1;
}

static void product_form_draw(struct pane *p, struct app *a)
{
    (void)a;
    struct product_form *s = (struct product_form *)p;
    werase(p->win);
    draw_text_attr(p->win, 0, 2, p->w - 4, ROLE_TITLE, A_BOLD, s->title, 0);
    int bw = p->w - BOX_X - 2;
    if (bw > BOX_MAX)
        bw = BOX_MAX;
    if (bw < 4)
        bw = 4;
    int y = TOP;
    for (int i = first_shown(s); i < F_COUNT && y + 1 < p->h; i++, y += 2) {
        bool on = i == s->active;
        draw_text(p->win, y, 0, 2, ROLE_KEY, on ? "▸" : " ", 0);
        draw_text_attr(p->win, y, 2, LABEL_W, on ? ROLE_KEY : ROLE_NORMAL,
                       on ? A_BOLD : 0, SPECS[i].label, 0);
        int cx = field_draw(p->win, y, BOX_X, bw, &s->f[i], on && !s->sending);
        if (on && !s->sending) {
            p->cursor_y = y;
            p->cursor_x = cx;
            p->cursor_shown = true;
        }
        char buf[600];
        if (s->f[i].error) {
            snprintf(buf, sizeof buf, "✗ %s", s->f[i].error);
            draw_text(p->win, y + 1, BOX_X, p->w - BOX_X - 1, ROLE_ERROR, buf,
                      0);
        } else if (on) {
            hint(i, buf, sizeof buf);
            draw_text(p->win, y + 1, BOX_X, p->w - BOX_X - 1, ROLE_DIM, buf, 0);
        }
    }
    const char *note = s->note.text;
    enum theme_role role = s->note.role;
    if (s->sending) {
        note = s->edit ? "Saving…" : "Adding…";
        role = ROLE_DIM;
    } else if (!note) {
        note = "Tab/↓ next field, Enter on the last field sends, Esc leaves "
               "without saving.";
        role = ROLE_DIM;
    }
    if (y < p->h) {
        char **lines;
        size_t n = text_wrap(note, p->w - 4, &lines);
        for (size_t l = 0; l < n && y + (int)l < p->h; l++)
            draw_text(p->win, y + (int)l, 2, p->w - 4, role, lines[l], 0);
        text_lines_free(lines, n);
    }
}

/* ---- sending ---------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void submit_op(struct product_form *s, struct app *a,
                      const struct product_input *in)
{
    struct op *o = op_new(s->edit ? OP_PRODUCT_UPDATE : OP_PRODUCT_CREATE);
    struct op_product_fields *pf = &o->product_in;
    pf->fields = s->edit ? in->fields : PRODUCT_F_ALL;
    pf->name = dup_or_null(in->name);
    pf->description = dup_or_null(in->description);
    pf->category = dup_or_null(in->category);
    pf->sku = dup_or_null(in->sku);
    pf->image_url = dup_or_null(in->image_url);
    pf->price = in->price;
    pf->quantity = in->quantity;
    if (s->edit) {
        o->id = xstrdup(s->id);
    } else {
        free(o->idempotency_key);
        o->idempotency_key = xstrdup(s->key);
    }
    s->sending = true;
    app_submit(a, &s->pane, o, true);
}

/* Builds the body the server would get, checks it with the server's
 * rules, and sends it when every field passes. */
static void send(struct product_form *s, struct app *a)
{
    char *v[F_COUNT];
    cJSON *body = cJSON_CreateObject();
    cJSON *details = NULL;
    for (int i = 0; i < F_COUNT; i++) {
        field_set_error(&s->f[i], NULL);
        v[i] = field_value(&s->f[i]);
    }
    note_clear(&s->note);
    static const int TEXTS[] = {F_NAME, F_DESC, F_CATEGORY, F_SKU};
    for (size_t t = 0; t < sizeof TEXTS / sizeof *TEXTS; t++) {
        int i = TEXTS[t];
        if (!s->edit || strcmp(v[i], s->orig[i]))
            cJSON_AddStringToObject(body, SPECS[i].json, v[i]);
    }
    long long cents = 0;
    bool price_ok = format_parse_price(v[F_PRICE], &cents);
    if (!price_ok)
        field_set_error(&s->f[F_PRICE],
                        "price must be dollars and cents, e.g. 12.34");
    else if (!s->edit || cents != s->orig_price)
        cJSON_AddNumberToObject(body, "price", (double)cents);
    if (!*v[F_QUANTITY]) {
        char msg[96];
        snprintf(msg, sizeof msg, "quantity must be a whole number from 0 to %lld",
                 PRODUCT_QUANTITY_MAX);
        field_set_error(&s->f[F_QUANTITY], msg);
    } else {
        long long q = strtoll(v[F_QUANTITY], NULL, 10);
        if (!s->edit || q != s->orig_quantity)
            cJSON_AddNumberToObject(body, "quantity", (double)q);
    }
    if (!s->edit) {
        if (*v[F_IMAGE])
            cJSON_AddStringToObject(body, "imageUrl", v[F_IMAGE]);
    } else if (strcmp(v[F_IMAGE], s->orig[F_IMAGE])) {
        if (*v[F_IMAGE])
            cJSON_AddStringToObject(body, "imageUrl", v[F_IMAGE]);
        else
            cJSON_AddNullToObject(body, "imageUrl"); /* remove the image */
    }
    bool own = s->f[F_PRICE].error || s->f[F_QUANTITY].error;
    if (s->edit && !body->child && !own) {
        note_set(&s->note, ROLE_WARNING,
                 "Nothing changed: there is nothing to save.");
        goto out;
    }
    struct product_input in = {0};
    if (body->child || !s->edit)
        details = product_input_parse(body, s->edit, &in);
    if (details)
        show_details(s, details);
    if (details || own) {
        focus_first_error(s);
        app_message(a, ROLE_ERROR, "Fix the fields marked ✗, then send again.");
        goto out;
    }
    submit_op(s, a, &in); /* in points into body: copied here */
out:
    s->pane.dirty |= DIRTY_ALL;
    cJSON_Delete(details);
    cJSON_Delete(body);
    for (int i = 0; i < F_COUNT; i++)
        free(v[i]);
}

static void product_form_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct product_form *s = (struct product_form *)p;
    s->sending = false;
    p->dirty |= DIRTY_ALL;
    if (o->cancelled) {
        note_set(&s->note, ROLE_WARNING,
                 s->edit ? "Cancelled: the change may have been saved "
                           "already (the detail shows)."
                         : "Cancelled: the product may have been added "
                           "already. Sending again is safe: it is never "
                           "added twice.");
        app_op_failed(a, o);
    } else if (o->res.rc == API_OK) {
        char *name = field_value(&s->f[F_NAME]);
        app_message(a, ROLE_OK, "%s %s.", s->edit ? "Saved" : "Added",
                    o->product.name ? o->product.name : name);
        free(name);
        app_stale(a, TAB_PRODUCTS);
        app_close(a, p);
    } else {
        int placed = cJSON_IsArray(o->res.details)
                         ? show_details(s, o->res.details)
                         : 0;
        if (o->res.status == 409) /* the only conflict: the SKU is taken */
            field_set_error(&s->f[F_SKU], o->res.message ? o->res.message
                                                         : "sku must be unique");
        else if (!placed)
            note_set(&s->note, ROLE_ERROR, "Not saved: %s",
                     o->res.status == 403 ? "this needs an administrator"
                     : o->res.message    ? o->res.message
                                         : "refused");
        focus_first_error(s);
        app_op_failed(a, o);
    }
    op_free(o);
}

/* ---- keys ------------------------------------------------------------- */

static void category_chosen(struct pane *p, struct app *a, size_t i)
{
    (void)a;
    struct product_form *s = (struct product_form *)p;
    field_set(&s->f[F_CATEGORY], PRODUCT_CATEGORIES[i]);
    field_set_error(&s->f[F_CATEGORY], NULL);
    s->active = F_CATEGORY + 1;
    p->dirty |= DIRTY_ALL;
}

static void pick_category(struct product_form *s, struct app *a)
{
    char *cur = field_value(&s->f[F_CATEGORY]);
    size_t n = 0, sel = 0;
    while (PRODUCT_CATEGORIES[n]) {
        if (!strcmp(PRODUCT_CATEGORIES[n], cur))
            sel = n;
        n++;
    }
    free(cur);
    app_push(a, choice_pane_new(&s->pane, "Category", PRODUCT_CATEGORIES, n,
                                sel, category_chosen));
}

static bool is_motion(int key)
{
    return key == UI_FN(KEY_LEFT) || key == UI_FN(KEY_RIGHT) ||
           key == UI_FN(KEY_HOME) || key == UI_FN(KEY_END) ||
           key == UI_CTRL('a') || key == UI_CTRL('e');
}

static enum ui_result product_form_key(struct pane *p, struct app *a, int key)
{
    (void)a;
    struct product_form *s = (struct product_form *)p;
    if (s->sending)
        return UI_PASS;
    struct field *f = &s->f[s->active];
    if (!field_key(f, key))
        return UI_PASS;
    if (!is_motion(key))
        field_set_error(f, NULL); /* the person is fixing it */
    p->dirty |= DIRTY_ALL;
    return UI_DONE;
}

static enum ui_result product_form_action(struct pane *p, struct app *a,
                                          enum action act)
{
    struct product_form *s = (struct product_form *)p;
    switch (act) {
    case ACT_NEXT_FIELD:
        s->active = (s->active + 1) % F_COUNT;
        break;
    case ACT_PREV_FIELD:
        s->active = (s->active + F_COUNT - 1) % F_COUNT;
        break;
    case ACT_SUBMIT:
        if (s->sending)
            app_message(a, ROLE_NORMAL, "Sending: Esc cancels.");
        else if (s->active == F_CATEGORY)
            pick_category(s, a);
        else if (s->active < F_COUNT - 1)
            s->active++;
        else
            send(s, a);
        break;
    case ACT_BACK:
        app_close(a, p);
        return UI_DONE;
    default:
        return UI_PASS;
    }
    p->dirty |= DIRTY_ALL;
    return UI_DONE;
}

static void product_form_destroy(struct pane *p)
{
    struct product_form *s = (struct product_form *)p;
    for (int i = 0; i < F_COUNT; i++) {
        field_free(&s->f[i]);
        free(s->orig[i]);
    }
    free(s->title);
    note_clear(&s->note);
    free(s);
}

static const struct pane_ops PRODUCT_FORM_OPS = {
    .kind = PK_FORM,
    .title = "Product",
    .draw = product_form_draw,
    .key = product_form_key,
    .action = product_form_action,
    .arrived = product_form_arrived,
    .destroy = product_form_destroy,
};

struct pane *product_form_new(struct app *a, const struct product *p)
{
    (void)a;
    struct product_form *s = xcalloc(1, sizeof *s);
    pane_init(&s->pane, &PRODUCT_FORM_OPS);
    char price[32] = "", qty[32] = "";
    if (p) {
        s->edit = true;
        snprintf(s->id, sizeof s->id, "%s", p->id);
        s->orig_price = p->price;
        s->orig_quantity = p->quantity;
        format_price(p->price, price, sizeof price);
        snprintf(qty, sizeof qty, "%lld", p->quantity);
        s->orig[F_NAME] = xstrdup(p->name ? p->name : "");
        s->orig[F_DESC] = xstrdup(p->description ? p->description : "");
        s->orig[F_CATEGORY] = xstrdup(p->category);
        s->orig[F_PRICE] = xstrdup(price[0] == '$' ? price + 1 : price);
        s->orig[F_QUANTITY] = xstrdup(qty);
        s->orig[F_SKU] = xstrdup(p->sku ? p->sku : "");
        s->orig[F_IMAGE] = xstrdup(p->image_url ? p->image_url : "");
        size_t n = strlen(s->orig[F_NAME]) + 8;
        s->title = xmalloc(n);
        snprintf(s->title, n, "Edit %s", s->orig[F_NAME]);
    } else {
        for (int i = 0; i < F_COUNT; i++)
            s->orig[i] = xstrdup("");
        s->title = xstrdup("Add a product");
    }
    for (int i = 0; i < F_COUNT; i++)
        field_init(&s->f[i], SPECS[i].label, SPECS[i].max, s->orig[i]);
    s->f[F_QUANTITY].digits = true;
    uuid_v4(s->key);
    return &s->pane;
}
