/* Product and order request validation as the handlers run it: the body
 * through request_json_object (NUL check, strict JSON, an object), then
 * product_input_parse (create or update) or order_input_parse. What
 * passes is written back as the API's JSON, which must be strict JSON. */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "common/json_strict.h"
#include "common/jsonw.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "fuzz/fuzz.h"
#include "model/order.h"
#include "model/product.h"
#include "server/http/request.h"

static void check_product(const struct product_input *in)
{
    struct product p = {.price = in->price, .quantity = in->quantity};
    p.name = (char *)in->name;
    p.description = (char *)in->description;
    p.sku = (char *)in->sku;
    p.image_url = (char *)in->image_url;
    if (in->category)
        snprintf(p.category, sizeof p.category, "%s", in->category);
    if (in->fields & PRODUCT_F_CATEGORY)
        FUZZ_ASSERT(in->category && product_category_valid(in->category));
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    product_write_json(&w, &p);
    FUZZ_ASSERT(json_strict_check(sb.buf, sb.len, NULL));
    strbuf_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int mode = data[0] % 3;
    char *text = fuzz_text(data + 1, size - 1);
    struct request rq = {.body = text, .body_len = size - 1};
    struct response rs = {0};
    cJSON *body = request_json_object(&rq, &rs);
    if (!body) {
        FUZZ_ASSERT(rs.status == 400 && json_strict_check(rs.body, rs.body_len, NULL));
    } else if (!json_strict_check(text, size - 1, NULL)) {
        abort(); /* the server took what is not JSON (\uZZZZ, 01…) */
    } else if (mode == 2) {
        struct order_input in;
        cJSON *details = order_input_parse(body, &in);
        if (!details)
            FUZZ_ASSERT(uuid_is_valid(in.product_id) && in.quantity >= 1 &&
                        in.quantity <= ORDER_QUANTITY_MAX);
        cJSON_Delete(details);
    } else {
        struct product_input in;
        cJSON *details = product_input_parse(body, mode == 1, &in);
        if (!details)
            check_product(&in);
        cJSON_Delete(details);
    }
    cJSON_Delete(body);
    response_free(&rs);
    free(text);
    return 0;
}
