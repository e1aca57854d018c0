/* POST /orders/{id}/cancel against a real server: the owner or an admin
 * cancels, the stock comes back in the same transaction, everyone else is
 * refused; a cancelled order is never confirmed or mailed by the pipeline,
 * whether its message waits in the queue, comes back from the DLQ, or
 * races the cancel. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/shop.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define ALICE "a11ce000-0000-4000-8000-000000000001"
#define BOB "b0b00000-0000-4000-8000-000000000002"
#define ADMIN "ad000000-0000-4000-8000-000000000003"
#define QUEUE_PAUSED "[queue]\npaused = true\n"

static struct testsrv srv;
static char *alice, *bob, *admin;

static void mint(const struct testsrv *s)
{
    free(alice);
    free(bob);
    free(admin);
    alice = tokfix_user(s, ALICE, "alice@example.com", false);
    bob = tokfix_user(s, BOB, "bob@example.com", false);
    admin = tokfix_user(s, ADMIN, "admin@example.com", true);
}

static void forget(void)
{
    free(alice);
    free(bob);
    free(admin);
    alice = bob = admin = NULL;
}

static void up_paused(void)
{
    testsrv_start(&srv, QUEUE_PAUSED);
    mint(&srv);
}

static void down(void)
{
    forget();
    testsrv_stop(&srv);
}

static void cancel(const struct testsrv *s, const char *token,
                   const char *order_id, struct http_resp *r)
{
    char path[128];
    snprintf(path, sizeof path, "/orders/%s/cancel", order_id);
    http_call(s, "POST", path, token, NULL, r, NULL);
}

static const char *status_of(const char *order_id)
{
    return shop_status(&srv, admin, order_id);
}

START_TEST(owner_cancels_and_stock_comes_back)
{
    char *pid = api_create_product(&srv, admin, "Camp Stove", "CXL-1",
                                   "sports", 10);
    char *oid = shop_order(&srv, alice, pid, 3);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 7);

    struct http_resp before, r, after;
    char path[128];
    snprintf(path, sizeof path, "/orders/%s", oid);
    http_call(&srv, "GET", path, alice, NULL, &before, NULL);
    ck_assert_int_eq(before.status, 200);
    shop_sleep_ms(5); /* updatedAt has millisecond resolution */
    cancel(&srv, alice, oid, &r);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "data.id"), oid);
    ck_assert_str_eq(jstr(r.json, "data.status"), "CANCELLED");
    ck_assert_int_eq((int)jnum(r.json, "data.quantity"), 3);
    ck_assert_str_eq(jstr(r.json, "data.createdAt"),
                     jstr(before.json, "data.createdAt"));
    ck_assert_str_ne(jstr(r.json, "data.updatedAt"),
                     jstr(before.json, "data.updatedAt"));
    ck_assert_str_eq(jstr(r.json, "data.items.0.productId"), pid);

    /* The answer has the shape of GET /orders/{id}, field for field. */
    http_call(&srv, "GET", path, alice, NULL, &after, NULL);
    ck_assert_int_eq(after.status, 200);
    ck_assert_str_eq(jstr(after.json, "data.status"), "CANCELLED");
    char *a = cJSON_PrintUnformatted(jpath(r.json, "data"));
    char *b = cJSON_PrintUnformatted(jpath(after.json, "data"));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 10);
    http_resp_free(&before);
    http_resp_free(&r);
    http_resp_free(&after);
    free(oid);
    free(pid);
}
END_TEST

START_TEST(admin_cancels_another_users_order)
{
    char *pid = api_create_product(&srv, admin, "Lantern", "CXL-2", "home", 5);
    char *oid = shop_order(&srv, alice, pid, 5);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 0);
    struct http_resp r;
    cancel(&srv, admin, oid, &r);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "data.status"), "CANCELLED");
    ck_assert_str_eq(jstr(r.json, "data.userId"), ALICE);
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 5);
    free(oid);
    free(pid);
}
END_TEST

START_TEST(another_user_is_forbidden)
{
    char *pid = api_create_product(&srv, admin, "Tent Pegs", "CXL-3", "sports", 9);
    char *oid = shop_order(&srv, alice, pid, 4);
    struct http_resp r;
    cancel(&srv, bob, oid, &r);
    api_assert_error(&r, 403, "FORBIDDEN");
    http_resp_free(&r);
    ck_assert_str_eq(status_of(oid), "PENDING");
    ck_assert_int_eq(api_stock(&srv, alice, pid), 5);
    free(oid);
    free(pid);
}
END_TEST

START_TEST(unknown_malformed_and_anonymous)
{
    struct http_resp r;
    cancel(&srv, alice, "0f0f0f0f-0000-4000-8000-000000000000", &r);
    api_assert_error(&r, 404, "NOT_FOUND");
    ck_assert_str_eq(jstr(r.json, "error.message"), "Order not found");
    http_resp_free(&r);

    cancel(&srv, alice, "not-a-uuid", &r);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "id"));
    http_resp_free(&r);

    char *pid = api_create_product(&srv, admin, "Compass", "CXL-4", "sports", 3);
    char *oid = shop_order(&srv, alice, pid, 1);
    cancel(&srv, NULL, oid, &r);
    ck_assert_int_eq(r.status, 401);
    http_resp_free(&r);
    ck_assert_str_eq(status_of(oid), "PENDING");

    /* The route takes POST only. */
    char path[128];
    snprintf(path, sizeof path, "/orders/%s/cancel", oid);
    http_call(&srv, "GET", path, alice, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 405);
    char *allow = http_header(&r, "Allow");
    ck_assert_str_eq(allow, "POST, OPTIONS");
    free(allow);
    http_resp_free(&r);
    free(oid);
    free(pid);
}
END_TEST

START_TEST(second_cancel_conflicts_and_gives_nothing_back)
{
    char *pid = api_create_product(&srv, admin, "Hammock", "CXL-5", "home", 10);
    char *oid = shop_order(&srv, alice, pid, 2);
    struct http_resp r;
    cancel(&srv, alice, oid, &r);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 10);

    cancel(&srv, alice, oid, &r);
    api_assert_error(&r, 409, "CONFLICT");
    ck_assert_msg(strstr(jstr(r.json, "error.message"), "CANCELLED") != NULL,
                  "%s", r.body);
    ck_assert_str_eq(jstr(r.json, "error.details.status"), "CANCELLED");
    http_resp_free(&r);
    /* Not even an admin gets past the status. */
    cancel(&srv, admin, oid, &r);
    api_assert_error(&r, 409, "CONFLICT");
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 10);
    free(oid);
    free(pid);
}
END_TEST

START_TEST(cancel_after_the_product_is_gone)
{
    char *pid = api_create_product(&srv, admin, "Old Stock", "CXL-6", "other", 4);
    char *oid = shop_order(&srv, alice, pid, 2);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", pid);
    struct http_resp r;
    http_call(&srv, "DELETE", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    cancel(&srv, alice, oid, &r);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "data.status"), "CANCELLED");
    http_resp_free(&r);
    /* Nothing was given back to a product that does not exist. */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM products WHERE id = '%s'",
             pid);
    ck_assert_int_eq(shop_sql_int(&srv, sql), 0);
    free(oid);
    free(pid);
}
END_TEST

START_TEST(the_route_is_documented)
{
    struct http_resp r;
    http_call(&srv, "GET", "/docs/spec", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    const char *const codes[] = {"200", "400", "401", "403", "404", "409"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "paths./orders/{id}/cancel.post.responses.%s",
                 codes[i]);
        ck_assert_msg(jpath(r.json, path) != NULL, "%s undocumented", path);
    }
    http_resp_free(&r);
}
END_TEST

/* ---- with the worker ---- */

START_TEST(confirmed_order_can_be_cancelled)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    mint(&s);
    char *pid = api_create_product(&s, admin, "Head Torch", "CXL-7", "sports", 6);
    char *oid = shop_order(&s, alice, pid, 2);
    ck_assert(shop_wait_status(&s, alice, oid, "CONFIRMED", 5000));
    struct http_resp r;
    cancel(&s, alice, oid, &r);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "data.status"), "CANCELLED");
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&s, alice, pid), 6);
    ck_assert_str_eq(shop_status(&s, alice, oid), "CANCELLED");
    free(oid);
    free(pid);
    forget();
    testsrv_stop(&s);
}
END_TEST

/* The order's message waits (queue paused) while the order is cancelled;
 * once the worker runs it deletes the message and neither confirms nor
 * mails. */
START_TEST(cancelled_pending_order_is_not_confirmed_by_the_worker)
{
    struct testsrv s;
    testsrv_start(&s, QUEUE_PAUSED);
    mint(&s);
    char *pid = api_create_product(&s, admin, "Rain Coat", "CXL-8", "clothing", 8);
    char *oid = shop_order(&s, alice, pid, 1);
    struct http_resp r;
    cancel(&s, alice, oid, &r);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM queue_messages"), 1);

    testsrv_stop_keep(&s);
    shop_write_config(&s, NULL);
    testsrv_restart(&s);
    mint(&s);
    /* A new order wakes the worker; its confirmation shows it has run. */
    char *oid2 = shop_order(&s, alice, pid, 1);
    ck_assert(shop_wait_status(&s, alice, oid2, "CONFIRMED", 5000));
    ck_assert(shop_wait_queue_empty(&s, 5000));
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM dlq_messages"), 0);
    ck_assert_str_eq(shop_status(&s, alice, oid), "CANCELLED");
    char prefix[128];
    snprintf(prefix, sizeof prefix, "order-confirmation-%s", oid);
    ck_assert_int_eq(shop_mail_count(&s, prefix), 0);
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), 1);
    free(oid2);
    free(oid);
    free(pid);
    forget();
    testsrv_stop(&s);
}
END_TEST

/* Failing confirmations put the message in the DLQ; the order is then
 * cancelled and the message redriven. Faults stay on, so any attempt to
 * confirm would fail and go back to the DLQ: an empty DLQ and queue show
 * the message ended without a confirmation. */
START_TEST(redrive_of_a_cancelled_order_does_not_confirm)
{
    struct testsrv s;
    testsrv_start(&s, "[faults]\nnotify_fail_rate = 1.0\n"
                      "[queue]\nvisibility_timeout = 1\nmax_receive_count = 1\n");
    mint(&s);
    char *pid = api_create_product(&s, admin, "Sun Hat", "CXL-9", "clothing", 3);
    char *oid = shop_order(&s, alice, pid, 1);
    ck_assert_msg(shop_wait_dlq(&s, admin, 1, 8000), "no DLQ message");
    struct http_resp r;
    cancel(&s, alice, oid, &r);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    http_call(&s, "POST", "/admin/dlq/redrive-all", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.redriven"), 1);
    http_resp_free(&r);
    ck_assert(shop_wait_queue_empty(&s, 5000));
    shop_sleep_ms(300);
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM dlq_messages"), 0);
    ck_assert_str_eq(shop_status(&s, alice, oid), "CANCELLED");
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), 0);
    ck_assert_int_eq(api_stock(&s, alice, pid), 3);
    free(oid);
    free(pid);
    forget();
    testsrv_stop(&s);
}
END_TEST

/* Cancels right behind the worker: whichever commits first, a cancel that
 * answered 200 leaves the order CANCELLED for good. */
#define RACERS 20

START_TEST(cancel_racing_the_worker_stays_cancelled)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    mint(&s);
    char *pid = api_create_product(&s, admin, "Fast Seller", "CXL-10", "toys",
                                   RACERS);
    char *oids[RACERS];
    for (int i = 0; i < RACERS; i++) {
        oids[i] = shop_order(&s, alice, pid, 1);
        struct http_resp r;
        cancel(&s, alice, oids[i], &r);
        ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
        ck_assert_str_eq(jstr(r.json, "data.status"), "CANCELLED");
        http_resp_free(&r);
    }
    ck_assert(shop_wait_queue_empty(&s, 5000));
    for (int i = 0; i < RACERS; i++) {
        ck_assert_str_eq(shop_status(&s, alice, oids[i]), "CANCELLED");
        free(oids[i]);
    }
    ck_assert_int_eq(api_stock(&s, alice, pid), RACERS);
    free(pid);
    forget();
    testsrv_stop(&s);
}
END_TEST

Suite *suite_cancel(void)
{
    Suite *s = suite_create("cancel");
    TCase *tc = tcase_create("cancel");
    tcase_add_unchecked_fixture(tc, up_paused, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, owner_cancels_and_stock_comes_back);
    tcase_add_test(tc, admin_cancels_another_users_order);
    tcase_add_test(tc, another_user_is_forbidden);
    tcase_add_test(tc, unknown_malformed_and_anonymous);
    tcase_add_test(tc, second_cancel_conflicts_and_gives_nothing_back);
    tcase_add_test(tc, cancel_after_the_product_is_gone);
    tcase_add_test(tc, the_route_is_documented);
    suite_add_tcase(s, tc);

    TCase *pipe = tcase_create("pipeline");
    tcase_set_timeout(pipe, 90);
    tcase_add_test(pipe, confirmed_order_can_be_cancelled);
    tcase_add_test(pipe, cancelled_pending_order_is_not_confirmed_by_the_worker);
    tcase_add_test(pipe, redrive_of_a_cancelled_order_does_not_confirm);
    tcase_add_test(pipe, cancel_racing_the_worker_stays_cancelled);
    suite_add_tcase(s, pipe);
    return s;
}
