#include "server/store/store_cache.h"

#include <stdlib.h>
#include <string.h>

#include "common/mem.h"

#define SLOTS 4
#define MAX_KEPT (64 * 1024) /* bigger results are not kept */

struct slot {
    char *key;
    char *bytes;
    size_t len;
    unsigned version;
    uint64_t used; /* tick of the last use: the oldest goes first */
};

struct store_cache {
    struct slot slots[SLOTS];
    uint64_t tick;
};

/* Starts a read transaction: the data version is read at its start. */
static const char SQL_BEGIN[] = "BEGIN";
static const char SQL_SNAPSHOT[] = "PRAGMA schema_version";
static const char SQL_END[] = "COMMIT";

static bool step_done(struct store_conn *c, const char *sql)
{
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st)
        return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    return rc == SQLITE_DONE;
}

static struct slot *find(struct store_cache *cache, const char *key)
{
    for (int i = 0; i < SLOTS; i++)
        if (cache->slots[i].key && strcmp(cache->slots[i].key, key) == 0)
            return &cache->slots[i];
    return NULL;
}

static struct slot *victim(struct store_cache *cache)
{
    struct slot *v = &cache->slots[0];
    for (int i = 1; i < SLOTS; i++)
        if (cache->slots[i].used < v->used)
            v = &cache->slots[i];
    return v;
}

static void keep(struct store_cache *cache, const char *key,
                 unsigned version, const char *bytes, size_t len)
{
    struct slot *s = find(cache, key);
    if (!s) {
        s = victim(cache);
        free(s->key);
        s->key = xstrdup(key);
    }
    free(s->bytes);
    s->bytes = xmalloc(len ? len : 1);
    if (len)
        memcpy(s->bytes, bytes, len);
    s->len = len;
    s->version = version;
    s->used = ++cache->tick;
}

enum store_rc store_read_cached(struct store_conn *c, const char *key,
                                store_read_fn fn, void *arg,
                                struct strbuf *out)
{
    struct store_cache **slot = store_conn_cache(c);
    if (!*slot)
        *slot = xcalloc(1, sizeof **slot);
    struct store_cache *cache = *slot;
    if (!step_done(c, SQL_BEGIN))
        return store_fail(c, "begin read");
    unsigned version = 0;
    if (!step_done(c, SQL_SNAPSHOT) ||
        sqlite3_file_control(store_db(c), "main", SQLITE_FCNTL_DATA_VERSION,
                             &version) != SQLITE_OK) {
        enum store_rc rc = store_fail(c, "read snapshot");
        store_rollback(c);
        return rc;
    }
    struct slot *s = find(cache, key);
    enum store_rc rc = STORE_OK;
    if (s && s->version == version) {
        s->used = ++cache->tick;
        strbuf_append(out, s->bytes, s->len);
    } else {
        size_t from = out->len;
        rc = fn(c, arg, out);
        if (rc == STORE_OK && out->len - from <= MAX_KEPT)
            keep(cache, key, version, out->buf + from, out->len - from);
    }
    if (!step_done(c, SQL_END)) {
        store_fail(c, "end read");
        store_rollback(c);
    }
    return rc;
}

void store_cache_free(struct store_cache *cache)
{
    if (!cache)
        return;
    for (int i = 0; i < SLOTS; i++) {
        free(cache->slots[i].key);
        free(cache->slots[i].bytes);
    }
    free(cache);
}
