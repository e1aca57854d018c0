/* Orders over HTTP: create (stock, order, queue message in one
 * transaction), get with ownership, list with status filter and pages;
 * and 100 buyers racing for 30 items. */
#include <check.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/uuid.h"
#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define ALICE "a11ce000-0000-4000-8000-000000000001"
#define BOB "b0b00000-0000-4000-8000-000000000002"
#define ADMIN "ad000000-0000-4000-8000-000000000003"

/* These tests look at the order and its queue message as POST /orders
 * left them, so the worker that would confirm them is paused. */
#define QUEUE_PAUSED "[queue]\npaused = true\n"

static struct testsrv srv;
static char *alice, *bob, *admin;

static void up(void)
{
    testsrv_start(&srv, QUEUE_PAUSED);
    alice = tokfix_user(&srv, ALICE, "alice@example.com", false);
    bob = tokfix_user(&srv, BOB, "bob@example.com", false);
    admin = tokfix_user(&srv, ADMIN, "admin@example.com", true);
}

static void down(void)
{
    free(alice);
    free(bob);
    free(admin);
    alice = bob = admin = NULL;
    testsrv_stop(&srv);
}

static void order(const char *token, const char *product_id, int quantity,
                  struct http_resp *r)
{
    char body[256];
    snprintf(body, sizeof body, "{\"productId\":\"%s\",\"quantity\":%d}",
             product_id, quantity);
    http_call(&srv, "POST", "/orders", token, body, r, NULL);
}

/* The server's database, read-only, beside the running server. */
static sqlite3 *open_db(void)
{
    char path[400];
    snprintf(path, sizeof path, "%s/data/inventory.db", srv.dir);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static long long db_count(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
                  "%s", sqlite3_errmsg(db));
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

START_TEST(create_takes_stock_and_answers_the_order)
{
    char *pid = api_create_product(&srv, admin, "Trail Shoes", "ORD-SHOE", "sports", 12);
    struct http_resp r;
    order(alice, pid, 5, &r);
    ck_assert_msg(r.status == 201, "%s", r.body);
    ck_assert(cJSON_IsTrue(jpath(r.json, "success")));
    ck_assert(uuid_is_valid(jstr(r.json, "data.id")));
    ck_assert_str_eq(jstr(r.json, "data.userId"), ALICE);
    ck_assert_str_eq(jstr(r.json, "data.userEmail"), "alice@example.com");
    ck_assert_str_eq(jstr(r.json, "data.productId"), pid);
    ck_assert_str_eq(jstr(r.json, "data.productName"), "Trail Shoes");
    ck_assert(jnum(r.json, "data.quantity") == 5);
    ck_assert(jnum(r.json, "data.pricePerUnit") == 1999);
    ck_assert(jnum(r.json, "data.totalAmount") == 5 * 1999);
    ck_assert_str_eq(jstr(r.json, "data.status"), "PENDING");
    ck_assert_ptr_nonnull(jstr(r.json, "data.createdAt"));
    ck_assert_str_eq(jstr(r.json, "data.createdAt"), jstr(r.json, "data.updatedAt"));
    ck_assert_int_eq(cJSON_GetArraySize(jpath(r.json, "data.items")), 1);
    ck_assert_str_eq(jstr(r.json, "data.items.0.productId"), pid);
    ck_assert_str_eq(jstr(r.json, "data.items.0.productName"), "Trail Shoes");
    ck_assert(jnum(r.json, "data.items.0.quantity") == 5);
    ck_assert(jnum(r.json, "data.items.0.pricePerUnit") == 1999);
    ck_assert(jnum(r.json, "data.items.0.totalPrice") == 5 * 1999);
    char oid[UUID_STR_LEN];
    snprintf(oid, sizeof oid, "%s", jstr(r.json, "data.id"));
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 7);

    /* GET /orders/{id} gives it back. */
    char path[128];
    snprintf(path, sizeof path, "/orders/%s", oid);
    http_call(&srv, "GET", path, alice, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.id"), oid);
    ck_assert_str_eq(jstr(r.json, "data.status"), "PENDING");
    ck_assert(jnum(r.json, "data.items.0.totalPrice") == 5 * 1999);
    http_resp_free(&r);

    /* Its queue message: the seed's SQS body, visible, never received. */
    sqlite3 *db = open_db();
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                         "SELECT id, body, receive_count, visible_at"
                         " FROM queue_messages WHERE order_id = ?",
                         -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, oid, -1, SQLITE_TRANSIENT);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert(uuid_is_valid((const char *)sqlite3_column_text(st, 0)));
    cJSON *body = cJSON_Parse((const char *)sqlite3_column_text(st, 1));
    ck_assert_ptr_nonnull(body);
    ck_assert_int_eq(sqlite3_column_int(st, 2), 0);
    ck_assert_int_gt(sqlite3_column_int64(st, 3), 0);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    ck_assert_str_eq(jstr(body, "orderId"), oid);
    ck_assert_str_eq(jstr(body, "userId"), ALICE);
    ck_assert_str_eq(jstr(body, "userEmail"), "alice@example.com");
    ck_assert_str_eq(jstr(body, "productId"), pid);
    ck_assert_str_eq(jstr(body, "productName"), "Trail Shoes");
    ck_assert(jnum(body, "quantity") == 5);
    ck_assert(jnum(body, "pricePerUnit") == 1999);
    ck_assert(jnum(body, "totalAmount") == 5 * 1999);
    ck_assert_str_eq(jstr(body, "status"), "PENDING");
    ck_assert_ptr_nonnull(jstr(body, "createdAt"));
    cJSON_Delete(body);
    free(pid);
}
END_TEST

START_TEST(insufficient_stock_is_409_and_changes_nothing)
{
    char *pid = api_create_product(&srv, admin, "Rare Vinyl", "ORD-VINYL", "other", 3);
    sqlite3 *db = open_db();
    long long orders_before = db_count(db, "SELECT count(*) FROM orders", NULL);
    long long queue_before = db_count(db, "SELECT count(*) FROM queue_messages", NULL);

    struct http_resp r;
    order(alice, pid, 5, &r);
    api_assert_error(&r, 409, "INSUFFICIENT_STOCK");
    ck_assert(jnum(r.json, "error.details.requested") == 5);
    ck_assert(jnum(r.json, "error.details.available") == 3);
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 3);

    /* Exactly what is left: stock reaches zero, never below. */
    order(bob, pid, 3, &r);
    ck_assert_int_eq(r.status, 201);
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 0);
    order(bob, pid, 1, &r);
    api_assert_error(&r, 409, "INSUFFICIENT_STOCK");
    ck_assert(jnum(r.json, "error.details.requested") == 1);
    ck_assert(jnum(r.json, "error.details.available") == 0);
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 0);

    /* Only the one good order left rows behind. */
    ck_assert_int_eq(db_count(db, "SELECT count(*) FROM orders", NULL),
                     orders_before + 1);
    ck_assert_int_eq(db_count(db, "SELECT count(*) FROM queue_messages", NULL),
                     queue_before + 1);
    ck_assert_int_eq(db_count(db, "SELECT count(*) FROM products WHERE quantity < 0",
                              NULL), 0);
    sqlite3_close(db);
    free(pid);
}
END_TEST

START_TEST(bad_order_requests)
{
    struct http_resp r;
    /* Unknown product: 404, and nothing written. */
    order(alice, "6f1c1f4e-0000-4000-8000-000000000000", 1, &r);
    api_assert_error(&r, 404, "NOT_FOUND");
    ck_assert_str_eq(jstr(r.json, "error.message"), "Product not found");
    http_resp_free(&r);

    char *pid = api_create_product(&srv, admin, "Mug", "ORD-MUG", "home", 500);
    const char *bad_qty[] = {"0", "101", "-1", "1.5", "\"2\"", "true", "null",
                             "1e300"};
    for (size_t i = 0; i < sizeof bad_qty / sizeof *bad_qty; i++) {
        char body[256];
        snprintf(body, sizeof body, "{\"productId\":\"%s\",\"quantity\":%s}",
                 pid, bad_qty[i]);
        http_call(&srv, "POST", "/orders", alice, body, &r, NULL);
        api_assert_error(&r, 400, "VALIDATION_ERROR");
        ck_assert_msg(api_has_detail(r.json, "quantity") &&
                          api_detail_count(r.json) == 1,
                      "%s: %s", bad_qty[i], r.body);
        http_resp_free(&r);
    }
    order(alice, pid, 100, &r);
    ck_assert_int_eq(r.status, 201);
    http_resp_free(&r);

    /* Both fields bad: both named. */
    http_call(&srv, "POST", "/orders", alice,
              "{\"productId\":\"not-a-uuid\",\"quantity\":0}", &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "productId"));
    ck_assert(api_has_detail(r.json, "quantity"));
    ck_assert_int_eq(api_detail_count(r.json), 2);
    http_resp_free(&r);
    http_call(&srv, "POST", "/orders", alice, "{}", &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert_int_eq(api_detail_count(r.json), 2);
    http_resp_free(&r);
    http_call(&srv, "POST", "/orders", alice, "{\"productId\":12,\"quantity\":1}",
              &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "productId"));
    http_resp_free(&r);

    /* Malformed JSON. */
    http_call(&srv, "POST", "/orders", alice, "{\"productId\":", &r, NULL);
    api_assert_error(&r, 400, "BAD_REQUEST");
    http_resp_free(&r);
    http_call(&srv, "POST", "/orders", alice, NULL, &r, NULL);
    api_assert_error(&r, 400, "BAD_REQUEST");
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 400);
    free(pid);
}
END_TEST

START_TEST(orders_belong_to_their_buyer)
{
    char *pid = api_create_product(&srv, admin, "Kettle", "ORD-KETTLE", "home", 50);
    struct http_resp r;
    order(alice, pid, 1, &r);
    ck_assert_int_eq(r.status, 201);
    char path[128];
    snprintf(path, sizeof path, "/orders/%s", jstr(r.json, "data.id"));
    http_resp_free(&r);

    http_call(&srv, "GET", path, bob, NULL, &r, NULL);
    api_assert_error(&r, 403, "FORBIDDEN");
    http_resp_free(&r);
    http_call(&srv, "GET", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.userId"), ALICE);
    http_resp_free(&r);

    http_call(&srv, "GET", "/orders/6f1c1f4e-0000-4000-8000-000000000000", alice,
              NULL, &r, NULL);
    api_assert_error(&r, 404, "NOT_FOUND");
    ck_assert_str_eq(jstr(r.json, "error.message"), "Order not found");
    http_resp_free(&r);
    http_call(&srv, "GET", "/orders/12345", alice, NULL, &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "id"));
    http_resp_free(&r);
    free(pid);
}
END_TEST

/* ---- listing: its own server, so the counts are exact ---- */

static char *carol;
static char *carol_orders[7];
#define CAROL "c0c00000-0000-4000-8000-000000000004"

static void up_list(void)
{
    up();
    carol = tokfix_user(&srv, CAROL, "carol@example.com", false);
    char *pid = api_create_product(&srv, admin, "Pens", "LIST-PENS", "other", 1000);
    for (int i = 0; i < 7; i++) {
        struct http_resp r;
        order(carol, pid, i + 1, &r);
        ck_assert_int_eq(r.status, 201);
        carol_orders[i] = strdup(jstr(r.json, "data.id"));
        http_resp_free(&r);
        order(bob, pid, 1, &r); /* interleaved: someone else's */
        ck_assert_int_eq(r.status, 201);
        http_resp_free(&r);
    }
    free(pid);
}

static void down_list(void)
{
    for (int i = 0; i < 7; i++) {
        free(carol_orders[i]);
        carol_orders[i] = NULL;
    }
    free(carol);
    carol = NULL;
    down();
}

START_TEST(list_is_the_callers_newest_first_in_pages)
{
    char path[512] = "/orders?limit=3";
    const int sizes[] = {3, 3, 1};
    int seen = 0;
    for (int page = 0;; page++) {
        struct http_resp r;
        http_call(&srv, "GET", path, carol, NULL, &r, NULL);
        ck_assert_msg(r.status == 200, "%s", r.body);
        ck_assert_int_lt(page, 3);
        ck_assert_int_eq((int)jnum(r.json, "data.count"), sizes[page]);
        const cJSON *it;
        cJSON_ArrayForEach(it, jpath(r.json, "data.items")) {
            ck_assert_str_eq(jstr(it, "userId"), CAROL);
            ck_assert_str_eq(jstr(it, "id"), carol_orders[6 - seen]);
            ck_assert_int_eq(cJSON_GetArraySize(jpath(it, "items")), 1);
            seen++;
        }
        const cJSON *next = jpath(r.json, "data.nextToken");
        if (cJSON_IsNull(next)) {
            http_resp_free(&r);
            break;
        }
        ck_assert(cJSON_IsString(next));
        snprintf(path, sizeof path, "/orders?limit=3&nextToken=%s",
                 next->valuestring);
        http_resp_free(&r);
    }
    ck_assert_int_eq(seen, 7);

    /* Someone with no orders sees none. */
    struct http_resp r;
    http_call(&srv, "GET", "/orders", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 0);
    ck_assert(cJSON_IsNull(jpath(r.json, "data.nextToken")));
    http_resp_free(&r);
    http_call(&srv, "GET", "/orders", bob, NULL, &r, NULL);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 7);
    http_resp_free(&r);
}
END_TEST

START_TEST(status_filter_and_bad_parameters)
{
    struct http_resp r;
    http_call(&srv, "GET", "/orders?status=PENDING&limit=100", carol, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 7);
    http_resp_free(&r);
    http_call(&srv, "GET", "/orders?status=CONFIRMED", carol, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 0);
    ck_assert(cJSON_IsNull(jpath(r.json, "data.nextToken")));
    http_resp_free(&r);
    http_call(&srv, "GET", "/orders?status=CANCELLED", carol, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);

    const char *bad[][2] = {
        {"/orders?status=pending", "status"},
        {"/orders?status=SHIPPED", "status"},
        {"/orders?limit=0", "limit"},
        {"/orders?limit=101", "limit"},
        {"/orders?limit=abc", "limit"},
        {"/orders?nextToken=AAAA", "nextToken"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        http_call(&srv, "GET", bad[i][0], carol, NULL, &r, NULL);
        api_assert_error(&r, 400, "VALIDATION_ERROR");
        ck_assert_msg(api_has_detail(r.json, bad[i][1]), "%s", bad[i][0]);
        http_resp_free(&r);
    }

    /* A token is bound to its user and its status filter. */
    http_call(&srv, "GET", "/orders?limit=2", carol, NULL, &r, NULL);
    char token[256];
    snprintf(token, sizeof token, "%s", jstr(r.json, "data.nextToken"));
    http_resp_free(&r);
    char path[512];
    snprintf(path, sizeof path, "/orders?limit=2&nextToken=%s", token);
    http_call(&srv, "GET", path, bob, NULL, &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "nextToken"));
    http_resp_free(&r);
    snprintf(path, sizeof path, "/orders?status=PENDING&nextToken=%s", token);
    http_call(&srv, "GET", path, carol, NULL, &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    http_resp_free(&r);
    snprintf(path, sizeof path, "/products?nextToken=%s", token);
    http_call(&srv, "GET", path, carol, NULL, &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    http_resp_free(&r);
    snprintf(path, sizeof path, "/orders?nextToken=%s", token);
    http_call(&srv, "GET", path, carol, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.items.0.id"), carol_orders[4]);
    http_resp_free(&r);
}
END_TEST

/* GET /orders?all=true: an admin pages through every customer's orders,
 * each saying whose it is; a customer is refused, not given only theirs. */
START_TEST(admins_list_everyones_orders)
{
    char path[512] = "/orders?all=true&limit=4";
    const int sizes[] = {4, 4, 4, 2};
    int seen = 0;
    char own_token[256] = "", all_token[256] = "";
    for (int page = 0;; page++) {
        struct http_resp r;
        http_call(&srv, "GET", path, admin, NULL, &r, NULL);
        ck_assert_msg(r.status == 200, "%s", r.body);
        ck_assert_int_lt(page, 4);
        ck_assert_int_eq((int)jnum(r.json, "data.count"), sizes[page]);
        const cJSON *it;
        cJSON_ArrayForEach(it, jpath(r.json, "data.items")) {
            /* Newest first: bob's order came after each of carol's. */
            if (seen % 2 == 0) {
                ck_assert_str_eq(jstr(it, "userEmail"), "bob@example.com");
                ck_assert_str_eq(jstr(it, "userId"), BOB);
            } else {
                ck_assert_str_eq(jstr(it, "userEmail"), "carol@example.com");
                ck_assert_str_eq(jstr(it, "id"), carol_orders[6 - seen / 2]);
            }
            seen++;
        }
        const cJSON *next = jpath(r.json, "data.nextToken");
        if (cJSON_IsNull(next)) {
            http_resp_free(&r);
            break;
        }
        if (page == 0)
            snprintf(all_token, sizeof all_token, "%s", next->valuestring);
        snprintf(path, sizeof path, "/orders?all=true&limit=4&nextToken=%s",
                 next->valuestring);
        http_resp_free(&r);
    }
    ck_assert_int_eq(seen, 14);

    struct http_resp r;
    http_call(&srv, "GET", "/orders?all=true&status=PENDING&limit=100", admin,
              NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 14);
    http_resp_free(&r);
    http_call(&srv, "GET", "/orders?all=true&status=CONFIRMED", admin, NULL,
              &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 0);
    http_resp_free(&r);
    /* all=false (or none) is the admin's own list: empty. */
    http_call(&srv, "GET", "/orders?all=false", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 0);
    http_resp_free(&r);

    /* A page token belongs to its view and its filters. */
    http_call(&srv, "GET", "/orders?limit=2", carol, NULL, &r, NULL);
    snprintf(own_token, sizeof own_token, "%s", jstr(r.json, "data.nextToken"));
    http_resp_free(&r);
    const char *const foreign[][2] = {
        {"/orders?nextToken=", all_token},
        {"/orders?all=true&status=PENDING&nextToken=", all_token},
        {"/orders?all=true&nextToken=", own_token},
    };
    for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++) {
        snprintf(path, sizeof path, "%s%s", foreign[i][0], foreign[i][1]);
        http_call(&srv, "GET", path, admin, NULL, &r, NULL);
        api_assert_error(&r, 400, "VALIDATION_ERROR");
        ck_assert_msg(api_has_detail(r.json, "nextToken"), "%s", path);
        http_resp_free(&r);
    }
    http_call(&srv, "GET", "/orders?all=yes", admin, NULL, &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "all"));
    http_resp_free(&r);

    /* A customer asking for everyone's: 403 with a sentence, any filter. */
    const char *const refused[] = {"/orders?all=true",
                                   "/orders?all=true&status=PENDING&limit=5"};
    for (int i = 0; i < 2; i++) {
        http_call(&srv, "GET", refused[i], carol, NULL, &r, NULL);
        api_assert_error(&r, 403, "FORBIDDEN");
        ck_assert_msg(strstr(jstr(r.json, "error.message"),
                             "Only administrators"), "%s", r.body);
        http_resp_free(&r);
    }
    http_call(&srv, "GET", "/orders?all=false&limit=100", carol, NULL, &r,
              NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 7);
    http_resp_free(&r);
}
END_TEST

START_TEST(every_order_has_one_queue_message)
{
    sqlite3 *db = open_db();
    ck_assert_int_eq(db_count(db, "SELECT count(*) FROM orders", NULL), 14);
    ck_assert_int_eq(db_count(db, "SELECT count(*) FROM queue_messages", NULL), 14);
    ck_assert_int_eq(db_count(db,
                              "SELECT count(*) FROM orders o WHERE (SELECT count(*)"
                              " FROM queue_messages q WHERE q.order_id = o.id) != 1",
                              NULL), 0);
    ck_assert_int_eq(db_count(db, "SELECT quantity FROM products WHERE sku = ?",
                              "LIST-PENS"), 1000 - 28 - 7);
    sqlite3_close(db);
}
END_TEST

/* ---- 100 buyers, 30 items ---- */

#define BUYERS 100
#define STOCK 30

static size_t sink(char *d, size_t size, size_t n, void *user)
{
    strbuf_append(user, d, size * n);
    return size * n;
}

START_TEST(concurrent_buyers_never_oversell)
{
    char *pid = api_create_product(&srv, admin, "Hot Item", "RACE-1", "toys", STOCK);
    CURLM *multi = curl_multi_init();
    CURL *easy[BUYERS];
    struct curl_slist *hdrs[BUYERS];
    struct strbuf out[BUYERS];
    char *tokens[BUYERS];
    char body[128], url[128];
    snprintf(body, sizeof body, "{\"productId\":\"%s\",\"quantity\":1}", pid);
    snprintf(url, sizeof url, "%s/orders", srv.base);
    for (int i = 0; i < BUYERS; i++) {
        char sub[64], email[64];
        snprintf(sub, sizeof sub, "00000000-0000-4000-8000-%012d", i);
        snprintf(email, sizeof email, "buyer%d@example.com", i);
        tokens[i] = tokfix_user(&srv, sub, email, false);
        struct strbuf a = {0};
        strbuf_printf(&a, "Authorization: Bearer %s", tokens[i]);
        hdrs[i] = curl_slist_append(NULL, a.buf);
        hdrs[i] = curl_slist_append(hdrs[i], "Content-Type: application/json");
        hdrs[i] = curl_slist_append(hdrs[i], "Expect:");
        strbuf_free(&a);
        memset(&out[i], 0, sizeof out[i]);
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOPROXY, "*");
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, hdrs[i]);
        curl_easy_setopt(easy[i], CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &out[i]);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 60L);
        /* A connection each: all 100 are in flight together. */
        curl_easy_setopt(easy[i], CURLOPT_FRESH_CONNECT, 1L);
        curl_multi_add_handle(multi, easy[i]);
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)BUYERS);
    int running = 1;
    while (running) {
        ck_assert_int_eq(curl_multi_perform(multi, &running), CURLM_OK);
        if (running)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    int created = 0, refused = 0;
    for (int i = 0; i < BUYERS; i++) {
        long status = 0;
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &status);
        cJSON *j = cJSON_Parse(out[i].buf ? out[i].buf : "");
        if (status == 201) {
            created++;
            ck_assert_str_eq(jstr(j, "data.status"), "PENDING");
        } else {
            ck_assert_msg(status == 409, "buyer %d: %ld %s", i, status,
                          out[i].buf ? out[i].buf : "");
            ck_assert_str_eq(jstr(j, "error.code"), "INSUFFICIENT_STOCK");
            ck_assert(jnum(j, "error.details.available") == 0);
            refused++;
        }
        cJSON_Delete(j);
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
        curl_slist_free_all(hdrs[i]);
        strbuf_free(&out[i]);
        free(tokens[i]);
    }
    curl_multi_cleanup(multi);
    ck_assert_int_eq(created, STOCK);
    ck_assert_int_eq(refused, BUYERS - STOCK);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 0);
    sqlite3 *db = open_db();
    ck_assert_int_eq(db_count(db, "SELECT count(*) FROM orders WHERE product_id = ?",
                              pid), STOCK);
    ck_assert_int_eq(db_count(db,
                              "SELECT count(*) FROM queue_messages q JOIN orders o"
                              " ON o.id = q.order_id WHERE o.product_id = ?",
                              pid), STOCK);
    ck_assert_int_eq(db_count(db, "SELECT count(DISTINCT user_id) FROM orders"
                                  " WHERE product_id = ?", pid), STOCK);
    sqlite3_close(db);
    free(pid);
}
END_TEST

Suite *suite_orders(void)
{
    Suite *s = suite_create("orders");
    TCase *tc = tcase_create("create_get");
    tcase_add_unchecked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, create_takes_stock_and_answers_the_order);
    tcase_add_test(tc, insufficient_stock_is_409_and_changes_nothing);
    tcase_add_test(tc, bad_order_requests);
    tcase_add_test(tc, orders_belong_to_their_buyer);
    tcase_add_test(tc, concurrent_buyers_never_oversell);
    suite_add_tcase(s, tc);

    TCase *list = tcase_create("list");
    tcase_add_unchecked_fixture(list, up_list, down_list);
    tcase_set_timeout(list, 120);
    tcase_add_test(list, list_is_the_callers_newest_first_in_pages);
    tcase_add_test(list, status_filter_and_bad_parameters);
    tcase_add_test(list, admins_list_everyones_orders);
    tcase_add_test(list, every_order_has_one_queue_message);
    suite_add_tcase(s, list);
    return s;
}
