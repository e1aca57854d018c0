/* store_orders — orders, and the order-queue message written with each
 * (the outbox the pipeline consumes). */
#ifndef INVENTUI_SERVER_STORE_ORDERS_H
#define INVENTUI_SERVER_STORE_ORDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/order.h"
#include "server/store/store.h"

struct idem_claim;

/* Called for each order of a page, in order. o and its strings are
 * borrowed from the statement: valid only during the call. */
typedef void (*order_row_fn)(const struct order *o, void *arg);

/* What creating an order needs besides the request. */
struct order_request {
    const char *product_id;
    long long quantity;
    const char *user_id;
    const char *user_email;
    int64_t created_at; /* epoch ms; 0 = now. Only the demo history
                           (demo/history.c) back-dates an order. */
};

/* In one transaction: takes quantity from the product's stock (never
 * below zero), writes the order (PENDING) and its queue message. Fills
 * *out. STORE_NOT_FOUND: no such product; STORE_INSUFFICIENT: *available
 * is the stock there is. With idem (may be NULL) the key is looked up
 * first (STORE_REPLAY: nothing created, see store_idempotency.h) and
 * recorded with the order. Runs through store_write(): group commit. */
enum store_rc store_order_create(struct store *s,
                                 const struct order_request *req,
                                 struct order *out, long long *available,
                                 struct idem_claim *idem);
/* In one transaction: sets order id CANCELLED (updated_at now) if it is
 * PENDING or CONFIRMED and gives its quantity back to the product's stock.
 * Fills *out (caller clears) with the order as it now is; STORE_INVALID:
 * not cancellable, *out shows its status; STORE_NOT_FOUND. Through
 * store_write(), like the worker's confirmation, so the two never
 * interleave (store_order_cancel.c). */
enum store_rc store_order_cancel(struct store *s, const char *id,
                                 int64_t now, struct order *out);
/* STORE_NOT_FOUND when absent. */
enum store_rc store_order_get(struct store_conn *c, const char *id,
                              struct order *out);
/* The user's orders (user_id NULL: every user's), newest first, seq <
 * before (0: from the newest), optionally of one status, each handed to
 * fn without copying. On STORE_ERROR some rows may already have been
 * handed over. */
enum store_rc store_order_list(struct store_conn *c, const char *user_id,
                               const char *status, int64_t before, int limit,
                               order_row_fn fn, void *arg,
                               struct store_page *out);

#endif
