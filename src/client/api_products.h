/* api_products — the products resource as C structs: a page of the list,
 * one product. Tolerant of the deployed system: short or empty pages that
 * still carry a nextToken, isLowStock or lowStock, missing optional
 * fields. */
#ifndef INVENTUI_CLIENT_API_PRODUCTS_H
#define INVENTUI_CLIENT_API_PRODUCTS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "client/api.h"
#include "client/api_page.h"
#include "model/product.h"

struct api_product_query {
    const char *category; /* NULL: any */
    const char *search;   /* NULL: none */
    int limit;            /* 0: the API's default */
    const char *next_token;
};

/* A page parsed (for the items as received: api_products_list_json). */
struct api_product_page {
    struct product *items;
    size_t count;
    char *next_token; /* NULL on the last page */
};

void api_product_page_free(struct api_product_page *p);
/* Fills p from one product object; -1 when required members are missing
 * or of the wrong type. p owns copies of the strings. */
int api_product_parse(const cJSON *obj, struct product *p);

/* One page. On API_OK page is filled (free it); else res says why. res
 * is always to be freed with api_result_free(). */
enum api_rc api_products_list(struct api *a, const struct api_product_query *q,
                              struct api_product_page *page,
                              struct api_result *res);
/* The same page with its items as received (each checked to be a
 * product); api_page_free() it. */
enum api_rc api_products_list_json(struct api *a,
                                   const struct api_product_query *q,
                                   struct api_page *page,
                                   struct api_result *res);
/* One product by id; on API_OK *p is filled (product_clear() it) and
 * res->data is its JSON. */
enum api_rc api_products_get(struct api *a, const char *id, struct product *p,
                             struct api_result *res);

/* A new product from every field of in (image_url optional), sent with
 * the Idempotency-Key key. On API_OK *p is the created product
 * (product_clear() it) and res->data its JSON. */
enum api_rc api_products_create(struct api *a, const struct product_input *in,
                                const char *key, struct product *p,
                                struct api_result *res);
/* Changes the fields named in in->fields (image_url NULL with its bit:
 * remove the image). On API_OK *p is the product as it is now. */
enum api_rc api_products_update(struct api *a, const char *id,
                                const struct product_input *in,
                                struct product *p, struct api_result *res);
/* Deletes a product; res->data is {message, deletedId}. */
enum api_rc api_products_delete(struct api *a, const char *id,
                                struct api_result *res);

#endif
