/* shortid — a short id to the whole one, by listing. */
#include "client/cli/shortid.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/api_admin.h"
#include "client/api_orders.h"
#include "client/api_products.h"
#include "client/cli/cli.h"
#include "client/pager.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/strbuf.h"

/* What one kind of id belongs to, and how to list them. */
struct kind {
    const char *what; /* "product": "no product id starts with …" */
    enum api_rc (*fetch)(struct api *a, const char *token,
                         struct api_page *page, struct api_result *res);
    /* The item's id and (label not NULL) a few words to tell it by; 0, or
     * -1 when it is not one. Caller frees both. */
    int (*read)(const cJSON *item, char **id, char **label);
};

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

static int product_read(const cJSON *item, char **id, char **label)
{
    struct product p;
    if (api_product_parse(item, &p) != 0)
        return -1;
    *id = xstrdup(p.id);
    if (label)
        *label = xstrdup(p.name ? p.name : "");
    product_clear(&p);
    return 0;
}

static int order_read(const cJSON *item, char **id, char **label)
{
    struct order o;
    if (api_order_parse(item, &o) != 0)
        return -1;
    *id = xstrdup(o.id);
    if (label)
        *label = str_printf("%s, %s", o.status,
                            o.product_name ? o.product_name : "");
    order_clear(&o);
    return 0;
}

static int dlq_read(const cJSON *item, char **id, char **label)
{
    struct dlq_message m;
    if (api_dlq_parse(item, &m) != 0)
        return -1;
    *id = xstrdup(m.message_id);
    if (label)
        *label = str_printf("order %s", m.order_id[0] ? m.order_id : "-");
    dlq_message_clear(&m);
    return 0;
}

static const struct kind KINDS[] = {
    [SHORTID_PRODUCT] = {"product", products_page, product_read},
    [SHORTID_ORDER] = {"order", orders_page, order_read},
    [SHORTID_DLQ_MESSAGE] = {"DLQ message", dlq_page, dlq_read},
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
        char *id = NULL;
        if (s->k->read(it, &id, NULL) != 0 ||
            strncasecmp(id, s->prefix, n) != 0)
            cJSON_Delete(cJSON_DetachItemViaPointer(page->items, it));
        free(id);
    }
    return API_OK;
}

/* The matches on stderr, one a line: the whole id and what it is. */
static void list_matches(const struct kind *k, const cJSON *items)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        char *id = NULL, *label = NULL;
        if (k->read(it, &id, &label) != 0)
            continue; /* scan_page kept only items it could read */
        char *clean_id = sanitize_text(id);
        char *clean_label = sanitize_text(label);
        fprintf(stderr, "  %s  %s\n", clean_id, clean_label);
        free(clean_id);
        free(clean_label);
        free(id);
        free(label);
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
        cli_error("\"%s\" is too short for a %s id: give at least %d "
                  "characters of it",
                  arg, k->what, SHORTID_MIN);
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
                  "(%d %ss) were searched; give the whole id",
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
        rc = k->read(pg.items->child, id, NULL) == 0 ? CLI_OK : CLI_REFUSED;
    }
out:
    api_result_free(&res);
    pager_free(&pg);
    return rc;
}
