#include "server/auth/verifier.h"

#include <jwt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/base64.h"
#include "common/json_strict.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/auth/jwks.h"
#include "server/auth/keyring.h"

#define CLOCK_SKEW 60        /* seconds of tolerance on exp and iat */
#define MAX_TOKEN 16384      /* no Cognito token is near this */
#define CACHE_SLOTS 4096     /* direct-mapped: a collision just evicts */
#define REFETCH_INTERVAL_MS 10000

struct cache_slot {
    uint64_t hash;
    char *token; /* owned copy: compared in full, never trusted by hash */
    struct principal who;
};

struct verifier {
    char *issuer, *audience, *admin_group, *jwks_url;
    pthread_mutex_t lock; /* guards keys, the cache and the fetch state */
    struct jwk_pem *keys;
    int nkeys;
    /* A JWKS fetch runs outside the lock, one at a time: while `fetching`,
     * a token with an unknown kid waits on `fetched` for its answer and
     * every other token is checked with the keys already held. */
    bool fetching;
    pthread_cond_t fetched;
    int64_t next_fetch_ms; /* no refetch before (monotonic ms) */
    struct cache_slot cache[CACHE_SLOTS];
};


static void free_keys(struct jwk_pem *keys, int n)
{
    for (int i = 0; i < n; i++)
        free(keys[i].pem);
    free(keys);
}

/* The key set at url: how many keys (> 0) in *keys (free_keys), or -1
 * with *err (caller frees). Takes up to jwks_fetch's timeout: never call
 * it with the lock held. */
static int fetch_keys(const char *url, struct jwk_pem **keys, char **err)
{
    cJSON *doc = jwks_fetch(url, err);
    if (!doc)
        return -1;
    int n = jwks_to_pems(doc, keys);
    cJSON_Delete(doc);
    if (n == 0) {
        free(*keys);
        *keys = NULL;
        *err = xstrdup("the JWKS holds no usable RS256 key");
        return -1;
    }
    return n;
}

struct verifier *verifier_new(const struct verifier_options *o, char **err)
{
    struct verifier *v = xcalloc(1, sizeof *v);
    pthread_mutex_init(&v->lock, NULL);
    pthread_cond_init(&v->fetched, NULL);
    v->issuer = xstrdup(o->issuer);
    v->audience = xstrdup(o->audience);
    v->admin_group = xstrdup(o->admin_group);
    if (o->own) {
        v->keys = xcalloc(1, sizeof *v->keys);
        snprintf(v->keys[0].kid, sizeof v->keys[0].kid, "%s",
                 keyring_kid(o->own));
        v->keys[0].pem = xstrdup(keyring_public_pem(o->own));
        v->nkeys = 1;
    } else {
        v->jwks_url = xstrdup(o->jwks_url);
        /* The start-up load is not a refetch: a key rotated just after it
         * is fetched at once (next_fetch_ms stays 0). */
        v->nkeys = fetch_keys(v->jwks_url, &v->keys, err);
        if (v->nkeys < 0) {
            v->nkeys = 0;
            verifier_free(v);
            return NULL;
        }
    }
    return v;
}

void verifier_free(struct verifier *v)
{
    if (!v)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        free(v->cache[i].token);
    free_keys(v->keys, v->nkeys);
    free(v->issuer);
    free(v->audience);
    free(v->admin_group);
    free(v->jwks_url);
    pthread_cond_destroy(&v->fetched);
    pthread_mutex_destroy(&v->lock);
    free(v);
}

/* A copy of kid's PEM from the keys held, or NULL. Lock held. */
static char *held_pem(const struct verifier *v, const char *kid)
{
    for (int i = 0; i < v->nkeys; i++)
        if (strcmp(v->keys[i].kid, kid) == 0)
            return xstrdup(v->keys[i].pem);
    return NULL;
}

/* The PEM for kid (a malloc'd copy, since a refetch may free the set), or
 * NULL. An unknown kid fetches the JWKS again, at most once every 10 s
 * (any kid: a stream of made-up kids costs one fetch per interval), with
 * the lock released meanwhile; one arriving while a fetch runs waits for
 * that fetch instead of starting another. */
static char *pem_for(struct verifier *v, const char *kid)
{
    pthread_mutex_lock(&v->lock);
    char *pem = held_pem(v, kid);
    if (pem || !v->jwks_url)
        goto out;
    if (v->fetching) {
        while (v->fetching)
            pthread_cond_wait(&v->fetched, &v->lock);
        pem = held_pem(v, kid);
        goto out;
    }
    int64_t now = time_mono_ms();
    if (now < v->next_fetch_ms)
        goto out;
    v->fetching = true;
    v->next_fetch_ms = now + REFETCH_INTERVAL_MS;
    pthread_mutex_unlock(&v->lock);

    struct jwk_pem *keys = NULL;
    char *err = NULL;
    int n = fetch_keys(v->jwks_url, &keys, &err);
    if (n < 0) {
        log_msg(LOG_WARN, "auth: %s", err);
        free(err);
    }

    pthread_mutex_lock(&v->lock);
    if (n > 0) {
        free_keys(v->keys, v->nkeys);
        v->keys = keys;
        v->nkeys = n;
    }
    v->fetching = false;
    pthread_cond_broadcast(&v->fetched);
    pem = held_pem(v, kid);
out:
    pthread_mutex_unlock(&v->lock);
    return pem;
}

/* Reads the header without trusting it: alg must be RS256 and kid a
 * string. libjwt would otherwise accept alg "none" or an HS256 token keyed
 * with our public PEM. */
static int read_header(const char *token, char *kid, size_t kid_size)
{
    const char *dot = strchr(token, '.');
    if (!dot)
        return -1;
    size_t len = 0;
    unsigned char *json = base64url_decode(token, (size_t)(dot - token), &len);
    if (!json)
        return -1;
    cJSON *h = json_strict_parse((const char *)json, len, NULL);
    free(json);
    if (!h)
        return -1;
    const cJSON *alg = cJSON_GetObjectItemCaseSensitive(h, "alg");
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(h, "kid");
    int ok = cJSON_IsString(alg) && strcmp(alg->valuestring, "RS256") == 0 &&
             cJSON_IsString(k) && strlen(k->valuestring) < kid_size;
    if (ok)
        snprintf(kid, kid_size, "%s", k->valuestring);
    cJSON_Delete(h);
    return ok ? 0 : -1;
}

/* Three base64url segments, none empty and none of a length no base64
 * text has (4n+1). libjwt 1.x writes past a zero-byte buffer when it
 * decodes an empty signature, so such tokens must never reach it. */
static bool three_parts(const char *t)
{
    int dots = 0;
    size_t seg = 0;
    for (const char *p = t;; p++) {
        if (*p == '.' || *p == '\0') {
            if (seg == 0 || seg % 4 == 1)
                return false;
            if (*p == '\0')
                break;
            dots++;
            seg = 0;
        } else if (*p == '-' || *p == '_' || (*p >= '0' && *p <= '9') ||
                   (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
            seg++;
        } else {
            return false;
        }
    }
    return dots == 2;
}

static bool in_groups(jwt_t *jwt, const char *group)
{
    char *json = jwt_get_grants_json(jwt, "cognito:groups");
    if (!json)
        return false;
    cJSON *arr = cJSON_Parse(json);
    free(json);
    bool found = false;
    const cJSON *g;
    cJSON_ArrayForEach(g, arr) {
        if (cJSON_IsString(g) && strcmp(g->valuestring, group) == 0)
            found = true;
    }
    cJSON_Delete(arr);
    return found;
}

static int check_claims(struct verifier *v, jwt_t *jwt, enum token_use use,
                        struct principal *out, const char **why)
{
    const char *iss = jwt_get_grant(jwt, "iss");
    const char *tu = jwt_get_grant(jwt, "token_use");
    const char *sub = jwt_get_grant(jwt, "sub");
    const char *want_use = use == TOKEN_ID ? "id" : "access";
    const char *aud = jwt_get_grant(jwt, use == TOKEN_ID ? "aud" : "client_id");
    long now = (long)time(NULL);
    long exp = jwt_get_grant_int(jwt, "exp");
    long iat = jwt_get_grant_int(jwt, "iat");

    if (!iss || strcmp(iss, v->issuer) != 0)
        return *why = "Token was not issued by this user pool", -1;
    if (!tu || strcmp(tu, want_use) != 0)
        return *why = use == TOKEN_ID ? "An ID token is required"
                                      : "An access token is required", -1;
    if (!aud || strcmp(aud, v->audience) != 0)
        return *why = "Token was issued for another app client", -1;
    if (exp <= 0 || now > exp + CLOCK_SKEW)
        return *why = "Token has expired", -1;
    if (iat <= 0 || iat > now + CLOCK_SKEW)
        return *why = "Token is not valid yet", -1;
    if (!sub || !*sub || strlen(sub) >= sizeof out->sub)
        return *why = "Token has no subject", -1;

    const char *email = jwt_get_grant(jwt, "email");
    const char *username = jwt_get_grant(
        jwt, use == TOKEN_ID ? "cognito:username" : "username");
    memset(out, 0, sizeof *out);
    snprintf(out->sub, sizeof out->sub, "%s", sub);
    snprintf(out->email, sizeof out->email, "%s", email ? email : "");
    snprintf(out->username, sizeof out->username, "%s",
             username ? username : sub);
    out->admin = in_groups(jwt, v->admin_group);
    out->iat = iat;
    out->exp = exp;
    return 0;
}

/* The cache's hash: the last bytes only, which are the signature's, so
 * differ between any two tokens; a match is still compared in full. */
static uint64_t token_hash(const char *token, size_t len)
{
    size_t tail = len < 32 ? len : 32;
    uint64_t h = 1469598103934665603ULL ^ len;
    for (const char *p = token + len - tail; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

int verifier_check(struct verifier *v, const char *token, enum token_use use,
                   struct principal *out, const char **why)
{
    if (!token || !*token)
        return *why = "Missing authentication token", -1;
    size_t len = strlen(token);
    if (len > MAX_TOKEN)
        return *why = "Malformed token", -1;

    /* A token seen before is compared in full with the cached copy, which
     * passed every check below, before any of them: the hit is the path
     * of almost every request. */
    uint64_t h = token_hash(token, len);
    struct cache_slot *slot = &v->cache[h % CACHE_SLOTS];
    if (use == TOKEN_ID) {
        bool hit = false;
        pthread_mutex_lock(&v->lock);
        if (slot->token && slot->hash == h && strcmp(slot->token, token) == 0) {
            *out = slot->who;
            hit = true;
        }
        pthread_mutex_unlock(&v->lock);
        if (hit) {
            if ((long)time(NULL) <= out->exp + CLOCK_SKEW)
                return 0;
            return *why = "Token has expired", -1;
        }
    }
    if (!three_parts(token))
        return *why = "Malformed token", -1;

    char kid[128];
    if (read_header(token, kid, sizeof kid) != 0)
        return *why = "Token must be signed with RS256 and name its key", -1;
    char *pem = pem_for(v, kid);
    if (!pem)
        return *why = "Token was signed with an unknown key", -1;
    jwt_t *jwt = NULL;
    int rc = jwt_decode(&jwt, token, (const unsigned char *)pem,
                        (int)strlen(pem));
    free(pem);
    if (rc != 0 || !jwt || jwt_get_alg(jwt) != JWT_ALG_RS256) {
        jwt_free(jwt);
        return *why = "Token signature is invalid", -1;
    }
    rc = check_claims(v, jwt, use, out, why);
    jwt_free(jwt);
    if (rc != 0 || use != TOKEN_ID)
        return rc;

    pthread_mutex_lock(&v->lock);
    free(slot->token);
    slot->token = xstrdup(token);
    slot->hash = h;
    slot->who = *out;
    pthread_mutex_unlock(&v->lock);
    return 0;
}

int verifier_check_bearer(struct verifier *v, const char *authorization,
                          struct principal *out, const char **why)
{
    if (!authorization || !*authorization)
        return *why = "Invalid or missing authentication token", -1;
    const char *token = authorization;
    if (strncasecmp(token, "Bearer ", 7) == 0)
        token += 7;
    while (*token == ' ')
        token++;
    return verifier_check(v, token, TOKEN_ID, out, why);
}
