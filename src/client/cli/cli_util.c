/* Helpers the commands share: confirming destructive actions, opening
 * the API. */
#include <stdlib.h>

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
