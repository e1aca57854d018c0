#include "support/smtpd.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"

struct conn {
    int fd;
    char buf[8192];
    size_t len;
};

static void say(int fd, const char *line)
{
    size_t n = strlen(line);
    if (write(fd, line, n) != (ssize_t)n)
        return; /* the client went away; its read fails next */
}

/* One line without its CRLF into out; -1 on EOF, error or stop. */
static int read_line(struct smtpd *d, struct conn *c, char *out, size_t size)
{
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            size_t keep = n > 0 && c->buf[n - 1] == '\r' ? n - 1 : n;
            if (keep >= size)
                keep = size - 1;
            memcpy(out, c->buf, keep);
            out[keep] = '\0';
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return 0;
        }
        if (c->len == sizeof c->buf)
            return -1; /* a line longer than any SMTP allows */
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int r = poll(&p, 1, 100);
        if (__atomic_load_n(&d->stop, __ATOMIC_SEQ_CST))
            return -1;
        if (r <= 0)
            continue;
        ssize_t got = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
        if (got <= 0)
            return -1;
        c->len += (size_t)got;
    }
}

static void keep_message(struct smtpd *d, const char *from, const char *rcpt,
                         struct strbuf *data)
{
    pthread_mutex_lock(&d->lock);
    if (d->count < SMTPD_MAX_MESSAGES) {
        struct smtpd_message *m = &d->msgs[d->count++];
        m->from = strdup(from);
        m->rcpt = strdup(rcpt);
        m->data = strbuf_detach(data, NULL);
    }
    pthread_mutex_unlock(&d->lock);
}

static void serve_conn(struct smtpd *d, int fd)
{
    struct conn c = {.fd = fd};
    char line[1024], from[1024] = "", rcpt[1024] = "";
    say(fd, "220 test.local ESMTP\r\n");
    while (read_line(d, &c, line, sizeof line) == 0) {
        if (!strncasecmp(line, "EHLO", 4)) {
            say(fd, "250-test.local\r\n250 8BITMIME\r\n");
        } else if (!strncasecmp(line, "HELO", 4) ||
                   !strncasecmp(line, "NOOP", 4)) {
            say(fd, "250 ok\r\n");
        } else if (!strncasecmp(line, "MAIL FROM:", 10)) {
            snprintf(from, sizeof from, "%s", line + 10);
            say(fd, "250 ok\r\n");
        } else if (!strncasecmp(line, "RCPT TO:", 8)) {
            snprintf(rcpt, sizeof rcpt, "%s", line + 8);
            say(fd, "250 ok\r\n");
        } else if (!strncasecmp(line, "RSET", 4)) {
            from[0] = rcpt[0] = '\0';
            say(fd, "250 ok\r\n");
        } else if (!strncasecmp(line, "DATA", 4)) {
            if (__atomic_load_n(&d->refuse_data, __ATOMIC_SEQ_CST)) {
                say(fd, "451 4.3.0 mailbox temporarily unavailable\r\n");
                continue;
            }
            say(fd, "354 go ahead\r\n");
            struct strbuf data = {0};
            int done = 0;
            while (read_line(d, &c, line, sizeof line) == 0) {
                if (strcmp(line, ".") == 0) {
                    done = 1;
                    break;
                }
                strbuf_printf(&data, "%s\r\n", line[0] == '.' ? line + 1 : line);
            }
            if (!done) {
                strbuf_free(&data);
                break;
            }
            keep_message(d, from, rcpt, &data);
            strbuf_free(&data);
            say(fd, "250 ok: queued\r\n");
        } else if (!strncasecmp(line, "QUIT", 4)) {
            say(fd, "221 bye\r\n");
            break;
        } else {
            say(fd, "502 command not implemented\r\n");
        }
    }
    close(fd);
}

static void *accept_loop(void *arg)
{
    struct smtpd *d = arg;
    while (!__atomic_load_n(&d->stop, __ATOMIC_SEQ_CST)) {
        struct pollfd p = {.fd = d->listen_fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        int fd = accept(d->listen_fd, NULL, NULL);
        if (fd >= 0)
            serve_conn(d, fd);
    }
    return NULL;
}

void smtpd_start(struct smtpd *d)
{
    memset(d, 0, sizeof *d);
    pthread_mutex_init(&d->lock, NULL);
    d->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(d->listen_fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(d->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(d->listen_fd, 16), 0);
    socklen_t len = sizeof a;
    getsockname(d->listen_fd, (struct sockaddr *)&a, &len);
    d->port = ntohs(a.sin_port);
    ck_assert_int_eq(pthread_create(&d->thread, NULL, accept_loop, d), 0);
}

void smtpd_stop(struct smtpd *d)
{
    __atomic_store_n(&d->stop, true, __ATOMIC_SEQ_CST);
    pthread_join(d->thread, NULL);
    close(d->listen_fd);
    for (int i = 0; i < d->count; i++) {
        free(d->msgs[i].from);
        free(d->msgs[i].rcpt);
        free(d->msgs[i].data);
    }
    d->count = 0;
    pthread_mutex_destroy(&d->lock);
}

int smtpd_count(struct smtpd *d)
{
    pthread_mutex_lock(&d->lock);
    int n = d->count;
    pthread_mutex_unlock(&d->lock);
    return n;
}

int smtpd_wait(struct smtpd *d, int n, int timeout_ms)
{
    for (int waited = 0;; waited += 20) {
        int have = smtpd_count(d);
        if (have >= n || waited >= timeout_ms)
            return have;
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

const struct smtpd_message *smtpd_find(struct smtpd *d, const char *needle)
{
    const struct smtpd_message *found = NULL;
    pthread_mutex_lock(&d->lock);
    for (int i = 0; i < d->count && !found; i++)
        if (strstr(d->msgs[i].data, needle))
            found = &d->msgs[i];
    pthread_mutex_unlock(&d->lock);
    return found;
}
