/* order — an order of the inventory API: fields, JSON form (with the
 * deployed system's items[]), statuses, and the create-request rules. */
#ifndef INVENTUI_MODEL_ORDER_H
#define INVENTUI_MODEL_ORDER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/jsonw.h"
#include "common/uuid.h"

#define ORDER_QUANTITY_MAX 100

/* PENDING, CONFIRMED, CANCELLED: what the server writes; NULL-ended. */
extern const char *const ORDER_STATUSES[];
bool order_status_valid(const char *s);

struct order {
    char id[UUID_STR_LEN];
    char *user_id;
    char *user_email;
    char product_id[UUID_STR_LEN];
    char *product_name;
    long long quantity;
    long long price_per_unit; /* cents */
    long long total_amount;   /* quantity × price_per_unit */
    char status[16];
    int64_t created_at;       /* epoch ms */
    int64_t updated_at;
};

void order_clear(struct order *o);
/* Writes the API's JSON object for o, items[] included. */
void order_write_json(struct jsonw *w, const struct order *o);
/* The seed's SQS message body for o (caller frees). */
char *order_queue_body(const struct order *o);

struct order_input {
    const char *product_id; /* points into the request body */
    long long quantity;
};

/* Validates a create-order body; NULL when valid, else details. */
cJSON *order_input_parse(const cJSON *body, struct order_input *in);

#endif
