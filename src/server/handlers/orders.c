/* orders — POST/GET /orders, GET /orders/{id}, POST /orders/{id}/cancel. */
#include "server/handlers/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "model/order.h"
#include "model/validate.h"
#include "server/handlers/idempotency.h"
#include "server/handlers/listing.h"
#include "server/queue/worker.h"
#include "server/server.h"
#include "server/store/store_orders.h"

/* The data JSON of an order (malloc'd): what POST /orders records under
 * an Idempotency-Key. */
static char *order_json(const void *o)
{
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    order_write_json(&w, o);
    return strbuf_detach(&sb, NULL);
}

static void respond_order(struct request *rq, struct response *rs, int status,
                          const struct order *o)
{
    char *json = order_json(o);
    respond_data_text(rq, rs, status, json, strlen(json));
    free(json);
}

void handle_orders_create(struct request *rq, struct response *rs)
{
    cJSON *body = request_json_object(rq, rs);
    if (!body)
        return;
    struct order_input in;
    cJSON *details = order_input_parse(body, &in);
    struct idem_claim idem;
    bool keyed = idem_from_request(rq, "POST /orders", body, 201, order_json,
                                   &idem, &details);
    if (details) {
        respond_validation(rq, rs, details);
        cJSON_Delete(body);
        return;
    }
    char product_id[UUID_STR_LEN];
    for (int i = 0; i < UUID_STR_LEN; i++)
        product_id[i] = (char)(in.product_id[i] >= 'A' && in.product_id[i] <= 'F'
                                   ? in.product_id[i] + 32
                                   : in.product_id[i]);
    struct order_request req = {
        .product_id = product_id,
        .quantity = in.quantity,
        .user_id = rq->user->sub,
        .user_email = rq->user->email,
    };
    struct order o;
    long long available = 0;
    enum store_rc r = store_order_create(rq->srv->store, &req, &o, &available,
                                         keyed ? &idem : NULL);
    if (r == STORE_OK) {
        queue_worker_notify(rq->srv->queue);
        respond_order(rq, rs, 201, &o);
        order_clear(&o);
    } else if (r == STORE_REPLAY) {
        idem_respond_replay(rq, rs, &idem);
    } else if (r == STORE_NOT_FOUND) {
        respond_error(rq, rs, 404, "NOT_FOUND", "Product not found", NULL);
    } else if (r == STORE_INSUFFICIENT) {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddNumberToObject(d, "requested", (double)in.quantity);
        cJSON_AddNumberToObject(d, "available", (double)available);
        respond_error(rq, rs, 409, "INSUFFICIENT_STOCK",
                      "Insufficient stock available", d);
    } else {
        respond_internal(rq, rs);
    }
    idem_claim_clear(&idem);
    cJSON_Delete(body);
}

/* The order of the {id} path, into *o (caller clears), when the caller
 * may act on it: its owner or an admin. Otherwise answers 400, 403 (it
 * may not "what" it), 404 or 500 itself and returns false. */
static bool callers_order(struct request *rq, struct response *rs,
                          const char *what, char id[UUID_STR_LEN],
                          struct order *o)
{
    if (!listing_path_id(rq, rs, id))
        return false;
    struct store_conn *c = request_db(rq);
    enum store_rc r = c ? store_order_get(c, id, o) : STORE_ERROR;
    if (r == STORE_NOT_FOUND) {
        respond_error(rq, rs, 404, "NOT_FOUND", "Order not found", NULL);
        return false;
    }
    if (r != STORE_OK) {
        respond_internal(rq, rs);
        return false;
    }
    if (strcmp(o->user_id, rq->user->sub) != 0 && !rq->user->admin) {
        char msg[96];
        snprintf(msg, sizeof msg,
                 "You do not have permission to %s this order", what);
        respond_error(rq, rs, 403, "FORBIDDEN", msg, NULL);
        order_clear(o);
        return false;
    }
    return true;
}

void handle_orders_get(struct request *rq, struct response *rs)
{
    char id[UUID_STR_LEN];
    struct order o;
    if (!callers_order(rq, rs, "access", id, &o))
        return;
    respond_order(rq, rs, 200, &o);
    order_clear(&o);
}

static void write_order(const struct order *o, void *w)
{
    order_write_json(w, o);
}

/* all=true (every customer's orders), all=false or none (the caller's);
 * anything else is recorded in details. */
static bool wants_all(struct request *rq, cJSON *details)
{
    const char *all = request_query(rq, "all");
    if (!all || !*all || !strcmp(all, "false"))
        return false;
    if (!strcmp(all, "true"))
        return true;
    validate_fail(details, "all", "all must be true or false");
    return false;
}

void handle_orders_list(struct request *rq, struct response *rs)
{
    cJSON *details = cJSON_CreateArray();
    const char *status = request_query(rq, "status");
    if (status && !*status)
        status = NULL;
    if (status && !order_status_valid(status))
        validate_fail(details, "status",
                      "status must be one of PENDING, CONFIRMED, CANCELLED");
    bool all = wants_all(rq, details);
    /* A customer asking for everyone's orders is refused rather than
     * given only theirs: a script must never take part of the orders
     * for all of them. */
    if (all && !rq->user->admin) {
        cJSON_Delete(details);
        respond_error(rq, rs, 403, "FORBIDDEN",
                      "Only administrators can list every customer's "
                      "orders; leave out all=true to list yours",
                      NULL);
        return;
    }
    /* The cursor is bound to the caller and to the view: a page token of
     * one's own orders does not page through everyone's. */
    const char *scope[] = {"orders", rq->user->sub, status, "all"};
    struct listing l;
    listing_parse(rq, details, scope, all ? 4 : 3, &l);
    if (cJSON_GetArraySize(details) > 0) {
        respond_validation(rq, rs, details);
        return;
    }
    cJSON_Delete(details);

    struct store_conn *c = request_db(rq);
    struct strbuf sb = {0};
    strbuf_reserve(&sb, LISTING_ROW_BYTES * (size_t)(l.limit + 1));
    respond_data_start(&sb);
    struct jsonw w;
    jsonw_init(&w, &sb);
    listing_begin(&w);
    struct store_page pg;
    if (!c || store_order_list(c, all ? NULL : rq->user->sub, status,
                               l.before, l.limit, write_order, &w,
                               &pg) != STORE_OK) {
        strbuf_free(&sb);
        respond_internal(rq, rs);
        return;
    }
    listing_end(rq, &w, &l, pg.count, pg.more, pg.last_seq);
    respond_data_finish(rq, rs, 200, &sb);
}

void handle_orders_cancel(struct request *rq, struct response *rs)
{
    /* Who may cancel is settled before the write: an order's owner never
     * changes, only its status, which the write itself checks. */
    char id[UUID_STR_LEN];
    struct order o;
    if (!callers_order(rq, rs, "cancel", id, &o))
        return;
    order_clear(&o);
    enum store_rc r = store_order_cancel(rq->srv->store, id, time_now_ms(), &o);
    if (r == STORE_OK) {
        respond_order(rq, rs, 200, &o);
        order_clear(&o);
    } else if (r == STORE_INVALID) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "Order cannot be cancelled: its status is %s (only PENDING "
                 "or CONFIRMED orders can be)",
                 o.status);
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "status", o.status);
        respond_error(rq, rs, 409, "CONFLICT", msg, d);
        order_clear(&o);
    } else if (r == STORE_NOT_FOUND) {
        respond_error(rq, rs, 404, "NOT_FOUND", "Order not found", NULL);
    } else {
        respond_internal(rq, rs);
    }
}
