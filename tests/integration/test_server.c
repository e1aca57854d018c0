/* The server process itself: start-up errors, file modes, the schema
 * version guard, log lines, shutdown. */
#include <check.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "integration/suites.h"
#include "support/testsrv.h"

static int file_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (int)(st.st_mode & 0777);
}

/* The server makes its key on a first start, private from the first byte. */
START_TEST(secret_files_are_private)
{
    struct testsrv s;
    testsrv_start_new_key(&s, NULL);
    char p[400];
    snprintf(p, sizeof p, "%s/data/keys/signing.pem", s.dir);
    ck_assert_int_eq(file_mode(p), 0600);
    snprintf(p, sizeof p, "%s/data/inventory.db", s.dir);
    ck_assert_int_eq(file_mode(p), 0600);
    snprintf(p, sizeof p, "%s/data", s.dir);
    ck_assert_int_eq(file_mode(p), 0700);
    testsrv_stop(&s);
}
END_TEST

START_TEST(ids_and_key_survive_a_restart)
{
    struct testsrv s;
    testsrv_start_new_key(&s, NULL);
    char pool[64], client[64], path[128];
    snprintf(pool, sizeof pool, "%s", s.pool_id);
    snprintf(client, sizeof client, "%s", s.client_id);
    snprintf(path, sizeof path, "/%s/.well-known/jwks.json", s.pool_id);
    struct http_resp r;
    http_call(&s, "GET", path, NULL, NULL, &r, NULL);
    char *kid = strdup(jstr(r.json, "keys.0.kid"));
    http_resp_free(&r);

    testsrv_restart(&s);
    ck_assert_str_eq(s.pool_id, pool);
    ck_assert_str_eq(s.client_id, client);
    http_call(&s, "GET", path, NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "keys.0.kid"), kid);
    http_resp_free(&r);
    free(kid);
    testsrv_stop(&s);
}
END_TEST

/* A data dir written by a newer inventui is refused, not damaged. */
START_TEST(newer_schema_is_refused)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    testsrv_stop_keep(&s);
    char db[400], data[300];
    snprintf(data, sizeof data, "%s/data", s.dir);
    snprintf(db, sizeof db, "%s/inventory.db", data);
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    char *out = NULL;
    int rc = testsrv_cli(NULL, &out, "serve", "--listen", "127.0.0.1:0",
                         "--data-dir", data, (char *)NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(out, "schema version 99") != NULL, "%s", out);
    free(out);
    testsrv_stop(&s);
}
END_TEST

START_TEST(bad_flags_and_busy_port_are_clear_errors)
{
    char *out = NULL;
    ck_assert_int_eq(testsrv_cli(NULL, &out, "serve", "--bogus", (char *)NULL), 2);
    ck_assert_ptr_nonnull(strstr(out, "usage: inventui serve"));
    free(out);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "serve", "--listen", "nonsense", (char *)NULL), 2);
    ck_assert_msg(strstr(out, "is not ADDR:PORT") != NULL, "%s", out);
    free(out);

    /* A file shared with the client: its sections are not the server's
     * business, so it starts. */
    struct testsrv s;
    testsrv_start(&s, "[api]\nurl = http://127.0.0.1:1\n[ui]\ntheme = dark\n");
    char listen[64], data[300];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", s.port);
    snprintf(data, sizeof data, "%s/other", s.dir);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "serve", "--listen", listen,
                                 "--data-dir", data, (char *)NULL), 1);
    ck_assert_msg(strstr(out, "cannot listen on 127.0.0.1") != NULL, "%s", out);
    free(out);
    testsrv_stop(&s);
}
END_TEST

/* One JSON line per request, with the fields operators filter on. */
START_TEST(each_request_logs_one_json_line)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    struct http_resp r;
    http_call(&s, "GET", "/health", NULL, NULL, &r, NULL);
    char *rid = http_header(&r, "X-Request-Id");
    http_resp_free(&r);
    testsrv_stop_keep(&s);
    char log[400];
    snprintf(log, sizeof log, "%s/server.log", s.dir);
    FILE *fp = fopen(log, "r");
    ck_assert_ptr_nonnull(fp);
    char line[4096];
    int found = 0;
    while (fgets(line, sizeof line, fp)) {
        cJSON *j = cJSON_Parse(line);
        ck_assert_msg(j != NULL, "not JSON: %s", line);
        ck_assert_ptr_nonnull(jstr(j, "timestamp"));
        ck_assert_ptr_nonnull(jstr(j, "level"));
        const char *id = jstr(j, "requestId");
        if (id && strcmp(id, rid) == 0) {
            found++;
            ck_assert_str_eq(jstr(j, "method"), "GET");
            ck_assert_str_eq(jstr(j, "path"), "/health");
            ck_assert_int_eq((int)jnum(j, "status"), 200);
            ck_assert(jnum(j, "durationMs") >= 0);
            ck_assert(cJSON_IsNull(jpath(j, "userId")));
        }
        cJSON_Delete(j);
    }
    fclose(fp);
    ck_assert_int_eq(found, 1);
    free(rid);
    testsrv_stop(&s);
}
END_TEST

/* A user over the per-user rate gets 429 with Retry-After; another user
 * and the public routes are not held back. */
START_TEST(a_runaway_user_is_rate_limited)
{
    struct testsrv s;
    testsrv_start(&s, "[server]\nrate_limit = 0.5\nrate_burst = 3\n");
    char *a = testsrv_user_token(&s, "a@example.com", "Passw0rdX", NULL);
    char *b = testsrv_user_token(&s, "b@example.com", "Passw0rdX", NULL);
    struct http_resp r;
    for (int i = 0; i < 3; i++) {
        http_call(&s, "GET", "/products", a, NULL, &r, NULL);
        ck_assert_int_eq(r.status, 200);
        http_resp_free(&r);
    }
    http_call(&s, "GET", "/products", a, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 429);
    ck_assert_str_eq(jstr(r.json, "error.code"), "TOO_MANY_REQUESTS");
    char *after = http_header(&r, "Retry-After");
    ck_assert_ptr_nonnull(after);
    ck_assert_int_eq(atoi(after), 2); /* one token at 0.5/s */
    free(after);
    http_resp_free(&r);
    http_call(&s, "GET", "/products", b, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    http_call(&s, "GET", "/health", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    free(a);
    free(b);
    testsrv_stop(&s);
}
END_TEST

Suite *suite_server(void)
{
    Suite *s = suite_create("server");
    TCase *tc = tcase_create("process");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, secret_files_are_private);
    tcase_add_test(tc, ids_and_key_survive_a_restart);
    tcase_add_test(tc, newer_schema_is_refused);
    tcase_add_test(tc, bad_flags_and_busy_port_are_clear_errors);
    tcase_add_test(tc, each_request_logs_one_json_line);
    tcase_add_test(tc, a_runaway_user_is_rate_limited);
    suite_add_tcase(s, tc);
    return s;
}
