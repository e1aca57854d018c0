/* Screen tests of the product detail, the order form and the add/edit
 * form: the real client in a pty against a real server, driven with the
 * keys a person presses, checked by what shows on the screen (and, for
 * what the server keeps, through the API). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "ui/suites.h"
#include "ui/tui.h"

static struct tui u;
static char *token;
static char product_id[64];

static const char ADMIN[] = "boss@example.com";
static const char CUSTOMER[] = "buyer@example.com";
static const char PW[] = "Passw0rdX";

#define WAIT 10000 /* server work under ASan */

static void down(void)
{
    tui_stop(&u);
    free(token);
    token = NULL;
}

/* Creates a product through the API as the admin; its id into
 * product_id. */
static void add_product(const char *name, const char *sku, long long cents,
                        long long quantity, const char *description)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"%s\",\"category\":\"toys\","
             "\"price\":%lld,\"quantity\":%lld,\"sku\":\"%s\"}",
             name, description, cents, quantity, sku);
    struct http_resp r;
    http_call(&u.srv, "POST", "/products", token, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create %s: %ld %s", name, r.status, r.body);
    const char *id = jstr(r.json, "data.id");
    ck_assert_ptr_nonnull(id);
    snprintf(product_id, sizeof product_id, "%s", id);
    http_resp_free(&r);
}

static const char DESCRIPTION[] =
    "A small widget for the screen tests, with a description long enough "
    "to wrap across more than one line at eighty columns, and its last "
    "words are tail-marker.";

/* A server, an admin with a token, one low-stock product (3 left), and
 * the client signed in as who; with slow, through a slowproxy. */
static struct vt *start_via(const char *who, int rows, int cols, bool slow)
{
    tui_start(&u, NULL, NULL);
    token = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    add_product("Widget Low", "WID-LOW", 1234, 3, DESCRIPTION);
    if (strcmp(who, ADMIN))
        tui_user(&u, who, PW, NULL);
    if (slow)
        tui_slow(&u);
    tui_login(&u, who, PW);
    struct vt *t = tui_spawn(&u, rows, cols, NULL);
    vt_assert_text(t, "Widget Low", WAIT);
    return t;
}

static struct vt *start(const char *who, int rows, int cols)
{
    return start_via(who, rows, cols, false);
}

static struct vt *open_detail(const char *who)
{
    struct vt *t = start(who, 24, 80);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "only 3 left", WAIT);
    return t;
}

/* Reads output until row r holds text, or fails the test after ms. */
static void assert_row_text(struct vt *t, int r, const char *text, int ms)
{
    int64_t end = time_mono_ms() + ms;
    for (;;) {
        char *row = vt_row(t, r);
        bool there = strstr(row, text) != NULL;
        free(row);
        if (there)
            return;
        if (time_mono_ms() >= end)
            vt_fail(t, "\"%s\" not on row %d", text, r);
        vt_settle(t, 50, 200);
    }
}

/* q from a browsing pane: the client exits 0 (under ASan, a leak of
 * anything the panes made would make it exit otherwise). */
static void quits(struct vt *t)
{
    vt_send(t, "q");
    int st = -1;
    if (!vt_wait_exit(t, WAIT, &st))
        vt_fail(t, "the client did not exit on q");
    if (st != 0)
        vt_fail(t, "the client exited with %d", st);
}

/* The text cursor shows on the row where text is (a field's label). */
static void cursor_on_row_of(struct vt *t, const char *text)
{
    vt_settle(t, 100, 2000);
    int row, col, want;
    vt_cursor(t, &row, &col);
    if (!vt_find(t, text, &want, NULL))
        vt_fail(t, "\"%s\" not on screen", text);
    if (row != want)
        vt_fail(t, "the cursor is on row %d, not on \"%s\"", row, text);
    if (!vt_cursor_visible(t))
        vt_fail(t, "the cursor is hidden");
}

/* The footer (the last row) once no message is showing. */
static char *footer(struct vt *t)
{
    int rows, cols;
    vt_size(t, &rows, &cols);
    return vt_row(t, rows - 1);
}

START_TEST(detail_shows_the_product)
{
    struct vt *t = open_detail(ADMIN);
    vt_assert_text(t, "$12.34", WAIT);
    vt_assert_text(t, "LOW", WAIT);
    vt_assert_text(t, "WID-LOW", WAIT);
    vt_assert_text(t, "toys", WAIT);
    /* The whole description, wrapped: its first and last words show. */
    vt_assert_text(t, "A small widget for the screen tests", WAIT);
    vt_assert_text(t, "tail-marker.", WAIT);
    int r1, r2;
    ck_assert(vt_find(t, "A small widget", &r1, NULL));
    ck_assert(vt_find(t, "tail-marker.", &r2, NULL));
    ck_assert_int_gt(r2, r1);
    assert_row_text(t, 23, "d delete", WAIT);
    char *f = footer(t);
    ck_assert_msg(strstr(f, "o order") && strstr(f, "e edit") &&
                      strstr(f, "d delete"),
                  "footer: %s", f);
    free(f);

    /* A narrower screen rewraps the description; nothing is lost. */
    vt_resize(t, 30, 50);
    assert_row_text(t, 29, "q quit", WAIT);
    vt_assert_text(t, "tail-marker.", WAIT);
    ck_assert(vt_find(t, "tail-marker.", &r2, NULL));
    ck_assert_int_gt(r2, r1);
    /* Shorter still: the description scrolls with j/k. */
    vt_resize(t, 16, 50);
    vt_assert_text(t, "lines 1–2 of 4, j/k scroll", WAIT);
    vt_assert_gone(t, "tail-marker.", WAIT);
    vt_send(t, "j");
    vt_send(t, "j");
    vt_assert_text(t, "lines 3–4 of 4", WAIT);
    vt_assert_text(t, "tail-marker.", WAIT);
    vt_send(t, "j"); /* at the end: stays */
    vt_key(t, VT_UP);
    vt_assert_text(t, "lines 2–3 of 4", WAIT);
    vt_resize(t, 24, 80);
    vt_assert_gone(t, "j/k scroll", WAIT);

    /* Esc goes back to the grid. */
    vt_send(t, VT_ESC);
    vt_assert_gone(t, "only 3 left", WAIT);
    vt_assert_text(t, "3 in stock", WAIT);
}
END_TEST

START_TEST(an_order_is_placed)
{
    struct vt *t = open_detail(ADMIN);
    vt_send(t, "o");
    vt_assert_text(t, "Total $12.34", WAIT);
    vt_assert_text(t, "1 to 3: 3 in stock", WAIT);
    /* Letters do not go in; the total follows each digit. */
    vt_send(t, VT_BACKSPACE);
    vt_send(t, "x2");
    vt_assert_text(t, "Total $24.68", WAIT);
    cursor_on_row_of(t, "Quantity");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Order 2 × Widget Low for $24.68?", WAIT);
    vt_send(t, "y");
    vt_assert_text(t, "placed (PENDING)", WAIT);
    /* The detail fetched the new stock. */
    vt_assert_text(t, "only 1 left", WAIT);

    struct http_resp r;
    http_call(&u.srv, "GET", "/orders", token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    const cJSON *items = jpath(r.json, "data.items");
    ck_assert_int_eq(cJSON_GetArraySize(items), 1);
    ck_assert_str_eq(jstr(r.json, "data.items.0.productId"), product_id);
    ck_assert_int_eq((int)jnum(r.json, "data.items.0.quantity"), 2);
    http_resp_free(&r);
    quits(t);
}
END_TEST

START_TEST(an_order_over_the_stock_is_refused)
{
    struct vt *t = open_detail(ADMIN);
    vt_send(t, "o");
    vt_assert_text(t, "Total $12.34", WAIT);
    vt_send(t, VT_BACKSPACE);
    vt_send(t, "5");
    vt_assert_text(t, "Total $61.70", WAIT);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "5 is more than the 3 in stock: choose 1 to 3.", WAIT);
    ck_assert(!vt_find(t, "Order 5 ×", NULL, NULL));

    /* The stock falls behind the form's back: the server says how many
     * are left. */
    struct http_resp r;
    char path[128];
    snprintf(path, sizeof path, "/products/%s", product_id);
    http_call(&u.srv, "PUT", path, token, "{\"quantity\":1}", &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    vt_send(t, VT_BACKSPACE);
    vt_send(t, "2");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Order 2 × Widget Low", WAIT);
    vt_send(t, "y");
    vt_assert_text(t, "Only 1 available now (you asked for 2)", WAIT);
    http_call(&u.srv, "GET", "/orders", token, NULL, &r, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(jpath(r.json, "data.items")), 0);
    http_resp_free(&r);
    vt_send(t, VT_ESC);
    vt_assert_gone(t, "Only 1 available now", WAIT);
    vt_assert_text(t, "only 1 left", WAIT); /* the detail looked again */
    quits(t);
}
END_TEST

/* Orders of the product the API holds. */
static int orders_on_server(void)
{
    struct http_resp r;
    http_call(&u.srv, "GET", "/orders", token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    int n = cJSON_GetArraySize(jpath(r.json, "data.items"));
    http_resp_free(&r);
    return n;
}

/* Keeps reading the screen for ms. */
static void watch(struct vt *t, int ms)
{
    int64_t end = time_mono_ms() + ms;
    while (time_mono_ms() < end)
        vt_settle(t, 50, 100);
}

START_TEST(out_of_stock_is_not_offered)
{
    struct vt *t = start(ADMIN, 24, 80);
    struct http_resp r;
    char path[128];
    snprintf(path, sizeof path, "/products/%s", product_id);
    http_call(&u.srv, "PUT", path, token, "{\"quantity\":0}", &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "OUT · out of stock", WAIT); /* the fresh copy */
    vt_send(t, "o");
    vt_assert_text(t, "OUT of stock: this product cannot be ordered now.", WAIT);
    ck_assert(!vt_find(t, "Quantity", NULL, NULL));
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Out of stock: nothing can be ordered.", WAIT);
    ck_assert(!vt_find(t, "Order 1 ×", NULL, NULL));
    vt_send(t, VT_ESC);
    vt_assert_gone(t, "cannot be ordered now", WAIT);
    ck_assert_int_eq(orders_on_server(), 0);
}
END_TEST

START_TEST(a_late_answer_leaves_the_form_on_top)
{
    struct vt *t = start_via(ADMIN, 24, 80, true);
    /* The detail's fresh copy comes 1.5 s late, after the form opened:
     * redrawing the detail under the form must not cover it. */
    slowproxy_delay_responses(u.proxy, 1500);
    int before = slowproxy_requests(u.proxy);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "only 3 left", WAIT);
    vt_send(t, "o");
    vt_assert_text(t, "Total $12.34", WAIT);
    ck_assert(slowproxy_wait_requests(u.proxy, before + 1, WAIT));
    watch(t, 2500);
    vt_assert_text(t, "Total $12.34", 100);
    vt_assert_text(t, "Enter order  Esc back", 100);
}
END_TEST

START_TEST(a_retried_order_is_placed_once)
{
    struct vt *t = start_via(ADMIN, 24, 80, true);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "only 3 left", WAIT);
    vt_send(t, "o");
    vt_assert_text(t, "Total $12.34", WAIT);
    vt_send(t, VT_BACKSPACE);
    vt_send(t, "2");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Order 2 × Widget Low for $24.68?", WAIT);
    /* The server places the order, but its answer is held: the person
     * gives up waiting (Esc) and tries again. */
    slowproxy_delay_responses(u.proxy, 60000);
    vt_send(t, "y");
    vt_assert_text(t, "Placing the order", WAIT);
    int64_t end = time_mono_ms() + WAIT;
    while (orders_on_server() < 1 && time_mono_ms() < end)
        watch(t, 100);
    ck_assert_int_eq(orders_on_server(), 1);
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Cancelled: it may have been placed already", WAIT);
    slowproxy_delay_responses(u.proxy, 0);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Order 2 × Widget Low for $24.68?", WAIT);
    vt_send(t, "y");
    vt_assert_text(t, "placed (PENDING)", WAIT);
    vt_assert_text(t, "only 1 left", WAIT);
    ck_assert_int_eq(orders_on_server(), 1);
    quits(t);
}
END_TEST

/* Types text into the form's active field after clearing it. */
static void type_field(struct vt *t, const char *text)
{
    vt_send(t, VT_CTRL('u'));
    vt_send(t, text);
}

START_TEST(a_product_is_added_after_its_errors)
{
    struct vt *t = start(ADMIN, 24, 80);
    vt_send(t, "a");
    vt_assert_text(t, "Add a product", WAIT);
    type_field(t, "Gizmo Prime");
    vt_send(t, VT_TAB);
    type_field(t, "A gizmo for the form's tests.");
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER); /* the category list */
    vt_assert_text(t, "electronics", WAIT);
    vt_key(t, VT_DOWN); /* clothing */
    vt_send(t, VT_ENTER);
    vt_assert_gone(t, "electronics", WAIT);
    type_field(t, "0");
    vt_send(t, VT_TAB);
    type_field(t, "5");
    vt_send(t, VT_TAB);
    type_field(t, "WID-LOW"); /* taken: the server will say so */
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER); /* on the last field: send */

    /* Checked here, with the server's rules: beside the price. */
    const char *price_err = "✗ price must be from $0.01 to $1000000.00";
    vt_assert_text(t, price_err, WAIT);
    int label_row, err_row;
    ck_assert(vt_find(t, "Price", &label_row, NULL));
    ck_assert(vt_find(t, price_err, &err_row, NULL));
    ck_assert_int_eq(err_row, label_row + 1);
    cursor_on_row_of(t, "▸ Price"); /* the first field in error */
    /* Nothing reached the server. */
    struct http_resp r;
    http_call(&u.srv, "GET", "/products", token, NULL, &r, NULL);
    ck_assert_int_eq(cJSON_GetArraySize(jpath(r.json, "data.items")), 1);
    http_resp_free(&r);

    /* The price field has the cursor: fix it and send again; the server
     * refuses the SKU, beside the SKU. */
    type_field(t, "9.99");
    vt_assert_gone(t, price_err, WAIT);
    vt_send(t, VT_TAB);
    vt_send(t, VT_TAB);
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER);
    const char *sku_err = "✗ A product with SKU WID-LOW already exists";
    vt_assert_text(t, sku_err, WAIT);
    ck_assert(vt_find(t, "SKU", &label_row, NULL));
    ck_assert(vt_find(t, sku_err, &err_row, NULL));
    ck_assert_int_eq(err_row, label_row + 1);

    type_field(t, "GIZ-1");
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Added Gizmo Prime.", WAIT);
    vt_assert_gone(t, "Add a product", WAIT);
    vt_assert_text(t, "$9.99", WAIT); /* listed in the grid */

    http_call(&u.srv, "GET", "/products?search=Gizmo", token, NULL, &r, NULL);
    ck_assert_str_eq(jstr(r.json, "data.items.0.sku"), "GIZ-1");
    ck_assert_str_eq(jstr(r.json, "data.items.0.category"), "clothing");
    ck_assert_int_eq((int)jnum(r.json, "data.items.0.price"), 999);
    http_resp_free(&r);
    quits(t);
}
END_TEST

START_TEST(a_product_is_edited)
{
    struct vt *t = open_detail(ADMIN);
    vt_send(t, "e");
    vt_assert_text(t, "Edit Widget Low", WAIT);
    /* A field not being edited shows its beginning, not its end. */
    vt_assert_text(t, "Description   A small widget", WAIT);
    type_field(t, "Widget Renamed");
    for (int i = 0; i < 6; i++)
        vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Saved Widget Renamed.", WAIT);
    /* Back on the detail, fetched again. */
    vt_assert_gone(t, "Edit Widget", WAIT);
    vt_assert_text(t, "only 3 left", WAIT);
    assert_row_text(t, 1, "Widget Renamed", WAIT); /* the detail's title */

    /* Only the name was sent: the description is as it was. */
    struct http_resp r;
    char path[128];
    snprintf(path, sizeof path, "/products/%s", product_id);
    http_call(&u.srv, "GET", path, token, NULL, &r, NULL);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Widget Renamed");
    ck_assert_str_eq(jstr(r.json, "data.description"), DESCRIPTION);
    http_resp_free(&r);

    vt_send(t, VT_ESC);
    vt_assert_gone(t, "only 3 left", WAIT);
    vt_assert_text(t, "Widget Renamed", WAIT);
    quits(t);
}
END_TEST

START_TEST(a_product_is_deleted)
{
    struct vt *t = open_detail(ADMIN);
    vt_send(t, "d");
    vt_assert_text(t, "Delete Widget Low?", WAIT);
    vt_send(t, "y");
    vt_assert_text(t, "Deleted Widget Low.", WAIT);
    vt_assert_gone(t, "only 3 left", WAIT);
    vt_assert_text(t, "No products yet", WAIT);

    struct http_resp r;
    char path[128];
    snprintf(path, sizeof path, "/products/%s", product_id);
    http_call(&u.srv, "GET", path, token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 404);
    http_resp_free(&r);
    quits(t);
}
END_TEST

/* The client offers writes to the "admin" group; a server whose admin
 * group is another refuses them with 403, and the screen says so in a
 * sentence (the form keeps what was typed; nothing changes). */
START_TEST(a_refused_write_is_a_sentence)
{
    tui_start(&u, "[auth]\nadmin_group = operators\n", NULL);
    token = testsrv_user_token(&u.srv, "stock@example.com", PW, "operators");
    add_product("Widget Low", "WID-LOW", 1234, 3, DESCRIPTION);
    tui_user(&u, ADMIN, PW, "admin");
    tui_login(&u, ADMIN, PW);
    struct vt *t = tui_spawn(&u, 24, 80, NULL);
    vt_assert_text(t, "Widget Low", WAIT);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "only 3 left", WAIT);

    vt_send(t, "e");
    vt_assert_text(t, "Edit Widget Low", WAIT);
    /* A field not being edited shows its beginning, not its end. */
    vt_assert_text(t, "Description   A small widget", WAIT);
    type_field(t, "Widget Renamed");
    for (int i = 0; i < 6; i++)
        vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Not saved: this needs an administrator", WAIT);
    vt_assert_text(t, "saving the product: this needs an administrator",
                   WAIT);
    vt_send(t, VT_ESC);
    vt_assert_gone(t, "Edit Widget", WAIT);

    vt_send(t, "d");
    vt_assert_text(t, "Delete Widget Low?", WAIT);
    vt_send(t, "y");
    vt_assert_text(t, "deleting the product: this needs an administrator",
                   WAIT);
    vt_assert_text(t, "only 3 left", WAIT);

    struct http_resp r;
    char path[128];
    snprintf(path, sizeof path, "/products/%s", product_id);
    http_call(&u.srv, "GET", path, token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Widget Low");
    http_resp_free(&r);
    quits(t);
}
END_TEST

START_TEST(a_customer_is_not_offered_writes)
{
    /* Wide enough for every hint: an admin's footer here has "a add". */
    struct vt *t = start(CUSTOMER, 24, 160);
    assert_row_text(t, 23, "c category", WAIT);
    vt_settle(t, 200, 3000);
    char *f = footer(t);
    ck_assert_msg(!strstr(f, "a add"), "footer: %s", f);
    free(f);
    vt_send(t, "a");
    vt_settle(t, 300, 3000);
    ck_assert(!vt_find(t, "Add a product", NULL, NULL));

    vt_send(t, VT_ENTER);
    vt_assert_text(t, "only 3 left", WAIT);
    assert_row_text(t, 23, "o order", WAIT);
    vt_settle(t, 200, 3000);
    f = footer(t);
    ck_assert_msg(!strstr(f, "e edit") && !strstr(f, "d delete"),
                  "footer: %s", f);
    free(f);
    /* Nor in the help. */
    vt_send(t, "?");
    vt_assert_text(t, "Order this product", WAIT);
    ck_assert(!vt_find(t, "Edit this product", NULL, NULL));
    ck_assert(!vt_find(t, "Delete this product", NULL, NULL));
    vt_send(t, "q");
    vt_assert_gone(t, "Order this product", WAIT);
    vt_send(t, "e");
    vt_send(t, "d");
    vt_settle(t, 300, 3000);
    ck_assert(!vt_find(t, "Edit Widget", NULL, NULL));
    ck_assert(!vt_find(t, "Delete Widget", NULL, NULL));
    vt_assert_text(t, "only 3 left", WAIT);
    /* Ordering is for everyone. */
    vt_send(t, "o");
    vt_assert_text(t, "Total $12.34", WAIT);
}
END_TEST

Suite *suite_detail(void)
{
    Suite *s = suite_create("detail");
    TCase *tc = tcase_create("detail");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, detail_shows_the_product);
    tcase_add_test(tc, an_order_is_placed);
    tcase_add_test(tc, an_order_over_the_stock_is_refused);
    tcase_add_test(tc, out_of_stock_is_not_offered);
    tcase_add_test(tc, a_late_answer_leaves_the_form_on_top);
    tcase_add_test(tc, a_retried_order_is_placed_once);
    tcase_add_test(tc, a_product_is_added_after_its_errors);
    tcase_add_test(tc, a_product_is_edited);
    tcase_add_test(tc, a_product_is_deleted);
    tcase_add_test(tc, a_refused_write_is_a_sentence);
    tcase_add_test(tc, a_customer_is_not_offered_writes);
    suite_add_tcase(s, tc);
    return s;
}
