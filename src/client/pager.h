/* pager — a listing across pages, both ways the front ends need it:
 *
 * - fetch-all (the CLI): the items of every page up to a number, as
 *   received, surviving short or empty pages that still carry a nextToken
 *   (the deployed DynamoDB scans send those) and stopping when the API
 *   repeats a token;
 * - page by page (the TUI): struct page_nav remembers the token of every
 *   page visited on the way forward, so "previous page" works although the
 *   API only gives a next token. */
#ifndef INVENTUI_CLIENT_PAGER_H
#define INVENTUI_CLIENT_PAGER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "client/api.h"
#include "client/api_page.h"

/* Fetches the page after token (NULL: the first) into *page (the
 * caller's: pager_collect frees it). */
typedef enum api_rc (*pager_fetch_fn)(struct api *a, void *ctx,
                                      const char *token, struct api_page *page,
                                      struct api_result *res);

struct pager {
    cJSON *items;  /* JSON array of every item taken, as received */
    bool more;     /* items exist beyond `want` */
    bool repeated; /* stopped because the API repeated a page token */
};

/* Takes up to want items (SIZE_MAX: all). On failure returns the failing
 * page's rc with res filled (api_result_free it); p is always to be freed
 * with pager_free(). */
enum api_rc pager_collect(struct api *a, pager_fetch_fn fetch, void *ctx,
                          size_t want, struct pager *p,
                          struct api_result *res);
void pager_free(struct pager *p);

/* Where a page-by-page view is: the tokens of the pages before and at the
 * one shown (the first page has none). */
struct page_nav {
    char **tokens; /* tokens[i]: the token of page i + 1 */
    size_t depth;  /* the page shown, from 0 */
};

/* An empty nav: at the first page. */
void page_nav_init(struct page_nav *nav);
/* Frees the tokens; nav is at the first page again. */
void page_nav_free(struct page_nav *nav);
/* Back to the first page (e.g. the filter changed). */
void page_nav_reset(struct page_nav *nav);
/* The token of the page to fetch now: NULL for the first page; borrowed
 * (valid until the nav moves). */
const char *page_nav_token(const struct page_nav *nav);
/* Moves on to the page after the one shown, given that page's nextToken;
 * false (nav unchanged) when there is no next page: next_token NULL or
 * empty, or a token of a page already on the way here (the API paging in
 * a circle). */
bool page_nav_next(struct page_nav *nav, const char *next_token);
/* The page shown was empty but has a nextToken (the deployed system's
 * scans): shows the next page in its place, so going back skips it (from
 * the first page it moves on as page_nav_next does). false as for
 * page_nav_next. */
bool page_nav_skip(struct page_nav *nav, const char *next_token);
/* Moves back one page; false at the first page. */
bool page_nav_prev(struct page_nav *nav);
/* The page shown, from 0. */
size_t page_nav_index(const struct page_nav *nav);

#endif
