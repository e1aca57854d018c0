/* slowproxy against a real `inventui serve`: requests pass, wait for the
 * delay, hang until released, and a client that gives up is seen. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/timeutil.h"
#include "support/slowproxy.h"
#include "support/testsrv.h"
#include "ui/suites.h"

static struct testsrv srv;
static struct testsrv via;  /* srv, reached through the proxy */
static struct slowproxy *proxy;

static void up(void)
{
    testsrv_start(&srv, NULL);
    proxy = slowproxy_start(srv.port);
    via = srv;
    snprintf(via.base, sizeof via.base, "%s", slowproxy_url(proxy));
}

static void down(void)
{
    slowproxy_stop(proxy);
    proxy = NULL;
    testsrv_stop(&srv);
}

/* Milliseconds a GET /health through the proxy takes; it must answer 200. */
static int64_t timed_health(void)
{
    int64_t t0 = time_mono_ms();
    struct http_resp r;
    http_call(&via, "GET", "/health", NULL, NULL, &r, NULL);
    int64_t took = time_mono_ms() - t0;
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.status"), "healthy");
    http_resp_free(&r);
    return took;
}

/* A raw connection to the proxy. */
static int dial(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)slowproxy_port(proxy)),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void send_text(int fd, const char *text)
{
    size_t len = strlen(text);
    ck_assert_int_eq(send(fd, text, len, MSG_NOSIGNAL), (ssize_t)len);
}

/* What arrives on fd within ms (up to size-1 bytes, NUL-terminated). */
static size_t receive(int fd, char *buf, size_t size, int ms)
{
    size_t n = 0;
    int64_t deadline = time_mono_ms() + ms;
    while (n + 1 < size) {
        int64_t left = deadline - time_mono_ms();
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            break;
        ssize_t r = recv(fd, buf + n, size - 1 - n, 0);
        if (r <= 0)
            break;
        n += (size_t)r;
        if (strstr(buf, "\r\n\r\n"))
            break;
    }
    buf[n] = '\0';
    return n;
}

static const char HEALTH[] = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

START_TEST(passes_requests_through_and_counts_them)
{
    ck_assert_int_lt(timed_health(), 1000);
    ck_assert_int_eq(slowproxy_requests(proxy), 1);
    ck_assert_int_eq(slowproxy_forwarded(proxy), 1);
    /* A body is part of its request, not a request of its own, even
     * with an empty line in it. */
    struct http_resp r;
    http_call(&via, "POST", "/products", NULL, "{\"name\":\r\n\r\n\"x\"}",
              &r, NULL);
    ck_assert_int_eq(r.status, 401);
    http_resp_free(&r);
    ck_assert_int_eq(slowproxy_requests(proxy), 2);
    /* Two requests on one connection. */
    int fd = dial();
    char buf[4096];
    send_text(fd, HEALTH);
    ck_assert_uint_gt(receive(fd, buf, sizeof buf, 5000), 0);
    ck_assert_ptr_nonnull(strstr(buf, "HTTP/1.1 200"));
    send_text(fd, HEALTH);
    ck_assert(slowproxy_wait_requests(proxy, 4, 5000));
    close(fd);
    ck_assert_int_eq(slowproxy_abandoned(proxy), 0);
}
END_TEST

START_TEST(delays_requests_and_responses)
{
    slowproxy_delay_requests(proxy, 400);
    ck_assert_int_ge(timed_health(), 400);
    slowproxy_delay_requests(proxy, 0);
    slowproxy_delay_responses(proxy, 400);
    ck_assert_int_ge(timed_health(), 400);
    slowproxy_delay_requests(proxy, 300);
    ck_assert_int_ge(timed_health(), 700);
    slowproxy_delay_requests(proxy, 0);
    slowproxy_delay_responses(proxy, 0);
    ck_assert_int_lt(timed_health(), 300);
    ck_assert_int_eq(slowproxy_requests(proxy), 4);
}
END_TEST

/* With the proxy hanging, a GET /health that has reached it: its
 * connection. */
static int held_request(void)
{
    slowproxy_hang(proxy, true);
    int fd = dial();
    send_text(fd, HEALTH);
    ck_assert(slowproxy_wait_requests(proxy, 1, 5000));
    ck_assert_int_eq(slowproxy_forwarded(proxy), 0);
    return fd;
}

START_TEST(hang_holds_requests_until_released)
{
    int fd = held_request();
    char buf[4096];
    ck_assert_uint_eq(receive(fd, buf, sizeof buf, 500), 0);
    ck_assert_int_eq(slowproxy_forwarded(proxy), 0);
    slowproxy_hang(proxy, false);
    ck_assert_uint_gt(receive(fd, buf, sizeof buf, 5000), 0);
    ck_assert_ptr_nonnull(strstr(buf, "HTTP/1.1 200"));
    ck_assert_int_eq(slowproxy_forwarded(proxy), 1);
    close(fd);
}
END_TEST

START_TEST(a_client_giving_up_is_counted)
{
    int fd = held_request();
    ck_assert_int_eq(slowproxy_abandoned(proxy), 0);
    close(fd);
    ck_assert(slowproxy_wait_abandoned(proxy, 1, 5000));
    ck_assert_int_eq(slowproxy_forwarded(proxy), 0);
    /* The proxy still serves others once released. */
    slowproxy_hang(proxy, false);
    timed_health();
    ck_assert_int_eq(slowproxy_abandoned(proxy), 1);
}
END_TEST

Suite *suite_slowproxy(void)
{
    Suite *s = suite_create("slowproxy");
    TCase *tc = tcase_create("slowproxy");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, passes_requests_through_and_counts_them);
    tcase_add_test(tc, delays_requests_and_responses);
    tcase_add_test(tc, hang_holds_requests_until_released);
    tcase_add_test(tc, a_client_giving_up_is_counted);
    suite_add_tcase(s, tc);
    return s;
}
