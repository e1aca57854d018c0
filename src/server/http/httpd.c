#include "server/http/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <netdb.h>
#include <poll.h>
#include <stdatomic.h>
#include <stddef.h>
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
#include "server/http/offload.h"
#include "server/http/router.h"
#include "server/server.h"
#include "server/store/store.h"

/* Requests that may wait for a group commit go to their own threads, so
 * the HTTP threads (one per CPU) stay free for reads. One per connection
 * a busy client keeps in flight (64 in make bench), so that many orders
 * share one fsync: with 16, a commit took at most 16 (8 on average). */
#define WRITE_THREADS 64
/* At a stop, how long the writes answered after the grace period have
 * to reach their clients before the connections close. */
#define STOP_SEND_MS 500

struct httpd {
    struct MHD_Daemon *daemon;
    struct offload *writes;
    struct server *srv;
    atomic_int in_flight;
    atomic_bool stopping; /* new requests get 503 while in-flight ones end */
    struct admit admit;
};

enum req_stage {
    REQ_READING,  /* on an HTTP thread */
    REQ_WAITING,  /* connection suspended, on a write thread */
    REQ_ANSWERED, /* rs is ready: the resumed connection sends it */
    REQ_SENT,     /* written by hand (answer_half_closed): only close */
};

/* One per request: the body as it arrives, then the request and its
 * answer (they outlive one on_request call when the request is handed to
 * a write thread). */
struct req_ctx {
    struct strbuf body;
    bool too_large;
    bool admitted; /* arrived before the server began to stop */
    bool started;  /* the first call (headers, no body yet) was made */
    enum req_stage stage;
    int64_t start_us;
    struct guard_uri uri; /* the raw target, from on_uri */
    struct request rq;
    struct response rs;
    struct offload_job job;
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

/* On every answer, the guard's, the shutdown's and the one written by
 * hand too: a browser shows a response without them as a network error,
 * hiding its message. */
static void add_cors(struct response *rs, const struct request *rq)
{
    response_add_header(rs, "Access-Control-Allow-Origin",
                        rq->srv->cfg.cors_origin);
    response_add_header(rs, "Access-Control-Allow-Headers",
                        "Content-Type,Authorization,Idempotency-Key,"
                        "X-Amz-Target,X-Amz-User-Agent");
    response_add_header(rs, "Access-Control-Expose-Headers",
                        "X-Request-Id,Retry-After,Idempotent-Replayed");
}

static enum MHD_Result send_response(struct MHD_Connection *conn,
                                     struct request *rq, struct response *rs)
{
    add_cors(rs, rq);
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

/* Sends ctx's answer and logs the request. */
static enum MHD_Result answer(struct MHD_Connection *conn, struct req_ctx *ctx)
{
    struct request *rq = &ctx->rq;
    enum MHD_Result ret = send_response(conn, rq, &ctx->rs);
    struct log_request line = {
        .request_id = rq->request_id,
        .method = rq->method,
        .path = rq->path,
        .status = ctx->rs.status,
        .duration_us = now_us() - ctx->start_us,
        .user_id = rq->user ? rq->user->sub : NULL,
        .client_ip = rq->client_ip,
    };
    log_request(&line);
    response_free(&ctx->rs);
    return ret;
}

/* Whether a request may change data, and so wait for a group commit:
 * every method but the reads (a sign-in is a POST too, and its password
 * hash is better off the HTTP threads as well). */
static bool may_wait(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}

/* The answer written to the socket by hand, for a client that shut its
 * side while its write waited: libmicrohttpd 0.9.75 reads that EOF first
 * on the resume and closes the connection without sending the answer.
 * The connection is suspended, so the socket is this thread's alone; the
 * resume then closes it. */
static void answer_half_closed(struct MHD_Connection *conn,
                               struct req_ctx *ctx)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci)
        return;
    struct response *rs = &ctx->rs;
    add_cors(rs, &ctx->rq);
    const char *reason = MHD_get_reason_phrase_for((unsigned)rs->status);
    struct strbuf sb = {0};
    strbuf_printf(&sb, "HTTP/1.1 %d %s\r\nConnection: close\r\n"
                       "Content-Length: %zu\r\nX-Request-Id: %s\r\n",
                  rs->status, reason ? reason : "", rs->body_len,
                  ctx->rq.request_id);
    if (rs->content_type)
        strbuf_printf(&sb, "Content-Type: %s\r\n", rs->content_type);
    for (int i = 0; i < rs->nheaders; i++)
        strbuf_printf(&sb, "%s: %s\r\n", rs->headers[i].name,
                      rs->headers[i].value);
    strbuf_append(&sb, "\r\n", 2);
    if (rs->body_len)
        strbuf_append(&sb, rs->body, rs->body_len);
    for (size_t off = 0; off < sb.len;) {
        ssize_t n = send(ci->connect_fd, sb.buf + off, sb.len - off,
                         MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd p = {.fd = ci->connect_fd, .events = POLLOUT};
            if (poll(&p, 1, 1000) == 1)
                continue; /* the socket is non-blocking: wait for room */
        }
        if (n <= 0)
            break; /* the client is gone altogether, or stalled */
        off += (size_t)n;
    }
    strbuf_free(&sb);
    struct log_request line = {
        .request_id = ctx->rq.request_id,
        .method = ctx->rq.method,
        .path = ctx->rq.path,
        .status = rs->status,
        .duration_us = now_us() - ctx->start_us,
        .user_id = ctx->rq.user ? ctx->rq.user->sub : NULL,
        .client_ip = ctx->rq.client_ip,
    };
    log_request(&line);
}

/* On a write thread. The connection is suspended, so libmicrohttpd leaves
 * it, its headers and its arguments alone until the resume: the handler
 * may read them here. After the resume ctx belongs to the HTTP thread
 * again (it may be freed at once), so that is the last thing done. */
static void run_offloaded(struct offload_job *job, bool cancelled)
{
    struct req_ctx *ctx =
        (struct req_ctx *)(void *)((char *)job - offsetof(struct req_ctx, job));
    if (cancelled)
        respond_error(&ctx->rq, &ctx->rs, 503, "SERVICE_UNAVAILABLE",
                      "The server is shutting down; try again shortly", NULL);
    else
        router_dispatch(&ctx->rq, &ctx->rs);
    struct MHD_Connection *conn = ctx->rq.conn;
    ctx->stage = REQ_ANSWERED;
    if (admit_peer_gone(conn)) {
        answer_half_closed(conn, ctx);
        ctx->stage = REQ_SENT;
    }
    MHD_resume_connection(conn);
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

    if (ctx->stage == REQ_ANSWERED) /* back from a write thread */
        return answer(conn, ctx);
    if (ctx->stage == REQ_SENT)
        return MHD_NO; /* answered by hand: close */
    ctx->rq = (struct request){
        .srv = h->srv,
        .conn = conn,
        .method = method,
        .path = url,
        .body = ctx->body.buf ? ctx->body.buf : "",
        .body_len = ctx->body.len,
    };
    struct request *rq = &ctx->rq;
    uuid_v4(rq->request_id);
    client_ip(conn, rq->client_ip, sizeof rq->client_ip);
    if (atomic_load(&h->stopping) && !ctx->admitted) {
        respond_error(rq, &ctx->rs, 503, "SERVICE_UNAVAILABLE",
                      "The server is shutting down; try again shortly", NULL);
    } else if (ctx->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "Request body is larger than %zu bytes",
                 limit);
        respond_error(rq, &ctx->rs, 413, "PAYLOAD_TOO_LARGE", msg, NULL);
    } else if (may_wait(method) && !admit_peer_gone(conn)) {
        /* Suspended first: the write thread may resume it at once. Not
         * when the client has shut its side already: libmicrohttpd would
         * read that EOF on the resume and close without the answer, so
         * such a (rare) write is answered here. */
        MHD_suspend_connection(conn);
        ctx->stage = REQ_WAITING;
        ctx->job.run = run_offloaded;
        offload_submit(h->writes, &ctx->job);
        return MHD_YES;
    } else {
        router_dispatch(rq, &ctx->rs);
    }
    return answer(conn, ctx);
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
    response_free(&ctx->rs); /* an answer never sent: the client went */
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
    /* Writes wait for their group commit on the write threads, so the
     * HTTP threads only ever compute: one per CPU. */
    unsigned threads = srv->cfg.threads > 0
                           ? (unsigned)srv->cfg.threads
                           : (unsigned)(ncpu > 0 ? ncpu : 1);
    h->writes = offload_new(WRITE_THREADS);
    if (!h->writes) {
        *err = str_printf("cannot start the HTTP server's write threads");
        close(listen_fd);
        free(h);
        return NULL;
    }
    /* poll, not epoll: libmicrohttpd 0.9.75's epoll loop misses a FIN
     * that comes with the last bytes of an unfinished request and keeps
     * the connection to its timeout (storm suite, cut_short). */
    unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
                     MHD_USE_TURBO;
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
        offload_stop(h->writes);
        free(h);
        return NULL;
    }
    return h;
}

/* Waits until no request is in flight, or the deadline (monotonic ms). */
static void wait_in_flight(struct httpd *h, int64_t deadline)
{
    while (atomic_load(&h->in_flight) > 0 && time_mono_ms() < deadline) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

/* Not MHD_quiesce_daemon(): on an epoll daemon with a thread pool it
 * races with the workers removing the same listen socket from their epoll
 * sets, and libmicrohttpd 0.9.75 aborts the process when it loses
 * ("Failed to remove listen FD from epoll set", seen in the test suite).
 * Requests that arrive during the grace period are answered 503 instead,
 * and MHD_stop_daemon closes the listen socket. Before it, every
 * suspended connection must be resumed (else libmicrohttpd aborts):
 * offload_stop lets the writes running end and answers the queued ones
 * 503, each resuming its connection. */
void httpd_stop(struct httpd *h, int grace_ms)
{
    if (!h)
        return;
    atomic_store(&h->stopping, true);
    wait_in_flight(h, time_mono_ms() + grace_ms);
    offload_stop(h->writes);
    /* A moment for the answers just resumed to be sent. */
    wait_in_flight(h, time_mono_ms() + STOP_SEND_MS);
    MHD_stop_daemon(h->daemon);
    free(h);
}
