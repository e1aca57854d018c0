#include "client/auth.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/fatal.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/strbuf.h"

static void copy_if_empty(char *dst, size_t size, const cJSON *obj,
                          const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!dst[0] && cJSON_IsString(v) && strlen(v->valuestring) < size)
        snprintf(dst, size, "%s", v->valuestring);
}

/* Whether a GET /config answer is the API's envelope: data an object,
 * auth (when there) an object. */
static bool config_shaped(const cJSON *json)
{
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(json, "data");
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(data, "auth");
    return cJSON_IsObject(data) && (!auth || cJSON_IsObject(auth));
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
        /* A 200 that is not the API's configuration at all is a server
         * (or URL) gone wrong, not a setting the person lacks. */
        if (resp.status == 200 && !config_shaped(json)) {
            *err = str_printf("the API at %s answered GET /config with "
                              "something that is not its configuration (is "
                              "--api the inventory API?)",
                              cfg->api_url);
            rc = AUTH_UNREACHABLE;
            goto out;
        }
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

bool auth_region_valid(const char *r)
{
    /* ^[a-z]{2}(-[a-z]+)+-[0-9]$ by hand: no locale can widen [a-z]. */
    if (strcmp(r, "local") == 0)
        return true;
    size_t n = strlen(r);
    if (n < 6 || r[0] < 'a' || r[0] > 'z' || r[1] < 'a' || r[1] > 'z' ||
        r[n - 1] < '0' || r[n - 1] > '9' || r[n - 2] != '-')
        return false;
    int words = 0;
    for (size_t i = 2; i < n - 2;) {
        if (r[i++] != '-' || i >= n - 2 || r[i] < 'a' || r[i] > 'z')
            return false;
        while (i < n - 2 && r[i] >= 'a' && r[i] <= 'z')
            i++;
        words++;
    }
    return words > 0;
}

/* A URL part (curl_free'd by the caller), or NULL. */
static char *url_part(CURLU *u, CURLUPart what)
{
    char *v = NULL;
    return curl_url_get(u, what, &v, 0) == CURLUE_OK ? v : NULL;
}

/* By name only, never resolved: "127.evil.example" is not loopback. */
static bool loopback_host(const char *h)
{
    struct in_addr a4;
    if (inet_pton(AF_INET, h, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    return strcasecmp(h, "localhost") == 0 || strcmp(h, "[::1]") == 0 ||
           strcmp(h, "::1") == 0;
}

int auth_endpoint_allowed(const char *endpoint, const char *api_url,
                          char **err)
{
    int rc = -1;
    char *shown = sanitize_text(endpoint);
    CURLU *u = curl_url(), *api = curl_url();
    char *scheme = NULL, *host = NULL, *user = NULL;
    char *api_scheme = NULL, *api_host = NULL;
    if (!u || !api)
        fatal_abort("out of memory");
    if (curl_url_set(u, CURLUPART_URL, endpoint, 0) != CURLUE_OK ||
        !(scheme = url_part(u, CURLUPART_SCHEME)) ||
        !(host = url_part(u, CURLUPART_HOST)) ||
        (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0)) {
        *err = str_printf("the API's GET /config names the sign-in endpoint "
                          "\"%.100s\", which is not an http(s) URL: no "
                          "password is sent there; set [cognito] endpoint "
                          "(or region) in the config file", shown);
        goto out;
    }
    if ((user = url_part(u, CURLUPART_USER)) != NULL) {
        *err = str_printf("the API's GET /config names the sign-in endpoint "
                          "\"%.100s\", which carries a user name: no "
                          "password is sent there; set [cognito] endpoint "
                          "(or region) in the config file", shown);
        goto out;
    }
    if (strcmp(scheme, "https") == 0 || loopback_host(host)) {
        rc = 0;
        goto out;
    }
    /* Plain http only where the API's own requests already go in the
     * clear: its host, itself reached over http. */
    if (curl_url_set(api, CURLUPART_URL, api_url, 0) == CURLUE_OK &&
        (api_scheme = url_part(api, CURLUPART_SCHEME)) != NULL &&
        (api_host = url_part(api, CURLUPART_HOST)) != NULL &&
        strcmp(api_scheme, "http") == 0 && strcasecmp(api_host, host) == 0) {
        rc = 0;
        goto out;
    }
    *err = str_printf("the API's GET /config sends sign-ins to %.100s over "
                      "plain http, to a host that is neither the API's own "
                      "nor this machine: no password is sent there; set "
                      "[cognito] endpoint in the config file if that is "
                      "really the place", shown);
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(user);
    curl_free(api_scheme);
    curl_free(api_host);
    curl_url_cleanup(u);
    curl_url_cleanup(api);
    free(shown);
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
    /* GET /config answers anyone, so anyone between us and the API may
     * write it: what it says decides where the password goes. A region
     * only matters when it becomes a host name. */
    if (!s->endpoint[0] && s->region[0] && !auth_region_valid(s->region)) {
        char *shown = sanitize_text(s->region);
        *err = str_printf(cfg->region[0]
                              ? "[cognito] region \"%.64s\" is not an AWS "
                                "region (like eu-west-1)"
                              : "the API's GET /config names the region "
                                "\"%.64s\", which is not an AWS region "
                                "(like eu-west-1): no password is sent; set "
                                "[cognito] region in the config file",
                          shown);
        free(shown);
        return AUTH_FAILED;
    }
    if (!cfg->cognito_endpoint[0] && s->endpoint[0] &&
        auth_endpoint_allowed(s->endpoint, cfg->api_url, err) != 0)
        return AUTH_FAILED;
    /* "local" is the bundled server's pool: it has no AWS host. */
    if (!s->endpoint[0] && s->region[0] && strcmp(s->region, "local") != 0)
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
