/* cli — the scriptable command line: `inventui [global flags] COMMAND`.
 *
 * Exit codes (documented in --help): 0 ok, 1 the API refused, 2 usage,
 * 3 not signed in or sign-in failed, 4 the API or the sign-in endpoint
 * could not be reached. Everything from the network is sanitised in human
 * output; --json prints the data exactly as received. */
#ifndef INVENTUI_CLIENT_CLI_CLI_H
#define INVENTUI_CLIENT_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "client/api.h"
#include "client/config.h"
#include "client/pager.h"

enum cli_exit {
    CLI_OK = 0,
    CLI_REFUSED = 1,
    CLI_USAGE = 2,
    CLI_AUTH = 3,
    CLI_UNREACHABLE = 4,
};

struct cli {
    struct client_config cfg;
    bool json;
    bool offline_ok;   /* --offline-ok */
    bool told_offline; /* the cached-data note was printed */
    bool demo;         /* --demo */
    bool demo_reset;   /* --demo-reset */
    bool readonly;     /* --readonly */
};

/* The full-screen client, for `inventui` without a command on a terminal
 * (ui/ passes it in: the command line never includes the UI). Returns the
 * exit status. */
typedef int (*cli_screen_fn)(struct client_config *cfg, bool demo,
                             bool demo_reset);

/* Runs the client's command line (argv[0] is the program); without a
 * command, on a terminal (or with --demo), runs screen. */
int cli_main(int argc, char **argv, cli_screen_fn screen);

/* Commands: argv[0] is the command's name. */
int cli_login(struct cli *c, int argc, char **argv);
int cli_logout(struct cli *c, int argc, char **argv);
int cli_whoami(struct cli *c, int argc, char **argv);
int cli_health(struct cli *c, int argc, char **argv);
int cli_products(struct cli *c, int argc, char **argv);
int cli_signup(struct cli *c, int argc, char **argv);
int cli_confirm_signup(struct cli *c, int argc, char **argv);
int cli_orders(struct cli *c, int argc, char **argv);
int cli_dlq(struct cli *c, int argc, char **argv);
int cli_queues(struct cli *c, int argc, char **argv);
int cli_audit(struct cli *c, int argc, char **argv);
/* products create | update | delete (argv[0] is the subcommand). */
int cli_products_create(struct cli *c, struct api *a, int argc, char **argv);
int cli_products_update(struct cli *c, struct api *a, int argc, char **argv);
int cli_products_delete(struct cli *c, struct api *a, int argc, char **argv);

/* "inventui: " + the sanitised message, on stderr; with --json, a line of
 * the message of the one {"error":{code, message, details}} object printed
 * when the command ends (failed), with the same exit codes. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A command's help after a usage error, on stderr (not with --json: the
 * error object says it all). */
void cli_usage_help(const char *help);
/* The exit code for an API outcome. */
int cli_exit_for(enum api_rc rc);
/* After a printed API_UNAUTH message (rc): how to sign in from here. The
 * client core's messages name no command; this line does. */
void cli_signin_hint(enum api_rc rc);
/* Prints an API failure (message, code, each field detail) on stderr, or
 * with --json keeps its code and details for the error object, and
 * returns its exit code (with cli_signin_hint). */
int cli_api_error(const struct api_result *res);
/* cli_api_error for a command only the admin group may run: a 403 is
 * said as "this needs an administrator" (res->message is replaced). */
int cli_admin_error(struct api_result *res);
/* Before a destructive action: CLI_OK to go on (yes given, or the
 * person at the terminal said y); CLI_USAGE when stdin is not a terminal
 * and yes was not given (a script must say --yes, never hang); CLI_REFUSED
 * when the person declined, after saying `declined` (what did not happen,
 * e.g. "not cancelled: the order stays as it was"). `what` completes
 * "Really …?". */
int cli_confirm(bool yes, const char *what, const char *declined);
/* api_open() for a command; CLI_OK or the exit code (message printed). */
int cli_open_api(struct cli *c, struct api *a);

/* Reads `--username EMAIL [--password-stdin]` (argv[0]: the command);
 * CLI_OK, or CLI_USAGE with the problem and help printed. */
int cli_user_args(const char *help, int argc, char **argv, const char **email,
                  bool *from_stdin);

/* A subcommand of a resource command ("orders list"): argv[0] is its
 * name; it runs with an open API client. */
struct cli_sub {
    const char *name;
    int (*run)(struct cli *c, struct api *a, int argc, char **argv);
};
/* Runs `COMMAND SUB ARGS…` (argv[0] the command, argv[1] the
 * subcommand) from subs, opening the API client around it; --help
 * prints help. */
int cli_dispatch(struct cli *c, const char *help, const struct cli_sub *subs,
                 size_t nsubs, int argc, char **argv);
/* pager_collect for a list command, telling stderr when the API repeated
 * a page token (paging stopped there). */
enum api_rc cli_collect(struct api *a, pager_fetch_fn fetch, void *ctx,
                        size_t want, struct pager *p, struct api_result *res);
/* A listing command without filters (`dlq list`, `audit`): how to fetch
 * its pages and show them. */
struct cli_listing {
    const char *cmd;   /* "dlq list": for messages */
    const char *what;  /* "messages": "(more messages: use --all …)" */
    const char *empty; /* said when there is nothing */
    /* One page: limit 0 the API's default, next_token NULL the first. */
    enum api_rc (*page)(struct api *a, int limit, const char *next_token,
                        struct api_page *page, struct api_result *res);
    void (*print)(const cJSON *items); /* the table of the items */
};
/* Runs `CMD [--limit N] [--all]` (argv[0] is the subcommand or command):
 * the items as a table, or with --json as a JSON array as received; for
 * the admin group (a 403 says "this needs an administrator"). Returns
 * the exit code. */
int cli_admin_list(struct cli *c, struct api *a, const struct cli_listing *l,
                   int argc, char **argv);
/* How a listing's items are shown (cli_show_listing); ctx goes to both. */
struct cli_shown {
    const char *what;                              /* "(more products: …)" */
    void (*none)(const void *ctx);                 /* says it is empty */
    void (*table)(const cJSON *items, const void *ctx);
    const void *ctx;
};
/* Shows what a listing collected: with --json the array as received,
 * else the empty sentence or the table; then, unless all was asked for,
 * a note on stderr when more items exist. */
void cli_show_listing(const struct cli *c, const struct pager *p, bool all,
                      const struct cli_shown *s);
/* Prints JSON (compact, as received) and a newline on stdout. */
void cli_print_json(const cJSON *json);
/* True when argv holds --help or -h. */
bool cli_wants_help(int argc, char **argv);
/* The value of an option at argv[*i] ("--name V" or "--name=V"), moving
 * *i past it; NULL when argv[*i] is not that option. *missing is set when
 * the option came without a value. */
const char *cli_option(int argc, char **argv, int *i, const char *name,
                       bool *missing);

#endif
