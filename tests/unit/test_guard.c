/* guard_note_uri's look at the header lines read with the request line:
 * the buffer laid out as libmicrohttpd 0.9.75 leaves it when it calls the
 * URI log callback (request line split by NULs, the rest as received, zero
 * after it), in a 4 KiB-aligned block like its mmap'd pool. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "server/http/guard.h"
#include "unit/suites.h"

#define BLOCK 4096

static char *buf;

static void setup(void)
{
    buf = aligned_alloc(BLOCK, 2 * BLOCK);
    ck_assert_ptr_nonnull(buf);
    memset(buf, 0, 2 * BLOCK);
}

static void teardown(void)
{
    free(buf);
}

/* Lays out line (method, target, version; no line end) at buf + at, ended
 * by eol ("\r\n" or "\n"), then rest; notes the target as the callback
 * would. */
static void lay_out(struct guard_uri *g, size_t at, const char *line,
                    const char *eol, const char *rest, size_t rest_len)
{
    char *p = buf + at;
    size_t n = strlen(line);
    memcpy(p, line, n);
    char *first = strchr(p, ' '), *last = strrchr(p, ' ');
    *first = '\0';
    *last = '\0';
    memset(p + n, 0, strlen(eol)); /* the line end became NULs */
    memcpy(p + n + strlen(eol), rest, rest_len);
    guard_note_uri(g, first + 1);
}

#define LAY(g, rest) lay_out(g, 0, "POST /orders HTTP/1.1", "\r\n", rest, \
                             sizeof rest - 1)

START_TEST(bad_length_is_noted_and_hidden)
{
    struct guard_uri g;
    LAY(&g, "Host: x\r\nContent-Length: abc\r\n\r\n{}");
    ck_assert(g.bad_length && !g.huge_length);
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "~ontent-Length: abc", 19));
}
END_TEST

START_TEST(lengths_libmicrohttpd_takes_are_left)
{
    struct guard_uri g;
    LAY(&g, "content-length:\t 0002\r\n\r\n");
    ck_assert(!g.bad_length && !g.huge_length);
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "content-length:", 15));
    memset(buf, 0, BLOCK);
    LAY(&g, "Content-Length: 18446744073709551615\r\n\r\n");
    ck_assert(!g.bad_length && !g.huge_length);
    memset(buf, 0, BLOCK);
    LAY(&g, "Content-Length: 18446744073709551616\r\n\r\n");
    ck_assert(!g.bad_length && g.huge_length);
    memset(buf, 0, BLOCK);
    LAY(&g, "Content-Length: 5 \r\n\r\n");
    ck_assert(g.bad_length);
    memset(buf, 0, BLOCK);
    LAY(&g, "Content-Length:\r\n\r\n");
    ck_assert(g.bad_length);
}
END_TEST

START_TEST(fold_after_a_length_is_bad)
{
    struct guard_uri g;
    LAY(&g, "Content-Length: 2\r\n 3\r\n\r\n");
    ck_assert(g.bad_length);
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "~ontent-Length: 2", 17));
}
END_TEST

START_TEST(cookies_are_hidden)
{
    struct guard_uri g;
    LAY(&g, "Cookie: a=1\r\nCOOKIE: b\r\nCookies: c\r\n\r\n");
    ck_assert(!g.bad_length);
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "~ookie: a=1", 11));
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "~OOKIE: b", 9));
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "Cookies: c", 10));
    /* Its name is enough, the rest may still be on its way. */
    memset(buf, 0, BLOCK);
    LAY(&g, "Cookie: a;a;a;a");
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "~ookie: a;", 10));
}
END_TEST

/* What may not have arrived is left to libmicrohttpd: a line without its
 * end, lines past the 4 KiB block. */
START_TEST(only_what_has_arrived_is_judged)
{
    struct guard_uri g;
    LAY(&g, "Host: x\r\nContent-Length: ab");
    ck_assert(!g.bad_length);
    memset(buf, 0, BLOCK);
    LAY(&g, "Host: x\r\nX-A: b\0\0\0");
    ck_assert(!g.bad_length);
    memset(buf, 0, BLOCK);
    static const char rest[] = "Content-Length: abc\r\n\r\n";
    lay_out(&g, BLOCK - 30, "POST /o HTTP/1.1", "\r\n", rest,
            sizeof rest - 1);
    ck_assert(!g.bad_length);
    ck_assert_ptr_nonnull(memmem(buf, 2 * BLOCK, "Content-Length: abc", 19));
    /* The body is not headers. */
    memset(buf, 0, 2 * BLOCK);
    LAY(&g, "Host: x\r\n\r\nContent-Length: abc\r\n\r\n");
    ck_assert(!g.bad_length);
}
END_TEST

/* A NUL the client sent is followed by what arrived after it, and
 * libmicrohttpd splits lines at CR and LF only: the storm's shape
 * (seed 1796224107), an X-Nul header before a bad Content-Length. */
START_TEST(lines_after_a_sent_nul_are_judged)
{
    struct guard_uri g;
    LAY(&g, "Host: x\r\nX-Nul: a\0b\r\nContent-Length: -1\r\n\r\n");
    ck_assert(g.bad_length);
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "~ontent-Length: -1", 18));
    memset(buf, 0, BLOCK);
    LAY(&g, "X-A: b\0\r\nContent-Length: abc\r\n\r\n");
    ck_assert(g.bad_length);
    memset(buf, 0, BLOCK);
    LAY(&g, "X-A: \0\0\0\r\nCookie: a\r\n\r\n");
    ck_assert_ptr_nonnull(memmem(buf, BLOCK, "~ookie: a", 9));
    /* A NUL in the value hides the rest from libmicrohttpd too. */
    memset(buf, 0, BLOCK);
    LAY(&g, "Content-Length: 2\0x\r\n\r\n");
    ck_assert(g.bad_length);
}
END_TEST

START_TEST(bare_lf_lines_are_read_as_libmicrohttpd_does)
{
    struct guard_uri g;
    static const char rest[] = "Host: x\nContent-Length: -1\n\n";
    lay_out(&g, 0, "POST /orders HTTP/1.1", "\n", rest, sizeof rest - 1);
    ck_assert(g.bad_length);
}
END_TEST

Suite *suite_guard(void)
{
    Suite *s = suite_create("guard");
    TCase *tc = tcase_create("peek");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, bad_length_is_noted_and_hidden);
    tcase_add_test(tc, lengths_libmicrohttpd_takes_are_left);
    tcase_add_test(tc, fold_after_a_length_is_bad);
    tcase_add_test(tc, cookies_are_hidden);
    tcase_add_test(tc, only_what_has_arrived_is_judged);
    tcase_add_test(tc, lines_after_a_sent_nul_are_judged);
    tcase_add_test(tc, bare_lf_lines_are_read_as_libmicrohttpd_does);
    suite_add_tcase(s, tc);
    return s;
}
