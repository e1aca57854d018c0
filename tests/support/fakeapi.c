#include "support/fakeapi.h"

#include <arpa/inet.h>
#include <check.h>
#include <jwt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client/session.h"
#include "common/strbuf.h"

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

/* Reads one request: the head, then Content-Length bytes of body. */
static char *read_request(int fd)
{
    struct strbuf sb = {0};
    char buf[4096];
    size_t need = (size_t)-1;
    while (sb.len < need) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0)
            break;
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        strbuf_append(&sb, buf, (size_t)n);
        const char *end = sb.buf ? strstr(sb.buf, "\r\n\r\n") : NULL;
        if (end && need == (size_t)-1) {
            char *cl = fakeapi_header(sb.buf, "Content-Length");
            need = (size_t)(end - sb.buf) + 4 + (cl ? strtoul(cl, NULL, 10) : 0);
            free(cl);
        }
    }
    return strbuf_detach(&sb, NULL);
}

static void *serve(void *arg)
{
    struct fakeapi *f = arg;
    while (!f->stop) {
        struct pollfd p = {f->fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int c = accept(f->fd, NULL, NULL);
        if (c < 0)
            continue;
        char *req = read_request(c);
        pthread_mutex_lock(&f->mu);
        int i = f->count < f->nreplies ? f->count : f->nreplies - 1;
        if (f->count < FAKEAPI_MAX_REQUESTS)
            f->requests[f->count] = req;
        else
            free(req);
        f->count++;
        pthread_mutex_unlock(&f->mu);
        const struct fake_reply *r = &f->replies[i];
        char *resp = str_printf("HTTP/1.1 %d %s\r\nContent-Type: "
                                "application/json\r\nContent-Length: %zu\r\n"
                                "%sConnection: close\r\n\r\n%s",
                                r->status, reason(r->status), strlen(r->body),
                                f->headers ? f->headers : "", r->body);
        (void)!write(c, resp, strlen(resp));
        free(resp);
        close(c);
    }
    return NULL;
}

void fakeapi_start(struct fakeapi *f, const struct fake_reply *replies, int n)
{
    fakeapi_start_headers(f, replies, n, NULL);
}

void fakeapi_start_headers(struct fakeapi *f, const struct fake_reply *replies,
                           int n, const char *headers)
{
    memset(f, 0, sizeof *f);
    f->replies = replies;
    f->nreplies = n;
    f->headers = headers;
    f->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(f->fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    ck_assert_int_eq(bind(f->fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(f->fd, 16), 0);
    ck_assert_int_eq(getsockname(f->fd, (struct sockaddr *)&a, &len), 0);
    f->port = ntohs(a.sin_port);
    snprintf(f->base, sizeof f->base, "http://127.0.0.1:%d", f->port);
    pthread_mutex_init(&f->mu, NULL);
    ck_assert_int_eq(pthread_create(&f->thread, NULL, serve, f), 0);
}

void fakeapi_stop(struct fakeapi *f)
{
    f->stop = true;
    pthread_join(f->thread, NULL);
    close(f->fd);
    int n = f->count < FAKEAPI_MAX_REQUESTS ? f->count : FAKEAPI_MAX_REQUESTS;
    for (int i = 0; i < n; i++)
        free(f->requests[i]);
    pthread_mutex_destroy(&f->mu);
}

int fakeapi_count(struct fakeapi *f)
{
    pthread_mutex_lock(&f->mu);
    int n = f->count;
    pthread_mutex_unlock(&f->mu);
    return n;
}

const char *fakeapi_request(struct fakeapi *f, int i)
{
    pthread_mutex_lock(&f->mu);
    const char *r = i < f->count && i < FAKEAPI_MAX_REQUESTS ? f->requests[i]
                                                              : NULL;
    pthread_mutex_unlock(&f->mu);
    return r;
}

char *fakeapi_header(const char *request, const char *name)
{
    size_t n = strlen(name);
    const char *end = strstr(request, "\r\n\r\n");
    for (const char *line = strstr(request, "\r\n"); line && line < end;
         line = strstr(line + 2, "\r\n")) {
        const char *h = line + 2;
        if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
            h += n + 1;
            while (*h == ' ')
                h++;
            return strndup(h, strcspn(h, "\r\n"));
        }
    }
    return NULL;
}

void fakeapi_session(const char *api_url)
{
    jwt_t *t = NULL;
    ck_assert_int_eq(jwt_new(&t), 0);
    jwt_add_grant(t, "sub", "11111111-2222-4333-8444-555555555555");
    jwt_add_grant(t, "email", "fake@example.com");
    jwt_add_grant_int(t, "exp", (long)time(NULL) + 3600);
    static const unsigned char key[] = "0123456789abcdef0123456789abcdef";
    jwt_set_alg(t, JWT_ALG_HS256, key, sizeof key - 1);
    char *tok = jwt_encode_str(t);
    jwt_free(t);
    char *dir = session_dir(NULL);
    ck_assert_ptr_nonnull(dir);
    char *path = session_path(dir, api_url);
    struct session s = {
        .api_url = strdup(api_url), .endpoint = strdup("http://127.0.0.1:1/"),
        .client_id = strdup("fake"), .username = strdup("fake@example.com"),
        .id_token = tok, .access_token = strdup("a"),
        .refresh_token = strdup("r"),
    };
    char *err = NULL;
    ck_assert_msg(session_save(path, &s, &err) == 0, "%s", err ? err : "");
    session_free(&s);
    free(path);
    free(dir);
}
