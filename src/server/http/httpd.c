#include "server/http/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/http/admit.h"
#include "server/http/guard.h"
#include "server/http/router.h"
#include "server/server.h"
#include "server/store/store.h"

struct httpd {
    struct MHD_Daemon *daemon;
    struct server *srv;
    atomic_int in_flight;
    atomic_bool stopping; /* new requests get 503 while in-flight ones end */
    struct admit admit;
};

/* One per request: the body as it arrives. */
struct req_ctx {
    struct strbuf body;
    bool too_large;
    bool admitted; /* arrived before the server began to stop */
    bool started;  /* the first call (headers, no body yet) was made */
    int64_t start_us;
    struct guard_uri uri; /* the raw target, from on_uri */
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const char *request_header(const struct request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *request_query(const struct request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct store_conn *request_db(struct request *rq)
{
    if (!rq->db)
        rq->db = store_acquire(rq->srv->store);
    return rq->db;
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, size, "unknown");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                  out, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                  out, (socklen_t)size);
}

static enum MHD_Result send_response(struct MHD_Connection *conn,
                                     struct request *rq, struct response *rs)
{
    char *body = rs->body;
    rs->body = NULL;
    struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(
        rs->body_len, body ? body : xstrdup(""), free);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "X-Request-Id", rq->request_id);
    if (rs->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                rs->content_type);
    for (int i = 0; i < rs->nheaders; i++)
        MHD_add_response_header(r, rs->headers[i].name, rs->headers[i].value);
    if (admit_peer_gone(conn))
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

static struct req_ctx *new_ctx(void)
{
    struct req_ctx *ctx = xcalloc(1, sizeof *ctx);
    ctx->start_us = now_us();
    return ctx;
}

/* The URI log callback: libmicrohttpd calls it with the raw target before
 * it decodes it, and before it parses the headers read so far (the guard
 * looks at those too); what it returns becomes the request's *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    struct req_ctx *ctx = new_ctx();
    guard_note_uri(&ctx->uri, uri);
    return ctx;
}

/* Answers a request the guard refused on its first call, before any body
 * is read (so no 100 Continue is sent), and closes the connection. */
static enum MHD_Result answer_now(struct httpd *h, struct MHD_Connection *conn,
                                  struct req_ctx *ctx, const char *method,
                                  const char *url,
                                  const struct guard_verdict *v)
{
    struct request rq = {.srv = h->srv, .conn = conn, .method = method,
                         .path = url, .body = ""};
    uuid_v4(rq.request_id);
    client_ip(conn, rq.client_ip, sizeof rq.client_ip);
    struct response rs = {0};
    respond_error(&rq, &rs, v->status, v->code, v->message, NULL);
    response_add_header(&rs, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = send_response(conn, &rq, &rs);
    char m[32], p[256];
    struct log_request line = {
        .request_id = rq.request_id,
        .method = guard_printable(method, m, sizeof m),
        .path = guard_printable(url, p, sizeof p),
        .status = rs.status,
        .duration_us = now_us() - ctx->start_us,
        .client_ip = rq.client_ip,
    };
    log_request(&line);
    response_free(&rs);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    struct httpd *h = cls;
    struct req_ctx *ctx = *con_cls;
    size_t limit = (size_t)h->srv->cfg.max_body_bytes;

    if (!ctx)
        *con_cls = ctx = new_ctx();
    if (!ctx->started) {
        /* In flight from here (not from the request line: a client slow
         * to send its headers does not hold up a stop). */
        ctx->started = true;
        atomic_fetch_add(&h->in_flight, 1);
        ctx->admitted = !atomic_load(&h->stopping);
        struct guard_verdict v;
        if (!guard_request(conn, method, version, &ctx->uri, limit, &v))
            return answer_now(h, conn, ctx, method, url, &v);
        return MHD_YES;
    }
    if (*upload_size) {
        /* Always consume; keep bytes only while under the limit (chunked
         * uploads have no Content-Length to refuse up front). */
        if (!ctx->too_large) {
            if (ctx->body.len + *upload_size > limit) {
                ctx->too_large = true;
                strbuf_free(&ctx->body);
            } else {
                strbuf_append(&ctx->body, upload, *upload_size);
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }

    struct request rq = {
        .srv = h->srv,
        .conn = conn,
        .method = method,
        .path = url,
        .body = ctx->body.buf ? ctx->body.buf : "",
        .body_len = ctx->body.len,
    };
    uuid_v4(rq.request_id);
    client_ip(conn, rq.client_ip, sizeof rq.client_ip);
    struct response rs = {0};
    if (atomic_load(&h->stopping) && !ctx->admitted) {
        respond_error(&rq, &rs, 503, "SERVICE_UNAVAILABLE",
                      "The server is shutting down; try again shortly", NULL);
    } else if (ctx->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "Request body is larger than %zu bytes",
                 limit);
        respond_error(&rq, &rs, 413, "PAYLOAD_TOO_LARGE", msg, NULL);
    } else {
        router_dispatch(&rq, &rs);
    }
    enum MHD_Result ret = send_response(conn, &rq, &rs);
    struct log_request line = {
        .request_id = rq.request_id,
        .method = method,
        .path = url,
        .status = rs.status,
        .duration_us = now_us() - ctx->start_us,
        .user_id = rq.user ? rq.user->sub : NULL,
        .client_ip = rq.client_ip,
    };
    log_request(&line);
    response_free(&rs);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct httpd *h = cls;
    struct req_ctx *ctx = *con_cls;
    if (!ctx)
        return;
    /* A sign-in's body holds a password. */
    if (ctx->body.buf)
        explicit_bzero(ctx->body.buf, ctx->body.len);
    strbuf_free(&ctx->body);
    bool started = ctx->started;
    free(ctx);
    *con_cls = NULL;
    if (started)
        atomic_fetch_sub(&h->in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    struct strbuf sb = {0};
    strbuf_vprintf(&sb, fmt, ap);
    while (sb.len && sb.buf[sb.len - 1] == '\n')
        sb.buf[--sb.len] = '\0';
    log_msg(LOG_WARN, "httpd: %s", sb.buf ? sb.buf : "");
    strbuf_free(&sb);
}


int httpd_listen(const char *host, int port, int *bound_port, char **err)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *ai = NULL;
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    int gai = getaddrinfo(host, portstr, &hints, &ai);
    if (gai != 0) {
        *err = str_printf("cannot resolve listen address %s: %s", host,
                    gai_strerror(gai));
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
        listen(fd, 1024) != 0) {
        *err = str_printf("cannot listen on %s:%d: %s", host, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    freeaddrinfo(ai);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    *bound_port = ntohs(ss.ss_family == AF_INET6
                            ? ((struct sockaddr_in6 *)&ss)->sin6_port
                            : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

struct httpd *httpd_start(struct server *srv, int listen_fd, char **err)
{
    struct httpd *h = xcalloc(1, sizeof *h);
    h->srv = srv;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    /* Writes wait for their group commit on the thread that took the
     * request, so more threads than CPUs let more orders share an fsync. */
    unsigned threads = srv->cfg.threads > 0
                           ? (unsigned)srv->cfg.threads
                           : (unsigned)(4 * (ncpu > 0 ? ncpu : 1));
    /* poll, not epoll: libmicrohttpd 0.9.75's epoll loop misses a FIN
     * that comes with the last bytes of an unfinished request and keeps
     * the connection to its timeout (storm suite, cut_short). */
    unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_TURBO;
    admit_init(&h->admit, srv->cfg.max_connections);
    h->daemon = MHD_start_daemon(
        flags, 0, admit_accept, &h->admit, on_request, h,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, listen_fd,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, admit_mhd_limit(&h->admit, threads),
        MHD_OPTION_NOTIFY_CONNECTION, admit_notify, &h->admit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)srv->cfg.per_ip_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)srv->cfg.connection_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, GUARD_POOL_SIZE,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
        MHD_OPTION_END);
    if (!h->daemon) {
        *err = str_printf("cannot start the HTTP server");
        close(listen_fd);
        free(h);
        return NULL;
    }
    return h;
}

/* Not MHD_quiesce_daemon(): on an epoll daemon with a thread pool it
 * races with the workers removing the same listen socket from their epoll
 * sets, and libmicrohttpd 0.9.75 aborts the process when it loses
 * ("Failed to remove listen FD from epoll set", seen in the test suite).
 * Requests that arrive during the grace period are answered 503 instead,
 * and MHD_stop_daemon closes the listen socket. */
void httpd_stop(struct httpd *h, int grace_ms)
{
    if (!h)
        return;
    atomic_store(&h->stopping, true);
    int64_t deadline = time_mono_ms() + grace_ms;
    while (atomic_load(&h->in_flight) > 0 && time_mono_ms() < deadline) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(h->daemon);
    free(h);
}
