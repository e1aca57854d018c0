/* pager — the items of a listing across pages: up to a number of items or
 * all of them, surviving short or empty pages that still carry a
 * nextToken (the deployed DynamoDB scans send those). */
#ifndef INVENTUI_CLIENT_CLI_PAGER_H
#define INVENTUI_CLIENT_CLI_PAGER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "client/api.h"

/* Fetches the page after token (NULL: the first): its items array as
 * received into *items and its nextToken (NULL: last page) into *next,
 * both the caller's. */
typedef enum api_rc (*pager_fetch_fn)(struct api *a, void *ctx,
                                      const char *token, cJSON **items,
                                      char **next, struct api_result *res);

struct pager {
    cJSON *items; /* JSON array of every item taken */
    bool more;    /* items exist beyond `want` */
};

/* Takes up to want items (SIZE_MAX: all). On failure returns the failing
 * page's rc with res filled (api_result_free it); p is always to be freed
 * with pager_free(). */
enum api_rc pager_collect(struct api *a, pager_fetch_fn fetch, void *ctx,
                          size_t want, struct pager *p,
                          struct api_result *res);
void pager_free(struct pager *p);

#endif
