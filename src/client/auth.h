/* auth — where and how to sign in: the Cognito settings from the config and
 * flags, completed from the API's GET /config (the bundled server), and
 * the session's renewal with REFRESH_TOKEN_AUTH. */
#ifndef INVENTUI_CLIENT_AUTH_H
#define INVENTUI_CLIENT_AUTH_H

#include <stdatomic.h>
#include <stdbool.h>

#include "client/cognito.h"
#include "client/config.h"
#include "client/session.h"

struct auth_settings {
    char endpoint[512];
    char client_id[128];
    char region[64];
    char user_pool_id[128];
};

enum auth_rc { AUTH_OK, AUTH_FAILED, AUTH_UNREACHABLE };

/* Fills s from cfg, asking GET /config for whatever is missing. On failure
 * *err (caller frees) says what to set. What GET /config says is checked
 * before anything is sent: a region must be auth_region_valid, an
 * endpoint auth_endpoint_allowed. */
enum auth_rc auth_settings_resolve(const struct client_config *cfg,
                                   struct auth_settings *s, char **err);
/* auth_settings_resolve with GET /config sent over http's connections
 * (NULL: its own) and stopped by *cancel (NULL: never; a cancel is
 * AUTH_UNREACHABLE with *err "cancelled"). */
enum auth_rc auth_settings_resolve_via(const struct client_config *cfg,
                                       struct http_client *http,
                                       const atomic_int *cancel,
                                       struct auth_settings *s, char **err);
/* Whether r is "local" or an AWS region name (^[a-z]{2}(-[a-z]+)+-[0-9]$,
 * e.g. eu-west-1): the only text spliced into a sign-in host name. */
bool auth_region_valid(const char *r);
/* Whether a sign-in endpoint named by the API at api_url may be sent
 * passwords: an http(s) URL without a user name, and https unless its host
 * is loopback or the API's own host reached over http. 0, or -1 with *err
 * (caller frees) a sentence for the user. */
int auth_endpoint_allowed(const char *endpoint, const char *api_url,
                          char **err);
/* A cognito handle for endpoint/client_id with cfg's secret and timeout
 * (no shared connections, no cancel flag: set out->http, out->cancel). */
void auth_cognito(const struct client_config *cfg, const char *endpoint,
                  const char *client_id, struct cognito *out);
/* Renews sess's ID and access tokens at c (a handle for sess->endpoint and
 * sess->client_id) and saves it to path. AUTH_FAILED (the session has
 * ended) or AUTH_UNREACHABLE (also on a cancel) with *msg (caller frees). */
enum auth_rc auth_refresh(const struct cognito *c, struct session *sess,
                          const char *path, char **msg);

#endif
