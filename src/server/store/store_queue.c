#include "server/store/store_queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"

/* One statement receives: the UPDATE picks the oldest visible rows and
 * hides them, so two receivers could never take the same message. */
static const char SQL_RECEIVE[] =
    "UPDATE queue_messages SET receive_count = receive_count + 1,"
    " visible_at = ?2"
    " WHERE id IN (SELECT id FROM queue_messages WHERE visible_at <= ?1"
    "              ORDER BY visible_at, created_at LIMIT ?3)"
    " RETURNING id, order_id, body, receive_count, last_error,"
    " first_failed_at, visible_at";
static const char SQL_HAS_VISIBLE[] =
    "SELECT 1 FROM queue_messages WHERE visible_at <= ?1 LIMIT 1";
static const char SQL_DELETE[] = "DELETE FROM queue_messages WHERE id = ?1";
static const char SQL_FAIL[] =
    "UPDATE queue_messages SET last_error = ?2,"
    " first_failed_at = COALESCE(first_failed_at, ?3) WHERE id = ?1";
static const char SQL_TO_DLQ[] =
    "INSERT INTO dlq_messages (id, order_id, body, receive_count, last_error,"
    " first_failed_at, moved_at)"
    " SELECT id, order_id, body, receive_count, ?2,"
    " COALESCE(first_failed_at, ?3), ?3 FROM queue_messages WHERE id = ?1"
    " RETURNING seq, id, order_id, body, receive_count, last_error,"
    " first_failed_at, moved_at";
static const char SQL_SENT_INSERT[] =
    "INSERT INTO sent_mail (mail_key, order_id, recipient, sent_at)"
    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (mail_key) DO NOTHING";
static const char SQL_SENT_HAS[] =
    "SELECT 1 FROM sent_mail WHERE mail_key = ?1";
static const char SQL_CONFIRM[] =
    "UPDATE orders SET status = 'CONFIRMED', updated_at = ?2"
    " WHERE id = ?1 AND status = 'PENDING'";
static const char SQL_STATS[] =
    "SELECT (SELECT count(*) FROM queue_messages WHERE visible_at <= ?1),"
    " (SELECT count(*) FROM queue_messages WHERE visible_at > ?1),"
    " (SELECT min(created_at) FROM queue_messages),"
    " (SELECT count(*) FROM dlq_messages),"
    " (SELECT min(moved_at) FROM dlq_messages)";

void queue_msg_clear(struct queue_msg *m)
{
    free(m->body);
    free(m->last_error);
    memset(m, 0, sizeof *m);
}

void queue_msgs_free(struct queue_msg *m, int n)
{
    for (int i = 0; i < n; i++)
        queue_msg_clear(&m[i]);
    free(m);
}

static void copy_id(char *dst, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(dst, QUEUE_ID_MAX, "%s", t ? (const char *)t : "");
}

/* id, order_id, body, receive_count, last_error, first_failed_at from
 * column first on. */
static void read_common(sqlite3_stmt *st, int first, struct queue_msg *m)
{
    copy_id(m->id, st, first);
    copy_id(m->order_id, st, first + 1);
    m->body = store_col_text(st, first + 2);
    m->receive_count = sqlite3_column_int64(st, first + 3);
    m->last_error = store_col_text(st, first + 4);
    m->first_failed_at = sqlite3_column_int64(st, first + 5);
}

struct receive_job {
    int64_t now, visibility_ms;
    int max;
    struct queue_msg *out;
    int n;
};

static enum store_rc receive_in_tx(struct store_conn *c, void *arg)
{
    struct receive_job *j = arg;
    sqlite3_stmt *st = store_stmt(c, SQL_RECEIVE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, j->now);
    sqlite3_bind_int64(st, 2, j->now + j->visibility_ms);
    sqlite3_bind_int(st, 3, j->max);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && j->n < j->max) {
        struct queue_msg *m = &j->out[j->n++];
        read_common(st, 0, m);
        m->visible_at = sqlite3_column_int64(st, 6);
    }
    enum store_rc r = rc == SQLITE_DONE ? STORE_OK
                                        : store_fail(c, "queue receive");
    sqlite3_reset(st);
    if (r != STORE_OK) {
        for (int i = 0; i < j->n; i++)
            queue_msg_clear(&j->out[i]);
        j->n = 0;
    }
    return r;
}

enum store_rc store_queue_receive(struct store *s, int64_t now,
                                  int64_t visibility_ms, int max,
                                  struct queue_msg **out, int *n)
{
    struct receive_job j = {now, visibility_ms, max, NULL, 0};
    j.out = xcalloc((size_t)max, sizeof *j.out);
    enum store_rc r = store_write(s, receive_in_tx, &j);
    if (r != STORE_OK) {
        queue_msgs_free(j.out, j.n);
        *out = NULL;
        *n = 0;
        return r;
    }
    *out = j.out;
    *n = j.n;
    return STORE_OK;
}

enum store_rc store_queue_has_visible(struct store_conn *c, int64_t now,
                                      bool *any)
{
    sqlite3_stmt *st = store_stmt(c, SQL_HAS_VISIBLE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, now);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        *any = rc == SQLITE_ROW;
    else
        r = store_fail(c, "queue peek");
    sqlite3_reset(st);
    return r;
}

/* Runs a statement binding text ?1 = a to its end. */
static enum store_rc run_simple(struct store_conn *c, const char *sql,
                                const char *a, const char *what)
{
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE ? STORE_OK
                                                      : store_fail(c, what);
    sqlite3_reset(st);
    return r;
}

struct fail_job {
    const char *msg_id, *error;
    int64_t now;
    struct queue_msg *moved;
};

static enum store_rc fail_in_tx(struct store_conn *c, void *arg)
{
    struct fail_job *j = arg;
    sqlite3_stmt *st = store_stmt(c, SQL_FAIL);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, j->msg_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, j->error, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, j->now);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "queue fail");
    sqlite3_reset(st);
    return r;
}

enum store_rc store_queue_fail(struct store *s, const char *msg_id,
                               const char *error, int64_t now)
{
    struct fail_job j = {msg_id, error, now, NULL};
    return store_write(s, fail_in_tx, &j);
}

static enum store_rc to_dlq_in_tx(struct store_conn *c, void *arg)
{
    struct fail_job *j = arg;
    sqlite3_stmt *st = store_stmt(c, SQL_TO_DLQ);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, j->msg_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, j->error, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, j->now);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW) {
        j->moved->seq = sqlite3_column_int64(st, 0);
        read_common(st, 1, j->moved);
        j->moved->moved_at = sqlite3_column_int64(st, 7);
        if (sqlite3_step(st) != SQLITE_DONE)
            r = store_fail(c, "queue to dlq");
    } else {
        r = rc == SQLITE_DONE ? STORE_NOT_FOUND
                              : store_fail(c, "queue to dlq");
    }
    sqlite3_reset(st);
    if (r == STORE_OK)
        r = run_simple(c, SQL_DELETE, j->msg_id, "queue delete");
    if (r != STORE_OK)
        queue_msg_clear(j->moved);
    return r;
}

enum store_rc store_queue_to_dlq(struct store *s, const char *msg_id,
                                 const char *error, int64_t now,
                                 struct queue_msg *moved)
{
    memset(moved, 0, sizeof *moved);
    struct fail_job j = {msg_id, error, now, moved};
    return store_write(s, to_dlq_in_tx, &j);
}

/* One confirmation: the sent-mail record, the status, in the caller's
 * transaction. */
static enum store_rc confirm_in_tx(struct store_conn *c,
                                   const struct queue_settle *v, int64_t now)
{
    sqlite3_stmt *st = store_stmt(c, SQL_SENT_INSERT);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, v->mail_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, v->order_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, v->recipient, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "sent mail");
    sqlite3_reset(st);
    if (r != STORE_OK)
        return r;
    if (!(st = store_stmt(c, SQL_CONFIRM)))
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, v->order_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    r = sqlite3_step(st) == SQLITE_DONE ? STORE_OK
                                        : store_fail(c, "order confirm");
    sqlite3_reset(st);
    return r;
}

struct settle_job {
    const struct queue_settle *v;
    int n;
    int64_t now;
};

static enum store_rc settle_in_tx(struct store_conn *c, void *arg)
{
    struct settle_job *j = arg;
    enum store_rc r = STORE_OK;
    for (int i = 0; i < j->n && r == STORE_OK; i++) {
        if (j->v[i].order_id)
            r = confirm_in_tx(c, &j->v[i], j->now);
        if (r == STORE_OK)
            r = run_simple(c, SQL_DELETE, j->v[i].msg_id, "queue delete");
    }
    return r;
}

enum store_rc store_queue_settle(struct store *s, const struct queue_settle *v,
                                 int n, int64_t now)
{
    struct settle_job j = {v, n, now};
    return store_write(s, settle_in_tx, &j);
}

struct settle_receive_job {
    struct settle_job settle;
    struct receive_job receive;
};

static enum store_rc settle_receive_in_tx(struct store_conn *c, void *arg)
{
    struct settle_receive_job *j = arg;
    enum store_rc r = settle_in_tx(c, &j->settle);
    if (r != STORE_OK)
        return r;
    /* A failed receive (already logged and undone) leaves the settle
     * standing: the next poll receives again. */
    if (j->receive.max > 0)
        receive_in_tx(c, &j->receive);
    return STORE_OK;
}

enum store_rc store_queue_settle_receive(struct store *s,
                                         const struct queue_settle *v, int n,
                                         int64_t now, int64_t visibility_ms,
                                         int max, struct queue_msg **out,
                                         int *nout)
{
    struct settle_receive_job j = {{v, n, now},
                                   {now, visibility_ms, max, NULL, 0}};
    j.receive.out = xcalloc((size_t)(max > 0 ? max : 1), sizeof *j.receive.out);
    enum store_rc r = store_write(s, settle_receive_in_tx, &j);
    if (r != STORE_OK) {
        queue_msgs_free(j.receive.out, j.receive.n);
        *out = NULL;
        *nout = 0;
        return r;
    }
    *out = j.receive.out;
    *nout = j.receive.n;
    return STORE_OK;
}

enum store_rc store_sent_mail_has(struct store_conn *c, const char *mail_key,
                                  bool *sent)
{
    sqlite3_stmt *st = store_stmt(c, SQL_SENT_HAS);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, mail_key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        *sent = rc == SQLITE_ROW;
    else
        r = store_fail(c, "sent mail lookup");
    sqlite3_reset(st);
    return r;
}

/* Whole seconds from then to now; 0 when then is NULL. */
static long long age_s(sqlite3_stmt *st, int col, int64_t now)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return 0;
    int64_t then = sqlite3_column_int64(st, col);
    return then < now ? (long long)((now - then) / 1000) : 0;
}

enum store_rc store_queue_stats(struct store_conn *c, int64_t now,
                                struct queue_stats *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(c, SQL_STATS);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, now);
    enum store_rc r = STORE_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->visible = sqlite3_column_int64(st, 0);
        out->in_flight = sqlite3_column_int64(st, 1);
        out->oldest_age_s = age_s(st, 2, now);
        out->dlq_count = sqlite3_column_int64(st, 3);
        out->dlq_oldest_age_s = age_s(st, 4, now);
    } else {
        r = store_fail(c, "queue stats");
    }
    sqlite3_reset(st);
    return r;
}
