/* http — the client's HTTP over libcurl: asynchronous requests driven from
 * an event loop (curl multi), and a blocking call built on them.
 *
 * A client (one curl multi handle) keeps its connections open between
 * requests, so a blocking caller that makes many requests keeps one
 * client (http_client_fetch) rather than paying a connection per request.
 * Any request can carry a cancel flag: once it reads non-zero the request
 * stops within about HTTP_CANCEL_POLL_MS, from whichever thread set it.
 *
 * TLS verification is always on; libcurl's own handling of HTTPS_PROXY /
 * NO_PROXY is left alone, and CURL_CA_BUNDLE names the CA file as it does
 * for curl(1). Retries: GET, HEAD and DELETE retry on network errors, 429
 * and 5xx; a POST retries only when it carries an Idempotency-Key. Delays
 * grow exponentially with jitter, honour Retry-After, and stop once their
 * total would pass a cap.
 *
 * Time: a request's timeout_ms is all it gets, every attempt and every
 * delay between them; a client can also hold a budget that all its
 * requests share (http_client_set_budget: a CLI command, a TUI action). A
 * retry happens only while time remains, and an attempt that may still be
 * retried gets half the time left (when that is at least
 * HTTP_SPLIT_MIN_MS), so that a server that accepts and never answers
 * leaves time for a second try on a new connection. */
#ifndef INVENTUI_CLIENT_HTTP_H
#define INVENTUI_CLIENT_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* How often a request with a cancel flag looks at it while it waits. */
#define HTTP_CANCEL_POLL_MS 20
/* An attempt that may be retried gets half the time left when that half
 * is at least this long; otherwise it gets all of it. */
#define HTTP_SPLIT_MIN_MS 1000
/* A retry is made only when at least this much time is left after its
 * delay. */
#define HTTP_MIN_ATTEMPT_MS 250

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
    long timeout_ms;              /* the whole request, every attempt and
                                   * delay; 0 = 30 s (the client's budget,
                                   * when it has one, may cut it shorter) */
    const struct http_retry *retry; /* NULL: one attempt */
    const atomic_int *cancel;     /* non-zero: stop (no retry); NULL: never.
                                   * Must outlive the request. */
};

struct http_response {
    long status;        /* 0 when no HTTP answer came */
    char *body;         /* NUL-terminated, never NULL after a call */
    size_t body_len;
    char *headers;      /* the last answer's raw header block */
    char *error;        /* status 0: why, as a sentence */
    int attempts;
    bool cancelled;     /* stopped through rq->cancel; error is "cancelled" */
    bool timed_out;     /* the last attempt got no (whole) answer in time;
                         * once over: the request's time ran out, error
                         * is "no answer within N s" */
    long connects;      /* connections the last attempt opened (0: it used
                         * one the client kept open) */
};

/* Frees what a response owns (not the struct itself). */
void http_response_free(struct http_response *r);
/* A response header's value (case-insensitive name), or NULL. Caller
 * frees. */
char *http_response_header(const struct http_response *r, const char *name);
/* Retry-After (delta seconds or an HTTP date) in ms, or -1 when absent or
 * unreadable. */
long http_response_retry_after_ms(const struct http_response *r);

/* Sends rq on a client of its own (no connection is kept afterwards) and
 * waits for the final answer (after retries). Returns 0 when an HTTP
 * answer came (any status), -1 on a network error or a cancel (out->error
 * says which, out->cancelled tells a cancel). out is always filled; free
 * it with http_response_free(). */
int http_fetch(const struct http_request *rq, struct http_response *out);

/* The asynchronous form. A client runs any number of requests at once. */
struct http_client;
struct http_job;
/* Called once per request when it is over (answer, final network error or
 * cancelled with http_client_free: never). resp belongs to the job and is
 * freed after the callback returns; take members by setting them NULL. */
typedef void (*http_done_fn)(struct http_response *resp, void *user);

/* A client, or NULL when libcurl cannot make a multi handle. The caller
 * frees it with http_client_free(). One thread at a time. */
struct http_client *http_client_new(void);
/* Stops every request without calling their callbacks; NULL is fine. From
 * inside a callback it is safe too: the client goes when the callback
 * returns, and the http_client_run that called it returns 0. */
void http_client_free(struct http_client *c);
/* http_fetch on c (NULL: a client of its own): the connections c keeps
 * serve this and later requests. c's other requests move on meanwhile and
 * their callbacks run; if one frees c, this returns -1 ("the HTTP client
 * was closed"). */
int http_client_fetch(struct http_client *c, const struct http_request *rq,
                      struct http_response *out);
/* Starts rq (copied: the caller's strings need not outlive the call, but
 * rq->cancel must outlive the job). The job belongs to the client until its
 * callback has run. When the request cannot even be started, the job ends
 * with an error (status 0) at the next http_client_run. */
struct http_job *http_start(struct http_client *c, const struct http_request *rq,
                            http_done_fn done, void *user);
/* Stops a job whose callback has not run yet; its callback never runs,
 * even when it finished in the same http_client_run pass whose callback is
 * cancelling it. A job whose callback is running (or has run) is not the
 * client's any more: nothing happens. */
void http_cancel(struct http_client *c, struct http_job *job);
/* Waits at most timeout_ms for network activity, a retry coming due or a
 * cancel flag set, moves every request on, and runs the callbacks of those
 * that are over (a cancelled one ends with status 0, cancelled true).
 * Returns the number of requests still in flight; 0 after a callback freed
 * the client. */
int http_client_run(struct http_client *c, int timeout_ms);
/* Requests in flight (running or waiting for a retry). */
int http_client_pending(const struct http_client *c);
/* From the next request started on c on, every request on c must be over
 * within budget_ms counted from that start, in all: attempts, retries and
 * the delays between (each still within its own timeout_ms). Until the
 * next call; 0 lifts it. */
void http_client_set_budget(struct http_client *c, long budget_ms);
/* Told when a request on c failed an attempt and will be tried again in
 * delay_ms, with left_ms of its time left: url is the request's, failed
 * the failed attempt (status 0: no answer; timed_out, error). Runs inside
 * http_client_run (or a fetch) before the delay; must not call into c. */
typedef void (*http_retry_fn)(void *user, const char *url,
                              const struct http_response *failed,
                              long delay_ms, long left_ms);
/* Sets c's retry listener (NULL: none). */
void http_client_on_retry(struct http_client *c, http_retry_fn fn, void *user);

#endif
