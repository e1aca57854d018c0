#include "support/tokens_fixture.h"

#include <check.h>
#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/base64.h"
#include "common/strbuf.h"
#include "server/auth/keyring.h"

/* The server's keyring, loaded from its data dir (never created: the
 * server has written it before it listens). */
static struct keyring *server_keys(const struct testsrv *s)
{
    char data[300];
    snprintf(data, sizeof data, "%s/data", s->dir);
    char *err = NULL;
    struct keyring *k = keyring_open(data, &err);
    ck_assert_msg(k != NULL, "keyring_open %s: %s", data, err ? err : "?");
    return k;
}

char *tokfix_mint(const struct testsrv *s, const struct tokfix_claims *c)
{
    struct keyring *k = server_keys(s);
    char issuer[256];
    snprintf(issuer, sizeof issuer, "%s/%s", s->base, s->pool_id);
    struct token_params p = {
        .keys = k,
        .issuer = c->issuer ? c->issuer : issuer,
        .client_id = c->client_id ? c->client_id : s->client_id,
        .lifetime = c->lifetime,
    };
    struct token_subject subj = {
        .sub = c->sub,
        .email = c->email,
        .groups = c->groups,
        .ngroups = c->ngroups,
        .auth_time = 1,
    };
    char *t = token_issue(&p, c->use, &subj);
    keyring_free(k);
    ck_assert_ptr_nonnull(t);
    return t;
}

char *tokfix_user(const struct testsrv *s, const char *sub, const char *email,
                  bool admin)
{
    static const char *const admin_group[] = {"admin"};
    struct tokfix_claims c = {
        .sub = sub,
        .email = email,
        .groups = admin ? admin_group : NULL,
        .ngroups = admin ? 1 : 0,
        .lifetime = 3600,
        .use = TOKEN_ID,
    };
    return tokfix_mint(s, &c);
}

/* The decoded payload JSON of a compact JWT (caller frees). */
static char *payload_of(const char *token)
{
    const char *d1 = strchr(token, '.');
    ck_assert_ptr_nonnull(d1);
    const char *d2 = strchr(d1 + 1, '.');
    ck_assert_ptr_nonnull(d2);
    size_t len = 0;
    unsigned char *json = base64url_decode(d1 + 1, (size_t)(d2 - d1 - 1), &len);
    ck_assert_ptr_nonnull(json);
    return (char *)json;
}

/* A good ID token's claims signed again with alg and key under kid. */
static char *resign(const struct testsrv *s, const char *sub, jwt_alg_t alg,
                    const char *key, const char *kid)
{
    char *good = tokfix_user(s, sub, "forger@example.com", true);
    char *claims = payload_of(good);
    free(good);
    jwt_t *j = NULL;
    ck_assert_int_eq(jwt_new(&j), 0);
    ck_assert_int_eq(jwt_add_grants_json(j, claims), 0);
    ck_assert_int_eq(jwt_set_alg(j, alg, (const unsigned char *)key,
                                 (int)strlen(key)), 0);
    ck_assert_int_eq(jwt_add_header(j, "kid", kid), 0);
    char *t = jwt_encode_str(j);
    ck_assert_ptr_nonnull(t);
    jwt_free(j);
    free(claims);
    return t;
}

char *tokfix_alg_none(const struct testsrv *s, const char *sub)
{
    char *good = tokfix_user(s, sub, "forger@example.com", true);
    const char *d1 = strchr(good, '.'), *d2 = strrchr(good, '.');
    static const char header[] = "{\"alg\":\"none\"}";
    char *h = base64url_encode(header, strlen(header));
    struct strbuf sb = {0};
    strbuf_printf(&sb, "%s.%.*s.", h, (int)(d2 - d1 - 1), d1 + 1);
    free(h);
    free(good);
    return strbuf_detach(&sb, NULL);
}

char *tokfix_hs256_public_key(const struct testsrv *s, const char *sub)
{
    struct keyring *k = server_keys(s);
    char *t = resign(s, sub, JWT_ALG_HS256, keyring_public_pem(k),
                     keyring_kid(k));
    keyring_free(k);
    return t;
}

char *tokfix_tampered(const struct testsrv *s, const char *sub)
{
    char *t = tokfix_user(s, sub, "forger@example.com", false);
    char *d1 = strchr(t, '.');
    /* The 10th character of the payload: still base64url, other bits. */
    d1[10] = d1[10] == 'A' ? 'B' : 'A';
    return t;
}

char *tokfix_other_key(const struct testsrv *s, const char *sub)
{
    char other[] = "/tmp/inventui-otherkey-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(other));
    char *err = NULL;
    struct keyring *stranger = keyring_open(other, &err);
    ck_assert_msg(stranger != NULL, "%s", err ? err : "?");
    struct keyring *k = server_keys(s);
    char *t = resign(s, sub, JWT_ALG_RS256, keyring_private_pem(stranger),
                     keyring_kid(k));
    keyring_free(k);
    keyring_free(stranger);
    char pem[400];
    snprintf(pem, sizeof pem, "%s/keys/signing.pem", other);
    unlink(pem);
    snprintf(pem, sizeof pem, "%s/keys", other);
    rmdir(pem);
    rmdir(other);
    return t;
}

char *tokfix_unknown_kid(const struct testsrv *s, const char *sub)
{
    struct keyring *k = server_keys(s);
    char *t = resign(s, sub, JWT_ALG_RS256, keyring_private_pem(k),
                     "no-such-key-id");
    keyring_free(k);
    return t;
}
