/* shop — helpers for the order-pipeline tests: a product, an order, waiting
 * for an order's status or a queue state, the mail spool, the config file
 * and direct looks into the server's database. */
#ifndef INVENTUI_TESTS_SHOP_H
#define INVENTUI_TESTS_SHOP_H

#include <stdbool.h>

#include "support/testsrv.h"

/* Creates a product (price in cents, stock 1000) with an admin's token;
 * its id, malloc'd. */
char *shop_product(const struct testsrv *s, const char *token,
                   const char *name, long long price);
/* Places an order; its id, malloc'd. */
char *shop_order(const struct testsrv *s, const char *token,
                 const char *product_id, long long quantity);
/* The order's status as GET /orders/{id} says (static buffer). */
const char *shop_status(const struct testsrv *s, const char *token,
                        const char *order_id);
/* Polls until the order has status, up to ms; whether it got there. */
bool shop_wait_status(const struct testsrv *s, const char *token,
                      const char *order_id, const char *status, int ms);
/* Polls /admin/queues until dlq.count == n, up to ms. */
bool shop_wait_dlq(const struct testsrv *s, const char *admin_token, int n,
                   int ms);
/* Polls the database until the order queue is empty, up to ms; whether
 * it got there. */
bool shop_wait_queue_empty(const struct testsrv *s, int ms);
/* How many .eml files in the spool start with prefix. */
int shop_mail_count(const struct testsrv *s, const char *prefix);
/* Polls until at least n .eml files start with prefix, up to ms; the
 * count then. (An alert is mailed just after its DLQ move commits.) */
int shop_wait_mail(const struct testsrv *s, const char *prefix, int n, int ms);
/* The text of every .eml starting with prefix, concatenated (malloc'd). */
char *shop_mail_text(const struct testsrv *s, const char *prefix);
/* Rewrites the server's config file to the test defaults + extra; takes
 * effect at the next testsrv_restart. */
void shop_write_config(const struct testsrv *s, const char *extra);
/* Runs SQL on the server's database (another process, WAL); fails the
 * test on error. */
void shop_sql(const struct testsrv *s, const char *sql);
/* The first column of the first row of a query, as an integer. */
long long shop_sql_int(const struct testsrv *s, const char *sql);
void shop_sleep_ms(int ms);

#endif
