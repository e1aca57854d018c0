#include "server/handlers/listing.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "model/validate.h"
#include "server/handlers/cursor.h"
#include "server/server.h"

bool listing_path_id(struct request *rq, struct response *rs,
                     char id[UUID_STR_LEN])
{
    const char *raw = rq->params[0];
    if (!uuid_is_valid(raw)) {
        cJSON *details = cJSON_CreateArray();
        validate_fail(details, "id", "id must be a UUID");
        respond_validation(rq, rs, details);
        return false;
    }
    for (int i = 0; i < UUID_STR_LEN; i++)
        id[i] = (char)tolower((unsigned char)raw[i]);
    return true;
}

void listing_read(const char *limit, const char *token,
                  const unsigned char cursor_key[32], cJSON *details,
                  const char *const *scope_parts, int nparts,
                  struct listing *out)
{
    out->limit = LISTING_DEFAULT_LIMIT;
    out->before = 0;
    out->scope = cursor_scope(scope_parts, nparts);
    if (limit) {
        char *end;
        errno = 0;
        long v = strtol(limit, &end, 10);
        if (errno || end == limit || *end || v < 1 || v > LISTING_MAX_LIMIT)
            validate_fail(details, "limit",
                          "limit must be a whole number from 1 to %d",
                          LISTING_MAX_LIMIT);
        else
            out->limit = (int)v;
    }
    if (token && *token &&
        cursor_decode(cursor_key, token, out->scope, &out->before) != 0)
        validate_fail(details, "nextToken",
                      "nextToken is not a token this list gave out (it may "
                      "belong to other filters)");
}

void listing_parse(struct request *rq, cJSON *details,
                   const char *const *scope_parts, int nparts,
                   struct listing *out)
{
    listing_read(request_query(rq, "limit"), request_query(rq, "nextToken"),
                 rq->srv->cursor_key, details, scope_parts, nparts, out);
}

void listing_begin(struct jsonw *w)
{
    jsonw_object_begin(w);
    jsonw_key(w, "items");
    jsonw_array_begin(w);
}

void listing_end(struct request *rq, struct jsonw *w, const struct listing *l,
                 int count, bool more, int64_t last_seq)
{
    jsonw_array_end(w);
    jsonw_key(w, "count");
    jsonw_int(w, count);
    jsonw_key(w, "nextToken");
    if (more) {
        char *t = cursor_encode(rq->srv->cursor_key, last_seq, l->scope);
        jsonw_string(w, t);
        free(t);
    } else {
        jsonw_null(w);
    }
    jsonw_object_end(w);
}
