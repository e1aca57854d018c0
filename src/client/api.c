#include "client/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/api_cache.h"
#include "client/auth.h"
#include "client/format.h"
#include "common/json_strict.h"
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

/* Seconds for a person: at least 1. */
static long whole_seconds(long ms)
{
    return ms < 1500 ? 1 : (ms + 500) / 1000;
}

/* Tells cfg->notices of the first retry under a deadline. */
static void on_retry(void *user, const char *url,
                     const struct http_response *failed, long delay_ms,
                     long left_ms)
{
    struct api *a = user;
    const struct client_notices *n = a->cfg->notices;
    if (a->told_retry || !n || !n->retrying)
        return;
    a->told_retry = true;
    size_t base = strlen(a->cfg->api_url);
    bool api = strncmp(url, a->cfg->api_url, base) == 0;
    char *who = api ? str_printf("the API at %s", a->cfg->api_url)
                    : str_printf("the sign-in endpoint at %s", url);
    long left = whole_seconds(left_ms);
    char *msg;
    if (failed->status == 429)
        msg = str_printf("%s is throttling requests; retrying in %ld s (%ld s "
                         "left)",
                         who, whole_seconds(delay_ms), left);
    else if (failed->status)
        msg = str_printf("%s failed (HTTP %ld); retrying (%ld s left)", who,
                         failed->status, left);
    else if (failed->timed_out)
        msg = str_printf("no answer from %s yet; retrying (%ld s left)", who,
                         left);
    else
        msg = str_printf("cannot reach %s (%s); retrying (%ld s left)", who,
                         failed->error ? failed->error : "no answer", left);
    n->retrying(n->user, msg);
    free(msg);
    free(who);
}

/* The client whose connections a's requests share; NULL (each request
 * its own) if libcurl cannot make one. */
static struct http_client *http_of(struct api *a)
{
    if (!a->http) {
        a->http = http_client_new();
        if (a->http)
            http_client_on_retry(a->http, on_retry, a);
    }
    return a->http;
}

void api_deadline_start(struct api *a)
{
    struct http_client *c = http_of(a);
    if (c)
        http_client_set_budget(c, (long)a->cfg->timeout * 1000);
    a->told_retry = false;
}

void api_deadline_end(struct api *a)
{
    if (a->http)
        http_client_set_budget(a->http, 0);
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

/* A wait of ms as a person reads it, never shorter than it is: "5
 * seconds" under two minutes, else whole minutes or more, rounded up. */
static void wait_text(long ms, char *out, size_t size)
{
    long s = ms > 0 ? (ms + 999) / 1000 : 1;
    if (s < 120)
        snprintf(out, size, "%ld second%s", s, s == 1 ? "" : "s");
    else
        format_age((int64_t)(s + 59) / 60 * 60000, out, size);
}

void api_parse_answer(struct http_response *resp, struct api_result *res)
{
    res->status = resp->status;
    res->json = json_strict_parse(resp->body, resp->body_len, NULL);
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
    } else if (resp->status == 429) {
        /* The server's sentence points at a header nobody sees. */
        res->rc = API_REFUSED;
        long ms = http_response_retry_after_ms(resp);
        char wait[32];
        wait_text(ms, wait, sizeof wait);
        res->message = ms >= 0 ? str_printf("the API is throttling requests: "
                                            "wait %s and try again",
                                            wait)
                               : xstrdup("the API is throttling requests: "
                                         "wait a little and try again");
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
    /* Once a request got no answer after all its retries, a GET that the
     * cache may answer is tried once: a person paging through cached data
     * while the API is down waits for one refused connection a page, not
     * for four attempts and their delays. Writes keep their retries; the
     * first answer brings them back for GETs too. */
    struct http_retry retry = a->retry;
    if (a->down && a->cfg->offline_ok && !strcmp(method, "GET"))
        retry.max_attempts = 1;
    struct http_request rq = {
        .method = method, .url = url, .body = body,
        .body_len = body ? strlen(body) : 0, .headers = headers,
        .timeout_ms = a->cfg->timeout * 1000, .retry = &retry,
        .cancel = a->cancel,
    };
    struct http_response resp;
    if (http_client_fetch(http_of(a), &rq, &resp) != 0) {
        res->rc = API_UNREACHABLE;
        res->timed_out = resp.timed_out;
        if (resp.cancelled)
            res->message = xstrdup("cancelled");
        else if (resp.timed_out && !strncmp(resp.error, "no answer ", 10))
            /* "no answer within 30 s" */
            res->message = str_printf("no answer from the API at %s %s "
                                      "([api] timeout)",
                                      a->cfg->api_url, resp.error + 10);
        else
            res->message = str_printf("cannot reach the API at %s: %s",
                                      a->cfg->api_url, resp.error);
    } else {
        api_parse_answer(&resp, res);
    }
    if (!resp.cancelled)
        a->down = res->rc == API_UNREACHABLE;
    http_response_free(&resp);
    if (auth) {
        explicit_bzero(auth, strlen(auth));
        free(auth);
    }
    free(key);
    free(url);
}

/* True for the answers of a URL with no such route: 404, or the 403
 * "Missing Authentication Token" API Gateway gives any unknown path. */
static bool no_such_route(const struct api_result *res)
{
    if (res->rc != API_REFUSED)
        return false;
    return res->status == 404 ||
           (res->status == 403 && res->message &&
            !strcmp(res->message, "Missing Authentication Token"));
}

/* After a "not found" for path: when /health is not found either, the
 * URL is not the API's, and res says so instead (API_UNREACHABLE). Asked
 * once per api. */
static void check_url(struct api *a, const char *path, struct api_result *res)
{
    if (!no_such_route(res))
        return;
    if (a->url_checked == 0 && strcmp(path, "/health") != 0) {
        struct api_result probe;
        send_request(a, "GET", "/health", NULL, NULL, &probe);
        if (probe.rc == API_OK && cJSON_IsObject(probe.data))
            a->url_checked = 1;
        else if (no_such_route(&probe) || probe.rc == API_OK)
            a->url_checked = -1;
        api_result_free(&probe);
    }
    if (strcmp(path, "/health") == 0)
        a->url_checked = -1;
    if (a->url_checked != -1)
        return;
    free(res->message);
    res->message = str_printf(
        "the API at %s answers \"not found\" (HTTP %ld) to every route, "
        "GET /health too: is the URL right? It is the base the routes hang "
        "off (--api or [api] url), e.g. http://127.0.0.1:8080, or an API "
        "Gateway stage URL https://ID.execute-api.REGION.amazonaws.com/STAGE",
        a->cfg->api_url, res->status);
    res->rc = API_UNREACHABLE;
}

void api_public(struct api *a, const char *method, const char *path,
                struct api_result *res)
{
    send_request(a, method, path, NULL, NULL, res);
    check_url(a, path, res);
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
    } else if (res->rc == API_UNREACHABLE && res->timed_out) {
        /* The request may have arrived: never say it did not. */
        char *msg = str_printf("the API did not answer in time: the change "
                               "may or may not have been made; look before "
                               "trying again (%s)",
                               res->message ? res->message : "no answer");
        free(res->message);
        res->message = msg;
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
    if (res->rc != API_UNAUTH) {
        check_url(a, path, res);
        return;
    }
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
    check_url(a, path, res);
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
