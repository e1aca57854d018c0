/* The history goes through the same functions as a real order: the store's
 * order transaction (stock, order, queue message) and the worker's
 * queue_poll_once(), so the demo shows what the pipeline really leaves
 * behind — confirmation mail in the spool, failed messages in the DLQ with
 * the error they failed with, an alert for each. Nothing here writes the
 * queue or the DLQ directly. */
#include "server/demo/history.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/auth/password.h"
#include "server/demo/catalog.h"
#include "server/demo/seed.h"
#include "server/queue/worker.h"
#include "server/server.h"
#include "server/store/store_orders.h"
#include "server/store/store_users.h"

#define HOUR_MS (3600 * 1000LL)

enum who { ADMIN, CUSTOMER_1, CUSTOMER_2, NWHO };

struct past_order {
    enum who who;
    const char *sku;
    long long quantity;
    long long hours_ago;
};

/* Oldest first: the store lists orders by when they were written. Only
 * products with plenty of stock, so the grid's low-stock and sold-out
 * rows stay as the catalog made them. */
static const struct past_order CONFIRMED[] = {
    {ADMIN, "EL-KB-MECH-01", 1, 35 * 24 + 5},
    {CUSTOMER_1, "CL-TS-ORG-01", 3, 33 * 24 + 2},
    {ADMIN, "BK-SYS-DES-02", 1, 31 * 24 + 7},
    {CUSTOMER_2, "SP-BT-STEEL-03", 2, 29 * 24 + 4},
    {ADMIN, "FD-CF-BEAN-01", 2, 27 * 24 + 9},
    {CUSTOMER_1, "HO-TW-BATH-04", 1, 26 * 24 + 3},
    {ADMIN, "EL-MS-WL-02", 1, 24 * 24 + 6},
    {CUSTOMER_2, "TY-PZ-1000-02", 1, 22 * 24 + 8},
    {ADMIN, "OT-WR-PAPER-02", 4, 20 * 24 + 1},
    {CUSTOMER_1, "FD-CH-DARK-04", 5, 18 * 24 + 5},
    {ADMIN, "CL-SK-WOOL-05", 2, 16 * 24 + 2},
    {CUSTOMER_2, "SP-JR-ROPE-06", 1, 14 * 24 + 7},
    {ADMIN, "HO-PN-CAST-02", 1, 12 * 24 + 4},
    {CUSTOMER_1, "BK-NOV-SCI-04", 2, 10 * 24 + 6},
    {ADMIN, "EL-SSD-1TB-06", 1, 8 * 24 + 3},
    {CUSTOMER_2, "TY-PL-DINO-05", 1, 6 * 24 + 9},
    {ADMIN, "FD-TE-GRN-02", 3, 5 * 24 + 2},
    {CUSTOMER_1, "CL-CP-BASE-06", 1, 4 * 24 + 5},
    {ADMIN, "HO-CF-FREN-06", 1, 3 * 24 + 1},
};

/* Orders their buyers cancelled before the worker confirmed them: the
 * stock went back, no confirmation was mailed. Newer than CONFIRMED and
 * older than FAILED, as the store lists in the order written. */
static const struct past_order CANCELLED[] = {
    {ADMIN, "EL-KB-MECH-01", 2, 2 * 24 + 22},
    {CUSTOMER_1, "HO-TW-BATH-04", 2, 2 * 24 + 16},
    {ADMIN, "BK-SYS-DES-02", 1, 2 * 24 + 10},
};
#define CANCEL_AFTER_MS (2 * HOUR_MS) /* when the buyer changed their mind */

/* The latest orders, whose confirmation fails until the DLQ takes them:
 * they stay PENDING until an admin redrives them. */
static const struct past_order FAILED[] = {
    {ADMIN, "CL-JN-SLIM-04", 1, 2 * 24 + 3},
    {CUSTOMER_2, "TY-BG-STRAT-04", 1, 1 * 24 + 6},
    {ADMIN, "SP-YM-PRO-01", 1, 4},
};

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))

struct people {
    char sub[NWHO][UUID_STR_LEN];
    const char *email[NWHO];
};

/* The customers, with the demo password; an existing one is reused. */
static int find_people(struct server *srv, const char *password,
                       struct people *p, char **err)
{
    p->email[ADMIN] = DEMO_ADMIN_EMAIL;
    p->email[CUSTOMER_1] = DEMO_CUSTOMER_1;
    p->email[CUSTOMER_2] = DEMO_CUSTOMER_2;
    struct store_conn *c = store_acquire(srv->store);
    if (!c) {
        *err = xstrdup("cannot open a connection to the store");
        return -1;
    }
    char *hash = NULL;
    int rc = 0;
    for (int i = 0; i < NWHO && rc == 0; i++) {
        struct user u = {0};
        enum store_rc r = store_user_by_email(c, p->email[i], &u);
        if (r == STORE_OK)
            memcpy(p->sub[i], u.sub, sizeof u.sub);
        user_clear(&u);
        if (r == STORE_OK)
            continue;
        if (r != STORE_NOT_FOUND || i == ADMIN) {
            *err = str_printf("cannot find %s in the store", p->email[i]);
            rc = -1;
            break;
        }
        if (!hash && !(hash = password_hash(password,
                                            (int)srv->cfg.password_cost))) {
            *err = xstrdup("cannot hash the demo password");
            rc = -1;
            break;
        }
        if (store_user_create(c, p->email[i], hash, USER_CONFIRMED, NULL, 0,
                              p->sub[i]) != STORE_OK) {
            *err = str_printf("cannot create demo customer %s", p->email[i]);
            rc = -1;
        }
    }
    free(hash);
    store_release(srv->store, c);
    return rc;
}

static int catalog_index(const char *sku)
{
    for (int i = 0; DEMO_CATALOG[i].sku; i++)
        if (strcmp(DEMO_CATALOG[i].sku, sku) == 0)
            return i;
    return -1;
}

/* Writes the orders of list through the store's order transaction;
 * cancel: each is then cancelled through the store's cancel. */
static int place(struct server *srv, const struct people *p,
                 const char (*product_ids)[UUID_STR_LEN],
                 const struct past_order *list, int n, int64_t now,
                 bool cancel, char **err)
{
    for (int i = 0; i < n; i++) {
        int k = catalog_index(list[i].sku);
        if (k < 0) {
            *err = str_printf("demo history names unknown SKU %s",
                              list[i].sku);
            return -1;
        }
        struct order_request req = {
            .product_id = product_ids[k],
            .quantity = list[i].quantity,
            .user_id = p->sub[list[i].who],
            .user_email = p->email[list[i].who],
            .created_at = now - list[i].hours_ago * HOUR_MS,
        };
        struct order o;
        long long available = 0;
        if (store_order_create(srv->store, &req, &o, &available, NULL) !=
            STORE_OK) {
            *err = str_printf("cannot place the demo order for %s",
                              list[i].sku);
            return -1;
        }
        struct order cancelled = {0};
        enum store_rc r = cancel ? store_order_cancel(srv->store, o.id,
                                                      req.created_at +
                                                          CANCEL_AFTER_MS,
                                                      &cancelled)
                                 : STORE_OK;
        order_clear(&cancelled);
        order_clear(&o);
        if (r != STORE_OK) {
            *err = str_printf("cannot cancel the demo order for %s",
                              list[i].sku);
            return -1;
        }
    }
    return 0;
}

/* Runs the worker on this thread until no message is visible, or rounds
 * polls have run. -1 if the store failed. */
static int drain(struct server *srv, long long rounds)
{
    for (long long i = 0; i < rounds; i++) {
        int n = queue_poll_once(srv);
        if (n <= 0)
            return n;
    }
    return 0;
}

int demo_history_seed(struct server *srv,
                      const char (*product_ids)[UUID_STR_LEN],
                      const char *password, char **err)
{
    struct people p = {0};
    if (find_people(srv, password, &p, err) != 0)
        return -1;
    const double fail_rate = srv->cfg.notify_fail_rate;
    const long long visibility = srv->cfg.visibility_timeout;
    const long long receives = srv->cfg.max_receive_count;
    int64_t now = time_now_ms();
    int rc = -1;

    /* The past that went well: faults off whatever the config says. */
    srv->cfg.notify_fail_rate = 0.0;
    if (place(srv, &p, product_ids, CONFIRMED, COUNT(CONFIRMED), now, false,
              err) != 0 ||
        place(srv, &p, product_ids, CANCELLED, COUNT(CANCELLED), now, true,
              err) != 0)
        goto out;
    /* The worker drops the cancelled orders' messages without mail. */
    if (drain(srv, (COUNT(CONFIRMED) + COUNT(CANCELLED)) * receives + 1) < 0) {
        *err = xstrdup("cannot run the queue worker on the demo orders");
        goto out;
    }

    /* The latest orders fail on every receive until they move to the
     * DLQ: every notification fails, and no visibility timeout holds a
     * failed message back from its next receive. */
    if (place(srv, &p, product_ids, FAILED, COUNT(FAILED), now, false, err) != 0)
        goto out;
    srv->cfg.notify_fail_rate = 1.0;
    srv->cfg.visibility_timeout = 0;
    if (drain(srv, COUNT(FAILED) * receives + 1) < 0) {
        *err = xstrdup("cannot run the queue worker on the demo orders");
        goto out;
    }
    log_msg(LOG_INFO, "demo: %d past orders, %d cancelled, %d failed to the "
            "DLQ", COUNT(CONFIRMED) + COUNT(CANCELLED) + COUNT(FAILED),
            COUNT(CANCELLED), COUNT(FAILED));
    rc = 0;
out:
    srv->cfg.notify_fail_rate = fail_rate;
    srv->cfg.visibility_timeout = visibility;
    return rc;
}
