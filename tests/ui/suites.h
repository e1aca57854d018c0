/* Every screen-test suite; main.c runs them all (or the ones named in
 * $INVENTUI_SUITES, comma-separated). Add yours here. */
#ifndef INVENTUI_TESTS_UI_SUITES_H
#define INVENTUI_TESTS_UI_SUITES_H

#include <check.h>

Suite *suite_vt(void);
Suite *suite_slowproxy(void);
Suite *suite_tui_fixture(void);
Suite *suite_products_tui(void);
Suite *suite_orders(void);
Suite *suite_dlq(void);
Suite *suite_signin(void);
Suite *suite_detail(void);
Suite *suite_themes(void);
Suite *suite_cli_tty(void);
Suite *suite_slowlink(void);
Suite *suite_offline(void);
Suite *suite_habits(void);

#define UI_SUITES \
    X(vt) \
    X(slowproxy) \
    X(tui_fixture) \
    X(products_tui) \
    X(orders) \
    X(dlq) \
    X(signin) \
    X(detail) \
    X(themes) \
    X(cli_tty) \
    X(slowlink) \
    X(offline) \
    X(habits)

#endif
