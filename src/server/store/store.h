/* store — the server's SQLite database: opening, schema migrations, a pool
 * of connections with cached prepared statements, transactions, settings.
 *
 * One struct store per data directory. Threads borrow a connection with
 * store_acquire() for the length of one request and give it back with
 * store_release(). Entity queries live in store_<entity>.c. */
#ifndef INVENTUI_SERVER_STORE_H
#define INVENTUI_SERVER_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum store_rc {
    STORE_OK = 0,
    STORE_NOT_FOUND,
    STORE_CONFLICT,     /* a unique key is taken */
    STORE_INSUFFICIENT, /* not enough stock */
    STORE_INVALID,      /* a state that forbids the change */
    STORE_REPLAY,       /* an Idempotency-Key was used before: nothing new */
    STORE_ERROR,        /* SQLite failed; already logged */
};

struct store;
struct store_conn;

struct store_options {
    bool synchronous_full; /* PRAGMA synchronous=FULL (else NORMAL) */
    int max_connections;   /* pool size; callers beyond it wait */
};

/* Opens (creating if needed) DIR/inventory.db, mode 0600, and migrates it to
 * the current schema. Returns NULL with *err (malloc'd) on failure. */
struct store *store_open(const char *data_dir, const struct store_options *o,
                         char **err);
void store_close(struct store *s);
/* The schema version this build writes. */
int store_schema_version(void);

/* Returns NULL (logged) only when a new connection cannot be opened. */
struct store_conn *store_acquire(struct store *s);
void store_release(struct store *s, struct store_conn *c);
sqlite3 *store_db(struct store_conn *c);

/* A prepared statement for sql (which must be a string literal: its address
 * is the cache key), reset and with bindings cleared. */
sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
enum store_rc store_begin(struct store_conn *c);
enum store_rc store_commit(struct store_conn *c);
void store_rollback(struct store_conn *c);

/* A read transaction (BEGIN DEFERRED): reads in between share one
 * snapshot and one lock instead of taking one each. End it with
 * store_read_end(). */
enum store_rc store_read_begin(struct store_conn *c);
void store_read_end(struct store_conn *c);

/* A unit of work for store_write(): runs inside a transaction it must not
 * begin or end itself. */
typedef enum store_rc (*store_write_fn)(struct store_conn *c, void *arg);

/* Group commit: runs fn in one transaction shared with the writes other
 * threads submit meanwhile, so many commits cost one fsync. fn runs on the
 * store's writer thread inside a savepoint: when it returns anything but
 * STORE_OK its changes alone are undone. Returns fn's result once the
 * shared transaction is durable, or STORE_ERROR if it could not commit. */
enum store_rc store_write(struct store *s, store_write_fn fn, void *arg);

/* What a list query says about the page it produced. */
struct store_page {
    int count;
    bool more;        /* another page follows */
    int64_t last_seq; /* seq of the last row: the next page's cursor */
};

/* Logs the SQLite error of c with context and returns STORE_ERROR. */
enum store_rc store_fail(struct store_conn *c, const char *what);

/* Settings: small key/value facts created once per data dir (pool id…).
 * Returns a malloc'd value or NULL. */
char *store_setting_get(struct store_conn *c, const char *key);
/* Sets key to value unless it already has one; returns the stored value
 * (malloc'd), so concurrent first starts agree. */
char *store_setting_init(struct store_conn *c, const char *key,
                         const char *value);

/* Column helper: a malloc'd copy of a text column, or NULL. */
char *store_col_text(sqlite3_stmt *st, int col);

#endif
