/* store_cache — answers a read from memory while the database is as it
 * was when the answer was made.
 *
 * Each pooled connection keeps a few results, each with the SQLite data
 * version of the snapshot it was read from (SQLITE_FCNTL_DATA_VERSION,
 * which moves on every commit, this connection's, another's or another
 * process's). A read opens a snapshot, and if a result for the same key
 * is of that version it is copied out; otherwise the read runs in that
 * same snapshot and its result is kept. So a cached answer is always one
 * the database would give now. For GET /products, where the page is the
 * same for every caller between two writes. */
#ifndef INVENTUI_SERVER_STORE_CACHE_H
#define INVENTUI_SERVER_STORE_CACHE_H

#include "common/strbuf.h"
#include "server/store/store.h"

struct store_cache;

/* Writes the result of a read (its bytes depend on the database and arg
 * only) to out; STORE_OK, or an error (nothing kept). */
typedef enum store_rc (*store_read_fn)(struct store_conn *c, void *arg,
                                       struct strbuf *out);

/* Appends the result of fn for key (the read and its parameters, in
 * full) to out: the kept one if the database has not changed since, else
 * fn's, then kept. Must not be called inside a transaction. */
enum store_rc store_read_cached(struct store_conn *c, const char *key,
                                store_read_fn fn, void *arg,
                                struct strbuf *out);

/* For store.c: the connection's cache slot, and freeing a cache. */
struct store_cache **store_conn_cache(struct store_conn *c);
void store_cache_free(struct store_cache *cache);

#endif
