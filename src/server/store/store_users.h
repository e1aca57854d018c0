/* store_users — the user pool in the store: users (by e-mail, compared
 * case-insensitively, or by sub), their groups, sign-up confirmation codes,
 * refresh tokens and NEW_PASSWORD_REQUIRED sessions.
 *
 * Codes, refresh tokens and sessions are stored only as SHA-256 hex; the
 * plain values exist only in the answer to the one who asked for them.
 * Times are epoch milliseconds, except tokens_valid_after (seconds, like
 * a JWT's iat). */
#ifndef INVENTUI_SERVER_STORE_USERS_H
#define INVENTUI_SERVER_STORE_USERS_H

#include <stdint.h>

#include "common/uuid.h"
#include "server/auth/email.h"
#include "server/store/store.h"

#define USER_CODE_LEN 6
#define USER_CODE_TTL_MS (24 * 3600 * 1000LL)
#define USER_CODE_MAX_ATTEMPTS 5
#define USER_REFRESH_TTL_MS (30 * 24 * 3600 * 1000LL)
#define USER_SESSION_TTL_MS (3 * 60 * 1000LL)
#define USER_GROUP_MAX_LEN 128

enum user_status {
    USER_UNCONFIRMED,
    USER_CONFIRMED,
    USER_FORCE_CHANGE_PASSWORD,
};

struct user {
    char sub[UUID_STR_LEN];
    char email[EMAIL_MAX_LEN + 1];
    char *password_hash; /* owned */
    enum user_status status;
    int64_t created_at, updated_at;
    int64_t tokens_valid_after; /* seconds: tokens with iat below are revoked */
    char **groups;              /* owned, sorted */
    int ngroups;
};

enum code_rc {
    CODE_OK,       /* matched: the user is now CONFIRMED */
    CODE_MISMATCH, /* wrong code; one attempt used */
    CODE_EXPIRED,  /* none, expired, or out of attempts */
    CODE_ERROR,    /* the store failed (logged) */
};

/* "UNCONFIRMED", "CONFIRMED", "FORCE_CHANGE_PASSWORD". */
const char *user_status_name(enum user_status s);
/* Frees what a struct user owns (not the struct itself). */
void user_clear(struct user *u);
/* True for a group name the pool accepts: 1…128 printable ASCII
 * characters, no spaces or commas. */
bool user_group_valid(const char *name);

/* Creates a user with a new sub (written to out_sub). STORE_CONFLICT when
 * the e-mail is taken. */
enum store_rc store_user_create(struct store_conn *c, const char *email,
                                const char *password_hash,
                                enum user_status status,
                                const char *const *groups, int ngroups,
                                char out_sub[UUID_STR_LEN]);
/* Fills *u (release with user_clear). STORE_NOT_FOUND if absent. */
enum store_rc store_user_by_email(struct store_conn *c, const char *email,
                                  struct user *u);
enum store_rc store_user_by_sub(struct store_conn *c, const char *sub,
                                struct user *u);
/* Every user, ordered by e-mail; *out is an array the caller frees after
 * user_clear on each. */
enum store_rc store_user_list(struct store_conn *c, struct user **out,
                              int *n);
/* Sets the password hash and the status. */
enum store_rc store_user_set_password(struct store_conn *c, const char *sub,
                                      const char *password_hash,
                                      enum user_status status);
enum store_rc store_user_set_status(struct store_conn *c, const char *sub,
                                    enum user_status status);
/* Adds / removes a group; STORE_CONFLICT if already a member,
 * STORE_NOT_FOUND if not one. */
enum store_rc store_user_group_add(struct store_conn *c, const char *sub,
                                   const char *group);
enum store_rc store_user_group_remove(struct store_conn *c, const char *sub,
                                      const char *group);
/* Deletes a user and everything hanging off it. */
enum store_rc store_user_delete(struct store_conn *c, const char *sub);

/* A fresh 6-digit code for sub, replacing any earlier one, into code. */
enum store_rc store_code_new(struct store_conn *c, const char *sub,
                             char code[USER_CODE_LEN + 1]);
/* Checks code for sub; on a match, in the same transaction, deletes the
 * code and moves an UNCONFIRMED user to CONFIRMED. */
enum code_rc store_code_confirm(struct store_conn *c, const char *sub,
                                const char *code);

/* Issues a refresh token (random, base64url) for sub; the caller frees. */
char *store_refresh_new(struct store_conn *c, const char *sub,
                        const char *client_id, int64_t auth_time);
/* Looks up a live (unrevoked, unexpired) refresh token of client_id:
 * out_sub and *auth_time (seconds). STORE_NOT_FOUND otherwise. */
enum store_rc store_refresh_check(struct store_conn *c, const char *token,
                                  const char *client_id,
                                  char out_sub[UUID_STR_LEN],
                                  int64_t *auth_time);
/* GlobalSignOut: revokes every refresh token of sub and makes tokens
 * issued before now (seconds) invalid for the pool's own operations. */
enum store_rc store_user_sign_out(struct store_conn *c, const char *sub);

/* A NEW_PASSWORD_REQUIRED session for sub (random; the caller frees). */
char *store_session_new(struct store_conn *c, const char *sub);
/* The sub of a live session, or STORE_NOT_FOUND. */
enum store_rc store_session_check(struct store_conn *c, const char *session,
                                  char out_sub[UUID_STR_LEN]);
/* Ends the session (once: STORE_NOT_FOUND if already used or expired) and
 * sets the new password with status CONFIRMED, in one transaction. */
enum store_rc store_session_complete(struct store_conn *c,
                                     const char *session, const char *sub,
                                     const char *password_hash);

/* The password cost (log2 N) the server runs with, recorded at its start
 * so `inventui user` hashes alike; 0 when never recorded. */
int store_users_cost(struct store_conn *c);
enum store_rc store_users_set_cost(struct store_conn *c, int cost);

#endif
