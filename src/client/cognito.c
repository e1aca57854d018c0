#include "client/cognito.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/base64.h"
#include "common/json_strict.h"
#include "common/jsonwipe.h"
#include "common/mem.h"
#include "common/strbuf.h"

void cognito_result_free(struct cognito_result *r)
{
    mem_free_secret(r->id_token);
    mem_free_secret(r->access_token);
    mem_free_secret(r->refresh_token);
    mem_free_secret(r->session);
    free(r->username);
    free(r->error_type);
    free(r->message);
    free(r->destination);
    free(r->user_sub);
    memset(r, 0, sizeof *r);
}

char *cognito_secret_hash(const char *secret, const char *username,
                          const char *client_id)
{
    struct strbuf msg = {0};
    strbuf_puts(&msg, username);
    strbuf_puts(&msg, client_id);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret, (int)strlen(secret),
         (const unsigned char *)msg.buf, msg.len, mac, &len);
    strbuf_free(&msg);
    return base64_encode(mac, len);
}

char *cognito_error_name(const char *raw)
{
    if (!raw)
        return NULL;
    const char *s = strrchr(raw, '#');
    s = s ? s + 1 : raw;
    size_t n = strcspn(s, ":");
    return xstrndup(s, n);
}

static bool has(const char *message, const char *needle)
{
    return message && strcasestr(message, needle);
}

/* Sign-up and confirmation answers, where the sign-in sentences would
 * mislead; NULL: use those. */
static const char *signup_sentence(const char *t, const char *message,
                                   enum cognito_op op)
{
    if (!strcmp(t, "UsernameExistsException"))
        return "an account with this email already exists";
    if (!strcmp(t, "InvalidPasswordException"))
        return "the password does not meet the password policy (at least 8 "
               "characters, with upper and lower case letters and a digit)";
    if (!strcmp(t, "CodeMismatchException"))
        return "wrong confirmation code";
    if (!strcmp(t, "ExpiredCodeException"))
        return "the confirmation code has expired: ask for a new one";
    if (!strcmp(t, "CodeDeliveryFailureException"))
        return "the confirmation code could not be sent; ask an "
               "administrator to confirm the account";
    if (!strcmp(t, "UserNotFoundException"))
        return "no such account";
    if (!strcmp(t, "NotAuthorizedException") && op == COGNITO_OP_CONFIRM &&
        has(message, "CONFIRMED"))
        return "this account is already confirmed";
    if (!strcmp(t, "NotAuthorizedException") && op == COGNITO_OP_SIGN_UP)
        return "this app client does not allow sign-up";
    if (!strcmp(t, "InvalidParameterException")) {
        if (has(message, "already confirmed"))
            return "this account is already confirmed";
        if (has(message, "email"))
            return "the username must be an email address";
    }
    return NULL;
}

const char *cognito_error_sentence(const char *type, const char *message,
                                   enum cognito_op op)
{
    const char *t = type ? type : "";
    if (op == COGNITO_OP_SIGN_UP || op == COGNITO_OP_CONFIRM ||
        op == COGNITO_OP_RESEND) {
        const char *s = signup_sentence(t, message, op);
        if (s)
            return s;
    }
    if (!strcmp(t, "NotAuthorizedException")) {
        if (has(message, "attempts exceeded"))
            return "too many attempts, wait and try again";
        if (has(message, "disabled"))
            return "this account is disabled";
        if (op == COGNITO_OP_NEW_PASSWORD && has(message, "session"))
            return "the sign-in took too long; start again";
        if (op == COGNITO_OP_REFRESH || op == COGNITO_OP_SIGN_OUT)
            return "the session has ended; sign in again";
        if (has(message, "client secret") || has(message, "SECRET_HASH"))
            return "the app client needs its client secret "
                   "([cognito] client_secret)";
        return "wrong email or password";
    }
    if (!strcmp(t, "UserNotFoundException"))
        return "wrong email or password";
    if (!strcmp(t, "InvalidPasswordException"))
        return op == COGNITO_OP_NEW_PASSWORD
                   ? "the new password does not meet the password policy "
                     "(at least 8 characters, with upper and lower case "
                     "letters and a digit)"
                   : "wrong email or password";
    if (!strcmp(t, "UserNotConfirmedException"))
        return "this account is not confirmed yet";
    if (!strcmp(t, "PasswordResetRequiredException"))
        return "this account needs a password reset";
    if (!strcmp(t, "TooManyRequestsException") ||
        !strcmp(t, "LimitExceededException") ||
        !strcmp(t, "TooManyFailedAttemptsException"))
        return "too many attempts, wait and try again";
    if (!strcmp(t, "ResourceNotFoundException"))
        return "the sign-in endpoint does not know this app client "
               "(check [cognito] client_id and region)";
    if (!strcmp(t, "InvalidParameterException")) {
        if (has(message, "flow not enabled") || has(message, "not enabled"))
            return "this app client does not allow password sign-in "
                   "(enable ALLOW_USER_PASSWORD_AUTH on it)";
        return "the sign-in endpoint refused the request as invalid "
               "(check the email and the [cognito] settings)";
    }
    if (!strcmp(t, "InternalErrorException"))
        return "the sign-in service failed; try again later";
    if (!strcmp(t, "UnknownOperationException") ||
        !strcmp(t, "UnrecognizedClientException"))
        return "the sign-in endpoint does not support this request "
               "(check [cognito] endpoint)";
    switch (op) {
    case COGNITO_OP_REFRESH:
        return "the session could not be renewed; sign in again";
    case COGNITO_OP_SIGN_OUT:
        return "the sign-in endpoint refused to sign out";
    case COGNITO_OP_SIGN_UP:
        return "sign-up failed";
    case COGNITO_OP_CONFIRM:
    case COGNITO_OP_RESEND:
        return "confirmation failed";
    default:
        return "sign-in failed";
    }
}

static char *dup_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

/* Posts one operation and sorts its answer into out. */
static void call(const struct cognito *c, const char *op, cJSON *req,
                 enum cognito_op ctx, struct cognito_result *out)
{
    memset(out, 0, sizeof *out);
    char *body = cJSON_PrintUnformatted(req);
    char target[128];
    snprintf(target, sizeof target,
             "X-Amz-Target: AWSCognitoIdentityProviderService.%s", op);
    const char *headers[] = {"Content-Type: application/x-amz-json-1.1",
                             target, NULL};
    struct http_request rq = {
        .method = "POST", .url = c->endpoint, .body = body,
        .body_len = strlen(body), .headers = headers,
        .timeout_ms = c->timeout_ms, .cancel = c->cancel,
    };
    struct http_response resp;
    int rc = http_client_fetch(c->http, &rq, &resp);
    explicit_bzero(body, strlen(body));
    free(body);
    cJSON *json = NULL;
    if (rc != 0) {
        out->rc = COGNITO_UNREACHABLE;
        out->message = resp.cancelled
                           ? xstrdup("cancelled")
                           : str_printf("cannot reach the sign-in endpoint: %s",
                                        resp.error);
        goto out;
    }
    json = json_strict_parse(resp.body, resp.body_len, NULL);
    if (resp.status != 200) {
        char *hdr = http_response_header(&resp, "x-amzn-errortype");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(json, "__type");
        out->error_type = cognito_error_name(
            cJSON_IsString(t) ? t->valuestring : hdr);
        free(hdr);
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(json, "message");
        if (!cJSON_IsString(m))
            m = cJSON_GetObjectItemCaseSensitive(json, "Message");
        out->rc = COGNITO_REFUSED;
        if (!out->error_type && resp.status >= 500)
            out->message = str_printf("the sign-in endpoint failed (HTTP %ld); "
                                      "try again later", resp.status);
        else
            out->message = xstrdup(cognito_error_sentence(
                out->error_type, cJSON_IsString(m) ? m->valuestring : NULL,
                ctx));
        goto out;
    }
    if (!cJSON_IsObject(json)) {
        out->rc = COGNITO_REFUSED;
        out->message = xstrdup("the sign-in endpoint gave an answer inventui "
                               "does not understand (check [cognito] endpoint)");
        goto out;
    }
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(json,
                                                         "AuthenticationResult");
    const cJSON *challenge = cJSON_GetObjectItemCaseSensitive(json,
                                                              "ChallengeName");
    if (cJSON_IsObject(auth)) {
        out->id_token = dup_str(auth, "IdToken");
        out->access_token = dup_str(auth, "AccessToken");
        out->refresh_token = dup_str(auth, "RefreshToken");
        if (!out->id_token || !out->access_token) {
            out->rc = COGNITO_REFUSED;
            out->message = xstrdup("the sign-in endpoint answered without "
                                   "tokens");
            goto out;
        }
        out->rc = COGNITO_OK;
    } else if (cJSON_IsString(challenge) &&
               !strcmp(challenge->valuestring, "NEW_PASSWORD_REQUIRED")) {
        out->rc = COGNITO_NEW_PASSWORD;
        out->session = dup_str(json, "Session");
        out->username = dup_str(
            cJSON_GetObjectItemCaseSensitive(json, "ChallengeParameters"),
            "USER_ID_FOR_SRP");
    } else if (cJSON_IsString(challenge)) {
        out->rc = COGNITO_REFUSED;
        out->message = xstrdup("this account needs a sign-in step inventui "
                               "does not support (e.g. multi-factor)");
    } else if (ctx == COGNITO_OP_SIGN_OUT || ctx == COGNITO_OP_CONFIRM) {
        out->rc = COGNITO_OK;
    } else if (ctx == COGNITO_OP_SIGN_UP || ctx == COGNITO_OP_RESEND) {
        out->rc = COGNITO_OK;
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(json,
                                                          "CodeDeliveryDetails");
        out->destination = dup_str(d, "Destination");
        out->user_sub = dup_str(json, "UserSub");
        out->user_confirmed = cJSON_IsTrue(
            cJSON_GetObjectItemCaseSensitive(json, "UserConfirmed"));
    } else {
        out->rc = COGNITO_REFUSED;
        out->message = xstrdup("the sign-in endpoint answered without tokens");
    }
out:
    jsonwipe_delete(json);
    if (resp.body)
        explicit_bzero(resp.body, resp.body_len);
    http_response_free(&resp);
}

static void add_secret_hash(const struct cognito *c, cJSON *params,
                            const char *username)
{
    if (!c->client_secret || !c->client_secret[0] || !username)
        return;
    char *h = cognito_secret_hash(c->client_secret, username, c->client_id);
    cJSON_AddStringToObject(params, "SECRET_HASH", h);
    free(h);
}

void cognito_sign_in(const struct cognito *c, const char *username,
                     const char *password, struct cognito_result *out)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "AuthFlow", "USER_PASSWORD_AUTH");
    cJSON_AddStringToObject(req, "ClientId", c->client_id);
    cJSON *p = cJSON_AddObjectToObject(req, "AuthParameters");
    cJSON_AddStringToObject(p, "USERNAME", username);
    cJSON_AddStringToObject(p, "PASSWORD", password);
    add_secret_hash(c, p, username);
    call(c, "InitiateAuth", req, COGNITO_OP_SIGN_IN, out);
    jsonwipe_delete(req);
}

void cognito_new_password(const struct cognito *c, const char *username,
                          const char *session, const char *new_password,
                          struct cognito_result *out)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "ChallengeName", "NEW_PASSWORD_REQUIRED");
    cJSON_AddStringToObject(req, "ClientId", c->client_id);
    cJSON_AddStringToObject(req, "Session", session);
    cJSON *p = cJSON_AddObjectToObject(req, "ChallengeResponses");
    cJSON_AddStringToObject(p, "USERNAME", username);
    cJSON_AddStringToObject(p, "NEW_PASSWORD", new_password);
    add_secret_hash(c, p, username);
    call(c, "RespondToAuthChallenge", req, COGNITO_OP_NEW_PASSWORD, out);
    jsonwipe_delete(req);
}

void cognito_refresh(const struct cognito *c, const char *username,
                     const char *refresh_token, struct cognito_result *out)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "AuthFlow", "REFRESH_TOKEN_AUTH");
    cJSON_AddStringToObject(req, "ClientId", c->client_id);
    cJSON *p = cJSON_AddObjectToObject(req, "AuthParameters");
    cJSON_AddStringToObject(p, "REFRESH_TOKEN", refresh_token);
    add_secret_hash(c, p, username);
    call(c, "InitiateAuth", req, COGNITO_OP_REFRESH, out);
    jsonwipe_delete(req);
}

void cognito_sign_out(const struct cognito *c, const char *access_token,
                      struct cognito_result *out)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "AccessToken", access_token);
    call(c, "GlobalSignOut", req, COGNITO_OP_SIGN_OUT, out);
    jsonwipe_delete(req);
}

/* SignUp and the confirmation calls carry SECRET_HASH at the top level. */
static cJSON *user_request(const struct cognito *c, const char *email)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "ClientId", c->client_id);
    cJSON_AddStringToObject(req, "Username", email);
    if (c->client_secret && c->client_secret[0]) {
        char *h = cognito_secret_hash(c->client_secret, email, c->client_id);
        cJSON_AddStringToObject(req, "SecretHash", h);
        free(h);
    }
    return req;
}

void cognito_sign_up(const struct cognito *c, const char *email,
                     const char *password, struct cognito_result *out)
{
    cJSON *req = user_request(c, email);
    cJSON_AddStringToObject(req, "Password", password);
    cJSON *attrs = cJSON_AddArrayToObject(req, "UserAttributes");
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "Name", "email");
    cJSON_AddStringToObject(a, "Value", email);
    cJSON_AddItemToArray(attrs, a);
    call(c, "SignUp", req, COGNITO_OP_SIGN_UP, out);
    jsonwipe_delete(req);
}

void cognito_confirm_sign_up(const struct cognito *c, const char *email,
                             const char *code, struct cognito_result *out)
{
    cJSON *req = user_request(c, email);
    cJSON_AddStringToObject(req, "ConfirmationCode", code);
    call(c, "ConfirmSignUp", req, COGNITO_OP_CONFIRM, out);
    jsonwipe_delete(req);
}

void cognito_resend_code(const struct cognito *c, const char *email,
                         struct cognito_result *out)
{
    cJSON *req = user_request(c, email);
    call(c, "ResendConfirmationCode", req, COGNITO_OP_RESEND, out);
    jsonwipe_delete(req);
}
