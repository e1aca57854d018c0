/* The API's token checks from outside: a real ID token gets in; missing,
 * garbage, forged, expired, misdirected and wrong-kind tokens all get 401
 * UNAUTHORIZED in the error envelope, and change nothing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define SUB "5e1f0000-0000-4000-8000-00000000abcd"

static struct testsrv srv;
static char *good;
static char *product_id;

static void up(void)
{
    testsrv_start(&srv, NULL);
    good = tokfix_user(&srv, SUB, "eve@example.com", false);
    /* Stocked by an admin; eve, a customer, only reads it. */
    char *admin = tokfix_user(&srv, "ad000000-0000-4000-8000-0000000000a1",
                              "admin@example.com", true);
    product_id = api_create_product(&srv, admin, "Guarded", "AUTH-1", "other", 5);
    free(admin);
}

static void down(void)
{
    free(good);
    free(product_id);
    good = product_id = NULL;
    testsrv_stop(&srv);
}

/* Every protected route with this Authorization value answers 401 with
 * the envelope, and no stock moved. */
static void refused(const char *what, const char *authorization)
{
    char get[128], order[256];
    snprintf(get, sizeof get, "/products/%s", product_id);
    snprintf(order, sizeof order, "{\"productId\":\"%s\",\"quantity\":1}",
             product_id);
    const char *calls[][3] = {
        {"GET", "/products", NULL},
        {"POST", "/products",
         "{\"name\":\"Nope\",\"description\":\"Should never be stored.\","
         "\"category\":\"other\",\"price\":5,\"quantity\":1,\"sku\":\"NOPE\"}"},
        {"GET", get, NULL},
        {"PUT", get, "{\"quantity\":999}"},
        {"DELETE", get, NULL},
        {"POST", "/orders", order},
        {"GET", "/orders", NULL},
        {"GET", "/orders/6f1c1f4e-0000-4000-8000-000000000000", NULL},
    };
    char header[20000];
    snprintf(header, sizeof header, "Authorization: %s",
             authorization ? authorization : "");
    const char *hdrs[] = {header, NULL};
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        struct http_resp r;
        http_call(&srv, calls[i][0], calls[i][1], NULL, calls[i][2], &r,
                  authorization ? hdrs : NULL);
        ck_assert_msg(r.status == 401, "%s: %s %s -> %ld %s", what,
                      calls[i][0], calls[i][1], r.status, r.body);
        api_assert_error(&r, 401, "UNAUTHORIZED");
        http_resp_free(&r);
    }
    ck_assert_int_eq(api_stock(&srv, good, product_id), 5);
}

static void refused_bearer(const char *what, char *token)
{
    char *h = malloc(strlen(token) + 8);
    sprintf(h, "Bearer %s", token);
    refused(what, h);
    free(h);
    free(token);
}

START_TEST(a_real_id_token_gets_in)
{
    struct http_resp r;
    http_call(&srv, "GET", "/products", good, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 1);
    http_resp_free(&r);
}
END_TEST

START_TEST(missing_and_garbage_tokens)
{
    refused("no header", NULL);
    refused("empty", "");
    refused("bearer nothing", "Bearer ");
    refused("garbage", "Bearer garbage");
    refused("three garbage parts", "Bearer aaa.bbb.ccc");
    refused("not base64", "Bearer ***.***.***");
    refused("basic auth", "Basic dXNlcjpwYXNz");
}
END_TEST

START_TEST(forged_tokens)
{
    refused_bearer("alg none", tokfix_alg_none(&srv, SUB));
    refused_bearer("HS256 keyed with the public PEM",
                   tokfix_hs256_public_key(&srv, SUB));
    refused_bearer("tampered payload", tokfix_tampered(&srv, SUB));
    refused_bearer("another RSA key, same kid", tokfix_other_key(&srv, SUB));
    refused_bearer("unknown kid", tokfix_unknown_kid(&srv, SUB));
    /* Signature stripped from a good token. */
    char *t = tokfix_user(&srv, SUB, "eve@example.com", false);
    strrchr(t, '.')[1] = '\0';
    refused_bearer("no signature", t);
}
END_TEST

START_TEST(wrong_claims)
{
    struct tokfix_claims c = {.sub = SUB, .email = "eve@example.com",
                              .lifetime = -3600, .use = TOKEN_ID};
    refused_bearer("expired", tokfix_mint(&srv, &c));
    c.lifetime = 3600;
    c.use = TOKEN_ACCESS;
    refused_bearer("access token", tokfix_mint(&srv, &c));
    c.use = TOKEN_ID;
    c.client_id = "someotherappclientid00000";
    refused_bearer("wrong aud", tokfix_mint(&srv, &c));
    c.client_id = NULL;
    c.issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_evil";
    refused_bearer("wrong iss", tokfix_mint(&srv, &c));
    char iss[256];
    snprintf(iss, sizeof iss, "%s/local_other", srv.base);
    c.issuer = iss;
    refused_bearer("another pool", tokfix_mint(&srv, &c));

    /* The same claims, right: accepted (the fixture itself is sound). */
    c.issuer = NULL;
    char *ok = tokfix_mint(&srv, &c);
    struct http_resp r;
    http_call(&srv, "GET", "/orders", ok, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    free(ok);
}
END_TEST

Suite *suite_auth_api(void)
{
    Suite *s = suite_create("auth_api");
    TCase *tc = tcase_create("tokens");
    tcase_add_unchecked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_real_id_token_gets_in);
    tcase_add_test(tc, missing_and_garbage_tokens);
    tcase_add_test(tc, forged_tokens);
    tcase_add_test(tc, wrong_claims);
    suite_add_tcase(s, tc);
    return s;
}
