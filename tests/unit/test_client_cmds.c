/* The client's command-line pieces: counts, the Idempotency-Key a
 * creating POST carries on every retry (and that a POST without one is
 * never retried), and the sign-up sentences. The API calls go to a
 * scripted fake server. (Prices and the pager: test_client_core.c.) */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/api_orders.h"
#include "client/api_products.h"
#include "client/cli/args.h"
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

START_TEST(counts_are_digits_only)
{
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
    /* The core says what to do, not which command does it. */
    ck_assert_str_eq(cognito_error_sentence("ExpiredCodeException", NULL,
                                            COGNITO_OP_CONFIRM),
                     "the confirmation code has expired: ask for a new one");
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
    tcase_add_test(tc, counts_are_digits_only);
    tcase_add_test(tc, creating_post_retries_with_one_key);
    tcase_add_test(tc, post_without_key_is_not_retried);
    tcase_add_test(tc, sign_up_sentences);
    suite_add_tcase(s, tc);
    return s;
}
