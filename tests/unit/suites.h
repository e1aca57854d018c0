/* Every unit suite; main.c runs them all. Add yours here. */
#ifndef INVENTUI_TESTS_UNIT_SUITES_H
#define INVENTUI_TESTS_UNIT_SUITES_H

#include <check.h>

Suite *suite_common(void);
Suite *suite_cache(void);
Suite *suite_verifier(void);
Suite *suite_password(void);
Suite *suite_model(void);
Suite *suite_confirm_mail(void);
Suite *suite_spool(void);
Suite *suite_client(void);
Suite *suite_ratelimit(void);
Suite *suite_client_cmds(void);
Suite *suite_http(void);
Suite *suite_signin(void);
Suite *suite_ops(void);
Suite *suite_client_core(void);
Suite *suite_ui(void);
Suite *suite_security(void);
Suite *suite_themes(void);
Suite *suite_manpage(void);
Suite *suite_cli_table(void);
Suite *suite_cmdline(void);
Suite *suite_admit(void);
Suite *suite_guard(void);
Suite *suite_json_strict(void);
Suite *suite_offload(void);
Suite *suite_cursor(void);
Suite *suite_log(void);
Suite *suite_worker(void);

#define UNIT_SUITES \
    X(common) \
    X(cache) \
    X(verifier) \
    X(password) \
    X(model) \
    X(confirm_mail) \
    X(spool) \
    X(client) \
    X(ratelimit) \
    X(client_cmds) \
    X(http) \
    X(signin) \
    X(ops) \
    X(client_core) \
    X(ui) \
    X(security) \
    X(themes) \
    X(manpage) \
    X(cli_table) \
    X(cmdline) \
    X(admit) \
    X(guard) \
    X(json_strict) \
    X(offload) \
    X(cursor) \
    X(log) \
    X(worker)

#endif
