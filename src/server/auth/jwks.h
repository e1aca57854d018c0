/* jwks — RSA public keys from a JSON Web Key Set, as PEM for libjwt. */
#ifndef INVENTUI_SERVER_AUTH_JWKS_H
#define INVENTUI_SERVER_AUTH_JWKS_H

#include <cjson/cJSON.h>

struct jwk_pem {
    char kid[128];
    char *pem; /* owned */
};

/* Converts every RS256/RSA signing key of a JWKS document. Returns how many
 * keys were put in *out (malloc'd array; free each pem, then the array). */
int jwks_to_pems(const cJSON *jwks, struct jwk_pem **out);
/* Fetches url with libcurl (TLS verified, 5 s timeout) and parses it.
 * NULL with *err (malloc'd) on failure. */
cJSON *jwks_fetch(const char *url, char **err);

#endif
