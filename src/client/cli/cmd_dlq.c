/* inventui dlq list | show | redrive | delete, and inventui queues: the
 * operator's commands (admin group). */
#include <stdlib.h>
#include <string.h>

#include "client/api_admin.h"
#include "client/cli/cli.h"
#include "client/cli/show.h"
#include "client/cli/table.h"
#include "client/format.h"
#include "common/sanitize.h"
#include "common/strbuf.h"

static const char HELP[] =
    "usage: inventui dlq list [--limit N] [--all] [--json]\n"
    "       inventui dlq show ID [--json]\n"
    "       inventui dlq redrive ID [--json]\n"
    "       inventui dlq redrive --all [--yes] [--json]\n"
    "       inventui dlq delete ID [--yes] [--json]\n"
    "\n"
    "The order queue's dead-letter queue: orders whose processing failed\n"
    "too often. Needs the admin group.\n"
    "\n"
    "list     oldest failures last; --limit N (1-100, default 20), --all\n"
    "         every page. --json prints a JSON array.\n"
    "show     one message, with its body and last error.\n"
    "redrive  puts a message (or --all of them) back on the order queue.\n"
    "delete   drops a message for good.\n"
    "redrive --all and delete ask on a terminal; without one, --yes is\n"
    "required.\n"
    "\n"
    "exit codes: 0 ok, 1 the API refused (not an admin, no such message),\n"
    "2 usage, 3 not signed in, 4 the API could not be reached\n";

static const char QUEUES_HELP[] =
    "usage: inventui queues [--json]\n"
    "\n"
    "The order queue (messages waiting, in flight, age of the oldest) and\n"
    "the dead-letter queue (messages, age of the oldest). Needs the admin\n"
    "group.\n"
    "\n"
    "exit codes: 0 ok, 1 the API refused (not an admin), 2 usage, 3 not\n"
    "signed in, 4 the API could not be reached\n";

static void print_table(const cJSON *items)
{
    static const char *const head[] = {"MESSAGE ID", "ORDER ID", "RECEIVES",
                                       "MOVED", "LAST ERROR"};
    struct table t;
    table_init(&t, 5, head, 1u << 2);
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        struct dlq_message m;
        if (api_dlq_parse(it, &m) != 0)
            continue;
        char receives[32], moved[64];
        snprintf(receives, sizeof receives, "%lld", m.receive_count);
        format_time(m.moved_at, 0, moved, sizeof moved);
        const char *row[] = {m.message_id, m.order_id, receives, moved,
                             m.last_error[0] ? m.last_error : "-"};
        table_add(&t, row);
        dlq_message_clear(&m);
    }
    table_print(&t, stdout);
    table_free(&t);
}

static int list(struct cli *c, struct api *a, int argc, char **argv)
{
    static const struct cli_listing L = {"dlq list", "messages",
                                         "the dead-letter queue is empty",
                                         api_dlq_list_json, print_table};
    return cli_admin_list(c, a, &L, argc, argv);
}

/* `dlq CMD ID [--yes] [--all]`: the id (NULL with --all), flags. */
static int id_arg(const char *cmd, int argc, char **argv, const char **id,
                  bool *yes, bool *all)
{
    *id = NULL;
    for (int i = 1; i < argc; i++) {
        if (yes && (!strcmp(argv[i], "--yes") || !strcmp(argv[i], "-y")))
            *yes = true;
        else if (all && !strcmp(argv[i], "--all"))
            *all = true;
        else if (argv[i][0] != '-' && !*id)
            *id = argv[i];
        else {
            cli_error("dlq %s: unexpected \"%s\"", cmd, argv[i]);
            return CLI_USAGE;
        }
    }
    if (all && *all && *id) {
        cli_error("dlq %s: give a message ID or --all, not both", cmd);
        return CLI_USAGE;
    }
    if (!*id && !(all && *all)) {
        cli_error("usage: inventui dlq %s ID%s", cmd, all ? "|--all" : "");
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int show(struct cli *c, struct api *a, int argc, char **argv)
{
    const char *id;
    int rc = id_arg("show", argc, argv, &id, NULL, NULL);
    if (rc != CLI_OK)
        return rc;
    struct dlq_message m;
    struct api_result res;
    if (api_dlq_get(a, id, &m, &res) != API_OK)
        rc = cli_admin_error(&res);
    else if (c->json)
        cli_print_json(res.data);
    else
        show_dlq_message(&m);
    dlq_message_clear(&m);
    api_result_free(&res);
    return rc;
}

static int redrive(struct cli *c, struct api *a, int argc, char **argv)
{
    const char *id;
    bool yes = false, all = false;
    int rc = id_arg("redrive", argc, argv, &id, &yes, &all);
    if (rc != CLI_OK)
        return rc;
    struct api_result res;
    if (all) {
        rc = cli_confirm(yes, "put every DLQ message back on the order queue",
                         "not redriven: every message stays in the DLQ");
        if (rc != CLI_OK)
            return rc;
        long long n;
        if (api_dlq_redrive_all(a, &n, &res) != API_OK)
            rc = cli_admin_error(&res);
        else if (c->json)
            cli_print_json(res.data);
        else
            printf("%lld message%s back on the order queue\n", n,
                   n == 1 ? "" : "s");
    } else {
        if (api_dlq_redrive(a, id, &res) != API_OK) {
            rc = cli_admin_error(&res);
        } else if (c->json) {
            cli_print_json(res.data);
        } else {
            char *clean = sanitize_text(id);
            printf("message %s is back on the order queue\n", clean);
            free(clean);
        }
    }
    api_result_free(&res);
    return rc;
}

static int delete(struct cli *c, struct api *a, int argc, char **argv)
{
    const char *id;
    bool yes = false;
    int rc = id_arg("delete", argc, argv, &id, &yes, NULL);
    if (rc != CLI_OK)
        return rc;
    char *what = str_printf("delete DLQ message %s for good", id);
    rc = cli_confirm(yes, what, "not deleted: the message stays in the DLQ");
    free(what);
    if (rc != CLI_OK)
        return rc;
    struct api_result res;
    if (api_dlq_delete(a, id, &res) != API_OK) {
        rc = cli_admin_error(&res);
    } else if (c->json) {
        cli_print_json(res.data);
    } else {
        char *clean = sanitize_text(id);
        printf("deleted message %s\n", clean);
        free(clean);
    }
    api_result_free(&res);
    return rc;
}

int cli_dlq(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub SUBS[] = {
        {"list", list}, {"show", show}, {"redrive", redrive},
        {"delete", delete}};
    return cli_dispatch(c, HELP, SUBS, sizeof SUBS / sizeof *SUBS, argc, argv);
}

int cli_queues(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(QUEUES_HELP, stdout);
        return CLI_OK;
    }
    if (argc > 1) {
        cli_error("queues: unexpected \"%s\"", argv[1]);
        return CLI_USAGE;
    }
    struct api a;
    int rc = cli_open_api(c, &a);
    if (rc != CLI_OK)
        return rc;
    struct queue_counts q;
    struct api_result res;
    if (api_queues(&a, &q, &res) != API_OK) {
        rc = cli_admin_error(&res);
    } else if (c->json) {
        cli_print_json(res.data);
    } else {
        static const char *const head[] = {"QUEUE", "WAITING", "IN FLIGHT",
                                           "OLDEST"};
        struct table t;
        table_init(&t, 4, head, (1u << 1) | (1u << 2) | (1u << 3));
        char w[32], f[32], o[32];
        snprintf(w, sizeof w, "%lld", q.visible);
        snprintf(f, sizeof f, "%lld", q.in_flight);
        format_age_short(q.oldest_age_s, o, sizeof o);
        const char *r1[] = {"orders", w, f, o};
        table_add(&t, r1);
        snprintf(w, sizeof w, "%lld", q.dlq_count);
        format_age_short(q.dlq_oldest_age_s, o, sizeof o);
        const char *r2[] = {"dead-letter", w, "-", o};
        table_add(&t, r2);
        table_print(&t, stdout);
        table_free(&t);
    }
    api_result_free(&res);
    api_close(&a);
    return rc;
}
