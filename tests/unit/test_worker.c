/* The queue worker's cycle: how many messages one poll takes. With the
 * spool (a sink that hands a batch over at once) a cycle takes up to
 * QUEUE_RECEIVES_PER_CYCLE receives, so a backlog shares its commits and
 * directory syncs; with SMTP (one message after another) it takes the
 * smaller QUEUE_RECEIVES_PER_CYCLE_SERIAL, so a slow relay cannot hold
 * many messages in flight. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/timeutil.h"
#include "common/uuid.h"
#include "model/product.h"
#include "server/config.h"
#include "server/queue/worker.h"
#include "server/server.h"
#include "server/setup.h"
#include "server/store/store.h"
#include "server/store/store_orders.h"
#include "server/store/store_products.h"
#include "unit/suites.h"

static char tmp[64];
static struct server srv;

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
    for (int i = 0; i < n; i++) {
        struct order_request req = {.product_id = p.id, .quantity = 1,
                                    .user_id = "u-1",
                                    .user_email = "buyer@example.com"};
        struct order o;
        long long available = 0;
        ck_assert_int_eq(store_order_create(srv.store, &req, &o, &available,
                                            NULL), STORE_OK);
        order_clear(&o);
    }
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

Suite *suite_worker(void)
{
    Suite *s = suite_create("worker");
    TCase *tc = tcase_create("cycle");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, spool_cycle_takes_the_big_batch);
    tcase_add_test(tc, smtp_cycle_stays_small);
    suite_add_tcase(s, tc);
    return s;
}
