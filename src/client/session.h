/* session — the signed-in user's tokens, kept between runs.
 *
 * One file per API URL in the cache directory ([cache] path, else
 * $XDG_CACHE_HOME/inventui, else ~/.cache/inventui):
 * session-<hash of the API URL>.json, created 0600 in a 0700 directory,
 * and refused on load when group or others could read it. The ID token is
 * renewed `margin` seconds before its own `exp` (read with libjwt, never a
 * lifetime assumed). */
#ifndef INVENTUI_CLIENT_SESSION_H
#define INVENTUI_CLIENT_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct session {
    char *api_url;
    char *endpoint;      /* the Cognito endpoint signed in at */
    char *client_id;
    char *username;      /* cognito:username, for SECRET_HASH on refresh */
    char *id_token, *access_token, *refresh_token;
};

/* Frees (wiping the tokens) what a session owns. */
void session_free(struct session *s);

/* The cache directory (cache_path if not empty); NULL when no home is
 * known. Caller frees. */
char *session_dir(const char *cache_path);
/* The session file for api_url inside dir. Caller frees. */
char *session_path(const char *dir, const char *api_url);

enum session_rc { SESSION_OK, SESSION_NONE, SESSION_ERROR };
/* Loads path; SESSION_NONE when there is no file, SESSION_ERROR with *err
 * (caller frees) when it is unsafe or unreadable. */
enum session_rc session_load(const char *path, struct session *s, char **err);
/* Writes s to path (0600; the directory is created 0700). 0 or -1 with
 * *err (caller frees). */
int session_save(const char *path, const struct session *s, char **err);
/* Removes the file; 0 when it is gone (or never was). */
int session_forget(const char *path);

/* The `exp` claim (epoch seconds) of a JWT, read without verifying; -1
 * when the token is unreadable or has none. */
int64_t session_token_exp(const char *jwt);
/* The JWT's claims as JSON (unverified), or NULL. Caller cJSON_Delete()s. */
cJSON *session_token_claims(const char *jwt);
/* Seconds before exp at which to renew: 60, or $INVENTUI_REFRESH_MARGIN. */
long session_refresh_margin(void);
/* True when the ID token expires within the margin (or is unreadable). */
bool session_needs_refresh(const struct session *s, int64_t now_s);

#endif
