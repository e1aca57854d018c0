/* embed — the server's start-up and shutdown sequence, shared by
 * `inventui serve` (serve.c) and the in-process demo (demo/dir.c). */
#include "server/embed.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "server/demo/seed.h"
#include "server/http/httpd.h"
#include "server/queue/worker.h"
#include "server/server.h"
#include "server/setup.h"

/* How long embed_stop lets requests in flight finish. */
#define EMBED_GRACE_MS 10000

struct embedded_server {
    struct server srv;
    struct httpd *httpd;
    int port;
    char *demo_password; /* with seed_demo */
    int log_fd;          /* the log file, or -1 */
    int prev_log_fd;     /* where log lines went before */
    int lock_fd;         /* DATA_DIR/lock, flock'ed, or -1 */
    bool running;        /* fully started: embed_stop says "stopped" */
};

/* Takes DATA_DIR/lock for s. 0, or -1 with *err. */
static int lock_dir(struct embedded_server *s, const char *dir, char **err)
{
    char *path = str_printf("%s/lock", dir);
    int rc = -1;
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (s->lock_fd < 0) {
        *err = str_printf("cannot open %s: %s", path, strerror(errno));
        goto out;
    }
    if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        *err = errno == EWOULDBLOCK
                   ? str_printf("another inventui is using %s; quit it "
                                "first", dir)
                   : str_printf("cannot lock %s: %s", path, strerror(errno));
        close(s->lock_fd);
        s->lock_fd = -1;
        goto out;
    }
    rc = 0;
out:
    free(path);
    return rc;
}

/* Sends the process's log lines to path. 0, or -1 with *err. */
static int open_log(struct embedded_server *s, const char *path, char **err)
{
    s->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
                               O_NOFOLLOW, 0600);
    if (s->log_fd < 0) {
        *err = str_printf("cannot open the log file %s: %s", path,
                          strerror(errno));
        return -1;
    }
    s->prev_log_fd = log_set_fd(s->log_fd);
    return 0;
}

/* Listens on host:port, or on a free port if that one is taken and the
 * caller allows it. The socket, or -1 with *err. */
static int listen_on(const char *host, int port, bool any_if_busy,
                     int *bound, char **err)
{
    int fd = httpd_listen(host, port, bound, err);
    if (fd < 0 && port != 0 && any_if_busy) {
        log_msg(LOG_INFO, "port %d is taken; listening on a free one", port);
        free(*err);
        *err = NULL;
        fd = httpd_listen(host, 0, bound, err);
    }
    return fd;
}

/* The sequence after the settings are known: listen, set up, seed, start
 * the threads. 0, or -1 with *err (and s partly set up, for embed_stop). */
static int start(struct embedded_server *s, const struct embed_opts *o,
                 const char *host, char **err)
{
    struct server *srv = &s->srv;
    int fd = listen_on(host, o->port, o->any_port_if_busy, &s->port, err);
    if (fd < 0)
        return -1;
    if (server_setup(srv, s->port, err) != 0) {
        close(fd);
        return -1;
    }
    if (o->seed_demo && demo_seed(srv, &s->demo_password, err) != 0) {
        close(fd);
        return -1;
    }
    /* Before the request threads start, so they never see it change. */
    srv->queue = queue_worker_new(srv);
    s->httpd = httpd_start(srv, fd, err);
    if (!s->httpd)
        return -1;
    if (srv->cfg.queue_paused) {
        log_msg(LOG_WARN, "queue: paused by [queue] paused; orders stay "
                "PENDING until the server runs without it");
        return 0;
    }
    return queue_worker_run(srv->queue, err);
}

struct embedded_server *embed_start(const struct embed_opts *o, char **err)
{
    struct embedded_server *s = xcalloc(1, sizeof *s);
    s->log_fd = s->prev_log_fd = s->lock_fd = -1;
    struct server_config *cfg = &s->srv.cfg;
    if (o->config)
        *cfg = *o->config;
    else
        server_config_defaults(cfg);
    const char *host = o->host ? o->host : "127.0.0.1";
    bool v6 = strchr(host, ':') != NULL;
    /* server_setup builds the base URL and the issuer from these. */
    int n = snprintf(cfg->listen, sizeof cfg->listen, "%s%s%s:%d",
                     v6 ? "[" : "", host, v6 ? "]" : "", o->port);
    int m = snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s",
                     o->data_dir ? o->data_dir : "");
    if (n < 0 || (size_t)n >= sizeof cfg->listen || m < 0 ||
        (size_t)m >= sizeof cfg->data_dir) {
        *err = xstrdup("the listen address or the data directory is too "
                       "long");
        goto fail;
    }
    char *problem = server_config_check(cfg);
    if (problem) {
        *err = str_printf("bad configuration:\n%s", problem);
        free(problem);
        goto fail;
    }
    if (fs_mkdirs(cfg->data_dir, 0700) != 0) {
        *err = str_printf("cannot create data directory %s: %s",
                          cfg->data_dir, strerror(errno));
        goto fail;
    }
    if (o->lock_data_dir && lock_dir(s, cfg->data_dir, err) != 0)
        goto fail;
    if (o->log_path && open_log(s, o->log_path, err) != 0)
        goto fail;

    /* Threads inherit the mask: every thread the server starts, now or
     * later from one of its own, leaves the signals to the caller's. */
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    int rc = start(s, o, host, err);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (rc != 0)
        goto fail;
    s->running = true;
    log_msg(LOG_INFO, "listening on %s (pool %s)", s->srv.base_url,
            s->srv.pool_id);
    return s;
fail:
    embed_stop(s);
    return NULL;
}

const char *embed_base_url(const struct embedded_server *s)
{
    return s->srv.base_url;
}

int embed_port(const struct embedded_server *s)
{
    return s->port;
}

const char *embed_data_dir(const struct embedded_server *s)
{
    return s->srv.cfg.data_dir;
}

const char *embed_client_id(const struct embedded_server *s)
{
    return s->srv.client_id;
}

const char *embed_demo_email(const struct embedded_server *s)
{
    return s->demo_password ? DEMO_ADMIN_EMAIL : NULL;
}

const char *embed_demo_password(const struct embedded_server *s)
{
    return s->demo_password;
}

void embed_stop(struct embedded_server *s)
{
    if (!s)
        return;
    httpd_stop(s->httpd, EMBED_GRACE_MS);
    /* After the requests (no new orders), before the store closes. */
    queue_worker_stop(s->srv.queue);
    s->srv.queue = NULL;
    server_teardown(&s->srv);
    if (s->running)
        log_msg(LOG_INFO, "stopped");
    if (s->log_fd >= 0) {
        log_set_fd(s->prev_log_fd);
        close(s->log_fd);
    }
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* releases the flock */
    free(s->demo_password);
    free(s);
}
