/* admit: the connection cap and the descriptor limit it needs. Each test
 * runs in its own forked process (Check's default), so lowering the hard
 * descriptor limit there does not reach the other tests. */
#include <check.h>
#include <sys/resource.h>

#include "server/http/admit.h"
#include "unit/suites.h"

static void set_nofile(rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {.rlim_cur = soft, .rlim_max = hard};
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
}

START_TEST(soft_limit_is_raised_to_fit)
{
    struct rlimit rl;
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 2000)
        return; /* this machine cannot give that many to anyone */
    set_nofile(100, 2000);
    struct admit a;
    admit_init(&a, 1024);
    ck_assert_int_eq(a.max, 1024);
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
    ck_assert_int_ge(rl.rlim_cur, 1024);
}
END_TEST

START_TEST(cap_is_lowered_to_what_fits)
{
    set_nofile(300, 300);
    struct admit a;
    admit_init(&a, 1024);
    ck_assert_int_lt(a.max, 300);
    ck_assert_int_gt(a.max, 0);
}
END_TEST

START_TEST(accepts_until_the_cap)
{
    struct admit a;
    admit_init(&a, 2);
    ck_assert_int_eq(admit_mhd_limit(&a, 4), 6);
    ck_assert_int_eq(admit_accept(&a, NULL, 0), MHD_YES);
    admit_notify(&a, NULL, NULL, MHD_CONNECTION_NOTIFY_STARTED);
    admit_notify(&a, NULL, NULL, MHD_CONNECTION_NOTIFY_STARTED);
    ck_assert_int_eq(admit_accept(&a, NULL, 0), MHD_NO);
    admit_notify(&a, NULL, NULL, MHD_CONNECTION_NOTIFY_CLOSED);
    ck_assert_int_eq(admit_accept(&a, NULL, 0), MHD_YES);
}
END_TEST

Suite *suite_admit(void)
{
    Suite *s = suite_create("admit");
    TCase *tc = tcase_create("limits");
    tcase_add_test(tc, soft_limit_is_raised_to_fit);
    tcase_add_test(tc, cap_is_lowered_to_what_fits);
    tcase_add_test(tc, accepts_until_the_cap);
    suite_add_tcase(s, tc);
    return s;
}
