#include "model/product.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/validate.h"

const char *const PRODUCT_CATEGORIES[] = {
    "electronics", "clothing", "home", "sports",
    "books", "toys", "food", "other", NULL,
};

bool product_category_valid(const char *s)
{
    for (const char *const *c = PRODUCT_CATEGORIES; *c; c++)
        if (strcmp(*c, s) == 0)
            return true;
    return false;
}

void product_clear(struct product *p)
{
    free(p->name);
    free(p->description);
    free(p->sku);
    free(p->image_url);
    free(p->created_by);
    memset(p, 0, sizeof *p);
}

void product_write_json(struct jsonw *w, const struct product *p)
{
    jsonw_object_begin(w);
    jsonw_key(w, "id");
    jsonw_string(w, p->id);
    jsonw_key(w, "name");
    jsonw_string(w, p->name);
    jsonw_key(w, "description");
    jsonw_string(w, p->description);
    jsonw_key(w, "category");
    jsonw_string(w, p->category);
    jsonw_key(w, "price");
    jsonw_int(w, p->price);
    jsonw_key(w, "quantity");
    jsonw_int(w, p->quantity);
    jsonw_key(w, "sku");
    jsonw_string(w, p->sku);
    if (p->image_url) {
        jsonw_key(w, "imageUrl");
        jsonw_string(w, p->image_url);
    }
    jsonw_key(w, "createdAt");
    jsonw_time(w, p->created_at);
    jsonw_key(w, "updatedAt");
    jsonw_time(w, p->updated_at);
    jsonw_key(w, "createdBy");
    jsonw_string(w, p->created_by);
    jsonw_key(w, "isLowStock");
    jsonw_bool(w, p->quantity < PRODUCT_LOW_STOCK);
    jsonw_object_end(w);
}

static bool sku_chars_ok(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

static bool url_ok(const char *s)
{
    const char *rest;
    if (strncasecmp(s, "https://", 8) == 0)
        rest = s + 8;
    else if (strncasecmp(s, "http://", 7) == 0)
        rest = s + 7;
    else
        return false;
    /* A host, and no spaces or quotes anywhere. */
    if (!*rest || *rest == '/' || *rest == '?' || *rest == '#')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == '"' || *p == '<' || *p == '>' ||
            *p == '\\' || (unsigned char)*p == 0x7f)
            return false;
    return true;
}

cJSON *product_input_parse(cJSON *body, bool partial,
                           struct product_input *in)
{
    memset(in, 0, sizeof *in);
    cJSON *details = cJSON_CreateArray();
    cJSON *v;

    if ((v = cJSON_GetObjectItemCaseSensitive(body, "name")) || !partial) {
        in->fields |= PRODUCT_F_NAME;
        in->name = validate_text(details, v, "name", PRODUCT_NAME_MIN,
                                 PRODUCT_NAME_MAX, false);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(body, "description")) || !partial) {
        in->fields |= PRODUCT_F_DESCRIPTION;
        in->description = validate_text(details, v, "description",
                                        PRODUCT_DESC_MIN, PRODUCT_DESC_MAX,
                                        true);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(body, "category")) || !partial) {
        in->fields |= PRODUCT_F_CATEGORY;
        if (cJSON_IsString(v) && product_category_valid(v->valuestring))
            in->category = v->valuestring;
        else
            validate_fail(details, "category",
                          "category must be one of electronics, clothing, "
                          "home, sports, books, toys, food, other");
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(body, "price")) || !partial) {
        in->fields |= PRODUCT_F_PRICE;
        validate_int(details, v, "price", 1, PRODUCT_PRICE_MAX, &in->price);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(body, "quantity")) || !partial) {
        in->fields |= PRODUCT_F_QUANTITY;
        validate_int(details, v, "quantity", 0, PRODUCT_QUANTITY_MAX,
                     &in->quantity);
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(body, "sku")) || !partial) {
        in->fields |= PRODUCT_F_SKU;
        size_t len = cJSON_IsString(v) ? strlen(v->valuestring) : 0;
        if (cJSON_IsString(v) && len >= PRODUCT_SKU_MIN &&
            len <= PRODUCT_SKU_MAX && sku_chars_ok(v->valuestring))
            in->sku = v->valuestring;
        else
            validate_fail(details, "sku",
                          "sku must be 3 to 50 characters of A-Z, a-z, "
                          "0-9, - and _");
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(body, "imageUrl"))) {
        in->fields |= PRODUCT_F_IMAGE_URL;
        if (cJSON_IsNull(v) || (cJSON_IsString(v) && !*v->valuestring))
            in->image_url = NULL; /* no image */
        else if (cJSON_IsString(v) &&
                 strlen(v->valuestring) <= PRODUCT_IMAGE_URL_MAX &&
                 validate_utf8_length(v->valuestring) >= 0 &&
                 url_ok(v->valuestring))
            in->image_url = v->valuestring;
        else
            validate_fail(details, "imageUrl",
                          "imageUrl must be an http:// or https:// URL of at "
                          "most 500 characters");
    }
    if (partial && in->fields == 0)
        validate_fail(details, "body",
                      "an update must set at least one of name, description, "
                      "category, price, quantity, sku, imageUrl");
    if (cJSON_GetArraySize(details) == 0) {
        cJSON_Delete(details);
        return NULL;
    }
    return details;
}
