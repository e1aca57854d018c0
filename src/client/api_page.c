/* api_page — reading a listing's pages for every resource module. */
#include "client/api_page.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api_json.h"
#include "common/mem.h"

void api_page_free(struct api_page *p)
{
    cJSON_Delete(p->items);
    free(p->next_token);
    memset(p, 0, sizeof *p);
}

void api_page_param(struct strbuf *query, const char *name, const char *value)
{
    char *esc = curl_easy_escape(NULL, value, 0);
    strbuf_printf(query, "%c%s=%s", query->len ? '&' : '?', name,
                  esc ? esc : "");
    curl_free(esc);
}

char *api_page_path(const char *base, struct strbuf *query, int limit,
                    const char *next_token)
{
    if (limit > 0) {
        char n[16];
        snprintf(n, sizeof n, "%d", limit);
        api_page_param(query, "limit", n);
    }
    if (next_token)
        api_page_param(query, "nextToken", next_token);
    char *path = str_printf("%s%s", base, query->len ? query->buf : "");
    strbuf_free(query);
    return path;
}

/* A member under its name or, as some deployments spell it, capitalised. */
static const cJSON *member(const cJSON *obj, const char *name,
                           const char *other)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return v ? v : cJSON_GetObjectItemCaseSensitive(obj, other);
}

/* The items of a listing (borrowed from data), or NULL; *next is its
 * token (NULL on the last page). */
static const cJSON *listing(const cJSON *data, const char **next)
{
    const cJSON *items = member(data, "items", "Items");
    const cJSON *tok = member(data, "nextToken", "NextToken");
    *next = cJSON_IsString(tok) && tok->valuestring[0] ? tok->valuestring
                                                        : NULL;
    return cJSON_IsArray(items) ? items : NULL;
}

int api_page_read(const cJSON *data, struct api_page *page)
{
    memset(page, 0, sizeof *page);
    const char *next;
    const cJSON *items = listing(data, &next);
    if (!items)
        return -1;
    page->items = cJSON_Duplicate(items, 1);
    page->next_token = next ? xstrdup(next) : NULL;
    return 0;
}

/* 0 when every item of page parses as t's. */
static int check_items(const struct api_page *page,
                       const struct api_page_type *t)
{
    void *one = xmalloc(t->size);
    int rc = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, page->items) {
        if (t->parse(it, one) != 0) {
            rc = -1;
            break;
        }
        t->clear(one);
    }
    free(one);
    return rc;
}

enum api_rc api_page_get_json(struct api *a, const char *path,
                              const struct api_page_type *t,
                              struct api_page *page, struct api_result *res)
{
    memset(page, 0, sizeof *page);
    api_call(a, "GET", path, NULL, res);
    if (res->rc != API_OK)
        return res->rc;
    if (api_page_read(res->data, page) != 0 || check_items(page, t) != 0) {
        api_page_free(page);
        return api_json_bad_answer(res, t->what);
    }
    return API_OK;
}

enum api_rc api_page_get_parsed(struct api *a, const char *path,
                                const struct api_page_type *t, void **items,
                                size_t *count, char **next_token,
                                struct api_result *res)
{
    *items = NULL;
    *count = 0;
    *next_token = NULL;
    api_call(a, "GET", path, NULL, res);
    if (res->rc != API_OK)
        return res->rc;
    const char *next;
    const cJSON *list = listing(res->data, &next);
    if (!list)
        return api_json_bad_answer(res, t->what);
    size_t n = (size_t)cJSON_GetArraySize(list);
    char *arr = xcalloc(n ? n : 1, t->size);
    size_t k = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, list) {
        if (t->parse(it, arr + k * t->size) != 0)
            break;
        k++;
    }
    if (k < n) {
        for (size_t i = 0; i < k; i++)
            t->clear(arr + i * t->size);
        free(arr);
        return api_json_bad_answer(res, t->what);
    }
    *items = arr;
    *count = k;
    *next_token = next ? xstrdup(next) : NULL;
    return API_OK;
}
