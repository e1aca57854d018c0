/* The command line never hangs and never misleads: one deadline per
 * command against a server that accepts and never answers; limits said in
 * dollars and in their real range; throttling says how long to wait; a
 * URL that is not the API's is said to be probably wrong; with --json the
 * errors are one JSON object on stderr, with the same exit codes. Against
 * a real `inventui serve`, the scripted fake and a stalled port. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fsutil.h"
#include "common/timeutil.h"
#include "integration/suites.h"
#include "support/fakeapi.h"
#include "support/stall.h"
#include "support/testsrv.h"

static struct testsrv srv;
static const char PW[] = "Passw0rdX";
static char conf[400]; /* [api] timeout = 2 */

static void env_for(const char *dir)
{
    char path[400];
    snprintf(path, sizeof path, "%s/xdg-cache", dir);
    setenv("XDG_CACHE_HOME", path, 1);
    snprintf(path, sizeof path, "%s/xdg-config", dir);
    setenv("XDG_CONFIG_HOME", path, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    snprintf(conf, sizeof conf, "%s/short.conf", dir);
    const char text[] = "[api]\ntimeout = 2\n";
    ck_assert_int_eq(fs_write_private(conf, text, strlen(text)), 0);
}

static void up(void)
{
    testsrv_start(&srv, NULL);
    env_for(srv.dir);
}
static void down(void) { testsrv_stop(&srv); }

#define HAS(out, text) \
    ck_assert_msg(strstr(out, text) != NULL, "no \"%s\" in: %s", text, out)
#define HASNT(out, text) \
    ck_assert_msg(strstr(out, text) == NULL, "\"%s\" in: %s", text, out)

/* Runs `inventui ARGS…` and asserts its exit status. */
#define RUN(want, out, ...)                                                 \
    do {                                                                    \
        int rc_ = testsrv_cli(NULL, out, __VA_ARGS__, (char *)NULL);        \
        ck_assert_msg(rc_ == (want), "exit %d, want %d: %s", rc_, (want),   \
                      *(out) ? *(out) : "");                                \
    } while (0)

/* The error object of a --json failure: the last line of out, parsed
 * (cJSON_Delete it). */
static cJSON *error_object(const char *out)
{
    const char *line = out;
    for (const char *p = out; *p; p++)
        if (*p == '\n' && p[1])
            line = p + 1;
    cJSON *j = cJSON_Parse(line);
    ck_assert_msg(cJSON_IsObject(cJSON_GetObjectItem(j, "error")),
                  "no error object in: %s", out);
    ck_assert_msg(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"),
                                      "details") != NULL,
                  "no details in: %s", out);
    return j;
}

/* A user in group (or none), signed in with the CLI. */
static void login_as(const char *email, const char *group)
{
    free(testsrv_user_token(&srv, email, PW, group));
    char in[64], *out = NULL;
    snprintf(in, sizeof in, "%s\n", PW);
    int rc = testsrv_cli(in, &out, "--api", srv.base, "login", "--username",
                         email, "--password-stdin", (char *)NULL);
    ck_assert_msg(rc == 0, "login: %d %s", rc, out);
    free(out);
}

START_TEST(a_server_that_never_answers_costs_one_timeout)
{
    struct stall st;
    stall_start(&st);
    char *out = NULL;
    int64_t t0 = time_mono_ms();
    RUN(4, &out, "--config", conf, "--api", st.base, "health");
    int64_t took = time_mono_ms() - t0;
    /* [api] timeout = 2: two attempts of a second, not four of two. */
    ck_assert_msg(took >= 1900 && took < 3500, "took %lld ms", (long long)took);
    HAS(out, "no answer from the API at http://127.0.0.1:");
    HAS(out, "within 2 s ([api] timeout)");
    HASNT(out, "retrying"); /* not a terminal: only the outcome */
    free(out);

    /* The same with --json: the error as an object, the same exit code. */
    t0 = time_mono_ms();
    RUN(4, &out, "--config", conf, "--api", st.base, "--json", "health");
    took = time_mono_ms() - t0;
    ck_assert_msg(took < 3500, "took %lld ms", (long long)took);
    cJSON *j = error_object(out);
    ck_assert_str_eq(jstr(j, "error.code"), "UNREACHABLE");
    ck_assert_ptr_nonnull(strstr(jstr(j, "error.message"), "within 2 s"));
    ck_assert(cJSON_IsNull(jpath(j, "error.details")));
    cJSON_Delete(j);
    free(out);

    /* A signed-in read shares the one deadline too. */
    fakeapi_session(st.base);
    t0 = time_mono_ms();
    RUN(4, &out, "--config", conf, "--api", st.base, "products", "list",
        "--all");
    took = time_mono_ms() - t0;
    ck_assert_msg(took < 3500, "took %lld ms", (long long)took);
    HAS(out, "within 2 s");
    free(out);

    /* A write that timed out may have been made: never "nothing was
     * changed". */
    RUN(4, &out, "--config", conf, "--api", st.base, "orders", "cancel",
        "00000000-0000-4000-8000-000000000000", "--yes");
    HAS(out, "may or may not have been made");
    HASNT(out, "nothing was changed");
    free(out);
    stall_stop(&st);
}
END_TEST

START_TEST(limits_in_the_persons_terms)
{
    char *out = NULL;
    static const char *const prices[] = {"0", "0.00", "1000000.01",
                                         "99999999999999"};
    for (size_t i = 0; i < sizeof prices / sizeof *prices; i++) {
        RUN(2, &out, "--api", srv.base, "products", "update",
            "00000000-0000-4000-8000-000000000000", "--price", prices[i]);
        HAS(out, "--price must be from $0.01 to $1,000,000.00 (got \"");
        HASNT(out, "cents");
        free(out);
    }
    RUN(2, &out, "--api", srv.base, "products", "update", "x", "--price",
        "12.345");
    HAS(out, "--price must be an amount in dollars with at most two "
             "decimals");
    free(out);
    RUN(2, &out, "--api", srv.base, "products", "update", "x", "--quantity",
        "2147483648");
    HAS(out, "--quantity must be a whole number from 0 to 1,000,000 (got "
             "\"2147483648\")");
    free(out);
    RUN(2, &out, "--api", srv.base, "products", "create", "--quantity",
        "1000001");
    HAS(out, "from 0 to 1,000,000");
    free(out);
    static const char *const qty[] = {"0", "101", "2147483648", "-1"};
    for (size_t i = 0; i < sizeof qty / sizeof *qty; i++) {
        RUN(2, &out, "--api", srv.base, "orders", "create", "--product",
            "00000000-0000-4000-8000-000000000000", "--quantity", qty[i]);
        HAS(out, "--quantity must be a whole number from 1 to 100");
        free(out);
    }
    /* The same with --json. */
    RUN(2, &out, "--api", srv.base, "--json", "products", "update", "x",
        "--price", "0");
    cJSON *j = error_object(out);
    ck_assert_str_eq(jstr(j, "error.code"), "USAGE");
    ck_assert_str_eq(jstr(j, "error.message"),
                     "--price must be from $0.01 to $1,000,000.00 (got \"0\")");
    cJSON_Delete(j);
    free(out);
}
END_TEST

START_TEST(blank_fields_are_refused_by_name)
{
    login_as("ops@example.com", "admin");
    char *out = NULL;
    RUN(1, &out, "--api", srv.base, "products", "create", "--name", "   ",
        "--description", "A perfectly good lamp", "--category", "home",
        "--price", "12.50", "--quantity", "3", "--sku", "BLANK-1");
    HAS(out, "  name: name must not be blank");
    free(out);
    /* With --json: the API's code and details, on stderr, exit 1. */
    RUN(1, &out, "--api", srv.base, "--json", "products", "create", "--name",
        "   ", "--description", "A perfectly good lamp", "--category", "home",
        "--price", "12.50", "--quantity", "3", "--sku", "BLANK-1");
    cJSON *j = error_object(out);
    ck_assert_str_eq(jstr(j, "error.code"), "VALIDATION_ERROR");
    ck_assert_str_eq(jstr(j, "error.details.0.field"), "name");
    ck_assert_str_eq(jstr(j, "error.details.0.message"),
                     "name must not be blank");
    cJSON_Delete(j);
    free(out);
    /* Padded text is kept trimmed. */
    RUN(0, &out, "--api", srv.base, "--json", "products", "create", "--name",
        "  Desk Lamp  ", "--description", "A perfectly good lamp",
        "--category", "home", "--price", "12.50", "--quantity", "3", "--sku",
        "LAMP-1");
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "name"), "Desk Lamp");
    cJSON_Delete(j);
    free(out);

    /* Other failures keep their exit codes under --json. */
    RUN(1, &out, "--api", srv.base, "--json", "orders", "get",
        "00000000-0000-4000-8000-000000000000");
    j = error_object(out);
    ck_assert_str_eq(jstr(j, "error.code"), "NOT_FOUND");
    cJSON_Delete(j);
    HASNT(out, "is the URL right"); /* a real "not found" */
    free(out);
    RUN(0, &out, "--api", srv.base, "logout");
    free(out);
    RUN(3, &out, "--api", srv.base, "--json", "whoami");
    j = error_object(out);
    ck_assert_str_eq(jstr(j, "error.code"), "UNAUTHORIZED");
    ck_assert_ptr_nonnull(strstr(jstr(j, "error.message"), "inventui login"));
    cJSON_Delete(j);
    free(out);
    RUN(2, &out, "--api", srv.base, "--json", "frobnicate");
    j = error_object(out);
    ck_assert_str_eq(jstr(j, "error.code"), "USAGE");
    cJSON_Delete(j);
    HASNT(out, "usage:"); /* the help text stays out of the JSON */
    free(out);
}
END_TEST

START_TEST(a_url_that_is_not_the_api)
{
    /* The real server, with /api after its address: every route is 404. */
    char wrong[128];
    snprintf(wrong, sizeof wrong, "%s/api", srv.base);
    char *out = NULL;
    RUN(4, &out, "--api", wrong, "health");
    HAS(out, "answers \"not found\" (HTTP 404) to every route");
    HAS(out, "is the URL right?");
    free(out);

    /* Signed in at a URL that answers 404 to everything: the one "not
     * found" is checked against GET /health once. */
    static const struct fake_reply replies[] = {
        {404, "{\"success\":false,\"error\":{\"code\":\"NOT_FOUND\","
              "\"message\":\"Route not found\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 1);
    fakeapi_session(f.base);
    RUN(4, &out, "--api", f.base, "products", "list");
    HAS(out, "is the URL right?");
    free(out);
    ck_assert_int_eq(fakeapi_count(&f), 2);
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 1), "GET /health "));
    fakeapi_stop(&f);

    /* The right URL: a missing product is just that. */
    login_as("buyer@example.com", NULL);
    RUN(1, &out, "--api", srv.base, "products", "get",
        "00000000-0000-4000-8000-000000000000");
    HAS(out, "NOT_FOUND");
    HASNT(out, "is the URL right");
    free(out);
}
END_TEST

START_TEST(throttling_says_how_long_to_wait)
{
    static const struct fake_reply replies[] = {
        {429, "{\"success\":false,\"error\":{\"code\":\"TOO_MANY_REQUESTS\","
              "\"message\":\"Too many requests from this user; retry after "
              "the Retry-After seconds\"}}"},
    };
    struct fakeapi f;
    fakeapi_start_headers(&f, replies, 1, "Retry-After: 120\r\n");
    fakeapi_session(f.base);
    char *out = NULL;
    RUN(1, &out, "--api", f.base, "products", "list");
    HAS(out, "the API is throttling requests: wait 2 minutes and try again");
    HASNT(out, "Retry-After");
    free(out);
    /* A wait longer than the time left is not slept through. */
    ck_assert_int_eq(fakeapi_count(&f), 1);
    fakeapi_stop(&f);

    fakeapi_start_headers(&f, replies, 1, "Retry-After: 7\r\n");
    fakeapi_session(f.base);
    RUN(1, &out, "--config", conf, "--api", f.base, "--json", "products",
        "list");
    cJSON *j = error_object(out);
    ck_assert_str_eq(jstr(j, "error.code"), "TOO_MANY_REQUESTS");
    ck_assert_str_eq(jstr(j, "error.message"),
                     "the API is throttling requests: wait 7 seconds and try "
                     "again");
    cJSON_Delete(j);
    free(out);
    fakeapi_stop(&f);
}
END_TEST

Suite *suite_cli_msgs(void)
{
    Suite *s = suite_create("cli_msgs");
    TCase *tc = tcase_create("cli_msgs");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_server_that_never_answers_costs_one_timeout);
    tcase_add_test(tc, limits_in_the_persons_terms);
    tcase_add_test(tc, blank_fields_are_refused_by_name);
    tcase_add_test(tc, a_url_that_is_not_the_api);
    tcase_add_test(tc, throttling_says_how_long_to_wait);
    suite_add_tcase(s, tc);
    return s;
}
