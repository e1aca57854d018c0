/* `inventui user …` against the data dir of a running server: exit codes,
 * messages, and that changes take effect in the running server at once. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "integration/suites.h"
#include "support/testsrv.h"

static struct testsrv srv;
static char data[300];
static const char PW[] = "Passw0rdX";

static void up(void)
{
    testsrv_start(&srv, NULL);
    snprintf(data, sizeof data, "%s/data", srv.dir);
}
static void down(void) { testsrv_stop(&srv); }

/* Runs `inventui user ARGS… --data-dir DATA`; returns the exit status. */
#define USER(in, out, ...) \
    testsrv_cli(in, out, "user", __VA_ARGS__, "--data-dir", data, (char *)NULL)

static long sign_in(const char *email, const char *pw, char **id_token)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"%s\","
             "\"AuthParameters\":{\"USERNAME\":\"%s\",\"PASSWORD\":\"%s\"}}",
             srv.client_id, email, pw);
    struct http_resp r;
    cognito_call(&srv, "InitiateAuth", body, &r);
    long status = r.status;
    if (id_token) {
        const char *t = jstr(r.json, "AuthenticationResult.IdToken");
        *id_token = t ? strdup(t) : NULL;
    }
    http_resp_free(&r);
    return status;
}

static bool token_has_group(const char *jwt, const char *group)
{
    const char *a = strchr(jwt, '.'), *b = strchr(a + 1, '.');
    size_t n;
    unsigned char *json = base64url_decode(a + 1, (size_t)(b - a - 1), &n);
    cJSON *c = cJSON_ParseWithLength((const char *)json, n);
    free(json);
    bool found = false;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(c, "cognito:groups")) {
        if (cJSON_IsString(e) && strcmp(e->valuestring, group) == 0)
            found = true;
    }
    cJSON_Delete(c);
    return found;
}

START_TEST(add_then_sign_in_while_the_server_runs)
{
    char *out = NULL;
    ck_assert_int_eq(USER("Passw0rdX\n", &out, "add", "kim@example.com",
                          "--password-stdin", "--group", "admin", "--group",
                          "staff"), 0);
    ck_assert_ptr_nonnull(strstr(out, "added kim@example.com"));
    free(out);
    char *tok = NULL;
    ck_assert_int_eq(sign_in("kim@example.com", PW, &tok), 200);
    ck_assert(token_has_group(tok, "admin"));
    ck_assert(token_has_group(tok, "staff"));
    free(tok);
    /* The same address again, in another case: refused. */
    ck_assert_int_eq(USER("Passw0rdX\n", &out, "add", "KIM@example.com",
                          "--password-stdin"), 1);
    ck_assert_ptr_nonnull(strstr(out, "already exists"));
    free(out);
}
END_TEST

START_TEST(add_refuses_bad_input)
{
    char *out = NULL;
    ck_assert_int_eq(USER("weakpass\n", &out, "add", "lee@example.com",
                          "--password-stdin"), 1);
    ck_assert_ptr_nonnull(strstr(out, "Password does not conform to policy: "
                                      "Password must have uppercase "
                                      "characters"));
    free(out);
    ck_assert_int_eq(USER("Passw0rdX\n", &out, "add", "not-an-email",
                          "--password-stdin"), 1);
    ck_assert_ptr_nonnull(strstr(out, "not an e-mail address"));
    free(out);
    ck_assert_int_eq(USER("", &out, "add", "lee@example.com",
                          "--password-stdin"), 1);
    ck_assert_ptr_nonnull(strstr(out, "no password"));
    free(out);
    /* Usage errors: exit 2. */
    ck_assert_int_eq(USER("Passw0rdX\n", &out, "add", "lee@example.com"), 2);
    ck_assert_ptr_nonnull(strstr(out, "--password-stdin"));
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "frobnicate"), 2);
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "remove"), 2);
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "list", "--bogus"), 2);
    free(out);
    ck_assert_int_eq(USER("Passw0rdX\n", &out, "add", "lee@example.com",
                          "--password-stdin", "--group", "two words"), 2);
    free(out);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "user", (char *)NULL), 2);
    free(out);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "user", "--help", (char *)NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: inventui user"));
    free(out);
    /* Nothing was created. */
    ck_assert_int_eq(USER(NULL, &out, "list"), 0);
    ck_assert_ptr_nonnull(strstr(out, "no users"));
    free(out);
}
END_TEST

START_TEST(list_is_an_aligned_table)
{
    char *out = NULL;
    ck_assert_int_eq(USER("Passw0rdX\n", NULL, "add", "a.long.name@example.com",
                          "--password-stdin", "--group", "admin"), 0);
    ck_assert_int_eq(USER("Passw0rdX\n", NULL, "add", "bo@example.com",
                          "--password-stdin", "--temporary"), 0);
    ck_assert_int_eq(USER(NULL, &out, "list"), 0);
    char *l1 = out, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    ck_assert_int_eq(strncmp(l1, "EMAIL", 5), 0);
    ck_assert_int_eq(strncmp(l2, "a.long.name@example.com  CONFIRMED", 34), 0);
    ck_assert_int_eq(strncmp(l3, "bo@example.com", 14), 0);
    ck_assert_ptr_nonnull(strstr(l3, "FORCE_CHANGE_PASSWORD"));
    /* Columns line up: STATUS starts where the statuses start. */
    ck_assert_int_eq(strstr(l1, "STATUS") - l1, strstr(l2, "CONFIRMED") - l2);
    ck_assert_int_eq(strstr(l1, "GROUPS") - l1, strstr(l2, "admin") - l2);
    ck_assert_int_eq(strstr(l1, "CREATED") - l1, strstr(l3, "20") - l3);
    free(out);
}
END_TEST

START_TEST(confirm_a_signed_up_user)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"ClientId\":\"%s\",\"Username\":\"max@example.com\","
             "\"Password\":\"%s\"}", srv.client_id, PW);
    struct http_resp r;
    cognito_call(&srv, "SignUp", body, &r);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    ck_assert_int_eq(sign_in("max@example.com", PW, NULL), 400);
    char *out = NULL;
    ck_assert_int_eq(USER(NULL, &out, "list"), 0);
    ck_assert_ptr_nonnull(strstr(out, "UNCONFIRMED"));
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "confirm", "max@example.com"), 0);
    ck_assert_ptr_nonnull(strstr(out, "confirmed max@example.com"));
    free(out);
    ck_assert_int_eq(sign_in("max@example.com", PW, NULL), 200);
    ck_assert_int_eq(USER(NULL, &out, "confirm", "max@example.com"), 0);
    ck_assert_ptr_nonnull(strstr(out, "already confirmed"));
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "confirm", "nobody@example.com"), 1);
    ck_assert_ptr_nonnull(strstr(out, "no user nobody@example.com"));
    free(out);
}
END_TEST

START_TEST(passwd_changes_the_password)
{
    ck_assert_int_eq(USER("Passw0rdX\n", NULL, "add", "ned@example.com",
                          "--password-stdin"), 0);
    char *out = NULL;
    ck_assert_int_eq(USER("N3wPassword\r\nignored\n", &out, "passwd",
                          "ned@example.com", "--password-stdin"), 0);
    ck_assert_ptr_nonnull(strstr(out, "new password set"));
    free(out);
    ck_assert_int_eq(sign_in("ned@example.com", PW, NULL), 400);
    ck_assert_int_eq(sign_in("ned@example.com", "N3wPassword", NULL), 200);
    ck_assert_int_eq(USER("short\n", &out, "passwd", "ned@example.com",
                          "--password-stdin"), 1);
    ck_assert_ptr_nonnull(strstr(out, "Password not long enough"));
    free(out);
    ck_assert_int_eq(USER("N3wPassword\n", &out, "passwd", "zed@example.com",
                          "--password-stdin"), 1);
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "passwd", "ned@example.com"), 2);
    free(out);
}
END_TEST

START_TEST(group_add_and_remove)
{
    ck_assert_int_eq(USER("Passw0rdX\n", NULL, "add", "ola@example.com",
                          "--password-stdin"), 0);
    char *out = NULL, *tok = NULL;
    ck_assert_int_eq(USER(NULL, &out, "group", "ola@example.com", "add",
                          "admin"), 0);
    ck_assert_ptr_nonnull(strstr(out, "added ola@example.com to group admin"));
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "group", "ola@example.com", "add",
                          "admin"), 0);
    ck_assert_ptr_nonnull(strstr(out, "already in group admin"));
    free(out);
    ck_assert_int_eq(sign_in("ola@example.com", PW, &tok), 200);
    ck_assert(token_has_group(tok, "admin"));
    free(tok);
    ck_assert_int_eq(USER(NULL, &out, "group", "ola@example.com", "remove",
                          "admin"), 0);
    ck_assert_ptr_nonnull(strstr(out, "removed ola@example.com from group"));
    free(out);
    ck_assert_int_eq(sign_in("ola@example.com", PW, &tok), 200);
    ck_assert(!token_has_group(tok, "admin"));
    free(tok);
    ck_assert_int_eq(USER(NULL, &out, "group", "ola@example.com", "remove",
                          "admin"), 0);
    ck_assert_ptr_nonnull(strstr(out, "is not in group admin"));
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "group", "ola@example.com", "toggle",
                          "admin"), 2);
    free(out);
    ck_assert_int_eq(USER(NULL, &out, "group", "who@example.com", "add",
                          "admin"), 1);
    free(out);
}
END_TEST

START_TEST(remove_deletes_the_user)
{
    ck_assert_int_eq(USER("Passw0rdX\n", NULL, "add", "pam@example.com",
                          "--password-stdin", "--group", "admin"), 0);
    ck_assert_int_eq(sign_in("pam@example.com", PW, NULL), 200);
    char *out = NULL;
    ck_assert_int_eq(USER(NULL, &out, "remove", "PAM@example.com"), 0);
    ck_assert_ptr_nonnull(strstr(out, "removed pam@example.com"));
    free(out);
    ck_assert_int_eq(sign_in("pam@example.com", PW, NULL), 400);
    ck_assert_int_eq(USER(NULL, &out, "remove", "pam@example.com"), 1);
    ck_assert_ptr_nonnull(strstr(out, "no user"));
    free(out);
    /* The address is free again. */
    ck_assert_int_eq(USER("Passw0rdX\n", NULL, "add", "pam@example.com",
                          "--password-stdin"), 0);
}
END_TEST

START_TEST(missing_data_dir_is_refused)
{
    char *out = NULL;
    char none[320];
    snprintf(none, sizeof none, "%s/nothing-here", srv.dir);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "user", "list", "--data-dir",
                                 none, (char *)NULL), 1);
    ck_assert_ptr_nonnull(strstr(out, "no server data"));
    free(out);
}
END_TEST

Suite *suite_users_cli(void)
{
    Suite *s = suite_create("users_cli");
    TCase *tc = tcase_create("users_cli");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, add_then_sign_in_while_the_server_runs);
    tcase_add_test(tc, add_refuses_bad_input);
    tcase_add_test(tc, list_is_an_aligned_table);
    tcase_add_test(tc, confirm_a_signed_up_user);
    tcase_add_test(tc, passwd_changes_the_password);
    tcase_add_test(tc, group_add_and_remove);
    tcase_add_test(tc, remove_deletes_the_user);
    tcase_add_test(tc, missing_data_dir_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
