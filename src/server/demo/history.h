/* history — the demo shop's past: five weeks of orders by the demo admin
 * and two demo customers, put through the real order pipeline while
 * `serve --seed-demo` stocks an empty store. */
#ifndef INVENTUI_SERVER_DEMO_HISTORY_H
#define INVENTUI_SERVER_DEMO_HISTORY_H

#include "common/uuid.h"

struct server;

/* The demo customers, who sign in with the demo password. */
#define DEMO_CUSTOMER_1 "maya.lindqvist@inventui.local"
#define DEMO_CUSTOMER_2 "tom.okafor@inventui.local"

/* Orders the history through store_order_create() (back-dated), runs the
 * queue worker on the calling thread until the older ones are CONFIRMED
 * (their mail in the sink), then forces [faults] notify_fail_rate to 1
 * with no visibility timeout until the latest ones have used every
 * receive and moved to the DLQ (alerting the admins); the configuration
 * is restored afterwards. Needs the demo admin; product_ids[i] is the id
 * of DEMO_CATALOG[i]. Call before the worker thread and the HTTP server
 * start. 0, or -1 with *err (malloc'd). */
int demo_history_seed(struct server *srv,
                      const char (*product_ids)[UUID_STR_LEN],
                      const char *password, char **err);

#endif
