/* api_orders — the orders resource as C structs: place an order (with an
 * Idempotency-Key), one order, a page of the caller's orders, cancel.
 * Tolerant of the deployed system: productId/productName may come only in
 * items[], statuses the server does not write are kept as they come. */
#ifndef INVENTUI_CLIENT_API_ORDERS_H
#define INVENTUI_CLIENT_API_ORDERS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "client/api.h"
#include "client/api_page.h"
#include "model/order.h"

struct api_order_query {
    const char *status; /* NULL: any */
    bool all_users;     /* every customer's orders (admin group only) */
    int limit;          /* 0: the API's default */
    const char *next_token;
};

/* A page parsed (for the items as received: api_orders_list_json). */
struct api_order_page {
    struct order *items;
    size_t count;
    char *next_token; /* NULL on the last page */
};

void api_order_page_free(struct api_order_page *p);
/* Fills o from one order object; -1 when id or status is missing or a
 * number is of the wrong type. o owns copies of the strings. */
int api_order_parse(const cJSON *obj, struct order *o);

/* One page of the caller's orders (q->all_users: everyone's, GET
 * /orders?all=true), newest first; on API_OK page is filled
 * (free it). res is always to be freed with api_result_free(). */
enum api_rc api_orders_list(struct api *a, const struct api_order_query *q,
                            struct api_order_page *page,
                            struct api_result *res);
/* The same page with its items as received (each checked to be an
 * order); api_page_free() it. */
enum api_rc api_orders_list_json(struct api *a, const struct api_order_query *q,
                                 struct api_page *page, struct api_result *res);
/* On API_OK *o is filled (order_clear() it) and res->data is its JSON. */
enum api_rc api_orders_get(struct api *a, const char *id, struct order *o,
                           struct api_result *res);
/* Places an order; key is the Idempotency-Key of this user action. */
enum api_rc api_orders_create(struct api *a, const char *product_id,
                              long long quantity, const char *key,
                              struct order *o, struct api_result *res);
/* POST /orders/{id}/cancel: the order as it is now (CANCELLED). */
enum api_rc api_orders_cancel(struct api *a, const char *id, struct order *o,
                              struct api_result *res);

#endif
