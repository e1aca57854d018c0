/* The log lines: JSON a program can read and a terminal can show. A
 * request path or message carrying terminal controls (C1 as UTF-8, bidi
 * overrides, C0) or bytes that are not UTF-8 is written with escapes, so
 * an operator reading the log on a terminal sees text, not actions. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/json_strict.h"
#include "common/log.h"
#include "unit/suites.h"

/* The lines written while fn(arg) runs, NUL-terminated; caller frees. */
static char *capture(void (*fn)(const void *), const void *arg)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    int old = log_set_fd(fileno(f));
    fn(arg);
    log_set_fd(old);
    off_t n = lseek(fileno(f), 0, SEEK_END);
    ck_assert_int_gt(n, 0);
    char *buf = calloc(1, (size_t)n + 1);
    ck_assert_int_eq(pread(fileno(f), buf, (size_t)n, 0), n);
    fclose(f);
    return buf;
}

static void one_request(const void *arg)
{
    struct log_request r = {.request_id = "r-1", .method = "GET",
                            .path = arg, .status = 404, .duration_us = 1500,
                            .user_id = NULL, .client_ip = "127.0.0.1"};
    log_request(&r);
}

static void one_message(const void *arg)
{
    log_msg(LOG_WARN, "queue: %s", (const char *)arg);
}

/* No byte a terminal acts on: no C0 but the final newline, no DEL, no
 * ESC, and no byte >= 0x80 but those of allowed (the UTF-8 the line
 * may keep as it is). */
static void expect_inert(const char *line, const char *allowed)
{
    size_t len = strlen(line);
    ck_assert_msg(len > 0 && line[len - 1] == '\n', "%s", line);
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char b = (unsigned char)line[i];
        ck_assert_msg(b >= 0x20 && b != 0x7F, "byte %zu is 0x%02x", i, b);
        if (b >= 0x80)
            ck_assert_msg(allowed && strchr(allowed, (char)b),
                          "byte %zu is 0x%02x in %s", i, b, line);
    }
    struct json_strict_error err;
    ck_assert_msg(json_strict_check(line, len - 1, &err), "not JSON: %s",
                  line);
}

START_TEST(hostile_path_is_escaped)
{
    /* C1 CSI as UTF-8 (U+009B), a right-to-left override (U+202E), a lone
     * CSI byte and 0xff (not UTF-8), ESC, a quote, and an é kept as is. */
    const char *path = "/products/\xC2\x9B" "31m\xE2\x80\xAE" "x\x9B\xFF"
                       "\x1B[2J\"caf\xC3\xA9";
    char *line = capture(one_request, path);
    expect_inert(line, "\xC3\xA9");
    ck_assert_ptr_nonnull(strstr(line, "\"path\":\"/products/\\u009b31m"
                                       "\\u202ex\\ufffd\\ufffd\\u001b[2J"
                                       "\\\"caf\xC3\xA9\""));
    free(line);
}
END_TEST

START_TEST(message_fields_are_escaped_too)
{
    char *line = capture(one_message, "order \xE2\x81\xA6" "evil\xC2\x85");
    expect_inert(line, NULL);
    ck_assert_ptr_nonnull(strstr(line, "\"message\":\"queue: order "
                                       "\\u2066evil\\u0085\""));
    free(line);
}
END_TEST

START_TEST(plain_text_is_copied)
{
    char *line = capture(one_request, "/products?search=\xE6\x97\xA5\xE6"
                                      "\x9C\xAC&limit=20");
    expect_inert(line, "\xE6\x97\xA5\x9C\xAC");
    ck_assert_ptr_nonnull(strstr(line, "\"path\":\"/products?search=\xE6\x97"
                                       "\xA5\xE6\x9C\xAC&limit=20\""));
    ck_assert_ptr_nonnull(strstr(line, "\"status\":404"));
    ck_assert_ptr_nonnull(strstr(line, "\"durationMs\":1.500"));
    free(line);
}
END_TEST

Suite *suite_log(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, hostile_path_is_escaped);
    tcase_add_test(tc, message_fields_are_escaped_too);
    tcase_add_test(tc, plain_text_is_copied);
    suite_add_tcase(s, tc);
    return s;
}
