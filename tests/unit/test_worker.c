/* The queue worker's cycle: how many messages one poll takes. With the
 * spool (a sink that hands a batch over at once) a cycle takes up to
 * QUEUE_RECEIVES_PER_CYCLE receives, so a backlog shares its commits and
 * directory syncs; with SMTP (one message after another) it takes the
 * smaller QUEUE_RECEIVES_PER_CYCLE_SERIAL, so a slow relay cannot hold
 * many messages in flight. And the running worker's batch window: orders
 * that keep coming gather for [queue] batch_window_ms between receives,
 * while a lone order is not held back. */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "common/uuid.h"
#include "model/product.h"
#include "server/config.h"
#include "server/mail/mail.h"
#include "server/queue/worker.h"
#include "server/server.h"
#include "server/setup.h"
#include "server/store/store.h"
#include "server/store/store_orders.h"
#include "server/store/store_products.h"
#include "unit/suites.h"

static char tmp[64];
static struct server srv;
static char product_id[UUID_STR_LEN];

/* An order of the product; its id in id (UUID_STR_LEN) unless NULL. */
static void order_one(char *id)
{
    struct order_request req = {.product_id = product_id, .quantity = 1,
                                .user_id = "u-1",
                                .user_email = "buyer@example.com"};
    struct order o;
    long long available = 0;
    ck_assert_int_eq(store_order_create(srv.store, &req, &o, &available,
                                        NULL), STORE_OK);
    if (id)
        snprintf(id, UUID_STR_LEN, "%s", o.id);
    order_clear(&o);
}

/* A server on a fresh data dir with the given sink, one product with
 * plenty of stock, and n orders of it on the queue. */
static void start(const char *sink, int n)
{
    log_set_level(LOG_ERROR); /* the failed SMTP sends warn, by design */
    snprintf(tmp, sizeof tmp, "/tmp/inventui-worker-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    memset(&srv, 0, sizeof srv);
    server_config_defaults(&srv.cfg);
    snprintf(srv.cfg.data_dir, sizeof srv.cfg.data_dir, "%s", tmp);
    snprintf(srv.cfg.mail_sink, sizeof srv.cfg.mail_sink, "%s", sink);
    /* Nothing listens on port 1: every SMTP send fails at once. */
    snprintf(srv.cfg.smtp_url, sizeof srv.cfg.smtp_url, "smtp://127.0.0.1:1");
    char *err = NULL;
    ck_assert_msg(server_setup(&srv, 1, &err) == 0, "%s", err ? err : "");

    int64_t now = time_now_ms();
    struct product p = {.name = "Cycle widget",
                        .description = "A product the worker test orders",
                        .category = "books", .price = 500,
                        .quantity = 100000, .sku = "CYCLE-1",
                        .created_at = now, .updated_at = now,
                        .created_by = "u-1"};
    uuid_v4(p.id);
    struct store_conn *c = store_acquire(srv.store);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(store_product_create(c, &p), STORE_OK);
    store_release(srv.store, c);
    snprintf(product_id, sizeof product_id, "%s", p.id);
    for (int i = 0; i < n; i++)
        order_one(NULL);
}

static void stop(void)
{
    log_set_level(LOG_INFO);
    server_teardown(&srv);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
}

static int mails_on_the_spool(void)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/mail", tmp);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".eml") != NULL;
    closedir(d);
    return n;
}

START_TEST(spool_cycle_takes_the_big_batch)
{
    int max = 10 * QUEUE_RECEIVES_PER_CYCLE; /* batch_size 10 */
    start("spool", max + 100);
    ck_assert_int_eq(queue_poll_once(&srv), max);
    ck_assert_int_eq(mails_on_the_spool(), max);
    ck_assert_int_eq(queue_poll_once(&srv), 100);
    ck_assert_int_eq(mails_on_the_spool(), max + 100);
    ck_assert_int_eq(queue_poll_once(&srv), 0);
    stop();
}
END_TEST

START_TEST(smtp_cycle_stays_small)
{
    int max = 10 * QUEUE_RECEIVES_PER_CYCLE_SERIAL;
    start("smtp", max + 50);
    ck_assert_int_eq(queue_poll_once(&srv), max);
    ck_assert_int_eq(queue_poll_once(&srv), 50);
    stop();
}
END_TEST


/* A sink in front of the spool that notes the size of every batch and
 * can hold the first one until told to go on. */
static struct recorder {
    struct mail_sink base;
    struct mail_sink *spool;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool hold_first, released;
    int batches[16], nbatches, mails;
} rec;

static int rec_send(struct mail_sink *s, const char *to, const char *subject,
                    const char *body, char **err)
{
    (void)s;
    return mail_send(rec.spool, to, subject, body, err);
}

static int rec_batch(struct mail_sink *s, struct mail_item *items, int n)
{
    (void)s;
    pthread_mutex_lock(&rec.lock);
    int at = rec.nbatches;
    if (rec.nbatches < 16)
        rec.batches[rec.nbatches++] = n;
    pthread_cond_broadcast(&rec.changed);
    while (at == 0 && rec.hold_first && !rec.released)
        pthread_cond_wait(&rec.changed, &rec.lock);
    pthread_mutex_unlock(&rec.lock);
    int failed = mail_send_keyed_batch(rec.spool, items, n);
    pthread_mutex_lock(&rec.lock);
    rec.mails += n - failed;
    pthread_cond_broadcast(&rec.changed);
    pthread_mutex_unlock(&rec.lock);
    return failed;
}

static void rec_free(struct mail_sink *s)
{
    (void)s;
}

static const struct mail_sink_ops rec_ops = {
    .send = rec_send,
    .send_keyed_batch = rec_batch,
    .free = rec_free,
};

static struct queue_worker *worker;

/* The server with the recorder in front of its spool, the window given,
 * and its worker running. */
static void start_worker(long long window_ms, bool hold_first)
{
    start("spool", 0);
    srv.cfg.batch_window_ms = window_ms;
    memset(&rec, 0, sizeof rec);
    rec.base.ops = &rec_ops;
    rec.spool = srv.mail;
    rec.hold_first = hold_first;
    pthread_mutex_init(&rec.lock, NULL);
    pthread_cond_init(&rec.changed, NULL);
    srv.mail = &rec.base;
    worker = queue_worker_new(&srv);
    srv.queue = worker;
    char *err = NULL;
    ck_assert_msg(queue_worker_run(worker, &err) == 0, "%s", err ? err : "");
}

static void stop_worker(void)
{
    queue_worker_stop(worker);
    srv.queue = NULL;
    srv.mail = rec.spool;
    pthread_cond_destroy(&rec.changed);
    pthread_mutex_destroy(&rec.lock);
    stop();
}

/* Waits (up to 30 s) until at least `mails` mails are delivered;
 * returns how many are. */
static int wait_for_mails(int mails)
{
    int64_t until = time_mono_ms() + 30000;
    pthread_mutex_lock(&rec.lock);
    while (rec.mails < mails && time_mono_ms() < until) {
        pthread_mutex_unlock(&rec.lock);
        usleep(5000);
        pthread_mutex_lock(&rec.lock);
    }
    int got = rec.mails;
    pthread_mutex_unlock(&rec.lock);
    return got;
}

static void order_and_notify(char *id)
{
    order_one(id);
    queue_worker_notify(worker);
}

START_TEST(orders_that_keep_coming_gather_in_the_window)
{
    start_worker(2000, true);
    order_and_notify(NULL); /* A: received alone, its batch held */
    pthread_mutex_lock(&rec.lock);
    while (rec.nbatches == 0)
        pthread_cond_wait(&rec.changed, &rec.lock);
    pthread_mutex_unlock(&rec.lock);
    order_and_notify(NULL); /* B and C come while A is in hand */
    order_and_notify(NULL);
    pthread_mutex_lock(&rec.lock);
    rec.released = true;
    pthread_cond_broadcast(&rec.changed);
    pthread_mutex_unlock(&rec.lock);
    /* D comes well after A's cycle is done, but inside the window: the
     * worker did not take B and C at once. */
    ck_assert_msg(wait_for_mails(1) == 1,
                  "B and C were taken as soon as A was done");
    usleep(300000);
    order_and_notify(NULL);
    ck_assert_int_eq(wait_for_mails(4), 4);
    stop_worker(); /* the worker joined: rec is ours to read */
    ck_assert_int_eq(rec.nbatches, 2);
    ck_assert_int_eq(rec.batches[0], 1);
    ck_assert_int_eq(rec.batches[1], 3);
}
END_TEST

START_TEST(a_lone_order_is_not_held_back)
{
    start_worker(5000, false);
    char id[UUID_STR_LEN];
    int64_t t0 = time_mono_ms();
    order_and_notify(id);
    /* CONFIRMED soon after its mail, not at the end of a 5 s window. */
    char status[16] = "";
    while (strcmp(status, "CONFIRMED") != 0 &&
           time_mono_ms() - t0 < 10000) {
        usleep(5000);
        struct store_conn *c = store_acquire(srv.store);
        ck_assert_ptr_nonnull(c);
        struct order o;
        ck_assert_int_eq(store_order_get(c, id, &o), STORE_OK);
        snprintf(status, sizeof status, "%s", o.status);
        order_clear(&o);
        store_release(srv.store, c);
    }
    ck_assert_str_eq(status, "CONFIRMED");
    ck_assert_int_lt(time_mono_ms() - t0, 2500);
    stop_worker();
}
END_TEST

Suite *suite_worker(void)
{
    Suite *s = suite_create("worker");
    TCase *tc = tcase_create("cycle");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, spool_cycle_takes_the_big_batch);
    tcase_add_test(tc, smtp_cycle_stays_small);
    suite_add_tcase(s, tc);
    TCase *win = tcase_create("window");
    tcase_set_timeout(win, 120);
    tcase_add_test(win, orders_that_keep_coming_gather_in_the_window);
    tcase_add_test(win, a_lone_order_is_not_held_back);
    suite_add_tcase(s, win);
    return s;
}
