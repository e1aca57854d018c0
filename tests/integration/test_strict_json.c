/* Request bodies that are not strict RFC 8259 JSON are 400 with the
 * reason and its byte, and change nothing: cJSON alone took \uZZZZ as a
 * NUL (so "Widget\uZZZZ<ESC…>" was stored as Widget plus the tail, past
 * the NUL and control checks) and 01, 00 and 1. as numbers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define SUB "51e1c7a0-1c2d-4e3f-8a9b-0c1d2e3f4a5b"

static struct testsrv srv;
static char *tok; /* an admin: may write products and order */

static void up(void)
{
    testsrv_start(&srv, NULL);
    tok = tokfix_user(&srv, SUB, "sam@example.com", true);
}

static void down(void)
{
    free(tok);
    tok = NULL;
    testsrv_stop(&srv);
}

/* A product body with name and price as given (raw JSON text). */
static char *product(const char *name, const char *price)
{
    size_t n = strlen(name) + strlen(price) + 200;
    char *b = malloc(n);
    snprintf(b, n,
             "{\"name\":\"%s\",\"description\":\"Strictly a good one\","
             "\"category\":\"toys\",\"price\":%s,\"quantity\":5,"
             "\"sku\":\"STRICT-9\"}",
             name, price);
    return b;
}

static void assert_refused(const char *method, const char *path,
                           const char *body, const char *why)
{
    struct http_resp r;
    http_call(&srv, method, path, tok, body, &r, NULL);
    api_assert_error(&r, 400, "BAD_REQUEST");
    const char *msg = jstr(r.json, "error.message");
    ck_assert_ptr_nonnull(msg);
    ck_assert_msg(strstr(msg, "Request body is not valid JSON: ") == msg &&
                      strstr(msg, why),
                  "%s %s: %s", method, path, msg);
    http_resp_free(&r);
}

/* The list as JSON text, to compare before and after. */
static char *snapshot(const char *path)
{
    struct http_resp r;
    http_call(&srv, "GET", path, tok, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    char *items = cJSON_PrintUnformatted(jpath(r.json, "data.items"));
    http_resp_free(&r);
    return items;
}

START_TEST(products_and_orders_refuse_what_cjson_let_through)
{
    char *id = api_create_product(&srv, tok, "Kept as is", "KEPT-1", "toys", 9);
    char one[160], put[160];
    snprintf(one, sizeof one, "/products/%s", id);
    snprintf(put, sizeof put, "{\"name\":\"X\\uZZZZ\\u001b[2J\"}");
    char *before = snapshot("/products");
    char *orders_before = snapshot("/orders");

    static const struct {
        const char *name, *price, *why;
    } bad[] = {
        /* The reported one: the tail held ESC (as \u001b) after \uZZZZ. */
        {"Widget\\uZZZZ\\u001b]0;pwned\\u0007", "100", "invalid \\u escape at byte 15"},
        {"Widget\\u00zz tail", "100", "invalid \\u escape at byte 15"},
        {"Widget\\ud800", "100", "lone surrogate \\u escape at byte 15"},
        {"Widget\xc0\xaf", "100", "invalid UTF-8 at byte 15"},
        {"Widget \xff utf8", "100", "invalid UTF-8 at byte 16"},
        {"Widget\xed\xa0\x80", "100", "invalid UTF-8 at byte 15"},
        {"Widget", "01", "leading zero in a number"},
        {"Widget", "00", "leading zero in a number"},
        {"Widget", "1.", "digit expected after '.'"},
        {"Widget", "-", "digit expected after '-'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *b = product(bad[i].name, bad[i].price);
        assert_refused("POST", "/products", b, bad[i].why);
        free(b);
    }
    assert_refused("POST", "/products", "{\"name\":\"a\"} {}",
                   "trailing data after the JSON value at byte 13");
    assert_refused("PUT", one, put, "invalid \\u escape at byte 10");
    assert_refused("PUT", one, "{\"quantity\":01}", "leading zero in a number at byte 12");

    char order[200];
    snprintf(order, sizeof order, "{\"productId\":\"%s\",\"quantity\":01}", id);
    assert_refused("POST", "/orders", order, "leading zero in a number");
    snprintf(order, sizeof order, "{\"productId\":\"%s\\uZZZZ\",\"quantity\":1}", id);
    assert_refused("POST", "/orders", order, "invalid \\u escape at byte 50");
    snprintf(order, sizeof order, "{\"productId\":\"%s\",\"quantity\":1.}", id);
    assert_refused("POST", "/orders", order, "digit expected after '.'");

    /* Nothing was stored, changed or ordered. */
    char *after = snapshot("/products");
    char *orders_after = snapshot("/orders");
    ck_assert_str_eq(after, before);
    ck_assert_str_eq(orders_after, orders_before);
    ck_assert_str_eq(orders_after, "[]");
    ck_assert(strstr(after, "Kept as is"));
    ck_assert(!strstr(after, "Widget"));

    /* The same bodies written as JSON are still taken. */
    char *good = product("Widget\\u00e9 \\ud83d\\ude00", "100");
    struct http_resp r;
    http_call(&srv, "POST", "/products", tok, good, &r, NULL);
    ck_assert_msg(r.status == 201, "%s", r.body);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Widget\xc3\xa9 \xf0\x9f\x98\x80");
    http_resp_free(&r);
    free(good);
    free(before);
    free(after);
    free(orders_before);
    free(orders_after);
    free(id);
}
END_TEST

START_TEST(cognito_endpoint_is_strict_too)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"ClientId\":\"%s\",\"Username\":\"eve\\uZZZZ@example.com\","
             "\"Password\":\"Str1ct-Passw0rd\"}",
             srv.client_id);
    struct http_resp r;
    cognito_call(&srv, "SignUp", body, &r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(jstr(r.json, "__type"), "InvalidParameterException");
    ck_assert_msg(strstr(jstr(r.json, "message"),
                         "Request body is not valid JSON: invalid \\u escape"),
                  "%s", r.body);
    http_resp_free(&r);
    /* No "eve" user came of it: signing up as eve@ still works. */
    snprintf(body, sizeof body,
             "{\"ClientId\":\"%s\",\"Username\":\"eve@example.com\","
             "\"Password\":\"Str1ct-Passw0rd\"}",
             srv.client_id);
    cognito_call(&srv, "SignUp", body, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
}
END_TEST

/* Found by tests/fuzz (fuzz_cognito): an answer quoting what the
 * request named, cut at 64 bytes inside a UTF-8 character, was itself
 * not valid JSON. */
START_TEST(cognito_answers_quote_whole_characters)
{
    static const char *const ops[] = {"InitiateAuth", "RespondToAuthChallenge"};
    char name[80];
    memset(name, 'A', 63);
    strcpy(name + 63, "\xc3\xa9\xc3\xa9"); /* é straddles byte 64 */
    for (int i = 0; i < 2; i++) {
        char body[256];
        if (i == 0)
            snprintf(body, sizeof body,
                     "{\"ClientId\":\"%s\",\"AuthFlow\":\"%s\","
                     "\"AuthParameters\":{}}", srv.client_id, name);
        else
            snprintf(body, sizeof body,
                     "{\"ClientId\":\"%s\",\"ChallengeName\":\"%s\","
                     "\"Session\":\"s\",\"ChallengeResponses\":{}}",
                     srv.client_id, name);
        struct http_resp r;
        cognito_call(&srv, ops[i], body, &r);
        ck_assert_int_eq(r.status, 400);
        ck_assert_msg(r.json && strstr(jstr(r.json, "message"), "AAAA"),
                      "%s: not JSON: %s", ops[i], r.body);
        /* The cut character is left out, not halved. */
        ck_assert_ptr_null(strstr(jstr(r.json, "message"), "\xc3"));
        http_resp_free(&r);
    }
}
END_TEST

Suite *suite_strict_json(void)
{
    Suite *s = suite_create("strict_json");
    TCase *tc = tcase_create("strict_json");
    tcase_add_unchecked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, products_and_orders_refuse_what_cjson_let_through);
    tcase_add_test(tc, cognito_endpoint_is_strict_too);
    tcase_add_test(tc, cognito_answers_quote_whole_characters);
    suite_add_tcase(s, tc);
    return s;
}
