/* The Idempotency-Key header on POST /orders and POST /products against a
 * real server: a retry with the same key replays the first answer and
 * creates nothing; keys are per user; ten concurrent requests with one key
 * create one order; a key reused for another request is 422; a malformed
 * key is 400; refused requests are not recorded; after 24 h a key is
 * forgotten. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/strbuf.h"
#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/shop.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define ALICE "a11ce000-0000-4000-8000-000000000001"
#define BOB "b0b00000-0000-4000-8000-000000000002"

static struct testsrv srv;
static char *alice, *bob;

static void up(void)
{
    /* Orders stay PENDING: a replay must show the first answer, and the
     * worker confirming meanwhile would not change that, but the counts
     * of queue messages below would. */
    testsrv_start(&srv, "[queue]\npaused = true\n");
    /* Alice is an admin: she creates the products, and her keys are
     * tried on POST /products too, which is for admins only. */
    alice = tokfix_user(&srv, ALICE, "alice@example.com", true);
    bob = tokfix_user(&srv, BOB, "bob@example.com", false);
}

static void down(void)
{
    free(alice);
    free(bob);
    alice = bob = NULL;
    testsrv_stop(&srv);
}

/* POSTs body to path with an Idempotency-Key header line (NULL: none),
 * e.g. "Idempotency-Key: k1". */
static void post(const char *token, const char *path, const char *body,
                 const char *key_header, struct http_resp *r)
{
    const char *hdrs[] = {key_header, NULL};
    http_call(&srv, "POST", path, token, body, r, key_header ? hdrs : NULL);
}

static void order_body(char *out, size_t size, const char *pid, int quantity)
{
    snprintf(out, size, "{\"productId\":\"%s\",\"quantity\":%d}", pid,
             quantity);
}

/* A count query ending in "= ", completed with 'value'. */
static long long count(const char *sql, const char *value)
{
    struct strbuf sb = {0};
    strbuf_printf(&sb, "%s'%s'", sql, value);
    long long n = shop_sql_int(&srv, sb.buf);
    strbuf_free(&sb);
    return n;
}

static bool replayed(const struct http_resp *r)
{
    char *v = http_header(r, "Idempotent-Replayed");
    bool yes = v && strcmp(v, "true") == 0;
    free(v);
    return yes;
}

/* data of r, printed (malloc'd). */
static char *data_text(const struct http_resp *r)
{
    return cJSON_PrintUnformatted(jpath(r->json, "data"));
}

START_TEST(replay_returns_the_first_answer_and_creates_nothing)
{
    char *pid = api_create_product(&srv, alice, "Trail Shoes", "IDEM-1",
                                   "sports", 10);
    char body[200];
    order_body(body, sizeof body, pid, 2);
    struct http_resp first, again;
    post(alice, "/orders", body, "Idempotency-Key: order-attempt-1", &first);
    ck_assert_msg(first.status == 201, "%ld %s", first.status, first.body);
    ck_assert(!replayed(&first));
    shop_sleep_ms(5);
    post(alice, "/orders", body, "Idempotency-Key: order-attempt-1", &again);
    ck_assert_msg(again.status == 201, "%ld %s", again.status, again.body);
    ck_assert(replayed(&again));
    char *a = data_text(&first), *b = data_text(&again);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    /* The envelope around it is this request's own. */
    ck_assert_str_ne(jstr(first.json, "meta.requestId"),
                     jstr(again.json, "meta.requestId"));
    char *rid = http_header(&again, "X-Request-Id");
    ck_assert_str_eq(rid, jstr(again.json, "meta.requestId"));
    free(rid);
    http_resp_free(&again);

    ck_assert_int_eq(api_stock(&srv, alice, pid), 8);
    ck_assert_int_eq(count("SELECT count(*) FROM orders WHERE product_id = ",
                           pid), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM queue_messages q JOIN orders o"
                           " ON o.id = q.order_id WHERE o.product_id = ",
                           pid), 1);
    /* Whitespace is not a different request. */
    char spaced[220];
    snprintf(spaced, sizeof spaced, "{ \"productId\" : \"%s\",\n \"quantity\": 2 }",
             pid);
    post(alice, "/orders", spaced, "Idempotency-Key: order-attempt-1", &again);
    ck_assert_int_eq(again.status, 201);
    ck_assert(replayed(&again));
    ck_assert_str_eq(jstr(again.json, "data.id"), jstr(first.json, "data.id"));
    http_resp_free(&again);

    /* Another key is another order. */
    post(alice, "/orders", body, "Idempotency-Key: order-attempt-2", &again);
    ck_assert_int_eq(again.status, 201);
    ck_assert(!replayed(&again));
    ck_assert_str_ne(jstr(again.json, "data.id"), jstr(first.json, "data.id"));
    http_resp_free(&again);
    /* No key at all: every POST creates. */
    post(alice, "/orders", body, NULL, &again);
    ck_assert_int_eq(again.status, 201);
    http_resp_free(&again);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 4);
    http_resp_free(&first);
    free(pid);
}
END_TEST

START_TEST(keys_belong_to_their_user)
{
    char *pid = api_create_product(&srv, alice, "Water Bottle", "IDEM-2",
                                   "sports", 10);
    char body[200];
    order_body(body, sizeof body, pid, 1);
    struct http_resp a, b;
    post(alice, "/orders", body, "Idempotency-Key: shared-key", &a);
    post(bob, "/orders", body, "Idempotency-Key: shared-key", &b);
    ck_assert_int_eq(a.status, 201);
    ck_assert_int_eq(b.status, 201);
    ck_assert(!replayed(&b));
    ck_assert_str_ne(jstr(a.json, "data.id"), jstr(b.json, "data.id"));
    ck_assert_str_eq(jstr(b.json, "data.userId"), BOB);
    http_resp_free(&a);
    http_resp_free(&b);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 8);
    free(pid);
}
END_TEST

START_TEST(a_key_reused_for_another_request_is_422)
{
    char *pid = api_create_product(&srv, alice, "Bike Bell", "IDEM-3", "sports", 10);
    char body[200], other[200];
    order_body(body, sizeof body, pid, 1);
    order_body(other, sizeof other, pid, 3);
    struct http_resp r;
    post(alice, "/orders", body, "Idempotency-Key: reused", &r);
    ck_assert_int_eq(r.status, 201);
    http_resp_free(&r);

    post(alice, "/orders", other, "Idempotency-Key: reused", &r);
    api_assert_error(&r, 422, "UNPROCESSABLE_ENTITY");
    ck_assert(api_has_detail(r.json, "Idempotency-Key"));
    ck_assert(!replayed(&r));
    http_resp_free(&r);
    /* The same key on the other route is another request too. */
    post(alice, "/products",
         "{\"name\":\"Bell Two\",\"description\":\"A product made for tests.\","
         "\"category\":\"sports\",\"price\":100,\"quantity\":1,\"sku\":\"IDEM-3B\"}",
         "Idempotency-Key: reused", &r);
    api_assert_error(&r, 422, "UNPROCESSABLE_ENTITY");
    http_resp_free(&r);
    ck_assert_int_eq(count("SELECT count(*) FROM products WHERE sku = ",
                           "IDEM-3B"), 0);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 9);
    free(pid);
}
END_TEST

START_TEST(malformed_keys_are_400)
{
    char *pid = api_create_product(&srv, alice, "Chalk Bag", "IDEM-4", "sports", 10);
    char body[200];
    order_body(body, sizeof body, pid, 1);
    char long_key[200] = "Idempotency-Key: ";
    size_t at = strlen(long_key);
    memset(long_key + at, 'k', 129);
    long_key[at + 129] = '\0';
    const char *bad[] = {
        "Idempotency-Key;", /* curl's way to send it empty */
        long_key,
        "Idempotency-Key: has space",
        "Idempotency-Key: caf\xc3\xa9",
        "Idempotency-Key: tab\there",
    };
    struct http_resp r;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        post(alice, "/orders", body, bad[i], &r);
        api_assert_error(&r, 400, "VALIDATION_ERROR");
        ck_assert_msg(api_has_detail(r.json, "Idempotency-Key"), "%s: %s",
                      bad[i], r.body);
        http_resp_free(&r);
    }
    /* A bad key and a bad body: every failing field is listed. */
    post(alice, "/orders", "{\"quantity\":0}", "Idempotency-Key: a b", &r);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "Idempotency-Key"));
    ck_assert(api_has_detail(r.json, "quantity"));
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 10);

    /* 128 characters, the widest printable ASCII: fine. */
    long_key[at + 127] = '~';
    long_key[at + 126] = '!';
    long_key[at + 128] = '\0';
    post(alice, "/orders", body, long_key, &r);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    http_resp_free(&r);
    post(alice, "/orders", body, long_key, &r);
    ck_assert_int_eq(r.status, 201);
    ck_assert(replayed(&r));
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 9);
    free(pid);
}
END_TEST

/* A refused request created nothing and is not recorded: once stock
 * arrives, the same key succeeds. */
START_TEST(refusals_are_not_recorded)
{
    char *pid = api_create_product(&srv, alice, "Rare Item", "IDEM-5", "toys", 1);
    char body[200];
    order_body(body, sizeof body, pid, 2);
    struct http_resp r;
    post(alice, "/orders", body, "Idempotency-Key: wait-for-stock", &r);
    api_assert_error(&r, 409, "INSUFFICIENT_STOCK");
    http_resp_free(&r);
    ck_assert_int_eq(count("SELECT count(*) FROM idempotency_keys WHERE"
                           " idem_key = ", "wait-for-stock"), 0);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", pid);
    http_call(&srv, "PUT", path, alice, "{\"quantity\":5}", &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    post(alice, "/orders", body, "Idempotency-Key: wait-for-stock", &r);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert(!replayed(&r));
    http_resp_free(&r);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 3);
    free(pid);
}
END_TEST

/* created_at is moved back in the database while the server runs: 23 h
 * still replays, 25 h is forgotten (and purged when the key is used). */
START_TEST(keys_expire_after_24_hours)
{
    char *pid = api_create_product(&srv, alice, "Day Pack", "IDEM-6", "sports", 10);
    char body[200];
    order_body(body, sizeof body, pid, 1);
    struct http_resp first, r;
    post(alice, "/orders", body, "Idempotency-Key: daily", &first);
    ck_assert_int_eq(first.status, 201);
    shop_sql(&srv, "UPDATE idempotency_keys SET created_at = created_at - "
                   "23 * 3600 * 1000 WHERE idem_key = 'daily'");
    post(alice, "/orders", body, "Idempotency-Key: daily", &r);
    ck_assert(replayed(&r));
    ck_assert_str_eq(jstr(r.json, "data.id"), jstr(first.json, "data.id"));
    http_resp_free(&r);

    shop_sql(&srv, "UPDATE idempotency_keys SET created_at = created_at - "
                   "2 * 3600 * 1000 WHERE idem_key = 'daily'");
    /* Another user's expired key goes too, lazily, on this insert. */
    shop_sql(&srv, "INSERT INTO idempotency_keys VALUES ('someone', 'old',"
                   " 'x', 201, '{}', 0)");
    post(alice, "/orders", body, "Idempotency-Key: daily", &r);
    ck_assert_int_eq(r.status, 201);
    ck_assert(!replayed(&r));
    ck_assert_str_ne(jstr(r.json, "data.id"), jstr(first.json, "data.id"));
    http_resp_free(&r);
    ck_assert_int_eq(count("SELECT count(*) FROM idempotency_keys WHERE"
                           " idem_key = ", "daily"), 1);
    ck_assert_int_eq(count("SELECT count(*) FROM idempotency_keys WHERE"
                           " idem_key = ", "old"), 0);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 8);
    http_resp_free(&first);
    free(pid);
}
END_TEST

START_TEST(products_honour_the_key)
{
    static const char body[] =
        "{\"name\":\"Keyed Product\",\"description\":\"A product made for "
        "tests.\",\"category\":\"home\",\"price\":1999,\"quantity\":4,"
        "\"sku\":\"IDEM-7\"}";
    struct http_resp first, r;
    post(alice, "/products", body, "Idempotency-Key: new-product", &first);
    ck_assert_msg(first.status == 201, "%ld %s", first.status, first.body);
    ck_assert(!replayed(&first));
    post(alice, "/products", body, "Idempotency-Key: new-product", &r);
    ck_assert_int_eq(r.status, 201);
    ck_assert(replayed(&r));
    char *a = data_text(&first), *b = data_text(&r);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    http_resp_free(&r);
    ck_assert_int_eq(count("SELECT count(*) FROM products WHERE sku = ",
                           "IDEM-7"), 1);
    /* Without the key, the retry is what it always was: a SKU clash. */
    post(alice, "/products", body, NULL, &r);
    api_assert_error(&r, 409, "CONFLICT");
    http_resp_free(&r);
    post(alice, "/products", body, "Idempotency-Key: another", &r);
    api_assert_error(&r, 409, "CONFLICT");
    http_resp_free(&r);
    http_resp_free(&first);
}
END_TEST

START_TEST(the_header_is_documented)
{
    struct http_resp r;
    http_call(&srv, "GET", "/docs/spec", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    const char *const paths[] = {"/orders", "/products"};
    for (int i = 0; i < 2; i++) {
        char p[160];
        snprintf(p, sizeof p, "paths.%s.post.parameters.0.$ref", paths[i]);
        ck_assert_str_eq(jstr(r.json, p),
                         "#/components/parameters/Idempotency-Key");
        snprintf(p, sizeof p, "paths.%s.post.responses.422", paths[i]);
        ck_assert_ptr_nonnull(jpath(r.json, p));
    }
    ck_assert_int_eq((int)jnum(r.json, "components.parameters.Idempotency-Key"
                                       ".schema.maxLength"), 128);
    http_resp_free(&r);
}
END_TEST

/* ---- ten requests, one key, at once ---- */

#define RACERS 10

static size_t sink(char *d, size_t size, size_t n, void *user)
{
    strbuf_append(user, d, size * n);
    return size * n;
}

static size_t header_sink(char *d, size_t size, size_t n, void *user)
{
    if (n * size >= 20 && strncasecmp(d, "Idempotent-Replayed:", 20) == 0)
        (*(int *)user)++;
    return size * n;
}

START_TEST(concurrent_requests_with_one_key_create_one_order)
{
    char *pid = api_create_product(&srv, alice, "Flash Sale", "IDEM-8", "toys", 50);
    char body[200], url[128];
    order_body(body, sizeof body, pid, 1);
    snprintf(url, sizeof url, "%s/orders", srv.base);
    struct strbuf auth = {0};
    strbuf_printf(&auth, "Authorization: Bearer %s", alice);
    struct curl_slist *hdrs = curl_slist_append(NULL, auth.buf);
    hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "Idempotency-Key: one-click");
    hdrs = curl_slist_append(hdrs, "Expect:");
    strbuf_free(&auth);

    CURLM *multi = curl_multi_init();
    CURL *easy[RACERS];
    struct strbuf out[RACERS];
    int replays[RACERS] = {0};
    for (int i = 0; i < RACERS; i++) {
        memset(&out[i], 0, sizeof out[i]);
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOPROXY, "*");
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(easy[i], CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &out[i]);
        curl_easy_setopt(easy[i], CURLOPT_HEADERFUNCTION, header_sink);
        curl_easy_setopt(easy[i], CURLOPT_HEADERDATA, &replays[i]);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 60L);
        /* A connection each: all ten are in flight together. */
        curl_easy_setopt(easy[i], CURLOPT_FRESH_CONNECT, 1L);
        curl_multi_add_handle(multi, easy[i]);
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)RACERS);
    int running = 1;
    while (running) {
        ck_assert_int_eq(curl_multi_perform(multi, &running), CURLM_OK);
        if (running)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    char first_id[64] = "";
    int fresh = 0;
    for (int i = 0; i < RACERS; i++) {
        long status = 0;
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &status);
        cJSON *j = cJSON_Parse(out[i].buf ? out[i].buf : "");
        ck_assert_msg(status == 201, "request %d: %ld %s", i, status,
                      out[i].buf ? out[i].buf : "");
        if (!first_id[0])
            snprintf(first_id, sizeof first_id, "%s", jstr(j, "data.id"));
        ck_assert_str_eq(jstr(j, "data.id"), first_id);
        if (!replays[i])
            fresh++;
        cJSON_Delete(j);
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
        strbuf_free(&out[i]);
    }
    curl_multi_cleanup(multi);
    curl_slist_free_all(hdrs);
    ck_assert_int_eq(fresh, 1);
    ck_assert_int_eq(count("SELECT count(*) FROM orders WHERE product_id = ",
                           pid), 1);
    ck_assert_int_eq(api_stock(&srv, alice, pid), 49);
    free(pid);
}
END_TEST

Suite *suite_idempotency(void)
{
    Suite *s = suite_create("idempotency");
    TCase *tc = tcase_create("idempotency");
    tcase_add_unchecked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, replay_returns_the_first_answer_and_creates_nothing);
    tcase_add_test(tc, keys_belong_to_their_user);
    tcase_add_test(tc, a_key_reused_for_another_request_is_422);
    tcase_add_test(tc, malformed_keys_are_400);
    tcase_add_test(tc, refusals_are_not_recorded);
    tcase_add_test(tc, keys_expire_after_24_hours);
    tcase_add_test(tc, products_honour_the_key);
    tcase_add_test(tc, the_header_is_documented);
    tcase_add_test(tc, concurrent_requests_with_one_key_create_one_order);
    suite_add_tcase(s, tc);
    return s;
}
