/* Slow clients (issue 9): 500 connections that send nothing or a byte a
 * second must not keep a normal client waiting, and connections past the
 * server's limits are closed at once rather than left queued. The
 * crowd comes from 127.0.0.2 (any 127/8 address reaches loopback), the
 * normal client from 127.0.0.1, as two machines would. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "integration/suites.h"
#include "support/rawhttp.h"
#include "support/testsrv.h"

#define CROWD 500

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A normal client's wait: a second, or more when the server runs under
 * valgrind (the Makefile's valgrind-test sets INVENTUI_VALGRIND). */
static long long patience_ms(void)
{
    return getenv("INVENTUI_VALGRIND") ? 5000 : 1000;
}

static void raise_fd_limit(int need)
{
    struct rlimit rl;
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_cur >= (rlim_t)need)
        return;
    rl.rlim_cur = rl.rlim_max < (rlim_t)need ? rl.rlim_max : (rlim_t)need;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
    ck_assert_msg(rl.rlim_cur >= (rlim_t)need, "only %ld descriptors",
                  (long)rl.rlim_cur);
}

static void open_crowd(const struct testsrv *s, int *fds, int n)
{
    for (int i = 0; i < n; i++) {
        fds[i] = raw_connect(s->port, "127.0.0.2");
        ck_assert_msg(fds[i] >= 0, "crowd connection %d: %s", i,
                      strerror(errno));
    }
}

static void close_crowd(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

/* How many of the crowd the server has closed, waiting up to ms for
 * them to be at least want. */
static int closed_by_server(int *fds, int n, int want, int ms)
{
    long long deadline = now_ms() + ms;
    int closed;
    do {
        closed = 0;
        for (int i = 0; i < n; i++) {
            char c;
            ssize_t got = recv(fds[i], &c, 1, MSG_DONTWAIT);
            closed += got == 0 || (got < 0 && errno != EAGAIN &&
                                   errno != EWOULDBLOCK);
        }
        if (closed >= want)
            break;
        usleep(50 * 1000);
    } while (now_ms() < deadline);
    return closed;
}

/* GET /health from 127.0.0.1; its time in ms, status in *status. */
static long long timed_health(const struct testsrv *s, long *status)
{
    long long t0 = now_ms();
    struct http_resp r;
    http_call(s, "GET", "/health", NULL, NULL, &r, NULL);
    *status = r.status;
    http_resp_free(&r);
    return now_ms() - t0;
}

START_TEST(idle_and_trickling_crowd_does_not_hold_up_a_normal_client)
{
    raise_fd_limit(CROWD + 256);
    struct testsrv s;
    testsrv_start(&s, NULL);
    static int fds[CROWD];
    open_crowd(&s, fds, CROWD);
    /* Half send nothing; half send a request a byte a second. */
    const char req[] = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int round = 0; round < 3; round++) {
        long long t0 = now_ms();
        for (int i = 1; i < CROWD; i += 2)
            send(fds[i], req + round, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        long status;
        long long ms = timed_health(&s, &status);
        ck_assert_int_eq(status, 200);
        ck_assert_msg(ms < patience_ms(), "round %d: GET /health took %lld ms",
                      round, ms);
        long long left = 1000 - (now_ms() - t0);
        if (left > 0)
            usleep((useconds_t)left * 1000);
    }
    /* Past the per-address limit (256 by default) the rest were closed
     * at once, not kept waiting. */
    int closed = closed_by_server(fds, CROWD, CROWD - 256, 2000);
    ck_assert_msg(closed >= CROWD - 256, "%d of %d closed", closed, CROWD);
    close_crowd(fds, CROWD);
    testsrv_stop(&s);
}
END_TEST

#define LIMIT 50
#define OVER 120

START_TEST(connections_past_the_limit_are_closed_at_once)
{
    raise_fd_limit(OVER + 256);
    struct testsrv s;
    char conf[96];
    snprintf(conf, sizeof conf, "[server]\nmax_connections = %d\nthreads = 2\n",
             LIMIT);
    testsrv_start(&s, conf);
    static int fds[OVER];
    open_crowd(&s, fds, OVER);
    /* Each thread may let one more in between the check and the count. */
    int want = OVER - LIMIT - 2;
    int closed = closed_by_server(fds, OVER, want, 2000);
    ck_assert_msg(closed >= want, "only %d of %d past the limit of %d closed",
                  closed, OVER, LIMIT);

    /* A client arriving now is refused at once, not queued. */
    int fd = raw_connect(s.port, NULL);
    ck_assert_int_ge(fd, 0);
    const char req[] = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    raw_send(fd, req, sizeof req - 1);
    struct raw_reply r;
    raw_read(fd, 3000, &r);
    close(fd);
    ck_assert_msg(r.closed && r.ms < patience_ms(),
                  "at the limit: closed %d after %lld ms: %s", r.closed, r.ms,
                  r.data);
    raw_reply_free(&r);

    /* Once the crowd leaves, clients are served again. */
    close_crowd(fds, OVER);
    const char again[] = "GET /health HTTP/1.1\r\nHost: x\r\n"
                         "Connection: close\r\n\r\n";
    int status = 0;
    long long deadline = now_ms() + 2000;
    while (status != 200 && now_ms() < deadline) {
        raw_exchange(s.port, again, sizeof again - 1, false, 3000, &r);
        status = r.status;
        raw_reply_free(&r);
        if (status != 200)
            usleep(50 * 1000);
    }
    ck_assert_int_eq(status, 200);
    testsrv_stop(&s);
}
END_TEST

Suite *suite_slow_clients(void)
{
    Suite *s = suite_create("slow_clients");
    TCase *tc = tcase_create("crowd");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, idle_and_trickling_crowd_does_not_hold_up_a_normal_client);
    tcase_add_test(tc, connections_past_the_limit_are_closed_at_once);
    suite_add_tcase(s, tc);
    return s;
}
