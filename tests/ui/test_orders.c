/* The orders tab and the order view, as a person uses them: the real
 * client in a pty against a real server, orders placed through the API
 * by the signed-in customer. The history at 80×24 (names, totals, status
 * badges, newest first, columns by priority when narrower), the status
 * filter, pages forward and back, the order view, cancelling (and the
 * server's refusal), the products tab told that stock came back, an empty
 * history, offline, and PENDING orders that turn CONFIRMED on screen
 * without a key press once the server's queue runs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/timeutil.h"
#include "support/shop.h"
#include "support/testsrv.h"
#include "ui/suites.h"
#include "ui/tui.h"

#define QUEUE_PAUSED "[queue]\npaused = true\n"

static struct tui u;
static char *admin_tok, *buyer_tok;
static const char BUYER[] = "buyer@example.com";
static const char ADMIN[] = "boss@example.com";
static const char PW[] = "Passw0rdX";

static void down(void)
{
    free(admin_tok);
    free(buyer_tok);
    admin_tok = buyer_tok = NULL;
    tui_stop(&u);
}

/* A server (server_config may pause its queue), an admin who makes
 * products, and the customer the client is signed in as. */
static void shop_up(const char *server_config)
{
    tui_start(&u, server_config, NULL);
    tui_user(&u, ADMIN, PW, "admin");
    tui_user(&u, BUYER, PW, NULL);
    tui_login(&u, BUYER, PW);
    admin_tok = testsrv_sign_in(&u.srv, ADMIN, PW);
    buyer_tok = testsrv_sign_in(&u.srv, BUYER, PW);
}

static void short_id(const char *id, char out[9])
{
    snprintf(out, 9, "%s", id);
}

/* Places an order as the customer and waits until the queue confirmed
 * it (so what the screen shows does not change under the test). */
static char *confirmed_order(const char *product_id, long long quantity)
{
    char *id = shop_order(&u.srv, buyer_tok, product_id, quantity);
    ck_assert_msg(shop_wait_status(&u.srv, buyer_tok, id, "CONFIRMED", 15000),
                  "order %s not confirmed", id);
    return id;
}

static void api_cancel(const char *id)
{
    char path[128];
    snprintf(path, sizeof path, "/orders/%s/cancel", id);
    struct http_resp r;
    http_call(&u.srv, "POST", path, buyer_tok, NULL, &r, NULL);
    ck_assert_msg(r.status == 200, "cancel: %ld %s", r.status, r.body);
    http_resp_free(&r);
}

/* The client at rows×cols, signed in, on the orders tab, loaded. */
static struct vt *open_orders(int rows, int cols)
{
    struct vt *t = tui_spawn(&u, rows, cols, NULL);
    vt_assert_text(t, "Products · page 1", 20000);
    vt_send(t, "2");
    vt_assert_text(t, "Orders · page 1", 10000);
    return t;
}

/* The row where text shows, -1 when nowhere. */
static int row_of(struct vt *t, const char *text)
{
    int r;
    return vt_find(t, text, &r, NULL) ? r : -1;
}

static bool row_has(struct vt *t, const char *key, const char *text)
{
    int r = row_of(t, key);
    if (r < 0)
        return false;
    char *line = vt_row(t, r);
    bool yes = strstr(line, text) != NULL;
    free(line);
    return yes;
}

/* Waits until the row showing key also shows text. */
static void assert_row(struct vt *t, const char *key, const char *text, int ms)
{
    int64_t until = time_mono_ms() + ms;
    for (;;) {
        vt_pump(t);
        if (row_has(t, key, text)) {
            vt_settle(t, 100, 2000); /* the rest of that frame too */
            return;
        }
        if (time_mono_ms() >= until)
            vt_fail(t, "no row shows both \"%s\" and \"%s\"", key, text);
        vt_settle(t, 30, 60);
    }
}

/* `q`: the client exits 0 (under SANITIZE=1 a leak would make it exit
 * otherwise). */
static void quit_cleanly(struct vt *t)
{
    vt_send(t, "q");
    int st = -1;
    if (!vt_wait_exit(t, 20000, &st))
        vt_fail(t, "the client did not exit on q");
    if (st != 0)
        vt_fail(t, "the client exited with %d", st);
}

/* The queue runs again: the server restarts without the pause, on the
 * same port (so the client's URL and its token's issuer still hold). */
static void unpause_queue(void)
{
    shop_write_config(&u.srv, NULL);
    snprintf(u.srv.flags, sizeof u.srv.flags, "--listen 127.0.0.1:%d",
             u.srv.port);
    int port = u.srv.port;
    testsrv_restart(&u.srv);
    ck_assert_int_eq(u.srv.port, port);
}

START_TEST(history_shows_names_totals_and_badges_at_80x24)
{
    shop_up(NULL);
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 1200);
    char *tea = shop_product(&u.srv, admin_tok, "日本茶 Green Tea", 550);
    char *o1 = confirmed_order(widget, 3);
    char *o2 = confirmed_order(tea, 2);
    char s1[9], s2[9];
    short_id(o1, s1);
    short_id(o2, s2);

    struct vt *t = open_orders(24, 80);
    vt_assert_text(t, "PRODUCT", 5000);
    vt_assert_text(t, "PLACED", 5000);
    assert_row(t, s1, "Widget", 5000);
    ck_assert(row_has(t, s1, "$36.00"));
    ck_assert(row_has(t, s1, "CONFIRMED"));
    ck_assert(row_has(t, s2, "日本茶 Green Tea"));
    ck_assert(row_has(t, s2, "$11.00"));
    /* Newest first. */
    ck_assert_int_lt(row_of(t, s2), row_of(t, s1));
    /* The local date of today (or of yesterday, just after midnight). */
    char today[16], yesterday[16];
    time_t now = time(NULL), before = now - 3600;
    strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
    strftime(yesterday, sizeof yesterday, "%Y-%m-%d", localtime(&before));
    ck_assert(row_has(t, s1, today) || row_has(t, s1, yesterday));
    /* A wide name keeps the columns straight: the totals end in one
     * column. */
    int r1, c1, r2, c2;
    ck_assert(vt_find(t, "$36.00", &r1, &c1));
    ck_assert(vt_find(t, "$11.00", &r2, &c2));
    ck_assert_int_eq(c1, c2);
    /* The status is a badge: bold, and on the unselected row in a
     * colour of its own (the product name has the default one). */
    char *line = vt_row(t, r1);
    const char *at = strstr(line, "CONFIRMED");
    ck_assert_ptr_nonnull(at);
    int bc = (int)(at - line); /* the row is ASCII up to here */
    const char *nm = strstr(line, "Widget");
    ck_assert_ptr_nonnull(nm);
    int nc = (int)(nm - line);
    free(line);
    struct vt_cell badge, name;
    vt_cell(t, r1, bc, &badge);
    vt_cell(t, r1, nc, &name);
    ck_assert_str_eq(badge.text, "C");
    ck_assert_str_eq(name.text, "W");
    ck_assert(badge.bold);
    ck_assert_int_ne(badge.fg, name.fg);

    /* Narrower: the date goes first, name and status stay. */
    vt_resize(t, 24, 60);
    vt_assert_gone(t, "PLACED", 5000);
    assert_row(t, s1, "CONFIRMED", 5000);
    ck_assert(row_has(t, s1, "Widget"));
    ck_assert(row_has(t, s1, "$36.00"));
    /* Narrower still: the id goes too; the name and status stay. */
    vt_resize(t, 24, 44);
    vt_assert_gone(t, s1, 5000);
    assert_row(t, "Widget", "CONFIRMED", 5000);
    /* Wider: everything is back. */
    vt_resize(t, 40, 120);
    vt_assert_text(t, "PLACED", 5000);
    assert_row(t, s2, "$11.00", 5000);
    quit_cleanly(t);
    free(o1);
    free(o2);
    free(widget);
    free(tea);
}
END_TEST

START_TEST(empty_history_says_so_and_offline_is_marked)
{
    shop_up(NULL);
    struct vt *t = open_orders(24, 80);
    vt_assert_text(t, "No orders yet", 5000);
    /* An order placed meanwhile shows on `r`. */
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 1200);
    char *o = confirmed_order(widget, 1);
    char s[9];
    short_id(o, s);
    vt_send(t, "r");
    assert_row(t, s, "Widget", 10000);
    /* The server goes away: `r` shows the cached page, marked. */
    testsrv_stop_keep(&u.srv);
    vt_send(t, "r");
    vt_assert_text(t, "OFFLINE: cached", 30000);
    ck_assert(row_has(t, s, "Widget"));
    quit_cleanly(t);
    free(o);
    free(widget);
}
END_TEST

START_TEST(status_filter_picks_confirmed_or_cancelled)
{
    shop_up(NULL);
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 1200);
    char *kept = confirmed_order(widget, 1);
    char *gone = confirmed_order(widget, 2);
    api_cancel(gone);
    char sk[9], sg[9];
    short_id(kept, sk);
    short_id(gone, sg);

    struct vt *t = open_orders(24, 80);
    assert_row(t, sk, "CONFIRMED", 5000);
    assert_row(t, sg, "CANCELLED", 5000);

    vt_send(t, "f");
    vt_assert_text(t, "PENDING", 5000); /* the choice lists the statuses */
    vt_key(t, VT_DOWN);
    vt_key(t, VT_DOWN);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Orders · CONFIRMED · page 1", 10000);
    assert_row(t, sk, "CONFIRMED", 5000);
    vt_assert_gone(t, sg, 5000);

    vt_send(t, "f");
    vt_assert_text(t, "PENDING", 5000);
    vt_key(t, VT_DOWN);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Orders · CANCELLED · page 1", 10000);
    assert_row(t, sg, "CANCELLED", 5000);
    vt_assert_gone(t, sk, 5000);

    /* PENDING: none. */
    vt_send(t, "f");
    vt_assert_text(t, "PENDING", 5000);
    vt_key(t, VT_UP);
    vt_key(t, VT_UP);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "No PENDING orders", 10000);

    /* Esc clears the filter. */
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Orders · page 1", 10000);
    assert_row(t, sk, "CONFIRMED", 5000);
    assert_row(t, sg, "CANCELLED", 5000);
    quit_cleanly(t);
    free(kept);
    free(gone);
    free(widget);
}
END_TEST

START_TEST(pages_forward_and_back)
{
    shop_up(NULL);
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 100);
    enum { N = 22 }; /* the pane's pages hold 20 */
    char *ids[N];
    for (int i = 0; i < N; i++)
        ids[i] = shop_order(&u.srv, buyer_tok, widget, 1 + i % 5);
    char newest[9], oldest[9], second[9];
    short_id(ids[N - 1], newest);
    short_id(ids[0], oldest);
    short_id(ids[1], second);

    struct vt *t = open_orders(24, 80);
    vt_assert_text(t, "Orders · page 1 · 20 shown", 10000);
    vt_assert_text(t, newest, 5000);
    ck_assert_int_lt(row_of(t, oldest), 0);

    vt_send(t, "n");
    vt_assert_text(t, "Orders · page 2 (last) · 2 shown", 10000);
    vt_assert_text(t, oldest, 5000);
    vt_assert_text(t, second, 5000);
    ck_assert_int_lt(row_of(t, newest), 0);
    ck_assert_int_lt(row_of(t, second), row_of(t, oldest));
    vt_send(t, "n");
    vt_assert_text(t, "This is the last page.", 5000);

    vt_send(t, "p");
    vt_assert_text(t, "Orders · page 1 · 20 shown", 10000);
    vt_assert_text(t, newest, 5000);
    vt_assert_gone(t, oldest, 5000);
    vt_send(t, "p");
    vt_assert_text(t, "This is the first page.", 5000);
    quit_cleanly(t);
    for (int i = 0; i < N; i++)
        free(ids[i]);
    free(widget);
}
END_TEST

START_TEST(enter_shows_the_whole_order)
{
    shop_up(NULL);
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 1200);
    char *o = confirmed_order(widget, 3);
    char s[9];
    short_id(o, s);

    struct vt *t = open_orders(24, 80);
    assert_row(t, s, "Widget", 5000);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, o, 10000); /* the id in full */
    vt_assert_text(t, "Order id", 5000);
    assert_row(t, "Status", "CONFIRMED", 5000);
    assert_row(t, "Product id", widget, 5000);
    assert_row(t, "Quantity", "3", 5000);
    assert_row(t, "Price", "$12.00 each", 5000);
    assert_row(t, "Total", "$36.00", 5000);
    assert_row(t, "Customer", BUYER, 5000);
    vt_assert_text(t, "Placed", 5000);
    vt_assert_text(t, "Updated", 5000);
    /* A resize redraws it. */
    vt_resize(t, 30, 100);
    assert_row(t, "Total", "$36.00", 5000);
    vt_resize(t, 24, 80);
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Orders · page 1", 10000);
    vt_assert_gone(t, "Order id", 5000);
    quit_cleanly(t);
    free(o);
    free(widget);
}
END_TEST

START_TEST(x_then_y_cancels_and_a_refusal_is_plain)
{
    shop_up(NULL);
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 1200);
    char *gadget = shop_product(&u.srv, admin_tok, "Gadget", 500);
    char *og = confirmed_order(gadget, 1);
    char *ow = confirmed_order(widget, 3); /* newest: selected first */
    char sg[9], sw[9];
    short_id(og, sg);
    short_id(ow, sw);

    struct vt *t = tui_spawn(&u, 24, 80, NULL);
    vt_assert_text(t, "997 in stock", 20000); /* the Widget's card */
    vt_send(t, "2");
    assert_row(t, sw, "CONFIRMED", 10000);

    vt_send(t, "x");
    char q[128];
    snprintf(q, sizeof q, "Cancel order %s (3 × Widget, $36.00)?", sw);
    vt_assert_text(t, q, 5000);
    vt_send(t, "y");
    assert_row(t, sw, "CANCELLED", 10000);
    vt_assert_text(t, "cancelled", 5000);
    ck_assert_str_eq(shop_status(&u.srv, buyer_tok, ow), "CANCELLED");
    ck_assert(row_has(t, sg, "CONFIRMED"));

    /* Once more: said plainly, nothing asked. */
    vt_send(t, "x");
    vt_assert_text(t, "only PENDING or CONFIRMED", 5000);
    ck_assert_int_lt(row_of(t, "Cancel order"), 0);

    /* n leaves it as it was. */
    vt_key(t, VT_DOWN);
    vt_send(t, "x");
    vt_assert_text(t, "Cancel order", 5000);
    vt_send(t, "n");
    vt_assert_text(t, "Nothing was changed.", 5000);
    ck_assert_str_eq(shop_status(&u.srv, buyer_tok, og), "CONFIRMED");

    /* Cancelled elsewhere meanwhile: the server's 409, in a sentence,
     * and the row learns the status. */
    api_cancel(og);
    vt_send(t, "x");
    vt_assert_text(t, "Cancel order", 5000);
    vt_send(t, "y");
    vt_assert_text(t, "cannot be cancelled: it is CANCELLED now.", 10000);
    assert_row(t, sg, "CANCELLED", 5000);

    /* The stock came back: the products tab fetches again. */
    vt_send(t, "1");
    vt_assert_text(t, "Products · page 1", 10000);
    vt_assert_gone(t, "997 in stock", 10000);
    vt_assert_text(t, "1000 in stock", 5000);
    quit_cleanly(t);
    free(og);
    free(ow);
    free(widget);
    free(gadget);
}
END_TEST

START_TEST(pending_turns_confirmed_in_the_list_by_itself)
{
    shop_up(QUEUE_PAUSED);
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 1200);
    char *o1 = shop_order(&u.srv, buyer_tok, widget, 1);
    char *o2 = shop_order(&u.srv, buyer_tok, widget, 2);
    char s1[9], s2[9];
    short_id(o1, s1);
    short_id(o2, s2);

    struct vt *t = open_orders(24, 80);
    assert_row(t, s1, "PENDING", 5000);
    assert_row(t, s2, "PENDING", 5000);
    unpause_queue();
    ck_assert(shop_wait_status(&u.srv, buyer_tok, o1, "CONFIRMED", 15000));
    ck_assert(shop_wait_status(&u.srv, buyer_tok, o2, "CONFIRMED", 15000));
    /* No key: the pane polls (at most 30 s apart). */
    assert_row(t, s1, "CONFIRMED", 45000);
    assert_row(t, s2, "CONFIRMED", 45000);
    quit_cleanly(t);
    free(o1);
    free(o2);
    free(widget);
}
END_TEST

START_TEST(pending_turns_confirmed_in_the_order_view_by_itself)
{
    shop_up(QUEUE_PAUSED);
    char *widget = shop_product(&u.srv, admin_tok, "Widget", 1200);
    char *o = shop_order(&u.srv, buyer_tok, widget, 2);
    char s[9];
    short_id(o, s);

    struct vt *t = open_orders(24, 80);
    assert_row(t, s, "PENDING", 5000);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, o, 10000);
    assert_row(t, "Status", "PENDING", 5000);
    unpause_queue();
    ck_assert(shop_wait_status(&u.srv, buyer_tok, o, "CONFIRMED", 15000));
    assert_row(t, "Status", "CONFIRMED", 45000);
    /* Back in the list, the row agrees. */
    vt_send(t, VT_ESC);
    assert_row(t, s, "CONFIRMED", 10000);
    quit_cleanly(t);
    free(o);
    free(widget);
}
END_TEST

Suite *suite_orders(void)
{
    Suite *s = suite_create("orders");
    TCase *tc = tcase_create("orders");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, history_shows_names_totals_and_badges_at_80x24);
    tcase_add_test(tc, empty_history_says_so_and_offline_is_marked);
    tcase_add_test(tc, status_filter_picks_confirmed_or_cancelled);
    tcase_add_test(tc, pages_forward_and_back);
    tcase_add_test(tc, enter_shows_the_whole_order);
    tcase_add_test(tc, x_then_y_cancels_and_a_refusal_is_plain);
    tcase_add_test(tc, pending_turns_confirmed_in_the_list_by_itself);
    tcase_add_test(tc, pending_turns_confirmed_in_the_order_view_by_itself);
    suite_add_tcase(s, tc);
    return s;
}
