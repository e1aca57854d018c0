#include "server/http/router.h"

#include <stdio.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/auth/verifier.h"
#include "server/http/ratelimit.h"
#include "server/server.h"
#include "server/store/store.h"

#define MAX_SEGMENTS 8
#define MAX_PATH 1024

/* Splits a path in place on '/' into at most MAX_SEGMENTS segments;
 * -1 if there are more, or an empty segment inside ("//"). A single
 * trailing slash is ignored, as API Gateway does. */
static int split(char *path, char *segs[MAX_SEGMENTS])
{
    if (path[0] != '/')
        return -1;
    size_t len = strlen(path);
    if (len > 1 && path[len - 1] == '/')
        path[len - 1] = '\0';
    int n = 0;
    char *s = path + 1;
    if (*s == '\0')
        return 0;
    for (;;) {
        if (n == MAX_SEGMENTS)
            return -1;
        char *slash = strchr(s, '/');
        if (slash)
            *slash = '\0';
        if (*s == '\0')
            return -1;
        segs[n++] = s;
        if (!slash)
            return n;
        s = slash + 1;
    }
}

static bool match(const char *pattern, char *const segs[], int nsegs,
                  const char *params[REQUEST_MAX_PARAMS])
{
    int i = 0, nparam = 0;
    const char *p = pattern + 1;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        if (i == nsegs)
            return false;
        if (p[0] == '{') {
            if (nparam == REQUEST_MAX_PARAMS)
                return false;
            params[nparam++] = segs[i];
        } else if (strlen(segs[i]) != plen || strncmp(p, segs[i], plen) != 0) {
            return false;
        }
        i++;
        p += plen;
        if (*p == '/')
            p++;
    }
    return i == nsegs;
}

static void authenticate_and_run(const struct route *r, struct request *rq,
                                 struct response *rs)
{
    if (r->auth != ROUTE_PUBLIC) {
        const char *authz = request_header(rq, "Authorization");
        const char *why = NULL;
        if (verifier_check_bearer(rq->srv->verifier, authz, &rq->principal,
                                  &why) != 0) {
            respond_error(rq, rs, 401, "UNAUTHORIZED", why, NULL);
            return;
        }
        rq->user = &rq->principal;
        int wait = ratelimit_take(rq->srv->limit, rq->user->sub, time_now_ms());
        if (wait > 0) {
            char secs[16];
            snprintf(secs, sizeof secs, "%d", wait);
            respond_error(rq, rs, 429, "TOO_MANY_REQUESTS",
                          "Too many requests from this user; retry after "
                          "the Retry-After seconds", NULL);
            response_add_header(rs, "Retry-After", secs);
            return;
        }
        if (r->auth == ROUTE_ADMIN && !rq->user->admin) {
            respond_error(rq, rs, 403, "FORBIDDEN",
                          "This needs an administrator: your account is "
                          "not in the admin group",
                          NULL);
            return;
        }
    }
    r->handler(rq, rs);
}

void router_dispatch(struct request *rq, struct response *rs)
{
    char scratch[MAX_PATH];
    char *segs[MAX_SEGMENTS];
    int nsegs = -1;
    if (strlen(rq->path) < sizeof scratch) {
        memcpy(scratch, rq->path, strlen(rq->path) + 1);
        nsegs = split(scratch, segs);
    }

    struct strbuf allow = {0};
    const struct route *hit = NULL;
    if (nsegs >= 0) {
        for (const struct route *r = ROUTES; r->method; r++) {
            const char *params[REQUEST_MAX_PARAMS] = {0};
            if (!match(r->pattern, segs, nsegs, params))
                continue;
            if (strcmp(r->method, rq->method) == 0) {
                hit = r;
                memcpy(rq->params, params, sizeof params);
                break;
            }
            strbuf_printf(&allow, "%s%s", allow.len ? ", " : "", r->method);
        }
    }

    if (hit) {
        authenticate_and_run(hit, rq, rs);
    } else if (allow.len && strcmp(rq->method, "OPTIONS") == 0) {
        respond_raw(rs, 204, NULL, "", 0);
        strbuf_printf(&allow, ", OPTIONS");
        response_add_header(rs, "Access-Control-Allow-Methods", allow.buf);
    } else if (allow.len) {
        strbuf_printf(&allow, ", OPTIONS");
        char msg[160];
        snprintf(msg, sizeof msg, "Method %s is not allowed here",
                 rq->method);
        respond_error(rq, rs, 405, "METHOD_NOT_ALLOWED", msg, NULL);
        response_add_header(rs, "Allow", allow.buf);
    } else {
        respond_error(rq, rs, 404, "NOT_FOUND", "Route not found", NULL);
    }
    strbuf_free(&allow);
    if (rq->db) {
        store_release(rq->srv->store, rq->db);
        rq->db = NULL;
    }
}
