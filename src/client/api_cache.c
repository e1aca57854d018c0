#include "client/api_cache.h"

#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "client/session.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"

static void warn(const struct api *a, const char *msg)
{
    const struct client_notices *n = a->cfg->notices;
    if (n && n->warning)
        n->warning(n->user, msg);
}

/* The cache, opened at first use; NULL when there is none (told once). */
static struct cache *cache_of(struct api *a)
{
    if (!a->cache_tried) {
        a->cache_tried = true;
        char *dir = session_dir(a->cfg->cache_path);
        char *err = NULL;
        a->cache = dir ? cache_open(dir, &err) : NULL;
        if (!a->cache) {
            char *msg = str_printf("no offline cache: %s",
                                   err ? err : "no cache directory");
            warn(a, msg);
            free(msg);
        } else {
            cache_prune(a->cache, time_now_ms() - a->cfg->max_age * 1000);
        }
        free(err);
        free(dir);
    }
    char *w = a->cache ? cache_take_warning(a->cache) : NULL;
    if (w)
        warn(a, w);
    free(w);
    return a->cache;
}

/* The API URL without trailing slashes (as the session file names it). */
static char *api_key(const struct api *a)
{
    size_t n = strlen(a->cfg->api_url);
    while (n > 0 && a->cfg->api_url[n - 1] == '/')
        n--;
    return xstrndup(a->cfg->api_url, n);
}

/* The signed-in user's sub, or NULL (then nothing is cached). */
static char *user_key(const struct api *a)
{
    if (!a->have_session || !a->sess.id_token)
        return NULL;
    cJSON *claims = session_token_claims(a->sess.id_token);
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(claims, "sub");
    char *out = cJSON_IsString(sub) && *sub->valuestring
                    ? xstrdup(sub->valuestring) : NULL;
    cJSON_Delete(claims);
    return out;
}

/* Each item of a list page under <path without query>/<id>. */
static void store_items(struct cache *c, const char *api, const char *user,
                        const char *path, const cJSON *data, int64_t now)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(data, "items");
    if (!cJSON_IsArray(items))
        return;
    size_t base = strcspn(path, "?");
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        if (!cJSON_IsString(id) || !*id->valuestring ||
            strchr(id->valuestring, '/') || strchr(id->valuestring, '?'))
            continue;
        char *key = str_printf("%.*s/%s", (int)base, path, id->valuestring);
        char *text = cJSON_PrintUnformatted(it);
        if (text)
            cache_put(c, api, user, key, text, now);
        free(text);
        free(key);
    }
}

void api_cache_store(struct api *a, const char *path,
                     const struct api_result *res)
{
    if (!cJSON_IsObject(res->data) && !cJSON_IsArray(res->data))
        return;
    char *user = user_key(a);
    struct cache *c = user ? cache_of(a) : NULL;
    if (!c) {
        free(user);
        return;
    }
    char *api = api_key(a);
    char *text = cJSON_PrintUnformatted(res->data);
    int64_t now = time_now_ms();
    cache_begin(c);
    if (text)
        cache_put(c, api, user, path, text, now);
    store_items(c, api, user, path, res->data, now);
    cache_commit(c);
    free(text);
    free(api);
    free(user);
}

static void add_reason(struct api_result *res, const char *why)
{
    char *msg = str_printf("%s (%s)", res->message ? res->message
                                                   : "the API cannot be reached",
                           why);
    free(res->message);
    res->message = msg;
}

/* Adds to res why the cache has no answer: showing cached data is off,
 * what is cached is too old, or this was never fetched (the cache drops
 * entries older than max_age when it opens, so "never" may also be
 * "not within max_age": the sentence says both). */
static void why_not_cached(const struct api *a, struct api_result *res,
                           bool too_old)
{
    if (a->cfg->max_age == 0) {
        add_reason(res, "and showing cached data is off: [cache] max_age "
                        "is 0");
        return;
    }
    char age[32];
    format_age(a->cfg->max_age * 1000, age, sizeof age);
    char *why = too_old
                    ? str_printf("and what is cached for this request is "
                                 "older than %s ([cache] max_age)",
                                 age)
                    : str_printf("and this was never fetched while the API "
                                 "could be reached, so nothing is cached for "
                                 "it (cached data is kept %s: [cache] "
                                 "max_age)",
                                 age);
    add_reason(res, why);
    free(why);
}

bool api_cache_answer(struct api *a, const char *path, struct api_result *res)
{
    if (!a->cfg->offline_ok)
        return false;
    char *user = user_key(a);
    struct cache *c = user ? cache_of(a) : NULL;
    if (!c) {
        add_reason(res, "and nothing is cached for this user");
        free(user);
        return false;
    }
    char *api = api_key(a);
    int64_t fetched = 0;
    char *text = cache_get(c, api, user, path,
                           time_now_ms() - a->cfg->max_age * 1000, &fetched);
    /* Older than max_age, or never fetched at all: say which. */
    char *old = text ? NULL : cache_get(c, api, user, path, 0, &fetched);
    cJSON *json = text ? cJSON_Parse(text) : NULL;
    free(text);
    free(api);
    free(user);
    if (!json) {
        why_not_cached(a, res, old != NULL);
        free(old);
        return false;
    }
    api_result_free(res);
    res->rc = API_OK;
    res->status = 200;
    res->json = json;
    res->data = json;
    res->cached_at = fetched;
    const struct client_notices *n = a->cfg->notices;
    if (n && n->cached)
        n->cached(n->user, fetched);
    return true;
}

void api_cache_close(struct api *a)
{
    cache_close(a->cache);
    a->cache = NULL;
    a->cache_tried = false;
}
