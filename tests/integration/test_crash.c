/* kill -9: what a server answered before it died, it keeps after a
 * restart. Orders are killed in mid-burst (while POST /orders are in
 * flight) and in mid-confirmation (while the worker mails and confirms);
 * after each restart every acknowledged order exists, stock adds up, no
 * order is stranded without a queue message, and once the worker has
 * caught up every order is CONFIRMED (one mail each) or in the DLQ. */
#include <check.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/strbuf.h"
#include "common/uuid.h"
#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/shop.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define STOCK 500
#define USERS 8
#define MAX_ORDERS 600
#define QUEUE_CONF "[queue]\nvisibility_timeout = 1\n"

/* The orders the server acknowledged with 201, and their units. */
struct acked {
    char id[MAX_ORDERS][UUID_STR_LEN];
    int n;
    long long units;
};

static size_t sink(char *d, size_t size, size_t n, void *user)
{
    strbuf_append(user, d, size * n);
    return size * n;
}

static char *user_token(const struct testsrv *s, int i, bool admin)
{
    char sub[64], email[64];
    snprintf(sub, sizeof sub, "00000000-0000-4000-8000-%012d", i);
    snprintf(email, sizeof email, "%s%d@example.com",
             admin ? "admin" : "buyer", i);
    return tokfix_user(s, sub, email, admin);
}

/* POSTs n orders for product from USERS users, 16 at a time; quantity
 * 1 + i % qmod. With kill_after > 0, kills the server with SIGKILL as soon
 * as that many 201s have arrived, while the rest are still in flight.
 * Records every 201 in *a; returns how many requests were unfinished when
 * the server died (0 without a kill). */
static int burst(struct testsrv *s, const char *product, int n, int qmod,
                 int kill_after, struct acked *a)
{
    ck_assert_int_le(n, MAX_ORDERS);
    char *tokens[USERS];
    struct curl_slist *hdrs[USERS];
    for (int u = 0; u < USERS; u++) {
        tokens[u] = user_token(s, u, false);
        struct strbuf h = {0};
        strbuf_printf(&h, "Authorization: Bearer %s", tokens[u]);
        hdrs[u] = curl_slist_append(NULL, h.buf);
        hdrs[u] = curl_slist_append(hdrs[u], "Content-Type: application/json");
        hdrs[u] = curl_slist_append(hdrs[u], "Expect:");
        strbuf_free(&h);
    }
    char url[128];
    snprintf(url, sizeof url, "%s/orders", s->base);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 16L);
    CURL **easy = calloc((size_t)n, sizeof *easy);
    struct strbuf *out = calloc((size_t)n, sizeof *out);
    char (*body)[128] = calloc((size_t)n, sizeof *body);
    long long *qty = calloc((size_t)n, sizeof *qty);
    for (int i = 0; i < n; i++) {
        qty[i] = 1 + i % qmod;
        snprintf(body[i], sizeof body[i],
                 "{\"productId\":\"%s\",\"quantity\":%lld}", product, qty[i]);
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOPROXY, "*");
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, hdrs[i % USERS]);
        curl_easy_setopt(easy[i], CURLOPT_POSTFIELDS, body[i]);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &out[i]);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 120L);
        curl_easy_setopt(easy[i], CURLOPT_PRIVATE, (void *)(intptr_t)i);
        curl_multi_add_handle(multi, easy[i]);
    }
    int running = 1, unfinished = 0;
    bool killed = false;
    while (running) {
        ck_assert_int_eq(curl_multi_perform(multi, &running), CURLM_OK);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE || msg->data.result != CURLE_OK)
                continue; /* cut off by the kill: in doubt, not promised */
            char *p;
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &p);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            int i = (int)(intptr_t)p;
            cJSON *j = cJSON_Parse(out[i].buf ? out[i].buf : "");
            if (status == 201) {
                snprintf(a->id[a->n++], UUID_STR_LEN, "%s", jstr(j, "data.id"));
                a->units += qty[i];
            } else {
                ck_assert_msg(status == 409, "%ld %s", status, out[i].buf);
            }
            cJSON_Delete(j);
        }
        if (kill_after > 0 && !killed && a->n >= kill_after) {
            unfinished = running;
            testsrv_kill9(s);
            killed = true;
        }
        if (running)
            curl_multi_poll(multi, NULL, 0, 50, NULL);
    }
    ck_assert_msg(kill_after == 0 || killed, "only %d orders before the end",
                  a->n);
    for (int i = 0; i < n; i++) {
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
        strbuf_free(&out[i]);
    }
    curl_multi_cleanup(multi);
    free(easy);
    free(out);
    free(body);
    free(qty);
    for (int u = 0; u < USERS; u++) {
        curl_slist_free_all(hdrs[u]);
        free(tokens[u]);
    }
    return unfinished;
}

static sqlite3 *open_ro(const struct testsrv *s)
{
    char path[400];
    snprintf(path, sizeof path, "%s/data/inventory.db", s->dir);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    return db;
}

/* The integer a query with one text parameter answers. */
static long long q1(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
                  "%s", sqlite3_errmsg(db));
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Right after a restart, before the worker has caught up. */
static void check_promises(const struct testsrv *s, const char *product,
                           const struct acked *a)
{
    sqlite3 *db = open_ro(s);
    for (int i = 0; i < a->n; i++)
        ck_assert_msg(q1(db, "SELECT count(*) FROM orders WHERE id = ?",
                         a->id[i]) == 1,
                      "acknowledged order %s is gone", a->id[i]);
    /* Stock left + units ordered == stock stocked; the acknowledged units
     * are among the ordered ones (a request cut off by the kill may or
     * may not have committed: either way the sum holds). */
    long long left = q1(db, "SELECT quantity FROM products WHERE id = ?", product);
    long long ordered = q1(db, "SELECT coalesce(sum(quantity), 0) FROM orders"
                               " WHERE product_id = ? AND status <> 'CANCELLED'",
                           product);
    ck_assert_int_eq(left + ordered, STOCK);
    ck_assert_int_ge(ordered, a->units);
    ck_assert_int_eq(q1(db, "SELECT count(*) FROM orders o WHERE"
                            " status = 'PENDING' AND NOT EXISTS (SELECT 1 FROM"
                            " queue_messages q WHERE q.order_id = o.id) AND"
                            " NOT EXISTS (SELECT 1 FROM dlq_messages d WHERE"
                            " d.order_id = o.id)", NULL), 0);
    sqlite3_close(db);
}

/* Polls /admin/queues until nothing is visible or in flight. */
static void wait_caught_up(const struct testsrv *s, int ms)
{
    char *admin = user_token(s, 99, true);
    for (int waited = 0;; waited += 100) {
        struct http_resp r;
        http_call(s, "GET", "/admin/queues", admin, NULL, &r, NULL);
        ck_assert_int_eq(r.status, 200);
        double busy = jnum(r.json, "data.orderQueue.visible") +
                      jnum(r.json, "data.orderQueue.inFlight");
        http_resp_free(&r);
        if (busy == 0)
            break;
        ck_assert_msg(waited < ms, "queue not drained after %d ms", ms);
        shop_sleep_ms(100);
    }
    free(admin);
}

/* After the worker caught up: every order CONFIRMED with exactly one
 * confirmation mail, or in the DLQ. */
static void check_settled(const struct testsrv *s)
{
    sqlite3 *db = open_ro(s);
    long long orders = q1(db, "SELECT count(*) FROM orders", NULL);
    long long confirmed = q1(db, "SELECT count(*) FROM orders WHERE"
                                 " status = 'CONFIRMED'", NULL);
    ck_assert_int_eq(q1(db, "SELECT count(*) FROM orders o WHERE status ="
                            " 'PENDING' AND EXISTS (SELECT 1 FROM dlq_messages"
                            " d WHERE d.order_id = o.id)", NULL),
                     orders - confirmed);
    ck_assert_int_eq(q1(db, "SELECT count(*) FROM sent_mail", NULL), confirmed);
    /* The spool holds one confirmation per CONFIRMED order and no other:
     * a mail handed over just before a kill was not sent again. */
    ck_assert_int_eq(shop_mail_count(s, "order-confirmation-"), confirmed);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT id FROM orders WHERE"
                                            " status = 'CONFIRMED'",
                                        -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char path[600];
        struct stat sb;
        snprintf(path, sizeof path, "%s/data/mail/order-confirmation-%s.eml",
                 s->dir, (const char *)sqlite3_column_text(st, 0));
        ck_assert_msg(stat(path, &sb) == 0, "no mail for %s", path);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static char *stock_product(const struct testsrv *s)
{
    char *owner = user_token(s, 50, true); /* product writes: admins */
    char *product = api_create_product(s, owner, "Crash Test Dummy", "CRASH-1",
                                       "toys", STOCK);
    free(owner);
    return product;
}

START_TEST(kill9_during_order_burst)
{
    struct testsrv s;
    testsrv_start(&s, QUEUE_CONF);
    char *product = stock_product(&s);
    struct acked *a = calloc(1, sizeof *a);
    /* 300 orders of 1-3 units want more than the stock: the kill comes
     * long before, after the 60th acknowledgement. */
    int unfinished = burst(&s, product, 300, 3, 60, a);
    ck_assert_int_gt(unfinished, 0);
    ck_assert_int_ge(a->n, 60);

    testsrv_restart(&s);
    check_promises(&s, product, a);
    wait_caught_up(&s, 120000);
    check_settled(&s);

    /* The restarted server takes orders as before, up to the stock. */
    struct acked *more = calloc(1, sizeof *more);
    burst(&s, product, 300, 3, 0, more);
    check_promises(&s, product, more);
    wait_caught_up(&s, 120000);
    check_settled(&s);
    free(more);
    free(a);
    free(product);
    testsrv_stop(&s);
}
END_TEST

START_TEST(kill9_while_the_worker_confirms)
{
    struct testsrv s;
    /* Orders wait while the queue is paused, then the worker meets 400 of
     * them at once and is killed three times as it goes. */
    testsrv_start(&s, QUEUE_CONF "paused = true\n");
    char *product = stock_product(&s);
    struct acked *a = calloc(1, sizeof *a);
    burst(&s, product, 400, 1, 0, a);
    ck_assert_int_eq(a->n, 400);
    shop_write_config(&s, QUEUE_CONF);
    bool cut_short = false;
    for (int round = 0; round < 3; round++) {
        testsrv_restart(&s);
        int before = shop_mail_count(&s, "order-confirmation-");
        /* Kill once the worker has mailed a few more, at a moment that
         * varies by round. */
        for (int waited = 0; waited < 30000; waited++) {
            if (shop_mail_count(&s, "order-confirmation-") >= before + 10 + round * 17)
                break;
            shop_sleep_ms(1);
        }
        testsrv_kill9(&s);
        sqlite3 *db = open_ro(&s);
        long long confirmed = q1(db, "SELECT count(*) FROM orders WHERE"
                                     " status = 'CONFIRMED'", NULL);
        sqlite3_close(db);
        cut_short |= confirmed < a->n;
    }
    ck_assert_msg(cut_short, "the worker finished before every kill");
    testsrv_restart(&s);
    check_promises(&s, product, a);
    wait_caught_up(&s, 120000);
    check_settled(&s);
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM orders WHERE"
                                      " status = 'CONFIRMED'"), a->n);
    free(a);
    free(product);
    testsrv_stop(&s);
}
END_TEST

Suite *suite_crash(void)
{
    Suite *s = suite_create("crash");
    TCase *tc = tcase_create("kill9");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, kill9_during_order_burst);
    tcase_add_test(tc, kill9_while_the_worker_confirms);
    suite_add_tcase(s, tc);
    return s;
}
