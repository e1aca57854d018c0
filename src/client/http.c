/* http — libcurl multi underneath both the event-loop form and the
 * blocking calls: jobs, retries with backoff, cancel flags. */
#include "client/http.h"

#include <assert.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/mem.h"
#include "common/random.h"
#include "common/strbuf.h"
#include "common/timeutil.h"

#define BODY_MAX (32u << 20) /* no API answer is this big */

struct http_job {
    struct http_job *next;
    struct http_client *client;
    CURL *easy;
    struct curl_slist *hdrs;
    char *method, *url, *body;
    size_t body_len;
    struct http_retry retry;
    bool retryable;
    struct strbuf body_sb, head_sb;
    bool too_big;
    char errbuf[CURL_ERROR_SIZE];
    struct http_response resp;
    long waited_ms;
    int64_t due_ms; /* > 0: waiting for a retry until this monotonic time */
    int64_t started_ms;  /* monotonic */
    int64_t deadline_ms; /* monotonic: the request is over by then */
    long span_ms;        /* the time the deadline stands for, for messages */
    const atomic_int *cancel;
    bool finished;  /* over; its callback is still to run */
    bool deliver;   /* finished before this run's callbacks began */
    http_done_fn done;
    void *user;
};

struct http_client {
    CURLM *multi;
    struct http_job *jobs; /* every job whose callback has not run */
    int in_callbacks;      /* > 0 while http_client_run runs callbacks */
    bool closing;          /* freed from a callback: goes when they end */
    long budget_ms;        /* > 0: the requests share this much time */
    int64_t budget_end_ms; /* when it runs out; 0: the next start sets it */
    http_retry_fn on_retry;
    void *on_retry_user;
};

void http_retry_defaults(struct http_retry *r)
{
    r->max_attempts = 4;
    r->base_ms = 200;
    r->max_delay_ms = 5000;
    r->max_total_ms = 10000;
    const char *env = getenv("INVENTUI_RETRY_BASE_MS");
    if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (!*end && v >= 0 && v <= 60000)
            r->base_ms = v;
    }
}

long http_backoff_ms(const struct http_retry *r, int retry, long retry_after_ms,
                     double jitter01)
{
    long d = r->base_ms;
    for (int i = 1; i < retry && d < r->max_delay_ms; i++)
        d *= 2;
    if (d > r->max_delay_ms)
        d = r->max_delay_ms;
    if (jitter01 < 0)
        jitter01 = 0;
    if (jitter01 > 1)
        jitter01 = 1;
    d = d / 2 + (long)((double)(d - d / 2) * jitter01);
    if (retry_after_ms > d)
        d = retry_after_ms;
    return d;
}

void http_response_free(struct http_response *r)
{
    free(r->body);
    free(r->headers);
    free(r->error);
    memset(r, 0, sizeof *r);
}

char *http_response_header(const struct http_response *r, const char *name)
{
    if (!r->headers)
        return NULL;
    size_t n = strlen(name);
    for (const char *line = r->headers; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > n && line[n] == ':' && strncasecmp(line, name, n) == 0) {
            const char *v = line + n + 1, *end = line + len;
            while (v < end && (*v == ' ' || *v == '\t'))
                v++;
            while (end > v && isspace((unsigned char)end[-1]))
                end--;
            return xstrndup(v, (size_t)(end - v));
        }
        if (!eol)
            break;
        line = eol + 1;
    }
    return NULL;
}

static size_t on_body(char *d, size_t size, size_t n, void *user)
{
    struct http_job *j = user;
    if (j->body_sb.len + size * n > BODY_MAX) {
        j->too_big = true;
        return 0;
    }
    strbuf_append(&j->body_sb, d, size * n);
    return size * n;
}

static size_t on_header(char *d, size_t size, size_t n, void *user)
{
    struct http_job *j = user;
    /* A new status line (after 100 Continue or a proxy's answer) starts a
     * new block: keep only the final answer's headers. */
    if (size * n >= 5 && strncmp(d, "HTTP/", 5) == 0)
        strbuf_free(&j->head_sb);
    strbuf_append(&j->head_sb, d, size * n);
    return size * n;
}

static bool method_is(const struct http_job *j, const char *m)
{
    return strcmp(j->method, m) == 0;
}

static bool has_idempotency_key(const char *const *headers)
{
    for (const char *const *h = headers; h && *h; h++)
        if (strncasecmp(*h, "Idempotency-Key:", 16) == 0)
            return true;
    return false;
}

static void setup_easy(struct http_job *j)
{
    CURL *e = j->easy;
    curl_easy_setopt(e, CURLOPT_URL, j->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "inventui/" INVENTUI_VERSION);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    /* curl(1) reads CURL_CA_BUNDLE; libcurl does not, so do it here. */
    const char *ca = getenv("CURL_CA_BUNDLE");
    if (ca && *ca)
        curl_easy_setopt(e, CURLOPT_CAINFO, ca);
    if (method_is(j, "GET")) {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else if (method_is(j, "HEAD")) {
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, j->method);
        if (j->body) {
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                             (curl_off_t)j->body_len);
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->body);
        } else if (method_is(j, "POST") || method_is(j, "PUT")) {
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, 0L);
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, "");
        }
    }
    j->hdrs = curl_slist_append(j->hdrs, "Expect:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->hdrs);
}

/* Ends j without an HTTP answer: error (taken) says why. */
static void fail_job(struct http_job *j, char *error, bool cancelled)
{
    if (j->easy)
        curl_multi_remove_handle(j->client->multi, j->easy);
    struct http_response *r = &j->resp;
    free(r->body);
    free(r->headers);
    free(r->error);
    r->body = xstrdup("");
    r->body_len = 0;
    r->headers = NULL;
    r->status = 0;
    r->error = error;
    r->cancelled = cancelled;
    j->due_ms = 0;
    j->finished = true;
}

static bool cancel_set(const struct http_job *j)
{
    return j->cancel && atomic_load(j->cancel) != 0;
}

/* "no answer within 30 s" for a request that timed out (caller frees):
 * the time it stood for when its deadline passed (the budget or its
 * timeout), else how long it waited. */
static char *timeout_error(const struct http_job *j)
{
    int64_t now = time_mono_ms();
    long ms = now + 50 >= j->deadline_ms ? j->span_ms
                                         : (long)(now - j->started_ms);
    if (ms % 1000 == 0 || ms >= 10000)
        return str_printf("no answer within %ld s", (ms + 500) / 1000);
    return str_printf("no answer within %.1f s", (double)ms / 1000);
}

/* Whether an attempt that fails now could be followed by another. */
static bool may_retry(const struct http_job *j)
{
    return j->retryable && j->resp.attempts + 1 < j->retry.max_attempts;
}

static void start_attempt(struct http_job *j)
{
    long left = (long)(j->deadline_ms - time_mono_ms());
    if (left <= 0) {
        fail_job(j, timeout_error(j), false);
        j->resp.timed_out = true;
        return;
    }
    /* Half the time for an attempt that may be retried: a server that
     * accepts and never answers then costs half, not all, before a second
     * try on a new connection (and the person hears of it). Whether to
     * split is judged on the time the attempt had when it was due, not on
     * what is left after setting it up: a millisecond ticking over in
     * between must not take the split from a budget of exactly twice
     * HTTP_SPLIT_MIN_MS (a 2 s [api] timeout), as it sometimes did. */
    int64_t due = j->due_ms ? j->due_ms : j->started_ms;
    long planned = (long)(j->deadline_ms - due);
    long attempt_ms = left;
    if (may_retry(j) && planned / 2 >= HTTP_SPLIT_MIN_MS)
        attempt_ms = left / 2;
    curl_easy_setopt(j->easy, CURLOPT_TIMEOUT_MS, attempt_ms);
    curl_easy_setopt(j->easy, CURLOPT_CONNECTTIMEOUT_MS,
                     attempt_ms < 10000 ? attempt_ms : 10000L);
    j->resp.timed_out = false;
    strbuf_free(&j->body_sb);
    strbuf_free(&j->head_sb);
    j->errbuf[0] = '\0';
    j->too_big = false;
    j->due_ms = 0;
    j->resp.attempts++;
    CURLMcode mc = curl_multi_add_handle(j->client->multi, j->easy);
    if (mc != CURLM_OK)
        fail_job(j, str_printf("could not start the request: %s",
                               curl_multi_strerror(mc)),
                 false);
}

static void free_job(struct http_job *j)
{
    if (j->easy) {
        curl_multi_remove_handle(j->client->multi, j->easy);
        curl_easy_cleanup(j->easy);
    }
    /* The copies may hold a bearer token or a password. */
    for (struct curl_slist *h = j->hdrs; h; h = h->next)
        explicit_bzero(h->data, strlen(h->data));
    curl_slist_free_all(j->hdrs);
    if (j->body)
        explicit_bzero(j->body, j->body_len);
    free(j->method);
    free(j->url);
    free(j->body);
    strbuf_free(&j->body_sb);
    strbuf_free(&j->head_sb);
    http_response_free(&j->resp);
    free(j);
}

struct http_client *http_client_new(void)
{
    struct http_client *c = xcalloc(1, sizeof *c);
    c->multi = curl_multi_init();
    if (!c->multi) {
        free(c);
        return NULL;
    }
    return c;
}

static void destroy_client(struct http_client *c)
{
    curl_multi_cleanup(c->multi);
    free(c);
}

void http_client_free(struct http_client *c)
{
    if (!c)
        return;
    assert(!c->closing);
    while (c->jobs) {
        struct http_job *j = c->jobs;
        c->jobs = j->next;
        free_job(j);
    }
    /* Inside a callback, http_client_run still holds the job whose
     * callback runs (and needs the multi handle to free it). */
    if (c->in_callbacks > 0)
        c->closing = true;
    else
        destroy_client(c);
}

struct http_job *http_start(struct http_client *c, const struct http_request *rq,
                            http_done_fn done, void *user)
{
    struct http_job *j = xcalloc(1, sizeof *j);
    j->client = c;
    j->method = xstrdup(rq->method);
    j->url = xstrdup(rq->url);
    if (rq->body) {
        j->body = xmalloc(rq->body_len + 1);
        memcpy(j->body, rq->body, rq->body_len);
        j->body[rq->body_len] = '\0';
        j->body_len = rq->body_len;
    }
    for (const char *const *h = rq->headers; h && *h; h++)
        j->hdrs = curl_slist_append(j->hdrs, *h);
    if (rq->retry) {
        j->retry = *rq->retry;
    } else {
        j->retry.max_attempts = 1;
    }
    j->retryable = method_is(j, "GET") || method_is(j, "HEAD") ||
                   method_is(j, "DELETE") ||
                   (method_is(j, "POST") && has_idempotency_key(rq->headers));
    j->done = done;
    j->user = user;
    j->cancel = rq->cancel;
    int64_t now = time_mono_ms();
    j->started_ms = now;
    j->span_ms = rq->timeout_ms > 0 ? rq->timeout_ms : 30000L;
    j->deadline_ms = now + j->span_ms;
    if (c->budget_ms > 0) {
        if (c->budget_end_ms == 0)
            c->budget_end_ms = now + c->budget_ms;
        if (c->budget_end_ms < j->deadline_ms) {
            j->deadline_ms = c->budget_end_ms;
            j->span_ms = c->budget_ms;
        }
    }
    j->next = c->jobs;
    c->jobs = j;
    if (cancel_set(j)) {
        fail_job(j, xstrdup("cancelled"), true);
        return j;
    }
    j->easy = curl_easy_init();
    if (!j->easy) {
        fail_job(j, xstrdup("could not start the request: libcurl could "
                            "not make a handle"),
                 false);
        return j;
    }
    setup_easy(j);
    start_attempt(j);
    return j;
}

void http_cancel(struct http_client *c, struct http_job *job)
{
    for (struct http_job **p = &c->jobs; *p; p = &(*p)->next) {
        if (*p == job) {
            *p = job->next;
            free_job(job);
            return;
        }
    }
}

void http_client_set_budget(struct http_client *c, long budget_ms)
{
    c->budget_ms = budget_ms > 0 ? budget_ms : 0;
    c->budget_end_ms = 0;
}

void http_client_on_retry(struct http_client *c, http_retry_fn fn, void *user)
{
    c->on_retry = fn;
    c->on_retry_user = user;
}

int http_client_pending(const struct http_client *c)
{
    if (c->closing)
        return 0;
    int n = 0;
    for (const struct http_job *j = c->jobs; j; j = j->next)
        n++;
    return n;
}

long http_response_retry_after_ms(const struct http_response *r)
{
    char *v = http_response_header(r, "Retry-After");
    if (!v)
        return -1;
    long ms = -1;
    char *end;
    long s = strtol(v, &end, 10);
    if (end != v && !*end && s >= 0) {
        ms = s > 86400 ? 86400000L : s * 1000;
    } else {
        time_t t = curl_getdate(v, NULL);
        if (t != -1) {
            time_t now = time(NULL);
            ms = t > now ? (long)(t - now) * 1000 : 0;
        }
    }
    free(v);
    return ms;
}

static bool transient(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

/* One attempt ended: schedule a retry, or mark the job finished. */
static void attempt_done(struct http_job *j, CURLcode rc)
{
    curl_multi_remove_handle(j->client->multi, j->easy);
    struct http_response *r = &j->resp;
    free(r->body);
    free(r->headers);
    free(r->error);
    r->error = NULL;
    r->status = 0;
    r->body = strbuf_detach(&j->body_sb, &r->body_len);
    r->headers = strbuf_detach(&j->head_sb, NULL);
    r->connects = 0;
    curl_easy_getinfo(j->easy, CURLINFO_NUM_CONNECTS, &r->connects);
    bool again;
    long after = -1;
    if (rc == CURLE_OK) {
        curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &r->status);
        again = r->status == 429 || (r->status >= 500 && r->status != 501);
        after = http_response_retry_after_ms(r);
    } else {
        again = transient(rc);
        r->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
        if (j->too_big)
            r->error = xstrdup("the answer was too large");
        else
            r->error = xstrdup(j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
    }
    if (again && j->retryable && r->attempts < j->retry.max_attempts) {
        long d = http_backoff_ms(&j->retry, r->attempts, after,
                                 (double)random_below(1000001) / 1e6);
        int64_t now = time_mono_ms();
        long left = (long)(j->deadline_ms - now);
        if (j->waited_ms + d <= j->retry.max_total_ms &&
            d + HTTP_MIN_ATTEMPT_MS <= left) {
            j->waited_ms += d;
            j->due_ms = now + d;
            if (j->due_ms == 0)
                j->due_ms = 1;
            struct http_client *c = j->client;
            if (c->on_retry)
                c->on_retry(c->on_retry_user, j->url, r, d, left);
            return;
        }
    }
    if (r->timed_out) {
        free(r->error);
        r->error = timeout_error(j);
    }
    j->finished = true;
}

/* How long run may wait: timeout_ms, less when a retry comes due, a job
 * waits for its callback, or a cancel flag needs looking at. */
static long wait_ms(const struct http_client *c, int timeout_ms)
{
    int64_t now = time_mono_ms();
    long wait = timeout_ms < 0 ? 0 : timeout_ms;
    for (const struct http_job *j = c->jobs; j && wait > 0; j = j->next) {
        if (j->finished || cancel_set(j)) {
            wait = 0;
        } else {
            if (j->cancel && wait > HTTP_CANCEL_POLL_MS)
                wait = HTTP_CANCEL_POLL_MS;
            if (j->due_ms > 0) {
                long d = j->due_ms > now ? (long)(j->due_ms - now) : 0;
                if (d < wait)
                    wait = d;
            }
        }
    }
    return wait;
}

/* Unlinks the first job marked for this run's callbacks, or NULL. */
static struct http_job *take_deliverable(struct http_client *c)
{
    for (struct http_job **p = &c->jobs; *p; p = &(*p)->next) {
        struct http_job *j = *p;
        if (j->deliver) {
            *p = j->next;
            j->next = NULL;
            return j;
        }
    }
    return NULL;
}

int http_client_run(struct http_client *c, int timeout_ms)
{
    assert(!c->closing);
    long wait = wait_ms(c, timeout_ms);
    int running = 0;
    if (wait > 0)
        curl_multi_poll(c->multi, NULL, 0, (int)wait, NULL);
    curl_multi_perform(c->multi, &running);
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(c->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct http_job *j = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
        if (j)
            attempt_done(j, m->data.result);
    }
    int64_t now = time_mono_ms();
    bool started = false;
    for (struct http_job *j = c->jobs; j; j = j->next) {
        if (j->finished)
            continue;
        if (cancel_set(j)) {
            fail_job(j, xstrdup("cancelled"), true);
        } else if (j->due_ms > 0 && j->due_ms <= now) {
            start_attempt(j);
            started = true;
        }
    }
    if (started)
        curl_multi_perform(c->multi, &running);
    /* Callbacks last: they may start or cancel requests on this client, or
     * free it. The finished jobs stay on c->jobs until their turn, so that
     * http_cancel() from an earlier callback still finds them; a job that
     * fails to start inside a callback waits for the next run. */
    for (struct http_job *j = c->jobs; j; j = j->next)
        j->deliver = j->finished;
    c->in_callbacks++;
    struct http_job *j;
    while (!c->closing && (j = take_deliverable(c))) {
        if (j->done)
            j->done(&j->resp, j->user);
        free_job(j);
    }
    c->in_callbacks--;
    if (c->closing) {
        if (c->in_callbacks == 0)
            destroy_client(c);
        return 0;
    }
    return http_client_pending(c);
}

struct fetch_wait {
    struct http_response *out;
    bool over;
};

static void take_response(struct http_response *resp, void *user)
{
    struct fetch_wait *w = user;
    *w->out = *resp;
    memset(resp, 0, sizeof *resp);
    w->over = true;
}

int http_client_fetch(struct http_client *c, const struct http_request *rq,
                      struct http_response *out)
{
    memset(out, 0, sizeof *out);
    struct http_client *own = NULL;
    if (!c) {
        c = own = http_client_new();
        if (!c) {
            out->body = xstrdup("");
            out->error = xstrdup("could not start libcurl");
            return -1;
        }
    }
    struct fetch_wait w = {.out = out};
    http_start(c, rq, take_response, &w);
    while (!w.over) {
        /* 0 with our job not over: another job's callback freed c. */
        if (http_client_run(c, 1000) == 0 && !w.over) {
            own = NULL;
            out->error = xstrdup("the HTTP client was closed");
            break;
        }
    }
    http_client_free(own);
    if (!out->body)
        out->body = xstrdup("");
    return out->status ? 0 : -1;
}

int http_fetch(const struct http_request *rq, struct http_response *out)
{
    return http_client_fetch(NULL, rq, out);
}
