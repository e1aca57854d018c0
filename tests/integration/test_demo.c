/* serve --seed-demo: a believable shop and a demo admin who can sign in. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/base64.h"
#include "integration/suites.h"
#include "support/shop.h"
#include "support/testsrv.h"

static char *demo_password(const struct testsrv *s)
{
    char path[400];
    snprintf(path, sizeof path, "%s/data/demo-password", s->dir);
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    char line[128] = {0};
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    fclose(fp);
    line[strcspn(line, "\n")] = '\0';
    return strdup(line);
}

static char *sign_in(const struct testsrv *s, const char *email, const char *pw)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"%s\","
             "\"AuthParameters\":{\"USERNAME\":\"%s\",\"PASSWORD\":\"%s\"}}",
             s->client_id, email, pw);
    struct http_resp r;
    cognito_call(s, "InitiateAuth", body, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    char *t = strdup(jstr(r.json, "AuthenticationResult.IdToken"));
    http_resp_free(&r);
    return t;
}

/* Every product, following nextToken. */
static int count_products(const struct testsrv *s, const char *token,
                          int *low, int *out_of_stock, unsigned *categories)
{
    char path[256] = "/products?limit=100";
    int n = 0;
    const char *cats[] = {"electronics", "clothing", "home", "sports",
                          "books", "toys", "food", "other"};
    for (;;) {
        struct http_resp r;
        http_call(s, "GET", path, token, NULL, &r, NULL);
        ck_assert_int_eq(r.status, 200);
        const cJSON *it;
        cJSON_ArrayForEach(it, jpath(r.json, "data.items")) {
            n++;
            double q = jnum(it, "quantity");
            if (q == 0)
                (*out_of_stock)++;
            else if (q < 10)
                (*low)++;
            for (int i = 0; i < 8; i++)
                if (strcmp(jstr(it, "category"), cats[i]) == 0)
                    *categories |= 1u << i;
        }
        const char *next = jstr(r.json, "data.nextToken");
        if (!next) {
            http_resp_free(&r);
            return n;
        }
        snprintf(path, sizeof path, "/products?limit=100&nextToken=%s", next);
        http_resp_free(&r);
    }
}

START_TEST(demo_shop_is_stocked_and_admin_signs_in)
{
    struct testsrv s;
    testsrv_start_with(&s, NULL, "--seed-demo");
    char *pw = demo_password(&s);
    char *token = sign_in(&s, "demo@inventui.local", pw);

    /* The admin is an admin: the ID token names the group. */
    const char *dot1 = strchr(token, '.'), *dot2 = strrchr(token, '.');
    size_t plen = 0;
    unsigned char *payload = base64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), &plen);
    ck_assert_ptr_nonnull(payload);
    cJSON *claims = cJSON_Parse((const char *)payload);
    ck_assert_str_eq(jstr(claims, "cognito:groups.0"), "admin");
    ck_assert_str_eq(jstr(claims, "email"), "demo@inventui.local");
    cJSON_Delete(claims);
    free(payload);
    int low = 0, empty = 0;
    unsigned cats = 0;
    int n = count_products(&s, token, &low, &empty, &cats);
    ck_assert_int_ge(n, 40);
    ck_assert_int_ge(low, 3);
    ck_assert_int_eq(empty, 1);
    ck_assert_uint_eq(cats, 0xffu);

    /* A restart keeps the shop as it is and the same password. */
    testsrv_restart(&s);
    char *pw2 = demo_password(&s);
    ck_assert_str_eq(pw, pw2);
    char *token2 = sign_in(&s, "demo@inventui.local", pw2);
    low = empty = 0;
    cats = 0;
    ck_assert_int_eq(count_products(&s, token2, &low, &empty, &cats), n);
    free(token2);
    free(pw2);
    free(token);
    free(pw);
    testsrv_stop(&s);
}
END_TEST

/* The demo admin's orders, every page. */
static cJSON *all_orders(const struct testsrv *s, const char *token)
{
    cJSON *all = cJSON_CreateArray();
    char path[512] = "/orders?limit=5";
    for (;;) {
        struct http_resp r;
        http_call(s, "GET", path, token, NULL, &r, NULL);
        ck_assert_int_eq(r.status, 200);
        const cJSON *it;
        cJSON_ArrayForEach(it, jpath(r.json, "data.items"))
            cJSON_AddItemToArray(all, cJSON_Duplicate(it, 1));
        const char *next = jstr(r.json, "data.nextToken");
        if (next)
            snprintf(path, sizeof path, "/orders?limit=5&nextToken=%s", next);
        http_resp_free(&r);
        if (!next)
            return all;
    }
}

/* ISO-8601 UTC of now - days, comparable with createdAt as text. */
static void iso_days_ago(int days, char *out, size_t size)
{
    time_t t = time(NULL) - (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* What the history leaves: counts a restart must not change. */
struct demo_state {
    int orders, pending, confirmed, cancelled, dlq;
    long long all_orders;
    int mails, alerts;
};

static void check_history(const struct testsrv *s, const char *token,
                          struct demo_state *st)
{
    memset(st, 0, sizeof *st);
    /* The admin's own orders: both states, spread over weeks. */
    cJSON *orders = all_orders(s, token);
    char weeks_ago[32], now_iso[32], prev[40] = "9999";
    iso_days_ago(21, weeks_ago, sizeof weeks_ago);
    iso_days_ago(0, now_iso, sizeof now_iso);
    bool old = false;
    const cJSON *o;
    cJSON_ArrayForEach(o, orders) {
        const char *status = jstr(o, "status"), *at = jstr(o, "createdAt");
        ck_assert_str_eq(jstr(o, "userEmail"), "demo@inventui.local");
        st->orders++;
        st->pending += strcmp(status, "PENDING") == 0;
        st->confirmed += strcmp(status, "CONFIRMED") == 0;
        st->cancelled += strcmp(status, "CANCELLED") == 0;
        ck_assert_msg(strcmp(at, now_iso) <= 0, "createdAt %s is ahead", at);
        ck_assert_msg(strcmp(at, prev) < 0, "not newest first: %s", at);
        snprintf(prev, sizeof prev, "%s", at);
        old |= strcmp(at, weeks_ago) < 0;
    }
    ck_assert_int_ge(st->pending, 2);
    ck_assert_int_ge(st->confirmed, 5);
    ck_assert_int_ge(st->cancelled, 1);
    ck_assert_int_eq(st->pending + st->confirmed + st->cancelled, st->orders);
    ck_assert_msg(old, "no order older than three weeks");

    /* The DLQ: messages the worker failed max_receive_count times, with
     * the error the fault gave them; each of the admin's PENDING orders
     * is one of them. */
    struct http_resp r;
    http_call(s, "GET", "/admin/dlq?limit=100", token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    const cJSON *m;
    int admin_pending_in_dlq = 0;
    cJSON_ArrayForEach(m, jpath(r.json, "data.items")) {
        st->dlq++;
        const char *err = jstr(m, "lastError");
        ck_assert_ptr_nonnull(err);
        ck_assert_ptr_nonnull(strstr(err, "notify_fail_rate"));
        ck_assert(jnum(m, "receiveCount") == 3); /* max_receive_count */
        cJSON_ArrayForEach(o, orders)
            if (strcmp(jstr(o, "id"), jstr(m, "orderId")) == 0) {
                ck_assert_str_eq(jstr(o, "status"), "PENDING");
                admin_pending_in_dlq++;
            }
    }
    http_resp_free(&r);
    ck_assert_int_ge(st->dlq, 2);
    ck_assert_int_eq(admin_pending_in_dlq, st->pending);
    cJSON_Delete(orders);

    http_call(s, "GET", "/admin/queues", token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert(jnum(r.json, "data.orderQueue.visible") == 0);
    ck_assert(jnum(r.json, "data.orderQueue.inFlight") == 0);
    ck_assert(jnum(r.json, "data.dlq.count") == st->dlq);
    http_resp_free(&r);

    /* Other customers ordered too; every order is CONFIRMED with one mail,
     * CANCELLED without one, or PENDING in the DLQ, which alerted the one
     * admin once each. */
    st->all_orders = shop_sql_int(s, "SELECT count(*) FROM orders");
    ck_assert_int_gt(shop_sql_int(s, "SELECT count(DISTINCT user_id) FROM orders"), 1);
    long long confirmed = shop_sql_int(s, "SELECT count(*) FROM orders"
                                      " WHERE status = 'CONFIRMED'");
    ck_assert_int_eq(shop_sql_int(s, "SELECT count(*) FROM orders o WHERE"
                                 " status = 'PENDING' AND EXISTS (SELECT 1"
                                 " FROM dlq_messages d WHERE d.order_id = o.id)"),
                     st->all_orders - confirmed -
                         shop_sql_int(s, "SELECT count(*) FROM orders"
                                         " WHERE status = 'CANCELLED'"));
    st->mails = shop_mail_count(s, "order-confirmation-");
    st->alerts = shop_mail_count(s, "dlq-alert-");
    ck_assert_int_eq(st->mails, confirmed);
    ck_assert_int_eq(st->alerts, st->dlq);
}

START_TEST(demo_history_went_through_the_pipeline)
{
    struct testsrv s;
    testsrv_start_with(&s, NULL, "--seed-demo");
    char *pw = demo_password(&s);
    char *token = sign_in(&s, "demo@inventui.local", pw);
    struct demo_state first, again;
    check_history(&s, token, &first);
    free(token);

    /* A demo customer signs in with the same password and sees only his. */
    token = sign_in(&s, "tom.okafor@inventui.local", pw);
    cJSON *his = all_orders(&s, token);
    ck_assert_int_gt(cJSON_GetArraySize(his), 0);
    ck_assert_int_lt(cJSON_GetArraySize(his), first.all_orders);
    cJSON_Delete(his);
    free(token);

    /* A second start seeds nothing more. */
    testsrv_restart(&s);
    token = sign_in(&s, "demo@inventui.local", pw);
    check_history(&s, token, &again);
    ck_assert_mem_eq(&first, &again, sizeof first);
    free(token);
    free(pw);
    testsrv_stop(&s);
}
END_TEST

Suite *suite_demo(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = tcase_create("seed");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, demo_shop_is_stocked_and_admin_signs_in);
    tcase_add_test(tc, demo_history_went_through_the_pipeline);
    suite_add_tcase(s, tc);
    return s;
}
