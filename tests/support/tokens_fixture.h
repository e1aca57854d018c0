/* tokens_fixture — ID and access tokens for a running test server, minted
 * with the server's own signing key (DATA_DIR/keys/signing.pem) and its
 * own token_issue(), so API tests need no sign-in endpoint; and the
 * classic forgeries, each of which the API must answer with 401.
 *
 * Every function returns a malloc'd compact JWT the caller frees, and
 * fails the running test if it cannot make one. */
#ifndef INVENTUI_TESTS_TOKENS_FIXTURE_H
#define INVENTUI_TESTS_TOKENS_FIXTURE_H

#include "server/auth/tokens.h"
#include "support/testsrv.h"

struct tokfix_claims {
    const char *sub;
    const char *email;
    const char *const *groups;
    int ngroups;
    long lifetime;         /* seconds; negative: expired that long ago */
    enum token_use use;    /* TOKEN_ID or TOKEN_ACCESS */
    const char *issuer;    /* NULL: <s->base>/<s->pool_id> */
    const char *client_id; /* NULL: s->client_id */
};

/* A token with exactly these claims, signed with the server's key. */
char *tokfix_mint(const struct testsrv *s, const struct tokfix_claims *c);
/* A valid one-hour ID token for sub/email, in the admin group if admin. */
char *tokfix_user(const struct testsrv *s, const char *sub, const char *email,
                  bool admin);

/* Forgeries of a valid ID token for sub: */
/* header {"alg":"none"}, the payload, an empty signature */
char *tokfix_alg_none(const struct testsrv *s, const char *sub);
/* HS256 with the server's public PEM as the HMAC secret (alg confusion) */
char *tokfix_hs256_public_key(const struct testsrv *s, const char *sub);
/* a valid token with one payload byte changed */
char *tokfix_tampered(const struct testsrv *s, const char *sub);
/* RS256 with another RSA key, under the server's kid */
char *tokfix_other_key(const struct testsrv *s, const char *sub);
/* RS256 with the server's key, under a kid the server does not know */
char *tokfix_unknown_kid(const struct testsrv *s, const char *sub);

#endif
