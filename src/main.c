/* inventui — one binary, two roles: the operator's client (TUI and command
 * line) and `inventui serve`, the bundled inventory server. This file only
 * picks the role; the client's commands are in client/cli/, the
 * full-screen client in ui/. */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "client/cli/cli.h"
#include "server/serve.h"
#include "server/users_cli.h"
#include "ui/tui_main.h"

/* The full-screen client as the command line starts it. */
static int screen(struct client_config *cfg, bool demo, bool demo_reset)
{
    /* Wide characters and display widths come from the locale: set it
     * before anything draws. Only LC_CTYPE: numbers stay as the API
     * writes them. */
    setlocale(LC_CTYPE, "");
    struct tui_options o = {.demo = demo, .demo_reset = demo_reset};
    return tui_main(cfg, &o);
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") ||
        !strcmp(cmd, "version")) {
        printf("inventui %s\n", INVENTUI_VERSION);
        return 0;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc;
    if (!strcmp(cmd, "serve")) {
        rc = serve_main(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "user")) {
        rc = users_cli_main(argc - 1, argv + 1);
    } else {
        rc = cli_main(argc, argv, screen); /* the client: TUI or commands */
    }
    curl_global_cleanup();
    return rc;
}
