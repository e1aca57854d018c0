/* common/: base64, uuid, strbuf, inifile. */
#include <check.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/base64.h"
#include "common/fatal.h"
#include "common/inifile.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/uuid.h"
#include "unit/suites.h"

START_TEST(base64url_round_trip)
{
    const char *in = "\xff\xfe hello?>";
    char *enc = base64url_encode(in, strlen(in));
    ck_assert_ptr_null(strchr(enc, '='));
    ck_assert_ptr_null(strchr(enc, '+'));
    size_t n = 0;
    unsigned char *dec = base64url_decode(enc, strlen(enc), &n);
    ck_assert_uint_eq(n, strlen(in));
    ck_assert_mem_eq(dec, in, n);
    free(enc);
    free(dec);
}
END_TEST

START_TEST(base64url_rejects_garbage)
{
    size_t n;
    ck_assert_ptr_null(base64url_decode("ab$d", 4, &n));
    ck_assert_ptr_null(base64url_decode("a", 1, &n));
    /* "QR" has non-zero leftover bits: not a canonical encoding. */
    ck_assert_ptr_null(base64url_decode("QR", 2, &n));
    char *std = base64_encode("ab", 2);
    ck_assert_str_eq(std, "YWI=");
    free(std);
}
END_TEST

START_TEST(uuid_v4_is_valid_and_random)
{
    char a[UUID_STR_LEN], b[UUID_STR_LEN];
    uuid_v4(a);
    uuid_v4(b);
    ck_assert(uuid_is_valid(a));
    ck_assert_str_ne(a, b);
    ck_assert_int_eq(a[14], '4');
    ck_assert_ptr_nonnull(strchr("89ab", a[19])); /* the RFC 4122 variant */
    ck_assert(!uuid_is_valid("not-a-uuid"));
    ck_assert(!uuid_is_valid("550e8400-e29b-41d4-a716-44665544000g"));
    ck_assert(uuid_is_valid("550E8400-E29B-41D4-A716-446655440000"));
}
END_TEST

START_TEST(strbuf_grows)
{
    struct strbuf sb = {0};
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&sb, "%d,", i);
    ck_assert_uint_eq(sb.len, strlen(sb.buf));
    ck_assert(strncmp(sb.buf, "0,1,2,", 6) == 0);
    size_t len;
    char *s = strbuf_detach(&sb, &len);
    ck_assert_ptr_null(sb.buf);
    ck_assert_uint_eq(len, strlen(s));
    free(s);
}
END_TEST

struct demo_cfg {
    char name[8];
    long long n;
    double rate;
    bool on;
};

static const char *const NAMES[] = {"alpha", "beta", NULL};
static const struct ini_key DEMO_KEYS[] = {
    {"s", "name", INI_CHOICE, offsetof(struct demo_cfg, name), 8, 0, 0, NAMES},
    {"s", "n", INI_INT, offsetof(struct demo_cfg, n), 0, 1, 10, NULL},
    {"s", "rate", INI_DOUBLE, offsetof(struct demo_cfg, rate), 0, 0, 1, NULL},
    {"t", "on", INI_BOOL, offsetof(struct demo_cfg, on), 0, 0, 0, NULL},
    {0},
};

static char *write_tmp(const char *text)
{
    char *path = strdup("/tmp/inventui-ini-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(inifile_loads_values)
{
    char *path = write_tmp("; comment\n[s]\nname = BETA\nn = 7\nrate=0.25\n[t]\non = yes\n");
    struct demo_cfg c = {0};
    char *err = NULL;
    ck_assert_int_eq(inifile_load(path, DEMO_KEYS, &c, &err), 0);
    ck_assert_str_eq(c.name, "beta");
    ck_assert_int_eq(c.n, 7);
    ck_assert(c.rate == 0.25);
    ck_assert(c.on);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(inifile_reports_every_problem_with_its_line)
{
    char *path = write_tmp("[s]\nname = gamma\nn = 11\n\nrate = x\n[t]\non = maybe\nwho = 1\n[u]\nk=v\n");
    struct demo_cfg c = {0};
    char *err = NULL;
    ck_assert_int_eq(inifile_load(path, DEMO_KEYS, &c, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, ":2: [s] name must be one of alpha, beta"));
    ck_assert_ptr_nonnull(strstr(err, ":3: [s] n must be a whole number from 1 to 10"));
    ck_assert_ptr_nonnull(strstr(err, ":5: [s] rate must be a number"));
    ck_assert_ptr_nonnull(strstr(err, ":7: [t] on must be true or false"));
    ck_assert_ptr_nonnull(strstr(err, ":8: unknown key \"who\" in [t]"));
    ck_assert_ptr_nonnull(strstr(err, ":10: unknown section [u]"));
    free(err);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(inifile_missing_file_is_an_error)
{
    struct demo_cfg c = {0};
    char *err = NULL;
    ck_assert_int_eq(inifile_load("/nonexistent/x.conf", DEMO_KEYS, &c, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot open"));
    free(err);
}
END_TEST

/* The fast formatter agrees with gmtime_r on dates across four centuries. */
START_TEST(iso8601_matches_gmtime)
{

    char out[ISO8601_LEN], want[64];
    time_iso8601(1705312345678LL, out);
    ck_assert_str_eq(out, "2024-01-15T09:52:25.678Z");
    time_iso8601(951782400000LL, out); /* 2000-02-29, a leap day */
    ck_assert_str_eq(out, "2000-02-29T00:00:00.000Z");
    for (int64_t s = -2208988800LL; s < 7258118400LL; s += 86399 * 37 + 12345) {
        time_t t = (time_t)s;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S.042Z", &tm);
        time_iso8601(s * 1000 + 42, out);
        ck_assert_str_eq(out, want);
    }
}
END_TEST

/* The hook a front end sets to give the terminal back runs before the
 * abort: the test's hook writes a mark to a pipe the parent reads. */
static int HOOK_PIPE[2];

static void mark_hook(void)
{
    if (write(HOOK_PIPE[1], "H", 1) != 1)
        _exit(3);
}

START_TEST(fatal_runs_the_hook_then_aborts)
{
    ck_assert_int_eq(pipe(HOOK_PIPE), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        fatal_set_hook(mark_hook);
        fatal_abort("out of memory (test)");
    }
    close(HOOK_PIPE[1]);
    char c = 0;
    ck_assert_int_eq(read(HOOK_PIPE[0], &c, 1), 1);
    ck_assert_int_eq(c, 'H');
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    close(HOOK_PIPE[0]);
}
END_TEST

Suite *suite_common(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("all");
    tcase_add_test(tc, base64url_round_trip);
    tcase_add_test(tc, fatal_runs_the_hook_then_aborts);
    tcase_add_test(tc, base64url_rejects_garbage);
    tcase_add_test(tc, uuid_v4_is_valid_and_random);
    tcase_add_test(tc, strbuf_grows);
    tcase_add_test(tc, inifile_loads_values);
    tcase_add_test(tc, inifile_reports_every_problem_with_its_line);
    tcase_add_test(tc, inifile_missing_file_is_an_error);
    tcase_add_test(tc, iso8601_matches_gmtime);
    suite_add_tcase(s, tc);
    return s;
}
