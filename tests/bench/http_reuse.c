/* http_reuse — how long N sequential requests through one struct api take
 * (GET /health by default): shows whether the client keeps its connection
 * open between requests. Built and run by tests/bench/http_reuse.sh. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api.h"
#include "common/timeutil.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: http_reuse BASE_URL [N] [PATH]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 100;
    const char *path = argc > 3 ? argv[3] : "/health";
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct client_config cfg;
    client_config_defaults(&cfg);
    snprintf(cfg.api_url, sizeof cfg.api_url, "%s", argv[1]);
    struct api a;
    char *err = NULL;
    if (api_open(&a, &cfg, &err) != 0) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return 1;
    }
    int64_t t0 = time_mono_ms();
    int failed = 0;
    for (int i = 0; i < n; i++) {
        struct api_result res;
        api_public(&a, "GET", path, &res);
        if (res.rc != API_OK)
            failed++;
        api_result_free(&res);
    }
    int64_t ms = time_mono_ms() - t0;
    printf("%d x GET %s: %lld ms in all, %.2f ms each, %d failed\n", n, path,
           (long long)ms, (double)ms / n, failed);
    api_close(&a);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
