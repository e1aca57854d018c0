/* pager — fetch-all over a listing's pages, and the token history that
 * lets a page-by-page view go back. */
#include "client/pager.h"

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
        struct api_page page = {0};
        api_result_free(res);
        rc = fetch(a, ctx, token, &page, res);
        if (rc != API_OK) {
            api_page_free(&page);
            break;
        }
        cJSON *it;
        while ((it = cJSON_DetachItemFromArray(page.items, 0))) {
            if ((size_t)cJSON_GetArraySize(p->items) < want) {
                cJSON_AddItemToArray(p->items, it);
            } else {
                cJSON_Delete(it);
                p->more = true;
            }
        }
        free(token);
        token = page.next_token;
        page.next_token = NULL;
        api_page_free(&page);
        if (!token)
            break;
        /* A token seen before would page in a circle for ever. */
        if (seen_before(seen, nseen, token)) {
            p->repeated = true;
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

void page_nav_init(struct page_nav *nav)
{
    memset(nav, 0, sizeof *nav);
}

void page_nav_free(struct page_nav *nav)
{
    for (size_t i = 0; i < nav->depth; i++)
        free(nav->tokens[i]);
    free(nav->tokens);
    memset(nav, 0, sizeof *nav);
}

void page_nav_reset(struct page_nav *nav)
{
    page_nav_free(nav);
}

const char *page_nav_token(const struct page_nav *nav)
{
    return nav->depth ? nav->tokens[nav->depth - 1] : NULL;
}

bool page_nav_next(struct page_nav *nav, const char *next_token)
{
    if (!next_token || !*next_token)
        return false;
    if (seen_before(nav->tokens, nav->depth, next_token))
        return false;
    nav->tokens = xrealloc(nav->tokens, (nav->depth + 1) * sizeof *nav->tokens);
    nav->tokens[nav->depth++] = xstrdup(next_token);
    return true;
}

bool page_nav_skip(struct page_nav *nav, const char *next_token)
{
    if (!next_token || !*next_token ||
        seen_before(nav->tokens, nav->depth, next_token))
        return false;
    if (!nav->depth)
        return page_nav_next(nav, next_token);
    free(nav->tokens[nav->depth - 1]);
    nav->tokens[nav->depth - 1] = xstrdup(next_token);
    return true;
}

bool page_nav_prev(struct page_nav *nav)
{
    if (!nav->depth)
        return false;
    free(nav->tokens[--nav->depth]);
    return true;
}

size_t page_nav_index(const struct page_nav *nav)
{
    return nav->depth;
}
