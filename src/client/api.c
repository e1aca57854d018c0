#include "client/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/api_cache.h"
#include "client/auth.h"
#include "common/mem.h"
#include "common/strbuf.h"

int api_open(struct api *a, const struct client_config *cfg, char **err)
{
    memset(a, 0, sizeof *a);
    *err = NULL;
    a->cfg = cfg;
    http_retry_defaults(&a->retry);
    char *dir = session_dir(cfg->cache_path);
    if (!dir) {
        *err = xstrdup("no cache directory: set XDG_CACHE_HOME or HOME, or "
                       "[cache] path");
        return -1;
    }
    a->session_path = session_path(dir, cfg->api_url);
    free(dir);
    return 0;
}

void api_close(struct api *a)
{
    http_client_free(a->http);
    api_cache_close(a);
    session_free(&a->sess);
    free(a->session_path);
    memset(a, 0, sizeof *a);
}

void api_result_free(struct api_result *r)
{
    cJSON_Delete(r->json);
    free(r->code);
    free(r->message);
    memset(r, 0, sizeof *r);
}

/* The client whose connections a's requests share; NULL (each request
 * its own) if libcurl cannot make one. */
static struct http_client *http_of(struct api *a)
{
    if (!a->http)
        a->http = http_client_new();
    return a->http;
}

bool api_cancelled(const struct api *a)
{
    return a->cancel && atomic_load(a->cancel) != 0;
}

static char *url_for(const struct api *a, const char *path)
{
    size_t n = strlen(a->cfg->api_url);
    while (n > 0 && a->cfg->api_url[n - 1] == '/')
        n--;
    return str_printf("%.*s%s", (int)n, a->cfg->api_url, path);
}

/* Sorts an HTTP answer into res: the envelope, or the bare JSON the
 * deployed system sends for some routes. */
static void parse_answer(struct http_response *resp, struct api_result *res)
{
    res->status = resp->status;
    res->json = cJSON_ParseWithLength(resp->body, resp->body_len);
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(res->json, "success");
    if (cJSON_IsBool(ok))
        res->data = cJSON_GetObjectItemCaseSensitive(res->json, "data");
    else
        res->data = res->json;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(res->json, "error");
    if (resp->status >= 200 && resp->status < 300 && !cJSON_IsFalse(ok)) {
        res->rc = API_OK;
        return;
    }
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
    if (!cJSON_IsString(msg)) /* API Gateway's own answers */
        msg = cJSON_GetObjectItemCaseSensitive(res->json, "message");
    res->code = cJSON_IsString(code) ? xstrdup(code->valuestring) : NULL;
    res->details = cJSON_GetObjectItemCaseSensitive(e, "details");
    if (resp->status == 401) {
        res->rc = API_UNAUTH;
        res->message = xstrdup("not signed in: the API refused the session; "
                               "sign in again");
    } else if (resp->status >= 400 && resp->status < 500) {
        res->rc = API_REFUSED;
        res->message = cJSON_IsString(msg)
                           ? xstrdup(msg->valuestring)
                           : str_printf("the API refused the request (HTTP %ld)",
                                        resp->status);
    } else {
        res->rc = API_UNREACHABLE;
        res->message = cJSON_IsString(msg)
                           ? str_printf("the API failed (HTTP %ld): %s",
                                        resp->status, msg->valuestring)
                           : str_printf("the API failed (HTTP %ld)",
                                        resp->status);
    }
}

static void send_request(struct api *a, const char *method, const char *path,
                         const char *body, const char *token,
                         struct api_result *res)
{
    memset(res, 0, sizeof *res);
    char *url = url_for(a, path);
    char *auth = token ? str_printf("Authorization: Bearer %s", token) : NULL;
    char *key = a->idempotency_key && !strcmp(method, "POST")
                    ? str_printf("Idempotency-Key: %s", a->idempotency_key)
                    : NULL;
    const char *headers[5];
    int n = 0;
    headers[n++] = "Accept: application/json";
    if (body)
        headers[n++] = "Content-Type: application/json";
    if (auth)
        headers[n++] = auth;
    if (key)
        headers[n++] = key;
    headers[n] = NULL;
    struct http_request rq = {
        .method = method, .url = url, .body = body,
        .body_len = body ? strlen(body) : 0, .headers = headers,
        .timeout_ms = a->cfg->timeout * 1000, .retry = &a->retry,
        .cancel = a->cancel,
    };
    struct http_response resp;
    if (http_client_fetch(http_of(a), &rq, &resp) != 0) {
        res->rc = API_UNREACHABLE;
        if (resp.cancelled)
            res->message = xstrdup("cancelled");
        else
            res->message = str_printf("cannot reach the API at %s: %s",
                                      a->cfg->api_url, resp.error);
    } else {
        parse_answer(&resp, res);
    }
    http_response_free(&resp);
    if (auth) {
        explicit_bzero(auth, strlen(auth));
        free(auth);
    }
    free(key);
    free(url);
}

void api_public(struct api *a, const char *method, const char *path,
                struct api_result *res)
{
    send_request(a, method, path, NULL, NULL, res);
}

void api_probe(struct api *a, struct api_result *res)
{
    struct http_retry keep = a->retry;
    a->retry.max_attempts = 1;
    send_request(a, "GET", "/health", NULL, NULL, res);
    a->retry = keep;
}

enum api_rc api_session(struct api *a, bool force, char **msg)
{
    *msg = NULL;
    if (!a->have_session) {
        char *err = NULL;
        enum session_rc rc = session_load(a->session_path, &a->sess, &err);
        if (rc == SESSION_NONE) {
            *msg = xstrdup("not signed in");
            return API_UNAUTH;
        }
        if (rc == SESSION_ERROR) {
            *msg = err;
            return API_UNAUTH;
        }
        a->have_session = true;
    }
    if (!force && !session_needs_refresh(&a->sess, (int64_t)time(NULL)))
        return API_OK;
    struct cognito c;
    api_cognito(a, a->sess.endpoint, a->sess.client_id, &c);
    enum auth_rc rc = auth_refresh(&c, &a->sess, a->session_path, msg);
    if (rc == AUTH_OK)
        return API_OK;
    if (rc == AUTH_UNREACHABLE)
        return API_UNREACHABLE;
    char *why = *msg;
    *msg = str_printf("not signed in: %s", why ? why : "sign in again");
    free(why);
    return API_UNAUTH;
}

static void call_live(struct api *a, const char *method, const char *path,
                      const char *body, struct api_result *res);

void api_call(struct api *a, const char *method, const char *path,
              const char *body, struct api_result *res)
{
    call_live(a, method, path, body, res);
    if (res->rc == API_UNREACHABLE && api_cancelled(a))
        return; /* nobody waits for it: no cached stand-in */
    bool get = !strcmp(method, "GET");
    if (get && res->rc == API_OK) {
        api_cache_store(a, path, res);
    } else if (get && res->rc == API_UNREACHABLE) {
        api_cache_answer(a, path, res);
    } else if (res->rc == API_UNREACHABLE) {
        /* Writes are never queued for later: say so plainly. */
        char *msg = str_printf("the API cannot be reached; nothing was "
                               "changed (%s)",
                               res->message ? res->message : "no answer");
        free(res->message);
        res->message = msg;
    }
}

/* The request itself, renewing the session before and after a 401. */
static void call_live(struct api *a, const char *method, const char *path,
                      const char *body, struct api_result *res)
{
    char *msg = NULL;
    enum api_rc rc = api_session(a, false, &msg);
    if (rc != API_OK) {
        memset(res, 0, sizeof *res);
        res->rc = rc;
        res->message = msg;
        return;
    }
    send_request(a, method, path, body, a->sess.id_token, res);
    if (res->rc != API_UNAUTH)
        return;
    /* A token the API refuses before its exp (revoked key, clock skew):
     * renew once and try again. */
    rc = api_session(a, true, &msg);
    if (rc != API_OK) {
        api_result_free(res);
        res->rc = rc;
        res->message = msg;
        return;
    }
    api_result_free(res);
    send_request(a, method, path, body, a->sess.id_token, res);
}

void api_post_idempotent(struct api *a, const char *path, const char *body,
                         const char *key, struct api_result *res)
{
    a->idempotency_key = key;
    api_call(a, "POST", path, body, res);
    a->idempotency_key = NULL;
}

enum auth_rc api_auth_settings(struct api *a, struct auth_settings *s,
                               char **err)
{
    return auth_settings_resolve_via(a->cfg, http_of(a), a->cancel, s, err);
}

void api_cognito(struct api *a, const char *endpoint, const char *client_id,
                 struct cognito *out)
{
    auth_cognito(a->cfg, endpoint, client_id, out);
    out->http = http_of(a);
    out->cancel = a->cancel;
}
