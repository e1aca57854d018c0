/* Helpers the commands share: confirming destructive actions, opening
 * the API, fetching every page of a listing. */
#include <stdlib.h>
#include <string.h>

#include "client/cli/cli.h"
#include "client/cli/prompt.h"
#include "common/strbuf.h"

int cli_confirm(bool yes, const char *what)
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
        cli_error("cancelled: nothing was changed");
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
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    if (!*email || !**email) {
        cli_error("%s: --username EMAIL is required", argv[0]);
        fputs(help, stderr);
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
        fputs(help, stderr);
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
