/* Helpers the commands share: confirming destructive actions, opening
 * the API. */
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
    cli_error("%s: unknown subcommand \"%s\"", argv[0], argv[1]);
    fputs(help, stderr);
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
