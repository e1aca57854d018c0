/* shortid — a short id to the whole one, by listing. */
#include "client/cli/shortid.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/api_admin.h"
#include "client/api_json.h"
#include "client/api_orders.h"
#include "client/api_products.h"
#include "client/cli/cli.h"
#include "client/pager.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/strbuf.h"

static enum api_rc products_page(struct api *a, const char *token,
                                 struct api_page *page, struct api_result *res)
{
    struct api_product_query q = {.limit = SHORTID_PAGE_LIMIT,
                                  .next_token = token};
    return api_products_list_json(a, &q, page, res);
}

static enum api_rc orders_page(struct api *a, const char *token,
                               struct api_page *page, struct api_result *res)
{
    struct api_order_query q = {.limit = SHORTID_PAGE_LIMIT,
                                .next_token = token};
    return api_orders_list_json(a, &q, page, res);
}

static enum api_rc dlq_page(struct api *a, const char *token,
                            struct api_page *page, struct api_result *res)
{
    return api_dlq_list_json(a, SHORTID_PAGE_LIMIT, token, page, res);
}

/* What one kind of id belongs to, and how to list them. The pages'
 * items were each checked to be one of these (api_*_list_json), so the
 * members are read as they are. */
struct kind {
    const char *what; /* "product": "no product id starts with …" */
    enum api_rc (*fetch)(struct api *a, const char *token,
                         struct api_page *page, struct api_result *res);
    const char *id;        /* the member holding the id */
    const char *label[2];  /* members that tell a match apart, or NULL */
};

static const struct kind KINDS[] = {
    [SHORTID_PRODUCT] = {"product", products_page, "id", {"name", NULL}},
    [SHORTID_ORDER] = {"order", orders_page, "id",
                       {"status", "productName"}},
    [SHORTID_DLQ_MESSAGE] = {"DLQ message", dlq_page, "messageId",
                             {"orderId", NULL}},
};

/* Could s be the beginning of a UUID (hex digits, dashes where a UUID has
 * them)? */
static bool uuid_prefix(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (i >= 36 || (dash ? s[i] != '-' : !strchr("0123456789abcdefABCDEF",
                                                     s[i])))
            return false;
    }
    return i > 0;
}

/* The listing, page by page, keeping only the items whose id starts with
 * the prefix. */
struct scan {
    const struct kind *k;
    const char *prefix;
    int pages;
    bool cut_short; /* SHORTID_MAX_PAGES read and the API had more */
};

static enum api_rc scan_page(struct api *a, void *ctx, const char *token,
                             struct api_page *page, struct api_result *res)
{
    struct scan *s = ctx;
    if (s->pages == SHORTID_MAX_PAGES) {
        /* Ends the listing here as if it were the last page. */
        s->cut_short = true;
        page->items = cJSON_CreateArray();
        page->next_token = NULL;
        return API_OK;
    }
    s->pages++;
    enum api_rc rc = s->k->fetch(a, token, page, res);
    if (rc != API_OK)
        return rc;
    size_t n = strlen(s->prefix);
    for (cJSON *it = page->items->child, *next; it; it = next) {
        next = it->next;
        const char *id = api_json_str(it, s->k->id);
        if (!id || strncasecmp(id, s->prefix, n) != 0)
            cJSON_Delete(cJSON_DetachItemViaPointer(page->items, it));
    }
    return API_OK;
}

/* The matches on stderr, one a line: the whole id and what it is. */
static void list_matches(const struct kind *k, const cJSON *items)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        struct strbuf line = {0};
        strbuf_printf(&line, "  %s ", api_json_str(it, k->id));
        for (size_t i = 0; i < 2 && k->label[i]; i++) {
            const char *v = api_json_str(it, k->label[i]);
            if (v)
                strbuf_printf(&line, "%s %s", i ? "," : "", v);
        }
        char *clean = sanitize_text(line.buf);
        fprintf(stderr, "%s\n", clean);
        free(clean);
        strbuf_free(&line);
    }
}

int shortid_resolve(struct api *a, enum shortid_kind kind, const char *arg,
                    shortid_fail_fn fail, char **id)
{
    *id = NULL;
    if (strlen(arg) == 36 || !uuid_prefix(arg)) {
        *id = xstrdup(arg);
        return CLI_OK;
    }
    const struct kind *k = &KINDS[kind];
    if (strlen(arg) < SHORTID_MIN) {
        cli_error("\"%s\" is too short: give at least %d characters of the "
                  "%s id",
                  arg, SHORTID_MIN, k->what);
        return CLI_USAGE;
    }
    struct scan s = {.k = k, .prefix = arg};
    struct pager pg;
    struct api_result res;
    int rc;
    if (cli_collect(a, scan_page, &s, SIZE_MAX, &pg, &res) != API_OK) {
        rc = fail ? fail(&res) : cli_api_error(&res);
        goto out;
    }
    int n = cJSON_GetArraySize(pg.items);
    if (s.cut_short || pg.repeated) {
        cli_error("cannot tell which %s \"%s\" is: only the first %d pages "
                  "(up to %d %ss) were searched; give the whole id",
                  k->what, arg, s.pages, s.pages * SHORTID_PAGE_LIMIT,
                  k->what);
        list_matches(k, pg.items);
        rc = CLI_USAGE;
    } else if (n == 0) {
        cli_error("no %s id starts with \"%s\" (NOT_FOUND)", k->what, arg);
        rc = CLI_REFUSED;
    } else if (n > 1) {
        cli_error("\"%s\" is the beginning of %d %s ids; give more of it:",
                  arg, n, k->what);
        list_matches(k, pg.items);
        rc = CLI_USAGE;
    } else {
        *id = xstrdup(api_json_str(pg.items->child, k->id));
        rc = CLI_OK;
    }
out:
    api_result_free(&res);
    pager_free(&pg);
    return rc;
}
