/* The spool's batches: every item is delivered once per key, a bad item
 * fails alone, and nothing but the .eml files is left in the spool; and
 * how a mail's body is folded. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "server/mail/mail.h"
#include "unit/suites.h"

static char tmp[64];

static void setup(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-spool-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
}

/* Every name in dir (skipping . and ..), removing each file. */
static int count_and_clean(const char *dir, int *eml)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    *eml = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        size_t len = strlen(e->d_name);
        *eml += len > 4 && !strcmp(e->d_name + len - 4, ".eml");
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    return n;
}

static char *read_mail(const char *dir, const char *key)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.eml", dir, key);
    return fs_read_all(path, NULL);
}

START_TEST(batch_delivers_each_key_once_and_fails_alone)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/mail", tmp);
    char *err = NULL;
    struct mail_sink *s = mail_spool_new(dir, "shop <no-reply@shop.example>",
                                         &err);
    ck_assert_ptr_nonnull(s);
    /* Delivered before the batch: the batch's copy must not replace it. */
    ck_assert_int_eq(mail_send_keyed(s, "k-1", "a@example.com", "First",
                                     "the first body", &err), 0);
    struct mail_item items[] = {
        {"k-1", "a@example.com", "Again", "a second body", NULL},
        {"../k-2", "b@example.com", "Bad key", "body", NULL},
        {"k-3", "c@example.com", "Third", "the third body", NULL},
        {"k-4", "d@example.com", "Bad\r\nBcc: x@example.com", "body", NULL},
        {"k-5", "e@example.com", "Fifth", "the fifth body", NULL},
    };
    ck_assert_int_eq(mail_send_keyed_batch(s, items, 5), 2);
    ck_assert_ptr_null(items[0].err);
    ck_assert_ptr_nonnull(items[1].err);
    ck_assert_ptr_null(items[2].err);
    ck_assert_ptr_nonnull(items[3].err);
    ck_assert_ptr_null(items[4].err);
    char *first = read_mail(dir, "k-1");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_nonnull(strstr(first, "the first body"));
    ck_assert_ptr_null(strstr(first, "a second body"));
    char *third = read_mail(dir, "k-3");
    ck_assert_ptr_nonnull(third);
    ck_assert_ptr_nonnull(strstr(third, "Message-ID: <k-3@shop.example>"));
    ck_assert_ptr_nonnull(strstr(third, "the third body"));
    /* k-1, k-3, k-5 and nothing else: no temporary file left behind. */
    int eml = 0;
    ck_assert_int_eq(count_and_clean(dir, &eml), 3);
    ck_assert_int_eq(eml, 3);
    for (int i = 0; i < 5; i++)
        free(items[i].err);
    free(first);
    free(third);
    mail_sink_free(s);
    rmdir(dir);
    rmdir(tmp);
}
END_TEST

/* A batch of many: every file whole under its name (the sync threads
 * each took their share). */
START_TEST(large_batch_is_whole)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/mail", tmp);
    char *err = NULL;
    struct mail_sink *s = mail_spool_new(dir, "no-reply@shop.example", &err);
    ck_assert_ptr_nonnull(s);
    enum { N = 40 };
    char keys[N][16];
    struct mail_item items[N];
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "m-%d", i);
        items[i] = (struct mail_item){keys[i], "x@example.com", "Hello",
                                      "the body", NULL};
    }
    ck_assert_int_eq(mail_send_keyed_batch(s, items, N), 0);
    for (int i = 0; i < N; i++) {
        char *text = read_mail(dir, keys[i]);
        ck_assert_msg(text && strstr(text, "the body\r\n"), "%s", keys[i]);
        free(text);
    }
    int eml = 0;
    ck_assert_int_eq(count_and_clean(dir, &eml), N);
    ck_assert_int_eq(eml, N);
    mail_sink_free(s);
    rmdir(dir);
    rmdir(tmp);
}
END_TEST

/* Descriptors open in this process now. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

/* A batch of 500 (the worker's largest cycle) under an open-file limit of
 * 64 more than are open: each file is closed once named, so a batch needs
 * one descriptor per thread, not one per mail. In a child, so the limit
 * stays there. */
START_TEST(batch_larger_than_the_file_limit)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/mail", tmp);
    enum { N = 500 };
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char *err = NULL;
        struct mail_sink *s = mail_spool_new(dir, "no-reply@shop.example",
                                             &err);
        int fds = open_fds();
        struct rlimit rl;
        if (!s || fds < 0 || getrlimit(RLIMIT_NOFILE, &rl) != 0)
            _exit(2);
        rl.rlim_cur = (rlim_t)fds + 64;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            _exit(3);
        static char keys[N][16];
        static struct mail_item items[N];
        for (int i = 0; i < N; i++) {
            snprintf(keys[i], sizeof keys[i], "m-%d", i);
            items[i] = (struct mail_item){keys[i], "x@example.com", "Hello",
                                          "the body", NULL};
        }
        int failed = mail_send_keyed_batch(s, items, N);
        if (failed)
            fprintf(stderr, "%d failed, the first: %s\n", failed,
                    items[0].err ? items[0].err : "(not the first)");
        _exit(failed ? 1 : 0);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "the batch failed: status %d", status);
    int eml = 0;
    ck_assert_int_eq(count_and_clean(dir, &eml), N);
    ck_assert_int_eq(eml, N);
    rmdir(dir);
    rmdir(tmp);
}
END_TEST

/* The body of a rendered mail: every line end CRLF, lines cut at 998
 * octets (RFC 5322), a last line ended. */
static void expect_body(const char *body, const char *want)
{
    char *err = NULL;
    char *text = mail_render("a@example.com", "b@example.com", "S", body,
                             "m@example.com", 0, &err);
    ck_assert_ptr_nonnull(text);
    const char *got = strstr(text, "\r\n\r\n");
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got + 4, want);
    free(text);
}

START_TEST(render_folds_the_body)
{
    expect_body("", "");
    expect_body("abc", "abc\r\n");
    expect_body("abc\n", "abc\r\n");
    expect_body("a\rb\r\nc\n\nd", "a\r\nb\r\nc\r\n\r\nd\r\n");
    expect_body("abc\r", "abc\r\n");
    char line[2100], want[2200];
    memset(line, 'x', 999);
    line[999] = '\0';
    snprintf(want, sizeof want, "%.998s\r\nx\r\n", line);
    expect_body(line, want);
    line[998] = '\n';
    snprintf(want, sizeof want, "%.998s\r\n", line);
    expect_body(line, want);
    memset(line, 'y', 1996);
    line[1996] = '\0';
    snprintf(want, sizeof want, "%.998s\r\n%.998s\r\n", line, line);
    expect_body(line, want);
}
END_TEST

Suite *suite_spool(void)
{
    Suite *s = suite_create("spool");
    TCase *tc = tcase_create("spool");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, batch_delivers_each_key_once_and_fails_alone);
    tcase_add_test(tc, large_batch_is_whole);
    tcase_add_test(tc, batch_larger_than_the_file_limit);
    tcase_add_test(tc, render_folds_the_body);
    suite_add_tcase(s, tc);
    return s;
}
