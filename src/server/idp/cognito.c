#include "server/idp/idp.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/json_strict.h"
#include "common/jsonwipe.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "server/auth/tokens.h"
#include "server/handlers/handlers.h"
#include "server/server.h"
#include "server/store/store_users.h"

#define TARGET_PREFIX "AWSCognitoIdentityProviderService."
#define AMZ_JSON "application/x-amz-json-1.1"
#define CLIENT_ID_MAX 128

struct idp_op {
    const char *name;
    bool needs_client; /* takes a ClientId that must be ours */
    idp_op_fn run;
};

static const struct idp_op OPS[] = {
    {"InitiateAuth", true, idp_initiate_auth},
    {"RespondToAuthChallenge", true, idp_respond_to_auth_challenge},
    {"SignUp", true, idp_sign_up},
    {"ConfirmSignUp", true, idp_confirm_sign_up},
    {"ResendConfirmationCode", true, idp_resend_confirmation_code},
    {"GlobalSignOut", false, idp_global_sign_out},
    {"GetUser", false, idp_get_user},
    {0},
};

static void reply_json(struct idp_call *call, int status, cJSON *out)
{
    char *text = cJSON_PrintUnformatted(out);
    jsonwipe_delete(out); /* tokens, sessions */
    if (!text)
        abort(); /* cJSON fails only when out of memory */
    respond_json_text(call->rs, status, text);
    call->rs->content_type = AMZ_JSON;
}

void idp_reply(struct idp_call *call, cJSON *out)
{
    reply_json(call, 200, out);
}

static void fail_status(struct idp_call *call, int status, const char *type,
                        const char *msg)
{
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "__type", type);
    cJSON_AddStringToObject(out, "message", msg);
    reply_json(call, status, out);
    response_add_header(call->rs, "x-amzn-errortype", type);
}

void idp_fail(struct idp_call *call, const char *type, const char *msg)
{
    fail_status(call, 400, type, msg);
}

void idp_failf(struct idp_call *call, const char *type, const char *fmt, ...)
{
    struct strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    idp_fail(call, type, sb.buf);
    strbuf_free(&sb);
}

void idp_internal(struct idp_call *call)
{
    fail_status(call, 500, "InternalErrorException",
                "An internal error occurred; see the server log for this "
                "request id");
}

int idp_clip(const char *s, int max)
{
    int n = 0;
    while (n < max && s[n])
        n++;
    /* Back off continuation bytes (10xxxxxx) that the limit cut from
     * their lead byte. */
    if (s[n])
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    return n;
}

const char *idp_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *idp_require(struct idp_call *call, const char *name,
                        const char *field)
{
    const char *v = idp_str(call->in, name);
    if (!v)
        idp_failf(call, "InvalidParameterException",
                  "1 validation error detected: Value null at '%s' failed "
                  "to satisfy constraint: Member must not be null",
                  field);
    return v;
}

struct store_conn *idp_db(struct idp_call *call)
{
    struct store_conn *c = request_db(call->rq);
    if (!c)
        idp_internal(call);
    return c;
}

cJSON *idp_auth_result(struct idp_call *call, const struct user *u,
                       int64_t auth_time, int with_refresh)
{
    struct server *srv = call->srv;
    struct token_params tp = {
        .keys = srv->keys,
        .issuer = srv->issuer,
        .client_id = srv->client_id,
        .lifetime = (long)srv->cfg.token_lifetime,
    };
    struct token_subject ts = {
        .sub = u->sub,
        .email = u->email,
        .groups = (const char *const *)u->groups,
        .ngroups = u->ngroups,
        .auth_time = auth_time,
    };
    char *id = token_issue(&tp, TOKEN_ID, &ts);
    char *access = token_issue(&tp, TOKEN_ACCESS, &ts);
    char *refresh = NULL;
    cJSON *res = NULL;
    if (!id || !access) {
        log_msg(LOG_ERROR, "idp: cannot sign tokens for %s", u->sub);
        idp_internal(call);
        goto out;
    }
    if (with_refresh) {
        struct store_conn *c = idp_db(call);
        if (!c)
            goto out;
        refresh = store_refresh_new(c, u->sub, srv->client_id, auth_time);
        if (!refresh) {
            idp_internal(call);
            goto out;
        }
    }
    res = cJSON_CreateObject();
    cJSON_AddStringToObject(res, "AccessToken", access);
    cJSON_AddNumberToObject(res, "ExpiresIn", (double)srv->cfg.token_lifetime);
    cJSON_AddStringToObject(res, "IdToken", id);
    if (refresh)
        cJSON_AddStringToObject(res, "RefreshToken", refresh);
    cJSON_AddStringToObject(res, "TokenType", "Bearer");
out:
    free(id);
    free(access);
    free(refresh);
    return res;
}

/* "application/x-amz-json-1.1" or "application/json", parameters allowed. */
static bool json_type(const char *ct)
{
    if (!ct)
        return false;
    static const char *const OK[] = {AMZ_JSON, "application/json", NULL};
    for (int i = 0; OK[i]; i++) {
        size_t n = strlen(OK[i]);
        if (strncasecmp(ct, OK[i], n) == 0 &&
            (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
            return true;
    }
    return false;
}

/* ClientId must be ours; answers and returns false otherwise. */
static bool check_client(struct idp_call *call)
{
    const char *id = idp_require(call, "ClientId", "clientId");
    if (!id)
        return false;
    size_t len = strlen(id);
    bool shape = len >= 1 && len <= CLIENT_ID_MAX;
    for (const char *p = id; *p && shape; p++)
        shape = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || *p == '_' || *p == '+';
    if (!shape) {
        idp_fail(call, "InvalidParameterException",
                 "1 validation error detected: Value at 'clientId' failed "
                 "to satisfy constraint: Member must satisfy regular "
                 "expression pattern: [\\w+]+");
        return false;
    }
    if (strcmp(id, call->srv->client_id) != 0) {
        idp_failf(call, "ResourceNotFoundException",
                  "User pool client %s does not exist.", id);
        return false;
    }
    call->client_id = id;
    return true;
}

static const struct idp_op *find_op(const char *target)
{
    size_t n = strlen(TARGET_PREFIX);
    if (!target || strncmp(target, TARGET_PREFIX, n) != 0)
        return NULL;
    for (const struct idp_op *op = OPS; op->name; op++)
        if (strcmp(target + n, op->name) == 0)
            return op;
    return NULL;
}

idp_op_fn idp_read_request(struct idp_call *call, const char *target,
                           const char *content_type)
{
    const struct idp_op *op = find_op(target);
    if (!op) {
        idp_fail(call, "UnknownOperationException",
                 target ? "Unknown operation: X-Amz-Target names no "
                          "operation of AWSCognitoIdentityProviderService"
                        : "Missing X-Amz-Target header (e.g. "
                          "AWSCognitoIdentityProviderService.InitiateAuth)");
        return NULL;
    }
    if (!json_type(content_type)) {
        idp_fail(call, "InvalidParameterException",
                 "Content-Type must be application/x-amz-json-1.1");
        return NULL;
    }
    /* Strict RFC 8259 first (common/json_strict.h): cJSON alone takes
     * \uZZZZ as a NUL that hides what follows it, and 01 as 1. */
    struct request *rq = call->rq;
    struct json_strict_error err;
    cJSON *in = json_strict_parse(rq->body, rq->body_len, &err);
    if (!in) {
        char why[96];
        json_strict_describe(&err, why, sizeof why);
        idp_failf(call, "InvalidParameterException",
                  "Request body is not valid JSON: %s", why);
        return NULL;
    }
    call->in = in;
    if (!cJSON_IsObject(in)) {
        idp_fail(call, "InvalidParameterException",
                 "Request body must be a JSON object");
        return NULL;
    }
    if (op->needs_client && !check_client(call))
        return NULL;
    return op->run;
}

void handle_cognito(struct request *rq, struct response *rs)
{
    struct idp_call call = {.rq = rq, .rs = rs, .srv = rq->srv};
    response_add_header(rs, "x-amzn-RequestId", rq->request_id);
    if (rq->srv->cfg.issuer[0]) {
        /* External pool: we only verify its tokens; users live there. */
        idp_failf(&call, "InvalidParameterException",
                  "This server trusts the external user pool %s: sign in "
                  "there, not here.",
                  rq->srv->cfg.issuer);
        return;
    }
    idp_op_fn run = idp_read_request(&call, request_header(rq, "X-Amz-Target"),
                                     request_header(rq, "Content-Type"));
    if (run)
        run(&call);
    /* It held a password, a code, a session or a token. */
    jsonwipe_delete((cJSON *)call.in);
}
