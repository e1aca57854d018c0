/* The client against answers in the deployed system's shapes (API Gateway
 * + Lambda, seed/deployed-openapi.json), served by a fake API: health and
 * bodies without the envelope, short and empty pages that still carry a
 * nextToken (and one that pages in a circle), 204 on DELETE, 400
 * INSUFFICIENT_STOCK, orders as items[] with statuses we do not know,
 * 5xx then success, 429 with Retry-After. The real CLI binary runs against
 * it with a session file written for it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/api.h"
#include "client/session.h"
#include "common/base64.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "integration/suites.h"
#include "support/fakegw.h"
#include "support/testsrv.h"

static struct fakegw *fake;
static char tmp[64];

#define P1 "11111111-1111-4111-8111-111111111111"
#define P2 "22222222-2222-4222-8222-222222222222"
#define P3 "33333333-3333-4333-8333-333333333333"
#define O1 "66666666-6666-4666-8666-666666666666"

/* A product as the deployed Lambda returns it: lowStock, no createdBy. */
#define PRODUCT(id, name, qty)                                              \
    "{\"id\":\"" id "\",\"name\":\"" name "\",\"description\":\"Deployed "  \
    "shape\",\"category\":\"garden\",\"price\":4999,\"quantity\":" #qty     \
    ",\"sku\":\"SKU-" #qty "\",\"lowStock\":false,"                         \
    "\"createdAt\":\"2024-01-15T10:30:00.000Z\","                           \
    "\"updatedAt\":\"2024-01-15T10:30:00.000Z\"}"

/* An unsigned-looking JWT (the client never verifies, the fake never
 * checks) for sub, valid for an hour. */
static char *fake_jwt(const char *sub)
{
    static const char head[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    char *payload = str_printf(
        "{\"sub\":\"%s\",\"email\":\"ops@example.com\",\"token_use\":\"id\","
        "\"cognito:username\":\"%s\",\"exp\":%lld}",
        sub, sub, (long long)time(NULL) + 3600);
    char *h = base64url_encode(head, strlen(head));
    char *p = base64url_encode(payload, strlen(payload));
    char *jwt = str_printf("%s.%s.c2lnbmF0dXJl", h, p);
    free(h);
    free(p);
    free(payload);
    return jwt;
}

static void signed_in_as(const char *sub)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/inventui", tmp);
    char *path = session_path(dir, fakegw_base(fake));
    struct session s = {
        .api_url = (char *)fakegw_base(fake),
        .endpoint = "http://127.0.0.1:1/", .client_id = "fakeclient",
        .username = (char *)sub, .id_token = fake_jwt(sub),
        .access_token = "unused", .refresh_token = "unused",
    };
    char *err = NULL;
    ck_assert_msg(session_save(path, &s, &err) == 0, "%s", err);
    free(s.id_token);
    free(path);
}

static void up(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-fake-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    setenv("XDG_CACHE_HOME", tmp, 1);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    fake = fakegw_start();
    signed_in_as("deployed-user-1");
}

static void down(void)
{
    fakegw_stop(fake);
    fake = NULL;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
}

#define CLI(out, ...) \
    testsrv_cli(NULL, out, "--api", fakegw_base(fake), __VA_ARGS__, \
                (char *)NULL)

START_TEST(health_without_the_envelope)
{
    fakegw_on(fake, "GET", "/health", 200, NULL,
               "{\"status\":\"healthy\",\"service\":\"inventory-api\","
               "\"version\":\"1.0.0\",\"stage\":\"dev\","
               "\"timestamp\":\"2024-01-15T10:30:00.000Z\","
               "\"requestId\":\"abc\"}");
    char *out = NULL;
    ck_assert_int_eq(CLI(&out, "health"), 0);
    ck_assert_ptr_nonnull(strstr(out, "healthy"));
    free(out);
    ck_assert_int_eq(CLI(&out, "health", "--json"), 0);
    cJSON *j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "stage"), "dev");
    cJSON_Delete(j);
    free(out);
}
END_TEST

START_TEST(short_and_empty_pages_are_followed_to_the_end)
{
    fakegw_on(fake, "GET", "/products", 200, NULL,
               "{\"items\":[" PRODUCT(P1, "First Thing", 50) "],"
               "\"count\":1,\"nextToken\":\"t1\"}");
    fakegw_on(fake, "GET", "/products?nextToken=t1", 200, NULL,
               "{\"items\":[],\"count\":0,\"nextToken\":\"t2\"}");
    fakegw_on(fake, "GET", "/products?nextToken=t2", 200, NULL,
               "{\"items\":[" PRODUCT(P2, "Second Thing", 5) ","
               PRODUCT(P3, "Third Thing", 7) "],\"count\":2,"
               "\"nextToken\":null}");
    char *out = NULL;
    ck_assert_int_eq(CLI(&out, "products", "list", "--all", "--json"), 0);
    cJSON *j = cJSON_Parse(out);
    ck_assert_msg(cJSON_GetArraySize(j) == 3, "%s", out);
    ck_assert_str_eq(jstr(j, "2.id"), P3);
    cJSON_Delete(j);
    free(out);
    /* Without --all, a short page is not the end either. */
    ck_assert_int_eq(CLI(&out, "products", "list"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Third Thing"));
    ck_assert_ptr_nonnull(strstr(out, "garden")); /* shown as it comes */
    free(out);
    ck_assert_int_eq(fakegw_hits(fake, "GET", "/products?nextToken=t2"), 2);

    fakegw_on(fake, "GET", "/products/" P2, 200, NULL,
               PRODUCT(P2, "Second Thing", 5));
    ck_assert_int_eq(CLI(&out, "products", "get", P2), 0);
    ck_assert_ptr_nonnull(strstr(out, "$49.99"));
    ck_assert_ptr_nonnull(strstr(out, "5 (low stock)"));
    free(out);
}
END_TEST

START_TEST(a_repeated_token_ends_the_paging)
{
    fakegw_on(fake, "GET", "/products", 200, NULL,
               "{\"items\":[" PRODUCT(P1, "Only Thing", 50) "],"
               "\"nextToken\":\"A\"}");
    fakegw_on(fake, "GET", "/products?nextToken=A", 200, NULL,
               "{\"items\":[],\"nextToken\":\"B\"}");
    fakegw_on(fake, "GET", "/products?nextToken=B", 200, NULL,
               "{\"items\":[],\"nextToken\":\"A\"}");
    char *out = NULL;
    ck_assert_int_eq(CLI(&out, "products", "list", "--all", "--json"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Only Thing"));
    ck_assert_ptr_nonnull(strstr(out, "repeated a page token"));
    free(out);
    ck_assert_int_eq(fakegw_hits(fake, "GET", "/products?nextToken=A"), 1);
    ck_assert_int_eq(fakegw_hits(fake, "GET", "/products?nextToken=B"), 1);
    /* The same token twice in a row. */
    fakegw_on(fake, "GET", "/products?category=books", 200, NULL,
               "{\"items\":[],\"nextToken\":\"C\"}");
    fakegw_on(fake, "GET", "/products?category=books&nextToken=C", 200,
               NULL, "{\"items\":[],\"nextToken\":\"C\"}");
    ck_assert_int_eq(CLI(&out, "products", "list", "--category", "books"), 0);
    free(out);
    ck_assert_int_eq(
        fakegw_hits(fake, "GET", "/products?category=books&nextToken=C"), 1);
}
END_TEST

START_TEST(server_errors_are_retried_then_offline)
{
    const char *page = "{\"items\":[" PRODUCT(P1, "Sturdy Thing", 50) "],"
                       "\"nextToken\":null}";
    fakegw_on(fake, "GET", "/products", 503, NULL,
               "{\"message\":\"Service Unavailable\"}");
    fakegw_on(fake, "GET", "/products", 502, NULL,
               "{\"message\":\"Internal server error\"}");
    fakegw_on(fake, "GET", "/products", 200, NULL, page);
    fakegw_on(fake, "GET", "/products", 500, NULL,
               "{\"message\":\"Internal server error\"}");
    char *out = NULL;
    ck_assert_int_eq(CLI(&out, "products", "list"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Sturdy Thing"));
    free(out);
    ck_assert_int_eq(fakegw_hits(fake, "GET", "/products"), 3);

    /* A 5xx after every retry is "cannot be reached": exit 4, or the
     * cached page with --offline-ok. */
    ck_assert_int_eq(CLI(&out, "products", "list"), 4);
    ck_assert_ptr_nonnull(strstr(out, "HTTP 500"));
    free(out);
    ck_assert_int_eq(fakegw_hits(fake, "GET", "/products"), 3 + 4);
    ck_assert_int_eq(CLI(&out, "products", "list", "--offline-ok"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Sturdy Thing"));
    ck_assert_ptr_nonnull(strstr(out, "showing data cached at"));
    free(out);
}
END_TEST

START_TEST(too_many_requests_waits_for_retry_after)
{
    fakegw_on(fake, "GET", "/products/" P1, 429, "Retry-After: 1",
               "{\"message\":\"Too Many Requests\"}");
    fakegw_on(fake, "GET", "/products/" P1, 200, NULL,
               PRODUCT(P1, "Patient Thing", 50));
    int64_t t0 = time_mono_ms();
    char *out = NULL;
    ck_assert_int_eq(CLI(&out, "products", "get", P1), 0);
    int64_t took = time_mono_ms() - t0;
    ck_assert_ptr_nonnull(strstr(out, "Patient Thing"));
    free(out);
    ck_assert_int_eq(fakegw_hits(fake, "GET", "/products/" P1), 2);
    ck_assert_msg(took >= 950, "retried after %lld ms", (long long)took);
}
END_TEST

/* The orders shapes, through the API layer the orders commands use. */
START_TEST(orders_as_items_and_unknown_statuses_cached)
{
    fakegw_on(fake, "GET", "/orders", 200, NULL,
               "{\"items\":[{\"id\":\"" O1 "\",\"userId\":\"deployed-user-1\","
               "\"userEmail\":\"ops@example.com\",\"items\":[{\"productId\":\""
               P1 "\",\"productName\":\"First Thing\",\"quantity\":2,"
               "\"pricePerUnit\":4999,\"totalPrice\":9998}],"
               "\"totalAmount\":9998,\"status\":\"ON_HOLD\","
               "\"createdAt\":\"2024-01-15T11:00:00.000Z\","
               "\"updatedAt\":\"2024-01-15T11:00:00.000Z\"}],"
               "\"count\":1,\"nextToken\":null}");
    fakegw_on(fake, "GET", "/orders/" O1, 504, NULL,
               "{\"message\":\"Endpoint request timed out\"}");
    fakegw_on(fake, "POST", "/orders", 400, NULL,
               "{\"success\":false,\"error\":{\"code\":\"INSUFFICIENT_STOCK\","
               "\"message\":\"Insufficient stock\",\"details\":{\"requested\":"
               "5,\"available\":2}}}");
    fakegw_on(fake, "DELETE", "/products/" P1, 204, NULL, NULL);

    struct client_config cfg;
    client_config_defaults(&cfg);
    snprintf(cfg.api_url, sizeof cfg.api_url, "%s", fakegw_base(fake));
    struct api a;
    char *err = NULL;
    ck_assert_int_eq(api_open(&a, &cfg, &err), 0);
    struct api_result res;
    api_call(&a, "GET", "/orders", NULL, &res);
    ck_assert_int_eq(res.rc, API_OK);
    ck_assert_str_eq(jstr(res.data, "items.0.status"), "ON_HOLD");
    ck_assert_int_eq((int)jnum(res.data, "items.0.items.0.totalPrice"), 9998);
    api_result_free(&res);

    /* Unreachable (a 504 every time): refused without --offline-ok … */
    api_call(&a, "GET", "/orders/" O1, NULL, &res);
    ck_assert_int_eq(res.rc, API_UNREACHABLE);
    ck_assert_int_eq(res.cached_at, 0);
    api_result_free(&res);
    /* … and with it, the order seen in the list, exactly as it came. */
    cfg.offline_ok = true;
    int64_t before = time_now_ms();
    api_call(&a, "GET", "/orders/" O1, NULL, &res);
    ck_assert_int_eq(res.rc, API_OK);
    ck_assert_int_gt(res.cached_at, before - 60000);
    ck_assert_str_eq(jstr(res.data, "status"), "ON_HOLD");
    ck_assert_str_eq(jstr(res.data, "items.0.productName"), "First Thing");
    api_result_free(&res);
    cfg.offline_ok = false;

    api_call(&a, "POST", "/orders",
             "{\"productId\":\"" P1 "\",\"quantity\":5}", &res);
    ck_assert_int_eq(res.rc, API_REFUSED);
    ck_assert_int_eq(res.status, 400);
    ck_assert_str_eq(res.code, "INSUFFICIENT_STOCK");
    ck_assert_int_eq((int)jnum(res.details, "available"), 2);
    api_result_free(&res);

    api_call(&a, "DELETE", "/products/" P1, NULL, &res);
    ck_assert_int_eq(res.rc, API_OK);
    ck_assert_int_eq(res.status, 204);
    ck_assert_ptr_null(res.data);
    api_result_free(&res);
    api_close(&a);
}
END_TEST

Suite *suite_deployed(void)
{
    Suite *s = suite_create("deployed");
    TCase *tc = tcase_create("deployed");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, health_without_the_envelope);
    tcase_add_test(tc, short_and_empty_pages_are_followed_to_the_end);
    tcase_add_test(tc, a_repeated_token_ends_the_paging);
    tcase_add_test(tc, server_errors_are_retried_then_offline);
    tcase_add_test(tc, too_many_requests_waits_for_retry_after);
    tcase_add_test(tc, orders_as_items_and_unknown_statuses_cached);
    suite_add_tcase(s, tc);
    return s;
}
