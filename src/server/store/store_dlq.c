#include "server/store/store_dlq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"

#define DLQ_COLS "seq, id, order_id, body, receive_count, last_error," \
                 " first_failed_at, moved_at"

static const char SQL_LIST[] =
    "SELECT " DLQ_COLS " FROM dlq_messages WHERE seq < ?1"
    " ORDER BY seq DESC LIMIT ?2";
static const char SQL_GET[] =
    "SELECT " DLQ_COLS " FROM dlq_messages WHERE id = ?1";
/* The audit row is copied from the DLQ row itself, so what is recorded is
 * exactly what was redriven or deleted. */
static const char SQL_AUDIT_ONE[] =
    "INSERT INTO audit_log (at, actor_sub, actor_email, action, message_id,"
    " body) SELECT ?2, ?3, ?4, ?5, id, body FROM dlq_messages WHERE id = ?1";
static const char SQL_AUDIT_ALL[] =
    "INSERT INTO audit_log (at, actor_sub, actor_email, action, message_id,"
    " body) SELECT ?2, ?3, ?4, ?5, id, body FROM dlq_messages ORDER BY seq";
static const char SQL_REQUEUE_ONE[] =
    "INSERT INTO queue_messages (id, order_id, body, receive_count,"
    " visible_at, created_at)"
    " SELECT id, order_id, body, 0, ?2, ?2 FROM dlq_messages WHERE id = ?1"
    " RETURNING id, order_id, body, receive_count, last_error,"
    " first_failed_at, visible_at";
static const char SQL_REQUEUE_ALL[] =
    "INSERT INTO queue_messages (id, order_id, body, receive_count,"
    " visible_at, created_at)"
    " SELECT id, order_id, body, 0, ?1, ?1 FROM dlq_messages ORDER BY seq";
static const char SQL_DELETE_ONE[] = "DELETE FROM dlq_messages WHERE id = ?1";
static const char SQL_DELETE_ALL[] = "DELETE FROM dlq_messages";
static const char SQL_AUDIT_LIST[] =
    "SELECT seq, at, actor_sub, actor_email, action, message_id, body"
    " FROM audit_log WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2";

void dlq_page_free(struct dlq_page *pg)
{
    queue_msgs_free(pg->items, pg->count);
    memset(pg, 0, sizeof *pg);
}

static void audit_entry_clear(struct audit_entry *e)
{
    free(e->actor_sub);
    free(e->actor_email);
    free(e->action);
    free(e->message_id);
    free(e->body);
    memset(e, 0, sizeof *e);
}

void audit_page_free(struct audit_page *pg)
{
    for (int i = 0; i < pg->count; i++)
        audit_entry_clear(&pg->items[i]);
    free(pg->items);
    memset(pg, 0, sizeof *pg);
}

static void read_dlq(sqlite3_stmt *st, struct queue_msg *m)
{
    memset(m, 0, sizeof *m);
    m->seq = sqlite3_column_int64(st, 0);
    snprintf(m->id, sizeof m->id, "%s", (const char *)sqlite3_column_text(st, 1));
    snprintf(m->order_id, sizeof m->order_id, "%s",
             (const char *)sqlite3_column_text(st, 2));
    m->body = store_col_text(st, 3);
    m->receive_count = sqlite3_column_int64(st, 4);
    m->last_error = store_col_text(st, 5);
    m->first_failed_at = sqlite3_column_int64(st, 6);
    m->moved_at = sqlite3_column_int64(st, 7);
}

enum store_rc store_dlq_list(struct store_conn *c, int64_t before, int limit,
                             struct dlq_page *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(c, SQL_LIST);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, before > 0 ? before : INT64_MAX);
    sqlite3_bind_int(st, 2, limit + 1);
    out->items = xcalloc((size_t)limit, sizeof *out->items);
    enum store_rc r = STORE_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->count == limit) {
            out->more = true;
            break;
        }
        read_dlq(st, &out->items[out->count]);
        out->last_seq = out->items[out->count++].seq;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = store_fail(c, "dlq list");
    sqlite3_reset(st);
    if (r != STORE_OK)
        dlq_page_free(out);
    return r;
}

enum store_rc store_dlq_get(struct store_conn *c, const char *id,
                            struct queue_msg *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(c, SQL_GET);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW)
        read_dlq(st, out);
    else
        r = rc == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(c, "dlq get");
    sqlite3_reset(st);
    return r;
}

/* Writes the audit rows for one message (id) or all (id NULL); *n rows. */
static enum store_rc audit(struct store_conn *c, const char *id,
                           const struct audit_actor *who, const char *action,
                           int64_t now, long long *n)
{
    sqlite3_stmt *st = store_stmt(c, id ? SQL_AUDIT_ONE : SQL_AUDIT_ALL);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_text(st, 3, who->sub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, who->email, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "audit");
    *n = sqlite3_changes(store_db(c));
    sqlite3_reset(st);
    return r;
}

/* Deletes one DLQ message (id) or all (id NULL). */
static enum store_rc remove_dlq(struct store_conn *c, const char *id)
{
    sqlite3_stmt *st = store_stmt(c, id ? SQL_DELETE_ONE : SQL_DELETE_ALL);
    if (!st)
        return STORE_ERROR;
    if (id)
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "dlq delete");
    sqlite3_reset(st);
    return r;
}

struct dlq_job {
    const char *id; /* NULL: every message */
    const struct audit_actor *who;
    int64_t now;
    struct queue_msg *out;
    long long n;
};

static enum store_rc requeue_one(struct store_conn *c, struct dlq_job *j)
{
    sqlite3_stmt *st = store_stmt(c, SQL_REQUEUE_ONE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, j->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, j->now);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW) {
        struct queue_msg *m = j->out;
        snprintf(m->id, sizeof m->id, "%s",
                 (const char *)sqlite3_column_text(st, 0));
        snprintf(m->order_id, sizeof m->order_id, "%s",
                 (const char *)sqlite3_column_text(st, 1));
        m->body = store_col_text(st, 2);
        m->receive_count = sqlite3_column_int64(st, 3);
        m->visible_at = sqlite3_column_int64(st, 6);
        if (sqlite3_step(st) != SQLITE_DONE)
            r = store_fail(c, "dlq redrive");
    } else {
        r = rc == SQLITE_DONE ? STORE_NOT_FOUND
                              : store_fail(c, "dlq redrive");
    }
    sqlite3_reset(st);
    return r;
}

static enum store_rc requeue_all(struct store_conn *c, struct dlq_job *j)
{
    sqlite3_stmt *st = store_stmt(c, SQL_REQUEUE_ALL);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, j->now);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "dlq redrive all");
    sqlite3_reset(st);
    return r;
}

static enum store_rc redrive_in_tx(struct store_conn *c, void *arg)
{
    struct dlq_job *j = arg;
    enum store_rc r = audit(c, j->id, j->who, "redrive", j->now, &j->n);
    if (r == STORE_OK && j->id && j->n == 0)
        r = STORE_NOT_FOUND;
    if (r == STORE_OK)
        r = j->id ? requeue_one(c, j) : requeue_all(c, j);
    if (r == STORE_OK)
        r = remove_dlq(c, j->id);
    if (r != STORE_OK && j->out)
        queue_msg_clear(j->out);
    return r;
}

enum store_rc store_dlq_redrive(struct store *s, const char *id,
                                const struct audit_actor *who, int64_t now,
                                struct queue_msg *out)
{
    memset(out, 0, sizeof *out);
    struct dlq_job j = {id, who, now, out, 0};
    return store_write(s, redrive_in_tx, &j);
}

enum store_rc store_dlq_redrive_all(struct store *s,
                                    const struct audit_actor *who,
                                    int64_t now, long long *n)
{
    struct dlq_job j = {NULL, who, now, NULL, 0};
    enum store_rc r = store_write(s, redrive_in_tx, &j);
    *n = r == STORE_OK ? j.n : 0;
    return r;
}

static enum store_rc delete_in_tx(struct store_conn *c, void *arg)
{
    struct dlq_job *j = arg;
    enum store_rc r = audit(c, j->id, j->who, "delete", j->now, &j->n);
    if (r == STORE_OK && j->n == 0)
        r = STORE_NOT_FOUND;
    if (r == STORE_OK)
        r = remove_dlq(c, j->id);
    return r;
}

enum store_rc store_dlq_delete(struct store *s, const char *id,
                               const struct audit_actor *who, int64_t now)
{
    struct dlq_job j = {id, who, now, NULL, 0};
    return store_write(s, delete_in_tx, &j);
}

enum store_rc store_audit_list(struct store_conn *c, int64_t before,
                               int limit, struct audit_page *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(c, SQL_AUDIT_LIST);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, before > 0 ? before : INT64_MAX);
    sqlite3_bind_int(st, 2, limit + 1);
    out->items = xcalloc((size_t)limit, sizeof *out->items);
    enum store_rc r = STORE_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->count == limit) {
            out->more = true;
            break;
        }
        struct audit_entry *e = &out->items[out->count++];
        e->seq = sqlite3_column_int64(st, 0);
        e->at = sqlite3_column_int64(st, 1);
        e->actor_sub = store_col_text(st, 2);
        e->actor_email = store_col_text(st, 3);
        e->action = store_col_text(st, 4);
        e->message_id = store_col_text(st, 5);
        e->body = store_col_text(st, 6);
        out->last_seq = e->seq;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = store_fail(c, "audit list");
    sqlite3_reset(st);
    if (r != STORE_OK)
        audit_page_free(out);
    return r;
}
