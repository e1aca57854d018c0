/* slowproxy — a loopback TCP proxy that makes an API slow on purpose. */
#include "support/slowproxy.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/mem.h"
#include "common/timeutil.h"

/* Bytes read at one moment, held until at + the direction's delay. */
struct chunk {
    struct chunk *next;
    int64_t at;
    size_t len, off;   /* off: bytes of it already written */
    char data[];
};

/* One direction of a connection: chunks waiting to be written. */
struct flow {
    struct chunk *head, *tail;
    bool blocked;      /* the last write could not write everything */
};

#define HEAD_MAX 16384

struct conn {
    struct conn *next;
    int cfd, ufd;            /* client side, server side */
    struct flow up, down;    /* client → server, server → client */
    bool server_done;        /* the server closed its side */
    bool closed;
    /* Counting requests in the client's stream. */
    bool in_body;
    uint64_t body_left;
    char head[HEAD_MAX + 1];
    size_t head_len;
    uint32_t last4;          /* the last four bytes of the head */
    uint64_t seen;           /* client bytes parsed */
    uint64_t sent;           /* client bytes written to the server */
    uint64_t *ends;          /* where each unforwarded head ends */
    size_t nends, capends;
};

struct slowproxy {
    int port, target;
    char url[64];
    int lfd;
    int wake[2];
    pthread_t thread;
    struct conn *conns;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    /* under mu: */
    int delay_req, delay_resp;
    bool hang, stop;
    int requests, forwarded, abandoned;
};

static void wake(struct slowproxy *p)
{
    char b = 1;
    ssize_t n = write(p->wake[1], &b, 1);
    (void)n; /* a full pipe is awake already */
}

static void nonblock(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void flow_push(struct flow *f, const char *data, size_t len, int64_t at)
{
    struct chunk *c = xmalloc(sizeof *c + len);
    c->next = NULL;
    c->at = at;
    c->len = len;
    c->off = 0;
    memcpy(c->data, data, len);
    if (f->tail)
        f->tail->next = c;
    else
        f->head = c;
    f->tail = c;
}

static void flow_free(struct flow *f)
{
    while (f->head) {
        struct chunk *c = f->head;
        f->head = c->next;
        free(c);
    }
    f->tail = NULL;
}

/* Counts the requests in newly read client bytes. */
static void parse(struct slowproxy *p, struct conn *c, const char *d, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (c->in_body) {
            uint64_t take = n - i < c->body_left ? n - i : c->body_left;
            i += take;
            c->seen += take;
            c->body_left -= take;
            if (c->body_left == 0)
                c->in_body = false;
            continue;
        }
        char ch = d[i++];
        c->seen++;
        c->last4 = (c->last4 << 8) | (unsigned char)ch;
        if (c->head_len < HEAD_MAX)
            c->head[c->head_len++] = ch;
        if (c->head_len == 2 && c->last4 == 0x0d0aU) {
            c->head_len = 0; /* a stray CRLF between requests */
            continue;
        }
        if (c->last4 != 0x0d0a0d0aU)
            continue;
        c->head[c->head_len] = '\0';
        const char *cl = strcasestr(c->head, "\ncontent-length:");
        c->body_left = cl ? strtoull(cl + 16, NULL, 10) : 0;
        c->in_body = c->body_left > 0;
        c->head_len = 0;
        c->last4 = 0;
        if (c->nends == c->capends) {
            c->capends = c->capends ? c->capends * 2 : 4;
            c->ends = xrealloc(c->ends, c->capends * sizeof *c->ends);
        }
        c->ends[c->nends++] = c->seen;
        pthread_mutex_lock(&p->mu);
        p->requests++;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->mu);
    }
}

/* Writes what is due of f to fd; -1 if fd is gone. Sets *next_ms to the
 * wait until the next chunk is due (unchanged if none waits). */
static int flush(struct flow *f, int fd, int delay, bool hold, int64_t now,
                 int64_t *next_ms, uint64_t *sent)
{
    f->blocked = false;
    while (f->head && !hold) {
        struct chunk *c = f->head;
        if (now < c->at + delay) {
            int64_t w = c->at + delay - now;
            if (*next_ms < 0 || w < *next_ms)
                *next_ms = w;
            return 0;
        }
        ssize_t n = send(fd, c->data + c->off, c->len - c->off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            f->blocked = errno == EAGAIN;
            return f->blocked ? 0 : -1;
        }
        c->off += (size_t)n;
        if (sent)
            *sent += (uint64_t)n;
        if (c->off < c->len) {
            f->blocked = true;
            return 0;
        }
        f->head = c->next;
        if (!f->head)
            f->tail = NULL;
        free(c);
    }
    return 0;
}

/* Counts the heads that have now reached the server in full. */
static void count_forwarded(struct slowproxy *p, struct conn *c)
{
    size_t k = 0;
    while (k < c->nends && c->ends[k] <= c->sent)
        k++;
    if (k == 0)
        return;
    memmove(c->ends, c->ends + k, (c->nends - k) * sizeof *c->ends);
    c->nends -= k;
    pthread_mutex_lock(&p->mu);
    p->forwarded += (int)k;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->mu);
}

static void conn_close(struct slowproxy *p, struct conn *c, bool client_left)
{
    if (c->closed)
        return;
    c->closed = true;
    if (client_left && c->nends > 0) {
        pthread_mutex_lock(&p->mu);
        p->abandoned += (int)c->nends;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->mu);
    }
    close(c->cfd);
    close(c->ufd);
}

static void conn_free(struct conn *c)
{
    flow_free(&c->up);
    flow_free(&c->down);
    free(c->ends);
    free(c);
}

static int connect_target(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    nonblock(fd);
    return fd;
}

static void accept_one(struct slowproxy *p)
{
    int cfd = accept4(p->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (cfd < 0)
        return;
    int ufd = connect_target(p->target);
    if (ufd < 0) {
        close(cfd);
        return;
    }
    struct conn *c = xcalloc(1, sizeof *c);
    c->cfd = cfd;
    c->ufd = ufd;
    c->next = p->conns;
    p->conns = c;
}

/* Reads what fd has into f; 0 on EOF or error, else 1. */
static int take(int fd, struct flow *f, int64_t now, struct slowproxy *p,
                struct conn *parse_for)
{
    char buf[16384];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            flow_push(f, buf, (size_t)n, now);
            if (parse_for)
                parse(p, parse_for, buf, (size_t)n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && errno == EAGAIN ? 1 : 0;
    }
}

/* One connection after poll: read, write what is due, close when done. */
static void serve_conn(struct slowproxy *p, struct conn *c, short crev,
                       short urev, int delay_req, int delay_resp, bool hang,
                       int64_t *next_ms)
{
    int64_t now = time_mono_ms();
    if ((crev & (POLLIN | POLLHUP | POLLERR)) && !take(c->cfd, &c->up, now, p, c)) {
        conn_close(p, c, true); /* the client finished or gave up */
        return;
    }
    if ((urev & (POLLIN | POLLHUP | POLLERR)) && !c->server_done &&
        !take(c->ufd, &c->down, now, NULL, NULL))
        c->server_done = true;
    if (flush(&c->up, c->ufd, delay_req, hang, now, next_ms, &c->sent) < 0) {
        c->server_done = true;
        flow_free(&c->up);
    }
    count_forwarded(p, c);
    if (flush(&c->down, c->cfd, delay_resp, false, now, next_ms, NULL) < 0) {
        conn_close(p, c, true);
        return;
    }
    if (c->server_done && !c->down.head)
        conn_close(p, c, false);
}

static void *run(void *arg)
{
    struct slowproxy *p = arg;
    int64_t next_ms = -1;
    for (;;) {
        /* Chunks not yet due wake poll through next_ms; POLLOUT only for
         * a socket whose last write was short. */
        size_t n = 0;
        for (struct conn *c = p->conns; c; c = c->next)
            n++;
        struct pollfd *fds = xcalloc(2 + 2 * n, sizeof *fds);
        fds[0] = (struct pollfd){.fd = p->wake[0], .events = POLLIN};
        fds[1] = (struct pollfd){.fd = p->lfd, .events = POLLIN};
        size_t k = 2;
        for (struct conn *c = p->conns; c; c = c->next) {
            fds[k++] = (struct pollfd){
                .fd = c->cfd,
                .events = (short)(POLLIN | (c->down.blocked ? POLLOUT : 0))};
            fds[k++] = (struct pollfd){
                .fd = c->server_done ? -1 : c->ufd,
                .events = (short)(POLLIN | (c->up.blocked ? POLLOUT : 0))};
        }
        int timeout = next_ms < 0 ? -1 : (int)next_ms;
        poll(fds, (nfds_t)k, timeout);
        if (fds[0].revents & POLLIN) {
            char buf[64];
            while (read(p->wake[0], buf, sizeof buf) > 0)
                ;
        }
        /* Settings as they are now: a change wakes the poll. */
        pthread_mutex_lock(&p->mu);
        int delay_req = p->delay_req, delay_resp = p->delay_resp;
        bool hang = p->hang, stop = p->stop;
        pthread_mutex_unlock(&p->mu);
        if (stop) {
            free(fds);
            break;
        }
        next_ms = -1;
        k = 2;
        for (struct conn *c = p->conns; c; c = c->next, k += 2)
            serve_conn(p, c, fds[k].revents, fds[k + 1].revents, delay_req,
                       delay_resp, hang, &next_ms);
        if (fds[1].revents & POLLIN)
            accept_one(p); /* after the loop: fds holds the old list */
        free(fds);
        for (struct conn **cp = &p->conns; *cp;) {
            struct conn *c = *cp;
            if (c->closed) {
                *cp = c->next;
                conn_free(c);
            } else {
                cp = &c->next;
            }
        }
    }
    return NULL;
}

struct slowproxy *slowproxy_start(int target_port)
{
    struct slowproxy *p = xcalloc(1, sizeof *p);
    p->target = target_port;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cond, NULL);
    ck_assert_int_eq(pipe2(p->wake, O_CLOEXEC | O_NONBLOCK), 0);
    p->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    ck_assert_int_ge(p->lfd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    ck_assert_int_eq(bind(p->lfd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(p->lfd, 64), 0);
    ck_assert_int_eq(getsockname(p->lfd, (struct sockaddr *)&a, &alen), 0);
    p->port = ntohs(a.sin_port);
    snprintf(p->url, sizeof p->url, "http://127.0.0.1:%d", p->port);
    ck_assert_int_eq(pthread_create(&p->thread, NULL, run, p), 0);
    return p;
}

void slowproxy_stop(struct slowproxy *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_mutex_unlock(&p->mu);
    wake(p);
    pthread_join(p->thread, NULL);
    while (p->conns) {
        struct conn *c = p->conns;
        p->conns = c->next;
        conn_close(p, c, false);
        conn_free(c);
    }
    close(p->lfd);
    close(p->wake[0]);
    close(p->wake[1]);
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

int slowproxy_port(const struct slowproxy *p)
{
    return p->port;
}

const char *slowproxy_url(const struct slowproxy *p)
{
    return p->url;
}

static void set(struct slowproxy *p, int *field, int value)
{
    pthread_mutex_lock(&p->mu);
    *field = value;
    pthread_mutex_unlock(&p->mu);
    wake(p);
}

void slowproxy_delay_requests(struct slowproxy *p, int ms)
{
    set(p, &p->delay_req, ms);
}

void slowproxy_delay_responses(struct slowproxy *p, int ms)
{
    set(p, &p->delay_resp, ms);
}

void slowproxy_hang(struct slowproxy *p, bool on)
{
    pthread_mutex_lock(&p->mu);
    p->hang = on;
    pthread_mutex_unlock(&p->mu);
    wake(p);
}

static int get(struct slowproxy *p, const int *field)
{
    pthread_mutex_lock(&p->mu);
    int v = *field;
    pthread_mutex_unlock(&p->mu);
    return v;
}

int slowproxy_requests(struct slowproxy *p)
{
    return get(p, &p->requests);
}

int slowproxy_forwarded(struct slowproxy *p)
{
    return get(p, &p->forwarded);
}

int slowproxy_abandoned(struct slowproxy *p)
{
    return get(p, &p->abandoned);
}

/* Waits on p->cond until *field >= n or timeout_ms passes. */
static bool wait_at_least(struct slowproxy *p, const int *field, int n,
                          int timeout_ms)
{
    int64_t deadline = time_mono_ms() + timeout_ms;
    pthread_mutex_lock(&p->mu);
    while (*field < n) {
        int64_t left = deadline - time_mono_ms();
        if (left <= 0)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        int64_t ns = ts.tv_nsec + (left > 50 ? 50 : left) * 1000000;
        ts.tv_sec += (time_t)(ns / 1000000000);
        ts.tv_nsec = (long)(ns % 1000000000);
        pthread_cond_timedwait(&p->cond, &p->mu, &ts);
    }
    bool ok = *field >= n;
    pthread_mutex_unlock(&p->mu);
    return ok;
}

bool slowproxy_wait_requests(struct slowproxy *p, int n, int timeout_ms)
{
    return wait_at_least(p, &p->requests, n, timeout_ms);
}

bool slowproxy_wait_abandoned(struct slowproxy *p, int n, int timeout_ms)
{
    return wait_at_least(p, &p->abandoned, n, timeout_ms);
}
