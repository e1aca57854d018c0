/* What reads untrusted token text (server/auth/verifier.c): the first
 * byte picks how the rest is used.
 *   0: the rest is the token, as sent (verifier_check, and as a Bearer
 *      header value);
 *   1: the rest is the header JSON, base64url'd into a token (the header
 *      reader runs before any signature check);
 *   2: the rest is the claims JSON, signed with the server's own key, so
 *      the claims reader (iss, aud, token_use, exp, groups…) sees it.
 * Nothing but a token the keyring signed with well-formed claims may
 * pass, and a pass fills the principal with text. */
#include <jwt.h>
#include <stdio.h>

#include "common/base64.h"
#include "common/strbuf.h"
#include "fuzz/fuzz.h"
#include "server/auth/keyring.h"
#include "server/auth/verifier.h"

#define ISSUER "http://127.0.0.1:1/local_fuzzpool"
#define CLIENT "fuzzclient1"

static struct keyring *keys;
static struct verifier *ver;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *err = NULL;
    if (!(keys = keyring_open(fuzz_tmpdir(), &err)))
        abort();
    struct verifier_options o = {.issuer = ISSUER, .audience = CLIENT,
                                 .admin_group = "admin", .own = keys};
    if (!(ver = verifier_new(&o, &err)))
        abort();
    return 0;
}

static void check(const char *token)
{
    struct principal who;
    const char *why = NULL;
    for (int use = TOKEN_ID; use <= TOKEN_ACCESS; use++) {
        memset(&who, 0, sizeof who);
        if (verifier_check(ver, token, (enum token_use)use, &who, &why) == 0)
            FUZZ_ASSERT(who.sub[0] && memchr(who.sub, 0, sizeof who.sub));
        else
            FUZZ_ASSERT(why && *why);
    }
    char *bearer = str_printf("Bearer %s", token);
    (void)verifier_check_bearer(ver, bearer, &who, &why);
    free(bearer);
}

/* A token with header JSON `header` and an empty claims object. */
static char *with_header(const char *header, size_t len)
{
    char *h = base64url_encode(header, len);
    char *t = str_printf("%s.e30.c2lnbmF0dXJl", h);
    free(h);
    return t;
}

/* The claims JSON signed with the keyring's key, or NULL when libjwt
 * will not take it as claims. */
static char *signed_claims(const char *claims)
{
    jwt_t *jwt = NULL;
    char *t = NULL;
    const char *pem = keyring_private_pem(keys);
    if (jwt_new(&jwt) == 0 && jwt_add_grants_json(jwt, claims) == 0 &&
        jwt_add_header(jwt, "kid", keyring_kid(keys)) == 0 &&
        jwt_set_alg(jwt, JWT_ALG_RS256, (const unsigned char *)pem,
                    (int)strlen(pem)) == 0)
        t = jwt_encode_str(jwt);
    jwt_free(jwt);
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = fuzz_text(data + 1, size - 1);
    char *token = NULL;
    switch (data[0] % 3) {
    case 0:
        check(text);
        break;
    case 1:
        token = with_header(text, size - 1);
        check(token);
        break;
    default:
        token = signed_claims(text);
        if (token)
            check(token);
        break;
    }
    free(token);
    free(text);
    return 0;
}
