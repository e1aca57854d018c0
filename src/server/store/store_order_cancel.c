/* Cancelling an order, and why it cannot race the worker into a CANCELLED
 * order that ends up CONFIRMED:
 *
 * - both writes are conditional on the status they leave: cancelling is
 *   "… WHERE status IN ('PENDING', 'CONFIRMED')", confirming is "… WHERE
 *   status = 'PENDING'" (store_queue.c), so whichever commits second finds
 *   the status it needs gone and changes nothing;
 * - both run on the store's one writer thread (store_write()), so the
 *   status read and the write of each are never interleaved with the other.
 *
 * The stock comes back in the same transaction as the status change. */
#include "server/store/store_orders.h"

#include <stdio.h>
#include <string.h>

static const char SQL_CANCEL[] =
    "UPDATE orders SET status = 'CANCELLED', updated_at = ?2"
    " WHERE id = ?1 AND status IN ('PENDING', 'CONFIRMED')"
    " RETURNING product_id, quantity";
/* No row when the product was deleted meanwhile: the cancel still
 * succeeds, there is simply no stock to give back. */
static const char SQL_GIVE_BACK[] =
    "UPDATE products SET quantity = quantity + ?1, updated_at = ?2"
    " WHERE id = ?3";

struct cancel_job {
    const char *id;
    int64_t now;
    struct order *out;
};

static enum store_rc give_back(struct store_conn *c, const char *product_id,
                               long long quantity, int64_t now)
{
    sqlite3_stmt *st = store_stmt(c, SQL_GIVE_BACK);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_int64(st, 1, quantity);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_text(st, 3, product_id, -1, SQLITE_STATIC);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : store_fail(c, "give stock back");
    sqlite3_reset(st);
    return r;
}

static enum store_rc cancel_in_tx(struct store_conn *c, void *arg)
{
    struct cancel_job *j = arg;
    sqlite3_stmt *st = store_stmt(c, SQL_CANCEL);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, j->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, j->now);
    char product_id[UUID_STR_LEN] = "";
    long long quantity = 0;
    bool cancelled = false;
    enum store_rc r = STORE_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *pid = sqlite3_column_text(st, 0);
        snprintf(product_id, sizeof product_id, "%s",
                 pid ? (const char *)pid : "");
        quantity = sqlite3_column_int64(st, 1);
        cancelled = true;
        /* Step to the end so the UPDATE completes before the reset. */
        if (sqlite3_step(st) != SQLITE_DONE)
            r = store_fail(c, "order cancel");
    } else if (rc != SQLITE_DONE) {
        r = store_fail(c, "order cancel");
    }
    sqlite3_reset(st);
    if (r == STORE_OK && cancelled)
        r = give_back(c, product_id, quantity, j->now);
    if (r != STORE_OK)
        return r;
    /* Cancelled or not, the caller shows the order as it now is. */
    r = store_order_get(c, j->id, j->out);
    if (r == STORE_OK && !cancelled)
        r = STORE_INVALID; /* neither PENDING nor CONFIRMED */
    return r;
}

enum store_rc store_order_cancel(struct store *s, const char *id,
                                 int64_t now, struct order *out)
{
    memset(out, 0, sizeof *out);
    struct cancel_job j = {id, now, out};
    enum store_rc r = store_write(s, cancel_in_tx, &j);
    if (r != STORE_OK && r != STORE_INVALID)
        order_clear(out);
    return r;
}
