/* Screen tests of the DLQ tab and the message view: the real client in a
 * pty against a real server whose notifications always fail, so orders
 * land in the dead-letter queue. What is asserted is what a person sees
 * after the keys a person presses, and what the server then holds (the
 * admin audit trail, the DLQ's count). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/shop.h"
#include "ui/suites.h"
#include "ui/tui.h"

#define ADMIN "ops@example.com"
#define CUSTOMER "cy@example.com"
#define PW "Passw0rdX"
#define WAIT 10000 /* ms: server work under ASan */

/* Every failed notification moves its message to the DLQ at once. */
#define FAULTS                                                            \
    "[faults]\nnotify_fail_rate = 1.0\n"                                  \
    "[queue]\nvisibility_timeout = 1\nmax_receive_count = 1\n"

/* The pane's rows on the screen (the header is row 0): title, order
 * queue, DLQ, column heads, then the messages. */
#define ROW_DEPTHS 2
#define ROW_FIRST 5

static struct tui u;
static char *admin_token;
static char order_ids[30][64];
static int orders;

static void down(void)
{
    free(admin_token);
    admin_token = NULL;
    orders = 0;
    tui_stop(&u);
}

/* A server with n orders by CUSTOMER in its DLQ (product name given),
 * the admin signed in for the next client. */
static void start_with_dlq(const char *product, int n)
{
    tui_start(&u, FAULTS, NULL);
    admin_token = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    char *cust = testsrv_user_token(&u.srv, CUSTOMER, PW, NULL);
    char *pid = shop_product(&u.srv, admin_token, product, 30000);
    for (int i = 0; i < n; i++) {
        char *id = shop_order(&u.srv, cust, pid, 1);
        snprintf(order_ids[orders++], sizeof order_ids[0], "%s", id);
        free(id);
    }
    free(pid);
    free(cust);
    ck_assert(shop_wait_dlq(&u.srv, admin_token, n, WAIT));
    tui_login(&u, ADMIN, PW);
}

/* The client on the DLQ tab, once it shows text (the depths and a page
 * of messages arrive separately: a page is there when its title says how
 * many it shows). */
static struct vt *open_dlq(int rows, int cols, const char *text)
{
    struct vt *t = tui_spawn(&u, rows, cols, NULL);
    vt_assert_text(t, "3 DLQ", WAIT);
    vt_send(t, "3");
    vt_assert_text(t, text, WAIT);
    return t;
}

/* open_dlq with the depths and the first page both shown. */
static struct vt *open_dlq_list(int rows, int cols, const char *count_text)
{
    struct vt *t = open_dlq(rows, cols, count_text);
    vt_assert_text(t, " shown", WAIT);
    /* The rest of the frame (a frame may come in more than one read). */
    vt_settle(t, 150, WAIT);
    return t;
}

/* q quits with status 0: the terminal is given back and, under ASan,
 * nothing the panes held leaked. */
static void quit_cleanly(struct vt *t)
{
    vt_send(t, "q");
    int st = -1;
    if (!vt_wait_exit(t, WAIT, &st))
        vt_fail(t, "q did not quit");
    if (st != 0)
        vt_fail(t, "the client exited with %d", st);
}

/* Presses key, expects the question, answers y, expects what the
 * footer says of order id ("deleted" or "redriven"). */
static void ask_yes(struct vt *t, const char *key, const char *id)
{
    bool del = !strcmp(key, "D");
    vt_send(t, key);
    vt_assert_text(t, del ? "Delete the message for order"
                          : "Redrive the message for order", WAIT);
    vt_send(t, "y");
    char said[96];
    if (del)
        snprintf(said, sizeof said, "The message for order %s is deleted.", id);
    else
        snprintf(said, sizeof said, "Order %s is back on the order queue.", id);
    vt_assert_text(t, said, WAIT);
}

/* Whether the list rows (not the footer) show text. */
static bool listed(struct vt *t, const char *text)
{
    int rows;
    vt_size(t, &rows, NULL);
    for (int r = ROW_FIRST; r < rows - 2; r++) {
        char *row = vt_row(t, r);
        bool in = strstr(row, text) != NULL;
        free(row);
        if (in)
            return true;
    }
    return false;
}

/* The short order id shown on a list row (after the selection marker). */
static void row_order(struct vt *t, int row, char out[9])
{
    char *text = vt_row(t, row);
    const char *s = text;
    while (*s && (*s == ' ' || (unsigned char)*s >= 0x80))
        s++; /* the marker "▌" and spaces */
    snprintf(out, 9, "%.8s", s);
    free(text);
    if (strlen(out) != 8 || strspn(out, "0123456789abcdef") != 8)
        vt_fail(t, "row %d shows no order id", row);
}

/* How many audit rows have action, and whether one of them is about
 * order (its body names it). */
static int audit_count(const char *action, const char *order, bool *found)
{
    struct http_resp r;
    http_call(&u.srv, "GET", "/admin/audit?limit=100", admin_token, NULL, &r,
              NULL);
    ck_assert_int_eq(r.status, 200);
    int n = 0;
    if (found)
        *found = false;
    const cJSON *it;
    cJSON_ArrayForEach(it, jpath(r.json, "data.items")) {
        if (strcmp(jstr(it, "action"), action) != 0)
            continue;
        n++;
        if (found && order && strstr(jstr(it, "body"), order))
            *found = true;
    }
    http_resp_free(&r);
    return n;
}

static long long dlq_count(void)
{
    struct http_resp r;
    http_call(&u.srv, "GET", "/admin/queues", admin_token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    long long n = (long long)jnum(r.json, "data.dlq.count");
    http_resp_free(&r);
    return n;
}

START_TEST(admin_sees_depths_and_messages)
{
    start_with_dlq("Walnut desk", 3);
    struct vt *t = open_dlq_list(24, 80, "3 messages");
    vt_assert_text(t, "Order queue", WAIT);
    vt_assert_text(t, "oldest", WAIT);
    vt_assert_text(t, "ATTEMPTS", WAIT);
    vt_assert_text(t, "LAST ERROR", WAIT);
    for (int i = 0; i < 3; i++) {
        char id[9];
        snprintf(id, sizeof id, "%.8s", order_ids[i]);
        vt_assert_text(t, id, WAIT);
    }
    /* Each row: who ordered, what, the error, an age; newest first. */
    char *row = vt_row(t, ROW_FIRST);
    if (!strstr(row, CUSTOMER) || !strstr(row, "Walnut desk") ||
        !strstr(row, "notification") || !strstr(row, "second"))
        vt_fail(t, "first row is \"%s\"", row);
    free(row);
    char first[9];
    row_order(t, ROW_FIRST, first);
    ck_assert_int_eq(strncmp(first, order_ids[2], 8), 0);
    /* The selection moves with j. */
    vt_assert_text(t, "page 1 (last) · 3 shown", WAIT);
    vt_send(t, "j");
    vt_settle(t, 150, 2000);
    struct vt_cell c1, c0;
    vt_cell(t, ROW_FIRST + 1, 0, &c1);
    vt_cell(t, ROW_FIRST, 0, &c0);
    if (strcmp(c1.text, "▌") != 0 || strcmp(c0.text, "▌") == 0)
        vt_fail(t, "the selection did not move down");
    /* The tab is in the header for an admin. */
    row = vt_row(t, 0);
    ck_assert_ptr_nonnull(strstr(row, "3 DLQ"));
    free(row);
    quit_cleanly(t);
}
END_TEST

/* The text of the row holding text (caller frees), failing when none. */
static char *row_with(struct vt *t, const char *text)
{
    int r, c;
    if (!vt_find(t, text, &r, &c))
        vt_fail(t, "no row holds \"%s\"", text);
    return vt_row(t, r);
}

START_TEST(depth_ages_go_on_between_reads)
{
    start_with_dlq("Walnut desk", 1);
    struct vt *t = open_dlq_list(24, 80, "1 message");
    char *before = row_with(t, "message · oldest");
    /* No new read (refresh_seconds is 30): a full repaint later shows
     * the oldest message older, not the age the server said then. */
    shop_sleep_ms(2500);
    vt_send(t, VT_CTRL('l'));
    vt_settle(t, 200, WAIT);
    char *after = row_with(t, "message · oldest");
    if (!strcmp(before, after))
        vt_fail(t, "the age stood still: \"%s\"", after);
    free(before);
    free(after);
    quit_cleanly(t);
}
END_TEST

START_TEST(message_view_shows_pretty_json_and_scrolls)
{
    start_with_dlq("Walnut desk", 1);
    struct vt *t = open_dlq_list(24, 80, "1 message");
    vt_send(t, VT_ENTER);
    char title[64];
    snprintf(title, sizeof title, "DLQ message · order %.8s", order_ids[0]);
    vt_assert_text(t, title, WAIT);
    vt_assert_text(t, order_ids[0], WAIT); /* the whole id */
    vt_assert_text(t, "Attempts", WAIT);
    vt_assert_text(t, "Moved to DLQ", WAIT);
    vt_assert_text(t, "Last error", WAIT);
    vt_assert_text(t, "notification failed: fault injected", WAIT);
    /* The body, pretty-printed: one member a line, indented. */
    vt_assert_text(t, "  \"productName\": \"Walnut desk\",", WAIT);
    vt_assert_text(t, "  \"userEmail\": \"" CUSTOMER "\",", WAIT);
    /* Longer than the screen: it scrolls to the end and back. */
    vt_assert_text(t, "lines 1-20 of", WAIT);
    if (vt_find(t, "\"createdAt\"", NULL, NULL))
        vt_fail(t, "the body's last member shows before scrolling");
    vt_key(t, VT_END);
    vt_assert_text(t, "\"createdAt\"", WAIT);
    vt_assert_gone(t, "lines 1-20 of", WAIT);
    vt_key(t, VT_HOME);
    vt_assert_text(t, "lines 1-20 of", WAIT);
    vt_key(t, VT_PGDN);
    vt_assert_gone(t, "lines 1-20 of", WAIT);
    vt_key(t, VT_PGUP);
    vt_assert_text(t, "lines 1-20 of", WAIT);
    vt_send(t, "j");
    vt_assert_text(t, "lines 2-21 of", WAIT);
    /* A narrower screen wraps and cuts by width, nothing spills. */
    vt_resize(t, 24, 50);
    vt_assert_text(t, "notification failed: fault", WAIT);
    vt_assert_text(t, "lines 2-", WAIT);
    /* Esc goes back to the list. */
    vt_send(t, VT_ESC);
    vt_assert_text(t, "1 message", WAIT);
    vt_assert_gone(t, "Last error", WAIT);
    quit_cleanly(t);
}
END_TEST

START_TEST(delete_asks_then_the_message_is_gone)
{
    start_with_dlq("Walnut desk", 3);
    struct vt *t = open_dlq_list(24, 80, "3 messages");
    vt_assert_text(t, "ATTEMPTS", WAIT);
    char id[9];
    row_order(t, ROW_FIRST, id);
    vt_send(t, "D");
    vt_assert_text(t, "Delete the message for order", WAIT);
    /* n leaves it. */
    vt_send(t, "n");
    vt_assert_text(t, "Nothing was changed.", WAIT);
    ck_assert_int_eq(dlq_count(), 3);
    ask_yes(t, "D", id);
    vt_assert_text(t, "2 messages", WAIT);
    vt_assert_text(t, "page 1 (last) · 2 shown", WAIT);
    vt_settle(t, 150, WAIT);
    /* The row went; the server agrees and wrote it down. */
    if (listed(t, id))
        vt_fail(t, "order %s is still listed", id);
    ck_assert_int_eq(dlq_count(), 2);
    bool found;
    ck_assert_int_eq(audit_count("delete", id, &found), 1);
    ck_assert(found);
    quit_cleanly(t);
}
END_TEST

START_TEST(redrive_one_from_the_list_and_from_the_message)
{
    start_with_dlq("Walnut desk", 2);
    struct vt *t = open_dlq_list(24, 80, "2 messages");
    vt_assert_text(t, "ATTEMPTS", WAIT);
    char id[9];
    row_order(t, ROW_FIRST, id);
    ask_yes(t, "R", id);
    bool found;
    ck_assert_int_eq(audit_count("redrive", id, &found), 1);
    ck_assert(found);

    /* From the message view: R closes it when done; the list is fetched
     * again. The faults are still on, so a redriven order fails again and
     * comes back: the count is not what is asserted, the audit is. */
    ck_assert(shop_wait_dlq(&u.srv, admin_token, 2, WAIT));
    vt_send(t, "r");
    vt_settle(t, 300, WAIT);
    vt_key(t, VT_HOME);
    vt_settle(t, 150, WAIT);
    row_order(t, ROW_FIRST, id);
    vt_send(t, VT_ENTER);
    char title[64];
    snprintf(title, sizeof title, "DLQ message · order %s", id);
    vt_assert_text(t, title, WAIT);
    ask_yes(t, "R", id);
    vt_assert_gone(t, title, WAIT);
    vt_assert_text(t, "ATTEMPTS", WAIT);
    ck_assert_int_eq(audit_count("redrive", id, &found), 2);
    ck_assert(found);
    quit_cleanly(t);
}
END_TEST

START_TEST(delete_from_the_message_view)
{
    start_with_dlq("Walnut desk", 2);
    struct vt *t = open_dlq_list(24, 80, "2 messages");
    vt_assert_text(t, "ATTEMPTS", WAIT);
    char id[9];
    row_order(t, ROW_FIRST, id);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Last error", WAIT);
    ask_yes(t, "D", id);
    vt_assert_gone(t, "Last error", WAIT);
    vt_assert_text(t, "1 message ", WAIT);
    vt_assert_text(t, "page 1 (last) · 1 shown", WAIT);
    ck_assert_int_eq(dlq_count(), 1);
    quit_cleanly(t);
}
END_TEST

START_TEST(redrive_all_asks_with_the_count)
{
    start_with_dlq("Walnut desk", 3);
    struct vt *t = open_dlq_list(24, 80, "3 messages");
    vt_send(t, "A");
    vt_assert_text(t, "Redrive all 3 messages?", WAIT);
    vt_send(t, "y");
    vt_assert_text(t, "3 messages are back on the order queue.", WAIT);
    ck_assert_int_eq(audit_count("redrive", NULL, NULL), 3);
    quit_cleanly(t);
}
END_TEST

START_TEST(empty_dlq_says_so)
{
    tui_start(&u, NULL, NULL);
    admin_token = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    tui_login(&u, ADMIN, PW);
    struct vt *t = open_dlq(24, 80, "The dead-letter queue is empty.");
    vt_assert_text(t, "0 messages", WAIT);
    vt_send(t, "A");
    vt_settle(t, 300, WAIT);
    if (vt_find(t, "Redrive all", NULL, NULL))
        vt_fail(t, "redrive all asked about an empty DLQ");
    quit_cleanly(t);
}
END_TEST

/* Rows straight into the DLQ table: more than a page, quickly. */
static void insert_messages(int n)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
             "WHERE i < %d) "
             "INSERT INTO dlq_messages (id, order_id, body, receive_count, "
             "last_error, first_failed_at, moved_at) "
             "SELECT printf('00000000-0000-4000-8000-%%012d', i), "
             "printf('%%08d-0000-4000-8000-000000000000', i), "
             "printf('{\"orderId\":\"%%08d\",\"userEmail\":\"u%%d@example.com\","
             "\"productName\":\"Item %%d\"}', i, i, i), 3, 'smtp timeout', "
             "strftime('%%s','now') * 1000 - 600000, "
             "strftime('%%s','now') * 1000 - 330000 + i FROM k",
             n);
    shop_sql(&u.srv, sql);
}

START_TEST(pages_forward_and_back)
{
    tui_start(&u, NULL, NULL);
    admin_token = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    tui_login(&u, ADMIN, PW);
    insert_messages(25);
    struct vt *t = open_dlq_list(40, 100, "25 messages");
    vt_assert_text(t, "page 1 · 20 shown", WAIT);
    vt_assert_text(t, "00000025", WAIT); /* newest first */
    vt_assert_text(t, "u25@example.com", WAIT);
    vt_assert_text(t, "5 minutes", WAIT);
    vt_send(t, "n");
    vt_assert_text(t, "page 2 (last) · 5 shown", WAIT);
    vt_assert_text(t, "00000001", WAIT);
    vt_assert_gone(t, "00000025", WAIT);
    vt_send(t, "n");
    vt_assert_text(t, "This is the last page.", WAIT);
    vt_send(t, "p");
    vt_assert_text(t, "page 1 · 20 shown", WAIT);
    vt_assert_text(t, "00000025", WAIT);
    /* Page 2 emptied meanwhile (redriven, deleted): going there shows
     * page 1 again rather than an empty page. */
    shop_sql(&u.srv, "DELETE FROM dlq_messages WHERE order_id < '00000006'");
    vt_send(t, "n");
    vt_assert_text(t, "page 1 (last) · 20 shown", WAIT);
    vt_send(t, "r");
    vt_assert_text(t, "20 messages", WAIT);
    quit_cleanly(t);
}
END_TEST

START_TEST(columns_fit_the_width_and_hostile_text_is_harmless)
{
    tui_start(&u, NULL, NULL);
    admin_token = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    tui_login(&u, ADMIN, PW);
    insert_messages(2);
    /* Wide characters in the product; escape sequences in the error and
     * a body that is not JSON. */
    shop_sql(&u.srv,
             "UPDATE dlq_messages SET body = '{\"userEmail\":\"a@example.com\","
             "\"productName\":\"机械键盘机械键盘机械键盘 wide\"}' "
             "WHERE order_id LIKE '00000002%'");
    shop_sql(&u.srv,
             "UPDATE dlq_messages SET last_error = 'boom' || char(27) || "
             "']0;pwned' || char(7) || char(27) || '[2J' || char(27) || "
             "'[H', body = 'not json ' || char(27) || '[31m' "
             "WHERE order_id LIKE '00000001%'");
    struct vt *t = open_dlq_list(24, 80, "2 messages");
    vt_assert_text(t, "ATTEMPTS", WAIT);
    vt_assert_text(t, "机械键盘", WAIT);
    /* The attempts line up under their heading on every row. */
    int hc;
    ck_assert(vt_find(t, "ATTEMPTS", NULL, &hc));
    struct vt_cell cell;
    vt_cell(t, ROW_FIRST, hc + 7, &cell);
    if (strcmp(cell.text, "3") != 0)
        vt_fail(t, "row 1's attempts are not under ATTEMPTS");
    vt_cell(t, ROW_FIRST + 1, hc + 7, &cell);
    if (strcmp(cell.text, "3") != 0)
        vt_fail(t, "row 2's attempts are not under ATTEMPTS");
    /* The escape sequences did nothing: no title, no cleared screen. */
    ck_assert_str_eq(vt_title(t), "");
    vt_assert_text(t, "Order queue", WAIT);
    vt_assert_text(t, "boom", WAIT);
    /* The message view says the body is not JSON and shows it. */
    vt_send(t, "j");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Body (not JSON; as received)", WAIT);
    vt_assert_text(t, "not json", WAIT);
    ck_assert_str_eq(vt_title(t), "");
    vt_send(t, VT_ESC);
    vt_assert_gone(t, "Body (not JSON", WAIT);

    /* Wider: the customer and product get room; narrower: they go. */
    vt_resize(t, 30, 140);
    vt_assert_text(t, "机械键盘机械键盘机械键盘 wide", WAIT);
    vt_assert_text(t, "CUSTOMER", WAIT);
    vt_resize(t, 24, 60);
    vt_assert_gone(t, "PRODUCT", WAIT);
    vt_assert_text(t, "CUSTOMER", WAIT);
    vt_assert_text(t, "ATTEMPTS", WAIT);
    vt_resize(t, 24, 45);
    vt_assert_gone(t, "CUSTOMER", WAIT);
    vt_assert_text(t, "LAST ERROR", WAIT);
    quit_cleanly(t);
}
END_TEST

START_TEST(customer_has_no_dlq)
{
    tui_start(&u, NULL, NULL);
    free(testsrv_user_token(&u.srv, CUSTOMER, PW, NULL));
    tui_login(&u, CUSTOMER, PW);
    struct vt *t = tui_spawn(&u, 24, 80, NULL);
    vt_assert_text(t, "1 Products", WAIT);
    vt_assert_text(t, "2 Orders", WAIT);
    char *row = vt_row(t, 0);
    if (strstr(row, "DLQ"))
        vt_fail(t, "a customer's header offers the DLQ");
    free(row);
    vt_send(t, "3");
    vt_settle(t, 300, 3000);
    if (vt_find(t, "Dead-letter queue", NULL, NULL) ||
        vt_find(t, "Order queue", NULL, NULL))
        vt_fail(t, "3 showed the DLQ to a customer");
    /* Tab cycles the customer's panes only. */
    for (int i = 0; i < 3; i++) {
        vt_send(t, VT_TAB);
        vt_settle(t, 200, 3000);
        if (vt_find(t, "Dead-letter queue", NULL, NULL))
            vt_fail(t, "Tab reached the DLQ as a customer");
    }
    /* The help does not list admin keys. */
    vt_send(t, "?");
    vt_assert_text(t, "Keys", WAIT);
    if (vt_find(t, "dead-letter", NULL, NULL))
        vt_fail(t, "the help offers the DLQ to a customer");
}
END_TEST

START_TEST(server_refusal_is_a_sentence)
{
    /* The client sees the admin group in the token; this server's admin
     * group is another, so it answers 403. */
    tui_start(&u, "[auth]\nadmin_group = operators\n", NULL);
    free(testsrv_user_token(&u.srv, ADMIN, PW, "admin"));
    tui_login(&u, ADMIN, PW);
    struct vt *t = open_dlq(24, 80, "The dead-letter queue needs an "
                                    "administrator.");
    if (vt_find(t, "ATTEMPTS", NULL, NULL) ||
        vt_find(t, "Order queue", NULL, NULL))
        vt_fail(t, "the refused pane shows data");
    /* r fetches nothing more: no spinner named a load since. */
    vt_settle(t, 300, WAIT);
    size_t before = vt_bytes(t);
    vt_send(t, "r");
    vt_settle(t, 300, 3000);
    vt_assert_text(t, "The dead-letter queue needs an administrator.", WAIT);
    size_t len;
    const char *out = vt_output(t, &len);
    if (memmem(out + before, len - before, "loading", 7))
        vt_fail(t, "the refused pane fetched again");
    quit_cleanly(t);
}
END_TEST

Suite *suite_dlq(void)
{
    Suite *s = suite_create("dlq");
    TCase *tc = tcase_create("dlq");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, admin_sees_depths_and_messages);
    tcase_add_test(tc, depth_ages_go_on_between_reads);
    tcase_add_test(tc, message_view_shows_pretty_json_and_scrolls);
    tcase_add_test(tc, delete_asks_then_the_message_is_gone);
    tcase_add_test(tc, redrive_one_from_the_list_and_from_the_message);
    tcase_add_test(tc, delete_from_the_message_view);
    tcase_add_test(tc, redrive_all_asks_with_the_count);
    tcase_add_test(tc, empty_dlq_says_so);
    tcase_add_test(tc, pages_forward_and_back);
    tcase_add_test(tc, columns_fit_the_width_and_hostile_text_is_harmless);
    tcase_add_test(tc, customer_has_no_dlq);
    tcase_add_test(tc, server_refusal_is_a_sentence);
    suite_add_tcase(s, tc);
    return s;
}
