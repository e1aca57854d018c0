/* Helpers the commands share: confirming destructive actions, opening
 * the API, fetching every page of a listing, saying what a refusal for
 * want of the admin group means. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/cli/args.h"
#include "client/cli/cli.h"
#include "client/cli/prompt.h"
#include "common/mem.h"
#include "common/strbuf.h"

int cli_confirm(bool yes, const char *what, const char *declined)
{
    if (yes)
        return CLI_OK;
    char *q = str_printf("Really %s?", what);
    int answer = prompt_confirm(q);
    free(q);
    if (answer < 0) {
        cli_error("not asking to %s: stdin is not a terminal; pass --yes to "
                  "confirm",
                  what);
        return CLI_USAGE;
    }
    if (answer == 0) {
        cli_error("%s", declined);
        return CLI_REFUSED;
    }
    return CLI_OK;
}

int cli_user_args(const char *help, int argc, char **argv, const char **email,
                  bool *from_stdin)
{
    *email = NULL;
    *from_stdin = false;
    for (int i = 1; i < argc;) {
        bool missing;
        const char *v = cli_option(argc, argv, &i, "--username", &missing);
        if (v) {
            *email = v;
        } else if (missing) {
            cli_error("--username needs a value");
            return CLI_USAGE;
        } else if (!strcmp(argv[i], "--password-stdin")) {
            *from_stdin = true;
            i++;
        } else {
            cli_error("%s: unexpected \"%s\"", argv[0], argv[i]);
            cli_usage_help(help);
            return CLI_USAGE;
        }
    }
    if (!*email || !**email) {
        cli_error("%s: --username EMAIL is required", argv[0]);
        cli_usage_help(help);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_dispatch(struct cli *c, const char *help, const struct cli_sub *subs,
                 size_t nsubs, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return CLI_OK;
    }
    if (argc < 2) {
        cli_usage_help(help);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < nsubs; i++) {
        if (strcmp(argv[1], subs[i].name) != 0)
            continue;
        struct api a;
        int rc = cli_open_api(c, &a);
        if (rc != CLI_OK)
            return rc;
        rc = subs[i].run(c, &a, argc - 1, argv + 1);
        api_close(&a);
        return rc;
    }
    cli_error("%s: unknown %s \"%s\"; see inventui %s --help", argv[0],
              argv[1][0] == '-' ? "option" : "subcommand", argv[1], argv[0]);
    return CLI_USAGE;
}

int cli_open_api(struct cli *c, struct api *a)
{
    char *err = NULL;
    if (api_open(a, &c->cfg, &err) != 0) {
        cli_error("%s", err);
        free(err);
        return CLI_USAGE;
    }
    /* One [api] timeout for the whole command, from its first request. */
    api_deadline_start(a);
    return CLI_OK;
}

enum api_rc cli_collect(struct api *a, pager_fetch_fn fetch, void *ctx,
                        size_t want, struct pager *p, struct api_result *res)
{
    enum api_rc rc = pager_collect(a, fetch, ctx, want, p, res);
    if (p->repeated)
        cli_error("the API repeated a page token; stopped paging there");
    return rc;
}

int cli_admin_error(struct api_result *res)
{
    if (res->rc == API_REFUSED && res->status == 403) {
        free(res->message);
        res->message = xstrdup("this needs an administrator: your account is "
                               "not in the admin group");
    }
    return cli_api_error(res);
}

/* What cli_admin_list hands the pager: the listing and its page size. */
struct admin_page_ctx {
    const struct cli_listing *l;
    int limit;
};

static enum api_rc admin_page(struct api *a, void *ctx, const char *token,
                              struct api_page *page, struct api_result *res)
{
    const struct admin_page_ctx *x = ctx;
    return x->l->page(a, x->limit, token, page, res);
}

static void say_empty(const void *ctx)
{
    printf("%s\n", ((const struct cli_listing *)ctx)->empty);
}

static void print_items(const cJSON *items, const void *ctx)
{
    ((const struct cli_listing *)ctx)->print(items);
}

void cli_show_listing(const struct cli *c, const struct pager *p, bool all,
                      const struct cli_shown *s)
{
    if (c->json)
        cli_print_json(p->items);
    else if (cJSON_GetArraySize(p->items) == 0)
        s->none(s->ctx);
    else
        s->table(p->items, s->ctx);
    if (p->more && !all)
        fprintf(stderr, "(more %s: use --all, or --limit up to 100)\n",
                s->what);
}

int cli_admin_list(struct cli *c, struct api *a, const struct cli_listing *l,
                   int argc, char **argv)
{
    int limit = 0;
    bool all = false;
    for (int i = 1; i < argc;) {
        bool missing = false;
        const char *v = cli_option(argc, argv, &i, "--limit", &missing);
        if (v) {
            long long n;
            if (!args_count(v, 100, &n) || n < 1) {
                cli_error("--limit must be a whole number from 1 to 100");
                return CLI_USAGE;
            }
            limit = (int)n;
        } else if (missing) {
            cli_error("--limit needs a value");
            return CLI_USAGE;
        } else if (!strcmp(argv[i], "--all")) {
            all = true;
            i++;
        } else {
            cli_error("%s: unexpected \"%s\"", l->cmd, argv[i]);
            return CLI_USAGE;
        }
    }
    size_t want = all ? SIZE_MAX : (size_t)(limit ? limit : 20);
    struct pager p;
    struct api_result res;
    int rc = CLI_OK;
    struct admin_page_ctx ctx = {l, limit};
    if (cli_collect(a, admin_page, &ctx, want, &p, &res) != API_OK) {
        rc = cli_admin_error(&res);
    } else {
        const struct cli_shown shown = {l->what, say_empty, print_items, l};
        cli_show_listing(c, &p, all, &shown);
    }
    api_result_free(&res);
    pager_free(&p);
    return rc;
}
