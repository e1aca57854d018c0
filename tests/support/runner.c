#include "support/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "support/testsrv.h"

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

int runner_main(const struct runner_suite *suites, size_t n)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    testsrv_init();
    SRunner *sr = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!wanted(suites[i].name))
            continue;
        if (!sr)
            sr = srunner_create(suites[i].make());
        else
            srunner_add_suite(sr, suites[i].make());
    }
    int rc = 2;
    if (!sr) {
        fprintf(stderr, "no suite matches INVENTUI_SUITES\n");
    } else {
        srunner_run_all(sr, CK_NORMAL);
        rc = srunner_ntests_failed(sr) ? 1 : 0;
        srunner_free(sr);
    }
    testsrv_cleanup();
    curl_global_cleanup();
    return rc;
}
