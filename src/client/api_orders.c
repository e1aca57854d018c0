#include "client/api_orders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api_json.h"
#include "common/mem.h"
#include "common/strbuf.h"

void api_order_page_free(struct api_order_page *p)
{
    for (size_t i = 0; i < p->count; i++)
        order_clear(&p->items[i]);
    free(p->items);
    free(p->next_token);
    memset(p, 0, sizeof *p);
}

/* A number member that may be absent (0) but not of another type. */
static bool optional_whole(const cJSON *obj, const char *name, long long *out)
{
    *out = 0;
    if (!cJSON_GetObjectItemCaseSensitive(obj, name))
        return true;
    return api_json_whole(obj, name, out);
}

int api_order_parse(const cJSON *obj, struct order *o)
{
    memset(o, 0, sizeof *o);
    const char *id = api_json_str(obj, "id");
    const char *status = api_json_str(obj, "status");
    if (!id || !status || strlen(id) >= sizeof o->id ||
        !optional_whole(obj, "quantity", &o->quantity) ||
        !optional_whole(obj, "pricePerUnit", &o->price_per_unit) ||
        !optional_whole(obj, "totalAmount", &o->total_amount))
        return -1;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(obj, "items");
    const cJSON *first = cJSON_IsArray(items) ? cJSON_GetArrayItem(items, 0)
                                              : NULL;
    const char *pid = api_json_str(obj, "productId");
    const char *pname = api_json_str(obj, "productName");
    if (!pid)
        pid = api_json_str(first, "productId");
    if (!pname)
        pname = api_json_str(first, "productName");
    snprintf(o->id, sizeof o->id, "%s", id);
    snprintf(o->status, sizeof o->status, "%s", status);
    snprintf(o->product_id, sizeof o->product_id, "%s", pid ? pid : "");
    o->product_name = xstrdup(pname ? pname : "");
    const char *uid = api_json_str(obj, "userId");
    const char *mail = api_json_str(obj, "userEmail");
    o->user_id = xstrdup(uid ? uid : "");
    o->user_email = xstrdup(mail ? mail : "");
    o->created_at = api_json_time(obj, "createdAt");
    o->updated_at = api_json_time(obj, "updatedAt");
    return 0;
}

static int parse_item(const cJSON *obj, void *item)
{
    return api_order_parse(obj, item);
}

static void clear_item(void *item)
{
    order_clear(item);
}

static const struct api_page_type ORDER_PAGE = {
    "an order list", sizeof(struct order), parse_item, clear_item};

/* The path of the page q asks for (caller frees). */
static char *list_path(const struct api_order_query *q)
{
    struct strbuf query = {0};
    if (q->status)
        api_page_param(&query, "status", q->status);
    if (q->all_users)
        api_page_param(&query, "all", "true");
    return api_page_path("/orders", &query, q->limit, q->next_token);
}

enum api_rc api_orders_list(struct api *a, const struct api_order_query *q,
                            struct api_order_page *page,
                            struct api_result *res)
{
    memset(page, 0, sizeof *page);
    char *path = list_path(q);
    void *items;
    enum api_rc rc = api_page_get_parsed(a, path, &ORDER_PAGE, &items,
                                         &page->count, &page->next_token, res);
    page->items = items;
    free(path);
    return rc;
}

enum api_rc api_orders_list_json(struct api *a, const struct api_order_query *q,
                                 struct api_page *page, struct api_result *res)
{
    char *path = list_path(q);
    enum api_rc rc = api_page_get_json(a, path, &ORDER_PAGE, page, res);
    free(path);
    return rc;
}

static enum api_rc order_answer(struct api_result *res, struct order *o)
{
    if (res->rc != API_OK)
        return res->rc;
    if (api_order_parse(res->data, o) != 0)
        return api_json_bad_answer(res, "an order");
    return API_OK;
}

enum api_rc api_orders_get(struct api *a, const char *id, struct order *o,
                           struct api_result *res)
{
    memset(o, 0, sizeof *o);
    char *path = api_json_path("/orders", id, "");
    api_call(a, "GET", path, NULL, res);
    free(path);
    return order_answer(res, o);
}

enum api_rc api_orders_create(struct api *a, const char *product_id,
                              long long quantity, const char *key,
                              struct order *o, struct api_result *res)
{
    memset(o, 0, sizeof *o);
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "productId", product_id);
    cJSON_AddNumberToObject(req, "quantity", (double)quantity);
    char *body = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    api_post_idempotent(a, "/orders", body, key, res);
    free(body);
    return order_answer(res, o);
}

enum api_rc api_orders_cancel(struct api *a, const char *id, struct order *o,
                              struct api_result *res)
{
    memset(o, 0, sizeof *o);
    char *path = api_json_path("/orders", id, "/cancel");
    api_call(a, "POST", path, NULL, res);
    free(path);
    return order_answer(res, o);
}
