/* The Cognito-compatible sign-in endpoint (POST /) against a real server:
 * tokens and their claims, errors as Cognito answers them, throttling,
 * NEW_PASSWORD_REQUIRED, sign-up with a mailed code, refresh, global
 * sign-out, and the files the server keeps private. */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/base64.h"
#include "common/strbuf.h"
#include "integration/suites.h"
#include "support/testsrv.h"

static struct testsrv srv;
static const char PW[] = "Passw0rdX";

static void up(void) { testsrv_start(&srv, NULL); }
static void down(void) { testsrv_stop(&srv); }

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    struct strbuf sb = {0};
    va_list ap;
    va_start(ap, f);
    strbuf_vprintf(&sb, f, ap);
    va_end(ap);
    return strbuf_detach(&sb, NULL);
}

static void add_user(const struct testsrv *s, const char *email,
                     const char *pw, const char *extra)
{
    char data[300], line[300];
    snprintf(data, sizeof data, "%s/data", s->dir);
    snprintf(line, sizeof line, "%s\n", pw);
    char *out = NULL;
    int rc = extra ? testsrv_cli(line, &out, "user", "add", email,
                                 "--password-stdin", extra, "--data-dir",
                                 data, (char *)NULL)
                   : testsrv_cli(line, &out, "user", "add", email,
                                 "--password-stdin", "--data-dir", data,
                                 (char *)NULL);
    ck_assert_msg(rc == 0, "user add: %d %s", rc, out);
    free(out);
}

static void sign_in(const struct testsrv *s, const char *email,
                    const char *pw, struct http_resp *r)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "AuthFlow", "USER_PASSWORD_AUTH");
    cJSON_AddStringToObject(req, "ClientId", s->client_id);
    cJSON *p = cJSON_AddObjectToObject(req, "AuthParameters");
    cJSON_AddStringToObject(p, "USERNAME", email);
    cJSON_AddStringToObject(p, "PASSWORD", pw);
    char *body = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    cognito_call(s, "InitiateAuth", body, r);
    free(body);
}

/* A Cognito error: 400, __type, the x-amzn-errortype header, JSON 1.1. */
static void assert_error(const struct http_resp *r, const char *type)
{
    ck_assert_msg(r->status == 400, "status %ld: %s", r->status, r->body);
    ck_assert_msg(jstr(r->json, "__type") &&
                      strcmp(jstr(r->json, "__type"), type) == 0,
                  "wanted %s, got %s", type, r->body);
    ck_assert_ptr_nonnull(jstr(r->json, "message"));
    ck_assert_ptr_null(jpath(r->json, "success"));
    char *h = http_header(r, "x-amzn-errortype");
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(h, type);
    free(h);
    char *ct = http_header(r, "Content-Type");
    ck_assert_str_eq(ct, "application/x-amz-json-1.1");
    free(ct);
}

static cJSON *claims(const char *jwt)
{
    const char *a = strchr(jwt, '.');
    ck_assert_ptr_nonnull(a);
    const char *b = strchr(a + 1, '.');
    ck_assert_ptr_nonnull(b);
    size_t n;
    unsigned char *json = base64url_decode(a + 1, (size_t)(b - a - 1), &n);
    ck_assert_ptr_nonnull(json);
    cJSON *c = cJSON_ParseWithLength((const char *)json, n);
    free(json);
    ck_assert_ptr_nonnull(c);
    return c;
}

static bool has_group(const cJSON *c, const char *g)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(c, "cognito:groups");
    const cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        if (cJSON_IsString(e) && strcmp(e->valuestring, g) == 0)
            return true;
    }
    return false;
}

/* The newest .eml in DATA_DIR/mail (malloc'd path), checking modes. */
static char *newest_mail(const struct testsrv *s, int *count)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/data/mail", s->dir);
    struct stat st;
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    char best[256] = "";
    *count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".eml") != 0)
            continue;
        (*count)++;
        /* <epoch-ms>-<uuid>.eml: the name sorts by time. */
        if (strcmp(e->d_name, best) > 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (!best[0])
        return NULL;
    char *path = fmt("%s/%s", dir, best);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    return path;
}

/* The 6-digit code of the newest mail, checking its headers. */
static void mailed_code(const struct testsrv *s, const char *to,
                        char code[7])
{
    int n;
    char *path = newest_mail(s, &n);
    ck_assert_ptr_nonnull(path);
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    char text[4096];
    size_t len = fread(text, 1, sizeof text - 1, fp);
    text[len] = '\0';
    fclose(fp);
    free(path);
    char *want = fmt("To: %s\r\n", to);
    ck_assert_ptr_nonnull(strstr(text, want));
    free(want);
    ck_assert_ptr_nonnull(
        strstr(text, "Subject: Your inventui verification code\r\n"));
    ck_assert_ptr_nonnull(strstr(text, "Date: "));
    ck_assert_ptr_nonnull(strstr(text, "Message-ID: <"));
    ck_assert_ptr_nonnull(strstr(text, "MIME-Version: 1.0\r\n"));
    const char *p = strstr(text, "code is ");
    ck_assert_ptr_nonnull(p);
    p += strlen("code is ");
    for (int i = 0; i < 6; i++)
        ck_assert(p[i] >= '0' && p[i] <= '9');
    ck_assert(p[6] < '0' || p[6] > '9');
    memcpy(code, p, 6);
    code[6] = '\0';
}

START_TEST(sign_in_returns_tokens_with_cognito_claims)
{
    add_user(&srv, "Ann@Example.com", PW, "--group=admin");
    struct http_resp r;
    sign_in(&srv, "ann@example.COM", PW, &r); /* e-mail is case-insensitive */
    ck_assert_msg(r.status == 200, "%s", r.body);
    char *ct = http_header(&r, "Content-Type");
    ck_assert_str_eq(ct, "application/x-amz-json-1.1");
    free(ct);
    ck_assert_ptr_null(jpath(r.json, "success")); /* no REST envelope */
    ck_assert(cJSON_IsObject(jpath(r.json, "ChallengeParameters")));
    ck_assert_str_eq(jstr(r.json, "AuthenticationResult.TokenType"), "Bearer");
    ck_assert_int_eq((int)jnum(r.json, "AuthenticationResult.ExpiresIn"), 3600);
    ck_assert_ptr_nonnull(jstr(r.json, "AuthenticationResult.RefreshToken"));
    cJSON *id = claims(jstr(r.json, "AuthenticationResult.IdToken"));
    cJSON *ac = claims(jstr(r.json, "AuthenticationResult.AccessToken"));
    char *iss = fmt("%s/%s", srv.base, srv.pool_id);
    ck_assert_str_eq(jstr(id, "iss"), iss);
    ck_assert_str_eq(jstr(ac, "iss"), iss);
    free(iss);
    ck_assert_str_eq(jstr(id, "aud"), srv.client_id);
    ck_assert_ptr_null(jpath(ac, "aud"));
    ck_assert_str_eq(jstr(ac, "client_id"), srv.client_id);
    ck_assert_str_eq(jstr(id, "token_use"), "id");
    ck_assert_str_eq(jstr(ac, "token_use"), "access");
    ck_assert_str_eq(jstr(id, "email"), "Ann@Example.com");
    ck_assert_str_eq(jstr(id, "cognito:username"), "Ann@Example.com");
    ck_assert(cJSON_IsTrue(jpath(id, "email_verified")));
    ck_assert_str_eq(jstr(id, "sub"), jstr(ac, "sub"));
    ck_assert(has_group(id, "admin"));
    ck_assert(has_group(ac, "admin"));
    ck_assert_int_eq((long)(jnum(id, "exp") - jnum(id, "iat")), 3600);
    ck_assert_int_eq((long)(jnum(ac, "exp") - jnum(ac, "iat")), 3600);
    ck_assert(jnum(id, "auth_time") > 0);
    ck_assert_ptr_nonnull(jstr(id, "jti"));
    cJSON_Delete(id);
    cJSON_Delete(ac);
    http_resp_free(&r);
}
END_TEST

START_TEST(wrong_password_and_unknown_user_look_alike)
{
    add_user(&srv, "bea@example.com", PW, NULL);
    struct http_resp a, b;
    sign_in(&srv, "bea@example.com", "Wrong0Password", &a);
    sign_in(&srv, "nobody@example.com", "Wrong0Password", &b);
    assert_error(&a, "NotAuthorizedException");
    assert_error(&b, "NotAuthorizedException");
    ck_assert_str_eq(a.body, b.body);
    ck_assert_str_eq(jstr(a.json, "message"), "Incorrect username or password.");
    http_resp_free(&a);
    http_resp_free(&b);
}
END_TEST

START_TEST(unconfirmed_user_is_told_so)
{
    char *body = fmt("{\"ClientId\":\"%s\",\"Username\":\"una@example.com\","
                     "\"Password\":\"%s\"}", srv.client_id, PW);
    struct http_resp r;
    cognito_call(&srv, "SignUp", body, &r);
    free(body);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    sign_in(&srv, "una@example.com", PW, &r);
    assert_error(&r, "UserNotConfirmedException");
    http_resp_free(&r);
    /* A wrong password still says only that. */
    sign_in(&srv, "una@example.com", "Wrong0Password", &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
}
END_TEST

START_TEST(sign_up_mail_and_confirm)
{
    struct http_resp r;
    char *body = fmt("{\"ClientId\":\"%s\",\"Username\":\"cara@example.com\","
                     "\"Password\":\"%s\",\"UserAttributes\":[{\"Name\":"
                     "\"email\",\"Value\":\"cara@example.com\"}]}",
                     srv.client_id, PW);
    cognito_call(&srv, "SignUp", body, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert(cJSON_IsFalse(jpath(r.json, "UserConfirmed")));
    ck_assert_int_eq(strlen(jstr(r.json, "UserSub")), 36);
    ck_assert_str_eq(jstr(r.json, "CodeDeliveryDetails.Destination"),
                     "c***@e***");
    ck_assert_str_eq(jstr(r.json, "CodeDeliveryDetails.DeliveryMedium"),
                     "EMAIL");
    ck_assert_str_eq(jstr(r.json, "CodeDeliveryDetails.AttributeName"),
                     "email");
    http_resp_free(&r);

    /* The same e-mail again, in another case. */
    char *again = fmt("{\"ClientId\":\"%s\",\"Username\":\"CARA@example.com\","
                      "\"Password\":\"%s\"}", srv.client_id, PW);
    cognito_call(&srv, "SignUp", again, &r);
    free(again);
    assert_error(&r, "UsernameExistsException");
    http_resp_free(&r);

    char code[7];
    mailed_code(&srv, "cara@example.com", code);
    char wrong[12];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    char *confirm = fmt("{\"ClientId\":\"%s\",\"Username\":\"cara@example.com\","
                        "\"ConfirmationCode\":\"%s\"}", srv.client_id, wrong);
    cognito_call(&srv, "ConfirmSignUp", confirm, &r);
    free(confirm);
    assert_error(&r, "CodeMismatchException");
    http_resp_free(&r);

    confirm = fmt("{\"ClientId\":\"%s\",\"Username\":\"cara@example.com\","
                  "\"ConfirmationCode\":\"%s\"}", srv.client_id, code);
    cognito_call(&srv, "ConfirmSignUp", confirm, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
    /* A used code and a confirmed user: refused. */
    cognito_call(&srv, "ConfirmSignUp", confirm, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
    free(confirm);

    sign_in(&srv, "cara@example.com", PW, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
    free(body);
}
END_TEST

START_TEST(resend_mails_a_new_code)
{
    struct http_resp r;
    char *body = fmt("{\"ClientId\":\"%s\",\"Username\":\"dan@example.com\","
                     "\"Password\":\"%s\"}", srv.client_id, PW);
    cognito_call(&srv, "SignUp", body, &r);
    free(body);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    char first[7], second[7];
    mailed_code(&srv, "dan@example.com", first);
    int before, after;
    free(newest_mail(&srv, &before));
    usleep(5000); /* the file names sort by milliseconds */
    char *resend = fmt("{\"ClientId\":\"%s\",\"Username\":\"dan@example.com\"}",
                       srv.client_id);
    cognito_call(&srv, "ResendConfirmationCode", resend, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_str_eq(jstr(r.json, "CodeDeliveryDetails.Destination"),
                     "d***@e***");
    http_resp_free(&r);
    free(newest_mail(&srv, &after));
    ck_assert_int_eq(after, before + 1);
    mailed_code(&srv, "dan@example.com", second);
    free(resend);
    /* Only the newest code confirms (unless both happen to be equal). */
    char *confirm = fmt("{\"ClientId\":\"%s\",\"Username\":\"dan@example.com\","
                        "\"ConfirmationCode\":\"%s\"}", srv.client_id, second);
    cognito_call(&srv, "ConfirmSignUp", confirm, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
    free(confirm);
    /* An unknown user gets the same shape of answer and no mail. */
    resend = fmt("{\"ClientId\":\"%s\",\"Username\":\"ghost@example.com\"}",
                 srv.client_id);
    cognito_call(&srv, "ResendConfirmationCode", resend, &r);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    free(resend);
    int last;
    free(newest_mail(&srv, &last));
    ck_assert_int_eq(last, after);
}
END_TEST

START_TEST(sign_up_refuses_bad_input)
{
    struct http_resp r;
    char *weak = fmt("{\"ClientId\":\"%s\",\"Username\":\"eve@example.com\","
                     "\"Password\":\"password1\"}", srv.client_id);
    cognito_call(&srv, "SignUp", weak, &r);
    assert_error(&r, "InvalidPasswordException");
    ck_assert_str_eq(jstr(r.json, "message"),
                     "Password does not conform to policy: Password must "
                     "have uppercase characters");
    http_resp_free(&r);
    free(weak);
    char *notmail = fmt("{\"ClientId\":\"%s\",\"Username\":\"eve\","
                        "\"Password\":\"%s\"}", srv.client_id, PW);
    cognito_call(&srv, "SignUp", notmail, &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    free(notmail);
    char *other = fmt("{\"ClientId\":\"%s\",\"Username\":\"eve@example.com\","
                      "\"Password\":\"%s\",\"UserAttributes\":[{\"Name\":"
                      "\"email\",\"Value\":\"mallory@example.com\"}]}",
                      srv.client_id, PW);
    cognito_call(&srv, "SignUp", other, &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    free(other);
    int n;
    free(newest_mail(&srv, &n));
    ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(temporary_password_needs_a_new_one)
{
    add_user(&srv, "fay@example.com", PW, "--temporary");
    struct http_resp r;
    sign_in(&srv, "fay@example.com", PW, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_str_eq(jstr(r.json, "ChallengeName"), "NEW_PASSWORD_REQUIRED");
    ck_assert_ptr_null(jpath(r.json, "AuthenticationResult"));
    ck_assert_str_eq(jstr(r.json, "ChallengeParameters.USER_ID_FOR_SRP"),
                     "fay@example.com");
    char *session = strdup(jstr(r.json, "Session"));
    http_resp_free(&r);

    char *weak = fmt("{\"ClientId\":\"%s\",\"ChallengeName\":"
                     "\"NEW_PASSWORD_REQUIRED\",\"Session\":\"%s\","
                     "\"ChallengeResponses\":{\"USERNAME\":\"fay@example.com\","
                     "\"NEW_PASSWORD\":\"short\"}}", srv.client_id, session);
    cognito_call(&srv, "RespondToAuthChallenge", weak, &r);
    assert_error(&r, "InvalidPasswordException");
    http_resp_free(&r);
    free(weak);

    char *bad = fmt("{\"ClientId\":\"%s\",\"ChallengeName\":"
                    "\"NEW_PASSWORD_REQUIRED\",\"Session\":\"nope\","
                    "\"ChallengeResponses\":{\"USERNAME\":\"fay@example.com\","
                    "\"NEW_PASSWORD\":\"N3wPassword\"}}", srv.client_id);
    cognito_call(&srv, "RespondToAuthChallenge", bad, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
    free(bad);

    char *good = fmt("{\"ClientId\":\"%s\",\"ChallengeName\":"
                     "\"NEW_PASSWORD_REQUIRED\",\"Session\":\"%s\","
                     "\"ChallengeResponses\":{\"USERNAME\":\"fay@example.com\","
                     "\"NEW_PASSWORD\":\"N3wPassword\"}}", srv.client_id,
                     session);
    cognito_call(&srv, "RespondToAuthChallenge", good, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_ptr_nonnull(jstr(r.json, "AuthenticationResult.IdToken"));
    ck_assert_ptr_nonnull(jstr(r.json, "AuthenticationResult.RefreshToken"));
    http_resp_free(&r);
    /* The session is spent. */
    cognito_call(&srv, "RespondToAuthChallenge", good, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
    free(good);
    free(session);

    sign_in(&srv, "fay@example.com", PW, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
    sign_in(&srv, "fay@example.com", "N3wPassword", &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_ptr_nonnull(jstr(r.json, "AuthenticationResult.IdToken"));
    http_resp_free(&r);
}
END_TEST

static void refresh(const char *token, struct http_resp *r)
{
    char *body = fmt("{\"AuthFlow\":\"REFRESH_TOKEN_AUTH\",\"ClientId\":\"%s\","
                     "\"AuthParameters\":{\"REFRESH_TOKEN\":\"%s\"}}",
                     srv.client_id, token);
    cognito_call(&srv, "InitiateAuth", body, r);
    free(body);
}

static void token_op(const char *op, const char *access, struct http_resp *r)
{
    char *body = fmt("{\"AccessToken\":\"%s\"}", access);
    cognito_call(&srv, op, body, r);
    free(body);
}

START_TEST(refresh_then_global_sign_out)
{
    add_user(&srv, "gus@example.com", PW, NULL);
    struct http_resp r;
    sign_in(&srv, "gus@example.com", PW, &r);
    ck_assert_int_eq(r.status, 200);
    char *rt = strdup(jstr(r.json, "AuthenticationResult.RefreshToken"));
    char *access = strdup(jstr(r.json, "AuthenticationResult.AccessToken"));
    char *id = strdup(jstr(r.json, "AuthenticationResult.IdToken"));
    http_resp_free(&r);

    refresh(rt, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_ptr_nonnull(jstr(r.json, "AuthenticationResult.IdToken"));
    ck_assert_ptr_nonnull(jstr(r.json, "AuthenticationResult.AccessToken"));
    ck_assert_ptr_null(jpath(r.json, "AuthenticationResult.RefreshToken"));
    cJSON *c = claims(jstr(r.json, "AuthenticationResult.IdToken"));
    ck_assert_str_eq(jstr(c, "email"), "gus@example.com");
    cJSON_Delete(c);
    http_resp_free(&r);

    refresh("not-a-refresh-token", &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);

    token_op("GetUser", access, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_str_eq(jstr(r.json, "Username"), "gus@example.com");
    ck_assert_str_eq(jstr(r.json, "UserAttributes.0.Name"), "sub");
    ck_assert_int_eq(strlen(jstr(r.json, "UserAttributes.0.Value")), 36);
    ck_assert_str_eq(jstr(r.json, "UserAttributes.1.Name"), "email_verified");
    ck_assert_str_eq(jstr(r.json, "UserAttributes.1.Value"), "true");
    ck_assert_str_eq(jstr(r.json, "UserAttributes.2.Name"), "email");
    ck_assert_str_eq(jstr(r.json, "UserAttributes.2.Value"), "gus@example.com");
    http_resp_free(&r);
    /* An ID token is not an access token. */
    token_op("GetUser", id, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);

    token_op("GlobalSignOut", access, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_str_eq(r.body, "{}");
    http_resp_free(&r);
    refresh(rt, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
    token_op("GetUser", access, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
    token_op("GlobalSignOut", access, &r);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);
    free(rt);
    free(access);
    free(id);
}
END_TEST

START_TEST(client_id_must_be_ours)
{
    struct http_resp r;
    cognito_call(&srv, "InitiateAuth",
                 "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"abc123\","
                 "\"AuthParameters\":{\"USERNAME\":\"a@b.co\",\"PASSWORD\":\"x\"}}",
                 &r);
    assert_error(&r, "ResourceNotFoundException");
    ck_assert_str_eq(jstr(r.json, "message"),
                     "User pool client abc123 does not exist.");
    http_resp_free(&r);
    cognito_call(&srv, "SignUp", "{\"Username\":\"a@b.co\",\"Password\":\"x\"}",
                 &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
}
END_TEST

START_TEST(malformed_requests_get_cognito_errors)
{
    struct http_resp r;
    cognito_call(&srv, "InitiateAuth", "{not json", &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    cognito_call(&srv, "InitiateAuth", "[1,2]", &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    cognito_call(&srv, "AdminDeleteUser", "{}", &r);
    assert_error(&r, "UnknownOperationException");
    http_resp_free(&r);
    http_call(&srv, "POST", "/", NULL, "{}", &r, NULL); /* no X-Amz-Target */
    assert_error(&r, "UnknownOperationException");
    http_resp_free(&r);
    const char *hdrs[] = {"X-Amz-Target: AWSCognitoIdentityProviderService.GetUser",
                          "Content-Type: text/plain", NULL};
    http_call(&srv, "POST", "/", NULL, "{}", &r, hdrs);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    /* application/json is accepted as well. */
    const char *json_hdrs[] = {
        "X-Amz-Target: AWSCognitoIdentityProviderService.GetUser",
        "Content-Type: application/json", NULL};
    http_call(&srv, "POST", "/", NULL, "{\"AccessToken\":\"x.y.z\"}", &r,
              json_hdrs);
    assert_error(&r, "NotAuthorizedException");
    http_resp_free(&r);

    char *body = fmt("{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"%s\","
                     "\"AuthParameters\":{\"USERNAME\":\"a@b.co\"}}",
                     srv.client_id);
    cognito_call(&srv, "InitiateAuth", body, &r);
    assert_error(&r, "InvalidParameterException");
    ck_assert_str_eq(jstr(r.json, "message"),
                     "Missing required parameter PASSWORD");
    http_resp_free(&r);
    free(body);
    body = fmt("{\"ClientId\":\"%s\"}", srv.client_id);
    cognito_call(&srv, "InitiateAuth", body, &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    free(body);
    body = fmt("{\"AuthFlow\":\"USER_SRP_AUTH\",\"ClientId\":\"%s\","
               "\"AuthParameters\":{}}", srv.client_id);
    cognito_call(&srv, "InitiateAuth", body, &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    free(body);
    cognito_call(&srv, "GetUser", "{}", &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    cognito_call(&srv, "GetUser", "{\"AccessToken\":42}", &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
}
END_TEST

static void assert_private(const char *path)
{
    struct stat st;
    ck_assert_msg(stat(path, &st) == 0, "%s missing", path);
    ck_assert_msg((st.st_mode & 0777) == 0600, "%s has mode %o", path,
                  st.st_mode & 0777);
}

START_TEST(files_are_private)
{
    struct http_resp r;
    char *body = fmt("{\"ClientId\":\"%s\",\"Username\":\"hal@example.com\","
                     "\"Password\":\"%s\"}", srv.client_id, PW);
    cognito_call(&srv, "SignUp", body, &r);
    free(body);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    char *p = fmt("%s/data/keys/signing.pem", srv.dir);
    assert_private(p);
    free(p);
    p = fmt("%s/data/inventory.db", srv.dir);
    assert_private(p);
    free(p);
    int n;
    p = newest_mail(&srv, &n); /* checks 0700 and 0600 */
    ck_assert_ptr_nonnull(p);
    free(p);
}
END_TEST

START_TEST(external_pool_mode_refuses_sign_in)
{
    char *conf = fmt("[auth]\nissuer = %s/%s\njwks_url = %s/%s/.well-known/"
                     "jwks.json\naudience = %s\n",
                     srv.base, srv.pool_id, srv.base, srv.pool_id,
                     srv.client_id);
    struct testsrv ext;
    testsrv_start(&ext, conf);
    free(conf);
    struct http_resp r;
    sign_in(&ext, "a@example.com", PW, &r);
    assert_error(&r, "InvalidParameterException");
    ck_assert_ptr_nonnull(strstr(jstr(r.json, "message"), "external"));
    http_resp_free(&r);
    cognito_call(&ext, "GetUser", "{}", &r);
    assert_error(&r, "InvalidParameterException");
    http_resp_free(&r);
    testsrv_stop(&ext);
}
END_TEST

/* ---- throttling, with its own server: [auth] signin_attempts = 3 ---- */

static struct testsrv tsrv;
static void tup(void) { testsrv_start(&tsrv, "[auth]\nsignin_attempts = 3\n"); }
static void tdown(void) { testsrv_stop(&tsrv); }

START_TEST(failed_sign_ins_are_throttled)
{
    add_user(&tsrv, "ivy@example.com", PW, NULL);
    add_user(&tsrv, "jon@example.com", PW, NULL);
    struct http_resp r;
    for (int i = 0; i < 3; i++) {
        sign_in(&tsrv, "ivy@example.com", "Wrong0Password", &r);
        assert_error(&r, "NotAuthorizedException");
        http_resp_free(&r);
    }
    /* Blocked now, even with the right password, in any case. */
    sign_in(&tsrv, "IVY@example.com", PW, &r);
    assert_error(&r, "TooManyRequestsException");
    char *ra = http_header(&r, "Retry-After");
    ck_assert_ptr_nonnull(ra);
    ck_assert_int_gt(atoi(ra), 0);
    free(ra);
    http_resp_free(&r);
    /* Unknown users are throttled alike. */
    for (int i = 0; i < 3; i++) {
        sign_in(&tsrv, "nobody@example.com", "Wrong0Password", &r);
        assert_error(&r, "NotAuthorizedException");
        http_resp_free(&r);
    }
    sign_in(&tsrv, "nobody@example.com", "Wrong0Password", &r);
    assert_error(&r, "TooManyRequestsException");
    http_resp_free(&r);
    /* Another user from the same address is not blocked yet. */
    sign_in(&tsrv, "jon@example.com", PW, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
    /* The address as a whole is: 4 × 3 failures. */
    for (int i = 0; i < 6; i++) {
        sign_in(&tsrv, "jon@example.com", i % 2 ? PW : "Wrong0Password", &r);
        http_resp_free(&r);
    }
    char other[64];
    for (int i = 0; i < 4; i++) {
        snprintf(other, sizeof other, "x%d@example.com", i);
        sign_in(&tsrv, other, "Wrong0Password", &r);
        http_resp_free(&r);
    }
    sign_in(&tsrv, "jon@example.com", PW, &r);
    assert_error(&r, "TooManyRequestsException");
    http_resp_free(&r);
}
END_TEST

Suite *suite_idp(void)
{
    Suite *s = suite_create("idp");
    TCase *tc = tcase_create("cognito");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sign_in_returns_tokens_with_cognito_claims);
    tcase_add_test(tc, wrong_password_and_unknown_user_look_alike);
    tcase_add_test(tc, unconfirmed_user_is_told_so);
    tcase_add_test(tc, sign_up_mail_and_confirm);
    tcase_add_test(tc, resend_mails_a_new_code);
    tcase_add_test(tc, sign_up_refuses_bad_input);
    tcase_add_test(tc, temporary_password_needs_a_new_one);
    tcase_add_test(tc, refresh_then_global_sign_out);
    tcase_add_test(tc, client_id_must_be_ours);
    tcase_add_test(tc, malformed_requests_get_cognito_errors);
    tcase_add_test(tc, files_are_private);
    tcase_add_test(tc, external_pool_mode_refuses_sign_in);
    suite_add_tcase(s, tc);
    TCase *tt = tcase_create("throttle");
    tcase_add_checked_fixture(tt, tup, tdown);
    tcase_set_timeout(tt, 120);
    tcase_add_test(tt, failed_sign_ins_are_throttled);
    suite_add_tcase(s, tt);
    return s;
}
