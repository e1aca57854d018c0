/* The admin API of the order pipeline: who may call it, the queue counts,
 * the DLQ (pagination, get, redrive, redrive-all, delete) and the audit
 * trail that records every redrive and delete and outlives the DLQ rows. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integration/suites.h"
#include "support/shop.h"
#include "support/testsrv.h"

static const char PW[] = "Passw0rdX";
static const char UNKNOWN_ID[] = "0f0f0f0f-1111-4222-8333-444444444444";

START_TEST(admin_routes_need_the_admin_group)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    char *user = testsrv_user_token(&s, "user@example.com", PW, NULL);
    char *admin = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char one[128], redrive[160];
    snprintf(one, sizeof one, "/admin/dlq/%s", UNKNOWN_ID);
    snprintf(redrive, sizeof redrive, "/admin/dlq/%s/redrive", UNKNOWN_ID);
    const struct {
        const char *method, *path;
        long admin_status;
    } routes[] = {
        {"GET", "/admin/queues", 200},
        {"GET", "/admin/dlq", 200},
        {"GET", one, 404},
        {"POST", redrive, 404},
        {"POST", "/admin/dlq/redrive-all", 200},
        {"DELETE", one, 404},
        {"GET", "/admin/audit", 200},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        struct http_resp r;
        http_call(&s, routes[i].method, routes[i].path, NULL, NULL, &r, NULL);
        ck_assert_msg(r.status == 401, "%s %s without a token: %ld",
                      routes[i].method, routes[i].path, r.status);
        http_resp_free(&r);
        http_call(&s, routes[i].method, routes[i].path, user, NULL, &r, NULL);
        ck_assert_msg(r.status == 403, "%s %s as a user: %ld",
                      routes[i].method, routes[i].path, r.status);
        ck_assert_str_eq(jstr(r.json, "error.code"), "FORBIDDEN");
        http_resp_free(&r);
        http_call(&s, routes[i].method, routes[i].path, admin, NULL, &r, NULL);
        ck_assert_msg(r.status == routes[i].admin_status, "%s %s as admin: %ld %s",
                      routes[i].method, routes[i].path, r.status, r.body);
        if (r.status == 404)
            ck_assert_str_eq(jstr(r.json, "error.message"), "Message not found");
        http_resp_free(&r);
    }
    struct http_resp r;
    http_call(&s, "POST", "/admin/dlq/redrive-all", admin, NULL, &r, NULL);
    ck_assert_int_eq((int)jnum(r.json, "data.redriven"), 0);
    http_resp_free(&r);
    http_call(&s, "GET", "/admin/dlq/not-a-uuid", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 400);
    http_resp_free(&r);
    free(user);
    free(admin);
    testsrv_stop(&s);
}
END_TEST

START_TEST(queue_counts)
{
    struct testsrv s;
    testsrv_start(&s, "[faults]\nnotify_fail_rate = 1\n"
                      "[queue]\nvisibility_timeout = 600\n");
    char *admin = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    struct http_resp r;
    http_call(&s, "GET", "/admin/queues", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.orderQueue.visible"), 0);
    ck_assert_int_eq((int)jnum(r.json, "data.orderQueue.inFlight"), 0);
    ck_assert_int_eq((int)jnum(r.json, "data.orderQueue.oldestAgeSeconds"), 0);
    ck_assert_int_eq((int)jnum(r.json, "data.dlq.count"), 0);
    ck_assert_int_eq((int)jnum(r.json, "data.dlq.oldestAgeSeconds"), 0);
    http_resp_free(&r);

    char *pid = shop_product(&s, admin, "Chair", 12000);
    char *o1 = shop_order(&s, admin, pid, 1);
    char *o2 = shop_order(&s, admin, pid, 1);
    /* Both fail once and stay hidden for ten minutes: in flight. */
    int in_flight = 0;
    for (int i = 0; i < 100 && in_flight != 2; i++) {
        shop_sleep_ms(50);
        http_call(&s, "GET", "/admin/queues", admin, NULL, &r, NULL);
        in_flight = (int)jnum(r.json, "data.orderQueue.inFlight");
        http_resp_free(&r);
    }
    ck_assert_int_eq(in_flight, 2);
    http_call(&s, "GET", "/admin/queues", admin, NULL, &r, NULL);
    ck_assert_int_eq((int)jnum(r.json, "data.orderQueue.visible"), 0);
    ck_assert_int_ge((int)jnum(r.json, "data.orderQueue.oldestAgeSeconds"), 0);
    ck_assert_int_eq((int)jnum(r.json, "data.dlq.count"), 0);
    http_resp_free(&r);
    free(o1);
    free(o2);
    free(pid);
    free(admin);
    testsrv_stop(&s);
}
END_TEST

/* Every DLQ message id, following nextToken with limit 2. */
static int collect_ids(const struct testsrv *s, const char *admin,
                       char ids[][64], int max)
{
    char path[256] = "/admin/dlq?limit=2";
    int n = 0, pages = 0;
    for (;;) {
        struct http_resp r;
        http_call(s, "GET", path, admin, NULL, &r, NULL);
        ck_assert_msg(r.status == 200, "%s", r.body);
        pages++;
        const cJSON *it;
        int on_page = 0;
        cJSON_ArrayForEach(it, jpath(r.json, "data.items")) {
            ck_assert_int_lt(n, max);
            snprintf(ids[n++], 64, "%s", jstr(it, "messageId"));
            on_page++;
        }
        ck_assert_int_eq((int)jnum(r.json, "data.count"), on_page);
        ck_assert_int_le(on_page, 2);
        const char *next = jstr(r.json, "data.nextToken");
        if (!next) {
            http_resp_free(&r);
            break;
        }
        snprintf(path, sizeof path, "/admin/dlq?limit=2&nextToken=%s", next);
        http_resp_free(&r);
    }
    ck_assert_int_eq(pages, n > 0 ? (n + 1) / 2 : 1);
    return n;
}

START_TEST(dlq_pages_redrive_delete_and_audit)
{
    struct testsrv s;
    testsrv_start(&s, "[faults]\nnotify_fail_rate = 1.0\n"
                      "[queue]\nvisibility_timeout = 1\nmax_receive_count = 1\n"
                      "[mail]\nadmin_email = alerts@example.com\n");
    char *admin = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *pid = shop_product(&s, admin, "Table", 30000);
    for (int i = 0; i < 3; i++)
        free(shop_order(&s, admin, pid, 1));
    ck_assert(shop_wait_dlq(&s, admin, 3, 8000));
    ck_assert_int_eq(shop_wait_mail(&s, "dlq-alert-", 3, 5000), 3);

    char ids[8][64];
    ck_assert_int_eq(collect_ids(&s, admin, ids, 8), 3);
    ck_assert_str_ne(ids[0], ids[1]);
    ck_assert_str_ne(ids[1], ids[2]);
    ck_assert_str_ne(ids[0], ids[2]);
    struct http_resp r;
    http_call(&s, "GET", "/admin/dlq?nextToken=forged", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 400);
    http_resp_free(&r);
    http_call(&s, "GET", "/admin/dlq?limit=0", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 400);
    http_resp_free(&r);

    /* Delete one: gone for good, 404 after. */
    char path[160];
    snprintf(path, sizeof path, "/admin/dlq/%s", ids[0]);
    http_call(&s, "GET", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    char *deleted_body = strdup(jstr(r.json, "data.body"));
    http_resp_free(&r);
    http_call(&s, "DELETE", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.deletedId"), ids[0]);
    http_resp_free(&r);
    http_call(&s, "GET", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 404);
    http_resp_free(&r);
    http_call(&s, "DELETE", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 404);
    http_resp_free(&r);

    /* Redrive one: back on the queue (faults still on, so it returns). */
    snprintf(path, sizeof path, "/admin/dlq/%s/redrive", ids[1]);
    http_call(&s, "POST", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.receiveCount"), 0);
    ck_assert_ptr_nonnull(jstr(r.json, "data.visibleAt"));
    char *redriven_body = strdup(jstr(r.json, "data.body"));
    http_resp_free(&r);

    /* The audit trail: newest first, who, what, the body. */
    http_call(&s, "GET", "/admin/audit", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 2);
    ck_assert_str_eq(jstr(r.json, "data.items.0.action"), "redrive");
    ck_assert_str_eq(jstr(r.json, "data.items.0.messageId"), ids[1]);
    ck_assert_str_eq(jstr(r.json, "data.items.0.body"), redriven_body);
    ck_assert_str_eq(jstr(r.json, "data.items.0.actorEmail"), "ops@example.com");
    ck_assert_ptr_nonnull(jstr(r.json, "data.items.0.actorSub"));
    ck_assert_ptr_nonnull(jstr(r.json, "data.items.0.at"));
    ck_assert_str_eq(jstr(r.json, "data.items.1.action"), "delete");
    ck_assert_str_eq(jstr(r.json, "data.items.1.messageId"), ids[0]);
    ck_assert_str_eq(jstr(r.json, "data.items.1.body"), deleted_body);
    http_resp_free(&r);

    /* Redrive all, once the redriven one is back in the DLQ. */
    ck_assert(shop_wait_dlq(&s, admin, 2, 8000));
    http_call(&s, "POST", "/admin/dlq/redrive-all", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.redriven"), 2);
    http_resp_free(&r);

    /* Audit pages; the deleted message's row is still there. */
    http_call(&s, "GET", "/admin/audit?limit=3", admin, NULL, &r, NULL);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 3);
    const char *next = jstr(r.json, "data.nextToken");
    ck_assert_ptr_nonnull(next);
    char page2[256];
    snprintf(page2, sizeof page2, "/admin/audit?limit=3&nextToken=%s", next);
    http_resp_free(&r);
    http_call(&s, "GET", page2, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 1);
    ck_assert_str_eq(jstr(r.json, "data.items.0.action"), "delete");
    ck_assert_str_eq(jstr(r.json, "data.items.0.messageId"), ids[0]);
    ck_assert_ptr_null(jstr(r.json, "data.nextToken"));
    http_resp_free(&r);

    free(deleted_body);
    free(redriven_body);
    free(pid);
    free(admin);
    testsrv_stop(&s);
}
END_TEST

Suite *suite_admin(void)
{
    Suite *s = suite_create("admin");
    TCase *tc = tcase_create("admin");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, admin_routes_need_the_admin_group);
    tcase_add_test(tc, queue_counts);
    tcase_add_test(tc, dlq_pages_redrive_delete_and_audit);
    suite_add_tcase(s, tc);
    return s;
}
