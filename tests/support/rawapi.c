#include "support/rawapi.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/strbuf.h"

/* Reads a request: its head, then Content-Length bytes of body, giving
 * up after a second of quiet. */
static void read_request(int fd)
{
    struct strbuf sb = {0};
    char buf[4096];
    size_t need = (size_t)-1;
    while (sb.len < need) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 1000) <= 0)
            break;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        strbuf_append(&sb, buf, (size_t)n);
        const char *end = strstr(sb.buf, "\r\n\r\n");
        if (end && need == (size_t)-1) {
            const char *cl = strcasestr(sb.buf, "\r\nContent-Length:");
            need = (size_t)(end - sb.buf) + 4 +
                   (cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0);
        }
    }
    strbuf_free(&sb);
}

static void *serve(void *arg)
{
    struct rawapi *r = arg;
    while (!r->stop) {
        struct pollfd p = {r->fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int c = accept(r->fd, NULL, NULL);
        if (c < 0)
            continue;
        read_request(c);
        (void)!send(c, r->bytes, r->len, MSG_NOSIGNAL);
        r->count++;
        if (r->hang && r->nheld < RAWAPI_MAX_HELD)
            r->held[r->nheld++] = c;
        else
            close(c);
    }
    return NULL;
}

void rawapi_start(struct rawapi *r, const char *bytes, size_t len, bool hang)
{
    memset(r, 0, sizeof *r);
    r->bytes = bytes;
    r->len = len;
    r->hang = hang;
    r->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(r->fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    ck_assert_int_eq(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(r->fd, 16), 0);
    ck_assert_int_eq(getsockname(r->fd, (struct sockaddr *)&a, &alen), 0);
    r->port = ntohs(a.sin_port);
    snprintf(r->base, sizeof r->base, "http://127.0.0.1:%d", r->port);
    ck_assert_int_eq(pthread_create(&r->thread, NULL, serve, r), 0);
}

void rawapi_stop(struct rawapi *r)
{
    r->stop = true;
    pthread_join(r->thread, NULL);
    for (int i = 0; i < r->nheld; i++)
        close(r->held[i]);
    close(r->fd);
}
