/* The write-thread pool: jobs run on its threads, and a stop lets the
 * running ones end while it cancels the queued ones, each exactly once. */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <unistd.h>

#include "server/http/offload.h"
#include "unit/suites.h"

struct job {
    struct offload_job base; /* first: the pool hands back &base */
    atomic_int runs, cancels;
};

/* One job holds the pool's only thread until `go` is set. */
static atomic_bool go, blocked_started;

static void run_plain(struct offload_job *j, bool cancelled)
{
    struct job *job = (struct job *)j;
    atomic_fetch_add(cancelled ? &job->cancels : &job->runs, 1);
}

static void run_blocking(struct offload_job *j, bool cancelled)
{
    if (!cancelled) {
        atomic_store(&blocked_started, true);
        while (!atomic_load(&go))
            usleep(1000);
    }
    run_plain(j, cancelled);
}

static void *stop_pool(void *o)
{
    offload_stop(o);
    return NULL;
}

START_TEST(jobs_run_then_stop_cancels_the_queued)
{
    struct offload *o = offload_new(2);
    ck_assert_ptr_nonnull(o);
    static struct job done[50];
    for (int i = 0; i < 50; i++) {
        done[i].base.run = run_plain;
        offload_submit(o, &done[i].base);
    }
    offload_stop(o);
    for (int i = 0; i < 50; i++)
        ck_assert_int_eq(done[i].runs + done[i].cancels, 1);

    /* One thread, held by the first job: the rest wait in the queue. */
    atomic_store(&go, false);
    atomic_store(&blocked_started, false);
    o = offload_new(1);
    static struct job held, queued[5];
    held.base.run = run_blocking;
    offload_submit(o, &held.base);
    for (int i = 0; i < 5; i++) {
        queued[i].base.run = run_plain;
        offload_submit(o, &queued[i].base);
    }
    while (!atomic_load(&blocked_started))
        usleep(1000);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, stop_pool, o), 0);
    /* The stop cancels the queued at once, and waits for the held one. */
    for (int i = 0; i < 5; i++) {
        while (atomic_load(&queued[i].cancels) == 0)
            usleep(1000);
    }
    usleep(50 * 1000);
    ck_assert_int_eq(held.runs, 0);
    atomic_store(&go, true);
    pthread_join(t, NULL);
    ck_assert_int_eq(held.runs, 1);
    ck_assert_int_eq(held.cancels, 0);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(queued[i].runs, 0);
}
END_TEST

/* A job submitted to a pool that is stopping is cancelled on the spot. */
START_TEST(submit_while_stopping_cancels)
{
    atomic_store(&go, false);
    atomic_store(&blocked_started, false);
    struct offload *o = offload_new(1);
    static struct job held, late;
    held.base.run = run_blocking;
    offload_submit(o, &held.base);
    while (!atomic_load(&blocked_started))
        usleep(1000);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, stop_pool, o), 0);
    usleep(200 * 1000); /* the stop has begun: it waits for held */
    late.base.run = run_plain;
    offload_submit(o, &late.base);
    ck_assert_int_eq(late.cancels, 1);
    ck_assert_int_eq(late.runs, 0);
    atomic_store(&go, true);
    pthread_join(t, NULL);
    ck_assert_int_eq(held.runs, 1);
}
END_TEST

Suite *suite_offload(void)
{
    Suite *s = suite_create("offload");
    TCase *tc = tcase_create("pool");
    tcase_add_test(tc, jobs_run_then_stop_cancels_the_queued);
    tcase_add_test(tc, submit_while_stopping_cancels);
    suite_add_tcase(s, tc);
    return s;
}
