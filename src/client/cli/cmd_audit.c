/* inventui audit: the admin audit trail (who redrove or deleted which
 * dead-letter message, when), over GET /admin/audit. */
#include <stdlib.h>
#include <string.h>

#include "client/api_admin.h"
#include "client/cli/cli.h"
#include "client/cli/table.h"
#include "client/format.h"

static const char HELP[] =
    "usage: inventui audit [--limit N] [--all] [--json]\n"
    "\n"
    "The admin audit trail, newest first: every redrive and delete of a\n"
    "dead-letter message, with when it happened, who did it (ACTOR), what\n"
    "(ACTION) and the message it was done to (TARGET). Needs the admin\n"
    "group.\n"
    "\n"
    "--limit N entries (1-100, default 20), --all every page. --json prints\n"
    "the entries as the API sent them, in a JSON array.\n"
    "\n"
    "exit codes: 0 ok, 1 the API refused (not an admin), 2 usage, 3 not\n"
    "signed in, 4 the API could not be reached\n";

static void print_table(const cJSON *items)
{
    static const char *const head[] = {"TIME", "ACTOR", "ACTION", "TARGET"};
    struct table t;
    table_init(&t, 4, head, 0);
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        struct audit_item e;
        if (api_audit_parse(it, &e) != 0)
            continue; /* the pager's pages were parsed once already */
        char when[64];
        format_time(e.at, 1, when, sizeof when);
        const char *actor = e.actor_email[0] ? e.actor_email : e.actor_sub;
        const char *row[] = {when, actor[0] ? actor : "-", e.action,
                             e.message_id[0] ? e.message_id : "-"};
        table_add(&t, row);
        audit_item_clear(&e);
    }
    table_print(&t, stdout);
    table_free(&t);
}

int cli_audit(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout);
        return CLI_OK;
    }
    struct api a;
    int rc = cli_open_api(c, &a);
    if (rc != CLI_OK)
        return rc;
    static const struct cli_listing L = {"audit", "entries",
                                         "the audit trail is empty",
                                         api_audit_list_json, print_table};
    rc = cli_admin_list(c, &a, &L, argc, argv);
    api_close(&a);
    return rc;
}
