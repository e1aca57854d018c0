/* keyring — the RS256 signing key of the server's own user pool.
 *
 * Created on first start as DATA_DIR/keys/signing.pem (0600, PKCS#8) and
 * loaded on later starts; its kid is derived from the public key, so it
 * stays the same across restarts. */
#ifndef INVENTUI_SERVER_AUTH_KEYRING_H
#define INVENTUI_SERVER_AUTH_KEYRING_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct keyring;

/* Loads or creates the key. NULL with *err (malloc'd) on failure. */
struct keyring *keyring_open(const char *data_dir, char **err);
void keyring_free(struct keyring *k);

const char *keyring_kid(const struct keyring *k);
/* PEM texts, owned by the keyring. */
const char *keyring_private_pem(const struct keyring *k);
const char *keyring_public_pem(const struct keyring *k);
/* {"keys":[{kty,alg,use,kid,n,e}]} for the JWKS endpoint; caller frees. */
cJSON *keyring_jwks(const struct keyring *k);

#endif
