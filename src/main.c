/* inventui — one binary, two roles: the operator's client (TUI and command
 * line) and `inventui serve`, the bundled inventory server. This file only
 * picks the command. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "server/serve.h"
#include "server/users_cli.h"

static void usage(FILE *to)
{
    fputs("usage: inventui COMMAND [ARGS]\n"
          "\n"
          "commands:\n"
          "  serve     run the bundled inventory server\n"
          "  user      manage the bundled server's users (add, list, confirm,\n"
          "            passwd, group, remove)\n"
          "\n"
          "  inventui COMMAND --help   help on one command\n"
          "  inventui --version        the version\n",
          to);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("inventui %s\n", INVENTUI_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc;
    if (!strcmp(cmd, "serve")) {
        rc = serve_main(argc - 1, argv + 1);
    } else if (!strcmp(cmd, "user")) {
        rc = users_cli_main(argc - 1, argv + 1);
    } else {
        fprintf(stderr, "inventui: unknown command \"%s\"\n", cmd);
        usage(stderr);
        rc = 2;
    }
    curl_global_cleanup();
    return rc;
}
