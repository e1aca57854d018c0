/* cognito — the Cognito user-pool calls the client signs in with (AWS JSON
 * 1.1 over POST to the endpoint): InitiateAuth USER_PASSWORD_AUTH and
 * REFRESH_TOKEN_AUTH, RespondToAuthChallenge NEW_PASSWORD_REQUIRED,
 * GlobalSignOut, SignUp, ConfirmSignUp, ResendConfirmationCode. Works against AWS, the bundled server and emulators;
 * every error becomes a plain sentence for a person. */
#ifndef INVENTUI_CLIENT_COGNITO_H
#define INVENTUI_CLIENT_COGNITO_H

#include <stdatomic.h>
#include <stdbool.h>

#include "client/http.h"

struct cognito {
    const char *endpoint;      /* e.g. https://cognito-idp.eu-west-1.amazonaws.com/ */
    const char *client_id;
    const char *client_secret; /* NULL or "": the app client has none */
    long timeout_ms;
    struct http_client *http;  /* whose open connections to use; NULL: a
                                * connection per call */
    const atomic_int *cancel;  /* non-zero stops the call (COGNITO_UNREACHABLE,
                                * message "cancelled"); NULL: never */
};

enum cognito_rc {
    COGNITO_OK,          /* tokens in the result */
    COGNITO_NEW_PASSWORD,/* NEW_PASSWORD_REQUIRED: session, username set */
    COGNITO_REFUSED,     /* the pool said no: message says why */
    COGNITO_UNREACHABLE, /* no answer from the endpoint */
};

/* What the context of a call is, for choosing the sentence. */
enum cognito_op {
    COGNITO_OP_SIGN_IN,
    COGNITO_OP_NEW_PASSWORD,
    COGNITO_OP_REFRESH,
    COGNITO_OP_SIGN_OUT,
    COGNITO_OP_SIGN_UP,
    COGNITO_OP_CONFIRM,
    COGNITO_OP_RESEND,
};

struct cognito_result {
    enum cognito_rc rc;
    char *id_token, *access_token, *refresh_token; /* refresh: NULL on
                                                      REFRESH_TOKEN_AUTH */
    char *session;       /* the challenge's Session */
    char *username;      /* the challenge's USER_ID_FOR_SRP */
    char *error_type;    /* bare exception name, e.g. NotAuthorizedException */
    char *message;       /* a plain sentence (never the server's raw text) */
    char *destination;   /* SignUp, resend: where the code went (masked) */
    char *user_sub;      /* SignUp: the new user's id */
    bool user_confirmed; /* SignUp: confirmed already (no code needed) */
};

/* Frees what a result owns; token strings are wiped first. */
void cognito_result_free(struct cognito_result *r);

/* Base64(HMAC-SHA256(secret, username + client_id)); caller frees. */
char *cognito_secret_hash(const char *secret, const char *username,
                          const char *client_id);
/* The bare exception name from a __type or x-amzn-errortype value
 * ("aws.foo#NotAuthorizedException:http://…" → NotAuthorizedException);
 * caller frees. */
char *cognito_error_name(const char *raw);
/* The sentence for an error, by exception name, the pool's message (may be
 * NULL) and what was being done. Static string. */
const char *cognito_error_sentence(const char *type, const char *message,
                                   enum cognito_op op);

void cognito_sign_in(const struct cognito *c, const char *username,
                     const char *password, struct cognito_result *out);
void cognito_new_password(const struct cognito *c, const char *username,
                          const char *session, const char *new_password,
                          struct cognito_result *out);
/* username is cognito:username (for SECRET_HASH). */
void cognito_refresh(const struct cognito *c, const char *username,
                     const char *refresh_token, struct cognito_result *out);
void cognito_sign_out(const struct cognito *c, const char *access_token,
                      struct cognito_result *out);
/* SignUp with the e-mail as username (and as the email attribute); the
 * pool mails a confirmation code. COGNITO_OK with destination set. */
void cognito_sign_up(const struct cognito *c, const char *email,
                     const char *password, struct cognito_result *out);
void cognito_confirm_sign_up(const struct cognito *c, const char *email,
                             const char *code, struct cognito_result *out);
void cognito_resend_code(const struct cognito *c, const char *email,
                         struct cognito_result *out);

#endif
