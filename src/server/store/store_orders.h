/* store_orders — orders, and the order-queue message written with each
 * (the outbox the pipeline consumes). */
#ifndef INVENTUI_SERVER_STORE_ORDERS_H
#define INVENTUI_SERVER_STORE_ORDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/order.h"
#include "server/store/store.h"

struct order_page {
    struct order *items; /* owned; order_page_free */
    int count;
    bool more;
    int64_t last_seq;
};

void order_page_free(struct order_page *pg);

/* What creating an order needs besides the request. */
struct order_request {
    const char *product_id;
    long long quantity;
    const char *user_id;
    const char *user_email;
};

/* In one transaction: takes quantity from the product's stock (never
 * below zero), writes the order (PENDING) and its queue message. Fills
 * *out. STORE_NOT_FOUND: no such product; STORE_INSUFFICIENT: *available
 * is the stock there is. Runs through store_write(): group commit. */
enum store_rc store_order_create(struct store *s,
                                 const struct order_request *req,
                                 struct order *out, long long *available);
/* STORE_NOT_FOUND when absent. */
enum store_rc store_order_get(struct store_conn *c, const char *id,
                              struct order *out);
/* The user's orders, newest first, seq < before (0: from the newest),
 * optionally of one status. */
enum store_rc store_order_list(struct store_conn *c, const char *user_id,
                               const char *status, int64_t before, int limit,
                               struct order_page *out);

#endif
