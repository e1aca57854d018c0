#include "model/order.h"

#include <stdlib.h>
#include <string.h>

#include "model/validate.h"

const char *const ORDER_STATUSES[] = {"PENDING", "CONFIRMED", "CANCELLED", NULL};

bool order_status_valid(const char *s)
{
    for (const char *const *st = ORDER_STATUSES; *st; st++)
        if (strcmp(*st, s) == 0)
            return true;
    return false;
}

void order_clear(struct order *o)
{
    free(o->user_id);
    free(o->user_email);
    free(o->product_name);
    memset(o, 0, sizeof *o);
}

void order_write_json(struct jsonw *w, const struct order *o)
{
    jsonw_object_begin(w);
    jsonw_key(w, "id");
    jsonw_string(w, o->id);
    jsonw_key(w, "userId");
    jsonw_string(w, o->user_id);
    jsonw_key(w, "userEmail");
    jsonw_string(w, o->user_email);
    jsonw_key(w, "productId");
    jsonw_string(w, o->product_id);
    jsonw_key(w, "productName");
    jsonw_string(w, o->product_name);
    jsonw_key(w, "quantity");
    jsonw_int(w, o->quantity);
    jsonw_key(w, "pricePerUnit");
    jsonw_int(w, o->price_per_unit);
    jsonw_key(w, "totalAmount");
    jsonw_int(w, o->total_amount);
    jsonw_key(w, "status");
    jsonw_string(w, o->status);
    jsonw_key(w, "createdAt");
    jsonw_time(w, o->created_at);
    jsonw_key(w, "updatedAt");
    jsonw_time(w, o->updated_at);
    /* The deployed system's shape: one line per product ordered. */
    jsonw_key(w, "items");
    jsonw_array_begin(w);
    jsonw_object_begin(w);
    jsonw_key(w, "productId");
    jsonw_string(w, o->product_id);
    jsonw_key(w, "productName");
    jsonw_string(w, o->product_name);
    jsonw_key(w, "quantity");
    jsonw_int(w, o->quantity);
    jsonw_key(w, "pricePerUnit");
    jsonw_int(w, o->price_per_unit);
    jsonw_key(w, "totalPrice");
    jsonw_int(w, o->total_amount);
    jsonw_object_end(w);
    jsonw_array_end(w);
    jsonw_object_end(w);
}

char *order_queue_body(const struct order *o)
{
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object_begin(&w);
    jsonw_key(&w, "orderId");
    jsonw_string(&w, o->id);
    jsonw_key(&w, "userId");
    jsonw_string(&w, o->user_id);
    jsonw_key(&w, "userEmail");
    jsonw_string(&w, o->user_email);
    jsonw_key(&w, "productId");
    jsonw_string(&w, o->product_id);
    jsonw_key(&w, "productName");
    jsonw_string(&w, o->product_name);
    jsonw_key(&w, "quantity");
    jsonw_int(&w, o->quantity);
    jsonw_key(&w, "pricePerUnit");
    jsonw_int(&w, o->price_per_unit);
    jsonw_key(&w, "totalAmount");
    jsonw_int(&w, o->total_amount);
    jsonw_key(&w, "status");
    jsonw_string(&w, o->status);
    jsonw_key(&w, "createdAt");
    jsonw_time(&w, o->created_at);
    jsonw_object_end(&w);
    return strbuf_detach(&sb, NULL);
}

cJSON *order_input_parse(const cJSON *body, struct order_input *in)
{
    memset(in, 0, sizeof *in);
    cJSON *details = cJSON_CreateArray();
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, "productId");
    if (cJSON_IsString(v) && uuid_is_valid(v->valuestring))
        in->product_id = v->valuestring;
    else
        validate_fail(details, "productId", "productId must be a UUID");
    v = cJSON_GetObjectItemCaseSensitive(body, "quantity");
    validate_int(details, v, "quantity", 1, ORDER_QUANTITY_MAX, &in->quantity);
    if (cJSON_GetArraySize(details) == 0) {
        cJSON_Delete(details);
        return NULL;
    }
    return details;
}
