/* Every integration suite; main.c runs them all (or the ones named in
 * $INVENTUI_SUITES, comma-separated). Add yours here. */
#ifndef INVENTUI_TESTS_INTEGRATION_SUITES_H
#define INVENTUI_TESTS_INTEGRATION_SUITES_H

#include <check.h>

Suite *suite_meta(void);
Suite *suite_offline(void);
Suite *suite_deployed(void);
Suite *suite_idp(void);
Suite *suite_users_cli(void);
Suite *suite_server(void);
Suite *suite_demo(void);
Suite *suite_products(void);
Suite *suite_orders(void);
Suite *suite_auth_api(void);
Suite *suite_pipeline(void);
Suite *suite_admin(void);
Suite *suite_cli(void);
Suite *suite_mail_smtp(void);
Suite *suite_tls(void);
Suite *suite_cli_cmds(void);
Suite *suite_crash(void);
Suite *suite_cancel(void);
Suite *suite_idempotency(void);
Suite *suite_embed(void);
Suite *suite_async(void);
Suite *suite_security(void);
Suite *suite_cli_msgs(void);
Suite *suite_cli_fit(void);
Suite *suite_http_hostile(void);
Suite *suite_slow_clients(void);
Suite *suite_storm(void);
Suite *suite_cli_hostile(void);
Suite *suite_strict_json(void);
Suite *suite_reads(void);

#define INTEGRATION_SUITES \
    X(meta) \
    X(offline) \
    X(deployed) \
    X(idp) \
    X(users_cli) \
    X(server) \
    X(demo) \
    X(products) \
    X(orders) \
    X(auth_api) \
    X(pipeline) \
    X(admin) \
    X(cli) \
    X(mail_smtp) \
    X(tls) \
    X(cli_cmds) \
    X(crash) \
    X(cancel) \
    X(idempotency) \
    X(embed) \
    X(async) \
    X(security) \
    X(cli_msgs) \
    X(cli_fit) \
    X(http_hostile) \
    X(slow_clients) \
    X(storm) \
    X(cli_hostile) \
    X(strict_json) \
    X(reads)

#endif
