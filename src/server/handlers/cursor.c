#include "server/handlers/cursor.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "common/mem.h"
#include "common/strbuf.h"

#define MAC_LEN 16
#define TOKEN_LEN (8 + 8 + MAC_LEN)
#define TOKEN_TEXT_MAX 64

uint64_t cursor_scope(const char *const *parts, int nparts)
{
    struct strbuf sb = {0};
    for (int i = 0; i < nparts; i++) {
        strbuf_puts(&sb, parts[i] ? parts[i] : "\x01");
        strbuf_append(&sb, "\x1f", 1);
    }
    uint64_t h = str_hash(sb.buf ? sb.buf : "");
    strbuf_free(&sb);
    return h;
}

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)(v & 0xff);
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* HMAC-SHA256 with the key set up once per thread: HMAC() would fetch
 * the algorithm and hash the key again for every page (a twentieth of a
 * GET /products). The thread's context goes with the thread. */
struct keyed_mac {
    EVP_MAC_CTX *ctx;
    unsigned char key[32];
};

static pthread_key_t mac_slot;
static pthread_once_t mac_once = PTHREAD_ONCE_INIT;

static void keyed_mac_free(void *p)
{
    struct keyed_mac *m = p;
    EVP_MAC_CTX_free(m->ctx);
    free(m);
}

static void mac_slot_init(void)
{
    if (pthread_key_create(&mac_slot, keyed_mac_free) != 0)
        abort(); /* only when out of keys or memory, at the first page */
}

/* This thread's context, ready for data under key; NULL on failure. */
static EVP_MAC_CTX *keyed_ctx(const unsigned char key[32])
{
    pthread_once(&mac_once, mac_slot_init);
    struct keyed_mac *m = pthread_getspecific(mac_slot);
    if (m && memcmp(m->key, key, 32) == 0)
        return EVP_MAC_init(m->ctx, NULL, 0, NULL) ? m->ctx : NULL;
    if (!m) {
        EVP_MAC *hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
        EVP_MAC_CTX *ctx = hmac ? EVP_MAC_CTX_new(hmac) : NULL;
        EVP_MAC_free(hmac);
        if (!ctx)
            return NULL;
        m = xcalloc(1, sizeof *m);
        m->ctx = ctx;
        pthread_setspecific(mac_slot, m);
    }
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (!EVP_MAC_init(m->ctx, key, 32, params)) {
        memset(m->key, 0, sizeof m->key);
        return NULL;
    }
    memcpy(m->key, key, 32);
    return m->ctx;
}

/* 0, or -1 if OpenSSL failed (out of memory). */
static int mac(const unsigned char key[32], const unsigned char *data,
               unsigned char out[MAC_LEN])
{
    unsigned char full[EVP_MAX_MD_SIZE];
    size_t len = 0;
    EVP_MAC_CTX *ctx = keyed_ctx(key);
    if (!ctx || !EVP_MAC_update(ctx, data, 16) ||
        !EVP_MAC_final(ctx, full, &len, sizeof full) || len < MAC_LEN)
        return -1;
    memcpy(out, full, MAC_LEN);
    return 0;
}

char *cursor_encode(const unsigned char key[32], int64_t seq, uint64_t scope)
{
    unsigned char raw[TOKEN_LEN];
    put64(raw, (uint64_t)seq);
    put64(raw + 8, scope);
    if (mac(key, raw, raw + 16) != 0)
        abort(); /* HMAC-SHA256 with a fixed key fails only out of memory */
    return base64url_encode(raw, sizeof raw);
}

int cursor_decode(const unsigned char key[32], const char *token,
                  uint64_t scope, int64_t *seq)
{
    size_t tlen = strlen(token), len = 0;
    if (tlen == 0 || tlen > TOKEN_TEXT_MAX)
        return -1;
    unsigned char *raw = base64url_decode(token, tlen, &len);
    if (!raw)
        return -1;
    int ok = 0;
    if (len == TOKEN_LEN) {
        unsigned char want[MAC_LEN];
        int64_t v = (int64_t)get64(raw);
        ok = mac(key, raw, want) == 0 &&
             CRYPTO_memcmp(want, raw + 16, MAC_LEN) == 0 &&
             get64(raw + 8) == scope && v > 0;
        if (ok)
            *seq = v;
    }
    free(raw);
    return ok ? 0 : -1;
}
