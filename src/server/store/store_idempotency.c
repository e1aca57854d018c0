#include "server/store/store_idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Expired keys go lazily, on the next keyed write: no timer thread, and
 * the index on created_at keeps the common "nothing expired" case cheap. */
static const char SQL_PURGE[] =
    "DELETE FROM idempotency_keys WHERE created_at <= ?1";
static const char SQL_FIND[] =
    "SELECT fingerprint, status, response FROM idempotency_keys"
    " WHERE user_id = ?1 AND idem_key = ?2";
static const char SQL_SAVE[] =
    "INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, status,"
    " response, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

void idem_claim_clear(struct idem_claim *k)
{
    free(k->response);
    k->response = NULL;
    k->replay_status = 0;
    k->replay_fingerprint[0] = '\0';
}

static enum store_rc purge(struct store_conn *c, int64_t now)
{
    sqlite3_stmt *st = store_stmt(c, SQL_PURGE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, now - IDEM_TTL_MS);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "idempotency purge");
    sqlite3_reset(st);
    return r;
}

enum store_rc store_idem_lookup_in_tx(struct store_conn *c,
                                      struct idem_claim *k)
{
    enum store_rc r = purge(c, k->now);
    if (r != STORE_OK)
        return r;
    sqlite3_stmt *st = store_stmt(c, SQL_FIND);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, k->user_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k->key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *fp = sqlite3_column_text(st, 0);
        snprintf(k->replay_fingerprint, sizeof k->replay_fingerprint, "%s",
                 fp ? (const char *)fp : "");
        k->replay_status = sqlite3_column_int(st, 1);
        free(k->response);
        k->response = store_col_text(st, 2);
        r = STORE_REPLAY;
    } else if (rc != SQLITE_DONE) {
        r = store_fail(c, "idempotency lookup");
    }
    sqlite3_reset(st);
    return r;
}

enum store_rc store_idem_save_in_tx(struct store_conn *c,
                                    struct idem_claim *k, const void *entity)
{
    free(k->response);
    k->response = k->render(entity);
    sqlite3_stmt *st = store_stmt(c, SQL_SAVE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, k->user_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, k->fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, k->status);
    sqlite3_bind_text(st, 5, k->response, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, k->now);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "idempotency save");
    sqlite3_reset(st);
    return r;
}
