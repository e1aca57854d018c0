/* Screen tests: the real `inventui` in a pseudo-terminal, its screen read
 * with libvterm (vt.h), against real `inventui serve` processes on
 * loopback (tui.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "support/testsrv.h"
#include "ui/suites.h"

static int wanted(const char *name)
{
    const char *only = getenv("INVENTUI_SUITES");
    if (!only || !*only)
        return 1;
    char buf[512];
    snprintf(buf, sizeof buf, ",%s,", only);
    char key[64];
    snprintf(key, sizeof key, ",%s,", name);
    return strstr(buf, key) != NULL;
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    testsrv_init();
    SRunner *sr = NULL;
#define X(name)                                          \
    if (wanted(#name)) {                                 \
        if (!sr)                                         \
            sr = srunner_create(suite_##name());         \
        else                                             \
            srunner_add_suite(sr, suite_##name());       \
    }
    UI_SUITES
#undef X
    if (!sr) {
        fprintf(stderr, "no suite matches INVENTUI_SUITES\n");
        testsrv_cleanup();
        return 2;
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    testsrv_cleanup();
    curl_global_cleanup();
    return failed ? 1 : 0;
}
