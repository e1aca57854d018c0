/* verifier — checks Cognito JWTs: the header first (RS256 only, a known
 * kid), then the RS256 signature with libjwt, then iss, aud/client_id,
 * token_use, exp and iat. Successful ID-token checks are cached until the
 * token expires, so a request does not pay an RSA verification each time.
 *
 * Keys come from the server's own keyring, or, for an external pool, from
 * a JWKS URL fetched with libcurl and fetched again on an unknown kid (at
 * most every 10 s, one fetch at a time, never holding up tokens whose key
 * is known). */
#ifndef INVENTUI_SERVER_AUTH_VERIFIER_H
#define INVENTUI_SERVER_AUTH_VERIFIER_H

#include "server/auth/principal.h"
#include "server/auth/tokens.h"

struct keyring;
struct verifier;

struct verifier_options {
    const char *issuer;      /* expected iss */
    const char *audience;    /* expected aud (ID) and client_id (access) */
    const char *admin_group; /* cognito:groups member that makes an admin */
    const struct keyring *own; /* own pool; or NULL with jwks_url */
    const char *jwks_url;
};

/* NULL with *err (malloc'd) if an external JWKS cannot be loaded. */
struct verifier *verifier_new(const struct verifier_options *o, char **err);
void verifier_free(struct verifier *v);

/* Verifies token as the given use. 0 and *out filled, or -1 with *why a
 * static sentence for the caller. */
int verifier_check(struct verifier *v, const char *token, enum token_use use,
                   struct principal *out, const char **why);

/* Verifies an "Authorization: Bearer <ID token>" header value (NULL when
 * the header is missing). */
int verifier_check_bearer(struct verifier *v, const char *authorization,
                          struct principal *out, const char **why);

#endif
