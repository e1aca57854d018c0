/* libmicrohttpd's own ceiling for `make bench`: answers every request with
 * a response built afresh (the body copied into it, a Content-Type added,
 * as the server's send_response does) holding a fixed body of SIZE bytes,
 * on the server's thread model (an epoll thread pool, MHD_USE_TURBO, the
 * same connection limits). run.sh gives it the size of GET
 * /products?limit=20's body, so that row can be read as a fraction of
 * what libmicrohttpd itself reaches on the machine in the same run.
 *
 * Usage: mhd_fixed SIZE [THREADS]   (THREADS: the CPUs by default)
 * Listens on 127.0.0.1, a free port, printed as "listening on URL";
 * runs until SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct fixed {
    char *body;
    size_t size;
};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    static int seen;
    const struct fixed *f = cls;
    /* The first call has only the headers; answering then would make
     * libmicrohttpd close the connection (as the server, answer on the
     * second). */
    if (!*con_cls) {
        *con_cls = &seen;
        return MHD_YES;
    }
    /* A fresh response per request, as the server builds one per request:
     * the figure includes that cost, not a cached response's. */
    struct MHD_Response *r = MHD_create_response_from_buffer(
        f->size, f->body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/json");
    enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* A loopback socket on a free port; its port in *port. -1 on failure. */
static int listen_loopback(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(fd, 1024) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(sa.sin_port);
    return fd;
}

int main(int argc, char **argv)
{
    long size = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    long threads = argc > 2 ? strtol(argv[2], NULL, 10) : ncpu;
    if (size <= 0 || size > 16L * 1024 * 1024 || threads < 1 || threads > 64) {
        fprintf(stderr, "usage: mhd_fixed SIZE [THREADS]\n");
        return 2;
    }
    struct fixed f = {malloc((size_t)size), (size_t)size};
    if (!f.body)
        return 1;
    memset(f.body, 'x', f.size);
    f.body[0] = '"';
    f.body[f.size - 1] = '"';

    /* Signals are taken by sigwait() below, not by the pool's threads. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    unsigned port = 0;
    int fd = listen_loopback(&port);
    if (fd < 0) {
        perror("mhd_fixed: listen");
        free(f.body);
        return 1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            MHD_USE_TURBO,
        0, NULL, NULL, on_request, &f,
        MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_LIMIT, 1024u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 256u,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "mhd_fixed: cannot start libmicrohttpd\n");
        close(fd);
        free(f.body);
        return 1;
    }
    printf("listening on http://127.0.0.1:%u (%ld bytes, %ld threads)\n",
           port, size, threads);
    fflush(stdout);
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    close(fd);
    free(f.body);
    return 0;
}
