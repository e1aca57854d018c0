/* The client's reading of an answer from the API: the first byte picks
 * the HTTP status, then an optional header block ending in a blank line
 * (CRLF CRLF), then the body. api_parse_answer sorts it (envelope, error,
 * Retry-After); then the data is read as a page and its items as
 * products, orders and DLQ messages, and as one product or order, and
 * what a person would see is formatted and sanitised. */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "client/api.h"
#include "client/api_admin.h"
#include "client/api_orders.h"
#include "client/api_page.h"
#include "client/api_products.h"
#include "client/format.h"
#include "common/json_strict.h"
#include "common/sanitize.h"
#include "fuzz/fuzz.h"
#include "model/validate.h"

static const long STATUS[] = {200, 201, 204, 400, 401, 403, 404,
                              409, 429, 500, 502, 503, 504, 302};

/* The text a person sees, which must be safe to print. */
static void shown(const char *s)
{
    char *clean = sanitize_text(s);
    FUZZ_ASSERT(!validate_has_control(clean, false));
    free(clean);
}

static void read_item(const cJSON *item)
{
    struct product p;
    memset(&p, 0, sizeof p);
    if (api_product_parse(item, &p) == 0) {
        char price[64];
        format_price(p.price, price, sizeof price);
        format_price_grouped(p.price, price, sizeof price);
        shown(p.name);
        shown(p.description);
    }
    product_clear(&p);
    struct order o;
    memset(&o, 0, sizeof o);
    if (api_order_parse(item, &o) == 0) {
        char when[64];
        format_time(o.created_at, 1, when, sizeof when);
        format_age(o.created_at, when, sizeof when);
    }
    order_clear(&o);
    struct dlq_message m;
    memset(&m, 0, sizeof m);
    if (api_dlq_parse(item, &m) == 0)
        shown(m.last_error);
    dlq_message_clear(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = fuzz_text(data + 1, size - 1);
    struct http_response resp = {.status = STATUS[data[0] % 14]};
    char *blank = strstr(text, "\r\n\r\n");
    if (blank) {
        resp.headers = strndup(text, (size_t)(blank - text) + 4);
        resp.body = strdup(blank + 4);
    } else {
        resp.body = strdup(text);
    }
    resp.body_len = strlen(resp.body);
    struct api_result res;
    memset(&res, 0, sizeof res);
    api_parse_answer(&resp, &res);
    /* Only strict JSON is read (cJSON alone took \uZZZZ as a NUL). */
    FUZZ_ASSERT(!res.json || json_strict_check(resp.body, resp.body_len, NULL));
    if (res.rc != API_OK)
        FUZZ_ASSERT(res.message);
    if (res.message)
        shown(res.message);
    if (res.data) {
        struct api_page page;
        if (api_page_read(res.data, &page) == 0) {
            const cJSON *item;
            cJSON_ArrayForEach(item, page.items)
                read_item(item);
        }
        api_page_free(&page);
        read_item(res.data);
    }
    api_result_free(&res);
    free(resp.headers);
    free(resp.body);
    free(text);
    return 0;
}
