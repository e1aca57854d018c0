/* The screen tests' fixture (tui.h): the real client in a pty against a
 * real server, in a private home, signed in through the CLI, through a
 * slow proxy. Until the TUI exists these drive CLI commands. */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "ui/suites.h"
#include "ui/tui.h"

static struct tui u;
static const char EMAIL[] = "ops@example.com";
static const char PW[] = "Passw0rdX";

static void down(void) { tui_stop(&u); }

static void exits_with(struct vt *t, int want)
{
    int st = -1;
    if (!vt_wait_exit(t, 20000, &st))
        vt_fail(t, "the client did not exit");
    if (st != want)
        vt_fail(t, "the client exited with %d, not %d", st, want);
}

START_TEST(starts_signed_out_then_signed_in)
{
    tui_start(&u, NULL, NULL);
    ck_assert_str_eq(getenv("HOME"), u.home);
    char want[300];
    snprintf(want, sizeof want, "%s/cache", u.home);
    ck_assert_str_eq(getenv("XDG_CACHE_HOME"), want);

    struct vt *t = tui_spawn(&u, 24, 80, (const char *const[]){"whoami", NULL});
    vt_assert_text(t, "not signed in", 20000);
    exits_with(t, 3);

    tui_user(&u, EMAIL, PW, NULL);
    tui_login(&u, EMAIL, PW);
    /* The session is in the private home. */
    char pattern[320];
    snprintf(pattern, sizeof pattern, "%s/cache/inventui/session-*.json", u.home);
    glob_t g;
    ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
    ck_assert_uint_eq(g.gl_pathc, 1);
    globfree(&g);

    t = tui_spawn(&u, 24, 80, (const char *const[]){"whoami", NULL});
    vt_assert_text(t, "email:   ops@example.com", 20000);
    exits_with(t, 0);
}
END_TEST

START_TEST(reads_the_private_config_file)
{
    tui_start(&u, NULL, "[api]\nbogus = 1\n");
    struct vt *t = tui_spawn(&u, 24, 100, (const char *const[]){"whoami", NULL});
    char want[400];
    snprintf(want, sizeof want, "%s/config/inventui/inventui.conf:3: unknown key",
             u.home);
    vt_assert_text(t, want, 20000);
    exits_with(t, 2);
}
END_TEST

START_TEST(home_only_gives_no_api)
{
    tui_start_home(&u, NULL);
    char *out = NULL;
    ck_assert_int_eq(tui_cli(&u, NULL, &out, (const char *const[]){"health", NULL}), 2);
    ck_assert_ptr_nonnull(strstr(out, "no API URL"));
    free(out);
    struct vt *t = tui_spawn(&u, 24, 80, (const char *const[]){"health", NULL});
    vt_assert_text(t, "no API URL", 20000);
    exits_with(t, 2);
}
END_TEST

START_TEST(a_slow_api_is_slow_on_screen)
{
    tui_start(&u, NULL, NULL);
    tui_slow(&u);
    ck_assert_ptr_nonnull(strstr(u.api, "127.0.0.1"));
    ck_assert_str_ne(u.api, u.srv.base);
    slowproxy_delay_responses(u.proxy, 600);
    int64_t t0 = time_mono_ms();
    struct vt *t = tui_spawn(&u, 24, 80, (const char *const[]){"health", NULL});
    vt_assert_text(t, "status:   healthy", 20000);
    ck_assert_int_ge(time_mono_ms() - t0, 600);
    exits_with(t, 0);
    ck_assert_int_ge(slowproxy_requests(u.proxy), 1);

    /* Held requests never reach the server; killing the client ends them. */
    slowproxy_hang(u.proxy, true);
    int before = slowproxy_requests(u.proxy);
    t = tui_spawn(&u, 24, 80, (const char *const[]){"health", NULL});
    ck_assert(slowproxy_wait_requests(u.proxy, before + 1, 20000));
    ck_assert(!vt_wait_exit(t, 300, NULL));
    vt_free(t);
    u.vt = NULL;
    ck_assert(slowproxy_wait_abandoned(u.proxy, 1, 5000));
}
END_TEST

Suite *suite_tui_fixture(void)
{
    Suite *s = suite_create("tui_fixture");
    TCase *tc = tcase_create("tui_fixture");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, starts_signed_out_then_signed_in);
    tcase_add_test(tc, reads_the_private_config_file);
    tcase_add_test(tc, home_only_gives_no_api);
    tcase_add_test(tc, a_slow_api_is_slow_on_screen);
    suite_add_tcase(s, tc);
    return s;
}
