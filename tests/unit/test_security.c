/* Findings of the security review (issue 10), in-process: a link planted
 * at fs_write_private's temporary name is not followed; secrets in cJSON
 * trees are wiped; the sign-in throttle's check-and-count; and what the
 * client believes of an unauthenticated GET /config before it sends a
 * password (a fake API that lies). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/api.h"
#include "client/auth.h"
#include "client/signin.h"
#include "common/fsutil.h"
#include "common/jsonwipe.h"
#include "server/auth/throttle.h"
#include "support/fakeapi.h"
#include "unit/suites.h"

static char tmp[128];

static void up(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-sec-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    setenv("XDG_CACHE_HOME", tmp, 1);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
}

static void down(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
    unsetenv("INVENTUI_RETRY_BASE_MS");
}

static char *slurp(const char *path)
{
    char *s = fs_read_all(path, NULL);
    ck_assert_msg(s != NULL, "cannot read %s: %s", path, strerror(errno));
    return s;
}

/* ---- fs_write_private ---- */

START_TEST(private_write_does_not_follow_a_planted_link)
{
    char victim[200], path[200], temp[240];
    snprintf(victim, sizeof victim, "%s/victim", tmp);
    snprintf(path, sizeof path, "%s/session.json", tmp);
    snprintf(temp, sizeof temp, "%s.tmp.%ld", path, (long)getpid());
    ck_assert_int_eq(fs_write_private(victim, "keep", 4), 0);
    ck_assert_int_eq(symlink(victim, temp), 0);

    /* The write succeeds: the link is removed, not written through. */
    ck_assert_int_eq(fs_write_private(path, "token", 5), 0);
    char *v = slurp(victim);
    ck_assert_str_eq(v, "keep");
    free(v);
    char *p = slurp(path);
    ck_assert_str_eq(p, "token");
    free(p);
    struct stat st;
    ck_assert_int_eq(lstat(path, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(lstat(temp, &st), -1);

    /* A link to a file that does not exist yet is not followed either. */
    char ghost[200];
    snprintf(ghost, sizeof ghost, "%s/ghost", tmp);
    ck_assert_int_eq(symlink(ghost, temp), 0);
    ck_assert_int_eq(fs_write_private(path, "again", 5), 0);
    ck_assert_int_eq(lstat(ghost, &st), -1);
    p = slurp(path);
    ck_assert_str_eq(p, "again");
    free(p);
}
END_TEST

/* ---- jsonwipe ---- */

START_TEST(jsonwipe_zeroes_every_string_in_the_tree)
{
    cJSON *in = cJSON_Parse(
        "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"AuthParameters\":"
        "{\"USERNAME\":\"a@b.co\",\"PASSWORD\":\"Sup3r-Secret!\"},"
        "\"List\":[\"tok-1\",{\"Session\":\"sess-2\"}],\"N\":42}");
    ck_assert_ptr_nonnull(in);
    cJSON *params = cJSON_GetObjectItemCaseSensitive(in, "AuthParameters");
    char *pw = cJSON_GetObjectItemCaseSensitive(params, "PASSWORD")->valuestring;
    size_t pwlen = strlen(pw);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(in, "List");
    char *tok = cJSON_GetArrayItem(list, 0)->valuestring;
    static const char kept[] = "not ours";
    cJSON_AddItemToObject(in, "Ref", cJSON_CreateStringReference(kept));

    jsonwipe(in);
    for (size_t i = 0; i < pwlen; i++)
        ck_assert_int_eq(pw[i], 0);
    ck_assert_str_eq(tok, "");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(
                         cJSON_GetArrayItem(list, 1), "Session")->valuestring,
                     "");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(in, "AuthFlow")
                         ->valuestring, "");
    /* Shape, keys, numbers and borrowed text stay. */
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(in, "N")->valueint, 42);
    ck_assert_str_eq(kept, "not ours");
    ck_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(params,
                                                              "USERNAME")));
    jsonwipe_delete(in);
    jsonwipe_delete(NULL);
}
END_TEST

/* ---- throttle ---- */

/* n attempts of key alone (limit 3) that go through before one waits. */
static int takes_until_refused(struct throttle *t, const char *key)
{
    const char *keys[] = {key};
    const int limits[] = {3};
    int n = 0;
    while (n < 10 && throttle_take(t, keys, limits, 1) == 0)
        n++;
    return n;
}

START_TEST(throttle_take_counts_before_it_answers)
{
    struct throttle *t = throttle_new(3, 60);
    const int limits[] = {3, 5};
    const char *a[] = {"user:a", "ip:1"};
    /* Three attempts go through; the fourth waits, and is not counted. */
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(throttle_take(t, a, limits, 2), 0);
    int wait = throttle_take(t, a, limits, 2);
    ck_assert_int_gt(wait, 0);
    ck_assert_int_le(wait, 60);
    /* The address has 3 of its 5: a success gives its attempt back. */
    const char *b[] = {"user:b", "ip:1"};
    ck_assert_int_eq(throttle_take(t, b, limits, 2), 0);
    throttle_refund(t, "ip:1");
    ck_assert_int_eq(throttle_take(t, b, limits, 2), 0);
    ck_assert_int_eq(throttle_take(t, b, limits, 2), 0);
    ck_assert_int_gt(throttle_take(t, b, limits, 2), 0);

    /* Refused by the address alone: nothing counted for the user. */
    const char *f[] = {"user:f", "ip:1"};
    ck_assert_int_gt(throttle_take(t, f, limits, 2), 0);
    throttle_clear(t, "ip:1");
    ck_assert_int_eq(takes_until_refused(t, "user:f"), 3);
    /* A refund never goes below none. */
    throttle_refund(t, "user:unknown");
    ck_assert_int_eq(takes_until_refused(t, "user:h"), 3);
    for (int i = 0; i < 5; i++)
        throttle_refund(t, "user:h");
    ck_assert_int_eq(takes_until_refused(t, "user:h"), 3);
    throttle_free(t);
}
END_TEST

/* ---- what GET /config may say ---- */

START_TEST(regions_are_aws_region_names_or_local)
{
    static const char *const good[] = {"eu-west-1", "us-east-2",
                                       "ap-southeast-2", "us-gov-west-1",
                                       "cn-north-1", "eu-a-1", "local"};
    static const char *const bad[] = {
        "", "eu", "eu-west", "eu-west-", "eu-west-12", "EU-west-1",
        "euw-west-1", "eu--1", "eu-west-1 ", " eu-west-1", "eu-west1-1",
        "eu-west-1.evil.example", "evil.example/#", "eu.evil-x-1",
        "local2", "Local", "eu-west-1\n", "e-west-1"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(auth_region_valid(good[i]), "refused %s", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!auth_region_valid(bad[i]), "took \"%s\"", bad[i]);
}
END_TEST

START_TEST(endpoints_are_https_or_the_apis_host_or_loopback)
{
    static const struct {
        const char *endpoint, *api;
        bool ok;
    } cases[] = {
        {"https://cognito-idp.eu-west-1.amazonaws.com/", "http://api.example.com", true},
        {"https://idp.example.net/", "https://api.example.com/prod", true},
        {"http://127.0.0.1:9229/", "https://api.example.com", true},
        {"http://127.8.9.10:9229/", "https://api.example.com", true},
        {"http://localhost:9229/", "https://api.example.com", true},
        {"http://[::1]:9229/", "https://api.example.com", true},
        {"http://api.example.com:9229/", "http://api.example.com/prod", true},
        {"http://API.Example.com/", "http://api.example.com:8080", true},
        /* Plain http elsewhere, or a downgrade from the API's https. */
        {"http://evil.example/", "http://api.example.com", false},
        {"http://api.example.com:9229/", "https://api.example.com", false},
        {"http://127.evil.example/", "http://api.example.com", false},
        {"http://localhost.evil.example/", "http://api.example.com", false},
        {"http://api.example.com.evil.example/", "http://api.example.com", false},
        /* Not an http(s) URL, or one with a user name in it. */
        {"ftp://127.0.0.1/", "http://127.0.0.1:8080", false},
        {"file:///etc/passwd", "http://127.0.0.1:8080", false},
        {"cognito-idp.eu-west-1.amazonaws.com", "http://127.0.0.1", false},
        {"https://cognito-idp.eu-west-1.amazonaws.com@evil.example/",
         "http://127.0.0.1", false},
        {"not a url", "http://127.0.0.1", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *err = NULL;
        int rc = auth_endpoint_allowed(cases[i].endpoint, cases[i].api, &err);
        ck_assert_msg((rc == 0) == cases[i].ok, "%s (API %s): %s",
                      cases[i].endpoint, cases[i].api, err ? err : "allowed");
        ck_assert(cases[i].ok ? err == NULL
                              : err != NULL &&
                                    strstr(err, "no password is sent"));
        free(err);
    }
}
END_TEST

/* Signs in through an API at the fake whose GET /config says config;
 * returns the message (caller frees) and checks that the fake was asked
 * nothing but GET /config. */
static char *sign_in_refused(const char *config)
{
    /* The second answer would be the sign-in, were it sent to the fake. */
    struct fake_reply replies[] = {
        {200, config},
        {200, "{\"AuthenticationResult\":{\"IdToken\":\"x\","
              "\"AccessToken\":\"y\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 2);
    struct client_config cfg;
    struct api api;
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, NULL, &err), 0);
    ck_assert_ptr_null(client_config_set(&cfg, "api", "url", f.base));
    cfg.timeout = 5;
    ck_assert_int_eq(api_open(&api, &cfg, &err), 0);
    struct signin_challenge ch;
    char *msg = NULL;
    ck_assert_int_eq(signin_password(&api, "ann@example.com",
                                     "Sup3r-Secret!", &ch, &msg),
                     SIGNIN_REFUSED);
    ck_assert_ptr_nonnull(msg);
    ck_assert_int_eq(fakeapi_count(&f), 1);
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 0), "GET /config "));
    ck_assert(!api.have_session);
    signin_challenge_free(&ch);
    api_close(&api);
    fakeapi_stop(&f);
    return msg;
}

START_TEST(a_lying_config_gets_no_password)
{
    /* A region that would make the host cognito-idp.evil.example/#... */
    char *msg = sign_in_refused(
        "{\"data\":{\"auth\":{\"type\":\"cognito\",\"endpoint\":null,"
        "\"region\":\"evil.example/#\",\"clientId\":\"c1\"}}}");
    ck_assert_str_eq(msg, "the API's GET /config names the region "
                          "\"evil.example/#\", which is not an AWS region "
                          "(like eu-west-1): no password is sent; set "
                          "[cognito] region in the config file");
    free(msg);
    /* ... and one whose text would move the cursor is shown harmless. */
    msg = sign_in_refused(
        "{\"data\":{\"auth\":{\"type\":\"cognito\",\"endpoint\":null,"
        "\"region\":\"eu-\\u001b[2J-1\",\"clientId\":\"c1\"}}}");
    ck_assert_ptr_null(strchr(msg, '\033'));
    free(msg);
    /* An endpoint over plain http to a host that is not the API's. */
    msg = sign_in_refused(
        "{\"data\":{\"auth\":{\"type\":\"cognito\",\"endpoint\":"
        "\"http://evil.example/\",\"region\":\"local\","
        "\"clientId\":\"c1\"}}}");
    ck_assert_str_eq(msg, "the API's GET /config sends sign-ins to "
                          "http://evil.example/ over plain http, to a host "
                          "that is neither the API's own nor this machine: "
                          "no password is sent there; set [cognito] "
                          "endpoint in the config file if that is really "
                          "the place");
    free(msg);
    /* Not a URL at all. */
    msg = sign_in_refused(
        "{\"data\":{\"auth\":{\"type\":\"cognito\",\"endpoint\":"
        "\"javascript:alert(1)\",\"region\":\"local\",\"clientId\":\"c1\"}}}");
    ck_assert_ptr_nonnull(strstr(msg, "is not an http(s) URL"));
    free(msg);
    /* "local" names no AWS host: without an endpoint nothing is built. */
    msg = sign_in_refused(
        "{\"data\":{\"auth\":{\"type\":\"cognito\",\"endpoint\":null,"
        "\"region\":\"local\",\"clientId\":\"c1\"}}}");
    ck_assert_ptr_nonnull(strstr(msg, "incomplete"));
    free(msg);
}
END_TEST

START_TEST(the_servers_own_config_is_believed)
{
    /* The bundled server names itself: same host as the API, over http. */
    static char config[256];
    struct fake_reply replies[] = {{200, config}, {400, "{}"}};
    struct fakeapi f;
    fakeapi_start(&f, replies, 2);
    snprintf(config, sizeof config,
             "{\"data\":{\"auth\":{\"type\":\"cognito\",\"endpoint\":"
             "\"%s/\",\"region\":\"local\",\"clientId\":\"c1\"}}}", f.base);
    struct client_config cfg;
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, NULL, &err), 0);
    ck_assert_ptr_null(client_config_set(&cfg, "api", "url", f.base));
    cfg.timeout = 5;
    struct auth_settings s;
    ck_assert_int_eq(auth_settings_resolve(&cfg, &s, &err), AUTH_OK);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(s.client_id, "c1");
    ck_assert_ptr_nonnull(strstr(s.endpoint, f.base));
    fakeapi_stop(&f);

    /* A region from the config file is checked too, and said so. */
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "region",
                                         "eu-west-1.evil.example"));
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "client_id", "c1"));
    ck_assert_int_eq(auth_settings_resolve(&cfg, &s, &err), AUTH_FAILED);
    ck_assert_str_eq(err, "[cognito] region \"eu-west-1.evil.example\" is "
                          "not an AWS region (like eu-west-1)");
    free(err);
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "region",
                                         "eu-west-1"));
    ck_assert_int_eq(auth_settings_resolve(&cfg, &s, &err), AUTH_OK);
    ck_assert_str_eq(s.endpoint, "https://cognito-idp.eu-west-1.amazonaws.com/");
}
END_TEST

Suite *suite_security(void)
{
    Suite *s = suite_create("security");
    TCase *tc = tcase_create("review");
    tcase_add_checked_fixture(tc, up, down);
    tcase_add_test(tc, private_write_does_not_follow_a_planted_link);
    tcase_add_test(tc, jsonwipe_zeroes_every_string_in_the_tree);
    tcase_add_test(tc, throttle_take_counts_before_it_answers);
    tcase_add_test(tc, regions_are_aws_region_names_or_local);
    tcase_add_test(tc, endpoints_are_https_or_the_apis_host_or_loopback);
    tcase_add_test(tc, a_lying_config_gets_no_password);
    tcase_add_test(tc, the_servers_own_config_is_believed);
    suite_add_tcase(s, tc);
    return s;
}
