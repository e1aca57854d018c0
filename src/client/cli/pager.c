#include "client/cli/pager.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PAGES 10000 /* a server that never stops paging */

void pager_free(struct pager *p)
{
    cJSON_Delete(p->items);
    memset(p, 0, sizeof *p);
}

enum api_rc pager_collect(struct api *a, pager_fetch_fn fetch, void *ctx,
                          size_t want, struct pager *p,
                          struct api_result *res)
{
    memset(p, 0, sizeof *p);
    memset(res, 0, sizeof *res);
    p->items = cJSON_CreateArray();
    char *token = NULL;
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
        /* A token that does not move on would loop for ever. */
        bool same = token && next && !strcmp(token, next);
        free(token);
        token = next;
        if (!token || same)
            break;
        if ((size_t)cJSON_GetArraySize(p->items) >= want) {
            p->more = true;
            break;
        }
    }
    free(token);
    return rc;
}
