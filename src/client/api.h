/* api — requests to the inventory REST API: the URL, the ID token (renewed
 * before it expires and once more after a 401), retries, and the response
 * envelope ({success, data | error}) or the deployed system's bare JSON. */
#ifndef INVENTUI_CLIENT_API_H
#define INVENTUI_CLIENT_API_H

#include <cjson/cJSON.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "client/auth.h"
#include "client/cache.h"
#include "client/config.h"
#include "client/http.h"
#include "client/session.h"

enum api_rc {
    API_OK,
    API_REFUSED,     /* 4xx: validation, not found, conflict, forbidden */
    API_UNAUTH,      /* not signed in, or the session cannot be renewed */
    API_UNREACHABLE, /* no answer, a 5xx after retries, or not the API (a
                      * URL where every route, /health too, is not found:
                      * the message asks whether the URL is right) */
};

struct api_result {
    enum api_rc rc;
    long status;
    cJSON *json;          /* the whole body, or NULL */
    const cJSON *data;    /* envelope data, or the bare body */
    char *code;           /* error.code, e.g. NOT_FOUND */
    char *message;        /* what went wrong, for a person (raw: sanitise) */
    const cJSON *details; /* error.details, e.g. [{field, message}] */
    bool timed_out;       /* API_UNREACHABLE: no answer in time (a write
                           * may have been made) */
    int64_t cached_at;    /* 0, or when the offline cache's answer was
                           * fetched (epoch ms) */
};

struct api {
    const struct client_config *cfg; /* borrowed */
    char *session_path;
    struct cache *cache;  /* opened at the first GET; NULL: none */
    bool cache_tried;
    struct session sess;
    bool have_session;
    struct http_retry retry;
    bool down;            /* the last request got no answer (after its
                           * retries): a GET the cache may answer
                           * (cfg->offline_ok) is tried once */
    const char *idempotency_key; /* sent with POSTs while set (borrowed) */
    /* Stops the request under way, the API's or the sign-in endpoint's, as
     * soon as it reads non-zero (the async worker points it at the running
     * op's flag); NULL: never. A stopped request is API_UNREACHABLE with the
     * message "cancelled", never answered from the cache. Borrowed. */
    const atomic_int *cancel;
    struct http_client *http; /* connections kept between requests; made at
                               * the first, freed by api_close() */
    bool told_retry; /* cfg->notices heard of a retry since the deadline
                      * started */
    int url_checked; /* after a "not found": 1 the URL answers GET
                      * /health, -1 it does not, 0 not asked yet */
};

/* Prepares a client for cfg (its api_url must be set). -1 with *err when
 * no cache directory can be found. */
int api_open(struct api *a, const struct client_config *cfg, char **err);
void api_close(struct api *a);
void api_result_free(struct api_result *r);
/* Sorts an HTTP answer (status, body) into res: the envelope, or the
 * bare JSON the deployed system sends for some routes; rc and message
 * for a person. Public for the fuzz harness (tests/fuzz). */
void api_parse_answer(struct http_response *resp, struct api_result *res);

/* A request without a token (health, config). */
void api_public(struct api *a, const char *method, const char *path,
                struct api_result *res);
/* Whether the API answers at all: GET /health once, without retries
 * (a probe repeated with its own backoff while offline). */
void api_probe(struct api *a, struct api_result *res);
/* A request with the signed-in user's ID token; body is JSON or NULL.
 * Every GET answered is kept in the offline cache. When the API cannot be
 * reached (API_UNREACHABLE), a GET is answered from the cache if
 * cfg->offline_ok and an entry younger than [cache] max_age exists
 * (res->cached_at set, cfg->notices told); anything else is refused with
 * "nothing was changed". */
void api_call(struct api *a, const char *method, const char *path,
              const char *body, struct api_result *res);
/* api_call for a POST that creates something: sends key as its
 * Idempotency-Key (the same on every retry, so a retried POST creates
 * once), which also lets the http layer retry it. */
void api_post_idempotent(struct api *a, const char *path, const char *body,
                         const char *key, struct api_result *res);
/* Loads the session and renews it when it is within the margin of expiry
 * (force: renew anyway). API_OK, API_UNAUTH or API_UNREACHABLE, with
 * *msg (caller frees) unless API_OK. */
enum api_rc api_session(struct api *a, bool force, char **msg);
/* Starts one deadline for the work that follows (a CLI command, a TUI
 * action): from the next request on, all of them (attempts, retries,
 * session renewal, sign-in calls, pages) share [api] timeout, until the
 * next api_deadline_start (a fresh one: after asking the person something)
 * or api_deadline_end. Without it each request has [api] timeout to
 * itself. The first retry under a deadline is told to cfg->notices. */
void api_deadline_start(struct api *a);
/* Ends the deadline api_deadline_start began. */
void api_deadline_end(struct api *a);
/* True when a->cancel is set and reads non-zero. */
bool api_cancelled(const struct api *a);
/* auth_settings_resolve over a's connections, stopped by a->cancel. */
enum auth_rc api_auth_settings(struct api *a, struct auth_settings *s,
                               char **err);
/* auth_cognito with a's config, connections and cancel flag: sign-in calls
 * made with it stop when a->cancel does. */
void api_cognito(struct api *a, const char *endpoint, const char *client_id,
                 struct cognito *out);

#endif
