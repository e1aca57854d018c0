#include "client/api_products.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api_json.h"
#include "common/mem.h"
#include "common/strbuf.h"

void api_product_page_free(struct api_product_page *p)
{
    for (size_t i = 0; i < p->count; i++)
        product_clear(&p->items[i]);
    free(p->items);
    free(p->next_token);
    memset(p, 0, sizeof *p);
}

int api_product_parse(const cJSON *obj, struct product *p)
{
    memset(p, 0, sizeof *p);
    const char *id = api_json_str(obj, "id"), *name = api_json_str(obj, "name");
    const char *category = api_json_str(obj, "category");
    const char *sku = api_json_str(obj, "sku");
    const char *description = api_json_str(obj, "description");
    const char *image_url = api_json_str(obj, "imageUrl");
    const char *created_by = api_json_str(obj, "createdBy");
    if (!id || !name || strlen(id) >= sizeof p->id ||
        !api_json_whole(obj, "price", &p->price) ||
        !api_json_whole(obj, "quantity", &p->quantity))
        return -1;
    snprintf(p->id, sizeof p->id, "%s", id);
    /* Unknown categories are shown as they come, cut to fit. */
    snprintf(p->category, sizeof p->category, "%s", category ? category : "");
    p->name = xstrdup(name);
    p->description = xstrdup(description ? description : "");
    p->sku = xstrdup(sku ? sku : "");
    p->image_url = image_url ? xstrdup(image_url) : NULL;
    p->created_by = created_by ? xstrdup(created_by) : NULL;
    p->created_at = api_json_time(obj, "createdAt");
    p->updated_at = api_json_time(obj, "updatedAt");
    return 0;
}

static int parse_item(const cJSON *obj, void *item)
{
    return api_product_parse(obj, item);
}

static void clear_item(void *item)
{
    product_clear(item);
}

static const struct api_page_type PRODUCT_PAGE = {
    "a product list", sizeof(struct product), parse_item, clear_item};

/* The path of the page q asks for (caller frees). */
static char *list_path(const struct api_product_query *q)
{
    struct strbuf query = {0};
    if (q->category)
        api_page_param(&query, "category", q->category);
    if (q->search)
        api_page_param(&query, "search", q->search);
    return api_page_path("/products", &query, q->limit, q->next_token);
}

enum api_rc api_products_list(struct api *a, const struct api_product_query *q,
                              struct api_product_page *page,
                              struct api_result *res)
{
    memset(page, 0, sizeof *page);
    char *path = list_path(q);
    void *items;
    enum api_rc rc = api_page_get_parsed(a, path, &PRODUCT_PAGE, &items,
                                         &page->count, &page->next_token, res);
    page->items = items;
    free(path);
    return rc;
}

enum api_rc api_products_list_json(struct api *a,
                                   const struct api_product_query *q,
                                   struct api_page *page,
                                   struct api_result *res)
{
    char *path = list_path(q);
    enum api_rc rc = api_page_get_json(a, path, &PRODUCT_PAGE, page, res);
    free(path);
    return rc;
}

enum api_rc api_products_get(struct api *a, const char *id, struct product *p,
                             struct api_result *res)
{
    memset(p, 0, sizeof *p);
    char *path = api_json_path("/products", id, "");
    api_call(a, "GET", path, NULL, res);
    free(path);
    if (res->rc != API_OK)
        return res->rc;
    if (api_product_parse(res->data, p) != 0)
        return api_json_bad_answer(res, "a product");
    return API_OK;
}

/* The request body for the fields of in. */
static char *input_body(const struct product_input *in)
{
    cJSON *o = cJSON_CreateObject();
    if (in->fields & PRODUCT_F_NAME)
        cJSON_AddStringToObject(o, "name", in->name);
    if (in->fields & PRODUCT_F_DESCRIPTION)
        cJSON_AddStringToObject(o, "description", in->description);
    if (in->fields & PRODUCT_F_CATEGORY)
        cJSON_AddStringToObject(o, "category", in->category);
    if (in->fields & PRODUCT_F_PRICE)
        cJSON_AddNumberToObject(o, "price", (double)in->price);
    if (in->fields & PRODUCT_F_QUANTITY)
        cJSON_AddNumberToObject(o, "quantity", (double)in->quantity);
    if (in->fields & PRODUCT_F_SKU)
        cJSON_AddStringToObject(o, "sku", in->sku);
    if ((in->fields & PRODUCT_F_IMAGE_URL) && in->image_url)
        cJSON_AddStringToObject(o, "imageUrl", in->image_url);
    else if (in->fields & PRODUCT_F_IMAGE_URL)
        cJSON_AddNullToObject(o, "imageUrl");
    char *body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return body;
}

static enum api_rc product_answer(struct api_result *res, struct product *p)
{
    if (res->rc != API_OK)
        return res->rc;
    if (api_product_parse(res->data, p) != 0)
        return api_json_bad_answer(res, "a product");
    return API_OK;
}

enum api_rc api_products_create(struct api *a, const struct product_input *in,
                                const char *key, struct product *p,
                                struct api_result *res)
{
    memset(p, 0, sizeof *p);
    char *body = input_body(in);
    api_post_idempotent(a, "/products", body, key, res);
    free(body);
    return product_answer(res, p);
}

enum api_rc api_products_update(struct api *a, const char *id,
                                const struct product_input *in,
                                struct product *p, struct api_result *res)
{
    memset(p, 0, sizeof *p);
    char *body = input_body(in);
    char *path = api_json_path("/products", id, "");
    api_call(a, "PUT", path, body, res);
    free(path);
    free(body);
    return product_answer(res, p);
}

enum api_rc api_products_delete(struct api *a, const char *id,
                                struct api_result *res)
{
    char *path = api_json_path("/products", id, "");
    api_call(a, "DELETE", path, NULL, res);
    free(path);
    return res->rc;
}
