#include "support/api_fixture.h"

#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *api_create_product(const struct testsrv *s, const char *token,
                         const char *name, const char *sku,
                         const char *category, long long quantity)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"A product made for tests.\","
             "\"category\":\"%s\",\"price\":1999,\"quantity\":%lld,"
             "\"sku\":\"%s\"}",
             name, category, quantity, sku);
    struct http_resp r;
    http_call(s, "POST", "/products", token, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create %s: %ld %s", sku, r.status, r.body);
    const char *id = jstr(r.json, "data.id");
    ck_assert_ptr_nonnull(id);
    char *copy = strdup(id);
    http_resp_free(&r);
    return copy;
}

bool api_has_detail(const cJSON *json, const char *field)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, jpath(json, "error.details")) {
        const char *f = jstr(d, "field");
        if (f && strcmp(f, field) == 0 && jstr(d, "message"))
            return true;
    }
    return false;
}

int api_detail_count(const cJSON *json)
{
    const cJSON *d = jpath(json, "error.details");
    return cJSON_IsArray(d) ? cJSON_GetArraySize(d) : -1;
}

void api_assert_error(const struct http_resp *r, long status, const char *code)
{
    ck_assert_msg(r->status == status, "want %ld, got %ld: %s", status,
                  r->status, r->body);
    ck_assert_ptr_nonnull(r->json);
    ck_assert(cJSON_IsFalse(jpath(r->json, "success")));
    ck_assert_msg(jstr(r->json, "error.code") &&
                      strcmp(jstr(r->json, "error.code"), code) == 0,
                  "want %s: %s", code, r->body);
    ck_assert_ptr_nonnull(jstr(r->json, "error.message"));
    const char *rid = jstr(r->json, "meta.requestId");
    ck_assert_ptr_nonnull(rid);
    ck_assert_ptr_nonnull(jstr(r->json, "meta.timestamp"));
    char *hdr = http_header(r, "X-Request-Id");
    ck_assert_ptr_nonnull(hdr);
    ck_assert_str_eq(hdr, rid);
    free(hdr);
}

long long api_stock(const struct testsrv *s, const char *token, const char *id)
{
    char path[128];
    snprintf(path, sizeof path, "/products/%s", id);
    struct http_resp r;
    http_call(s, "GET", path, token, NULL, &r, NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    long long q = (long long)jnum(r.json, "data.quantity");
    http_resp_free(&r);
    return q;
}

static size_t discard(char *d, size_t size, size_t n, void *user)
{
    (void)d;
    (void)user;
    return size * n;
}

void api_get_concurrently(const struct testsrv *s, const char *token,
                          const char *path, int n, long *statuses)
{
    char url[512], auth[8192];
    snprintf(url, sizeof url, "%s%s", s->base, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    struct curl_slist *h = curl_slist_append(NULL, auth);
    CURLM *multi = curl_multi_init();
    CURL **easy = calloc((size_t)n, sizeof *easy);
    ck_assert_ptr_nonnull(easy);
    for (int i = 0; i < n; i++) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOPROXY, "*");
        curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(easy[i], CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT, 60L);
        curl_multi_add_handle(multi, easy[i]);
    }
    int running = 1;
    while (running) {
        ck_assert_int_eq(curl_multi_perform(multi, &running), CURLM_OK);
        if (running)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    for (int i = 0; i < n; i++) {
        statuses[i] = 0;
        curl_easy_getinfo(easy[i], CURLINFO_RESPONSE_CODE, &statuses[i]);
        curl_multi_remove_handle(multi, easy[i]);
        curl_easy_cleanup(easy[i]);
    }
    free(easy);
    curl_multi_cleanup(multi);
    curl_slist_free_all(h);
}
