/* store_products — products in the store. Ids are lower-case UUIDs;
 * listing is newest first by seq (the insertion order). */
#ifndef INVENTUI_SERVER_STORE_PRODUCTS_H
#define INVENTUI_SERVER_STORE_PRODUCTS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/product.h"
#include "server/store/store.h"

struct idem_claim;

/* Called for each product of a page, in order. p and its strings are
 * borrowed from the statement: valid only during the call. */
typedef void (*product_row_fn)(const struct product *p, void *arg);

/* STORE_NOT_FOUND when absent. */
enum store_rc store_product_get(struct store_conn *c, const char *id,
                                struct product *out);
/* Inserts p as is. STORE_CONFLICT when its SKU is taken. */
enum store_rc store_product_create(struct store_conn *c,
                                   const struct product *p);
/* store_product_create() as a store_write() job (group commit); with idem
 * (may be NULL) the key is looked up first (STORE_REPLAY: nothing created,
 * see store_idempotency.h) and recorded with the product. */
enum store_rc store_product_create_write(struct store *s,
                                         const struct product *p,
                                         struct idem_claim *idem);
/* Applies the fields of in to product id at time now and fills *out with
 * the result. STORE_NOT_FOUND, STORE_CONFLICT (SKU taken). */
enum store_rc store_product_update(struct store_conn *c, const char *id,
                                   const struct product_input *in,
                                   int64_t now, struct product *out);
/* STORE_NOT_FOUND when absent. */
enum store_rc store_product_delete(struct store_conn *c, const char *id);
/* Up to limit products with seq < before (0: from the newest), optionally
 * of one category and whose name contains search (case-insensitive,
 * ASCII), newest first, each handed to fn without copying. On
 * STORE_ERROR some rows may already have been handed over. */
enum store_rc store_product_list(struct store_conn *c, const char *category,
                                 const char *search, int64_t before,
                                 int limit, product_row_fn fn, void *arg,
                                 struct store_page *out);
/* How many products there are (for the demo seed). */
long long store_product_count(struct store_conn *c);

#endif
