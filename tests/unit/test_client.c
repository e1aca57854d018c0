/* client/: config, Cognito helpers, session file, retry backoff, and the
 * terminal sanitiser (common/sanitize). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jwt.h>

#include "client/cognito.h"
#include "client/config.h"
#include "client/http.h"
#include "client/session.h"
#include "common/sanitize.h"
#include "unit/suites.h"

static char tmp[128];

static void mk_tmp(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-unit-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void rm_tmp(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(config_defaults_without_any_file)
{
    mk_tmp();
    setenv("XDG_CONFIG_HOME", tmp, 1);
    struct client_config cfg;
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, NULL, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(cfg.api_url, "");
    ck_assert_int_eq(cfg.timeout, 30);
    ck_assert_str_eq(cfg.path, "");
    rm_tmp();
}
END_TEST

START_TEST(config_xdg_then_explicit_then_flags)
{
    mk_tmp();
    setenv("XDG_CONFIG_HOME", tmp, 1);
    char dir[200], path[256], other[256];
    snprintf(dir, sizeof dir, "%s/inventui", tmp);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/inventui.conf", dir);
    write_file(path, "[api]\nurl = http://xdg.example\ntimeout = 5\n"
                     "[cognito]\nregion = eu-west-1\nclient_id = abc\n"
                     "[ui]\nmouse = on\n", 0644);
    struct client_config cfg;
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, NULL, &err), 0);
    ck_assert_str_eq(cfg.api_url, "http://xdg.example");
    ck_assert_int_eq(cfg.timeout, 5);
    ck_assert(cfg.mouse); /* off unless asked for */
    char ep[256];
    client_config_cognito_endpoint(&cfg, ep, sizeof ep);
    ck_assert_str_eq(ep, "https://cognito-idp.eu-west-1.amazonaws.com/");

    /* --config wins over the XDG file, which is then not read at all. */
    snprintf(other, sizeof other, "%s/other.conf", tmp);
    write_file(other, "[api]\nurl = http://other.example\n", 0644);
    ck_assert_int_eq(client_config_load(&cfg, other, &err), 0);
    ck_assert_str_eq(cfg.api_url, "http://other.example");
    ck_assert_int_eq(cfg.timeout, 30);
    ck_assert(!cfg.mouse);

    /* Flags win over the file. */
    err = client_config_set(&cfg, "api", "url", "http://flag.example");
    ck_assert_ptr_null(err);
    ck_assert_str_eq(cfg.api_url, "http://flag.example");
    err = client_config_set(&cfg, "cognito", "endpoint", "http://127.0.0.1:9/");
    ck_assert_ptr_null(err);
    client_config_cognito_endpoint(&cfg, ep, sizeof ep);
    ck_assert_str_eq(ep, "http://127.0.0.1:9/");
    rm_tmp();
}
END_TEST

START_TEST(config_errors_name_file_and_line)
{
    mk_tmp();
    char path[256];
    snprintf(path, sizeof path, "%s/bad.conf", tmp);
    write_file(path, "[api]\nurl = http://x\ntimeout = soon\n[cache]\ncolour = 1\n"
               "[server]\nlisten = 127.0.0.1:1\n[queue]\nbatch_size = x\n",
               0600);
    struct client_config cfg;
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, path, &err), -1);
    char want[400];
    snprintf(want, sizeof want, "%s:3:", path);
    ck_assert_ptr_nonnull(strstr(err, want));
    snprintf(want, sizeof want, "%s:5:", path);
    ck_assert_ptr_nonnull(strstr(err, want));
    /* The server's sections are the server's to check. */
    snprintf(want, sizeof want, "%s:9:", path);
    ck_assert_ptr_null(strstr(err, want));
    free(err);
    /* URLs: a scheme curl would try (ftp, file) or no host is refused,
     * in the file and from a flag. */
    snprintf(path, sizeof path, "%s/urls.conf", tmp);
    write_file(path, "[api]\nurl = file:///etc/passwd\n[cognito]\n"
               "endpoint = https://\n", 0600);
    ck_assert_int_eq(client_config_load(&cfg, path, &err), -1);
    snprintf(want, sizeof want, "%s:2: [api] url must be an http:// or "
             "https:// URL", path);
    ck_assert_msg(strstr(err, want) != NULL, "%s", err);
    snprintf(want, sizeof want, "%s:4: [cognito] endpoint must be", path);
    ck_assert_msg(strstr(err, want) != NULL, "%s", err);
    free(err);
    client_config_defaults(&cfg);
    err = client_config_set(&cfg, "api", "url", "ftp://example.com/");
    ck_assert_ptr_nonnull(err);
    free(err);
    ck_assert_str_eq(cfg.api_url, "");
    err = client_config_set(&cfg, "api", "url", "https://api.example.com/dev");
    ck_assert_ptr_null(err);
    ck_assert_str_eq(cfg.api_url, "https://api.example.com/dev");
    /* A missing --config file is an error. */
    snprintf(path, sizeof path, "%s/missing.conf", tmp);
    ck_assert_int_eq(client_config_load(&cfg, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "cannot open"));
    free(err);
    rm_tmp();
}
END_TEST

START_TEST(config_refuses_readable_client_secret)
{
    mk_tmp();
    char path[256];
    snprintf(path, sizeof path, "%s/secret.conf", tmp);
    write_file(path, "[cognito]\nclient_id = abc\nclient_secret = s3cr3t\n", 0644);
    struct client_config cfg;
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "client secret"));
    ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
    ck_assert_ptr_null(strstr(err, "s3cr3t"));
    free(err);
    ck_assert_int_eq(chmod(path, 0600), 0);
    ck_assert_int_eq(client_config_load(&cfg, path, &err), 0);
    ck_assert_str_eq(cfg.client_secret, "s3cr3t");
    /* Without a secret, a readable file is fine. */
    write_file(path, "[cognito]\nclient_id = abc\n", 0644);
    ck_assert_int_eq(client_config_load(&cfg, path, &err), 0);
    rm_tmp();
}
END_TEST

START_TEST(secret_hash_known_vector)
{
    /* printf %s "user@example.comCLIENTID" |
     *   openssl dgst -sha256 -hmac SECRET -binary | base64 */
    char *h = cognito_secret_hash("SECRET", "user@example.com", "CLIENTID");
    ck_assert_str_eq(h, "fZ+jd2c0FsF46k2H3NW88ahM5UrTgNRzOCDf7LtPGMM=");
    free(h);
}
END_TEST

START_TEST(cognito_errors_become_sentences)
{
    ck_assert_str_eq(cognito_error_sentence("NotAuthorizedException",
                                            "Incorrect username or password.",
                                            COGNITO_OP_SIGN_IN),
                     "wrong email or password");
    /* An emulator's answer to a wrong password. */
    ck_assert_str_eq(cognito_error_sentence("InvalidPasswordException", NULL,
                                            COGNITO_OP_SIGN_IN),
                     "wrong email or password");
    ck_assert_ptr_nonnull(strstr(
        cognito_error_sentence("InvalidPasswordException", NULL,
                               COGNITO_OP_NEW_PASSWORD),
        "password policy"));
    ck_assert_str_eq(cognito_error_sentence("UserNotFoundException", NULL,
                                            COGNITO_OP_SIGN_IN),
                     "wrong email or password");
    ck_assert_str_eq(cognito_error_sentence("UserNotConfirmedException", NULL,
                                            COGNITO_OP_SIGN_IN),
                     "this account is not confirmed yet");
    ck_assert_str_eq(cognito_error_sentence("TooManyRequestsException", NULL,
                                            COGNITO_OP_SIGN_IN),
                     "too many attempts, wait and try again");
    ck_assert_str_eq(cognito_error_sentence("NotAuthorizedException",
                                            "Password attempts exceeded",
                                            COGNITO_OP_SIGN_IN),
                     "too many attempts, wait and try again");
    ck_assert_str_eq(cognito_error_sentence("NotAuthorizedException",
                                            "Invalid Refresh Token",
                                            COGNITO_OP_REFRESH),
                     "the session has ended; sign in again");
    ck_assert_str_eq(cognito_error_sentence("SomethingNewException", NULL,
                                            COGNITO_OP_SIGN_IN),
                     "sign-in failed");
    char *n = cognito_error_name(
        "NotAuthorizedException:http://internal.amazon.com/coral/x/");
    ck_assert_str_eq(n, "NotAuthorizedException");
    free(n);
    n = cognito_error_name("com.amazon#UserNotConfirmedException");
    ck_assert_str_eq(n, "UserNotConfirmedException");
    free(n);
}
END_TEST

START_TEST(sanitiser_replaces_what_moves_the_terminal)
{
    static const char FFFD[] = "\xEF\xBF\xBD";
    char want[64];
    char *s = sanitize_text("a\x1b[31mred");
    snprintf(want, sizeof want, "a%s[31mred", FFFD);
    ck_assert_str_eq(s, want);
    free(s);
    /* A raw one-byte CSI and the UTF-8 encoded C1 CSI. */
    s = sanitize_text("x\x9b" "2Jy\xC2\x9b" "z");
    snprintf(want, sizeof want, "x%s2Jy%sz", FFFD, FFFD);
    ck_assert_str_eq(s, want);
    free(s);
    /* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 isolate. */
    s = sanitize_text("gpj.\xE2\x80\xAE" "exe\xE2\x81\xA6");
    snprintf(want, sizeof want, "gpj.%sexe%s", FFFD, FFFD);
    ck_assert_str_eq(s, want);
    free(s);
    s = sanitize_text("a\tb\nc\rd\x7f" "e");
    snprintf(want, sizeof want, "a b c d%se", FFFD);
    ck_assert_str_eq(s, want);
    free(s);
    /* Ordinary UTF-8 passes (its display width: common/textwidth.h). */
    s = sanitize_text("Caf\xC3\xA9 \xE2\x82\xAC");
    ck_assert_str_eq(s, "Caf\xC3\xA9 \xE2\x82\xAC");
    free(s);
    s = sanitize_text(NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

START_TEST(backoff_grows_jitters_and_honours_retry_after)
{
    struct http_retry r = {.max_attempts = 5, .base_ms = 100,
                           .max_delay_ms = 1000, .max_total_ms = 5000};
    ck_assert_int_eq(http_backoff_ms(&r, 1, -1, 1.0), 100);
    ck_assert_int_eq(http_backoff_ms(&r, 1, -1, 0.0), 50);
    ck_assert_int_eq(http_backoff_ms(&r, 2, -1, 1.0), 200);
    ck_assert_int_eq(http_backoff_ms(&r, 3, -1, 1.0), 400);
    ck_assert_int_eq(http_backoff_ms(&r, 3, -1, 0.5), 300);
    ck_assert_int_eq(http_backoff_ms(&r, 10, -1, 1.0), 1000); /* capped */
    ck_assert_int_eq(http_backoff_ms(&r, 1, 3000, 0.0), 3000); /* Retry-After */
    ck_assert_int_eq(http_backoff_ms(&r, 3, 10, 1.0), 400);
    setenv("INVENTUI_RETRY_BASE_MS", "7", 1);
    http_retry_defaults(&r);
    ck_assert_int_eq(r.base_ms, 7);
    unsetenv("INVENTUI_RETRY_BASE_MS");
}
END_TEST

static char *make_token(long exp)
{
    jwt_t *t = NULL;
    ck_assert_int_eq(jwt_new(&t), 0);
    jwt_add_grant(t, "sub", "abc");
    jwt_add_grant_int(t, "exp", exp);
    static const unsigned char key[] = "0123456789abcdef0123456789abcdef";
    jwt_set_alg(t, JWT_ALG_HS256, key, sizeof key - 1);
    char *s = jwt_encode_str(t);
    jwt_free(t);
    return s;
}

START_TEST(session_file_private_and_refresh_margin)
{
    mk_tmp();
    char dir[200];
    snprintf(dir, sizeof dir, "%s/cache/inventui", tmp);
    char *path = session_path(dir, "http://127.0.0.1:8080/");
    char *same = session_path(dir, "http://127.0.0.1:8080");
    ck_assert_str_eq(path, same);
    free(same);
    long now = 1700000000;
    struct session s = {
        .api_url = strdup("http://127.0.0.1:8080"), .endpoint = strdup("e"),
        .client_id = strdup("c"), .username = strdup("u"),
        .id_token = make_token(now + 3600), .access_token = strdup("a"),
        .refresh_token = strdup("r"),
    };
    char *err = NULL;
    ck_assert_int_eq(session_save(path, &s, &err), 0);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(session_token_exp(s.id_token), now + 3600);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    ck_assert(!session_needs_refresh(&s, now));
    ck_assert(!session_needs_refresh(&s, now + 3600 - 61));
    ck_assert(session_needs_refresh(&s, now + 3600 - 60));
    setenv("INVENTUI_REFRESH_MARGIN", "4000", 1);
    ck_assert(session_needs_refresh(&s, now));
    unsetenv("INVENTUI_REFRESH_MARGIN");
    session_free(&s);

    struct session back;
    ck_assert_int_eq(session_load(path, &back, &err), SESSION_OK);
    ck_assert_str_eq(back.refresh_token, "r");
    session_free(&back);
    ck_assert_int_eq(chmod(path, 0644), 0);
    ck_assert_int_eq(session_load(path, &back, &err), SESSION_ERROR);
    ck_assert_ptr_nonnull(strstr(err, "readable by group or others"));
    free(err);
    ck_assert_int_eq(session_forget(path), 0);
    ck_assert_int_eq(session_load(path, &back, &err), SESSION_NONE);
    free(path);
    ck_assert_int_eq(session_token_exp("not a token"), -1);
    rm_tmp();
}
END_TEST

Suite *suite_client(void)
{
    Suite *s = suite_create("client");
    TCase *tc = tcase_create("client");
    tcase_add_test(tc, config_defaults_without_any_file);
    tcase_add_test(tc, config_xdg_then_explicit_then_flags);
    tcase_add_test(tc, config_errors_name_file_and_line);
    tcase_add_test(tc, config_refuses_readable_client_secret);
    tcase_add_test(tc, secret_hash_known_vector);
    tcase_add_test(tc, cognito_errors_become_sentences);
    tcase_add_test(tc, sanitiser_replaces_what_moves_the_terminal);
    tcase_add_test(tc, backoff_grows_jitters_and_honours_retry_after);
    tcase_add_test(tc, session_file_private_and_refresh_margin);
    suite_add_tcase(s, tc);
    return s;
}
