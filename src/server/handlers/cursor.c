#include "server/handlers/cursor.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
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

static void mac(const unsigned char key[32], const unsigned char *data,
                unsigned char out[MAC_LEN])
{
    unsigned char full[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key, 32, data, 16, full, &len);
    memcpy(out, full, MAC_LEN);
}

char *cursor_encode(const unsigned char key[32], int64_t seq, uint64_t scope)
{
    unsigned char raw[TOKEN_LEN];
    put64(raw, (uint64_t)seq);
    put64(raw + 8, scope);
    mac(key, raw, raw + 16);
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
        mac(key, raw, want);
        int64_t v = (int64_t)get64(raw);
        ok = CRYPTO_memcmp(want, raw + 16, MAC_LEN) == 0 &&
             get64(raw + 8) == scope && v > 0;
        if (ok)
            *seq = v;
    }
    free(raw);
    return ok ? 0 : -1;
}
