/* The command line on a terminal: a person waiting for an API that
 * accepts and never answers hears of the first retry (with the time left)
 * before the command ends at [api] timeout; the same command piped says
 * only the outcome (tests/integration/test_cli_msgs.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/timeutil.h"
#include "support/stall.h"
#include "ui/suites.h"
#include "ui/vt.h"

START_TEST(the_first_retry_is_told_on_a_terminal)
{
    char dir[] = "/tmp/inventui-tty-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char conf[128], cache[128], config[128];
    snprintf(conf, sizeof conf, "%s/short.conf", dir);
    const char text[] = "[api]\ntimeout = 2\n";
    ck_assert_int_eq(fs_write_private(conf, text, strlen(text)), 0);
    snprintf(cache, sizeof cache, "XDG_CACHE_HOME=%s", dir);
    snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s", dir);
    const char *const env[] = {cache, config, "INVENTUI_RETRY_BASE_MS=1",
                               NULL};
    struct stall st;
    stall_start(&st);
    const char *const argv[] = {getenv("INVENTUI_BIN"), "--config", conf,
                                "--api", st.base, "health", NULL};
    int64_t t0 = time_mono_ms();
    struct vt *t = vt_spawn(24, 160, argv, env, NULL);
    /* After the first attempt's half of the time, not at the end. */
    vt_assert_text(t, "inventui: no answer from the API at http://127.0.0.1:",
                   5000);
    vt_assert_text(t, "yet; retrying (1 s left)", 0);
    int64_t told = time_mono_ms() - t0;
    ck_assert_msg(told < 1900, "told after %lld ms", (long long)told);
    int status = -1;
    if (!vt_wait_exit(t, 5000, &status))
        vt_fail(t, "health did not end");
    ck_assert_int_eq(status, 4);
    vt_assert_text(t, "within 2 s ([api] timeout)", 0);
    char *screen = vt_screen(t);
    /* Told once, not once per attempt. */
    const char *first = strstr(screen, "retrying");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(strstr(first + 1, "retrying"));
    free(screen);
    vt_free(t);
    stall_stop(&st);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *suite_cli_tty(void)
{
    Suite *s = suite_create("cli_tty");
    TCase *tc = tcase_create("cli_tty");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, the_first_retry_is_told_on_a_terminal);
    suite_add_tcase(s, tc);
    return s;
}
