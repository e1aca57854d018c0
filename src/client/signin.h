/* signin — signing in, out and up against the pool the API names, for both
 * front ends; messages speak of the operation (never "run inventui login").
 *
 * Every *msg and *warning is a plain sentence for a person (raw: sanitise
 * it before drawing), the caller's to free. A refusal by the pool carries
 * what was being done ("sign-in failed: wrong email or password"); a
 * missing sign-in setting or an endpoint that cannot be reached is said
 * as it is. */
#ifndef INVENTUI_CLIENT_SIGNIN_H
#define INVENTUI_CLIENT_SIGNIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client/api.h"

enum signin_rc { SIGNIN_OK, SIGNIN_NEW_PASSWORD, SIGNIN_REFUSED, SIGNIN_UNREACHABLE };

struct signin_challenge {      /* NEW_PASSWORD_REQUIRED */
    char *username;            /* USER_ID_FOR_SRP, or the email */
    char *session;             /* the challenge's Session */
    char *endpoint, *client_id; /* the pool that asked (the answer goes there) */
};
/* Frees (wiping the Session) what a challenge owns; NULL members fine. */
void signin_challenge_free(struct signin_challenge *ch);

struct signin_user {           /* who the session belongs to (from the ID token) */
    char *email;               /* NULL when the token has none */
    bool admin;                /* cognito:groups holds "admin" */
    int64_t expires_at;        /* ID token exp, epoch s; -1 when it has none */
    char *sub;                 /* the user id, NULL when the token has none */
    char **groups;             /* cognito:groups (the string entries) */
    size_t ngroups;
};
/* Frees what a user owns. */
void signin_user_free(struct signin_user *u);

/* USER_PASSWORD_AUTH at the pool the API names (auth_settings_resolve); on
 * SIGNIN_OK the session is saved to a->session_path and loaded into a; on
 * SIGNIN_NEW_PASSWORD *ch is filled (signin_challenge_free it); otherwise
 * *msg (caller frees) is a sentence. */
enum signin_rc signin_password(struct api *a, const char *email, const char *password,
                               struct signin_challenge *ch, char **msg);
/* Answers NEW_PASSWORD_REQUIRED; SIGNIN_OK saves the session as above. */
enum signin_rc signin_new_password(struct api *a, const char *email,
                                   const struct signin_challenge *ch,
                                   const char *new_password, char **msg);
/* SignUp; SIGNIN_OK with *destination (caller frees, may be NULL) where the code went. */
enum signin_rc signin_sign_up(struct api *a, const char *email, const char *password,
                              char **destination, char **msg);
/* ConfirmSignUp with the mailed code. */
enum signin_rc signin_confirm(struct api *a, const char *email, const char *code, char **msg);
/* ResendConfirmationCode; *destination as for signin_sign_up. */
enum signin_rc signin_resend(struct api *a, const char *email, char **destination, char **msg);

/* What sign-up, confirm and resend tell, in full (signin_account_free it). */
struct signin_account {
    char *destination;         /* where the code went (masked), or NULL */
    char *user_sub;            /* sign-up: the new user's id, or NULL */
    bool confirmed;            /* sign-up: confirmed already, no code needed */
    bool no_settings;          /* failed before asking the pool: nothing says
                                * where to sign up (SIGNIN_REFUSED) */
};
void signin_account_free(struct signin_account *acc);
/* signin_sign_up, signin_confirm and signin_resend with everything the
 * pool said in *acc (filled whatever the outcome). */
enum signin_rc signin_account_sign_up(struct api *a, const char *email,
                                      const char *password,
                                      struct signin_account *acc, char **msg);
enum signin_rc signin_account_confirm(struct api *a, const char *email,
                                      const char *code,
                                      struct signin_account *acc, char **msg);
enum signin_rc signin_account_resend(struct api *a, const char *email,
                                     struct signin_account *acc, char **msg);

/* GlobalSignOut (renewing a stale access token first) and forgets the local
 * session whatever happens; *warning (caller frees) when the endpoint could not be told. */
void signin_sign_out(struct api *a, char **warning);

enum signin_out_rc {
    SIGNIN_OUT_DONE,       /* there was a session: signed out (or forgotten) */
    SIGNIN_OUT_NONE,       /* there was no session */
    SIGNIN_OUT_UNREADABLE, /* the session file could not be used (*warning) */
};
/* signin_sign_out saying what there was; *warning (caller frees) when the
 * endpoint could not be told or the session file not be read,
 * *forget_warning (caller frees) when the file could not be removed. */
enum signin_out_rc signin_sign_out_report(struct api *a, char **warning,
                                          char **forget_warning);

/* Loads the saved session (no network): 0 and *u filled when there is one. */
int signin_current(struct api *a, struct signin_user *u);
/* The signed-in user, renewing the session first when its ID token is
 * about to expire: API_OK with *u filled (signin_user_free it), else
 * API_UNAUTH or API_UNREACHABLE with *msg (caller frees). */
enum api_rc signin_whoami(struct api *a, struct signin_user *u, char **msg);

#endif
