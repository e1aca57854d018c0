#include "support/fakegw.h"

#include <arpa/inet.h>
#include <check.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ANSWERS 64
#define MAX_HITS 4096

struct answer {
    char *method, *target, *headers, *body;
    int status;
    int served; /* set once served; the last for a target repeats */
};

struct fakegw {
    struct MHD_Daemon *d;
    char base[64];
    pthread_mutex_t lock;
    struct answer answers[MAX_ANSWERS];
    int nanswers;
    char *hits[MAX_HITS]; /* "METHOD target" of every request */
    int nhits;
};

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* The target as sent: the URL path plus the query string, which MHD has
 * already split off and decoded, so it is rebuilt from the raw request
 * line kept by MHD_OPTION_URI_LOG_CALLBACK. */
struct req {
    int started;  /* the first call (headers only) is over */
    char target[];
};

static void *log_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    struct req *r = calloc(1, sizeof *r + strlen(uri) + 1);
    if (r)
        strcpy(r->target, uri);
    return r;
}

/* The first unserved answer for the target, else its last one. */
static struct answer *pick(struct fakegw *f, const char *method,
                           const char *target)
{
    struct answer *last = NULL;
    for (int i = 0; i < f->nanswers; i++) {
        struct answer *a = &f->answers[i];
        if (strcmp(a->method, method) || strcmp(a->target, target))
            continue;
        if (!a->served)
            return a;
        last = a;
    }
    return last;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    (void)url;
    (void)version;
    (void)upload;
    struct fakegw *f = cls;
    struct req *rq = *state;
    if (!rq)
        return MHD_NO;
    if (!rq->started || *upload_size) { /* bodies are read and ignored */
        rq->started = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    const char *target = rq->target;
    pthread_mutex_lock(&f->lock);
    if (f->nhits < MAX_HITS) {
        size_t n = strlen(method) + strlen(target) + 2;
        f->hits[f->nhits] = malloc(n);
        snprintf(f->hits[f->nhits], n, "%s %s", method, target);
        f->nhits++;
    }
    struct answer *a = pick(f, method, target);
    int status = 404;
    const char *body = "{\"message\":\"Not Found\"}";
    char *headers = NULL;
    if (a) {
        a->served = 1;
        status = a->status;
        body = a->body ? a->body : "";
        headers = dup_or_null(a->headers);
    }
    pthread_mutex_unlock(&f->lock);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (*body)
        MHD_add_response_header(r, "Content-Type", "application/json");
    for (char *line = headers ? strtok(headers, "\n") : NULL; line;
         line = strtok(NULL, "\n")) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        MHD_add_response_header(r, line, colon + 1 + (colon[1] == ' '));
    }
    free(headers);
    enum MHD_Result rc = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    free(*state);
    *state = NULL;
}

struct fakegw *fakegw_start(void)
{
    struct fakegw *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    pthread_mutex_init(&f->lock, NULL);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        handle, f, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_URI_LOG_CALLBACK, log_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
    ck_assert_msg(f->d != NULL, "fakegw: cannot start");
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(f->d, MHD_DAEMON_INFO_BIND_PORT);
    ck_assert_ptr_nonnull(info);
    snprintf(f->base, sizeof f->base, "http://127.0.0.1:%u",
             (unsigned)info->port);
    return f;
}

void fakegw_stop(struct fakegw *f)
{
    if (!f)
        return;
    MHD_stop_daemon(f->d);
    for (int i = 0; i < f->nanswers; i++) {
        free(f->answers[i].method);
        free(f->answers[i].target);
        free(f->answers[i].headers);
        free(f->answers[i].body);
    }
    for (int i = 0; i < f->nhits; i++)
        free(f->hits[i]);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

const char *fakegw_base(const struct fakegw *f) { return f->base; }

void fakegw_on(struct fakegw *f, const char *method, const char *target,
                int status, const char *headers, const char *body)
{
    pthread_mutex_lock(&f->lock);
    ck_assert_int_lt(f->nanswers, MAX_ANSWERS);
    struct answer *a = &f->answers[f->nanswers++];
    a->method = strdup(method);
    a->target = strdup(target);
    a->headers = dup_or_null(headers);
    a->body = dup_or_null(body);
    a->status = status;
    a->served = 0;
    pthread_mutex_unlock(&f->lock);
}

int fakegw_hits(struct fakegw *f, const char *method, const char *target)
{
    pthread_mutex_lock(&f->lock);
    int n = 0;
    size_t ml = method ? strlen(method) : 0;
    for (int i = 0; i < f->nhits; i++) {
        const char *h = f->hits[i];
        if (!method || (!strncmp(h, method, ml) && h[ml] == ' ' &&
                        !strcmp(h + ml + 1, target)))
            n++;
    }
    pthread_mutex_unlock(&f->lock);
    return n;
}
