/* inventui products list | get (create, update, delete: cmd_products_write.c). */
#include <stdlib.h>
#include <string.h>

#include "client/api_products.h"
#include "client/cli/cli.h"
#include "client/cli/show.h"
#include "client/cli/table.h"
#include "client/format.h"
#include "common/mem.h"
#include "common/sanitize.h"

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
    "       every page. --json prints a JSON array.\n"
    "get    one product by id.\n"
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

static void print_list(const cJSON *items)
{
    static const char *const head[] = {"ID", "NAME", "CATEGORY", "PRICE",
                                       "QTY", "SKU", "UPDATED"};
    struct table t;
    table_init(&t, 7, head, (1u << 3) | (1u << 4));
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        struct product p;
        if (api_product_parse(it, &p) != 0)
            continue; /* cannot happen: api_products_list_json refused such a page */
        char price[32], qty[32], updated[64];
        format_price(p.price, price, sizeof price);
        snprintf(qty, sizeof qty, "%lld", p.quantity);
        format_time(p.updated_at, 0, updated, sizeof updated);
        const char *row[] = {p.id, p.name, p.category, price, qty, p.sku,
                             updated};
        table_add(&t, row);
        product_clear(&p);
    }
    table_print(&t, stdout);
    table_free(&t);
}

static int list(struct cli *c, struct api *a, int argc, char **argv)
{
    struct api_product_query q = {0};
    bool all = false;
    for (int i = 1; i < argc;) {
        bool missing = false;
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--category", &missing))) {
            q.category = v;
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
        if (c->json)
            cli_print_json(pg.items);
        else
            print_list(pg.items);
        if (pg.more && !all)
            fprintf(stderr, "(more products: use --all, or --limit up to 100)\n");
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
    struct product p;
    struct api_result res;
    enum api_rc arc = api_products_get(a, argv[1], &p, &res);
    int rc = CLI_OK;
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

int cli_products(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUBS[] = {
        {"list", list}, {"get", get}, {"create", cli_products_create},
        {"update", cli_products_update}, {"delete", cli_products_delete}};
    return cli_dispatch(c, HELP, SUBS, sizeof SUBS / sizeof *SUBS, argc, argv);
}
