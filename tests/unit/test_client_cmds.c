/* The client's command-line pieces: dollar amounts, the pager over short
 * and empty pages, the Idempotency-Key a creating POST carries on every
 * retry (and that a POST without one is never retried), and the sign-up
 * sentences. The API calls go to a scripted fake server. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/api_orders.h"
#include "client/api_products.h"
#include "client/cli/args.h"
#include "client/cli/pager.h"
#include "client/cognito.h"
#include "common/uuid.h"
#include "support/fakeapi.h"
#include "unit/suites.h"

static char tmp[128];
static struct client_config cfg;
static struct api api;

static void up(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-cmds-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    setenv("XDG_CACHE_HOME", tmp, 1);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
}

static void down(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
    unsetenv("INVENTUI_RETRY_BASE_MS");
}

/* A client of the fake, signed in. */
static void open_api(const struct fakeapi *f)
{
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, NULL, &err), 0);
    ck_assert_ptr_null(client_config_set(&cfg, "api", "url", f->base));
    cfg.timeout = 5;
    fakeapi_session(f->base);
    ck_assert_int_eq(api_open(&api, &cfg, &err), 0);
}

START_TEST(price_is_dollars_to_exact_cents)
{
    static const struct {
        const char *in;
        long long cents;
    } ok[] = {{"12.34", 1234}, {"12", 1200},   {"12.3", 1230},
              {"0.05", 5},     {"$7.50", 750}, {"1000000", 100000000},
              {"0", 0},        {"007.1", 710}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        long long v = -1;
        ck_assert_msg(args_cents(ok[i].in, &v), "%s refused", ok[i].in);
        ck_assert_int_eq(v, ok[i].cents);
    }
    static const char *const bad[] = {"12.345", "abc", "-1", "-0.5", "",
                                      ".5",     "12.", "1e3", " 12", "12 ",
                                      "1,50",   "$",   "12.3.4",
                                      "99999999999999", "+3", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        long long v = 42;
        ck_assert_msg(!args_cents(bad[i], &v), "\"%s\" accepted", bad[i]);
        ck_assert_int_eq(v, 42);
    }
    long long n = 0;
    ck_assert(args_count("100", 100, &n));
    ck_assert_int_eq(n, 100);
    ck_assert(!args_count("101", 100, &n));
    ck_assert(!args_count("-1", 100, &n));
    ck_assert(!args_count("", 100, &n));
    ck_assert(!args_count("1.0", 100, &n));
    ck_assert(!args_count("99999999999999999999999", 1000, &n));
}
END_TEST

#define ORDER(id)                                                          \
    "{\"id\":\"" id "\",\"status\":\"CONFIRMED\",\"quantity\":1,"          \
    "\"pricePerUnit\":100,\"totalAmount\":100}"

static enum api_rc fetch_orders(struct api *a, void *ctx, const char *token,
                                cJSON **items, char **next,
                                struct api_result *res)
{
    struct api_order_query *q = ctx;
    struct api_order_page page;
    q->next_token = token;
    enum api_rc rc = api_orders_list(a, q, &page, res);
    if (rc == API_OK) {
        *items = page.json;
        *next = page.next_token;
        page.json = NULL;
        page.next_token = NULL;
    }
    api_order_page_free(&page);
    return rc;
}

START_TEST(pager_survives_short_and_empty_pages)
{
    static const struct fake_reply pages[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" ORDER("a") "],"
              "\"count\":1,\"nextToken\":\"t1\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[],\"count\":0,"
              "\"nextToken\":\"t2\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[" ORDER("b") ","
              ORDER("c") "],\"count\":2}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, pages, 3);
    open_api(&f);
    struct api_order_query q = {.limit = 5};
    struct pager p;
    struct api_result res;
    ck_assert_int_eq(pager_collect(&api, fetch_orders, &q, SIZE_MAX, &p, &res),
                     API_OK);
    api_result_free(&res);
    ck_assert_int_eq(cJSON_GetArraySize(p.items), 3);
    ck_assert_str_eq(cJSON_GetArrayItem(p.items, 2)->child->valuestring, "c");
    ck_assert(!p.more);
    pager_free(&p);
    ck_assert_int_eq(fakeapi_count(&f), 3);
    /* The tokens went back as received, with the query. */
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 0),
                                 "GET /orders?limit=5 HTTP"));
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 1),
                                 "GET /orders?limit=5&nextToken=t1 HTTP"));
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 2), "nextToken=t2 HTTP"));
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(pager_stops_at_want_and_on_a_stuck_token)
{
    static const struct fake_reply pages[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" ORDER("a") ","
              ORDER("b") "],\"count\":2,\"nextToken\":\"same\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, pages, 1);
    open_api(&f);
    struct api_order_query q = {0};
    struct pager p;
    struct api_result res;
    /* Want 3: the first page gives 2, the second 1 of its 2 and stops. */
    ck_assert_int_eq(pager_collect(&api, fetch_orders, &q, 3, &p, &res),
                     API_OK);
    api_result_free(&res);
    ck_assert_int_eq(cJSON_GetArraySize(p.items), 3);
    ck_assert(p.more);
    pager_free(&p);
    ck_assert_int_eq(fakeapi_count(&f), 2);
    /* All: the token never moves on, so the second page is the last. */
    ck_assert_int_eq(pager_collect(&api, fetch_orders, &q, SIZE_MAX, &p, &res),
                     API_OK);
    api_result_free(&res);
    ck_assert_int_eq(cJSON_GetArraySize(p.items), 4);
    pager_free(&p);
    ck_assert_int_eq(fakeapi_count(&f), 4);
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

#define PRODUCT                                                             \
    "{\"success\":true,\"data\":{\"id\":"                                   \
    "\"6f1c2b7e-1111-4222-8333-444444444444\",\"name\":\"Lamp\","           \
    "\"description\":\"A lamp for the tests\",\"category\":\"home\","       \
    "\"price\":1234,\"quantity\":3,\"sku\":\"LAMP-1\"}}"

START_TEST(creating_post_retries_with_one_key)
{
    static const struct fake_reply replies[] = {
        {503, "{\"success\":false,\"error\":{\"code\":\"UNAVAILABLE\"}}"},
        {503, "{\"success\":false,\"error\":{\"code\":\"UNAVAILABLE\"}}"},
        {201, PRODUCT},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 3);
    open_api(&f);
    struct product_input in = {
        .fields = PRODUCT_F_ALL & ~(unsigned)PRODUCT_F_IMAGE_URL,
        .name = "Lamp", .description = "A lamp for the tests",
        .category = "home", .price = 1234, .quantity = 3, .sku = "LAMP-1"};
    char key[UUID_STR_LEN];
    uuid_v4(key);
    struct product p;
    struct api_result res;
    ck_assert_int_eq(api_products_create(&api, &in, key, &p, &res), API_OK);
    ck_assert_str_eq(p.name, "Lamp");
    ck_assert_int_eq(p.price, 1234);
    product_clear(&p);
    api_result_free(&res);
    ck_assert_int_eq(fakeapi_count(&f), 3);
    for (int i = 0; i < 3; i++) {
        const char *rq = fakeapi_request(&f, i);
        ck_assert_ptr_nonnull(strstr(rq, "POST /products HTTP"));
        char *k = fakeapi_header(rq, "Idempotency-Key");
        ck_assert_ptr_nonnull(k);
        ck_assert_str_eq(k, key);
        free(k);
        ck_assert_ptr_nonnull(strstr(rq, "\"price\":1234"));
        ck_assert_ptr_null(strstr(rq, "imageUrl"));
    }
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(post_without_key_is_not_retried)
{
    static const struct fake_reply replies[] = {
        {503, "{\"success\":false,\"error\":{\"code\":\"UNAVAILABLE\","
              "\"message\":\"down\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 1);
    open_api(&f);
    struct order o;
    struct api_result res;
    /* Cancel is not safe to repeat blindly: one attempt. */
    ck_assert_int_eq(api_orders_cancel(&api, "x", &o, &res), API_UNREACHABLE);
    api_result_free(&res);
    ck_assert_int_eq(fakeapi_count(&f), 1);
    char *k = fakeapi_header(fakeapi_request(&f, 0), "Idempotency-Key");
    ck_assert_ptr_null(k);
    /* An order create carries a key and is retried up to the limit. */
    char key[UUID_STR_LEN];
    uuid_v4(key);
    ck_assert_int_eq(api_orders_create(&api, "p", 1, key, &o, &res),
                     API_UNREACHABLE);
    ck_assert_ptr_nonnull(strstr(res.message, "503"));
    api_result_free(&res);
    ck_assert_int_eq(fakeapi_count(&f), 1 + api.retry.max_attempts);
    for (int i = 1; i < fakeapi_count(&f); i++) {
        k = fakeapi_header(fakeapi_request(&f, i), "Idempotency-Key");
        ck_assert_str_eq(k, key);
        free(k);
    }
    /* A GET retries too, with no key. */
    ck_assert_int_eq(api_orders_get(&api, "x", &o, &res), API_UNREACHABLE);
    api_result_free(&res);
    ck_assert_int_eq(fakeapi_count(&f), 1 + 2 * api.retry.max_attempts);
    k = fakeapi_header(fakeapi_request(&f, fakeapi_count(&f) - 1),
                       "Idempotency-Key");
    ck_assert_ptr_null(k);
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(sign_up_sentences)
{
    ck_assert_str_eq(cognito_error_sentence("UsernameExistsException", NULL,
                                            COGNITO_OP_SIGN_UP),
                     "an account with this email already exists");
    ck_assert_ptr_nonnull(strstr(cognito_error_sentence(
                                     "InvalidPasswordException", NULL,
                                     COGNITO_OP_SIGN_UP),
                                 "password policy"));
    ck_assert_str_eq(cognito_error_sentence("CodeMismatchException", NULL,
                                            COGNITO_OP_CONFIRM),
                     "wrong confirmation code");
    ck_assert_ptr_nonnull(strstr(cognito_error_sentence("ExpiredCodeException",
                                                        NULL,
                                                        COGNITO_OP_CONFIRM),
                                 "--resend"));
    ck_assert_str_eq(cognito_error_sentence(
                         "NotAuthorizedException",
                         "User cannot be confirmed. Current status is "
                         "CONFIRMED",
                         COGNITO_OP_CONFIRM),
                     "this account is already confirmed");
    ck_assert_str_eq(cognito_error_sentence("InvalidParameterException",
                                            "User is already confirmed.",
                                            COGNITO_OP_RESEND),
                     "this account is already confirmed");
    ck_assert_str_eq(cognito_error_sentence("LimitExceededException", NULL,
                                            COGNITO_OP_RESEND),
                     "too many attempts, wait and try again");
    /* Sign-in keeps its own sentences. */
    ck_assert_str_eq(cognito_error_sentence("InvalidPasswordException", NULL,
                                            COGNITO_OP_SIGN_IN),
                     "wrong email or password");
}
END_TEST

Suite *suite_client_cmds(void)
{
    Suite *s = suite_create("client_cmds");
    TCase *tc = tcase_create("client_cmds");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, price_is_dollars_to_exact_cents);
    tcase_add_test(tc, pager_survives_short_and_empty_pages);
    tcase_add_test(tc, pager_stops_at_want_and_on_a_stuck_token);
    tcase_add_test(tc, creating_post_retries_with_one_key);
    tcase_add_test(tc, post_without_key_is_not_retried);
    tcase_add_test(tc, sign_up_sentences);
    suite_add_tcase(s, tc);
    return s;
}
