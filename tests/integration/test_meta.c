/* The routes about the service: health, docs, spec, config, JWKS, and the
 * router's answers to unknown routes, wrong methods, big bodies, CORS. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "integration/suites.h"
#include "server/http/router.h"
#include "support/testsrv.h"

static struct testsrv srv;

static void up(void) { testsrv_start(&srv, NULL); }
static void down(void) { testsrv_stop(&srv); }

START_TEST(health_has_envelope_and_request_id)
{
    struct http_resp r;
    http_call(&srv, "GET", "/health", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert(cJSON_IsTrue(jpath(r.json, "success")));
    ck_assert_str_eq(jstr(r.json, "data.status"), "healthy");
    ck_assert_str_eq(jstr(r.json, "data.service"), "inventory-api");
    ck_assert_ptr_nonnull(jstr(r.json, "data.version"));
    ck_assert_ptr_nonnull(jstr(r.json, "meta.timestamp"));
    char *rid = http_header(&r, "X-Request-Id");
    ck_assert_ptr_nonnull(rid);
    ck_assert_str_eq(rid, jstr(r.json, "meta.requestId"));
    free(rid);
    char *cors = http_header(&r, "Access-Control-Allow-Origin");
    ck_assert_ptr_nonnull(cors);
    free(cors);
    http_resp_free(&r);
}
END_TEST

START_TEST(unknown_route_is_404)
{
    struct http_resp r;
    http_call(&srv, "GET", "/no/such/thing", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 404);
    ck_assert(cJSON_IsFalse(jpath(r.json, "success")));
    ck_assert_str_eq(jstr(r.json, "error.code"), "NOT_FOUND");
    http_resp_free(&r);
}
END_TEST

START_TEST(wrong_method_is_405_with_allow)
{
    struct http_resp r;
    http_call(&srv, "DELETE", "/health", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 405);
    char *allow = http_header(&r, "Allow");
    ck_assert_ptr_nonnull(allow);
    ck_assert_ptr_nonnull(strstr(allow, "GET"));
    free(allow);
    http_resp_free(&r);
}
END_TEST

START_TEST(preflight_is_204)
{
    struct http_resp r;
    http_call(&srv, "OPTIONS", "/health", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 204);
    char *m = http_header(&r, "Access-Control-Allow-Methods");
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_nonnull(strstr(m, "GET"));
    free(m);
    http_resp_free(&r);
}
END_TEST

static void expect_cors(const struct http_resp *r)
{
    char *origin = http_header(r, "Access-Control-Allow-Origin");
    char *expose = http_header(r, "Access-Control-Expose-Headers");
    ck_assert_ptr_nonnull(origin);
    ck_assert_ptr_nonnull(expose);
    ck_assert_ptr_nonnull(strstr(expose, "X-Request-Id"));
    free(origin);
    free(expose);
}

START_TEST(two_mebibyte_body_is_413)
{
    size_t n = 2 * 1024 * 1024;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[0] = '"';
    big[n - 1] = '"';
    big[n] = '\0';
    struct http_resp r;
    http_call(&srv, "POST", "/products", NULL, big, &r, NULL);
    free(big);
    ck_assert_int_eq(r.status, 413);
    ck_assert_str_eq(jstr(r.json, "error.code"), "PAYLOAD_TOO_LARGE");
    expect_cors(&r);
    http_resp_free(&r);
}
END_TEST

/* Refused before routing (the guard's 414): a browser still gets to read
 * the answer. */
START_TEST(early_refusal_has_cors_headers)
{
    char path[2048] = "/health?";
    for (int i = 0; i < 101; i++)
        strcat(path, i ? "&a=1" : "a=1");
    struct http_resp r;
    http_call(&srv, "GET", path, NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 414);
    ck_assert_str_eq(jstr(r.json, "error.code"), "URI_TOO_LONG");
    expect_cors(&r);
    http_resp_free(&r);
}
END_TEST

START_TEST(config_names_the_pool)
{
    struct http_resp r;
    http_call(&srv, "GET", "/config", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.auth.type"), "cognito");
    ck_assert_ptr_nonnull(strstr(jstr(r.json, "data.auth.endpoint"), "127.0.0.1"));
    ck_assert_ptr_nonnull(jstr(r.json, "data.auth.region"));
    ck_assert_int_eq(strlen(jstr(r.json, "data.auth.clientId")), 26);
    http_resp_free(&r);
}
END_TEST

START_TEST(jwks_serves_the_rsa_key)
{
    char path[128];
    snprintf(path, sizeof path, "/%s/.well-known/jwks.json", srv.pool_id);
    struct http_resp r;
    http_call(&srv, "GET", path, NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "keys.0.kty"), "RSA");
    ck_assert_str_eq(jstr(r.json, "keys.0.alg"), "RS256");
    ck_assert_ptr_nonnull(jstr(r.json, "keys.0.kid"));
    ck_assert_ptr_nonnull(jstr(r.json, "keys.0.n"));
    http_resp_free(&r);
    http_call(&srv, "GET", "/local_nope/.well-known/jwks.json", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 404);
    http_resp_free(&r);
}
END_TEST

START_TEST(docs_and_spec_are_served)
{
    struct http_resp r;
    http_call(&srv, "GET", "/docs", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "<html"));
    /* Works offline: no src= or href= pointing at another host. */
    for (const char *p = r.body; *p; p++) {
        if (strncasecmp(p, "src=", 4) != 0 && strncasecmp(p, "href=", 5) != 0)
            continue;
        const char *v = strchr(p, '=') + 1;
        while (*v == '"' || *v == '\'' || *v == ' ')
            v++;
        ck_assert_msg(strncasecmp(v, "http:", 5) != 0 &&
                          strncasecmp(v, "https:", 6) != 0 &&
                          strncmp(v, "//", 2) != 0,
                      "external reference in /docs: %.60s", p);
    }
    ck_assert_ptr_null(strstr(r.body, "@import"));
    http_resp_free(&r);
    http_call(&srv, "GET", "/docs/spec", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(r.json);
    ck_assert_ptr_nonnull(jstr(r.json, "openapi"));
    const cJSON *paths = cJSON_GetObjectItemCaseSensitive(r.json, "paths");
    ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(paths, "/products/{id}"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(paths, "/orders"));
    ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(paths, "/health"));
    http_resp_free(&r);
}
END_TEST

/* Two route patterns name the same path when they differ only in the
 * names of their {parameters}. */
static bool same_path(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a == '{' && *b == '{') {
            a = strchr(a, '}');
            b = strchr(b, '}');
            if (!a || !b)
                return false;
        } else if (*a != *b) {
            return false;
        }
        a++;
        b++;
    }
    return *a == *b;
}

/* The spec's operation for a route; NULL when it has none. */
static const cJSON *spec_op(const cJSON *paths, const struct route *rt)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, paths) {
        if (!same_path(item->string, rt->pattern))
            continue;
        char method[16];
        size_t i = 0;
        for (; rt->method[i] && i + 1 < sizeof method; i++)
            method[i] = (char)(rt->method[i] | 0x20);
        method[i] = '\0';
        return cJSON_GetObjectItemCaseSensitive(item, method);
    }
    return NULL;
}

/* /docs says who may call each route, as the route table enforces it:
 * x-access on every operation, and a 403 documented where the admin
 * group is needed. */
START_TEST(every_route_says_who_may_call_it)
{
    static const char *const names[] = {
        [ROUTE_PUBLIC] = "public", [ROUTE_USER] = "user",
        [ROUTE_ADMIN] = "admin"};
    struct http_resp r;
    http_call(&srv, "GET", "/docs/spec", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    const cJSON *paths = jpath(r.json, "paths");
    int routes = 0, ops = 0;
    for (const struct route *rt = ROUTES; rt->method; rt++, routes++) {
        const cJSON *op = spec_op(paths, rt);
        ck_assert_msg(op != NULL, "%s %s is not documented", rt->method,
                      rt->pattern);
        const char *access = jstr(op, "x-access");
        ck_assert_msg(access && !strcmp(access, names[rt->auth]),
                      "%s %s: x-access is %s, the route is %s", rt->method,
                      rt->pattern, access ? access : "missing",
                      names[rt->auth]);
        if (rt->auth == ROUTE_ADMIN)
            ck_assert_msg(jpath(op, "responses.403") != NULL,
                          "%s %s: no 403 documented", rt->method,
                          rt->pattern);
        if (rt->auth != ROUTE_PUBLIC)
            ck_assert_msg(jpath(op, "responses.401") != NULL,
                          "%s %s: no 401 documented", rt->method,
                          rt->pattern);
    }
    /* And nothing documented that the server does not answer. */
    const cJSON *item, *op;
    cJSON_ArrayForEach(item, paths) {
        cJSON_ArrayForEach(op, item) {
            if (strcmp(op->string, "parameters") != 0)
                ops++;
        }
    }
    ck_assert_int_eq(ops, routes);
    /* The product writes in particular (issue 10). */
    ck_assert_str_eq(jstr(r.json, "paths./products.post.x-access"), "admin");
    ck_assert_str_eq(jstr(r.json, "paths./products.get.x-access"), "user");
    http_resp_free(&r);
}
END_TEST

START_TEST(bad_config_is_refused_with_file_and_line)
{
    char conf[] = "/tmp/inventui-badconf-XXXXXX";
    int fd = mkstemp(conf);
    ck_assert_int_ge(fd, 0);
    const char *text = "[server]\nlisten = 127.0.0.1:0\nthreads = lots\n"
                       "[nope]\nx = 1\n[auth]\ncolour = blue\n"
                       "jwks_url = ftp://keys.example.com/jwks.json\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char *out = NULL;
    int rc = testsrv_cli(NULL, &out, "serve", "--config", conf, "--data-dir",
                         "/tmp/inventui-never-created", (char *)NULL);
    unlink(conf);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(out, ":3: [server] threads must be a whole number"), "%s", out);
    ck_assert_msg(strstr(out, ":5: unknown section [nope]"), "%s", out);
    ck_assert_msg(strstr(out, ":7: unknown key \"colour\" in [auth]"), "%s", out);
    ck_assert_msg(strstr(out, ":8: [auth] jwks_url must be an http:// or "
                              "https:// URL"), "%s", out);
    free(out);
}
END_TEST

Suite *suite_meta(void)
{
    Suite *s = suite_create("meta");
    TCase *tc = tcase_create("routes");
    tcase_add_unchecked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, health_has_envelope_and_request_id);
    tcase_add_test(tc, unknown_route_is_404);
    tcase_add_test(tc, wrong_method_is_405_with_allow);
    tcase_add_test(tc, preflight_is_204);
    tcase_add_test(tc, two_mebibyte_body_is_413);
    tcase_add_test(tc, early_refusal_has_cors_headers);
    tcase_add_test(tc, config_names_the_pool);
    tcase_add_test(tc, jwks_serves_the_rsa_key);
    tcase_add_test(tc, docs_and_spec_are_served);
    tcase_add_test(tc, every_route_says_who_may_call_it);
    suite_add_tcase(s, tc);
    TCase *cfg = tcase_create("config");
    tcase_add_test(cfg, bad_config_is_refused_with_file_and_line);
    suite_add_tcase(s, cfg);
    return s;
}
