/* api_page — one page of a listing, read the same way for every resource
 * (products, orders, the DLQ): {items, count, nextToken} in the envelope's
 * data or bare (the deployed system; Items/NextToken accepted too), an
 * empty nextToken meaning the last page, short or empty pages that still
 * carry one kept as they are. A page is either the items as received
 * (struct api_page, for --json output and the fetch-all pager) or parsed
 * into structs (the typed pages of api_products.h, api_orders.h,
 * api_admin.h), never both. */
#ifndef INVENTUI_CLIENT_API_PAGE_H
#define INVENTUI_CLIENT_API_PAGE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "client/api.h"
#include "common/strbuf.h"

/* A page as received. */
struct api_page {
    cJSON *items;     /* the items exactly as received (a JSON array) */
    char *next_token; /* NULL on the last page */
};
/* Frees what a page owns (a zeroed page is fine). */
void api_page_free(struct api_page *p);

/* What the items of a resource's pages are. */
struct api_page_type {
    const char *what;  /* "a product list": says what a bad answer is not */
    size_t size;       /* bytes of one parsed item */
    int (*parse)(const cJSON *obj, void *item); /* 0, or -1 (nothing kept) */
    void (*clear)(void *item);                  /* frees one parsed item */
};

/* Adds name=value (URL-escaped) to a query string being built: "?" before
 * the first parameter, "&" before the others. */
void api_page_param(struct strbuf *query, const char *name, const char *value);
/* base + the query so far + limit (when > 0) + nextToken (when not NULL):
 * the path of one page. Frees query's buffer; caller frees the path. */
char *api_page_path(const char *base, struct strbuf *query, int limit,
                    const char *next_token);

/* Reads the page out of an answer's data (no network): 0 with *page
 * filled (api_page_free it), -1 when data is not a listing. */
int api_page_read(const cJSON *data, struct api_page *page);

/* GETs one page at path, every item checked with t->parse. On API_OK
 * *page holds the items as received; an answer that is not a listing of
 * t's items becomes API_UNREACHABLE ("… is not a product list"). *page is
 * zeroed otherwise. res is always to be freed with api_result_free(). */
enum api_rc api_page_get_json(struct api *a, const char *path,
                              const struct api_page_type *t,
                              struct api_page *page, struct api_result *res);
/* The same page parsed: on API_OK *items is an array of *count items of
 * t->size bytes (free each with t->clear, then the array) and *next_token
 * (caller frees) the next page's token or NULL. */
enum api_rc api_page_get_parsed(struct api *a, const char *path,
                                const struct api_page_type *t, void **items,
                                size_t *count, char **next_token,
                                struct api_result *res);

#endif
