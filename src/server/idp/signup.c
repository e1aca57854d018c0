/* SignUp, ConfirmSignUp, ResendConfirmationCode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "server/auth/email.h"
#include "server/auth/password.h"
#include "server/auth/throttle.h"
#include "server/idp/idp.h"
#include "server/mail/mail.h"
#include "server/server.h"
#include "server/store/store_users.h"

#define CODE_INPUT_MAX 2048 /* Cognito's limit on ConfirmationCode */

static const char NOT_EMAIL[] = "Username should be an email.";
static const char CODE_MISMATCH_MSG[] =
    "Invalid verification code provided, please try again.";

static cJSON *delivery(const char *email)
{
    char masked[64];
    email_mask(email, masked, sizeof masked);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "Destination", masked);
    cJSON_AddStringToObject(d, "DeliveryMedium", "EMAIL");
    cJSON_AddStringToObject(d, "AttributeName", "email");
    return d;
}

/* Makes a fresh code for u and mails it; answers and returns -1 on
 * failure. */
static int send_code(struct idp_call *call, struct store_conn *c,
                     const struct user *u)
{
    char code[USER_CODE_LEN + 1];
    if (store_code_new(c, u->sub, code) != STORE_OK) {
        idp_internal(call);
        return -1;
    }
    struct strbuf body = {0};
    strbuf_printf(&body,
                  "Hello,\n\n"
                  "Your inventui verification code is %s\n\n"
                  "Enter it where you signed up to confirm your account. "
                  "It expires in 24 hours.\n"
                  "If you did not sign up, you can ignore this message.\n",
                  code);
    char *err = NULL;
    int rc = mail_send(call->srv->mail, u->email,
                       "Your inventui verification code", body.buf, &err);
    strbuf_free(&body);
    if (rc != 0) {
        log_msg(LOG_ERROR, "idp: cannot mail the code for %s: %s", u->sub,
                err);
        free(err);
        idp_fail(call, "CodeDeliveryFailureException",
                 "Unable to deliver the verification code; ask an "
                 "administrator to confirm the account (inventui user "
                 "confirm).");
        return -1;
    }
    log_msg(LOG_INFO, "idp: verification code mailed for %s", u->sub);
    return 0;
}

/* UserAttributes: only email is in the schema, and it must be Username. */
static int check_attributes(struct idp_call *call, const char *username)
{
    const cJSON *attrs =
        cJSON_GetObjectItemCaseSensitive(call->in, "UserAttributes");
    if (!attrs)
        return 0;
    if (!cJSON_IsArray(attrs)) {
        idp_fail(call, "InvalidParameterException",
                 "UserAttributes must be a list of {Name, Value}");
        return -1;
    }
    const cJSON *a;
    cJSON_ArrayForEach(a, attrs) {
        const char *name = idp_str(a, "Name");
        const char *value = idp_str(a, "Value");
        if (!name) {
            idp_fail(call, "InvalidParameterException",
                     "Each of UserAttributes needs a Name");
            return -1;
        }
        if (strcmp(name, "email") != 0) {
            idp_failf(call, "InvalidParameterException",
                      "Attributes did not conform to the schema: %.*s: "
                      "Attribute does not exist in the schema.",
                      idp_clip(name, 64), name);
            return -1;
        }
        if (!value || strcasecmp(value, username) != 0) {
            idp_fail(call, "InvalidParameterException",
                     "Attribute email must be the same as Username: this "
                     "user pool signs in with the e-mail address.");
            return -1;
        }
    }
    return 0;
}

void idp_sign_up(struct idp_call *call)
{
    const char *username = idp_require(call, "Username", "username");
    const char *password =
        username ? idp_require(call, "Password", "password") : NULL;
    if (!password)
        return;
    if (!email_valid(username)) {
        idp_fail(call, "InvalidParameterException", NOT_EMAIL);
        return;
    }
    if (check_attributes(call, username) != 0)
        return;
    const char *policy = password_policy_error(password);
    if (policy) {
        idp_fail(call, "InvalidPasswordException", policy);
        return;
    }
    struct store_conn *c = idp_db(call);
    if (!c)
        return;
    static const char EXISTS[] = "An account with the given email already "
                                 "exists.";
    struct user u = {0};
    enum store_rc rc = store_user_by_email(c, username, &u);
    user_clear(&u);
    if (rc == STORE_OK) {
        idp_fail(call, "UsernameExistsException", EXISTS);
        return;
    }
    if (rc != STORE_NOT_FOUND) {
        idp_internal(call);
        return;
    }
    char *hash = password_hash(password, (int)call->srv->cfg.password_cost);
    if (!hash) {
        idp_internal(call);
        return;
    }
    rc = store_user_create(c, username, hash, USER_UNCONFIRMED, NULL, 0,
                           u.sub);
    free(hash);
    if (rc == STORE_CONFLICT) {
        idp_fail(call, "UsernameExistsException", EXISTS);
        return;
    }
    if (rc != STORE_OK) {
        idp_internal(call);
        return;
    }
    snprintf(u.email, sizeof u.email, "%s", username);
    log_msg(LOG_INFO, "idp: signed up %s", u.sub);
    if (send_code(call, c, &u) != 0)
        return;
    cJSON *out = cJSON_CreateObject();
    cJSON_AddBoolToObject(out, "UserConfirmed", 0);
    cJSON_AddStringToObject(out, "UserSub", u.sub);
    cJSON_AddItemToObject(out, "CodeDeliveryDetails", delivery(username));
    idp_reply(call, out);
}

void idp_confirm_sign_up(struct idp_call *call)
{
    const char *username = idp_require(call, "Username", "username");
    const char *code =
        username ? idp_require(call, "ConfirmationCode", "confirmationCode")
                 : NULL;
    if (!code)
        return;
    if (!*code || strlen(code) > CODE_INPUT_MAX) {
        idp_fail(call, "InvalidParameterException",
                 "1 validation error detected: Value at 'confirmationCode' "
                 "failed to satisfy constraint: Member must have length "
                 "between 1 and 2048");
        return;
    }
    struct store_conn *c = idp_db(call);
    if (!c)
        return;
    struct user u = {0};
    enum store_rc rc = strlen(username) <= EMAIL_MAX_LEN
                           ? store_user_by_email(c, username, &u)
                           : STORE_NOT_FOUND;
    if (rc == STORE_ERROR) {
        idp_internal(call);
        return;
    }
    if (rc == STORE_NOT_FOUND) {
        /* As a pool that hides which users exist. */
        idp_fail(call, "CodeMismatchException", CODE_MISMATCH_MSG);
        return;
    }
    if (u.status != USER_UNCONFIRMED) {
        idp_failf(call, "NotAuthorizedException",
                  "User cannot be confirmed. Current status is %s",
                  user_status_name(u.status));
        user_clear(&u);
        return;
    }
    switch (store_code_confirm(c, u.sub, code)) {
    case CODE_OK:
        log_msg(LOG_INFO, "idp: confirmed %s", u.sub);
        idp_reply(call, cJSON_CreateObject());
        break;
    case CODE_MISMATCH:
        idp_fail(call, "CodeMismatchException", CODE_MISMATCH_MSG);
        break;
    case CODE_EXPIRED:
        idp_fail(call, "ExpiredCodeException",
                 "Invalid code provided, please request a code again.");
        break;
    case CODE_ERROR:
        idp_internal(call);
        break;
    }
    user_clear(&u);
}

void idp_resend_confirmation_code(struct idp_call *call)
{
    const char *username = idp_require(call, "Username", "username");
    if (!username)
        return;
    if (!email_valid(username)) {
        idp_fail(call, "InvalidParameterException", NOT_EMAIL);
        return;
    }
    struct store_conn *c = idp_db(call);
    if (!c)
        return;
    struct user u = {0};
    enum store_rc rc = store_user_by_email(c, username, &u);
    if (rc == STORE_ERROR) {
        idp_internal(call);
        return;
    }
    if (rc == STORE_OK && u.status != USER_UNCONFIRMED) {
        idp_fail(call, "InvalidParameterException",
                 "User is already confirmed.");
        user_clear(&u);
        return;
    }
    if (rc == STORE_OK) {
        /* Each resend writes a mail: limit them like failed sign-ins. */
        struct server *srv = call->srv;
        char lower[EMAIL_MAX_LEN + 1];
        email_lower(u.email, lower, sizeof lower);
        struct strbuf key = {0};
        strbuf_printf(&key, "mail:%s", lower);
        const char *const keys[] = {key.buf};
        const int limits[] = {(int)srv->cfg.signin_attempts};
        int blocked = throttle_take(srv->throttle, keys, limits, 1);
        strbuf_free(&key);
        if (blocked) {
            idp_fail(call, "LimitExceededException",
                     "Attempt limit exceeded, please try after some time.");
            user_clear(&u);
            return;
        }
        int sent = send_code(call, c, &u);
        user_clear(&u);
        if (sent != 0)
            return;
    }
    /* An unknown user gets the same answer, and no mail. */
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "CodeDeliveryDetails", delivery(username));
    idp_reply(call, out);
}
