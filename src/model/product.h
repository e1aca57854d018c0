/* product — the product of the inventory API: its fields, its JSON form,
 * and the rules every product must follow (one set, for server and
 * client). */
#ifndef INVENTUI_MODEL_PRODUCT_H
#define INVENTUI_MODEL_PRODUCT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/jsonw.h"
#include "common/uuid.h"

#define PRODUCT_LOW_STOCK 10 /* isLowStock: quantity below this */
#define PRODUCT_NAME_MIN 3
#define PRODUCT_NAME_MAX 200
#define PRODUCT_DESC_MIN 10
#define PRODUCT_DESC_MAX 2000
#define PRODUCT_PRICE_MAX 100000000LL /* cents */
#define PRODUCT_QUANTITY_MAX 1000000LL
#define PRODUCT_SKU_MIN 3
#define PRODUCT_SKU_MAX 50
#define PRODUCT_IMAGE_URL_MAX 500
#define PRODUCT_SEARCH_MAX 100

/* electronics, clothing, home, sports, books, toys, food, other; NULL-ended. */
extern const char *const PRODUCT_CATEGORIES[];
bool product_category_valid(const char *s);

struct product {
    char id[UUID_STR_LEN];
    char *name;
    char *description;
    char category[16];
    long long price;    /* cents */
    long long quantity;
    char *sku;
    char *image_url;    /* NULL when none */
    int64_t created_at; /* epoch ms */
    int64_t updated_at;
    char *created_by;   /* the creator's sub */
};

/* Frees the strings a product owns. */
void product_clear(struct product *p);
/* Writes the API's JSON object for p (with isLowStock). */
void product_write_json(struct jsonw *w, const struct product *p);

/* The fields a request sets; bits of product_input.fields. */
enum {
    PRODUCT_F_NAME = 1 << 0,
    PRODUCT_F_DESCRIPTION = 1 << 1,
    PRODUCT_F_CATEGORY = 1 << 2,
    PRODUCT_F_PRICE = 1 << 3,
    PRODUCT_F_QUANTITY = 1 << 4,
    PRODUCT_F_SKU = 1 << 5,
    PRODUCT_F_IMAGE_URL = 1 << 6,
    PRODUCT_F_ALL = (1 << 7) - 1,
};

/* A validated create or update request. Strings point into the parsed
 * request body, which must outlive it. image_url NULL with the bit set
 * means "remove the image". */
struct product_input {
    unsigned fields;
    const char *name, *description, *category, *sku, *image_url;
    long long price, quantity;
};

/* Validates a request body: every field for a create (partial false), the
 * given ones for an update (at least one). Returns NULL when valid, else
 * the details array [{field, message}] naming every bad field (caller
 * frees). Unknown members are ignored, as the deployed API does. The
 * text fields (name, description) are trimmed in body (model/validate.h
 * says why): in points at the trimmed text. */
cJSON *product_input_parse(cJSON *body, bool partial,
                           struct product_input *in);

#endif
