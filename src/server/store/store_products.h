/* store_products — products in the store. Ids are lower-case UUIDs;
 * listing is newest first by seq (the insertion order). */
#ifndef INVENTUI_SERVER_STORE_PRODUCTS_H
#define INVENTUI_SERVER_STORE_PRODUCTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/product.h"
#include "server/store/store.h"

struct product_page {
    struct product *items; /* owned; product_page_free */
    int count;
    bool more;             /* another page follows */
    int64_t last_seq;      /* seq of the last item: the next page's cursor */
};

void product_page_free(struct product_page *pg);

/* STORE_NOT_FOUND when absent. */
enum store_rc store_product_get(struct store_conn *c, const char *id,
                                struct product *out);
/* Inserts p as is. STORE_CONFLICT when its SKU is taken. */
enum store_rc store_product_create(struct store_conn *c,
                                   const struct product *p);
/* Applies the fields of in to product id at time now and fills *out with
 * the result. STORE_NOT_FOUND, STORE_CONFLICT (SKU taken). */
enum store_rc store_product_update(struct store_conn *c, const char *id,
                                   const struct product_input *in,
                                   int64_t now, struct product *out);
/* STORE_NOT_FOUND when absent. */
enum store_rc store_product_delete(struct store_conn *c, const char *id);
/* Up to limit products with seq < before (0: from the newest), optionally
 * of one category and whose name contains search (case-insensitive). */
enum store_rc store_product_list(struct store_conn *c, const char *category,
                                 const char *search, int64_t before,
                                 int limit, struct product_page *out);
/* How many products there are (for the demo seed). */
long long store_product_count(struct store_conn *c);

#endif
