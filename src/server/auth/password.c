#include "server/auth/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/random.h"
#include "common/strbuf.h"

#define SALT_LEN 16
#define HASH_LEN 32
#define SCRYPT_R 8
#define SCRYPT_P 1
#define MAX_R 32
#define MAX_P 16

struct params {
    int cost;
    uint64_t r, p;
};

/* scrypt needs about 128·r·(N + p) bytes; OpenSSL refuses anything over
 * maxmem (32 MiB by default, which N = 2^15, r = 8 just exceeds). */
static int derive(const char *password, const unsigned char *salt,
                  size_t salt_len, const struct params *pp,
                  unsigned char out[HASH_LEN])
{
    uint64_t n = (uint64_t)1 << pp->cost;
    uint64_t maxmem = 128 * pp->r * (n + pp->p + 2) + (1u << 20);
    if (EVP_PBE_scrypt(password, strlen(password), salt, salt_len, n, pp->r,
                       pp->p, maxmem, out, HASH_LEN) != 1) {
        log_msg(LOG_ERROR, "password: scrypt failed (cost %d)", pp->cost);
        return -1;
    }
    return 0;
}

char *password_hash(const char *password, int cost)
{
    if (cost < PASSWORD_COST_MIN || cost > PASSWORD_COST_MAX)
        return NULL;
    struct params pp = {cost, SCRYPT_R, SCRYPT_P};
    unsigned char salt[SALT_LEN], hash[HASH_LEN];
    random_bytes(salt, sizeof salt);
    if (derive(password, salt, sizeof salt, &pp, hash) != 0)
        return NULL;
    char *s64 = base64url_encode(salt, sizeof salt);
    char *h64 = base64url_encode(hash, sizeof hash);
    struct strbuf sb = {0};
    strbuf_printf(&sb, "scrypt$%d$%d$%d$%s$%s", cost, SCRYPT_R, SCRYPT_P, s64,
                  h64);
    OPENSSL_cleanse(hash, sizeof hash);
    free(s64);
    free(h64);
    return strbuf_detach(&sb, NULL);
}

/* A decimal in [lo, hi] ending at '$'; advances *s past the '$'. */
static int read_num(const char **s, long lo, long hi, long *out)
{
    const char *p = *s;
    long v = 0;
    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > hi)
            return -1;
    }
    if (*p != '$' || v < lo)
        return -1;
    *s = p + 1;
    *out = v;
    return 0;
}

/* Splits a stored hash; the decoded salt and hash are malloc'd. */
static int parse(const char *stored, struct params *pp, unsigned char **salt,
                 size_t *salt_len, unsigned char **hash, size_t *hash_len)
{
    if (!stored || strncmp(stored, "scrypt$", 7) != 0)
        return -1;
    const char *s = stored + 7;
    long cost, r, p;
    if (read_num(&s, PASSWORD_COST_MIN, PASSWORD_COST_MAX, &cost) != 0 ||
        read_num(&s, 1, MAX_R, &r) != 0 || read_num(&s, 1, MAX_P, &p) != 0)
        return -1;
    const char *dollar = strchr(s, '$');
    if (!dollar || dollar == s || strchr(dollar + 1, '$'))
        return -1;
    *salt = base64url_decode(s, (size_t)(dollar - s), salt_len);
    *hash = base64url_decode(dollar + 1, strlen(dollar + 1), hash_len);
    if (!*salt || !*hash || *salt_len < 8 || *hash_len != HASH_LEN) {
        free(*salt);
        free(*hash);
        *salt = *hash = NULL;
        return -1;
    }
    pp->cost = (int)cost;
    pp->r = (uint64_t)r;
    pp->p = (uint64_t)p;
    return 0;
}

enum password_rc password_verify(const char *password, const char *stored)
{
    struct params pp;
    unsigned char *salt = NULL, *want = NULL;
    size_t salt_len = 0, want_len = 0;
    if (parse(stored, &pp, &salt, &salt_len, &want, &want_len) != 0)
        return PASSWORD_BAD_HASH;
    unsigned char got[HASH_LEN];
    enum password_rc rc = PASSWORD_BAD_HASH;
    if (derive(password, salt, salt_len, &pp, got) == 0)
        rc = CRYPTO_memcmp(got, want, HASH_LEN) == 0 ? PASSWORD_MATCH
                                                      : PASSWORD_MISMATCH;
    OPENSSL_cleanse(got, sizeof got);
    free(salt);
    free(want);
    return rc;
}

void password_verify_dummy(const char *password, int cost)
{
    if (cost < PASSWORD_COST_MIN || cost > PASSWORD_COST_MAX)
        cost = PASSWORD_COST_MIN;
    static const unsigned char salt[SALT_LEN] = "inventui-dummy!";
    static const unsigned char zero[HASH_LEN];
    struct params pp = {cost, SCRYPT_R, SCRYPT_P};
    unsigned char got[HASH_LEN];
    /* Compare as a real check would, so the work is not optimised away. */
    if (derive(password, salt, sizeof salt, &pp, got) == 0 &&
        CRYPTO_memcmp(got, zero, HASH_LEN) == 0)
        log_msg(LOG_DEBUG, "password: dummy hash collided");
    OPENSSL_cleanse(got, sizeof got);
}

bool password_needs_rehash(const char *stored, int cost)
{
    struct params pp;
    unsigned char *salt = NULL, *hash = NULL;
    size_t sl, hl;
    if (parse(stored, &pp, &salt, &sl, &hash, &hl) != 0)
        return true;
    free(salt);
    free(hash);
    return pp.cost != cost || pp.r != SCRYPT_R || pp.p != SCRYPT_P;
}

const char *password_policy_error(const char *password)
{
    /* Characters, not bytes: UTF-8 continuation bytes do not count. */
    size_t len = 0, bytes = strlen(password);
    bool upper = false, lower = false, digit = false;
    for (const char *p = password; *p; p++) {
        len += ((unsigned char)*p & 0xC0) != 0x80;
        upper |= *p >= 'A' && *p <= 'Z';
        lower |= *p >= 'a' && *p <= 'z';
        digit |= *p >= '0' && *p <= '9';
    }
    if (len < PASSWORD_MIN_LEN)
        return "Password does not conform to policy: Password not long enough";
    if (len > PASSWORD_MAX_LEN)
        return "Password does not conform to policy: Password is too long "
               "(at most 256 characters)";
    if (password[0] == ' ' || password[bytes - 1] == ' ')
        return "Password does not conform to policy: Password must not "
               "begin or end with a space";
    if (!lower)
        return "Password does not conform to policy: Password must have "
               "lowercase characters";
    if (!upper)
        return "Password does not conform to policy: Password must have "
               "uppercase characters";
    if (!digit)
        return "Password does not conform to policy: Password must have "
               "numeric characters";
    return NULL;
}
