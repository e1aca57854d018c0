#include "ui/tui_main.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "server/demo/dir.h"
#include "server/embed.h"
#include "ui/app.h"

/* The demo: the server on its own threads in this process, stopped
 * cleanly (requests finished, store closed) when the TUI returns. */
static int run_demo(struct client_config *cfg, bool reset)
{
    char *dir = NULL, *err = NULL;
    if (demo_prepare(NULL, reset, &dir, &err) != 0) {
        fprintf(stderr, "inventui: the demo cannot start: %s\n", err);
        free(err);
        return 1;
    }
    struct embedded_server *srv = demo_start(dir, &err);
    if (!srv) {
        fprintf(stderr, "inventui: the demo server cannot start: %s\n", err);
        free(err);
        free(dir);
        return 1;
    }
    snprintf(cfg->api_url, sizeof cfg->api_url, "%s", embed_base_url(srv));
    int rc = app_run(cfg, true, embed_demo_email(srv),
                     embed_demo_password(srv));
    embed_stop(srv);
    free(dir);
    return rc;
}

int tui_main(struct client_config *cfg, const struct tui_options *o)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "inventui: the full-screen client needs a terminal\n");
        return 2;
    }
    if (o->demo)
        return run_demo(cfg, o->demo_reset);
    return app_run(cfg, false, NULL, NULL);
}
