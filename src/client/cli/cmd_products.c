/* inventui products list | get (create, update, delete: cmd_products_write.c). */
#include <stdlib.h>
#include <string.h>

#include "client/api_products.h"
#include "client/cli/args.h"
#include "client/cli/cli.h"
#include "client/cli/shortid.h"
#include "client/cli/show.h"
#include "client/cli/table.h"
#include "client/format.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/strbuf.h"

static const char HELP[] =
    "usage: inventui products list [--category C] [--search S] [--limit N]\n"
    "                              [--all] [--json]\n"
    "       inventui products get ID [--json]\n"
    "       inventui products create --name N --description D --category C\n"
    "                                --price DOLLARS --quantity N --sku S\n"
    "                                [--image-url URL] [--json]\n"
    "       inventui products update ID [--name N] [--description D]\n"
    "                                [--category C] [--price DOLLARS]\n"
    "                                [--quantity N] [--sku S]\n"
    "                                [--image-url URL|\"\"] [--json]\n"
    "       inventui products delete ID [--yes] [--json]\n"
    "\n"
    "list   newest first; --limit N products (1-100, default 20), --all\n"
    "       every page. --json prints a JSON array. --category in any case.\n"
    "get    one product by id (or the first 8 or more characters of it, as\n"
    "       the list shows them; so for update and delete).\n"
    "create a new product; --price in dollars with at most two decimals\n"
    "       (12.34), sent as integer cents. Retried safely: one\n"
    "       Idempotency-Key per command.\n"
    "update the given fields only (at least one); --image-url \"\" removes\n"
    "       the image.\n"
    "delete asks on a terminal; without one, --yes is required.\n"
    "create, update and delete need the admin group.\n"
    "\n"
    "exit codes: 0 ok, 1 the API refused (each bad field is named; not an\n"
    "admin), 2 usage, 3 not signed in, 4 the API could not be reached\n";

/* One page for the pager: the items as received and the next token. */
static enum api_rc fetch_page(struct api *a, void *ctx, const char *token,
                              struct api_page *page, struct api_result *res)
{
    struct api_product_query q = *(const struct api_product_query *)ctx;
    q.next_token = token;
    return api_products_list_json(a, &q, page, res);
}

/* Newest first, as the API sorts them: CREATED says so. At 80 columns
 * the id shrinks to its short form, CREATED to the date, NAME to 20; the
 * SKU goes before CATEGORY narrows. */
static void print_list(const cJSON *items, const void *ctx)
{
    (void)ctx;
    enum { ID, NAME, CATEGORY, PRICE, QTY, BADGE, SKU, CREATED, NCOLS };
    static const struct table_col cols[NCOLS] = {
        [ID] = {"ID", TABLE_ID, 0, 1},
        [NAME] = {"NAME", 0, 20, 3},
        [CATEGORY] = {"CATEGORY", TABLE_OPTIONAL, 8, 5},
        [PRICE] = {"PRICE", TABLE_RIGHT, 0, 0},
        [QTY] = {"QTY", TABLE_RIGHT, 0, 0},
        [BADGE] = {"", 0, 0, 0}, /* LOW, OUT */
        [SKU] = {"SKU", TABLE_OPTIONAL, 10, 4},
        [CREATED] = {"CREATED", TABLE_PREFIX, 10, 2},
    };
    struct table t;
    table_init(&t, cols, NCOLS);
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        struct product p;
        if (api_product_parse(it, &p) != 0)
            continue; /* cannot happen: api_products_list_json refused such a page */
        char price[32], qty[32], created[64];
        format_price(p.price, price, sizeof price);
        snprintf(qty, sizeof qty, "%lld", p.quantity);
        format_time(p.created_at, 0, created, sizeof created);
        enum colour_role stock;
        const char *badge = colour_stock(p.quantity, &stock);
        const char *row[NCOLS] = {
            [ID] = p.id, [NAME] = p.name, [CATEGORY] = p.category,
            [PRICE] = price, [QTY] = qty, [BADGE] = badge, [SKU] = p.sku,
            [CREATED] = created};
        table_add(&t, row);
        table_role(&t, QTY, stock);
        table_role(&t, BADGE, stock);
        product_clear(&p);
    }
    table_print(&t, stdout);
    table_free(&t);
}

/* An empty list says so, and what it was filtered by. */
static void say_none(const void *ctx)
{
    const struct api_product_query *q = ctx;
    char *search = q->search ? sanitize_text(q->search) : NULL;
    char *category = q->category ? sanitize_text(q->category) : NULL;
    printf("no products%s%s%s%s%s\n", category ? " in category " : "",
           category ? category : "", search ? " matching \"" : "",
           search ? search : "", search ? "\"" : "");
    free(search);
    free(category);
}

static int list(struct cli *c, struct api *a, int argc, char **argv)
{
    struct api_product_query q = {0};
    bool all = false;
    for (int i = 1; i < argc;) {
        bool missing = false;
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--category", &missing))) {
            q.category = args_choice(v, PRODUCT_CATEGORIES);
        } else if (!missing &&
                   (v = cli_option(argc, argv, &i, "--search", &missing))) {
            q.search = v;
        } else if (!missing &&
                   (v = cli_option(argc, argv, &i, "--limit", &missing))) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || end == v || n < 1 || n > 100) {
                cli_error("--limit must be a whole number from 1 to 100");
                return CLI_USAGE;
            }
            q.limit = (int)n;
        } else if (missing) {
            cli_error("%s needs a value", argv[i - 1]);
            return CLI_USAGE;
        } else if (!strcmp(argv[i], "--all")) {
            all = true;
            i++;
        } else {
            cli_error("products list: unexpected \"%s\"", argv[i]);
            cli_usage_help(HELP);
            return CLI_USAGE;
        }
    }
    size_t want = all ? (size_t)-1 : (size_t)(q.limit ? q.limit : 20);
    struct pager pg;
    struct api_result res;
    int rc = CLI_OK;
    /* Short or empty pages may still carry a nextToken (DynamoDB scans):
     * the pager keeps asking until the count is reached or pages end. */
    if (cli_collect(a, fetch_page, &q, want, &pg, &res) != API_OK) {
        rc = cli_api_error(&res);
    } else {
        const struct cli_shown shown = {"products", say_none, print_list, &q};
        cli_show_listing(c, &pg, all, &shown);
    }
    api_result_free(&res);
    pager_free(&pg);
    return rc;
}

static int get(struct cli *c, struct api *a, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        cli_error("usage: inventui products get ID");
        return CLI_USAGE;
    }
    char *id;
    int rc = shortid_resolve(a, SHORTID_PRODUCT, argv[1], NULL, &id);
    if (rc != CLI_OK)
        return rc;
    struct product p;
    struct api_result res;
    enum api_rc arc = api_products_get(a, id, &p, &res);
    free(id);
    if (arc != API_OK) {
        rc = cli_api_error(&res);
    } else if (c->json) {
        cli_print_json(res.data);
    } else {
        show_product(&p);
    }
    product_clear(&p);
    api_result_free(&res);
    return rc;
}

/* HELP and the fields' limits, from the rules the server checks
 * (model/product.h). Caller frees. */
static char *help_text(void)
{
    char min[32], max[32];
    format_price(1, min, sizeof min);
    format_price(PRODUCT_PRICE_MAX, max, sizeof max);
    struct strbuf sb = {0};
    strbuf_puts(&sb, HELP);
    strbuf_printf(
        &sb,
        "\n"
        "limits (the server checks the same):\n"
        "  --name         %d to %d characters\n"
        "  --description  %d to %d characters\n"
        "  --category    ",
        PRODUCT_NAME_MIN, PRODUCT_NAME_MAX, PRODUCT_DESC_MIN,
        PRODUCT_DESC_MAX);
    size_t col = 16;
    for (size_t i = 0; PRODUCT_CATEGORIES[i]; i++) {
        size_t n = strlen(PRODUCT_CATEGORIES[i]) + 2;
        if (col + n > 76) { /* the categories wrap under the first */
            strbuf_puts(&sb, "\n                ");
            col = 16;
        }
        strbuf_printf(&sb, " %s%s", PRODUCT_CATEGORIES[i],
                      PRODUCT_CATEGORIES[i + 1] ? "," : "");
        col += n;
    }
    strbuf_printf(
        &sb,
        " (any case)\n"
        "  --price        %s to %s\n"
        "  --quantity     %d to %lld\n"
        "  --sku          %d to %d characters: A-Z a-z 0-9 - _\n"
        "  --image-url    at most %d characters\n"
        "  --search       at most %d characters\n",
        min, max, 0, PRODUCT_QUANTITY_MAX, PRODUCT_SKU_MIN, PRODUCT_SKU_MAX,
        PRODUCT_IMAGE_URL_MAX, PRODUCT_SEARCH_MAX);
    return strbuf_detach(&sb, NULL);
}

int cli_products(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUBS[] = {
        {"list", list}, {"get", get}, {"create", cli_products_create},
        {"update", cli_products_update}, {"delete", cli_products_delete}};
    char *help = help_text();
    int rc = cli_dispatch(c, help, SUBS, sizeof SUBS / sizeof *SUBS, argc,
                          argv);
    free(help);
    return rc;
}
