/* inventui — one binary, two roles: the operator's client (TUI and command
 * line) and `inventui serve`, the bundled inventory server. This file only
 * picks the role; the client's commands are in client/cli/. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "client/cli/cli.h"
#include "server/serve.h"
#include "server/users_cli.h"

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
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
        rc = cli_main(argc, argv); /* the client's commands, and help */
    }
    curl_global_cleanup();
    return rc;
}
