/* Hostile HTTP, one request each, from the first hostile run against the
 * server (issue 9): bytes that cut a path, a method or a header inside
 * libmicrohttpd, framing that disagrees with itself, and requests it
 * never answered. Each is sent over a raw socket, as no HTTP library
 * would send it, and must get one clean error answer (our JSON envelope)
 * without acting on what was cut. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "integration/suites.h"
#include "support/rawhttp.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

static struct testsrv srv;
static char *admin;

static void up(void)
{
    testsrv_start(&srv, NULL);
    admin = tokfix_user(&srv, "aaaaaaaa-1111-4222-8333-444444444444",
                        "root@example.com", true);
}

static void down(void)
{
    free(admin);
    admin = NULL;
    testsrv_stop(&srv);
}

/* Sends n bytes (they may hold NULs) and reads the answer: up to 5 s for
 * the server to answer and close. */
static void send_raw(const char *req, size_t n, struct raw_reply *r)
{
    raw_exchange(srv.port, req, n, false, 5000, r);
}

#define SEND(lit, r) send_raw(lit, sizeof lit - 1, r)

/* One answer with this status, in our JSON envelope, and the connection
 * closed (not a keep-alive on which the rest of the bytes are read). */
static void assert_refused(const struct raw_reply *r, int status,
                           const char *what)
{
    ck_assert_msg(r->status == status, "%s: wanted %d, got: %s", what,
                  status, r->data);
    ck_assert_msg(r->status_lines == 1, "%s: %d status lines: %s", what,
                  r->status_lines, r->data);
    ck_assert_msg(strstr(r->data, "\"success\":false"), "%s: %s", what,
                  r->data);
    ck_assert_msg(r->closed, "%s: connection left open", what);
}

/* A product to delete, with a SKU of its own (the id of it, malloc'd). */
static char *make_product(const char *sku)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"name\":\"Kept\",\"description\":\"Must survive\","
             "\"category\":\"electronics\",\"price\":100,\"quantity\":10,"
             "\"sku\":\"%s\"}", sku);
    struct http_resp r;
    http_call(&srv, "POST", "/products", admin, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create product: %ld %s", r.status, r.body);
    char *id = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    return id;
}

static long product_status(const char *id)
{
    char path[128];
    snprintf(path, sizeof path, "/products/%s", id);
    struct http_resp r;
    http_call(&srv, "GET", path, admin, NULL, &r, NULL);
    long status = r.status;
    http_resp_free(&r);
    return status;
}

/* A raw request with the admin's token: line (may hold NULs, len bytes)
 * and CRLF, then Host and Authorization. */
static void send_with_token(const char *line, size_t len,
                            struct raw_reply *r)
{
    struct strbuf sb = {0};
    strbuf_append(&sb, line, len);
    strbuf_printf(&sb, "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                       "Content-Length: 0\r\n\r\n", admin);
    send_raw(sb.buf, sb.len, r);
    strbuf_free(&sb);
}

START_TEST(nul_escape_in_the_path_does_not_cut_it)
{
    char *id = make_product("HOSTILE-ESC");
    char line[256];
    int n = snprintf(line, sizeof line, "DELETE /products/%s%%00.json HTTP/1.1",
                     id);
    struct raw_reply r;
    send_with_token(line, (size_t)n, &r);
    assert_refused(&r, 400, "DELETE %00");
    raw_reply_free(&r);
    ck_assert_int_eq(product_status(id), 200);

    SEND("GET /health%00anything HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    assert_refused(&r, 400, "GET /health%00");
    raw_reply_free(&r);
    /* A raw NUL cuts the same way inside libmicrohttpd. */
    SEND("GET /health\0anything HTTP/1.1\r\nHost: x\r\n\r\n", &r);
    assert_refused(&r, 400, "GET /health NUL");
    raw_reply_free(&r);
    free(id);
}
END_TEST

START_TEST(nul_in_the_method_is_not_delete)
{
    char *id = make_product("HOSTILE-METHOD");
    char line[256];
    int n = snprintf(line, sizeof line, "DELETE%cx /products/%s HTTP/1.1", 0,
                     id);
    struct raw_reply r;
    send_with_token(line, (size_t)n, &r);
    assert_refused(&r, 400, "DELETE\\0x");
    raw_reply_free(&r);
    ck_assert_int_eq(product_status(id), 200);
    free(id);
}
END_TEST

START_TEST(two_content_lengths_are_refused_and_closed)
{
    struct raw_reply r;
    /* Behind a proxy that reads the other one, this smuggles a request. */
    SEND("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
         "Content-Length: 40\r\n\r\nabcdeGET /health HTTP/1.1\r\nHost: x\r\n\r\n",
         &r);
    assert_refused(&r, 400, "two lengths");
    raw_reply_free(&r);
    /* Our choice: identical ones too (RFC 9110 allows either). */
    SEND("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
         "Content-Length: 5\r\n\r\nabcde", &r);
    assert_refused(&r, 400, "two equal lengths");
    raw_reply_free(&r);
    SEND("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", &r);
    assert_refused(&r, 400, "length and chunked");
    raw_reply_free(&r);
    SEND("POST /health HTTP/1.1\r\nHost: x\r\n"
         "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", &r);
    assert_refused(&r, 501, "unknown coding");
    raw_reply_free(&r);
}
END_TEST

/* One answer: one status line, one header block, a body that is not
 * another header block (0.9.75 sent its own error's status line and
 * headers twice, the first framing the second as its body). */
static void assert_one_answer(const struct raw_reply *r, const char *what)
{
    ck_assert_msg(r->status_lines == 1, "%s: %d status lines: %s", what,
                  r->status_lines, r->data);
    const char *body = strstr(r->data, "\r\n\r\n");
    ck_assert_msg(body, "%s: no end of headers: %s", what, r->data);
    body += 4;
    ck_assert_msg(strncmp(body, "HTTP/", 5) != 0 && !strstr(body, "\r\n\r\n"),
                  "%s: a second header block: %s", what, r->data);
}

/* A Content-Length that is not a decimal number (or does not fit in 64
 * bits) is refused by us, once, in our envelope, and the connection
 * closed: libmicrohttpd must not get to answer it itself. */
START_TEST(bad_content_length_is_refused_and_closed)
{
    static const char *const values[] = {"-1", "abc", "0x10", "",
                                         "1 2", "5 ",
                                         "18446744073709551616"};
    size_t n_values = sizeof values / sizeof *values;
    for (size_t i = 0; i < n_values; i++) {
        char req[256];
        int n = snprintf(req, sizeof req,
                         "POST /orders HTTP/1.1\r\nHost: x\r\n"
                         "Content-Length: %s\r\n\r\n{}", values[i]);
        struct raw_reply r;
        send_raw(req, (size_t)n, &r);
        char what[64];
        snprintf(what, sizeof what, "Content-Length: \"%s\"", values[i]);
        assert_refused(&r, i + 1 == n_values ? 413 : 400, what);
        assert_one_answer(&r, what);
        raw_reply_free(&r);
    }
    /* Lower case, after other headers, with a tab: still seen. */
    struct raw_reply r;
    SEND("POST /orders HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n"
         "content-length:\tabc\r\n\r\n", &r);
    assert_refused(&r, 400, "content-length: abc");
    assert_one_answer(&r, "content-length: abc");
    raw_reply_free(&r);
    /* After a header with a NUL in it (libmicrohttpd splits lines at CR
     * and LF only): the storm's shape, seed 1796224107. */
    SEND("PUT /products/x HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\n"
         "Content-Length: -1\r\n\r\n", &r);
    assert_refused(&r, 400, "after a NUL");
    assert_one_answer(&r, "after a NUL");
    raw_reply_free(&r);

    /* Arriving after the request line was read, it is libmicrohttpd's to
     * answer (its double header, see guard.c): still refused and closed. */
    int fd = raw_connect(srv.port, NULL);
    ck_assert_int_ge(fd, 0);
    const char line[] = "POST /orders HTTP/1.1\r\n";
    const char rest[] = "Host: x\r\nContent-Length: abc\r\n\r\n{}";
    raw_send(fd, line, sizeof line - 1);
    usleep(200 * 1000);
    raw_send(fd, rest, sizeof rest - 1);
    raw_read(fd, 5000, &r);
    close(fd);
    ck_assert_msg(r.status == 400 && r.closed, "late: %s", r.data);
    raw_reply_free(&r);
}
END_TEST

/* The API does not use cookies; libmicrohttpd parsed them anyway, one
 * record each in the connection's pool, and answered too many with its
 * own 431 sent twice. */
START_TEST(many_cookies_get_one_answer)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "GET /health HTTP/1.1\r\nHost: x\r\n"
                     "Connection: close\r\nCookie: ");
    for (int i = 0; i < 1000; i++)
        strbuf_puts(&sb, "a;");
    strbuf_puts(&sb, "\r\n\r\n");
    struct raw_reply r;
    send_raw(sb.buf, sb.len, &r);
    ck_assert_msg(r.status == 200 && r.closed, "%s", r.data);
    assert_one_answer(&r, "1,000 cookies");
    raw_reply_free(&r);
    strbuf_free(&sb);
}
END_TEST

START_TEST(five_hundred_query_parameters_get_an_answer)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "GET /health?");
    for (int i = 0; i < 500; i++)
        strbuf_printf(&sb, "%sa%d=1", i ? "&" : "", i);
    strbuf_puts(&sb, " HTTP/1.1\r\nHost: x\r\n\r\n");
    struct raw_reply r;
    send_raw(sb.buf, sb.len, &r);
    assert_refused(&r, 414, "500 parameters");
    ck_assert_msg(strstr(r.data, "URI_TOO_LONG"), "%s", r.data);
    raw_reply_free(&r);
    strbuf_free(&sb);

    /* Up to the limit they are fine. */
    strbuf_puts(&sb, "GET /health?");
    for (int i = 0; i < 100; i++)
        strbuf_printf(&sb, "%sa%d=1", i ? "&" : "", i);
    strbuf_puts(&sb, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    send_raw(sb.buf, sb.len, &r);
    ck_assert_msg(r.status == 200, "%s", r.data);
    raw_reply_free(&r);
    strbuf_free(&sb);
}
END_TEST

START_TEST(oversized_expect_continue_is_413_before_the_upload)
{
    int fd = raw_connect(srv.port, NULL);
    ck_assert_int_ge(fd, 0);
    const char req[] = "POST /orders HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\n"
                       "Content-Length: 104857600\r\n"
                       "Expect: 100-continue\r\n\r\n";
    raw_send(fd, req, sizeof req - 1);
    struct raw_reply r;
    raw_read(fd, 3000, &r);
    close(fd);
    ck_assert_msg(!strstr(r.data, "100 Continue"), "%s", r.data);
    assert_refused(&r, 413, "100 MiB");
    ck_assert_msg(r.ms < 2000, "413 after %lld ms", r.ms);
    raw_reply_free(&r);
}
END_TEST

START_TEST(host_must_be_there_once)
{
    struct raw_reply r;
    SEND("GET /health HTTP/1.1\r\n\r\n", &r);
    assert_refused(&r, 400, "no Host");
    raw_reply_free(&r);
    SEND("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", &r);
    assert_refused(&r, 400, "two Hosts");
    raw_reply_free(&r);
    /* HTTP/1.0 has no Host requirement. */
    SEND("GET /health HTTP/1.0\r\n\r\n", &r);
    ck_assert_msg(r.status == 200, "%s", r.data);
    raw_reply_free(&r);
}
END_TEST

START_TEST(broken_header_lines_are_refused)
{
    struct raw_reply r;
    SEND("GET /health HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", &r);
    assert_refused(&r, 400, "obs-fold");
    raw_reply_free(&r);
    SEND("GET /health HTTP/1.1\r\nHost: a\r\nX-A: b\0c\r\n\r\n", &r);
    assert_refused(&r, 400, "NUL in a value");
    raw_reply_free(&r);
    SEND("GET /health HTTP/1.1\r\nHost: a\r\nX-A: b\rX-B: c\r\n\r\n", &r);
    assert_refused(&r, 400, "bare CR");
    raw_reply_free(&r);
    SEND("GET /health HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", &r);
    assert_refused(&r, 400, "space before the colon");
    raw_reply_free(&r);
}
END_TEST

/* The checks must not refuse what is fine: tabs, empty values, a request
 * trickled a byte at a time, two requests on one connection. */
START_TEST(ordinary_requests_still_pass)
{
    struct raw_reply r;
    SEND("GET /health?x=%41&y= HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n"
         "X-Tab:\tv\t\r\nAccept: */*\r\nConnection: close\r\n\r\n", &r);
    ck_assert_msg(r.status == 200, "%s", r.data);
    raw_reply_free(&r);

    const char req[] = "GET /health HTTP/1.1\r\nHost: a\r\nConnection: close"
                       "\r\n\r\n";
    int fd = raw_connect(srv.port, NULL);
    ck_assert_int_ge(fd, 0);
    for (size_t i = 0; i < sizeof req - 1; i++) {
        raw_send(fd, req + i, 1);
        usleep(2000);
    }
    raw_read(fd, 5000, &r);
    close(fd);
    ck_assert_msg(r.status == 200, "trickled: %s", r.data);
    raw_reply_free(&r);

    /* Lengths libmicrohttpd takes are taken: OWS before, leading zeros. */
    SEND("POST /health HTTP/1.1\r\nHost: a\r\nContent-Length:\t 002\r\n"
         "Connection: close\r\n\r\n{}", &r);
    ck_assert_msg(r.status == 405 && r.status_lines == 1, "%s", r.data);
    raw_reply_free(&r);

    SEND("GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
         "POST /health HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"
         "GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", &r);
    ck_assert_msg(r.status_lines == 3 && r.closed, "%s", r.data);
    raw_reply_free(&r);
}
END_TEST

/* Sends req and shuts the sending side at once, as a client that has
 * nothing more to say does; the answer must come, once, and the
 * connection close soon after, not at the 30 s idle timeout. */
static void half_close(const char *what, const char *req, size_t n,
                       int status)
{
    struct raw_reply r;
    raw_exchange(srv.port, req, n, true, 5000, &r);
    ck_assert_msg(r.status == status && r.status_lines == 1, "%s: %s", what,
                  r.data);
    ck_assert_msg(r.closed && r.ms < 2000, "%s: closed %d after %lld ms",
                  what, r.closed, r.ms);
    /* Written by libmicrohttpd or by hand, the same headers. */
    ck_assert_msg(strstr(r.data, "\r\nAccess-Control-Allow-Origin: "),
                  "%s: no CORS header in %s", what, r.data);
    raw_reply_free(&r);
}

/* libmicrohttpd missed the end of the stream when it came with the
 * request's last bytes, which is a race: so several requests, with a
 * write's group commit in between, chunked and with a length. */
START_TEST(half_closed_request_is_answered_and_closed)
{
    const char bad[] = "POST /orders HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\n"
                       "Authorization: Bearer not-a-token\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n"
                       "2\r\n{}\r\n0\r\n\r\n";
    half_close("no token, chunked", bad, sizeof bad - 1, 401);

    char *id = make_product("HOSTILE-ORDER");
    char order[128];
    int n = snprintf(order, sizeof order,
                     "{\"productId\":\"%s\",\"quantity\":1}", id);
    struct strbuf sb = {0};
    for (int i = 0; i < 4; i++) {
        strbuf_printf(&sb, "POST /orders HTTP/1.1\r\nHost: x\r\n"
                           "Content-Type: application/json\r\n"
                           "Authorization: Bearer %s\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n"
                           "0\r\n\r\n", admin, n, order);
        half_close("order, chunked", sb.buf, sb.len, 201);
        strbuf_free(&sb);
        strbuf_printf(&sb, "POST /orders HTTP/1.1\r\nHost: x\r\n"
                           "Content-Type: application/json\r\n"
                           "Authorization: Bearer %s\r\n"
                           "Content-Length: %d\r\n\r\n%s", admin, n, order);
        half_close("order, length", sb.buf, sb.len, 201);
        strbuf_free(&sb);
    }
    free(id);
}
END_TEST

Suite *suite_http_hostile(void)
{
    Suite *s = suite_create("http_hostile");
    TCase *tc = tcase_create("one_request");
    tcase_add_unchecked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, nul_escape_in_the_path_does_not_cut_it);
    tcase_add_test(tc, nul_in_the_method_is_not_delete);
    tcase_add_test(tc, two_content_lengths_are_refused_and_closed);
    tcase_add_test(tc, bad_content_length_is_refused_and_closed);
    tcase_add_test(tc, many_cookies_get_one_answer);
    tcase_add_test(tc, five_hundred_query_parameters_get_an_answer);
    tcase_add_test(tc, oversized_expect_continue_is_413_before_the_upload);
    tcase_add_test(tc, host_must_be_there_once);
    tcase_add_test(tc, broken_header_lines_are_refused);
    tcase_add_test(tc, ordinary_requests_still_pass);
    tcase_add_test(tc, half_closed_request_is_answered_and_closed);
    suite_add_tcase(s, tc);
    return s;
}
