/* The http layer without the real server: a cancel flag stops a request
 * that hangs, one waiting for a retry, or one not yet started;
 * http_cancel() and http_client_free() from inside a callback, with the
 * other job finished in the same pass; a request libcurl cannot start ends
 * with an error instead of never (libcurl's start calls are wrapped here
 * to fail on demand); one deadline for all of a request's attempts, and a
 * client's budget shared by its requests. */
#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/http.h"
#include "common/timeutil.h"
#include "support/stall.h"
#include "unit/suites.h"

/* --- libcurl's start calls, failing on demand ------------------------- */

static atomic_int easy_init_fails;  /* fail the next n calls */
static atomic_int add_handle_skips; /* let this many through first */
static atomic_int add_handle_fails; /* then fail this many */

CURL *curl_easy_init(void)
{
    if (atomic_load(&easy_init_fails) > 0) {
        atomic_fetch_sub(&easy_init_fails, 1);
        return NULL;
    }
    CURL *(*real)(void) = (CURL * (*)(void)) dlsym(RTLD_NEXT, "curl_easy_init");
    return real();
}

CURLMcode curl_multi_add_handle(CURLM *m, CURL *e)
{
    if (atomic_load(&add_handle_skips) > 0) {
        atomic_fetch_sub(&add_handle_skips, 1);
    } else if (atomic_load(&add_handle_fails) > 0) {
        atomic_fetch_sub(&add_handle_fails, 1);
        return CURLM_OUT_OF_MEMORY;
    }
    CURLMcode (*real)(CURLM *, CURL *) =
        (CURLMcode(*)(CURLM *, CURL *))dlsym(RTLD_NEXT, "curl_multi_add_handle");
    return real(m, e);
}

/* --- a flag set from another thread after a delay --------------------- */

struct later {
    atomic_int *flag;
    int ms;
    pthread_t thread;
};

static void *set_later(void *arg)
{
    struct later *l = arg;
    usleep((useconds_t)l->ms * 1000);
    atomic_store(l->flag, 1);
    return NULL;
}

static void cancel_after(struct later *l, atomic_int *flag, int ms)
{
    l->flag = flag;
    l->ms = ms;
    ck_assert_int_eq(pthread_create(&l->thread, NULL, set_later, l), 0);
}

START_TEST(cancel_flag_stops_a_request_that_hangs)
{
    struct stall st;
    stall_start(&st);
    atomic_int cancel = 0;
    struct http_request rq = {.method = "GET", .url = st.base,
                              .timeout_ms = 30000, .cancel = &cancel};
    struct later l;
    cancel_after(&l, &cancel, 100);
    int64_t t0 = time_mono_ms();
    struct http_response r;
    ck_assert_int_eq(http_fetch(&rq, &r), -1);
    int64_t took = time_mono_ms() - t0;
    pthread_join(l.thread, NULL);
    ck_assert(r.cancelled);
    ck_assert_str_eq(r.error, "cancelled");
    ck_assert_int_eq(r.status, 0);
    ck_assert_str_eq(r.body, "");
    ck_assert_msg(took >= 100 && took < 1000, "took %lld ms", (long long)took);
    http_response_free(&r);
    stall_stop(&st);
}
END_TEST

START_TEST(cancel_flag_stops_a_retry_wait_and_a_request_not_started)
{
    /* Nothing listens on port 1: refused, then a retry 5 to 10 s away. */
    struct http_retry retry = {.max_attempts = 4, .base_ms = 10000,
                               .max_delay_ms = 10000, .max_total_ms = 60000};
    atomic_int cancel = 0;
    struct http_request rq = {.method = "GET", .url = "http://127.0.0.1:1/",
                              .retry = &retry, .cancel = &cancel};
    struct later l;
    cancel_after(&l, &cancel, 100);
    int64_t t0 = time_mono_ms();
    struct http_response r;
    ck_assert_int_eq(http_fetch(&rq, &r), -1);
    int64_t took = time_mono_ms() - t0;
    pthread_join(l.thread, NULL);
    ck_assert(r.cancelled);
    ck_assert_int_eq(r.attempts, 1);
    ck_assert_msg(took < 1000, "took %lld ms", (long long)took);
    http_response_free(&r);

    /* Set before the start: no attempt at all. */
    ck_assert_int_eq(http_fetch(&rq, &r), -1);
    ck_assert(r.cancelled);
    ck_assert_int_eq(r.attempts, 0);
    http_response_free(&r);

    /* Not set: the plain network error, not a cancel. */
    atomic_store(&cancel, 0);
    rq.retry = NULL;
    ck_assert_int_eq(http_fetch(&rq, &r), -1);
    ck_assert(!r.cancelled);
    ck_assert_str_ne(r.error, "cancelled");
    http_response_free(&r);
}
END_TEST

/* --- two answers that arrive together ------------------------------- */

/* Takes two connections, reads one request on each, and answers both at
 * once when told to, so that both jobs finish in one http_client_run. */
struct pair_srv {
    int fd;
    char url[64];
    pthread_t thread;
    atomic_int got, go, written;
};

static void read_head(int fd)
{
    char buf[4096];
    size_t len = 0;
    while (len < sizeof buf - 1) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0)
            return;
        ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
        if (n <= 0)
            return;
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            return;
    }
}

static void *pair_serve(void *arg)
{
    struct pair_srv *s = arg;
    int conn[2];
    for (int i = 0; i < 2; i++) {
        conn[i] = accept(s->fd, NULL, NULL);
        read_head(conn[i]);
        atomic_fetch_add(&s->got, 1);
    }
    for (int i = 0; i < 5000 && !atomic_load(&s->go); i++)
        usleep(1000);
    static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                 "Connection: close\r\n\r\nok";
    for (int i = 0; i < 2; i++)
        (void)!write(conn[i], answer, sizeof answer - 1);
    atomic_store(&s->written, 1);
    for (int i = 0; i < 2; i++)
        close(conn[i]);
    return NULL;
}

static void pair_start(struct pair_srv *s)
{
    memset(s, 0, sizeof *s);
    s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(s->fd, 4), 0);
    ck_assert_int_eq(getsockname(s->fd, (struct sockaddr *)&a, &len), 0);
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d/", ntohs(a.sin_port));
    ck_assert_int_eq(pthread_create(&s->thread, NULL, pair_serve, s), 0);
}

static void pair_stop(struct pair_srv *s)
{
    atomic_store(&s->go, 1);
    pthread_join(s->thread, NULL);
    close(s->fd);
}

struct pair_ctx {
    struct http_client *c;
    struct http_job *job[2];
    int calls;
    bool free_client; /* the first callback frees the client */
};

struct pair_user {
    struct pair_ctx *ctx;
    int i;
};

static void on_pair(struct http_response *resp, void *user)
{
    struct pair_user *u = user;
    struct pair_ctx *x = u->ctx;
    ck_assert_int_eq(resp->status, 200);
    x->calls++;
    if (x->free_client)
        http_client_free(x->c);
    else
        http_cancel(x->c, x->job[1 - u->i]);
}

/* Starts two requests and runs until both answers wait in the sockets;
 * returns what the one run that takes them both returns. */
static int run_pair(struct pair_srv *s, struct pair_ctx *x,
                    struct pair_user u[2])
{
    x->c = http_client_new();
    ck_assert_ptr_nonnull(x->c);
    struct http_request rq = {.method = "GET", .url = s->url};
    for (int i = 0; i < 2; i++) {
        u[i].ctx = x;
        u[i].i = i;
        x->job[i] = http_start(x->c, &rq, on_pair, &u[i]);
    }
    for (int i = 0; atomic_load(&s->got) < 2; i++) {
        ck_assert_int_lt(i, 500);
        http_client_run(x->c, 10);
    }
    atomic_store(&s->go, 1);
    while (!atomic_load(&s->written))
        usleep(1000);
    usleep(50 * 1000);
    return http_client_run(x->c, 0);
}

START_TEST(http_cancel_from_a_callback_in_the_same_pass)
{
    struct pair_srv s;
    pair_start(&s);
    struct pair_ctx x = {0};
    struct pair_user u[2];
    int left = run_pair(&s, &x, u);
    /* Both finished in that run; the first callback cancelled the other. */
    ck_assert_int_eq(x.calls, 1);
    ck_assert_int_eq(left, 0);
    ck_assert_int_eq(http_client_pending(x.c), 0);
    http_client_free(x.c);
    pair_stop(&s);
}
END_TEST

START_TEST(http_client_free_from_a_callback)
{
    struct pair_srv s;
    pair_start(&s);
    struct pair_ctx x = {.free_client = true};
    struct pair_user u[2];
    int left = run_pair(&s, &x, u);
    ck_assert_int_eq(x.calls, 1);
    ck_assert_int_eq(left, 0);
    pair_stop(&s);
}
END_TEST

struct one_done {
    int calls;
    long status;
    char *error;
};

static void on_one(struct http_response *resp, void *user)
{
    struct one_done *d = user;
    d->calls++;
    d->status = resp->status;
    d->error = resp->error;
    resp->error = NULL;
}

START_TEST(requests_libcurl_cannot_start_end_with_an_error)
{
    struct http_request rq = {.method = "GET", .url = "http://127.0.0.1:1/"};
    struct http_response r;

    /* (libcurl makes a handle of its own inside curl_multi_init: the
     * client is made before the failure is armed.) */
    struct http_client *c = http_client_new();
    atomic_store(&easy_init_fails, 1);
    ck_assert_int_eq(http_client_fetch(c, &rq, &r), -1);
    ck_assert_ptr_nonnull(strstr(r.error, "could not start the request"));
    ck_assert(!r.cancelled);
    http_response_free(&r);

    atomic_store(&add_handle_fails, 1);
    ck_assert_int_eq(http_fetch(&rq, &r), -1);
    ck_assert_ptr_nonnull(strstr(r.error, "could not start the request"));
    http_response_free(&r);

    /* The first attempt starts (refused), its retry cannot. */
    struct http_retry retry = {.max_attempts = 3, .base_ms = 1,
                               .max_delay_ms = 1, .max_total_ms = 100};
    rq.retry = &retry;
    atomic_store(&add_handle_skips, 1);
    atomic_store(&add_handle_fails, 1);
    ck_assert_int_eq(http_fetch(&rq, &r), -1);
    ck_assert_int_eq(r.attempts, 2);
    ck_assert_ptr_nonnull(strstr(r.error, "could not start the request"));
    http_response_free(&r);

    /* The event-loop form: the callback runs at the next pass. */
    struct one_done d = {0};
    atomic_store(&easy_init_fails, 1);
    http_start(c, &rq, on_one, &d);
    ck_assert_int_eq(d.calls, 0);
    ck_assert_int_eq(http_client_run(c, 5000), 0);
    ck_assert_int_eq(d.calls, 1);
    ck_assert_int_eq(d.status, 0);
    ck_assert_ptr_nonnull(strstr(d.error, "could not start the request"));
    free(d.error);
    http_client_free(c);
}
END_TEST

/* --- one deadline for all attempts ----------------------------------- */

struct retry_heard {
    int calls;
    long left_ms, delay_ms;
    bool timed_out;
    char url[128];
};

static void on_retry_heard(void *user, const char *url,
                           const struct http_response *failed, long delay_ms,
                           long left_ms)
{
    struct retry_heard *h = user;
    h->calls++;
    h->left_ms = left_ms;
    h->delay_ms = delay_ms;
    h->timed_out = failed->timed_out;
    snprintf(h->url, sizeof h->url, "%s", url);
}

START_TEST(a_server_that_never_answers_costs_the_timeout_in_all)
{
    struct stall st;
    stall_start(&st);
    struct http_retry retry;
    http_retry_defaults(&retry); /* four attempts */
    struct http_request rq = {.method = "GET", .url = st.base,
                              .timeout_ms = 2000, .retry = &retry};
    struct http_client *c = http_client_new();
    struct retry_heard h = {0};
    http_client_on_retry(c, on_retry_heard, &h);
    int64_t t0 = time_mono_ms();
    struct http_response r;
    ck_assert_int_eq(http_client_fetch(c, &rq, &r), -1);
    int64_t took = time_mono_ms() - t0;
    /* Half the time for the first attempt, the rest for the second: a
     * retry only while time remains, never four times the timeout. */
    ck_assert_msg(took >= 1900 && took < 2600, "took %lld ms", (long long)took);
    ck_assert_int_eq(r.attempts, 2);
    ck_assert(r.timed_out);
    ck_assert(!r.cancelled);
    ck_assert_str_eq(r.error, "no answer within 2 s");
    ck_assert_int_eq(h.calls, 1);
    ck_assert(h.timed_out);
    ck_assert_str_eq(h.url, st.base);
    ck_assert_msg(h.left_ms > 900 && h.left_ms <= 1100, "left %ld", h.left_ms);
    http_response_free(&r);

    /* A POST that may not be retried gets all of the time at once. */
    rq.method = "POST";
    h.calls = 0;
    ck_assert_int_eq(http_client_fetch(c, &rq, &r), -1);
    ck_assert_int_eq(r.attempts, 1);
    ck_assert(r.timed_out);
    ck_assert_int_eq(h.calls, 0);
    http_response_free(&r);
    http_client_free(c);
    stall_stop(&st);
}
END_TEST

START_TEST(a_budget_is_shared_by_the_requests_after_it)
{
    struct stall st;
    stall_start(&st);
    struct http_request rq = {.method = "GET", .url = st.base,
                              .timeout_ms = 30000};
    struct http_client *c = http_client_new();
    http_client_set_budget(c, 1000);
    usleep(300 * 1000); /* the budget starts with the next request */
    int64_t t0 = time_mono_ms();
    struct http_response r;
    ck_assert_int_eq(http_client_fetch(c, &rq, &r), -1);
    int64_t took = time_mono_ms() - t0;
    ck_assert_msg(took >= 950 && took < 1500, "took %lld ms", (long long)took);
    ck_assert(r.timed_out);
    ck_assert_str_eq(r.error, "no answer within 1 s");
    http_response_free(&r);

    /* Nothing left for the next one: it ends at once, unsent. */
    t0 = time_mono_ms();
    ck_assert_int_eq(http_client_fetch(c, &rq, &r), -1);
    ck_assert_msg(time_mono_ms() - t0 < 200, "took %lld ms",
                  (long long)(time_mono_ms() - t0));
    ck_assert(r.timed_out);
    ck_assert_int_eq(r.attempts, 0);
    ck_assert_str_eq(r.error, "no answer within 1 s");
    http_response_free(&r);

    /* A fresh budget for the next piece of work. */
    http_client_set_budget(c, 500);
    t0 = time_mono_ms();
    ck_assert_int_eq(http_client_fetch(c, &rq, &r), -1);
    took = time_mono_ms() - t0;
    ck_assert_msg(took >= 450 && took < 1000, "took %lld ms", (long long)took);
    ck_assert_str_eq(r.error, "no answer within 0.5 s");
    http_response_free(&r);
    http_client_free(c);
    stall_stop(&st);
}
END_TEST

START_TEST(no_retry_that_would_end_past_the_deadline)
{
    /* Refused at once, and a retry 5 to 10 s away: with 1 s in all, the
     * request ends after the first attempt instead of sleeping past it. */
    struct http_retry retry = {.max_attempts = 4, .base_ms = 10000,
                               .max_delay_ms = 10000, .max_total_ms = 60000};
    struct http_request rq = {.method = "GET", .url = "http://127.0.0.1:1/",
                              .timeout_ms = 1000, .retry = &retry};
    int64_t t0 = time_mono_ms();
    struct http_response r;
    ck_assert_int_eq(http_fetch(&rq, &r), -1);
    ck_assert_msg(time_mono_ms() - t0 < 500, "took %lld ms",
                  (long long)(time_mono_ms() - t0));
    ck_assert_int_eq(r.attempts, 1);
    ck_assert(!r.timed_out);
    http_response_free(&r);
}
END_TEST

Suite *suite_http(void)
{
    Suite *s = suite_create("http");
    TCase *tc = tcase_create("http");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, cancel_flag_stops_a_request_that_hangs);
    tcase_add_test(tc, cancel_flag_stops_a_retry_wait_and_a_request_not_started);
    tcase_add_test(tc, http_cancel_from_a_callback_in_the_same_pass);
    tcase_add_test(tc, http_client_free_from_a_callback);
    tcase_add_test(tc, requests_libcurl_cannot_start_end_with_an_error);
    tcase_add_test(tc, a_server_that_never_answers_costs_the_timeout_in_all);
    tcase_add_test(tc, a_budget_is_shared_by_the_requests_after_it);
    tcase_add_test(tc, no_retry_that_would_end_past_the_deadline);
    suite_add_tcase(s, tc);
    return s;
}
