/* The client's offline cache against a real `inventui serve` that is then
 * stopped: cached reads only with --offline-ok and always with a note,
 * writes refused, file modes, a corrupt or foreign cache file moved aside,
 * and one user's (or API's) cache never shown to another. */
#include <check.h>
#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/api.h"
#include "client/session.h"
#include "common/fsutil.h"
#include "integration/suites.h"
#include "support/testsrv.h"

static struct testsrv srv;
static char cache_dir[420];
static const char PW[] = "Passw0rdX";
static const char EMAIL[] = "ops@example.com";
static const char OTHER[] = "clerk@example.com";

static void up(void)
{
    testsrv_start(&srv, NULL);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/xdg-cache", srv.dir);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(cache_dir, sizeof cache_dir, "%s/inventui", dir);
    snprintf(dir, sizeof dir, "%s/xdg-config", srv.dir);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
}
static void down(void) { testsrv_stop(&srv); }

#define CLI(in, out, ...) \
    testsrv_cli(in, out, "--api", srv.base, __VA_ARGS__, (char *)NULL)

static void login_as(const char *email)
{
    char *out = NULL;
    char in[64];
    snprintf(in, sizeof in, "%s\n", PW);
    int rc = CLI(in, &out, "login", "--username", email, "--password-stdin");
    ck_assert_msg(rc == 0, "login: %d %s", rc, out);
    free(out);
}

static char *seed_product(const char *token, const char *name, const char *sku)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"A product for the cache "
             "tests\",\"category\":\"books\",\"price\":2500,\"quantity\":7,"
             "\"sku\":\"%s\"}",
             name, sku);
    struct http_resp r;
    http_call(&srv, "POST", "/products", token, body, &r, NULL);
    ck_assert_msg(r.status == 201, "seed: %ld %s", r.status, r.body);
    char *id = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    return id;
}

static int count_glob(const char *pattern)
{
    glob_t g;
    int n = glob(pattern, 0, NULL, &g) == 0 ? (int)g.gl_pathc : 0;
    globfree(&g);
    return n;
}

static char *session_copy(void)
{
    char *path = session_path(cache_dir, srv.base);
    char *text = fs_read_all(path, NULL);
    ck_assert_ptr_nonnull(text);
    free(path);
    return text;
}

static void session_put(const char *api_url, const char *text)
{
    char *path = session_path(cache_dir, api_url);
    ck_assert_int_eq(fs_write_private(path, text, strlen(text)), 0);
    free(path);
}

START_TEST(offline_reads_need_the_flag_and_say_so)
{
    char *token = testsrv_user_token(&srv, EMAIL, PW, "admin");
    char *a = seed_product(token, "Cached Atlas", "CA-1");
    char *b = seed_product(token, "Cached Bible", "CB-1");
    free(token);
    login_as(EMAIL);
    char *out = NULL;
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    ck_assert_ptr_null(strstr(out, "cached at"));
    free(out);

    char db[500];
    snprintf(db, sizeof db, "%s/cache.db", cache_dir);
    struct stat st;
    ck_assert_int_eq(stat(db, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(stat(cache_dir, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);

    testsrv_stop_keep(&srv);
    /* Scripts never get stale data unless they ask for it. */
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 4);
    ck_assert_ptr_null(strstr(out, "Cached Atlas"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--offline-ok"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Cached Atlas"));
    ck_assert_ptr_nonnull(strstr(out, "Cached Bible"));
    ck_assert_ptr_nonnull(strstr(out, "inventui: the API cannot be reached; "
                                      "showing data cached at "));
    ck_assert_ptr_nonnull(strstr(out, "second"));
    ck_assert_ptr_nonnull(strstr(out, " ago)"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "--offline-ok", "--json", "products",
                         "list"), 0);
    cJSON *j = cJSON_Parse(strchr(out, '['));
    ck_assert_msg(cJSON_IsArray(j), "%s", out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 2);
    ck_assert_str_eq(jstr(j, "0.id"), b);
    cJSON_Delete(j);
    free(out);

    /* A session due for renewal cannot be renewed offline: still the
     * cache, for the same user. */
    setenv("INVENTUI_REFRESH_MARGIN", "100000", 1);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--offline-ok"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Cached Atlas"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 4);
    free(out);
    unsetenv("INVENTUI_REFRESH_MARGIN");

    /* Only ever seen in the list. */
    ck_assert_int_eq(CLI(NULL, &out, "products", "get", a, "--offline-ok"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Cached Atlas"));
    ck_assert_ptr_nonnull(strstr(out, "$25.00"));
    ck_assert_ptr_nonnull(strstr(out, "showing data cached at"));
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "get", a), 4);
    free(out);
    ck_assert_int_eq(CLI(NULL, &out, "products", "get",
                         "00000000-0000-4000-8000-000000000000",
                         "--offline-ok"), 4);
    /* Never fetched: said so, not "too old". */
    ck_assert_msg(strstr(out, "this was never fetched while the API could be "
                              "reached, so nothing is cached for it") != NULL,
                  "%s", out);
    free(out);
    /* A query never fetched is not made up from others. */
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--search", "atl",
                         "--offline-ok"), 4);
    ck_assert_msg(strstr(out, "never fetched") != NULL, "%s", out);
    free(out);

    /* Older than [cache] max_age: not served. */
    char conf[400];
    snprintf(conf, sizeof conf, "%s/maxage.conf", srv.dir);
    const char text[] = "[cache]\nmax_age = 0\n";
    ck_assert_int_eq(fs_write_private(conf, text, strlen(text)), 0);
    ck_assert_int_eq(CLI(NULL, &out, "--config", conf, "products", "list",
                         "--offline-ok"), 4);
    ck_assert_msg(strstr(out, "showing cached data is off: [cache] max_age "
                              "is 0") != NULL,
                  "%s", out);
    free(out);
    free(a);
    free(b);
}
END_TEST

START_TEST(offline_writes_are_refused)
{
    char *token = testsrv_user_token(&srv, EMAIL, PW, "admin");
    free(seed_product(token, "Only Product", "OP-1"));
    free(token);
    login_as(EMAIL);
    testsrv_stop_keep(&srv);

    struct client_config cfg;
    client_config_defaults(&cfg);
    snprintf(cfg.api_url, sizeof cfg.api_url, "%s", srv.base);
    cfg.offline_ok = true;
    struct api a;
    char *err = NULL;
    ck_assert_int_eq(api_open(&a, &cfg, &err), 0);
    struct api_result res;
    api_call(&a, "POST", "/products",
             "{\"name\":\"Ghost\",\"description\":\"never to be made\","
             "\"category\":\"books\",\"price\":1,\"quantity\":1,"
             "\"sku\":\"GH-1\"}",
             &res);
    ck_assert_int_eq(res.rc, API_UNREACHABLE);
    ck_assert_ptr_nonnull(strstr(res.message, "the API cannot be reached; "
                                              "nothing was changed"));
    api_result_free(&res);
    api_call(&a, "DELETE", "/products/00000000-0000-4000-8000-000000000000",
             NULL, &res);
    ck_assert_int_eq(res.rc, API_UNREACHABLE);
    ck_assert_ptr_nonnull(strstr(res.message, "nothing was changed"));
    api_result_free(&res);
    api_close(&a);

    /* The same from the command line, --offline-ok or not: exit 4. */
    char *msg = NULL;
    ck_assert_int_eq(CLI(NULL, &msg, "--offline-ok", "products", "create",
                         "--name", "Ghost", "--description", "never to be made",
                         "--category", "books", "--price", "0.01",
                         "--quantity", "1", "--sku", "GH-2"), 4);
    ck_assert_msg(strstr(msg, "nothing was changed") != NULL, "%s", msg);
    free(msg);
    ck_assert_int_eq(CLI(NULL, &msg, "--offline-ok", "orders", "cancel",
                         "00000000-0000-4000-8000-000000000000", "--yes"), 4);
    ck_assert_msg(strstr(msg, "nothing was changed") != NULL, "%s", msg);
    free(msg);

    /* Nothing was kept to send later: back online, still one product, and
     * the next online command sends nothing of its own. */
    testsrv_restart(&srv);
    login_as(EMAIL);
    char *out = NULL;
    ck_assert_int_eq(CLI(NULL, &out, "--json", "products", "list"), 0);
    cJSON *j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 1);
    ck_assert_str_eq(jstr(j, "0.name"), "Only Product");
    cJSON_Delete(j);
    free(out);
}
END_TEST

START_TEST(a_corrupt_cache_is_moved_aside)
{
    free(testsrv_user_token(&srv, EMAIL, PW, NULL));
    login_as(EMAIL);
    char *out = NULL;
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    free(out);
    char db[500], pattern[520];
    snprintf(db, sizeof db, "%s/cache.db", cache_dir);
    snprintf(pattern, sizeof pattern, "%s.corrupt-*", db);

    const char garbage[] = "this is not a database, not even close......"
                           "................................................";
    ck_assert_int_eq(fs_write_private(db, garbage, sizeof garbage), 0);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    ck_assert_ptr_nonnull(strstr(out, "warning: the offline cache"));
    ck_assert_ptr_nonnull(strstr(out, "moved it to"));
    ck_assert_ptr_nonnull(strstr(out, "NAME"));
    free(out);
    ck_assert_int_eq(count_glob(pattern), 1);
    /* Rebuilt: the next run is quiet and the cache works again. */
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    ck_assert_ptr_null(strstr(out, "warning"));
    free(out);
    struct stat st;
    ck_assert_int_eq(stat(db, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);

    /* A database of a schema version this client does not know. */
    ck_assert_int_eq(unlink(db), 0);
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE t (x); "
                                     "PRAGMA user_version = 99;",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    ck_assert_ptr_nonnull(strstr(out, "moved it to"));
    free(out);
    ck_assert_int_eq(count_glob(pattern), 2);
    testsrv_stop_keep(&srv);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--offline-ok"), 0);
    ck_assert_ptr_nonnull(strstr(out, "showing data cached at"));
    free(out);
}
END_TEST

START_TEST(no_one_sees_another_users_or_apis_cache)
{
    char *token = testsrv_user_token(&srv, EMAIL, PW, "admin");
    free(seed_product(token, "Private Stock", "PS-1"));
    free(token);
    free(testsrv_user_token(&srv, OTHER, PW, NULL));
    login_as(EMAIL);
    char *out = NULL;
    ck_assert_int_eq(CLI(NULL, &out, "products", "list"), 0);
    free(out);
    char *first = session_copy();
    login_as(OTHER); /* replaces the session for this API */
    testsrv_stop_keep(&srv);

    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--offline-ok"), 4);
    ck_assert_ptr_null(strstr(out, "Private Stock"));
    free(out);
    /* The first user's session, for another API URL: still nothing. */
    session_put("http://127.0.0.1:1", first);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "--api", "http://127.0.0.1:1",
                                 "products", "list", "--offline-ok",
                                 (char *)NULL), 4);
    ck_assert_ptr_null(strstr(out, "Private Stock"));
    free(out);
    /* And the first user on the first API sees their own. */
    session_put(srv.base, first);
    ck_assert_int_eq(CLI(NULL, &out, "products", "list", "--offline-ok"), 0);
    ck_assert_ptr_nonnull(strstr(out, "Private Stock"));
    free(out);
    free(first);
}
END_TEST

Suite *suite_offline(void)
{
    Suite *s = suite_create("offline");
    TCase *tc = tcase_create("offline");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, offline_reads_need_the_flag_and_say_so);
    tcase_add_test(tc, offline_writes_are_refused);
    tcase_add_test(tc, a_corrupt_cache_is_moved_aside);
    tcase_add_test(tc, no_one_sees_another_users_or_apis_cache);
    suite_add_tcase(s, tc);
    return s;
}
