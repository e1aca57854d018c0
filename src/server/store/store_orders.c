#include "server/store/store_orders.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/timeutil.h"
#include "common/uuid.h"
#include "server/store/store_idempotency.h"

#define COLS "seq, id, user_id, user_email, product_id, product_name, " \
             "quantity, price_per_unit, total_amount, status, created_at, " \
             "updated_at"

/* The conditional decrease is the whole no-overselling guarantee: it only
 * matches while enough stock is left, inside BEGIN IMMEDIATE. */
static const char SQL_TAKE_STOCK[] =
    "UPDATE products SET quantity = quantity - ?1, updated_at = ?2"
    " WHERE id = ?3 AND quantity >= ?1 RETURNING name, price";
static const char SQL_STOCK[] = "SELECT quantity FROM products WHERE id = ?1";
static const char SQL_INSERT[] =
    "INSERT INTO orders (id, user_id, user_email, product_id, product_name,"
    " quantity, price_per_unit, total_amount, status, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
static const char SQL_ENQUEUE[] =
    "INSERT INTO queue_messages (id, order_id, body, visible_at, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_GET[] = "SELECT " COLS " FROM orders WHERE id = ?1";
static const char SQL_LIST[] =
    "SELECT " COLS " FROM orders WHERE user_id = ?1 AND seq < ?2"
    " ORDER BY seq DESC LIMIT ?3";
static const char SQL_LIST_STATUS[] =
    "SELECT " COLS " FROM orders WHERE user_id = ?1 AND status = ?4"
    " AND seq < ?2 ORDER BY seq DESC LIMIT ?3";
/* Every customer's (an admin's view); no ?1, the user. */
static const char SQL_LIST_ALL[] =
    "SELECT " COLS " FROM orders WHERE seq < ?2 ORDER BY seq DESC LIMIT ?3";
static const char SQL_LIST_ALL_STATUS[] =
    "SELECT " COLS " FROM orders WHERE status = ?4 AND seq < ?2"
    " ORDER BY seq DESC LIMIT ?3";

static int64_t read_row(sqlite3_stmt *st, struct order *o)
{
    memset(o, 0, sizeof *o);
    snprintf(o->id, sizeof o->id, "%s", (const char *)sqlite3_column_text(st, 1));
    o->user_id = store_col_text(st, 2);
    o->user_email = store_col_text(st, 3);
    snprintf(o->product_id, sizeof o->product_id, "%s",
             (const char *)sqlite3_column_text(st, 4));
    o->product_name = store_col_text(st, 5);
    o->quantity = sqlite3_column_int64(st, 6);
    o->price_per_unit = sqlite3_column_int64(st, 7);
    o->total_amount = sqlite3_column_int64(st, 8);
    snprintf(o->status, sizeof o->status, "%s",
             (const char *)sqlite3_column_text(st, 9));
    o->created_at = sqlite3_column_int64(st, 10);
    o->updated_at = sqlite3_column_int64(st, 11);
    return sqlite3_column_int64(st, 0);
}

/* A row selected with COLS, its strings borrowed from the statement. */
static int64_t borrow_row(sqlite3_stmt *st, struct order *o)
{
    snprintf(o->id, sizeof o->id, "%s", (const char *)sqlite3_column_text(st, 1));
    o->user_id = (char *)sqlite3_column_text(st, 2);
    o->user_email = (char *)sqlite3_column_text(st, 3);
    snprintf(o->product_id, sizeof o->product_id, "%s",
             (const char *)sqlite3_column_text(st, 4));
    o->product_name = (char *)sqlite3_column_text(st, 5);
    o->quantity = sqlite3_column_int64(st, 6);
    o->price_per_unit = sqlite3_column_int64(st, 7);
    o->total_amount = sqlite3_column_int64(st, 8);
    snprintf(o->status, sizeof o->status, "%s",
             (const char *)sqlite3_column_text(st, 9));
    o->created_at = sqlite3_column_int64(st, 10);
    o->updated_at = sqlite3_column_int64(st, 11);
    return sqlite3_column_int64(st, 0);
}

/* Step 1 of creating an order; fills name and price into o. */
static enum store_rc take_stock(struct store_conn *c,
                                const struct order_request *req,
                                struct order *o, long long *available)
{
    sqlite3_stmt *st = store_stmt(c, SQL_TAKE_STOCK);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, req->quantity);
    sqlite3_bind_int64(st, 2, o->created_at);
    sqlite3_bind_text(st, 3, req->product_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW) {
        o->product_name = store_col_text(st, 0);
        o->price_per_unit = sqlite3_column_int64(st, 1);
        /* Step to the end so the UPDATE completes before the reset. */
        if (sqlite3_step(st) != SQLITE_DONE)
            r = store_fail(c, "take stock");
    } else if (rc != SQLITE_DONE) {
        r = store_fail(c, "take stock");
    } else {
        /* No row changed: the product is missing or short of stock. */
        sqlite3_stmt *q = store_stmt(c, SQL_STOCK);
        if (!q) {
            sqlite3_reset(st);
            return STORE_ERROR;
        }
        sqlite3_bind_text(q, 1, req->product_id, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            *available = sqlite3_column_int64(q, 0);
            r = STORE_INSUFFICIENT;
        } else {
            r = rc == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(c, "stock");
        }
        sqlite3_reset(q);
    }
    sqlite3_reset(st);
    return r;
}

static enum store_rc insert_order(struct store_conn *c, const struct order *o)
{
    sqlite3_stmt *st = store_stmt(c, SQL_INSERT);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, o->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, o->user_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, o->user_email, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, o->product_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, o->product_name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, o->quantity);
    sqlite3_bind_int64(st, 7, o->price_per_unit);
    sqlite3_bind_int64(st, 8, o->total_amount);
    sqlite3_bind_text(st, 9, o->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, o->created_at);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "order insert");
    sqlite3_reset(st);
    return r;
}

static enum store_rc enqueue(struct store_conn *c, const struct order *o)
{
    sqlite3_stmt *st = store_stmt(c, SQL_ENQUEUE);
    if (!st)
        return STORE_ERROR;
    char msg_id[UUID_STR_LEN];
    uuid_v4(msg_id);
    char *body = order_queue_body(o);
    sqlite3_bind_text(st, 1, msg_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, o->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, o->created_at);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "enqueue");
    sqlite3_reset(st);
    free(body);
    return r;
}

struct create_job {
    const struct order_request *req;
    struct order *out;
    long long *available;
    struct idem_claim *idem;
};

/* The three writes of an order (four with an Idempotency-Key record); the
 * writer thread holds the transaction. */
static enum store_rc create_in_tx(struct store_conn *c, void *arg)
{
    struct create_job *job = arg;
    struct order *o = job->out;
    enum store_rc r = STORE_OK;
    if (job->idem && (r = store_idem_lookup_in_tx(c, job->idem)) != STORE_OK)
        return r;
    r = take_stock(c, job->req, o, job->available);
    if (r == STORE_OK) {
        o->total_amount = o->quantity * o->price_per_unit;
        r = insert_order(c, o);
    }
    if (r == STORE_OK)
        r = enqueue(c, o);
    if (r == STORE_OK && job->idem)
        r = store_idem_save_in_tx(c, job->idem, o);
    return r;
}

enum store_rc store_order_create(struct store *s,
                                 const struct order_request *req,
                                 struct order *out, long long *available,
                                 struct idem_claim *idem)
{
    memset(out, 0, sizeof *out);
    uuid_v4(out->id);
    out->user_id = xstrdup(req->user_id);
    out->user_email = xstrdup(req->user_email);
    snprintf(out->product_id, sizeof out->product_id, "%s", req->product_id);
    out->quantity = req->quantity;
    snprintf(out->status, sizeof out->status, "PENDING");
    out->created_at = out->updated_at =
        req->created_at > 0 ? req->created_at : time_now_ms();

    struct create_job job = {req, out, available, idem};
    enum store_rc r = store_write(s, create_in_tx, &job);
    if (r != STORE_OK)
        order_clear(out);
    return r;
}

enum store_rc store_order_get(struct store_conn *c, const char *id,
                              struct order *out)
{
    sqlite3_stmt *st = store_stmt(c, SQL_GET);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW)
        read_row(st, out);
    else if (rc == SQLITE_DONE)
        r = STORE_NOT_FOUND;
    else
        r = store_fail(c, "order get");
    sqlite3_reset(st);
    return r;
}

enum store_rc store_order_list(struct store_conn *c, const char *user_id,
                               const char *status, int64_t before, int limit,
                               order_row_fn fn, void *arg,
                               struct store_page *out)
{
    memset(out, 0, sizeof *out);
    const char *sql = user_id ? (status ? SQL_LIST_STATUS : SQL_LIST)
                              : (status ? SQL_LIST_ALL_STATUS : SQL_LIST_ALL);
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st)
        return STORE_ERROR;
    if (user_id)
        sqlite3_bind_text(st, 1, user_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, before > 0 ? before : INT64_MAX);
    sqlite3_bind_int(st, 3, limit + 1);
    if (status)
        sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
    enum store_rc r = STORE_OK;
    struct order o = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->count == limit) {
            out->more = true;
            break;
        }
        out->last_seq = borrow_row(st, &o);
        out->count++;
        fn(&o, arg);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = store_fail(c, "order list");
    sqlite3_reset(st);
    return r;
}
