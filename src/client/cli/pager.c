#include "client/cli/pager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"

#define MAX_PAGES 10000 /* a server that never stops paging */

void pager_free(struct pager *p)
{
    cJSON_Delete(p->items);
    memset(p, 0, sizeof *p);
}

static bool seen_before(char *const *seen, size_t n, const char *token)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(seen[i], token))
            return true;
    return false;
}

enum api_rc pager_collect(struct api *a, pager_fetch_fn fetch, void *ctx,
                          size_t want, struct pager *p,
                          struct api_result *res)
{
    memset(p, 0, sizeof *p);
    memset(res, 0, sizeof *res);
    p->items = cJSON_CreateArray();
    char *token = NULL, **seen = NULL;
    size_t nseen = 0;
    enum api_rc rc = API_OK;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
        cJSON *items = NULL;
        char *next = NULL;
        api_result_free(res);
        rc = fetch(a, ctx, token, &items, &next, res);
        if (rc != API_OK)
            break;
        cJSON *it;
        while ((it = cJSON_DetachItemFromArray(items, 0))) {
            if ((size_t)cJSON_GetArraySize(p->items) < want) {
                cJSON_AddItemToArray(p->items, it);
            } else {
                cJSON_Delete(it);
                p->more = true;
            }
        }
        cJSON_Delete(items);
        free(token);
        token = next;
        if (!token)
            break;
        /* A token seen before would page in a circle for ever. */
        if (seen_before(seen, nseen, token)) {
            fprintf(stderr, "inventui: the API repeated a page token; "
                            "stopped paging there\n");
            break;
        }
        seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
        seen[nseen++] = xstrdup(token);
        if ((size_t)cJSON_GetArraySize(p->items) >= want) {
            p->more = true;
            break;
        }
    }
    free(token);
    for (size_t i = 0; i < nseen; i++)
        free(seen[i]);
    free(seen);
    return rc;
}
