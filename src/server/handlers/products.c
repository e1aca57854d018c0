/* products — POST/GET /products, GET/PUT/DELETE /products/{id}. */
#include "server/handlers/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "model/product.h"
#include "model/validate.h"
#include "server/handlers/idempotency.h"
#include "server/handlers/listing.h"
#include "server/server.h"
#include "server/store/store_cache.h"
#include "server/store/store_products.h"

/* The data JSON of a product (malloc'd): what POST /products records
 * under an Idempotency-Key. */
static char *product_json(const void *p)
{
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    product_write_json(&w, p);
    return strbuf_detach(&sb, NULL);
}

static void respond_product(struct request *rq, struct response *rs,
                            int status, const struct product *p)
{
    char *json = product_json(p);
    respond_data_text(rq, rs, status, json, strlen(json));
    free(json);
}

static void not_found(struct request *rq, struct response *rs)
{
    respond_error(rq, rs, 404, "NOT_FOUND", "Product not found", NULL);
}

static void sku_taken(struct request *rq, struct response *rs, const char *sku)
{
    char msg[128];
    snprintf(msg, sizeof msg, "A product with SKU %s already exists", sku);
    cJSON *details = cJSON_CreateArray();
    validate_fail(details, "sku", "sku must be unique");
    respond_error(rq, rs, 409, "CONFLICT", msg, details);
}

void handle_products_create(struct request *rq, struct response *rs)
{
    cJSON *body = request_json_object(rq, rs);
    if (!body)
        return;
    struct product_input in;
    cJSON *details = product_input_parse(body, false, &in);
    struct idem_claim idem;
    bool keyed = idem_from_request(rq, "POST /products", body, 201,
                                   product_json, &idem, &details);
    if (details) {
        respond_validation(rq, rs, details);
        cJSON_Delete(body);
        return;
    }
    struct product p = {0};
    uuid_v4(p.id);
    p.name = (char *)in.name;
    p.description = (char *)in.description;
    snprintf(p.category, sizeof p.category, "%s", in.category);
    p.price = in.price;
    p.quantity = in.quantity;
    p.sku = (char *)in.sku;
    p.image_url = (char *)in.image_url;
    p.created_at = p.updated_at = time_now_ms();
    p.created_by = (char *)rq->user->sub;
    enum store_rc r = store_product_create_write(rq->srv->store, &p,
                                                 keyed ? &idem : NULL);
    if (r == STORE_OK)
        respond_product(rq, rs, 201, &p);
    else if (r == STORE_REPLAY)
        idem_respond_replay(rq, rs, &idem);
    else if (r == STORE_CONFLICT)
        sku_taken(rq, rs, in.sku ? in.sku : "");
    else
        respond_internal(rq, rs);
    idem_claim_clear(&idem);
    cJSON_Delete(body); /* p borrowed its strings from body */
}

void handle_products_get(struct request *rq, struct response *rs)
{
    char id[UUID_STR_LEN];
    if (!listing_path_id(rq, rs, id))
        return;
    struct store_conn *c = request_db(rq);
    struct product p;
    enum store_rc r = c ? store_product_get(c, id, &p) : STORE_ERROR;
    if (r == STORE_OK) {
        respond_product(rq, rs, 200, &p);
        product_clear(&p);
    } else if (r == STORE_NOT_FOUND) {
        not_found(rq, rs);
    } else {
        respond_internal(rq, rs);
    }
}

static void write_product(const struct product *p, void *w)
{
    product_write_json(w, p);
}

/* What one page of GET /products is read with. */
struct page_read {
    struct request *rq; /* for the cursor key */
    const char *category, *search;
    const struct listing *l;
};

/* The data JSON of a page: {"items":[…],"count":…,"nextToken":…}. */
static enum store_rc write_page(struct store_conn *c, void *arg,
                                struct strbuf *out)
{
    const struct page_read *pr = arg;
    struct jsonw w;
    jsonw_init(&w, out);
    listing_begin(&w);
    struct store_page pg;
    enum store_rc r = store_product_list(c, pr->category, pr->search,
                                         pr->l->before, pr->l->limit,
                                         write_product, &w, &pg);
    if (r == STORE_OK)
        listing_end(pr->rq, &w, pr->l, pg.count, pg.more, pg.last_seq);
    return r;
}

void handle_products_list(struct request *rq, struct response *rs)
{
    cJSON *details = cJSON_CreateArray();
    const char *category = request_query(rq, "category");
    const char *search = request_query(rq, "search");
    if (category && !*category)
        category = NULL;
    if (search && !*search)
        search = NULL; /* "?search=" lists everything, as no search does */
    if (category && !product_category_valid(category))
        validate_fail(details, "category",
                      "category must be one of electronics, clothing, home, "
                      "sports, books, toys, food, other");
    if (search) {
        long len = validate_utf8_length(search);
        if (len < 0 || len > PRODUCT_SEARCH_MAX ||
            validate_has_control(search, false))
            validate_fail(details, "search",
                          "search must be at most %d characters of text",
                          PRODUCT_SEARCH_MAX);
    }
    const char *scope[] = {"products", category, search};
    struct listing l;
    listing_parse(rq, details, scope, 3, &l);
    if (cJSON_GetArraySize(details) > 0) {
        respond_validation(rq, rs, details);
        return;
    }
    cJSON_Delete(details);

    /* The hot path: rows go from the statement straight into the one
     * response buffer, no copy per row or field; and while no write has
     * been committed since, the page written last time is copied whole
     * (store_cache.h): it is the same for every caller. */
    struct store_conn *c = request_db(rq);
    struct strbuf sb = {0};
    strbuf_reserve(&sb, LISTING_ROW_BYTES * (size_t)(l.limit + 1));
    respond_data_start(&sb);
    struct page_read pr = {rq, category, search, &l};
    char key[512];
    int n = snprintf(key, sizeof key, "products\x1f%s\x1f%s\x1f%lld\x1f%d",
                     category ? category : "", search ? search : "",
                     (long long)l.before, l.limit);
    enum store_rc r = STORE_ERROR;
    if (c && n > 0 && (size_t)n < sizeof key)
        r = store_read_cached(c, key, write_page, &pr, &sb);
    else if (c)
        r = write_page(c, &pr, &sb); /* a key too long to keep */
    if (r != STORE_OK) {
        strbuf_free(&sb);
        respond_internal(rq, rs);
        return;
    }
    respond_data_finish(rq, rs, 200, &sb);
}

void handle_products_update(struct request *rq, struct response *rs)
{
    char id[UUID_STR_LEN];
    if (!listing_path_id(rq, rs, id))
        return;
    cJSON *body = request_json_object(rq, rs);
    if (!body)
        return;
    struct product_input in;
    cJSON *details = product_input_parse(body, true, &in);
    if (details) {
        respond_validation(rq, rs, details);
        cJSON_Delete(body);
        return;
    }
    struct store_conn *c = request_db(rq);
    struct product p;
    enum store_rc r = c ? store_product_update(c, id, &in, time_now_ms(), &p)
                        : STORE_ERROR;
    if (r == STORE_OK) {
        respond_product(rq, rs, 200, &p);
        product_clear(&p);
    } else if (r == STORE_NOT_FOUND) {
        not_found(rq, rs);
    } else if (r == STORE_CONFLICT) {
        sku_taken(rq, rs, in.sku ? in.sku : "");
    } else {
        respond_internal(rq, rs);
    }
    cJSON_Delete(body);
}

void handle_products_delete(struct request *rq, struct response *rs)
{
    char id[UUID_STR_LEN];
    if (!listing_path_id(rq, rs, id))
        return;
    struct store_conn *c = request_db(rq);
    enum store_rc r = c ? store_product_delete(c, id) : STORE_ERROR;
    if (r == STORE_OK) {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "message", "Product deleted successfully");
        cJSON_AddStringToObject(d, "deletedId", id);
        respond_data(rq, rs, 200, d);
    } else if (r == STORE_NOT_FOUND) {
        not_found(rq, rs);
    } else {
        respond_internal(rq, rs);
    }
}
