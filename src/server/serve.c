#include "server/serve.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "server/config.h"
#include "server/embed.h"

static void usage(FILE *to)
{
    fputs("usage: inventui serve [--listen ADDR:PORT] [--data-dir DIR] "
          "[--config FILE]\n"
          "\n"
          "Runs the bundled inventory server: the REST API, a Cognito-"
          "compatible\nsign-in endpoint (POST /), and the docs at /docs.\n"
          "\n"
          "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; "
          "port 0 picks one)\n"
          "  --data-dir DIR      database, keys and mail spool (default\n"
          "                      $XDG_DATA_HOME/inventui/server)\n"
          "  --config FILE       INI settings; flags override it "
          "(see inventui.conf.example)\n"
          "  --seed-demo         stock an empty store with the demo shop, "
          "its demo admin\n"
          "                      (its password is printed) and a history of "
          "orders\n"
          "  -h, --help          this text\n",
          to);
}

int serve_main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"data-dir", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"seed-demo", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *listen_flag = NULL, *dir_flag = NULL, *config_path = NULL;
    bool seed = false;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'l': listen_flag = optarg; break;
        case 'd': dir_flag = optarg; break;
        case 'c': config_path = optarg; break;
        case 's': seed = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "inventui serve: unexpected argument \"%s\"\n",
                argv[optind]);
        usage(stderr);
        return 2;
    }

    struct server_config cfg;
    server_config_defaults(&cfg);
    if (config_path) {
        char *errors = NULL;
        if (server_config_load(&cfg, config_path, &errors) != 0) {
            fprintf(stderr, "inventui serve: bad configuration:\n%s", errors);
            free(errors);
            return 2;
        }
    }
    if (listen_flag)
        snprintf(cfg.listen, sizeof cfg.listen, "%s", listen_flag);
    if (dir_flag)
        snprintf(cfg.data_dir, sizeof cfg.data_dir, "%s", dir_flag);
    char *problem = server_config_check(&cfg);
    if (problem) {
        fprintf(stderr, "inventui serve: bad configuration:\n%s", problem);
        free(problem);
        return 2;
    }

    /* Signals are taken by sigwait() below; the server's threads block
     * every signal (embed.h). */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    char host[128];
    int port = 0;
    server_config_listen(&cfg, host, sizeof host, &port);
    struct embed_opts o = {
        .config = &cfg,
        .data_dir = cfg.data_dir,
        .host = host,
        .port = port,
        .seed_demo = seed,
    };
    char *err = NULL;
    struct embedded_server *s = embed_start(&o, &err);
    if (!s) {
        fprintf(stderr, "inventui serve: %s\n", err);
        free(err);
        return 1;
    }

    bool v6 = strchr(host, ':') != NULL;
    printf("inventui serve: listening on http://%s%s%s:%d (data in %s)\n",
           v6 ? "[" : "", host, v6 ? "]" : "", embed_port(s),
           embed_data_dir(s));
    if (embed_demo_password(s))
        printf("inventui serve: demo shop ready: sign in as %s with "
               "password %s\n", embed_demo_email(s), embed_demo_password(s));
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    log_msg(LOG_INFO, "signal %d: finishing requests in flight", sig);
    embed_stop(s);
    return 0;
}
