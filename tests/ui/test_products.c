/* The products tab and the frame around it, as a person sees them: the
 * grid at 80×24 and 160×48, the table, search, category, pages forward
 * and back, help, resizing, a hostile product name, a slow API (keys
 * still move at once, Esc cancels), quitting, and --demo from nothing. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "support/shop.h"
#include "ui/suites.h"
#include "ui/tui.h"

static struct tui u;
static const char ADMIN[] = "ops@example.com";
static const char PW[] = "Passw0rdX";
static char *TOKEN;

static void down(void)
{
    free(TOKEN);
    TOKEN = NULL;
    tui_stop(&u);
}

static void product(const char *name, const char *sku, const char *category,
                    long long cents, long long quantity)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"A product made for the "
             "screen tests.\",\"category\":\"%s\",\"price\":%lld,"
             "\"quantity\":%lld,\"sku\":\"%s\"}",
             name, category, cents, quantity, sku);
    struct http_resp r;
    http_call(&u.srv, "POST", "/products", TOKEN, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create %s: %ld %s", name, r.status, r.body);
    http_resp_free(&r);
}

/* A server with n numbered products (the newest last: "Gadget n"), the
 * admin signed in through the CLI. */
static void shop_of(int n)
{
    tui_start(&u, NULL, NULL);
    tui_user(&u, ADMIN, PW, "admin");
    TOKEN = testsrv_sign_in(&u.srv, ADMIN, PW);
    for (int i = 1; i <= n; i++) {
        char name[32], sku[32];
        snprintf(name, sizeof name, "Gadget %02d", i);
        snprintf(sku, sizeof sku, "GAD-%02d", i);
        product(name, sku, i % 2 ? "electronics" : "books", 1000 + i, 50 + i);
    }
    tui_login(&u, ADMIN, PW);
}

static struct vt *open_tui(int rows, int cols)
{
    struct vt *t = tui_spawn(&u, rows, cols, NULL);
    vt_assert_text(t, "Products · page 1", 15000);
    vt_settle(t, 200, 5000); /* the whole first page, not its first bytes */
    return t;
}

/* The row a text is on, failing when it is not on screen. */
static int row_of(struct vt *t, const char *text)
{
    int r, c;
    if (!vt_wait_text(t, text, 3000) || !vt_find(t, text, &r, &c))
        vt_fail(t, "\"%s\" not on screen", text);
    return r;
}

/* True when the cell at the start of text's row is drawn as selected
 * (a marker and a highlight that is not the default background). */
static bool selected(struct vt *t, const char *text)
{
    int r = row_of(t, text);
    struct vt_cell c;
    vt_cell(t, r, 0, &c);
    struct vt_cell body;
    vt_cell(t, r, 4, &body);
    return !strcmp(c.text, "▌") && (body.reverse || body.bg != VT_COLOR_DEFAULT);
}

START_TEST(grid_at_80x24_one_column_with_badges)
{
    shop_of(3);
    product("Low Lamp", "LOW-1", "home", 2599, 5);
    product("Gone Gizmo", "OUT-1", "toys", 1234, 0);
    struct vt *t = open_tui(24, 80);
    vt_assert_text(t, "Gone Gizmo", 5000);
    /* Newest first, one card a line, price as dollars, the badges. */
    ck_assert_int_lt(row_of(t, "Gone Gizmo"), row_of(t, "Low Lamp"));
    ck_assert_int_lt(row_of(t, "Low Lamp"), row_of(t, "Gadget 03"));
    vt_assert_text(t, "$12.34", 1000);
    vt_assert_text(t, "$25.99", 1000);
    vt_assert_text(t, "OUT", 1000);
    vt_assert_text(t, "5 in stock  LOW", 1000);
    vt_assert_text(t, "SKU LOW-1 · home", 1000);
    ck_assert_msg(selected(t, "Gone Gizmo"), "the first card is selected");
    ck_assert(!selected(t, "Low Lamp"));
    /* The frame: tabs, the status line, key hints. */
    vt_assert_text(t, "1 Products", 1000);
    vt_assert_text(t, "ops@example.com (admin)", 1000);
    vt_assert_text(t, "ONLINE", 1000);
    vt_assert_text(t, "? help", 1000);
    /* Down moves the selection. */
    vt_send(t, "j");
    vt_settle(t, 150, 2000);
    ck_assert(selected(t, "Low Lamp"));
    ck_assert(!selected(t, "Gone Gizmo"));
    vt_key(t, VT_DOWN);
    vt_settle(t, 150, 2000);
    ck_assert(selected(t, "Gadget 03"));
    vt_send(t, "k");
    vt_settle(t, 150, 2000);
    ck_assert(selected(t, "Low Lamp"));
}
END_TEST

START_TEST(grid_at_160x48_has_columns_and_t_makes_a_table)
{
    shop_of(6);
    struct vt *t = open_tui(48, 160);
    vt_assert_text(t, "Gadget 01", 5000);
    ck_assert_int_eq(row_of(t, "Gadget 06"), row_of(t, "Gadget 05"));
    ck_assert_int_eq(row_of(t, "Gadget 06"), row_of(t, "Gadget 04"));
    /* Right moves along the line, left back. */
    vt_send(t, "l");
    vt_settle(t, 150, 2000);
    int r, c6, c5;
    vt_find(t, "Gadget 06", &r, &c6);
    vt_find(t, "Gadget 05", &r, &c5);
    struct vt_cell m;
    vt_cell(t, r, c5 - 2, &m);
    ck_assert_str_eq(m.text, "▌");
    vt_send(t, "t");
    vt_assert_text(t, "NAME", 3000);
    vt_settle(t, 200, 3000); /* the whole frame, not its first bytes */
    vt_assert_text(t, "CATEGORY", 1000);
    ck_assert_int_lt(row_of(t, "Gadget 06"), row_of(t, "Gadget 05"));
    ck_assert(selected(t, "Gadget 05")); /* the selection stays */
    /* Wider, the columns stay together: the name column stops at 60. */
    vt_resize(t, 60, 200);
    vt_settle(t, 300, 3000);
    int hr, name_col, sku_col;
    ck_assert(vt_find(t, "NAME", &hr, &name_col));
    ck_assert(vt_find(t, "SKU", &hr, &sku_col));
    ck_assert_msg(sku_col - name_col <= 62, "SKU at column %d, NAME at %d",
                  sku_col, name_col);
}
END_TEST

START_TEST(search_and_category_filter_and_clear)
{
    shop_of(4);
    product("Walnut Desk", "WD-1", "home", 45000, 12);
    struct vt *t = open_tui(24, 80);
    vt_send(t, "/");
    vt_assert_text(t, "Search:", 2000);
    vt_send(t, "walnut");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "search \"walnut\"", 5000);
    vt_assert_text(t, "Walnut Desk", 5000);
    vt_assert_gone(t, "Gadget 01", 5000);
    /* Esc clears the search. */
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Gadget 01", 5000);
    vt_assert_gone(t, "search \"", 1000);
    /* A search that matches nothing says so. */
    vt_send(t, "/zzz\r");
    vt_assert_text(t, "No products match", 5000);
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Walnut Desk", 5000);
    /* c picks a category from a list. */
    vt_send(t, "c");
    vt_assert_text(t, "all categories", 3000);
    /* all, electronics, clothing, home: three down. */
    vt_send(t, "jjj");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Products · home", 5000);
    vt_assert_text(t, "Walnut Desk", 5000);
    vt_assert_gone(t, "Gadget 02", 5000);
}
END_TEST

START_TEST(pages_forward_and_back)
{
    shop_of(25);
    struct vt *t = open_tui(24, 80);
    vt_assert_text(t, "Gadget 25", 5000);
    vt_assert_text(t, "page 1 · 20 shown", 1000);
    vt_send(t, "n");
    vt_assert_text(t, "page 2 (last) · 5 shown", 5000);
    vt_assert_text(t, "Gadget 05", 1000);
    vt_assert_gone(t, "Gadget 25", 1000);
    vt_send(t, "n"); /* no further */
    vt_assert_text(t, "This is the last page.", 3000);
    vt_key(t, VT_PGUP);
    vt_assert_text(t, "page 1 · 20 shown", 5000);
    vt_assert_text(t, "Gadget 25", 1000);
    vt_key(t, VT_PGDN);
    vt_assert_text(t, "page 2 (last)", 5000);
    vt_send(t, "p");
    vt_assert_text(t, "page 1 ·", 5000);
    vt_send(t, "p");
    vt_assert_text(t, "This is the first page.", 3000);
}
END_TEST

START_TEST(help_lists_the_keys_and_closes)
{
    shop_of(2);
    struct vt *t = open_tui(24, 80);
    vt_send(t, "?");
    vt_assert_text(t, "Keys", 3000);
    vt_assert_text(t, "Search by name", 1000);
    vt_assert_text(t, "Add a product", 1000); /* an admin's key */
    vt_send(t, "q"); /* closes the help, does not quit */
    vt_assert_gone(t, "Search by name", 3000);
    vt_assert_text(t, "Gadget 01", 1000);
}
END_TEST

START_TEST(resize_reflows_the_grid_and_keeps_the_frame)
{
    shop_of(4);
    struct vt *t = open_tui(24, 80);
    vt_assert_text(t, "Gadget 01", 5000);
    ck_assert_int_ne(row_of(t, "Gadget 04"), row_of(t, "Gadget 03"));
    vt_resize(t, 30, 120);
    vt_settle(t, 300, 3000);
    ck_assert_int_eq(row_of(t, "Gadget 04"), row_of(t, "Gadget 03"));
    ck_assert_int_eq(row_of(t, "? help"), 29); /* the footer at the bottom */
    vt_resize(t, 20, 60);
    vt_settle(t, 300, 3000);
    ck_assert_int_ne(row_of(t, "Gadget 04"), row_of(t, "Gadget 03"));
    ck_assert_int_eq(row_of(t, "? help"), 19);
    /* Overlays follow too. */
    vt_send(t, "?");
    vt_assert_text(t, "Keys", 3000);
    vt_resize(t, 24, 80);
    vt_settle(t, 300, 3000);
    vt_assert_text(t, "Keys", 1000);
    vt_send(t, VT_ESC);
    vt_assert_gone(t, "Search by name", 3000);
}
END_TEST

START_TEST(a_hostile_name_is_harmless_text)
{
    shop_of(2);
    /* The server refuses control characters; a store written by anyone
     * else may hold them: put them there directly. */
    shop_sql(&u.srv, "UPDATE products SET name = 'Evil' || char(27) || "
                     "']0;pwned' || char(7) || char(27) || '[2J' || char(27) "
                     "|| '[H' || char(155) || 'X' || char(8238) || 'end' "
                     "WHERE sku = 'GAD-02'");
    struct vt *t = open_tui(24, 80);
    vt_assert_text(t, "Evil", 5000);
    vt_assert_text(t, "Gadget 01", 1000); /* nothing cleared the screen */
    ck_assert_str_ne(vt_title(t) ? vt_title(t) : "", "pwned");
    char *line = vt_row(t, row_of(t, "Evil"));
    ck_assert_msg(strstr(line, "\xEF\xBF\xBD"), "replacement shown: %s", line);
    ck_assert_msg(strstr(line, "]0;pwned"), "the rest as text: %s", line);
    free(line);
    /* The cursor did not jump home, the frame is intact. */
    vt_assert_text(t, "1 Products", 1000);
    vt_assert_text(t, "? help", 1000);
}
END_TEST

START_TEST(q_leaves_the_terminal_as_it_was)
{
    shop_of(1);
    struct vt *t = open_tui(24, 80);
    ck_assert(vt_altscreen(t));
    vt_send(t, "q");
    int st = -1;
    if (!vt_wait_exit(t, 10000, &st))
        vt_fail(t, "q did not quit");
    ck_assert_int_eq(st, 0);
    ck_assert(!vt_altscreen(t));
    size_t n;
    const char *out = vt_output(t, &n);
    ck_assert_msg(memmem(out, n, "\033[?25h", 6), "the cursor is shown again");
}
END_TEST

START_TEST(sigterm_restores_the_terminal_too)
{
    shop_of(1);
    struct vt *t = open_tui(24, 80);
    kill(vt_pid(t), SIGTERM);
    int st = -1;
    if (!vt_wait_exit(t, 10000, &st))
        vt_fail(t, "SIGTERM did not stop it");
    ck_assert(!vt_altscreen(t));
}
END_TEST

START_TEST(a_slow_api_never_freezes_the_keys_and_esc_cancels)
{
    shop_of(3);
    tui_slow(&u);
    tui_login(&u, ADMIN, PW); /* a session belongs to an API URL */
    struct vt *t = open_tui(24, 80);
    vt_assert_text(t, "Gadget 01", 5000);
    slowproxy_delay_responses(u.proxy, 2000);
    vt_send(t, "r");
    vt_assert_text(t, "loading products", 1500); /* the spinner says what */
    int64_t t0 = time_mono_ms();
    vt_send(t, "j");
    /* The move shows while the request waits. */
    while (!selected(t, "Gadget 02") && time_mono_ms() - t0 < 1500)
        vt_settle(t, 20, 100);
    ck_assert_msg(selected(t, "Gadget 02"), "the selection moved");
    ck_assert_msg(time_mono_ms() - t0 < 1500, "at once, not after the answer");
    vt_assert_text(t, "loading products", 100); /* still waiting */
    vt_send(t, VT_ESC);
    vt_assert_text(t, "cancelled", 1500);
    vt_assert_gone(t, "loading products", 1500);
    /* The data stays, and the app goes on. */
    vt_assert_text(t, "Gadget 03", 100);
    slowproxy_delay_responses(u.proxy, 0);
    vt_send(t, "r");
    vt_assert_gone(t, "loading products", 5000);
}
END_TEST

START_TEST(a_selection_move_sends_little)
{
    shop_of(12);
    struct vt *t = open_tui(40, 120);
    vt_assert_text(t, "Gadget 01", 5000);
    vt_settle(t, 400, 5000);
    size_t before = vt_bytes(t);
    vt_send(t, "j");
    vt_settle(t, 300, 3000);
    size_t move = vt_bytes(t) - before;
    before = vt_bytes(t);
    vt_send(t, VT_CTRL('l'));
    vt_settle(t, 300, 3000);
    size_t full = vt_bytes(t) - before;
    fprintf(stderr, "bytes at 120x40: selection move %zu, full repaint %zu\n",
            move, full);
    ck_assert_uint_gt(move, 0);
    ck_assert_msg(move * 4 < full, "a move (%zu) is a fraction of a repaint "
                  "(%zu)", move, full);
}
END_TEST

START_TEST(tab_cycles_panes_and_sign_out_forgets_the_session)
{
    shop_of(1);
    struct vt *t = open_tui(24, 80);
    vt_send(t, VT_TAB);
    vt_assert_text(t, "2 Orders", 3000);
    vt_settle(t, 200, 3000);
    struct vt_cell c;
    int r, col;
    ck_assert(vt_find(t, "2 Orders", &r, &col));
    vt_cell(t, r, col, &c);
    struct vt_cell off;
    ck_assert(vt_find(t, "1 Products", &r, &col));
    vt_cell(t, r, col, &off);
    ck_assert_msg(c.bg != off.bg || c.reverse != off.reverse,
                  "the current tab stands out");
    vt_send(t, "1");
    vt_assert_text(t, "Products · page 1", 3000);
    /* L asks, n keeps the session, L y signs out. */
    vt_send(t, "L");
    vt_assert_text(t, "Sign out?", 3000);
    vt_send(t, "n");
    vt_assert_gone(t, "Sign out?", 3000);
    vt_assert_text(t, "Products · page 1", 1000);
    vt_send(t, "Ly");
    vt_assert_text(t, "Signed out.", 5000);
    vt_assert_gone(t, "1 Products", 3000);
    vt_assert_text(t, "Password", 3000);
    vt_send(t, VT_CTRL_C);
    int st = -1;
    if (!vt_wait_exit(t, 10000, &st))
        vt_fail(t, "Ctrl-C did not quit");
    /* The next start has no session: the sign-in screen. */
    t = tui_spawn(&u, 24, 80, NULL);
    vt_assert_text(t, "Password", 15000);
    vt_assert_gone(t, "1 Products", 1000);
}
END_TEST

START_TEST(demo_from_an_empty_data_home)
{
    tui_start_home(&u, NULL);
    struct vt *t = tui_spawn(&u, 24, 80, (const char *const[]){"--demo", NULL});
    vt_assert_text(t, "demo@inventui.local", 30000);
    vt_assert_text(t, "DEMO", 1000);
    /* Prefilled: Enter moves on, Enter signs in. */
    vt_send(t, VT_ENTER);
    if (!vt_wait_text(t, "1 Products", 3000)) {
        vt_send(t, VT_ENTER);
        vt_assert_text(t, "1 Products", 15000);
    }
    vt_assert_text(t, "Products · page 1", 15000);
    vt_assert_text(t, "demo@inventui.local (admin)", 1000);
    vt_assert_text(t, "DEMO", 1000);
    vt_send(t, "q");
    int st = -1;
    if (!vt_wait_exit(t, 15000, &st))
        vt_fail(t, "the demo did not stop");
    ck_assert_int_eq(st, 0);
    char path[400];
    snprintf(path, sizeof path, "%s/data/inventui/demo/server.log", u.home);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f, "the server logged to %s", path);
    fclose(f);
}
END_TEST

Suite *suite_products_tui(void)
{
    Suite *s = suite_create("products_tui");
    TCase *tc = tcase_create("products_tui");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, grid_at_80x24_one_column_with_badges);
    tcase_add_test(tc, grid_at_160x48_has_columns_and_t_makes_a_table);
    tcase_add_test(tc, search_and_category_filter_and_clear);
    tcase_add_test(tc, pages_forward_and_back);
    tcase_add_test(tc, help_lists_the_keys_and_closes);
    tcase_add_test(tc, resize_reflows_the_grid_and_keeps_the_frame);
    tcase_add_test(tc, a_hostile_name_is_harmless_text);
    tcase_add_test(tc, q_leaves_the_terminal_as_it_was);
    tcase_add_test(tc, sigterm_restores_the_terminal_too);
    tcase_add_test(tc, a_slow_api_never_freezes_the_keys_and_esc_cancels);
    tcase_add_test(tc, a_selection_move_sends_little);
    tcase_add_test(tc, tab_cycles_panes_and_sign_out_forgets_the_session);
    tcase_add_test(tc, demo_from_an_empty_data_home);
    suite_add_tcase(s, tc);
    return s;
}
