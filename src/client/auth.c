#include "client/auth.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"

static void copy_if_empty(char *dst, size_t size, const cJSON *obj,
                          const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!dst[0] && cJSON_IsString(v) && strlen(v->valuestring) < size)
        snprintf(dst, size, "%s", v->valuestring);
}

/* Completes s from the API's GET /config. */
static enum auth_rc from_api(const struct client_config *cfg,
                             struct http_client *http, const atomic_int *cancel,
                             struct auth_settings *s, char **err)
{
    struct http_retry retry;
    http_retry_defaults(&retry);
    size_t n = strlen(cfg->api_url);
    while (n > 0 && cfg->api_url[n - 1] == '/')
        n--;
    char *url = str_printf("%.*s/config", (int)n, cfg->api_url);
    struct http_request rq = {.method = "GET", .url = url,
                              .timeout_ms = cfg->timeout * 1000,
                              .retry = &retry, .cancel = cancel};
    struct http_response resp;
    enum auth_rc rc = AUTH_FAILED;
    cJSON *json = NULL;
    if (http_client_fetch(http, &rq, &resp) != 0) {
        *err = resp.cancelled ? xstrdup("cancelled")
                              : str_printf("cannot reach the API at %s: %s",
                                           cfg->api_url, resp.error);
        rc = AUTH_UNREACHABLE;
        goto out;
    }
    json = cJSON_ParseWithLength(resp.body, resp.body_len);
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(json, "data"), "auth");
    if (resp.status != 200 || !cJSON_IsObject(auth)) {
        *err = str_printf("the API does not say how to sign in (GET /config "
                          "answered HTTP %ld): set [cognito] region and "
                          "client_id (or endpoint) in the config file",
                          resp.status);
        goto out;
    }
    copy_if_empty(s->endpoint, sizeof s->endpoint, auth, "endpoint");
    copy_if_empty(s->client_id, sizeof s->client_id, auth, "clientId");
    copy_if_empty(s->region, sizeof s->region, auth, "region");
    copy_if_empty(s->user_pool_id, sizeof s->user_pool_id, auth, "userPoolId");
    rc = AUTH_OK;
out:
    cJSON_Delete(json);
    http_response_free(&resp);
    free(url);
    return rc;
}

enum auth_rc auth_settings_resolve(const struct client_config *cfg,
                                   struct auth_settings *s, char **err)
{
    return auth_settings_resolve_via(cfg, NULL, NULL, s, err);
}

enum auth_rc auth_settings_resolve_via(const struct client_config *cfg,
                                       struct http_client *http,
                                       const atomic_int *cancel,
                                       struct auth_settings *s, char **err)
{
    memset(s, 0, sizeof *s);
    *err = NULL;
    snprintf(s->endpoint, sizeof s->endpoint, "%s", cfg->cognito_endpoint);
    snprintf(s->client_id, sizeof s->client_id, "%s", cfg->client_id);
    snprintf(s->region, sizeof s->region, "%s", cfg->region);
    snprintf(s->user_pool_id, sizeof s->user_pool_id, "%s", cfg->user_pool_id);
    if (!s->client_id[0] || (!s->endpoint[0] && !s->region[0])) {
        enum auth_rc rc = from_api(cfg, http, cancel, s, err);
        if (rc != AUTH_OK)
            return rc;
    }
    if (!s->endpoint[0] && s->region[0])
        snprintf(s->endpoint, sizeof s->endpoint,
                 "https://cognito-idp.%s.amazonaws.com/", s->region);
    if (!s->endpoint[0] || !s->client_id[0]) {
        *err = xstrdup("the sign-in settings are incomplete: set [cognito] "
                       "client_id and region (or endpoint) in the config "
                       "file");
        return AUTH_FAILED;
    }
    return AUTH_OK;
}

void auth_cognito(const struct client_config *cfg, const char *endpoint,
                  const char *client_id, struct cognito *out)
{
    out->endpoint = endpoint;
    out->client_id = client_id;
    out->client_secret = cfg->client_secret;
    out->timeout_ms = cfg->timeout * 1000;
    out->http = NULL;
    out->cancel = NULL;
}

enum auth_rc auth_refresh(const struct cognito *c, struct session *sess,
                          const char *path, char **msg)
{
    *msg = NULL;
    if (!sess->refresh_token) {
        *msg = xstrdup("the session has ended; sign in again");
        return AUTH_FAILED;
    }
    struct cognito_result r;
    cognito_refresh(c, sess->username ? sess->username : "",
                    sess->refresh_token, &r);
    enum auth_rc rc = AUTH_OK;
    if (r.rc == COGNITO_UNREACHABLE) {
        *msg = xstrdup(r.message);
        rc = AUTH_UNREACHABLE;
        goto out;
    }
    if (r.rc != COGNITO_OK) {
        *msg = xstrdup(r.message ? r.message
                                 : "the session has ended; sign in again");
        rc = AUTH_FAILED;
        goto out;
    }
    free(sess->id_token);
    free(sess->access_token);
    sess->id_token = r.id_token;
    sess->access_token = r.access_token;
    r.id_token = r.access_token = NULL;
    if (r.refresh_token) { /* Cognito sends none; some emulators rotate */
        free(sess->refresh_token);
        sess->refresh_token = r.refresh_token;
        r.refresh_token = NULL;
    }
    if (session_save(path, sess, msg) != 0)
        rc = AUTH_FAILED;
out:
    cognito_result_free(&r);
    return rc;
}
