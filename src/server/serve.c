#include "server/serve.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/log.h"
#include "common/random.h"
#include "server/auth/keyring.h"
#include "server/auth/throttle.h"
#include "server/auth/verifier.h"
#include "server/demo/seed.h"
#include "server/http/httpd.h"
#include "server/queue/worker.h"
#include "server/server.h"
#include "server/setup.h"
#include "server/store/store.h"

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

    struct server srv = {0};
    server_config_defaults(&srv.cfg);
    if (config_path) {
        char *errors = NULL;
        if (server_config_load(&srv.cfg, config_path, &errors) != 0) {
            fprintf(stderr, "inventui serve: bad configuration:\n%s", errors);
            free(errors);
            return 2;
        }
    }
    if (listen_flag)
        snprintf(srv.cfg.listen, sizeof srv.cfg.listen, "%s", listen_flag);
    if (dir_flag)
        snprintf(srv.cfg.data_dir, sizeof srv.cfg.data_dir, "%s", dir_flag);
    char *problem = server_config_check(&srv.cfg);
    if (problem) {
        fprintf(stderr, "inventui serve: bad configuration:\n%s", problem);
        free(problem);
        return 2;
    }

    /* Signals are taken by sigwait() below; every thread inherits the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    char host[128];
    int port = 0, bound = 0, rc = 1;
    server_config_listen(&srv.cfg, host, sizeof host, &port);
    char *err = NULL, *demo_password = NULL;
    int fd = httpd_listen(host, port, &bound, &err);
    struct httpd *httpd = NULL;
    if (fd < 0)
        goto out;
    if (server_setup(&srv, bound, &err) != 0) {
        close(fd);
        goto out;
    }
    if (seed && demo_seed(&srv, &demo_password, &err) != 0) {
        close(fd);
        goto out;
    }
    srv.queue = queue_worker_new(&srv);
    httpd = httpd_start(&srv, fd, &err);
    if (!httpd)
        goto out;
    if (srv.cfg.queue_paused)
        log_msg(LOG_WARN, "queue: paused by [queue] paused; orders stay "
                "PENDING until the server runs without it");
    else if (queue_worker_run(srv.queue, &err) != 0) {
        httpd_stop(httpd, 0);
        goto out;
    }

    printf("inventui serve: listening on http://%s%s%s:%d (data in %s)\n",
           strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "",
           bound, srv.cfg.data_dir);
    if (demo_password)
        printf("inventui serve: demo shop ready: sign in as %s with "
               "password %s\n", DEMO_ADMIN_EMAIL, demo_password);
    fflush(stdout);
    log_msg(LOG_INFO, "listening on %s (pool %s)", srv.base_url, srv.pool_id);

    int sig = 0;
    sigwait(&stop, &sig);
    log_msg(LOG_INFO, "signal %d: finishing requests in flight", sig);
    httpd_stop(httpd, 10000);
    /* After the requests (no new orders), before the store closes. */
    queue_worker_stop(srv.queue);
    srv.queue = NULL;
    log_msg(LOG_INFO, "stopped");
    rc = 0;
out:
    if (err) {
        fprintf(stderr, "inventui serve: %s\n", err);
        free(err);
    }
    free(demo_password);
    queue_worker_stop(srv.queue); /* on the error paths */
    server_teardown(&srv);
    return rc;
}
