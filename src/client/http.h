/* http — the client's HTTP over libcurl: asynchronous requests driven from
 * an event loop (curl multi), and a blocking call built on them.
 *
 * TLS verification is always on; libcurl's own handling of HTTPS_PROXY /
 * NO_PROXY is left alone, and CURL_CA_BUNDLE names the CA file as it does
 * for curl(1). Retries: GET, HEAD and DELETE retry on network errors, 429
 * and 5xx; a POST retries only when it carries an Idempotency-Key. Delays
 * grow exponentially with jitter, honour Retry-After, and stop once their
 * total would pass a cap. */
#ifndef INVENTUI_CLIENT_HTTP_H
#define INVENTUI_CLIENT_HTTP_H

#include <stdbool.h>
#include <stddef.h>

struct http_retry {
    int max_attempts;  /* including the first (1 = no retries) */
    long base_ms;      /* delay before the first retry */
    long max_delay_ms; /* cap on one delay */
    long max_total_ms; /* cap on all delays of one request */
};

/* Four attempts from 200 ms, at most 10 s in all; $INVENTUI_RETRY_BASE_MS
 * overrides the base (tests make it tiny). */
void http_retry_defaults(struct http_retry *r);
/* The delay before retry number `retry` (1 for the first): base * 2^(n-1)
 * capped at max_delay, then jittered into [d/2, d] by jitter01 (0..1);
 * at least retry_after_ms when the server sent Retry-After (-1: none). */
long http_backoff_ms(const struct http_retry *r, int retry,
                     long retry_after_ms, double jitter01);

struct http_request {
    const char *method;           /* "GET", "POST", … */
    const char *url;
    const char *body;             /* NULL: none */
    size_t body_len;
    const char *const *headers;   /* "Name: value", NULL-terminated, or NULL */
    long timeout_ms;              /* per attempt; 0 = 30 s */
    const struct http_retry *retry; /* NULL: one attempt */
};

struct http_response {
    long status;        /* 0 when no HTTP answer came */
    char *body;         /* NUL-terminated, never NULL after a call */
    size_t body_len;
    char *headers;      /* the last answer's raw header block */
    char *error;        /* status 0: why, as a sentence */
    int attempts;
};

/* Frees what a response owns (not the struct itself). */
void http_response_free(struct http_response *r);
/* A response header's value (case-insensitive name), or NULL. Caller
 * frees. */
char *http_response_header(const struct http_response *r, const char *name);

/* Sends rq and waits for the final answer (after retries). Returns 0 when
 * an HTTP answer came (any status), -1 on a network error (out->error says
 * which). out is always filled; free it with http_response_free(). */
int http_fetch(const struct http_request *rq, struct http_response *out);

/* The asynchronous form. A client runs any number of requests at once. */
struct http_client;
struct http_job;
/* Called once per request when it is over (answer, final network error or
 * cancelled with http_client_free: never). resp belongs to the job and is
 * freed after the callback returns; take members by setting them NULL. */
typedef void (*http_done_fn)(struct http_response *resp, void *user);

struct http_client *http_client_new(void);
/* Stops every request without calling their callbacks; NULL is fine. */
void http_client_free(struct http_client *c);
/* Starts rq (copied: the caller's strings need not outlive the call). The
 * job belongs to the client until its callback has run. */
struct http_job *http_start(struct http_client *c, const struct http_request *rq,
                            http_done_fn done, void *user);
/* Stops a job whose callback has not run yet; its callback never runs. */
void http_cancel(struct http_client *c, struct http_job *job);
/* Waits at most timeout_ms for network activity or a retry coming due,
 * moves every request on, and runs the callbacks of those that are over.
 * Returns the number of requests still in flight. */
int http_client_run(struct http_client *c, int timeout_ms);
/* Requests in flight (running or waiting for a retry). */
int http_client_pending(const struct http_client *c);

#endif
