#include "client/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/mem.h"
#include "common/strbuf.h"

#define CACHE_APP_ID 0x494e5643 /* "INVC": this file is ours */
#define CACHE_SCHEMA 1

struct cache {
    sqlite3 *db;
    char *path;
    char *warning;
};

static const char SCHEMA[] =
    "CREATE TABLE entries ("
    " api TEXT NOT NULL, usr TEXT NOT NULL, key TEXT NOT NULL,"
    " body TEXT NOT NULL, fetched_at INTEGER NOT NULL,"
    " PRIMARY KEY (api, usr, key)) WITHOUT ROWID;"
    "CREATE INDEX entries_age ON entries (fetched_at);";

/* One integer from a query; -1 with *rc set on failure. */
static long long one_int(sqlite3 *db, const char *sql, int *rc)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    *rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (*rc == SQLITE_OK) {
        *rc = sqlite3_step(st);
        if (*rc == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            *rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return v;
}

/* Creates the file 0600 before SQLite does (it gives -wal and -shm the
 * main file's mode), and takes group/other bits off an existing one. */
static int create_private(const char *path, char **err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        *err = str_printf("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = fstat(fd, &st) == 0 && (st.st_mode & 077) ? fchmod(fd, 0600) : 0;
    close(fd);
    if (rc != 0) {
        *err = str_printf("%s: cannot make it private: %s", path,
                          strerror(errno));
        return -1;
    }
    return 0;
}

enum check { CHECK_OK, CHECK_BAD, CHECK_FAIL };

/* Opens path and makes sure it holds our schema (creating it in an empty
 * file). CHECK_BAD: not ours or not a database; CHECK_FAIL: *err. */
static enum check open_db(struct cache *c, char **err)
{
    if (create_private(c->path, err) != 0)
        return CHECK_FAIL;
    if (sqlite3_open_v2(c->path, &c->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
                        NULL) != SQLITE_OK) {
        *err = str_printf("%s: %s", c->path, sqlite3_errmsg(c->db));
        return CHECK_FAIL;
    }
    sqlite3_busy_timeout(c->db, 2000);
    /* Lookups are by key, one page at a time: SQLite's default 2 MB page
     * cache only fills with pages read once (the TUI's resident memory
     * grew by that much over a 10,000-product catalog). */
    sqlite3_exec(c->db, "PRAGMA cache_size = -256", NULL, NULL, NULL);
    int rc;
    long long tables = one_int(
        c->db, "SELECT count(*) FROM sqlite_schema", &rc);
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        return CHECK_BAD;
    long long version = one_int(c->db, "PRAGMA user_version", &rc);
    long long app = rc == SQLITE_OK
                        ? one_int(c->db, "PRAGMA application_id", &rc) : -1;
    if (rc != SQLITE_OK) {
        *err = str_printf("%s: %s", c->path, sqlite3_errmsg(c->db));
        return CHECK_FAIL;
    }
    if (tables == 0 && version == 0 && app == 0) {
        struct strbuf sb = {0};
        strbuf_printf(&sb, "PRAGMA journal_mode=WAL; BEGIN; %s "
                      "PRAGMA application_id=%d; PRAGMA user_version=%d; "
                      "COMMIT;", SCHEMA, CACHE_APP_ID, CACHE_SCHEMA);
        rc = sqlite3_exec(c->db, sb.buf, NULL, NULL, NULL);
        strbuf_free(&sb);
        if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
            return CHECK_BAD;
        if (rc != SQLITE_OK) {
            *err = str_printf("%s: %s", c->path, sqlite3_errmsg(c->db));
            return CHECK_FAIL;
        }
        return CHECK_OK;
    }
    if (version != CACHE_SCHEMA || app != CACHE_APP_ID)
        return CHECK_BAD;
    rc = sqlite3_exec(c->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        return CHECK_BAD;
    return CHECK_OK;
}

static void close_db(struct cache *c)
{
    sqlite3_close_v2(c->db);
    c->db = NULL;
}

/* Moves the file (and its -wal and -shm) aside for a person to look at. */
static void move_aside(struct cache *c, const char *why)
{
    close_db(c);
    long long now = (long long)time(NULL);
    char *to = str_printf("%s.corrupt-%lld", c->path, now);
    for (int n = 1; access(to, F_OK) == 0 && n < 100; n++) {
        free(to);
        to = str_printf("%s.corrupt-%lld.%d", c->path, now, n);
    }
    int rc = rename(c->path, to);
    int saved = errno;
    static const char *const sides[] = {"-wal", "-shm"};
    for (size_t i = 0; i < 2; i++) {
        char *side = str_printf("%s%s", c->path, sides[i]);
        unlink(side);
        free(side);
    }
    free(c->warning);
    c->warning = rc == 0
                     ? str_printf("the offline cache %s %s; moved it to %s "
                                  "and started an empty one",
                                  c->path, why, to)
                     : str_printf("the offline cache %s %s and cannot be "
                                  "moved aside (%s); removed it",
                                  c->path, why, strerror(saved));
    if (rc != 0)
        unlink(c->path);
    free(to);
}

/* Opens, moving a bad file aside once. */
static int open_checked(struct cache *c, char **err)
{
    enum check ck = open_db(c, err);
    if (ck == CHECK_BAD) {
        move_aside(c, "was unreadable or of an unknown version");
        ck = open_db(c, err);
        if (ck == CHECK_BAD)
            *err = str_printf("%s: cannot be rebuilt", c->path);
    }
    if (ck != CHECK_OK) {
        close_db(c);
        return -1;
    }
    return 0;
}

struct cache *cache_open(const char *dir, char **err)
{
    *err = NULL;
    if (fs_mkdirs(dir, 0700) != 0) {
        *err = str_printf("%s: cannot create: %s", dir, strerror(errno));
        return NULL;
    }
    struct cache *c = xcalloc(1, sizeof *c);
    c->path = str_printf("%s/cache.db", dir);
    if (open_checked(c, err) != 0) {
        cache_close(c);
        return NULL;
    }
    return c;
}

void cache_close(struct cache *c)
{
    if (!c)
        return;
    close_db(c);
    free(c->path);
    free(c->warning);
    free(c);
}

char *cache_take_warning(struct cache *c)
{
    char *w = c->warning;
    c->warning = NULL;
    return w;
}

/* A file damaged while in use: start again (the next call finds it
 * empty); the person hears about it through the warning. */
static void recover(struct cache *c, int rc)
{
    if (rc != SQLITE_CORRUPT && rc != SQLITE_NOTADB)
        return;
    move_aside(c, "was damaged");
    char *err = NULL;
    if (open_checked(c, &err) != 0)
        free(err);
}

void cache_begin(struct cache *c)
{
    if (c->db)
        sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
}

void cache_commit(struct cache *c)
{
    if (c->db && !sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
}

int cache_put(struct cache *c, const char *api, const char *user,
              const char *key, const char *json, int64_t fetched_ms)
{
    if (!c->db)
        return -1;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        c->db,
        "INSERT INTO entries (api, usr, key, body, fetched_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (api, usr, key) DO UPDATE SET body = excluded.body,"
        " fetched_at = excluded.fetched_at"
        " WHERE excluded.fetched_at >= entries.fetched_at",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, api, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, fetched_ms);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return 0;
    recover(c, rc);
    return -1;
}

char *cache_get(struct cache *c, const char *api, const char *user,
                const char *key, int64_t not_before_ms, int64_t *fetched_ms)
{
    if (!c->db)
        return NULL;
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    int rc = sqlite3_prepare_v2(
        c->db,
        "SELECT body, fetched_at FROM entries"
        " WHERE api = ?1 AND usr = ?2 AND key = ?3 AND fetched_at >= ?4",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, api, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, user, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, not_before_ms);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            out = xstrdup((const char *)sqlite3_column_text(st, 0));
            *fetched_ms = sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_finalize(st);
    if (!out)
        recover(c, rc);
    return out;
}

void cache_prune(struct cache *c, int64_t before_ms)
{
    if (!c->db)
        return;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(c->db,
                                "DELETE FROM entries WHERE fetched_at < ?1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, before_ms);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    recover(c, rc);
}
