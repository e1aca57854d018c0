/* The client's command line and HTTP layer against a real `inventui
 * serve`: sign-in, session file, refresh, sign-out, products, exit codes,
 * and the asynchronous requests with retries. */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client/http.h"
#include "common/fsutil.h"
#include "integration/suites.h"
#include "support/testsrv.h"

static struct testsrv srv;
static char data[300];
static const char PW[] = "Passw0rdX";
static const char EMAIL[] = "ops@example.com";

static void env_for(const struct testsrv *s)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/xdg-cache", s->dir);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/xdg-config", s->dir);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    snprintf(data, sizeof data, "%s/data", s->dir);
}

static void up(void)
{
    testsrv_start(&srv, "[auth]\ntoken_lifetime = 300\n");
    env_for(&srv);
}
static void down(void) { testsrv_stop(&srv); }

/* Runs `inventui --api BASE ARGS…`; returns the exit status. */
#define CLI(in, out, ...) \
    testsrv_cli(in, out, "--api", srv.base, __VA_ARGS__, (char *)NULL)

/* The one session file in the test's cache dir, malloc'd. */
static char *session_file(void)
{
    char pattern[400];
    snprintf(pattern, sizeof pattern, "%s/xdg-cache/inventui/session-*.json",
             srv.dir);
    glob_t g;
    ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
    ck_assert_uint_eq(g.gl_pathc, 1);
    char *p = strdup(g.gl_pathv[0]);
    globfree(&g);
    return p;
}

static char *id_token_in_session(void)
{
    char *path = session_file();
    char *text = fs_read_all(path, NULL);
    cJSON *j = cJSON_Parse(text);
    char *tok = strdup(cJSON_GetObjectItem(j, "idToken")->valuestring);
    cJSON_Delete(j);
    free(text);
    free(path);
    return tok;
}

static void login_ok(void)
{
    char *out = NULL;
    char in[64];
    snprintf(in, sizeof in, "%s\n", PW);
    int rc = CLI(in, &out, "login", "--username", EMAIL, "--password-stdin");
    ck_assert_msg(rc == 0, "login: %d %s", rc, out);
    free(out);
}

static char *seed_product(const char *token, const char *name, const char *sku,
                          long price)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"A product for the CLI tests\","
             "\"category\":\"electronics\",\"price\":%ld,\"quantity\":5,"
             "\"sku\":\"%s\"}",
             name, price, sku);
    struct http_resp r;
    http_call(&srv, "POST", "/products", token, body, &r, NULL);
    ck_assert_msg(r.status == 201, "seed: %ld %s", r.status, r.body);
    char *id = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    return id;
}

START_TEST(login_wrong_then_right_whoami_logout)
{
    free(testsrv_user_token(&srv, EMAIL, PW, NULL));
    char *out = NULL;
    ck_assert_int_eq(CLI("Wr0ngPassword\n", &out, "login", "--username", EMAIL,
                         "--password-stdin"), 3);
    ck_assert_ptr_nonnull(strstr(out, "wrong email or password"));
    ck_assert_ptr_null(strstr(out, "Wr0ngPassword"));
    free(out);

    char in[64];
    snprintf(in, sizeof in, "%s\n", PW);
    ck_assert_int_eq(CLI(in, &out, "login", "--username", EMAIL,
                         "--password-stdin"), 0);
    ck_assert_ptr_nonnull(strstr(out, "signed in as ops@example.com"));
    ck_assert_ptr_null(strstr(out, "eyJ")); /* no token printed */
    free(out);

    char *path = session_file();
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);

    ck_assert_int_eq(CLI(NULL, &out, "whoami"), 0);
    ck_assert_ptr_nonnull(strstr(out, "email:   ops@example.com"));
    ck_assert_ptr_nonnull(strstr(out, "valid until:"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "whoami", "--json"), 0);
    cJSON *j = cJSON_Parse(out);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(jstr(j, "email"), EMAIL);
    cJSON_Delete(j);
    free(out);

    /* A session file others can read is refused. */
    ck_assert_int_eq(chmod(path, 0644), 0);
    ck_assert_int_eq(CLI(NULL, &out, "whoami"), 3);
    ck_assert_ptr_nonnull(strstr(out, "readable by group or others"));
    free(out);
    ck_assert_int_eq(chmod(path, 0600), 0);

    ck_assert_int_eq(CLI(NULL, &out, "logout"), 0);
    ck_assert_ptr_nonnull(strstr(out, "signed out"));
    ck_assert_ptr_null(strstr(out, "warning"));
    free(out);
    ck_assert_int_ne(stat(path, &st), 0);
    free(path);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 3);
    ck_assert_ptr_nonnull(strstr(out, "not signed in"));
    free(out);
}
END_TEST

START_TEST(temporary_password_needs_a_new_one)
{
    char *out = NULL;
    int rc = testsrv_cli("Temp0rary1\n", &out, "user", "add", EMAIL,
                         "--password-stdin", "--temporary", "--data-dir", data,
                         (char *)NULL);
    ck_assert_msg(rc == 0, "user add: %s", out);
    free(out);
    ck_assert_int_eq(CLI("Temp0rary1\n", &out, "login", "--username", EMAIL,
                         "--password-stdin"), 3);
    ck_assert_ptr_nonnull(strstr(out, "a new password is required"));
    free(out);
    /* A new password the policy refuses. */
    ck_assert_int_eq(CLI("Temp0rary1\nweak\n", &out, "login", "--username",
                         EMAIL, "--password-stdin"), 3);
    ck_assert_ptr_nonnull(strstr(out, "password policy"));
    free(out);
    ck_assert_int_eq(CLI("Temp0rary1\nN3wPassword\n", &out, "login",
                         "--username", EMAIL, "--password-stdin"), 0);
    ck_assert_ptr_nonnull(strstr(out, "signed in as"));
    free(out);
    ck_assert_int_eq(CLI("N3wPassword\n", &out, "login", "--username", EMAIL,
                         "--password-stdin"), 0);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "whoami"), 0);
    free(out);
}
END_TEST

START_TEST(products_list_and_get)
{
    /* An admin stocks the shop; a customer reads it. */
    char *token = testsrv_user_token(&srv, "stock@example.com", PW, "admin");
    char *a = seed_product(token, "Blue Widget", "BW-1", 1234);
    char *b = seed_product(token, "Red Gadget", "RG-1", 99900);
    char *c = seed_product(token, "Green Gizmo", "GG-1", 5);
    free(token);
    free(testsrv_user_token(&srv, EMAIL, PW, NULL));
    login_ok();

    char *out = NULL;
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    ck_assert_ptr_nonnull(strstr(out, "NAME"));
    ck_assert_ptr_nonnull(strstr(out, "Blue Widget"));
    ck_assert_ptr_nonnull(strstr(out, "$12.34"));
    ck_assert_ptr_nonnull(strstr(out, "$999.00"));
    ck_assert_ptr_nonnull(strstr(out, "$0.05"));
    ck_assert_ptr_nonnull(strstr(out, a));
    free(out);

    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--json"), 0);
    cJSON *j = cJSON_Parse(out);
    ck_assert_msg(cJSON_IsArray(j), "not an array: %s", out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    ck_assert_str_eq(jstr(j, "0.name"), "Green Gizmo"); /* newest first */
    ck_assert_int_eq((int)jnum(j, "2.price"), 1234);
    cJSON_Delete(j);
    free(out);

    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--limit", "2",
                         "--json"), 0);
    /* The hint goes to stderr, which comes first in the merged output. */
    j = cJSON_Parse(strchr(out, '['));
    ck_assert_int_eq(cJSON_GetArraySize(j), 2);
    cJSON_Delete(j);
    ck_assert_ptr_nonnull(strstr(out, "more products"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "--json", "products", "list", "--limit",
                         "1", "--all"), 0);
    j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    cJSON_Delete(j);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--search", "gad",
                         "--json"), 0);
    j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 1);
    ck_assert_str_eq(jstr(j, "0.id"), b);
    cJSON_Delete(j);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--limit", "0"), 2);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--category",
                         "spaceships"), 1);
    ck_assert_ptr_nonnull(strstr(out, "category"));
    free(out);

    ck_assert_int_eq(CLI(NULL, &out, "products", "get", c), 0);
    ck_assert_ptr_nonnull(strstr(out, "Green Gizmo"));
    ck_assert_ptr_nonnull(strstr(out, "$0.05"));
    ck_assert_ptr_nonnull(strstr(out, "5 (low stock)"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "get", a, "--json"), 0);
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "id"), a);
    ck_assert_str_eq(jstr(j, "sku"), "BW-1");
    cJSON_Delete(j);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "get",
                         "00000000-0000-4000-8000-000000000000"), 1);
    ck_assert_ptr_nonnull(strstr(out, "NOT_FOUND"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "get"), 2);
    free(out);
    free(a);
    free(b);
    free(c);
}
END_TEST

START_TEST(refresh_before_expiry_and_after_401)
{
    free(testsrv_user_token(&srv, EMAIL, PW, NULL));
    login_ok();
    char *first = id_token_in_session();
    char *out = NULL;
    /* 300 s tokens are not within the default 60 s margin: kept. */
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    free(out);
    char *same = id_token_in_session();
    ck_assert_str_eq(same, first);
    free(same);

    /* Within the margin: renewed silently before the call. */
    setenv("INVENTUI_REFRESH_MARGIN", "400", 1);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    free(out);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    char *second = id_token_in_session();
    ck_assert_str_ne(second, first);

    /* A token the API refuses although its exp is fine: renewed once
     * after the 401, and the command still succeeds. */
    char *path = session_file();
    char *text = fs_read_all(path, NULL);
    cJSON *j = cJSON_Parse(text);
    free(text);
    char *bad = strdup(second);
    size_t n = strlen(bad);
    bad[n - 3] = bad[n - 3] == 'A' ? 'B' : 'A';
    cJSON_ReplaceItemInObject(j, "idToken", cJSON_CreateString(bad));
    text = cJSON_Print(j);
    ck_assert_int_eq(fs_write_private(path, text, strlen(text)), 0);
    free(text);
    cJSON_Delete(j);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    free(out);
    char *third = id_token_in_session();
    ck_assert_str_ne(third, bad);
    ck_assert_str_ne(third, second);
    free(third);
    free(bad);
    free(path);
    free(first);
    free(second);
}
END_TEST

START_TEST(unreachable_api_and_logout_offline)
{
    char *out = NULL;
    ck_assert_int_eq(testsrv_cli(NULL, &out, "--api", "http://127.0.0.1:1",
                                 "health", (char *)NULL), 4);
    ck_assert_ptr_nonnull(strstr(out, "cannot reach"));
    free(out);
    ck_assert_int_eq(testsrv_cli("x\n", &out, "--api", "http://127.0.0.1:1",
                                 "login", "--username", EMAIL,
                                 "--password-stdin", (char *)NULL), 4);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "health"), 0);
    ck_assert_ptr_nonnull(strstr(out, "healthy"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "health", "--json"), 0);
    cJSON *j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "status"), "healthy");
    cJSON_Delete(j);
    free(out);

    free(testsrv_user_token(&srv, EMAIL, PW, NULL));
    login_ok();
    char *path = session_file();
    testsrv_stop_keep(&srv);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 4);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "logout"), 0);
    ck_assert_ptr_nonnull(strstr(out, "warning"));
    free(out);
    struct stat st;
    ck_assert_int_ne(stat(path, &st), 0);
    free(path);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
    char *out = NULL;
    ck_assert_int_eq(testsrv_cli(NULL, &out, "whoami", (char *)NULL), 2);
    ck_assert_ptr_nonnull(strstr(out, "no API URL"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "login"), 2);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "frobnicate"), 2);
    free(out);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "products", "--help",
                                 (char *)NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: inventui products list"));
    free(out);
    char cfg[400];
    snprintf(cfg, sizeof cfg, "%s/nope.conf", srv.dir);
    ck_assert_int_eq(CLI(NULL, &out, "--config", cfg, "health"), 2);
    free(out);
    /* Each problem of a bad file on a line of its own, with its line. */
    snprintf(cfg, sizeof cfg, "%s/bad.conf", srv.dir);
    FILE *fp = fopen(cfg, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("[api]\nurl = gopher://old.example.com\ncolour = red\n", fp);
    fclose(fp);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "--config", cfg, "health",
                                 (char *)NULL), 2);
    ck_assert_msg(strstr(out, "bad.conf:2: [api] url must be an http:// or "
                              "https:// URL with a host (got "
                              "\"gopher://old.example.com\")\n"), "%s", out);
    ck_assert_msg(strstr(out, "bad.conf:3: unknown key \"colour\" in [api]\n"),
                  "%s", out);
    free(out);
    /* A flag is checked like the file. */
    ck_assert_int_eq(testsrv_cli(NULL, &out, "--api", "ftp://example.com",
                                 "health", (char *)NULL), 2);
    ck_assert_msg(strstr(out, "--api: [api] url must be an http:// or"), "%s",
                  out);
    free(out);
}
END_TEST

struct done {
    int calls;
    long status;
    int attempts;
};

static void on_done(struct http_response *r, void *user)
{
    struct done *d = user;
    d->calls++;
    d->status = r->status;
    d->attempts = r->attempts;
}

START_TEST(async_requests_and_retries)
{
    char url[128];
    snprintf(url, sizeof url, "%s/health", srv.base);
    struct http_client *c = http_client_new();
    struct done d1 = {0}, d2 = {0}, d3 = {0};
    struct http_request rq = {.method = "GET", .url = url};
    http_start(c, &rq, on_done, &d1);
    http_start(c, &rq, on_done, &d2);
    struct http_job *j3 = http_start(c, &rq, on_done, &d3);
    ck_assert_int_eq(http_client_pending(c), 3);
    http_cancel(c, j3);
    int loops = 0;
    while (http_client_run(c, 100) > 0)
        ck_assert_int_lt(++loops, 1000);
    ck_assert_int_eq(d1.calls, 1);
    ck_assert_int_eq(d2.calls, 1);
    ck_assert_int_eq(d3.calls, 0);
    ck_assert_int_eq(d1.status, 200);
    ck_assert_int_eq(d2.status, 200);
    http_client_free(c);

    /* Network errors: GET retries, a POST only with an Idempotency-Key. */
    struct http_retry retry = {.max_attempts = 3, .base_ms = 1,
                               .max_delay_ms = 10, .max_total_ms = 1000};
    struct http_request dead = {.method = "GET", .url = "http://127.0.0.1:1/",
                                .retry = &retry};
    struct http_response r;
    ck_assert_int_eq(http_fetch(&dead, &r), -1);
    ck_assert_int_eq(r.attempts, 3);
    ck_assert_ptr_nonnull(r.error);
    http_response_free(&r);
    dead.method = "POST";
    ck_assert_int_eq(http_fetch(&dead, &r), -1);
    ck_assert_int_eq(r.attempts, 1);
    http_response_free(&r);
    const char *key[] = {"Idempotency-Key: 4b1c", NULL};
    dead.headers = key;
    ck_assert_int_eq(http_fetch(&dead, &r), -1);
    ck_assert_int_eq(r.attempts, 3);
    http_response_free(&r);
    /* A 4xx is an answer, not retried. */
    snprintf(url, sizeof url, "%s/products", srv.base);
    struct http_request four = {.method = "GET", .url = url, .retry = &retry};
    ck_assert_int_eq(http_fetch(&four, &r), 0);
    ck_assert_int_eq(r.status, 401);
    ck_assert_int_eq(r.attempts, 1);
    char *rid = http_response_header(&r, "x-request-id");
    ck_assert_ptr_nonnull(rid);
    free(rid);
    http_response_free(&r);
}
END_TEST

Suite *suite_cli(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, login_wrong_then_right_whoami_logout);
    tcase_add_test(tc, temporary_password_needs_a_new_one);
    tcase_add_test(tc, products_list_and_get);
    tcase_add_test(tc, refresh_before_expiry_and_after_401);
    tcase_add_test(tc, unreachable_api_and_logout_offline);
    tcase_add_test(tc, usage_errors_exit_2);
    tcase_add_test(tc, async_requests_and_retries);
    suite_add_tcase(s, tc);
    return s;
}
