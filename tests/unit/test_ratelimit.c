/* The per-user token bucket, driven with a clock the test sets. */
#include <check.h>
#include <stdio.h>

#include "server/http/ratelimit.h"
#include "unit/suites.h"

START_TEST(burst_then_rate_then_refill)
{
    struct ratelimit *rl = ratelimit_new(2.0, 3.0);
    int64_t t = 1000000;
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(ratelimit_take(rl, "alice", t), 0);
    /* Empty: half a second until the next token, said as 1 s. */
    ck_assert_int_eq(ratelimit_take(rl, "alice", t), 1);
    /* Others are not held back by alice. */
    ck_assert_int_eq(ratelimit_take(rl, "bob", t), 0);
    /* 500 ms at 2/s brings one token back, not more. */
    ck_assert_int_eq(ratelimit_take(rl, "alice", t + 500), 0);
    ck_assert_int_eq(ratelimit_take(rl, "alice", t + 500), 1);
    /* A long pause refills to the burst, never beyond. */
    t += 60000;
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(ratelimit_take(rl, "alice", t), 0);
    ck_assert_int_eq(ratelimit_take(rl, "alice", t), 1);
    ratelimit_free(rl);
}
END_TEST

START_TEST(slow_rates_wait_whole_seconds)
{
    struct ratelimit *rl = ratelimit_new(0.1, 1.0);
    ck_assert_int_eq(ratelimit_take(rl, "k", 0), 0);
    ck_assert_int_eq(ratelimit_take(rl, "k", 0), 10);
    ck_assert_int_eq(ratelimit_take(rl, "k", 5000), 5);
    ck_assert_int_eq(ratelimit_take(rl, "k", 10000), 0);
    ratelimit_free(rl);
}
END_TEST

START_TEST(zero_rate_is_no_limit_and_many_users_fit)
{
    struct ratelimit *off = ratelimit_new(0, 1);
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(ratelimit_take(off, "k", 0), 0);
    ratelimit_free(off);
    /* Far more users than slots: each still gets its first request. */
    struct ratelimit *rl = ratelimit_new(1, 1);
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "user-%d", i);
        ck_assert_int_eq(ratelimit_take(rl, key, i), 0);
    }
    ratelimit_free(rl);
}
END_TEST

Suite *suite_ratelimit(void)
{
    Suite *s = suite_create("ratelimit");
    TCase *tc = tcase_create("bucket");
    tcase_add_test(tc, burst_then_rate_then_refill);
    tcase_add_test(tc, slow_rates_wait_whole_seconds);
    tcase_add_test(tc, zero_rate_is_no_limit_and_many_users_fit);
    suite_add_tcase(s, tc);
    return s;
}
