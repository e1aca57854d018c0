/* cache — the client's offline cache: one SQLite file (cache.db, 0600 in a
 * 0700 directory, WAL) of JSON answers keyed by API URL, user and request
 * key, each with the time it was fetched.
 *
 * Plain, synchronous and local: an event loop may call it from a request's
 * completion. A file that is not a SQLite database, or holds a schema this
 * version does not know, is moved aside (cache.db.corrupt-<epoch s>) and
 * the cache starts empty: the cache is never a reason to fail. */
#ifndef INVENTUI_CLIENT_CACHE_H
#define INVENTUI_CLIENT_CACHE_H

#include <stdint.h>

struct cache;

/* Opens (creating) dir/cache.db. NULL with *err (caller frees) when no
 * cache can be had at all (the directory cannot be made, …). */
struct cache *cache_open(const char *dir, char **err);
void cache_close(struct cache *c);
/* What happened that a person should hear about (the file was moved
 * aside), once; NULL when nothing. Caller frees. */
char *cache_take_warning(struct cache *c);

/* Stores json (text) for (api, user, key), fetched at fetched_ms (epoch
 * ms), replacing an older entry. 0 or -1. */
int cache_put(struct cache *c, const char *api, const char *user,
              const char *key, const char *json, int64_t fetched_ms);
/* The JSON text (caller frees) stored for (api, user, key) if it was
 * fetched at or after not_before_ms, with its fetch time in *fetched_ms;
 * else NULL. */
char *cache_get(struct cache *c, const char *api, const char *user,
                const char *key, int64_t not_before_ms, int64_t *fetched_ms);
/* Groups the puts between them into one transaction (much faster for a
 * page and its items). */
void cache_begin(struct cache *c);
void cache_commit(struct cache *c);
/* Drops entries fetched before before_ms (every user). */
void cache_prune(struct cache *c, int64_t before_ms);

#endif
