#include "support/rawhttp.h"

#include <arpa/inet.h>
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int raw_connect(int port, const char *src_ip)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_msg(fd >= 0, "socket: %s", strerror(errno));
    if (src_ip) {
        struct sockaddr_in src = {.sin_family = AF_INET};
        inet_pton(AF_INET, src_ip, &src.sin_addr);
        ck_assert_msg(bind(fd, (struct sockaddr *)&src, sizeof src) == 0,
                      "bind %s: %s", src_ip, strerror(errno));
    }
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((unsigned short)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

void raw_send(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return; /* the server may refuse mid-request: the read says */
        p += w;
        n -= (size_t)w;
    }
}

/* Counted anywhere, not only at line starts: pipelined answers follow a
 * body directly. */
static int count_status_lines(const char *s, size_t n)
{
    int count = 0;
    for (size_t i = 0; i + 13 <= n; i++)
        if (memcmp(s + i, "HTTP/1.", 7) == 0 && s[i + 8] == ' ' &&
            isdigit((unsigned char)s[i + 9]) &&
            isdigit((unsigned char)s[i + 10]) &&
            isdigit((unsigned char)s[i + 11]) && s[i + 12] == ' ')
            count++;
    return count;
}

void raw_read(int fd, int timeout_ms, struct raw_reply *r)
{
    memset(r, 0, sizeof *r);
    struct strbuf sb = {0};
    long long t0 = now_ms(), deadline = t0 + timeout_ms;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        char buf[4096];
        ssize_t got = recv(fd, buf, sizeof buf, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            r->closed = true;
            break;
        }
        strbuf_append(&sb, buf, (size_t)got);
    }
    r->ms = now_ms() - t0;
    r->data = strbuf_detach(&sb, &r->len);
    if (r->len >= 12 && memcmp(r->data, "HTTP/1.", 7) == 0)
        r->status = atoi(r->data + 9);
    r->status_lines = count_status_lines(r->data, r->len);
}

void raw_exchange(int port, const void *req, size_t n, bool half_close,
                  int timeout_ms, struct raw_reply *r)
{
    int fd = raw_connect(port, NULL);
    ck_assert_msg(fd >= 0, "cannot connect to port %d", port);
    raw_send(fd, req, n);
    if (half_close)
        shutdown(fd, SHUT_WR);
    raw_read(fd, timeout_ms, r);
    close(fd);
}

void raw_reply_free(struct raw_reply *r)
{
    free(r->data);
    memset(r, 0, sizeof *r);
}

bool raw_closed_within(int fd, int ms)
{
    long long deadline = now_ms() + ms;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return false;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        char buf[512];
        ssize_t got = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
            return true;
    }
}
