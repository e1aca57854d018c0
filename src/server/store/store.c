#include "server/store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "server/store/schema.h"
#include "server/store/store_cache.h"

#define STMT_CACHE 128

struct cached_stmt {
    const char *sql; /* address of the literal: the key */
    sqlite3_stmt *stmt;
};

struct store_conn {
    sqlite3 *db;
    struct cached_stmt stmts[STMT_CACHE];
    int nstmts;
    struct store_cache *cache; /* store_cache.h */
    struct store_conn *next_free;
};

/* A store_write() request, on the caller's stack until done. */
struct write_job {
    store_write_fn fn;
    void *arg;
    enum store_rc rc;
    bool done;
    struct write_job *next;
};

#define BATCH_MAX 128

struct store {
    char *path;
    /* The group-commit writer: started by store_open(). */
    pthread_t writer;
    bool writer_started, writer_stop;
    struct write_job *jobs; /* pending, newest first */
    pthread_cond_t work, done;
    struct store_options opt;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    struct store_conn *free_list;
    struct store_conn **all;
    int nall;
    int nopening; /* slots reserved by threads opening a connection */
};


int store_schema_version(void)
{
    int n = 0;
    while (SCHEMA_MIGRATIONS[n])
        n++;
    return n;
}

static int exec(sqlite3 *db, const char *sql, char **err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (err)
            *err = str_printf("%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3 *open_db(struct store *s, char **err)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(s->path, &db, flags, NULL) != SQLITE_OK) {
        *err = str_printf("cannot open %s: %s", s->path,
                    db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    char pragmas[256];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;"
             "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
             s->opt.synchronous_full ? "FULL" : "NORMAL");
    if (exec(db, pragmas, err) != 0) {
        char *inner = *err;
        *err = str_printf("%s: %s", s->path, inner);
        free(inner);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static int migrate(sqlite3 *db, const char *path, char **err)
{
    int target = store_schema_version();
    for (;;) {
        if (exec(db, "BEGIN IMMEDIATE", err) != 0)
            return -1;
        sqlite3_stmt *st;
        int version = -1;
        if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
            SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                version = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
        }
        if (version < 0 || version > target) {
            exec(db, "ROLLBACK", NULL);
            *err = str_printf("%s has schema version %d; this inventui knows up "
                        "to %d (use a newer inventui)",
                        path, version, target);
            return -1;
        }
        if (version == target)
            return exec(db, "COMMIT", err);
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", version + 1);
        if (exec(db, SCHEMA_MIGRATIONS[version], err) != 0 ||
            exec(db, bump, err) != 0 || exec(db, "COMMIT", err) != 0) {
            exec(db, "ROLLBACK", NULL);
            return -1;
        }
        log_msg(LOG_INFO, "store migrated to schema version %d", version + 1);
    }
}

/* Opens a connection and records it in the pool; the caller holds it until
 * store_release(). Used once, at open, when the pool is empty. */
static struct store_conn *new_conn(struct store *s, char **err)
{
    sqlite3 *db = open_db(s, err);
    if (!db)
        return NULL;
    struct store_conn *c = xcalloc(1, sizeof *c);
    c->db = db;
    pthread_mutex_lock(&s->lock);
    s->all[s->nall++] = c;
    pthread_mutex_unlock(&s->lock);
    return c;
}

static bool start_writer(struct store *s);

struct store *store_open(const char *data_dir, const struct store_options *o,
                         char **err)
{
    struct store *s = xcalloc(1, sizeof *s);
    s->opt = *o;
    if (s->opt.max_connections < 1)
        s->opt.max_connections = 8;
    s->path = str_printf("%s/inventory.db", data_dir);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->freed, NULL);
    pthread_cond_init(&s->work, NULL);
    pthread_cond_init(&s->done, NULL);
    s->all = xcalloc((size_t)s->opt.max_connections, sizeof *s->all);

    /* Create the file 0600 ourselves: SQLite would honour the umask. */
    int fd = open(s->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        *err = str_printf("cannot create %s: %s", s->path, strerror(errno));
        store_close(s);
        return NULL;
    }
    close(fd);

    struct store_conn *c = new_conn(s, err);
    if (!c) {
        store_close(s);
        return NULL;
    }
    int rc = migrate(c->db, s->path, err);
    store_release(s, c);
    if (rc != 0) {
        store_close(s);
        return NULL;
    }
    /* Now, not at the first store_write(): a thread inherits its creator's
     * nice value, and the server's write threads run at nice 5, where the
     * one writer every commit waits for would queue behind the HTTP
     * threads. If it cannot start here, store_write() tries again. */
    pthread_mutex_lock(&s->lock);
    start_writer(s);
    pthread_mutex_unlock(&s->lock);
    return s;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    bool started = s->writer_started;
    s->writer_stop = true;
    pthread_cond_broadcast(&s->work);
    pthread_mutex_unlock(&s->lock);
    if (started)
        pthread_join(s->writer, NULL);
    pthread_cond_destroy(&s->work);
    pthread_cond_destroy(&s->done);
    for (int i = 0; i < s->nall; i++) {
        struct store_conn *c = s->all[i];
        for (int j = 0; j < c->nstmts; j++)
            sqlite3_finalize(c->stmts[j].stmt);
        store_cache_free(c->cache);
        sqlite3_close(c->db);
        free(c);
    }
    free(s->all);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->freed);
    free(s->path);
    free(s);
}

struct store_conn *store_acquire(struct store *s)
{
    pthread_mutex_lock(&s->lock);
    for (;;) {
        struct store_conn *c = s->free_list;
        if (c) {
            s->free_list = c->next_free;
            pthread_mutex_unlock(&s->lock);
            return c;
        }
        if (s->nall + s->nopening < s->opt.max_connections) {
            /* Reserve a slot, open outside the lock. The reservation is
             * counted apart from nall: two threads opening at once must
             * not both write all[nall]. */
            s->nopening++;
            pthread_mutex_unlock(&s->lock);
            char *err = NULL;
            sqlite3 *db = open_db(s, &err);
            pthread_mutex_lock(&s->lock);
            s->nopening--;
            if (!db) {
                pthread_cond_signal(&s->freed); /* the slot is free again */
                pthread_mutex_unlock(&s->lock);
                log_msg(LOG_ERROR, "store: %s", err);
                free(err);
                return NULL;
            }
            c = xcalloc(1, sizeof *c);
            c->db = db;
            s->all[s->nall++] = c;
            pthread_mutex_unlock(&s->lock);
            return c;
        }
        pthread_cond_wait(&s->freed, &s->lock);
    }
}

void store_release(struct store *s, struct store_conn *c)
{
    if (!c)
        return;
    if (!sqlite3_get_autocommit(c->db)) {
        /* A caller left a transaction open: never hand it to the next. */
        log_msg(LOG_ERROR, "store: connection released inside a transaction");
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    }
    pthread_mutex_lock(&s->lock);
    c->next_free = s->free_list;
    s->free_list = c;
    pthread_cond_signal(&s->freed);
    pthread_mutex_unlock(&s->lock);
}

sqlite3 *store_db(struct store_conn *c)
{
    return c->db;
}

struct store_cache **store_conn_cache(struct store_conn *c)
{
    return &c->cache;
}

sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql)
{
    for (int i = 0; i < c->nstmts; i++) {
        if (c->stmts[i].sql == sql) {
            sqlite3_stmt *st = c->stmts[i].stmt;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
                           NULL) != SQLITE_OK) {
        log_msg(LOG_ERROR, "store: cannot prepare statement: %s",
                sqlite3_errmsg(c->db));
        return NULL;
    }
    if (c->nstmts == STMT_CACHE) {
        /* More distinct statements than slots: raise STMT_CACHE. */
        log_msg(LOG_ERROR, "store: statement cache full");
        sqlite3_finalize(st);
        return NULL;
    }
    c->stmts[c->nstmts].sql = sql;
    c->stmts[c->nstmts].stmt = st;
    c->nstmts++;
    return st;
}

enum store_rc store_fail(struct store_conn *c, const char *what)
{
    log_msg(LOG_ERROR, "store: %s: %s (%d)", what, sqlite3_errmsg(c->db),
            sqlite3_extended_errcode(c->db));
    return STORE_ERROR;
}

enum store_rc store_begin(struct store_conn *c)
{
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(c, "begin");
    return STORE_OK;
}

enum store_rc store_commit(struct store_conn *c)
{
    if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        enum store_rc rc = store_fail(c, "commit");
        store_rollback(c);
        return rc;
    }
    return STORE_OK;
}

enum store_rc store_read_begin(struct store_conn *c)
{
    if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(c, "begin read");
    return STORE_OK;
}

void store_read_end(struct store_conn *c)
{
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
}

void store_rollback(struct store_conn *c)
{
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

char *store_col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? xstrdup((const char *)t) : NULL;
}

static const char SQL_SETTING_GET[] = "SELECT value FROM settings WHERE key = ?";
static const char SQL_SETTING_INIT[] =
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING";

char *store_setting_get(struct store_conn *c, const char *key)
{
    sqlite3_stmt *st = store_stmt(c, SQL_SETTING_GET);
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    char *v = sqlite3_step(st) == SQLITE_ROW ? store_col_text(st, 0) : NULL;
    sqlite3_reset(st);
    return v;
}

char *store_setting_init(struct store_conn *c, const char *key,
                         const char *value)
{
    sqlite3_stmt *st = store_stmt(c, SQL_SETTING_INIT);
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        store_fail(c, "setting");
        sqlite3_reset(st);
        return NULL;
    }
    sqlite3_reset(st);
    return store_setting_get(c, key);
}

/* Runs one batch of jobs (oldest first) in one transaction. */
static void run_batch(struct store_conn *c, struct write_job **batch, int n)
{
    sqlite3 *db = c->db;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        store_fail(c, "begin batch");
        for (int i = 0; i < n; i++)
            batch[i]->rc = STORE_ERROR;
        return;
    }
    for (int i = 0; i < n; i++) {
        struct write_job *j = batch[i];
        if (sqlite3_exec(db, "SAVEPOINT job", NULL, NULL, NULL) != SQLITE_OK) {
            j->rc = store_fail(c, "savepoint");
            continue;
        }
        j->rc = j->fn(c, j->arg);
        if (j->rc != STORE_OK)
            sqlite3_exec(db, "ROLLBACK TO job", NULL, NULL, NULL);
        sqlite3_exec(db, "RELEASE job", NULL, NULL, NULL);
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        store_fail(c, "commit batch");
        store_rollback(c);
        /* Every answer, not only the successes: a job may have answered
         * from an earlier job's write that is now gone (an Idempotency-Key
         * replay of an order never committed, a SKU "taken" by it). */
        for (int i = 0; i < n; i++)
            batch[i]->rc = STORE_ERROR;
    }
}

static void *writer_main(void *arg)
{
    struct store *s = arg;
    struct write_job *batch[BATCH_MAX];
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->jobs && !s->writer_stop)
            pthread_cond_wait(&s->work, &s->lock);
        if (!s->jobs)
            break; /* stopping, nothing left */
        /* Take up to BATCH_MAX of the oldest jobs. */
        int n = 0;
        for (struct write_job *j = s->jobs; j; j = j->next)
            n++;
        int skip = n > BATCH_MAX ? n - BATCH_MAX : 0, k = 0;
        struct write_job **link = &s->jobs;
        for (int i = 0; i < skip; i++)
            link = &(*link)->next;
        for (struct write_job *j = *link; j; j = j->next)
            batch[k++] = j;
        *link = NULL;
        pthread_mutex_unlock(&s->lock);

        /* batch[] is newest first: run oldest first. */
        for (int i = 0; i < k / 2; i++) {
            struct write_job *t = batch[i];
            batch[i] = batch[k - 1 - i];
            batch[k - 1 - i] = t;
        }
        struct store_conn *c = store_acquire(s);
        if (c) {
            run_batch(c, batch, k);
            store_release(s, c);
        } else {
            for (int i = 0; i < k; i++)
                batch[i]->rc = STORE_ERROR;
        }

        pthread_mutex_lock(&s->lock);
        for (int i = 0; i < k; i++)
            batch[i]->done = true;
        pthread_cond_broadcast(&s->done);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Starts the writer unless it runs; false when it cannot. s->lock held. */
static bool start_writer(struct store *s)
{
    if (!s->writer_started &&
        pthread_create(&s->writer, NULL, writer_main, s) == 0)
        s->writer_started = true;
    return s->writer_started;
}

enum store_rc store_write(struct store *s, store_write_fn fn, void *arg)
{
    struct write_job job = {.fn = fn, .arg = arg};
    pthread_mutex_lock(&s->lock);
    if (s->writer_stop) {
        pthread_mutex_unlock(&s->lock);
        return STORE_ERROR;
    }
    if (!start_writer(s)) {
        pthread_mutex_unlock(&s->lock);
        log_msg(LOG_ERROR, "store: cannot start the writer thread");
        return STORE_ERROR;
    }
    job.next = s->jobs;
    s->jobs = &job;
    pthread_cond_signal(&s->work);
    while (!job.done)
        pthread_cond_wait(&s->done, &s->lock);
    pthread_mutex_unlock(&s->lock);
    return job.rc;
}
