/* auth/verifier and auth/tokens in-process: a token we issue verifies; the
 * classic forgeries do not. */
#include <check.h>
#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "server/auth/keyring.h"
#include "server/auth/tokens.h"
#include "server/auth/verifier.h"
#include "unit/suites.h"

static char dir[64];
static struct keyring *keys;
static struct verifier *ver;
static const char *ISS = "http://127.0.0.1:1/local_TEST";
static const char *AUD = "clientabc";

static void up(void)
{
    snprintf(dir, sizeof dir, "/tmp/inventui-ver-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *err = NULL;
    keys = keyring_open(dir, &err);
    ck_assert_msg(keys != NULL, "%s", err);
    struct verifier_options o = {.issuer = ISS, .audience = AUD,
                                 .admin_group = "admin", .own = keys};
    ver = verifier_new(&o, &err);
    ck_assert_ptr_nonnull(ver);
}

static void down(void)
{
    verifier_free(ver);
    keyring_free(keys);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static char *issue(enum token_use use, long lifetime, const char *aud,
                   const char *const *groups, int ngroups)
{
    struct token_params p = {.keys = keys, .issuer = ISS,
                             .client_id = aud, .lifetime = lifetime};
    struct token_subject s = {.sub = "11111111-2222-4333-8444-555555555555",
                              .email = "op@example.com", .groups = groups,
                              .ngroups = ngroups, .auth_time = 1};
    return token_issue(&p, use, &s);
}

START_TEST(issued_id_token_verifies_and_is_cached)
{
    const char *groups[] = {"admin"};
    char *t = issue(TOKEN_ID, 3600, AUD, groups, 1);
    struct principal who;
    const char *why = NULL;
    ck_assert_int_eq(verifier_check(ver, t, TOKEN_ID, &who, &why), 0);
    ck_assert_str_eq(who.email, "op@example.com");
    ck_assert(who.admin);
    /* Second time from the cache: same answer. */
    memset(&who, 0, sizeof who);
    ck_assert_int_eq(verifier_check(ver, t, TOKEN_ID, &who, &why), 0);
    ck_assert_str_eq(who.sub, "11111111-2222-4333-8444-555555555555");
    char hdr[4096];
    snprintf(hdr, sizeof hdr, "Bearer %s", t);
    ck_assert_int_eq(verifier_check_bearer(ver, hdr, &who, &why), 0);
    free(t);
}
END_TEST

START_TEST(access_token_is_not_an_id_token)
{
    char *t = issue(TOKEN_ACCESS, 3600, AUD, NULL, 0);
    struct principal who;
    const char *why = NULL;
    ck_assert_int_eq(verifier_check(ver, t, TOKEN_ID, &who, &why), -1);
    ck_assert_int_eq(verifier_check(ver, t, TOKEN_ACCESS, &who, &why), 0);
    ck_assert(!who.admin);
    free(t);
}
END_TEST

START_TEST(expired_and_wrong_audience_fail)
{
    struct principal who;
    const char *why = NULL;
    char *t = issue(TOKEN_ID, -3600, AUD, NULL, 0);
    ck_assert_int_eq(verifier_check(ver, t, TOKEN_ID, &who, &why), -1);
    ck_assert_str_eq(why, "Token has expired");
    free(t);
    t = issue(TOKEN_ID, 3600, "otherclient", NULL, 0);
    ck_assert_int_eq(verifier_check(ver, t, TOKEN_ID, &who, &why), -1);
    free(t);
}
END_TEST

/* Re-signs the payload of a good token with HS256, using our public PEM
 * as the HMAC secret: libjwt alone would accept it. */
START_TEST(algorithm_confusion_is_refused)
{
    char *good = issue(TOKEN_ID, 3600, AUD, NULL, 0);
    const char *dot1 = strchr(good, '.'), *dot2 = strchr(dot1 + 1, '.');
    size_t plen;
    unsigned char *payload = base64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), &plen);
    jwt_t *j = NULL;
    ck_assert_int_eq(jwt_new(&j), 0);
    ck_assert_int_eq(jwt_add_grants_json(j, (const char *)payload), 0);
    const char *pem = keyring_public_pem(keys);
    ck_assert_int_eq(jwt_set_alg(j, JWT_ALG_HS256, (const unsigned char *)pem, (int)strlen(pem)), 0);
    jwt_add_header(j, "kid", keyring_kid(keys));
    char *forged = jwt_encode_str(j);
    struct principal who;
    const char *why = NULL;
    ck_assert_int_eq(verifier_check(ver, forged, TOKEN_ID, &who, &why), -1);

    /* alg none: header {"alg":"none"}, same payload, empty signature. */
    char *h = base64url_encode("{\"alg\":\"none\",\"kid\":\"x\"}", 24);
    char none[4096];
    snprintf(none, sizeof none, "%s.%.*s.", h, (int)(dot2 - dot1 - 1), dot1 + 1);
    ck_assert_int_eq(verifier_check(ver, none, TOKEN_ID, &who, &why), -1);

    /* Our RS256 header and kid, a good payload, an empty signature: refused
     * before libjwt sees it (libjwt 1.x overruns a zero-byte buffer). */
    char unsigned_tok[4096];
    snprintf(unsigned_tok, sizeof unsigned_tok, "%.*s.", (int)(dot2 - good), good);
    why = NULL;
    ck_assert_int_eq(verifier_check(ver, unsigned_tok, TOKEN_ID, &who, &why), -1);
    ck_assert_str_eq(why, "Malformed token");
    /* A signature of 4n+1 characters is no base64 at all. */
    snprintf(unsigned_tok, sizeof unsigned_tok, "%.*s.abcde", (int)(dot2 - good), good);
    ck_assert_int_eq(verifier_check(ver, unsigned_tok, TOKEN_ID, &who, &why), -1);
    ck_assert_str_eq(why, "Malformed token");

    /* Tampered: flip one payload character. */
    char *tampered = strdup(good);
    tampered[dot1 - good + 5] ^= 1;
    ck_assert_int_eq(verifier_check(ver, tampered, TOKEN_ID, &who, &why), -1);

    ck_assert_int_eq(verifier_check(ver, "garbage", TOKEN_ID, &who, &why), -1);
    ck_assert_int_eq(verifier_check_bearer(ver, NULL, &who, &why), -1);
    free(tampered);
    free(h);
    free(forged);
    jwt_free(j);
    free(payload);
    free(good);
}
END_TEST

START_TEST(jwks_describes_the_key)
{
    cJSON *jwks = keyring_jwks(keys);
    cJSON *k = cJSON_GetArrayItem(cJSON_GetObjectItem(jwks, "keys"), 0);
    ck_assert_str_eq(cJSON_GetObjectItem(k, "kid")->valuestring, keyring_kid(keys));
    ck_assert_str_eq(cJSON_GetObjectItem(k, "e")->valuestring, "AQAB");
    cJSON_Delete(jwks);
}
END_TEST

Suite *suite_verifier(void)
{
    Suite *s = suite_create("verifier");
    TCase *tc = tcase_create("tokens");
    tcase_add_unchecked_fixture(tc, up, down);
    tcase_add_test(tc, issued_id_token_verifies_and_is_cached);
    tcase_add_test(tc, access_token_is_not_an_id_token);
    tcase_add_test(tc, expired_and_wrong_audience_fail);
    tcase_add_test(tc, algorithm_confusion_is_refused);
    tcase_add_test(tc, jwks_describes_the_key);
    suite_add_tcase(s, tc);
    return s;
}
