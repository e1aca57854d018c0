/* client/signin: the sign-in flows against a scripted Cognito endpoint
 * (the fake answers in order): a granted sign-in saved and loaded, the
 * NEW_PASSWORD_REQUIRED round trip to the pool that asked, refusals as
 * sentences that name no command, sign-up/confirm/resend, sign-out
 * forgetting the session even when the endpoint says no, and the current
 * user read from the saved ID token. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jwt.h>

#include "client/signin.h"
#include "common/strbuf.h"
#include "support/fakeapi.h"
#include "unit/suites.h"

static char tmp[128];
static struct client_config cfg;
static struct api api;

static void up(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-signin-XXXXXX");
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

/* A client whose pool is the fake (so no GET /config is made). */
static void open_api(const struct fakeapi *f)
{
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, NULL, &err), 0);
    ck_assert_ptr_null(client_config_set(&cfg, "api", "url",
                                         "http://127.0.0.1:9/"));
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "endpoint",
                                         f->base));
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "client_id",
                                         "client-1"));
    cfg.timeout = 5;
    ck_assert_int_eq(api_open(&api, &cfg, &err), 0);
}

/* An ID token for email, in the admin group or not, valid for an hour. */
static char *id_token(const char *email, bool admin, long exp)
{
    jwt_t *t = NULL;
    ck_assert_int_eq(jwt_new(&t), 0);
    jwt_add_grant(t, "sub", "11111111-2222-4333-8444-555555555555");
    jwt_add_grant(t, "email", email);
    jwt_add_grant(t, "cognito:username", "user-1");
    jwt_add_grant_int(t, "exp", exp);
    jwt_add_grants_json(t, admin ? "{\"cognito:groups\":[\"staff\",\"admin\"]}"
                                 : "{\"cognito:groups\":[\"staff\"]}");
    static const unsigned char key[] = "0123456789abcdef0123456789abcdef";
    jwt_set_alg(t, JWT_ALG_HS256, key, sizeof key - 1);
    char *tok = jwt_encode_str(t);
    jwt_free(t);
    return tok;
}

/* A granted InitiateAuth answer carrying tok. */
static char *granted(const char *tok)
{
    return str_printf("{\"AuthenticationResult\":{\"IdToken\":\"%s\","
                      "\"AccessToken\":\"acc\",\"RefreshToken\":\"ref\"}}",
                      tok);
}

START_TEST(password_sign_in_saves_and_loads_the_session)
{
    long exp = (long)time(NULL) + 3600;
    char *tok = id_token("ann@example.com", true, exp);
    char *body = granted(tok);
    struct fake_reply replies[] = {{200, body}};
    struct fakeapi f;
    fakeapi_start(&f, replies, 1);
    open_api(&f);
    struct signin_challenge ch;
    char *msg = NULL;
    ck_assert_int_eq(signin_password(&api, "ann@example.com", "pw", &ch, &msg),
                     SIGNIN_OK);
    ck_assert_ptr_null(msg);
    ck_assert(api.have_session);
    ck_assert_str_eq(api.sess.username, "user-1");
    ck_assert_str_eq(api.sess.endpoint, f.base);
    const char *rq = fakeapi_request(&f, 0);
    ck_assert_ptr_nonnull(strstr(rq, "USER_PASSWORD_AUTH"));
    ck_assert_ptr_nonnull(strstr(rq, "\"ClientId\":\"client-1\""));
    signin_challenge_free(&ch);
    api_close(&api);

    /* A fresh client finds the saved session, with no network. */
    char *err = NULL;
    ck_assert_int_eq(api_open(&api, &cfg, &err), 0);
    struct signin_user u;
    ck_assert_int_eq(signin_current(&api, &u), 0);
    ck_assert_str_eq(u.email, "ann@example.com");
    ck_assert(u.admin);
    ck_assert_int_eq(u.expires_at, exp);
    ck_assert_int_eq(u.ngroups, 2);
    ck_assert_str_eq(u.groups[0], "staff");
    signin_user_free(&u);
    /* And whoami needs no renewal for an hour-long token. */
    ck_assert_int_eq(signin_whoami(&api, &u, &msg), API_OK);
    ck_assert_str_eq(u.sub, "11111111-2222-4333-8444-555555555555");
    signin_user_free(&u);
    ck_assert_int_eq(fakeapi_count(&f), 1);
    api_close(&api);
    fakeapi_stop(&f);
    free(body);
    free(tok);
}
END_TEST

START_TEST(not_an_admin_and_no_session)
{
    struct fakeapi f;
    static const struct fake_reply none[] = {{500, "{}"}};
    fakeapi_start(&f, none, 1);
    open_api(&f);
    struct signin_user u;
    ck_assert_int_eq(signin_current(&api, &u), -1);
    char *msg = NULL;
    ck_assert_int_eq(signin_whoami(&api, &u, &msg), API_UNAUTH);
    ck_assert_str_eq(msg, "not signed in");
    free(msg);
    api_close(&api);

    char *tok = id_token("bob@example.com", false, (long)time(NULL) + 3600);
    char *body = granted(tok);
    fakeapi_stop(&f);
    struct fake_reply replies[] = {{200, body}};
    fakeapi_start(&f, replies, 1);
    open_api(&f);
    struct signin_challenge ch;
    ck_assert_int_eq(signin_password(&api, "bob@example.com", "pw", &ch, &msg),
                     SIGNIN_OK);
    ck_assert_int_eq(signin_current(&api, &u), 0);
    ck_assert(!u.admin);
    ck_assert_str_eq(u.email, "bob@example.com");
    signin_user_free(&u);
    api_close(&api);
    fakeapi_stop(&f);
    free(body);
    free(tok);
}
END_TEST

START_TEST(new_password_goes_back_to_the_pool_that_asked)
{
    char *tok = id_token("cat@example.com", false, (long)time(NULL) + 3600);
    char *body = granted(tok);
    struct fake_reply replies[] = {
        {200, "{\"ChallengeName\":\"NEW_PASSWORD_REQUIRED\","
              "\"Session\":\"sess-1\",\"ChallengeParameters\":"
              "{\"USER_ID_FOR_SRP\":\"srp-user\"}}"},
        {200, body},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 2);
    open_api(&f);
    struct signin_challenge ch;
    char *msg = NULL;
    ck_assert_int_eq(signin_password(&api, "cat@example.com", "temp", &ch,
                                     &msg),
                     SIGNIN_NEW_PASSWORD);
    ck_assert_ptr_null(msg);
    ck_assert(!api.have_session);
    ck_assert_str_eq(ch.username, "srp-user");
    ck_assert_str_eq(ch.session, "sess-1");
    ck_assert_str_eq(ch.endpoint, f.base);
    /* The config may change meanwhile: the answer goes where the
     * challenge came from. */
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "endpoint",
                                         "http://127.0.0.1:9/"));
    ck_assert_int_eq(signin_new_password(&api, "cat@example.com", &ch,
                                         "Newpass123", &msg),
                     SIGNIN_OK);
    ck_assert(api.have_session);
    const char *rq = fakeapi_request(&f, 1);
    ck_assert_ptr_nonnull(strstr(rq, "RespondToAuthChallenge"));
    ck_assert_ptr_nonnull(strstr(rq, "\"Session\":\"sess-1\""));
    ck_assert_ptr_nonnull(strstr(rq, "\"USERNAME\":\"srp-user\""));
    signin_challenge_free(&ch);
    ck_assert_ptr_null(ch.session);
    api_close(&api);
    fakeapi_stop(&f);
    free(body);
    free(tok);
}
END_TEST

START_TEST(refusals_are_sentences_without_commands)
{
    static const struct fake_reply replies[] = {
        {400, "{\"__type\":\"NotAuthorizedException\","
              "\"message\":\"Incorrect username or password.\"}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 1);
    open_api(&f);
    struct signin_challenge ch;
    char *msg = NULL;
    ck_assert_int_eq(signin_password(&api, "x@example.com", "bad", &ch, &msg),
                     SIGNIN_REFUSED);
    ck_assert_str_eq(msg, "sign-in failed: wrong email or password");
    free(msg);
    ck_assert(!api.have_session);
    api_close(&api);
    fakeapi_stop(&f);

    /* An endpoint that does not answer. */
    open_api(&f);
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "endpoint",
                                         "http://127.0.0.1:9/"));
    ck_assert_int_eq(signin_password(&api, "x@example.com", "pw", &ch, &msg),
                     SIGNIN_UNREACHABLE);
    ck_assert_ptr_nonnull(strstr(msg, "cannot reach the sign-in endpoint"));
    ck_assert_ptr_null(strstr(msg, "inventui"));
    free(msg);
    /* No pool settings and no API to ask: unreachable too, said so. */
    struct signin_account acc;
    ck_assert_ptr_null(client_config_set(&cfg, "cognito", "client_id", ""));
    ck_assert_int_eq(signin_account_sign_up(&api, "x@example.com", "pw", &acc,
                                            &msg),
                     SIGNIN_UNREACHABLE);
    ck_assert_ptr_nonnull(strstr(msg, "cannot reach the API"));
    free(msg);
    signin_account_free(&acc);
    api_close(&api);
}
END_TEST

START_TEST(sign_up_confirm_resend)
{
    static const struct fake_reply replies[] = {
        {200, "{\"UserConfirmed\":false,\"UserSub\":\"sub-9\","
              "\"CodeDeliveryDetails\":{\"Destination\":\"d***@e***\"}}"},
        {200, "{}"},
        {200, "{\"CodeDeliveryDetails\":{\"Destination\":\"d***@f***\"}}"},
        {400, "{\"__type\":\"CodeMismatchException\"}"},
        {400, "{\"__type\":\"UsernameExistsException\"}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 5);
    open_api(&f);
    char *dest = NULL, *msg = NULL;
    ck_assert_int_eq(signin_sign_up(&api, "dan@example.com", "Passw0rd!", &dest,
                                    &msg),
                     SIGNIN_OK);
    ck_assert_str_eq(dest, "d***@e***");
    free(dest);
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 0), "SignUp"));
    ck_assert_int_eq(signin_confirm(&api, "dan@example.com", "123456", &msg),
                     SIGNIN_OK);
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 1),
                                 "\"ConfirmationCode\":\"123456\""));
    ck_assert_int_eq(signin_resend(&api, "dan@example.com", &dest, &msg),
                     SIGNIN_OK);
    ck_assert_str_eq(dest, "d***@f***");
    free(dest);
    ck_assert_int_eq(signin_confirm(&api, "dan@example.com", "000000", &msg),
                     SIGNIN_REFUSED);
    ck_assert_str_eq(msg, "confirmation failed: wrong confirmation code");
    free(msg);
    struct signin_account acc;
    ck_assert_int_eq(signin_account_sign_up(&api, "dan@example.com", "x", &acc,
                                            &msg),
                     SIGNIN_REFUSED);
    ck_assert(!acc.no_settings);
    ck_assert_str_eq(msg, "sign-up failed: an account with this email "
                          "already exists");
    free(msg);
    signin_account_free(&acc);
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(sign_out_forgets_whatever_the_endpoint_says)
{
    char *tok = id_token("eve@example.com", false, (long)time(NULL) + 3600);
    char *body = granted(tok);
    struct fake_reply replies[] = {
        {200, body},
        {400, "{\"__type\":\"NotAuthorizedException\","
              "\"message\":\"Access Token has been revoked\"}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 2);
    open_api(&f);
    struct signin_challenge ch;
    char *msg = NULL, *warning = NULL, *fw = NULL;
    ck_assert_int_eq(signin_password(&api, "eve@example.com", "pw", &ch, &msg),
                     SIGNIN_OK);
    ck_assert_int_eq(access(api.session_path, F_OK), 0);
    ck_assert_int_eq(signin_sign_out_report(&api, &warning, &fw),
                     SIGNIN_OUT_DONE);
    ck_assert_ptr_nonnull(warning);
    ck_assert_ptr_nonnull(strstr(warning, "forgotten anyway"));
    ck_assert_ptr_null(fw);
    free(warning);
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 1), "GlobalSignOut"));
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 1),
                                 "\"AccessToken\":\"acc\""));
    ck_assert(!api.have_session);
    ck_assert_int_ne(access(api.session_path, F_OK), 0);
    /* Again: nothing to sign out, nothing said. */
    ck_assert_int_eq(signin_sign_out_report(&api, &warning, &fw),
                     SIGNIN_OUT_NONE);
    ck_assert_ptr_null(warning);
    signin_sign_out(&api, &warning);
    ck_assert_ptr_null(warning);
    ck_assert_int_eq(fakeapi_count(&f), 2);
    api_close(&api);
    fakeapi_stop(&f);
    free(body);
    free(tok);
}
END_TEST

Suite *suite_signin(void)
{
    Suite *s = suite_create("signin");
    TCase *tc = tcase_create("signin");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, password_sign_in_saves_and_loads_the_session);
    tcase_add_test(tc, not_an_admin_and_no_session);
    tcase_add_test(tc, new_password_goes_back_to_the_pool_that_asked);
    tcase_add_test(tc, refusals_are_sentences_without_commands);
    tcase_add_test(tc, sign_up_confirm_resend);
    tcase_add_test(tc, sign_out_forgets_whatever_the_endpoint_says);
    suite_add_tcase(s, tc);
    return s;
}
