/* storm — one raw exchange with the server, and escaping for messages
 * (see storm.h). Responses are parsed only as far as framing needs:
 * status line, Content-Length, chunked, 1xx, HEAD. */
#include "support/storm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/mem.h"

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A header's value in a response head [h, end), or NULL. */
static const char *head_value(const char *h, const char *end,
                              const char *name, size_t *vlen)
{
    size_t n = strlen(name);
    for (const char *l = h; l < end;) {
        const char *eol = memchr(l, '\n', (size_t)(end - l));
        if (!eol)
            eol = end;
        if ((size_t)(eol - l) > n && l[n] == ':' && strncasecmp(l, name, n) == 0) {
            const char *v = l + n + 1;
            while (v < eol && *v == ' ')
                v++;
            *vlen = (size_t)(eol - v);
            return v;
        }
        l = eol + 1;
    }
    return NULL;
}

/* The length of a whole chunked body at p (up to end), or 0 if it has
 * not all arrived, -1 if it is not chunked encoding. */
static long chunked_len(const char *p, const char *end)
{
    const char *q = p;
    for (;;) {
        const char *eol = memmem(q, (size_t)(end - q), "\r\n", 2);
        if (!eol)
            return 0;
        char *stop;
        unsigned long n = strtoul(q, &stop, 16);
        if (stop == q)
            return -1;
        q = eol + 2;
        if (n == 0) {
            const char *fin = memmem(q, (size_t)(end - q), "\r\n", 2);
            return fin ? (long)(fin + 2 - p) : 0;
        }
        if ((size_t)(end - q) < n + 2)
            return 0;
        q += n + 2;
    }
}

enum parse { PARSE_MORE, PARSE_ONE, PARSE_BAD };

/* Parses one response at buf[*off..len): PARSE_ONE moves *off past it
 * and sets *status. */
static enum parse parse_one(const char *buf, size_t len, size_t *off,
                            bool head_request, int *status)
{
    const char *p = buf + *off, *end = buf + len;
    size_t have = (size_t)(end - p);
    if (have < 12)
        return have && memcmp(p, "HTTP/1.", have < 7 ? have : 7) != 0
                   ? PARSE_BAD
                   : PARSE_MORE;
    if (memcmp(p, "HTTP/1.", 7) != 0 || p[8] != ' ')
        return PARSE_BAD;
    int st = atoi(p + 9);
    if (st < 100 || st > 599)
        return PARSE_BAD;
    const char *hend = memmem(p, have, "\r\n\r\n", 4);
    if (!hend)
        return PARSE_MORE;
    const char *body = hend + 4;
    size_t body_len = 0;
    size_t vlen;
    const char *v;
    if (st < 200 || st == 204 || st == 304 || head_request) {
        body_len = 0;
    } else if ((v = head_value(p, hend, "Transfer-Encoding", &vlen)) &&
               vlen >= 7 && strncasecmp(v, "chunked", 7) == 0) {
        long n = chunked_len(body, end);
        if (n < 0)
            return PARSE_BAD;
        if (n == 0)
            return PARSE_MORE;
        body_len = (size_t)n;
    } else if ((v = head_value(p, hend, "Content-Length", &vlen))) {
        body_len = strtoull(v, NULL, 10);
    } else {
        return PARSE_MORE; /* until close */
    }
    if ((size_t)(end - body) < body_len)
        return PARSE_MORE;
    *off = (size_t)(body + body_len - buf);
    *status = st;
    return PARSE_ONE;
}

static int connect_to(int port)
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
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

void storm_exchange(int port, const char *bytes, size_t len, int timeout_ms,
                    struct storm_result *res)
{
    memset(res, 0, sizeof *res);
    int64_t t0 = mono_ms(), deadline = t0 + timeout_ms;
    int fd = connect_to(port);
    if (fd < 0) {
        res->outcome = STORM_NO_CONNECT;
        return;
    }
    bool head = len >= 5 && memcmp(bytes, "HEAD ", 5) == 0;
    size_t sent = 0;
    bool wr_open = true;
    char *in = NULL;
    size_t in_len = 0, in_cap = 0, parsed = 0;
    bool eof = false;
    /* After a whole response, a little longer for the next of a
     * pipelined pair; the server keeps the connection otherwise. */
    int64_t settle = 0;
    res->outcome = STORM_HUNG;
    for (;;) {
        int64_t now = mono_ms();
        if (now >= deadline || (settle && now >= settle))
            break;
        if (wr_open && sent == len) {
            shutdown(fd, SHUT_WR);
            wr_open = false;
        }
        struct pollfd p = {fd, (short)(POLLIN | (wr_open ? POLLOUT : 0)), 0};
        int64_t until = settle ? settle : deadline;
        if (poll(&p, 1, (int)(until - now)) <= 0)
            continue;
        if (wr_open && (p.revents & POLLOUT)) {
            ssize_t n = send(fd, bytes + sent, len - sent, MSG_NOSIGNAL);
            if (n > 0)
                sent += (size_t)n;
            else if (n < 0 && errno != EAGAIN && errno != EINTR)
                wr_open = false; /* the server closed: read what it said */
        }
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        if (in_cap - in_len < 65536) {
            in_cap = in_cap ? in_cap * 2 : 131072;
            in = xrealloc(in, in_cap);
        }
        ssize_t n = recv(fd, in + in_len, in_cap - in_len, 0);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (n <= 0) {
            eof = true;
            break;
        }
        in_len += (size_t)n;
        for (;;) {
            int st = 0;
            enum parse r = parse_one(in, in_len, &parsed, head, &st);
            if (r == PARSE_BAD) {
                res->outcome = STORM_NOT_HTTP;
                goto done;
            }
            if (r == PARSE_MORE)
                break;
            if (st < 200)
                continue; /* 100 Continue: the answer comes after */
            if (res->nstatus < STORM_MAX_STATUSES)
                res->status[res->nstatus++] = st;
            settle = mono_ms() + 30;
        }
    }
    if (res->nstatus)
        res->outcome = STORM_ANSWERED;
    else if (eof && parsed == in_len)
        res->outcome = STORM_CLOSED;
    else if (in_len > parsed)
        res->outcome = STORM_STALLED;
done:
    res->ms = mono_ms() - t0;
    free(in);
    close(fd);
}

char *storm_escape(const char *bytes, size_t len, size_t max)
{
    struct strbuf sb = {0};
    size_t n = len < max ? len : max;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)bytes[i];
        if (ch == '\r')
            strbuf_puts(&sb, "\\r");
        else if (ch == '\n')
            strbuf_puts(&sb, "\\n");
        else if (ch == '\t')
            strbuf_puts(&sb, "\\t");
        else if (ch == '\\')
            strbuf_puts(&sb, "\\\\");
        else if (ch < 32 || ch >= 127)
            strbuf_printf(&sb, "\\x%02x", ch);
        else
            strbuf_append(&sb, &bytes[i], 1);
    }
    if (n < len)
        strbuf_printf(&sb, "… (%zu bytes in all)", len);
    return strbuf_detach(&sb, NULL);
}
