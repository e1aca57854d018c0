/* steady — does the order pipeline keep pace with a steady stream?
 *
 *   steady [-r RATE] [-s SECONDS] [-c CONNECTIONS] -t TOKEN -p PRODUCT
 *          -m MAIL_DIR URL
 *
 * Posts one-unit orders to URL/orders at RATE a second for SECONDS over
 * CONNECTIONS keep-alive connections (open loop: order i is due at
 * i / RATE, whether or not the server kept up), and watches MAIL_DIR (the
 * server's spool) for each order's confirmation mail, which the worker
 * writes just before the commit that makes the order CONFIRMED. Prints
 * the achieved rate, the POST latency, POST -> confirmation (from when
 * the order was due, so a client held back by a slow server counts), the
 * same from the 201 (the pipeline alone), the
 * oldest unconfirmed order's age (the oldest message on the queue), and
 * how many orders never got their mail within DRAIN_S after the end.
 * Exit 0 only when every order was created and confirmed.
 *
 * Plain sockets and poll(2) on one thread: no client library between the
 * timing and the wire. Loopback IPv4 only (the bench's server). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 256
#define ID_LEN 36
#define TICK_US 10000          /* how often the spool is looked at */
#define DRAIN_S 60             /* how long to wait for the last mails */

struct order {
    int64_t due_us;            /* when it was due to be posted */
    int64_t sent_us, answered_us, confirmed_us; /* 0: not yet */
    char id[ID_LEN + 1];       /* empty unless the POST answered 201 */
};

struct conn {
    int fd;
    int order;                 /* -1: idle */
    size_t out_off;
    char in[8192];
    size_t in_len;
};

static struct {
    struct sockaddr_in addr;
    char host[128];
    char *request;             /* the same POST every time */
    size_t request_len;
    const char *mail_dir;
    struct order *orders;
    int total;
} g;

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int connect_nb(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&g.addr, sizeof g.addr) != 0) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

/* Parses http://HOST:PORT (IPv4 literal) into g.addr. */
static int parse_url(const char *url)
{
    if (strncmp(url, "http://", 7) != 0)
        return -1;
    snprintf(g.host, sizeof g.host, "%s", url + 7);
    char *slash = strchr(g.host, '/');
    if (slash)
        *slash = '\0';
    char *colon = strrchr(g.host, ':');
    if (!colon)
        return -1;
    char ip[64];
    snprintf(ip, sizeof ip, "%.*s", (int)(colon - g.host), g.host);
    g.addr.sin_family = AF_INET;
    g.addr.sin_port = htons((uint16_t)atoi(colon + 1));
    return inet_pton(AF_INET, ip, &g.addr.sin_addr) == 1 ? 0 : -1;
}

/* A whole response in c->in: its length, else 0 (need more), -1 bad. */
static long response_len(const struct conn *c, int *status, bool *close_after)
{
    const char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (!end)
        return c->in_len == sizeof c->in ? -1 : 0;
    size_t head = (size_t)(end - c->in) + 4;
    if (sscanf(c->in, "HTTP/1.%*d %d", status) != 1)
        return -1;
    long body = 0;
    *close_after = false;
    for (const char *p = c->in; p < end; p = strstr(p, "\r\n") + 2) {
        if (strncasecmp(p, "Content-Length:", 15) == 0)
            body = strtol(p + 15, NULL, 10);
        else if (strncasecmp(p, "Connection: close", 17) == 0)
            *close_after = true;
    }
    if (body < 0 || head + (size_t)body > sizeof c->in)
        return -1;
    return c->in_len >= head + (size_t)body ? (long)(head + (size_t)body) : 0;
}

/* The order's id from a 201 body ({"success":true,"data":{"id":"…"). */
static void take_id(struct order *o, const char *resp, size_t len)
{
    const char *p = memmem(resp, len, "\"id\":\"", 6);
    if (p && (size_t)(p + 6 + ID_LEN - resp) <= len) {
        memcpy(o->id, p + 6, ID_LEN);
        o->id[ID_LEN] = '\0';
    }
}

static int next_order, created, refused, conn_errors, confirmed;

static void conn_reset(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = connect_nb();
    c->in_len = 0;
    c->out_off = 0;
    if (c->fd < 0)
        conn_errors++;
}

/* Reads what arrived; on a whole response, records it and goes idle. */
static void conn_read(struct conn *c, int64_t now)
{
    for (;;) {
        ssize_t n = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            break;
        if (n <= 0) { /* closed or failed mid-request: that order is lost */
            if (c->order >= 0)
                refused++;
            c->order = -1;
            conn_reset(c);
            return;
        }
        c->in_len += (size_t)n;
        int status = 0;
        bool close_after = false;
        long len = response_len(c, &status, &close_after);
        if (len == 0)
            continue;
        if (len < 0 || c->order < 0) {
            conn_errors++;
            c->order = -1;
            conn_reset(c);
            return;
        }
        struct order *o = &g.orders[c->order];
        o->answered_us = now;
        if (status == 201) {
            take_id(o, c->in, (size_t)len);
            created += o->id[0] != '\0';
            refused += o->id[0] == '\0';
        } else {
            refused++;
        }
        c->order = -1;
        memmove(c->in, c->in + len, c->in_len - (size_t)len);
        c->in_len -= (size_t)len;
        if (close_after)
            conn_reset(c);
        return;
    }
}

static void conn_write(struct conn *c)
{
    while (c->out_off < g.request_len) {
        ssize_t n = write(c->fd, g.request + c->out_off,
                          g.request_len - c->out_off);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        if (n <= 0) {
            refused++;
            c->order = -1;
            conn_reset(c);
            return;
        }
        c->out_off += (size_t)n;
    }
}

/* Looks for the mails of the orders not yet confirmed; returns the age
 * (µs) of the oldest order still waiting. */
static int64_t scan_spool(int64_t now, int *first_open)
{
    int64_t oldest = 0;
    char path[4096];
    for (int i = *first_open; i < next_order; i++) {
        struct order *o = &g.orders[i];
        if (o->confirmed_us || !o->id[0])
            continue;
        snprintf(path, sizeof path, "%s/order-confirmation-%s.eml",
                 g.mail_dir, o->id);
        struct stat st;
        if (stat(path, &st) == 0) {
            o->confirmed_us = now;
            confirmed++;
        }
        else if (!oldest)
            oldest = now - o->answered_us;
    }
    while (*first_open < next_order &&
           (g.orders[*first_open].confirmed_us ||
            (g.orders[*first_open].answered_us &&
             !g.orders[*first_open].id[0])))
        (*first_open)++;
    return oldest;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_ms(const int64_t *v, int n, double p)
{
    if (n == 0)
        return 0;
    int i = (int)(p * (n - 1) + 0.5);
    return (double)v[i] / 1000.0;
}

static void usage(void)
{
    fprintf(stderr, "usage: steady [-r RATE] [-s SECONDS] [-c CONNECTIONS] "
                    "-t TOKEN -p PRODUCT -m MAIL_DIR http://IP:PORT\n");
    exit(2);
}

int main(int argc, char **argv)
{
    double rate = 1000;
    int secs = 30, nconns = 64, opt;
    const char *token = NULL, *product = NULL;
    while ((opt = getopt(argc, argv, "r:s:c:t:p:m:")) != -1) {
        switch (opt) {
        case 'r': rate = atof(optarg); break;
        case 's': secs = atoi(optarg); break;
        case 'c': nconns = atoi(optarg); break;
        case 't': token = optarg; break;
        case 'p': product = optarg; break;
        case 'm': g.mail_dir = optarg; break;
        default: usage();
        }
    }
    if (optind != argc - 1 || !token || !product || !g.mail_dir ||
        rate <= 0 || secs <= 0 || nconns < 1 || nconns > MAX_CONNS ||
        parse_url(argv[optind]) != 0)
        usage();

    char body[160];
    int blen = snprintf(body, sizeof body,
                        "{\"productId\":\"%s\",\"quantity\":1}", product);
    size_t cap = strlen(token) + 512;
    g.request = malloc(cap);
    g.request_len = (size_t)snprintf(
        g.request, cap,
        "POST /orders HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
        "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
        g.host, token, blen, body);
    g.total = (int)(rate * secs);
    g.orders = calloc((size_t)g.total, sizeof *g.orders);

    struct conn conns[MAX_CONNS];
    for (int i = 0; i < nconns; i++) {
        conns[i] = (struct conn){.fd = -1, .order = -1};
        conn_reset(&conns[i]);
        if (conns[i].fd < 0) {
            fprintf(stderr, "steady: cannot connect to %s\n", argv[optind]);
            return 1;
        }
    }

    int64_t t0 = now_us(), next_tick = t0, max_oldest = 0;
    int64_t end_post = t0 + (int64_t)secs * 1000000;
    int first_open = 0;
    struct pollfd pfd[MAX_CONNS];
    for (;;) {
        int64_t now = now_us();
        /* Post what is due on the idle connections. */
        for (int i = 0; i < nconns && next_order < g.total; i++) {
            struct conn *c = &conns[i];
            struct order *o = &g.orders[next_order];
            o->due_us = t0 + (int64_t)((double)next_order * 1e6 / rate);
            if (o->due_us > now)
                break;
            if (c->order >= 0 || c->fd < 0)
                continue;
            c->order = next_order++;
            c->out_off = 0;
            o->sent_us = now;
            conn_write(c);
        }
        if (now >= next_tick) {
            int64_t oldest = scan_spool(now, &first_open);
            if (oldest > max_oldest)
                max_oldest = oldest;
            next_tick = now + TICK_US;
            bool posting = next_order < g.total;
            bool busy = false;
            for (int i = 0; i < nconns; i++)
                busy |= conns[i].order >= 0;
            if (!posting && !busy && confirmed == created)
                break;
            if (!posting && now > end_post + (int64_t)DRAIN_S * 1000000)
                break;
        }
        int n = 0;
        for (int i = 0; i < nconns; i++) {
            if (conns[i].fd < 0)
                conn_reset(&conns[i]);
            pfd[n].fd = conns[i].fd;
            pfd[n].events = conns[i].order < 0 ? POLLIN
                            : conns[i].out_off < g.request_len ? POLLOUT
                                                               : POLLIN;
            pfd[n++].revents = 0;
        }
        int64_t wait = next_tick - now_us();
        if (next_order < g.total) {
            int64_t due = t0 + (int64_t)((double)next_order * 1e6 / rate) -
                          now_us();
            if (due < wait)
                wait = due;
        }
        poll(pfd, (nfds_t)n, wait > 0 ? (int)((wait + 999) / 1000) : 0);
        now = now_us();
        for (int i = 0; i < n; i++) {
            if (!pfd[i].revents)
                continue;
            if (pfd[i].revents & POLLOUT)
                conn_write(&conns[i]);
            else if (conns[i].order >= 0 ||
                     pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
                conn_read(&conns[i], now);
        }
    }
    int64_t t_end = now_us();

    /* Latencies of the orders created. */
    int64_t *post = calloc((size_t)g.total + 1, sizeof *post);
    int64_t *conf = calloc((size_t)g.total + 1, sizeof *conf);
    int64_t *queued = calloc((size_t)g.total + 1, sizeof *queued);
    int np = 0, nc = 0;
    for (int i = 0; i < next_order; i++) {
        struct order *o = &g.orders[i];
        if (!o->id[0])
            continue;
        post[np++] = o->answered_us - o->due_us;
        if (o->confirmed_us) {
            queued[nc] = o->confirmed_us - o->answered_us;
            conf[nc++] = o->confirmed_us - o->due_us;
        }
    }
    qsort(post, (size_t)np, sizeof *post, cmp_i64);
    qsort(conf, (size_t)nc, sizeof *conf, cmp_i64);
    qsort(queued, (size_t)nc, sizeof *queued, cmp_i64);
    int64_t last_created = t0;
    for (int i = 0; i < next_order; i++)
        if (g.orders[i].id[0] && g.orders[i].answered_us > last_created)
            last_created = g.orders[i].answered_us;
    /* Up to the last 201: an idle connection the server closes later is
     * no answer. */
    double posting_s = (double)(last_created - t0) / 1e6;
    int lost = created - nc;
    printf("steady: %.0f orders/s for %d s over %d connections\n", rate, secs,
           nconns);
    printf("  posted %d of %d: 201 %d, refused or failed %d, connection "
           "errors %d; achieved %.0f orders/s\n",
           next_order, g.total, created, refused, conn_errors,
           posting_s > 0 ? created / posting_s : 0);
    printf("  POST answered       p50 %.1f ms  p99 %.1f ms  max %.1f ms\n",
           pct_ms(post, np, 0.5), pct_ms(post, np, 0.99),
           pct_ms(post, np, 1.0));
    printf("  POST -> CONFIRMED   p50 %.1f ms  p99 %.1f ms  max %.1f ms "
           "(mail on the spool, %d ms ticks)\n",
           pct_ms(conf, nc, 0.5), pct_ms(conf, nc, 0.99),
           pct_ms(conf, nc, 1.0), TICK_US / 1000);
    printf("  201 -> CONFIRMED    p50 %.1f ms  p99 %.1f ms  max %.1f ms "
           "(the pipeline alone)\n",
           pct_ms(queued, nc, 0.5), pct_ms(queued, nc, 0.99),
           pct_ms(queued, nc, 1.0));
    printf("  oldest message on the queue: max %.0f ms\n",
           (double)max_oldest / 1000.0);
    printf("  lost %d (created, no mail %d s after the last POST); run "
           "%.1f s\n", lost, DRAIN_S, (double)(t_end - t0) / 1e6);
    for (int i = 0; i < nconns; i++)
        if (conns[i].fd >= 0)
            close(conns[i].fd);
    free(post);
    free(conf);
    free(queued);
    free(g.orders);
    free(g.request);
    return lost == 0 && created == g.total ? 0 : 1;
}
