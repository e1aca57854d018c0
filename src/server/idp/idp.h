/* idp — the Cognito-compatible sign-in endpoint (POST /, JSON 1.1 with
 * X-Amz-Target: AWSCognitoIdentityProviderService.<Op>).
 *
 * cognito.c dispatches on the target and holds the answer helpers;
 * signin.c and signup.c hold the operations. Answers follow Cognito:
 * 200 with the op's JSON, or 400 {"__type", "message"} plus the
 * x-amzn-errortype header. Nothing here logs a password, token, code or
 * session. */
#ifndef INVENTUI_SERVER_IDP_IDP_H
#define INVENTUI_SERVER_IDP_IDP_H

#include <cjson/cJSON.h>
#include <stdint.h>

#include "server/http/request.h"

struct user;

/* One call of an operation. */
struct idp_call {
    struct request *rq;
    struct response *rs;
    struct server *srv;
    const cJSON *in;       /* the request body, an object */
    const char *client_id; /* checked ClientId, or NULL for token ops */
};

typedef void (*idp_op_fn)(struct idp_call *call);

/* Reads a request to the endpoint before any operation runs: the
 * operation target (X-Amz-Target) names, the Content-Type, the body as
 * strict JSON holding an object, and a ClientId that is ours where the
 * operation takes one. The operation, or NULL after answering 400.
 * call->in is the parsed body (or NULL): the caller jsonwipe_delete()s
 * it either way. Separate from handle_cognito for tests/fuzz. */
idp_op_fn idp_read_request(struct idp_call *call, const char *target,
                           const char *content_type);

/* 200 with out as the body (takes ownership). */
void idp_reply(struct idp_call *call, cJSON *out);
/* 400 Cognito error: body {"__type": type, "message": msg} and the
 * x-amzn-errortype header. */
void idp_fail(struct idp_call *call, const char *type, const char *msg);
/* The same with a printf message. */
void idp_failf(struct idp_call *call, const char *type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* 500 InternalErrorException; the details are in the log already. */
void idp_internal(struct idp_call *call);

/* Bytes of s to quote in a message, at most max and never part of a
 * UTF-8 character (a cut one would make the answer invalid JSON): for
 * printf's "%.*s". */
int idp_clip(const char *s, int max);
/* A string member of obj, or NULL when absent or not a string. */
const char *idp_str(const cJSON *obj, const char *name);
/* A required top-level string member; answers InvalidParameterException
 * in Cognito's words (naming `field`, the camelCase member) and returns
 * NULL when it is absent. */
const char *idp_require(struct idp_call *call, const char *name,
                        const char *field);
/* The store connection, or NULL after answering 500. */
struct store_conn *idp_db(struct idp_call *call);

/* {AccessToken, ExpiresIn, IdToken, [RefreshToken,] TokenType} for u, or
 * NULL after answering 500. */
cJSON *idp_auth_result(struct idp_call *call, const struct user *u,
                       int64_t auth_time, int with_refresh);

/* The operations (signin.c, signup.c). */
void idp_initiate_auth(struct idp_call *call);
void idp_respond_to_auth_challenge(struct idp_call *call);
void idp_global_sign_out(struct idp_call *call);
void idp_get_user(struct idp_call *call);
void idp_sign_up(struct idp_call *call);
void idp_confirm_sign_up(struct idp_call *call);
void idp_resend_confirmation_code(struct idp_call *call);

#endif
