/* GET /products' query string as the handler reads it: split and
 * %-decoded the way libmicrohttpd does (MHD_http_unescape), then
 * category, search, limit and nextToken checked with the handler's own
 * calls (listing_read, cursor_decode). A token the server made for a
 * (positive) seq taken from the input must decode to that seq, for that
 * scope only. */
#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <stdbool.h>

#include "fuzz/fuzz.h"
#include "model/product.h"
#include "model/validate.h"
#include "server/handlers/cursor.h"
#include "server/handlers/listing.h"

static const unsigned char KEY[32] = "fuzzing-cursor-key-32-bytes-long";

struct query {
    const char *limit, *token, *category, *search;
};

static void take(struct query *q, char *pair)
{
    char *eq = strchr(pair, '=');
    char *value = eq ? eq + 1 : pair + strlen(pair);
    if (eq)
        *eq = '\0';
    for (char *p = pair; *p; p++)
        if (*p == '+')
            *p = ' ';
    for (char *p = value; *p; p++)
        if (*p == '+')
            *p = ' ';
    MHD_http_unescape(pair);
    MHD_http_unescape(value);
    if (!strcmp(pair, "limit"))
        q->limit = value;
    else if (!strcmp(pair, "nextToken"))
        q->token = value;
    else if (!strcmp(pair, "category"))
        q->category = value;
    else if (!strcmp(pair, "search"))
        q->search = value;
}

static void round_trip(const uint8_t *data, size_t size, uint64_t scope)
{
    int64_t seq = 0;
    memcpy(&seq, data, size < sizeof seq ? size : sizeof seq);
    seq = (int64_t)((uint64_t)seq & INT64_MAX); /* seqs are positive */
    if (seq == 0)
        seq = 1;
    char *token = cursor_encode(KEY, seq, scope);
    int64_t back = -1;
    FUZZ_ASSERT(cursor_decode(KEY, token, scope, &back) == 0 && back == seq);
    FUZZ_ASSERT(cursor_decode(KEY, token, scope + 1, &back) != 0);
    free(token);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct query q = {0};
    char *save = NULL;
    for (char *pair = strtok_r(text, "&", &save); pair;
         pair = strtok_r(NULL, "&", &save))
        take(&q, pair);

    cJSON *details = cJSON_CreateArray();
    const char *category = q.category && *q.category ? q.category : NULL;
    const char *search = q.search && *q.search ? q.search : NULL;
    if (category && !product_category_valid(category))
        validate_fail(details, "category", "bad category");
    if (search) {
        long len = validate_utf8_length(search);
        if (len < 0 || len > PRODUCT_SEARCH_MAX ||
            validate_has_control(search, false))
            validate_fail(details, "search", "bad search");
    }
    const char *scope[] = {"products", category, search};
    struct listing l;
    listing_read(q.limit, q.token, KEY, details, scope, 3, &l);
    FUZZ_ASSERT(l.limit >= 1 && l.limit <= LISTING_MAX_LIMIT);
    cJSON_Delete(details);

    /* The whole input as a token, and a token of ours. */
    char *raw = fuzz_text(data, size);
    int64_t seq;
    (void)cursor_decode(KEY, raw, l.scope, &seq);
    free(raw);
    round_trip(data, size, l.scope);
    free(text);
    return 0;
}
