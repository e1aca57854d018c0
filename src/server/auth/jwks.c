#include "server/auth/jwks.h"

#include <curl/curl.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "common/json_strict.h"
#include "common/mem.h"
#include "common/strbuf.h"

static BIGNUM *b64_bn(const char *s)
{
    size_t len = 0;
    unsigned char *bin = base64url_decode(s, strlen(s), &len);
    if (!bin || len == 0) {
        free(bin);
        return NULL;
    }
    BIGNUM *bn = BN_bin2bn(bin, (int)len, NULL);
    free(bin);
    return bn;
}

static char *rsa_pem(const char *n64, const char *e64)
{
    BIGNUM *n = b64_bn(n64), *e = b64_bn(e64);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *pkey = NULL;
    BIO *bio = NULL;
    char *pem = NULL;
    if (!n || !e || !bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
        goto out;
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        goto out;
    if (EVP_PKEY_get_bits(pkey) < 2048)
        goto out; /* refuse weak keys */
    bio = BIO_new(BIO_s_mem());
    if (bio && PEM_write_bio_PUBKEY(bio, pkey) == 1) {
        char *data = NULL;
        long len = BIO_get_mem_data(bio, &data);
        pem = xstrndup(data, (size_t)len);
    }
out:
    BIO_free(bio);
    EVP_PKEY_free(pkey);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n);
    BN_free(e);
    return pem;
}

static const char *str(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int jwks_to_pems(const cJSON *jwks, struct jwk_pem **out)
{
    *out = NULL;
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(jwks, "keys");
    if (!cJSON_IsArray(keys))
        return 0;
    int cap = cJSON_GetArraySize(keys), n = 0;
    if (cap == 0)
        return 0;
    struct jwk_pem *arr = xcalloc((size_t)cap, sizeof *arr);
    const cJSON *k;
    cJSON_ArrayForEach(k, keys) {
        const char *kty = str(k, "kty"), *kid = str(k, "kid");
        const char *alg = str(k, "alg"), *use = str(k, "use");
        const char *nn = str(k, "n"), *ee = str(k, "e");
        if (!kty || strcmp(kty, "RSA") != 0 || !kid || !nn || !ee)
            continue;
        if ((alg && strcmp(alg, "RS256") != 0) || (use && strcmp(use, "sig") != 0))
            continue;
        if (strlen(kid) >= sizeof arr[n].kid)
            continue;
        char *pem = rsa_pem(nn, ee);
        if (!pem)
            continue;
        snprintf(arr[n].kid, sizeof arr[n].kid, "%s", kid);
        arr[n].pem = pem;
        n++;
    }
    if (n == 0) {
        free(arr);
        return 0;
    }
    *out = arr;
    return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    struct strbuf *sb = user;
    if (sb->len + size * nmemb > 1024 * 1024)
        return 0; /* a JWKS is small; refuse anything huge */
    strbuf_append(sb, data, size * nmemb);
    return size * nmemb;
}

cJSON *jwks_fetch(const char *url, char **err)
{
    CURL *c = curl_easy_init();
    if (!c) {
        *err = xstrdup("cannot start libcurl");
        return NULL;
    }
    struct strbuf body = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    cJSON *doc = NULL;
    struct strbuf msg = {0};
    if (rc != CURLE_OK)
        strbuf_printf(&msg, "cannot fetch JWKS from %s: %s", url,
                      curl_easy_strerror(rc));
    else if (status != 200)
        strbuf_printf(&msg, "JWKS at %s answered HTTP %ld", url, status);
    else if (!(doc = json_strict_parse(body.buf, body.len, NULL)))
        strbuf_printf(&msg, "JWKS at %s is not JSON", url);
    strbuf_free(&body);
    if (!doc)
        *err = strbuf_detach(&msg, NULL);
    return doc;
}
