/* listing — what the resource routes share: the {id} path parameter,
 * limit and nextToken validated into a page request, and the page's JSON
 * frame. */
#ifndef INVENTUI_SERVER_HANDLERS_LISTING_H
#define INVENTUI_SERVER_HANDLERS_LISTING_H

#include <stdbool.h>
#include <stdint.h>

#include "common/jsonw.h"
#include "server/http/request.h"

#define LISTING_DEFAULT_LIMIT 20
#define LISTING_MAX_LIMIT 100
/* Room reserved per row of a page up front (a typical product is ~450
 * bytes of JSON), so the buffer rarely grows while rows are written. */
#define LISTING_ROW_BYTES 640

struct listing {
    int limit;
    int64_t before; /* seq from nextToken; 0 for the first page */
    uint64_t scope;
};

/* The {id} of the path as a lower-case UUID; answers 400 itself (and
 * returns false) when it is not one. */
bool listing_path_id(struct request *rq, struct response *rs,
                     char id[UUID_STR_LEN]);
/* limit and nextToken's values (NULL when absent) for a list scoped by
 * scope_parts, tokens checked with cursor_key; records problems in
 * details (a cJSON array). */
void listing_read(const char *limit, const char *token,
                  const unsigned char cursor_key[32], cJSON *details,
                  const char *const *scope_parts, int nparts,
                  struct listing *out);
/* listing_read with the request's query and the server's key. */
void listing_parse(struct request *rq, cJSON *details,
                   const char *const *scope_parts, int nparts,
                   struct listing *out);
/* Starts {"items":[ …; the caller writes the items. */
void listing_begin(struct jsonw *w);
/* Ends the items, writes count and nextToken (null unless more). */
void listing_end(struct request *rq, struct jsonw *w, const struct listing *l,
                 int count, bool more, int64_t last_seq);

#endif
