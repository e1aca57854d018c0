/* InitiateAuth, RespondToAuthChallenge, GlobalSignOut, GetUser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "server/auth/email.h"
#include "server/auth/password.h"
#include "server/auth/throttle.h"
#include "server/auth/verifier.h"
#include "server/idp/idp.h"
#include "server/server.h"
#include "server/store/store_users.h"

#define SECRET_MAX 4096 /* longer than any refresh token or session we make */

static const char WRONG[] = "Incorrect username or password.";
static const char BAD_SESSION[] =
    "Invalid session for the user, session is expired.";

/* A required member of AuthParameters / ChallengeResponses. */
static const char *need_param(struct idp_call *call, const cJSON *params,
                              const char *name)
{
    const char *v = idp_str(params, name);
    if (!v)
        idp_failf(call, "InvalidParameterException",
                  "Missing required parameter %s", name);
    return v;
}

static cJSON *with_empty_challenge(cJSON *auth_result)
{
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "AuthenticationResult", auth_result);
    cJSON_AddItemToObject(out, "ChallengeParameters", cJSON_CreateObject());
    return out;
}

/* Answers with fresh tokens (and a refresh token) for a confirmed user. */
static void signed_in(struct idp_call *call, const struct user *u)
{
    cJSON *res = idp_auth_result(call, u, (int64_t)time(NULL), 1);
    if (!res)
        return;
    log_msg(LOG_INFO, "idp: signed in %s", u->sub);
    idp_reply(call, with_empty_challenge(res));
}

static void new_password_challenge(struct idp_call *call, struct store_conn *c,
                                   const struct user *u)
{
    char *session = store_session_new(c, u->sub);
    if (!session) {
        idp_internal(call);
        return;
    }
    cJSON *attrs = cJSON_CreateObject();
    cJSON_AddStringToObject(attrs, "email", u->email);
    char *attrs_text = cJSON_PrintUnformatted(attrs);
    cJSON_Delete(attrs);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "ChallengeName", "NEW_PASSWORD_REQUIRED");
    cJSON_AddStringToObject(out, "Session", session);
    cJSON *cp = cJSON_AddObjectToObject(out, "ChallengeParameters");
    cJSON_AddStringToObject(cp, "USER_ID_FOR_SRP", u->email);
    cJSON_AddStringToObject(cp, "requiredAttributes", "[]");
    cJSON_AddStringToObject(cp, "userAttributes", attrs_text);
    free(attrs_text);
    free(session);
    log_msg(LOG_INFO, "idp: new password required for %s", u->sub);
    idp_reply(call, out);
}

static void password_auth(struct idp_call *call, const cJSON *params)
{
    const char *username = need_param(call, params, "USERNAME");
    const char *password = username ? need_param(call, params, "PASSWORD")
                                    : NULL;
    if (!password)
        return;
    struct server *srv = call->srv;
    char lower[EMAIL_MAX_LEN + 1];
    email_lower(username, lower, sizeof lower);
    struct strbuf ukey = {0}, ikey = {0};
    strbuf_printf(&ukey, "user:%s", lower);
    strbuf_printf(&ikey, "ip:%s", call->rq->client_ip);
    int limit = (int)srv->cfg.signin_attempts;
    int cost = (int)srv->cfg.password_cost;
    struct user u = {0};

    /* Counted as a failure before the password is looked at, in one step
     * with the check: concurrent guesses cannot all pass a check that
     * none of them has counted yet. A success gives the count back. */
    const char *const keys[] = {ukey.buf, ikey.buf};
    const int limits[] = {limit, 4 * limit};
    int wait = throttle_take(srv->throttle, keys, limits, 2);
    if (wait > 0) {
        /* Blocked: the password is not even looked at. */
        char after[16];
        snprintf(after, sizeof after, "%d", wait);
        idp_failf(call, "TooManyRequestsException",
                  "Too many failed sign-in attempts; try again in %d "
                  "seconds.", wait);
        response_add_header(call->rs, "Retry-After", after);
        log_msg(LOG_WARN, "idp: sign-in throttled (ip %s)",
                call->rq->client_ip);
        goto out;
    }
    struct store_conn *c = idp_db(call);
    enum store_rc rc = STORE_ERROR; /* without c, idp_db has answered */
    if (c)
        rc = strlen(username) <= EMAIL_MAX_LEN
                 ? store_user_by_email(c, username, &u)
                 : STORE_NOT_FOUND;
    if (rc == STORE_ERROR) {
        /* Our fault, not a guess: the attempt is not held against them. */
        throttle_refund(srv->throttle, ukey.buf);
        throttle_refund(srv->throttle, ikey.buf);
        if (c)
            idp_internal(call);
        goto out;
    }
    enum password_rc pr = PASSWORD_MISMATCH;
    if (rc == STORE_NOT_FOUND) {
        password_verify_dummy(password, cost);
    } else {
        pr = password_verify(password, u.password_hash);
        if (pr == PASSWORD_BAD_HASH)
            log_msg(LOG_ERROR, "idp: unreadable password hash for %s", u.sub);
    }
    if (pr != PASSWORD_MATCH) {
        log_msg(LOG_INFO, "idp: failed sign-in (ip %s)", call->rq->client_ip);
        idp_fail(call, "NotAuthorizedException", WRONG);
        goto out;
    }
    throttle_clear(srv->throttle, ukey.buf);
    throttle_refund(srv->throttle, ikey.buf);
    if (password_needs_rehash(u.password_hash, cost)) {
        /* The cost was changed since this hash was made: bring it along. */
        char *fresh = password_hash(password, cost);
        if (fresh)
            store_user_set_password(c, u.sub, fresh, u.status);
        free(fresh);
    }
    if (u.status == USER_UNCONFIRMED)
        idp_fail(call, "UserNotConfirmedException", "User is not confirmed.");
    else if (u.status == USER_FORCE_CHANGE_PASSWORD)
        new_password_challenge(call, c, &u);
    else
        signed_in(call, &u);
out:
    user_clear(&u);
    strbuf_free(&ukey);
    strbuf_free(&ikey);
}

static void refresh_auth(struct idp_call *call, const cJSON *params)
{
    const char *token = need_param(call, params, "REFRESH_TOKEN");
    if (!token)
        return;
    struct store_conn *c = idp_db(call);
    if (!c)
        return;
    char sub[UUID_STR_LEN];
    int64_t auth_time = 0;
    enum store_rc rc = strlen(token) <= SECRET_MAX
        ? store_refresh_check(c, token, call->client_id, sub, &auth_time)
        : STORE_NOT_FOUND;
    struct user u = {0};
    if (rc == STORE_OK)
        rc = store_user_by_sub(c, sub, &u);
    if (rc == STORE_OK && u.status != USER_CONFIRMED)
        rc = STORE_NOT_FOUND;
    if (rc == STORE_ERROR) {
        idp_internal(call);
    } else if (rc != STORE_OK) {
        idp_fail(call, "NotAuthorizedException", "Invalid Refresh Token");
    } else {
        /* Cognito answers a refresh without a new refresh token. */
        cJSON *res = idp_auth_result(call, &u, auth_time, 0);
        if (res)
            idp_reply(call, with_empty_challenge(res));
    }
    user_clear(&u);
}

void idp_initiate_auth(struct idp_call *call)
{
    const char *flow = idp_require(call, "AuthFlow", "authFlow");
    if (!flow)
        return;
    const cJSON *params =
        cJSON_GetObjectItemCaseSensitive(call->in, "AuthParameters");
    if (params && !cJSON_IsObject(params)) {
        idp_fail(call, "InvalidParameterException",
                 "AuthParameters must be an object of strings");
        return;
    }
    if (strcmp(flow, "USER_PASSWORD_AUTH") == 0)
        password_auth(call, params);
    else if (strcmp(flow, "REFRESH_TOKEN_AUTH") == 0 ||
             strcmp(flow, "REFRESH_TOKEN") == 0)
        refresh_auth(call, params);
    else
        idp_failf(call, "InvalidParameterException",
                  "AuthFlow %.*s is not supported by this user pool: use "
                  "USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH",
                  idp_clip(flow, 64), flow);
}

void idp_respond_to_auth_challenge(struct idp_call *call)
{
    const char *name = idp_require(call, "ChallengeName", "challengeName");
    if (!name)
        return;
    if (strcmp(name, "NEW_PASSWORD_REQUIRED") != 0) {
        idp_failf(call, "InvalidParameterException",
                  "ChallengeName %.*s is not supported: this user pool "
                  "only asks NEW_PASSWORD_REQUIRED",
                  idp_clip(name, 64), name);
        return;
    }
    const char *session = idp_require(call, "Session", "session");
    if (!session)
        return;
    const cJSON *resp =
        cJSON_GetObjectItemCaseSensitive(call->in, "ChallengeResponses");
    const char *username = need_param(call, resp, "USERNAME");
    const char *password = username ? need_param(call, resp, "NEW_PASSWORD")
                                    : NULL;
    if (!password)
        return;
    struct store_conn *c = idp_db(call);
    if (!c)
        return;
    char sub[UUID_STR_LEN];
    struct user u = {0};
    char *hash = NULL;
    enum store_rc rc = strlen(session) <= SECRET_MAX
                           ? store_session_check(c, session, sub)
                           : STORE_NOT_FOUND;
    if (rc == STORE_OK)
        rc = store_user_by_sub(c, sub, &u);
    if (rc == STORE_ERROR) {
        idp_internal(call);
        goto out;
    }
    if (rc != STORE_OK || strcasecmp(username, u.email) != 0 ||
        u.status != USER_FORCE_CHANGE_PASSWORD) {
        idp_fail(call, "NotAuthorizedException", BAD_SESSION);
        goto out;
    }
    const char *policy = password_policy_error(password);
    if (policy) {
        /* The session stays usable for another try, as Cognito's does. */
        idp_fail(call, "InvalidPasswordException", policy);
        goto out;
    }
    hash = password_hash(password, (int)call->srv->cfg.password_cost);
    if (!hash) {
        idp_internal(call);
        goto out;
    }
    rc = store_session_complete(c, session, u.sub, hash);
    if (rc == STORE_NOT_FOUND) {
        idp_fail(call, "NotAuthorizedException", BAD_SESSION);
    } else if (rc != STORE_OK) {
        idp_internal(call);
    } else {
        u.status = USER_CONFIRMED;
        log_msg(LOG_INFO, "idp: new password set for %s", u.sub);
        signed_in(call, &u);
    }
out:
    free(hash);
    user_clear(&u);
}

/* Checks an AccessToken member and loads its user; answers and returns
 * -1 when the token is missing, invalid, or revoked by GlobalSignOut. */
static int access_user(struct idp_call *call, struct store_conn **cp,
                       struct user *u)
{
    const char *token = idp_require(call, "AccessToken", "accessToken");
    if (!token)
        return -1;
    struct principal who;
    const char *why = NULL;
    if (verifier_check(call->srv->verifier, token, TOKEN_ACCESS, &who,
                       &why) != 0) {
        idp_fail(call, "NotAuthorizedException",
                 strcmp(why, "Token has expired") == 0
                     ? "Access Token has expired"
                     : "Invalid Access Token");
        return -1;
    }
    struct store_conn *c = idp_db(call);
    if (!c)
        return -1;
    enum store_rc rc = store_user_by_sub(c, who.sub, u);
    if (rc == STORE_ERROR) {
        idp_internal(call);
        return -1;
    }
    if (rc != STORE_OK) {
        idp_fail(call, "NotAuthorizedException", "User does not exist.");
        return -1;
    }
    if (who.iat < u->tokens_valid_after) {
        idp_fail(call, "NotAuthorizedException",
                 "Access Token has been revoked");
        user_clear(u);
        return -1;
    }
    *cp = c;
    return 0;
}

void idp_global_sign_out(struct idp_call *call)
{
    struct store_conn *c;
    struct user u;
    if (access_user(call, &c, &u) != 0)
        return;
    if (store_user_sign_out(c, u.sub) != STORE_OK) {
        idp_internal(call);
    } else {
        log_msg(LOG_INFO, "idp: global sign-out of %s", u.sub);
        idp_reply(call, cJSON_CreateObject());
    }
    user_clear(&u);
}

static void add_attr(cJSON *arr, const char *name, const char *value)
{
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "Name", name);
    cJSON_AddStringToObject(a, "Value", value);
    cJSON_AddItemToArray(arr, a);
}

void idp_get_user(struct idp_call *call)
{
    struct store_conn *c;
    struct user u;
    if (access_user(call, &c, &u) != 0)
        return;
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "Username", u.email);
    cJSON *attrs = cJSON_AddArrayToObject(out, "UserAttributes");
    add_attr(attrs, "sub", u.sub);
    add_attr(attrs, "email_verified",
             u.status == USER_UNCONFIRMED ? "false" : "true");
    add_attr(attrs, "email", u.email);
    user_clear(&u);
    idp_reply(call, out);
}
