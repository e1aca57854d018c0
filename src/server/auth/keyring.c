#include "server/auth/keyring.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/base64.h"
#include "common/fsutil.h"
#include "common/mem.h"
#include "common/strbuf.h"

struct keyring {
    EVP_PKEY *pkey;
    char *private_pem;
    char *public_pem;
    char kid[32];
};

static char *bio_text(BIO *bio)
{
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    return xstrndup(data, n > 0 ? (size_t)n : 0);
}

static char *errf(const char *what, const char *path)
{
    struct strbuf sb = {0};
    strbuf_printf(&sb, "%s %s: %s", what, path, strerror(errno));
    return strbuf_detach(&sb, NULL);
}

static EVP_PKEY *generate(void)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
    EVP_PKEY *pkey = NULL;
    if (ctx && EVP_PKEY_keygen_init(ctx) > 0 &&
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) > 0)
        EVP_PKEY_keygen(ctx, &pkey);
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

static int fill(struct keyring *k)
{
    BIO *priv = BIO_new(BIO_s_mem()), *pub = BIO_new(BIO_s_mem());
    int ok = priv && pub &&
             PEM_write_bio_PrivateKey(priv, k->pkey, NULL, NULL, 0, NULL,
                                      NULL) == 1 &&
             PEM_write_bio_PUBKEY(pub, k->pkey) == 1;
    if (ok) {
        k->private_pem = bio_text(priv);
        k->public_pem = bio_text(pub);
    }
    BIO_free(priv);
    BIO_free(pub);
    if (!ok)
        return -1;
    /* kid: the first 120 bits of SHA-256 over the DER public key. */
    unsigned char *der = NULL;
    int len = i2d_PUBKEY(k->pkey, &der);
    if (len <= 0)
        return -1;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, (size_t)len, digest);
    OPENSSL_free(der);
    char *b = base64url_encode(digest, 15);
    snprintf(k->kid, sizeof k->kid, "%s", b);
    free(b);
    return 0;
}

struct keyring *keyring_open(const char *data_dir, char **err)
{
    struct strbuf dir = {0}, path = {0};
    strbuf_printf(&dir, "%s/keys", data_dir);
    strbuf_printf(&path, "%s/signing.pem", dir.buf);
    struct keyring *k = xcalloc(1, sizeof *k);

    FILE *fp = fopen(path.buf, "r");
    if (fp) {
        k->pkey = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
        fclose(fp);
        if (!k->pkey || EVP_PKEY_get_base_id(k->pkey) != EVP_PKEY_RSA) {
            struct strbuf sb = {0};
            strbuf_printf(&sb, "%s is not an RSA private key in PEM form",
                          path.buf);
            *err = strbuf_detach(&sb, NULL);
            goto fail;
        }
    } else if (errno == ENOENT) {
        if (fs_mkdirs(dir.buf, 0700) != 0) {
            *err = errf("cannot create", dir.buf);
            goto fail;
        }
        k->pkey = generate();
        if (!k->pkey) {
            *err = xstrdup("cannot generate an RSA key");
            goto fail;
        }
        if (fill(k) != 0) {
            *err = xstrdup("cannot encode the RSA key");
            goto fail;
        }
        if (fs_write_private(path.buf, k->private_pem,
                             strlen(k->private_pem)) != 0) {
            *err = errf("cannot write", path.buf);
            goto fail;
        }
    } else {
        *err = errf("cannot read", path.buf);
        goto fail;
    }
    if (!k->private_pem && fill(k) != 0) {
        *err = xstrdup("cannot encode the RSA key");
        goto fail;
    }
    strbuf_free(&dir);
    strbuf_free(&path);
    return k;
fail:
    strbuf_free(&dir);
    strbuf_free(&path);
    keyring_free(k);
    return NULL;
}

void keyring_free(struct keyring *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    free(k->private_pem);
    free(k->public_pem);
    free(k);
}

const char *keyring_kid(const struct keyring *k)
{
    return k->kid;
}

const char *keyring_private_pem(const struct keyring *k)
{
    return k->private_pem;
}

const char *keyring_public_pem(const struct keyring *k)
{
    return k->public_pem;
}

static void add_bn(cJSON *obj, const char *name, const BIGNUM *bn)
{
    int len = BN_num_bytes(bn);
    unsigned char *buf = xmalloc((size_t)len);
    BN_bn2bin(bn, buf);
    char *b = base64url_encode(buf, (size_t)len);
    cJSON_AddStringToObject(obj, name, b);
    free(b);
    free(buf);
}

cJSON *keyring_jwks(const struct keyring *k)
{
    BIGNUM *n = NULL, *e = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *keys = cJSON_AddArrayToObject(root, "keys");
    if (EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
        EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1) {
        cJSON *key = cJSON_CreateObject();
        cJSON_AddStringToObject(key, "alg", "RS256");
        add_bn(key, "e", e);
        cJSON_AddStringToObject(key, "kid", k->kid);
        cJSON_AddStringToObject(key, "kty", "RSA");
        add_bn(key, "n", n);
        cJSON_AddStringToObject(key, "use", "sig");
        cJSON_AddItemToArray(keys, key);
    }
    BN_free(n);
    BN_free(e);
    return root;
}
