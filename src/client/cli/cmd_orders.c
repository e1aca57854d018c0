/* inventui orders create | list | get | cancel. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/api_orders.h"
#include "client/cli/args.h"
#include "client/cli/cli.h"
#include "client/cli/shortid.h"
#include "client/cli/show.h"
#include "client/cli/table.h"
#include "client/format.h"
#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/uuid.h"

static const char HELP[] =
    "usage: inventui orders create --product ID --quantity N [--json]\n"
    "       inventui orders list [--status S] [--limit N] [--all]\n"
    "                            [--all-users] [--json]\n"
    "       inventui orders get ID [--json]\n"
    "       inventui orders cancel ID [--yes] [--json]\n"
    "\n"
    "create places an order (status PENDING until the queue confirms it).\n"
    "       Retried safely: one Idempotency-Key per command.\n"
    "list   your orders, newest first; --status PENDING, CONFIRMED or\n"
    "       CANCELLED (any case); --limit N orders (1-100, default 20),\n"
    "       --all every page; --all-users every customer's orders, with\n"
    "       whose they are (the admin group only). --json prints a JSON\n"
    "       array.\n"
    "get    one order by id (or the first 8 or more characters of it, as\n"
    "       the list shows them; so for cancel and --product).\n"
    "cancel cancels an order and gives its stock back; asks on a terminal,\n"
    "       without one --yes is required.\n"
    "\n"
    "exit codes: 0 ok, 1 the API refused (e.g. not enough stock, not\n"
    "cancellable, --all-users when not an admin), 2 usage, 3 not signed in,\n"
    "4 the API could not be reached\n";

static int order_done(struct cli *c, enum api_rc arc, struct api_result *res,
                      struct order *o, const char *verb)
{
    int rc = CLI_OK;
    if (arc != API_OK) {
        rc = cli_api_error(res);
    } else if (c->json) {
        cli_print_json(res->data);
    } else {
        if (verb)
            printf("order %s\n", verb);
        show_order(o);
    }
    order_clear(o);
    api_result_free(res);
    return rc;
}

static int create(struct cli *c, struct api *a, int argc, char **argv)
{
    const char *product = NULL;
    long long quantity = -1;
    for (int i = 1; i < argc;) {
        bool missing = false;
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--product", &missing))) {
            product = v;
        } else if (!missing &&
                   (v = cli_option(argc, argv, &i, "--quantity", &missing))) {
            if (!args_whole("--quantity", v, 1, ORDER_QUANTITY_MAX, &quantity))
                return CLI_USAGE;
        } else if (missing) {
            cli_error("%s needs a value", argv[i - 1]);
            return CLI_USAGE;
        } else {
            cli_error("orders create: unexpected \"%s\"", argv[i]);
            return CLI_USAGE;
        }
    }
    if (!product || quantity < 0) {
        cli_error("orders create: --product ID and --quantity N are required");
        return CLI_USAGE;
    }
    char *full;
    int rc = shortid_resolve(a, SHORTID_PRODUCT, product, NULL, &full);
    if (rc != CLI_OK)
        return rc;
    char key[UUID_STR_LEN];
    uuid_v4(key); /* one per command, the same on every retry */
    struct order o;
    struct api_result res;
    enum api_rc arc = api_orders_create(a, full, quantity, key, &o, &res);
    free(full);
    return order_done(c, arc, &res, &o, "placed");
}

static enum api_rc fetch_page(struct api *a, void *ctx, const char *token,
                              struct api_page *page, struct api_result *res)
{
    struct api_order_query q = *(const struct api_order_query *)ctx;
    q.next_token = token;
    return api_orders_list_json(a, &q, page, res);
}

/* The orders as a table; with customers, whose each one is (a column
 * after the id). */
static void print_table(const cJSON *items, const void *ctx)
{
    bool customers = ((const struct api_order_query *)ctx)->all_users;
    enum { ID, CUSTOMER, PRODUCT, QTY, TOTAL, STATUS, CREATED, NCOLS };
    static const struct table_col cols[NCOLS] = {
        [ID] = {"ID", TABLE_ID, 0, 1},
        [CUSTOMER] = {"CUSTOMER", 0, 12, 4},
        [PRODUCT] = {"PRODUCT", 0, 16, 3},
        [QTY] = {"QTY", TABLE_RIGHT, 0, 0},
        [TOTAL] = {"TOTAL", TABLE_RIGHT, 0, 0},
        [STATUS] = {"STATUS", 0, 0, 0},
        [CREATED] = {"CREATED", TABLE_PREFIX, 10, 2},
    };
    /* The columns shown: CUSTOMER only with every customer's orders. */
    struct table_col shown[NCOLS];
    size_t at[NCOLS], n = 0;
    for (size_t c = 0; c < NCOLS; c++) {
        at[c] = n;
        if (c != CUSTOMER || customers)
            shown[n++] = cols[c];
    }
    struct table t;
    table_init(&t, shown, n);
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        struct order o;
        if (api_order_parse(it, &o) != 0)
            continue; /* the pager's pages were parsed once already */
        char qty[32], total[32], created[64];
        snprintf(qty, sizeof qty, "%lld", o.quantity);
        format_price(o.total_amount, total, sizeof total);
        format_time(o.created_at, 0, created, sizeof created);
        const char *all[NCOLS] = {
            [ID] = o.id,
            [CUSTOMER] = o.user_email && o.user_email[0] ? o.user_email : "-",
            [PRODUCT] = o.product_name, [QTY] = qty, [TOTAL] = total,
            [STATUS] = o.status, [CREATED] = created};
        const char *row[NCOLS];
        for (size_t c = 0; c < NCOLS; c++)
            if (c != CUSTOMER || customers)
                row[at[c]] = all[c];
        table_add(&t, row);
        table_role(&t, at[STATUS], colour_status(o.status));
        order_clear(&o);
    }
    table_print(&t, stdout);
    table_free(&t);
}

/* An empty list says so, and what it was filtered by. */
static void say_none(const void *ctx)
{
    const char *status = ((const struct api_order_query *)ctx)->status;
    char *clean = status ? sanitize_text(status) : NULL;
    printf("no %s%sorders\n", clean ? clean : "", clean ? " " : "");
    free(clean);
}

static int list(struct cli *c, struct api *a, int argc, char **argv)
{
    struct api_order_query q = {0};
    bool all = false;
    for (int i = 1; i < argc;) {
        bool missing = false;
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--status", &missing))) {
            q.status = args_choice(v, ORDER_STATUSES);
        } else if (!missing &&
                   (v = cli_option(argc, argv, &i, "--limit", &missing))) {
            long long n;
            if (!args_count(v, 100, &n) || n < 1) {
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
        } else if (!strcmp(argv[i], "--all-users")) {
            q.all_users = true;
            i++;
        } else {
            cli_error("orders list: unexpected \"%s\"", argv[i]);
            return CLI_USAGE;
        }
    }
    size_t want = all ? SIZE_MAX : (size_t)(q.limit ? q.limit : 20);
    struct pager p;
    struct api_result res;
    int rc = CLI_OK;
    if (cli_collect(a, fetch_page, &q, want, &p, &res) != API_OK) {
        rc = q.all_users ? cli_admin_error(&res) : cli_api_error(&res);
    } else {
        const struct cli_shown shown = {"orders", say_none, print_table, &q};
        cli_show_listing(c, &p, all, &shown);
    }
    api_result_free(&res);
    pager_free(&p);
    return rc;
}

/* The one positional ID of `orders get|cancel ID [--yes]`, a short id
 * made whole (*id: caller frees). */
static int id_arg(struct api *a, const char *cmd, int argc, char **argv,
                  char **id, bool *yes)
{
    const char *given = NULL;
    *id = NULL;
    for (int i = 1; i < argc; i++) {
        if (yes && (!strcmp(argv[i], "--yes") || !strcmp(argv[i], "-y")))
            *yes = true;
        else if (argv[i][0] != '-' && !given)
            given = argv[i];
        else {
            cli_error("orders %s: unexpected \"%s\"", cmd, argv[i]);
            return CLI_USAGE;
        }
    }
    if (!given) {
        cli_error("usage: inventui orders %s ID", cmd);
        return CLI_USAGE;
    }
    return shortid_resolve(a, SHORTID_ORDER, given, NULL, id);
}

static int get(struct cli *c, struct api *a, int argc, char **argv)
{
    char *id;
    int rc = id_arg(a, "get", argc, argv, &id, NULL);
    if (rc != CLI_OK)
        return rc;
    struct order o;
    struct api_result res;
    enum api_rc arc = api_orders_get(a, id, &o, &res);
    free(id);
    return order_done(c, arc, &res, &o, NULL);
}

static int cancel(struct cli *c, struct api *a, int argc, char **argv)
{
    char *id;
    bool yes = false;
    int rc = id_arg(a, "cancel", argc, argv, &id, &yes);
    if (rc != CLI_OK)
        return rc;
    char *what = str_printf("cancel order %s", id);
    rc = cli_confirm(yes, what, "not cancelled: the order stays as it was");
    free(what);
    if (rc == CLI_OK) {
        struct order o;
        struct api_result res;
        enum api_rc arc = api_orders_cancel(a, id, &o, &res);
        rc = order_done(c, arc, &res, &o, "cancelled");
    }
    free(id);
    return rc;
}

int cli_orders(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUBS[] = {
        {"create", create}, {"list", list}, {"get", get},
        {"cancel", cancel}};
    return cli_dispatch(c, HELP, SUBS, sizeof SUBS / sizeof *SUBS, argc, argv);
}
