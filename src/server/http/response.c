#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json_strict.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/http/request.h"

static cJSON *meta(const struct request *rq)
{
    char ts[ISO8601_LEN];
    time_iso8601(time_now_ms(), ts);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "requestId", rq->request_id);
    cJSON_AddStringToObject(m, "timestamp", ts);
    return m;
}

static void set_json(struct response *rs, int status, cJSON *root)
{
    free(rs->body);
    rs->status = status;
    rs->body = cJSON_PrintUnformatted(root);
    if (!rs->body)
        abort(); /* cJSON fails only when out of memory */
    rs->body_len = strlen(rs->body);
    rs->content_type = "application/json";
    cJSON_Delete(root);
}

void respond_json_text(struct response *rs, int status, char *json)
{
    free(rs->body);
    rs->status = status;
    rs->body = json;
    rs->body_len = strlen(json);
    rs->content_type = "application/json";
}

void respond_data(struct request *rq, struct response *rs, int status,
                  cJSON *data)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 1);
    cJSON_AddItemToObject(root, "data", data ? data : cJSON_CreateNull());
    cJSON_AddItemToObject(root, "meta", meta(rq));
    set_json(rs, status, root);
}

void respond_data_text(struct request *rq, struct response *rs, int status,
                       const char *data_json, size_t len)
{
    char ts[ISO8601_LEN];
    time_iso8601(time_now_ms(), ts);
    struct strbuf sb = {0};
    strbuf_puts(&sb, "{\"success\":true,\"data\":");
    strbuf_append(&sb, data_json, len);
    strbuf_printf(&sb, ",\"meta\":{\"requestId\":\"%s\",\"timestamp\":\"%s\"}}",
                  rq->request_id, ts);
    free(rs->body);
    rs->status = status;
    rs->body = strbuf_detach(&sb, &rs->body_len);
    rs->content_type = "application/json";
}

void respond_data_start(struct strbuf *sb)
{
    strbuf_puts(sb, "{\"success\":true,\"data\":");
}

void respond_data_finish(struct request *rq, struct response *rs, int status,
                         struct strbuf *sb)
{
    char ts[ISO8601_LEN];
    time_iso8601(time_now_ms(), ts);
    strbuf_puts(sb, ",\"meta\":{\"requestId\":\"");
    strbuf_puts(sb, rq->request_id);
    strbuf_puts(sb, "\",\"timestamp\":\"");
    strbuf_puts(sb, ts);
    strbuf_puts(sb, "\"}}");
    free(rs->body);
    rs->status = status;
    rs->body = strbuf_detach(sb, &rs->body_len);
    rs->content_type = "application/json";
}

void respond_error(struct request *rq, struct response *rs, int status,
                   const char *code, const char *message, cJSON *details)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddBoolToObject(root, "success", 0);
    cJSON *err = cJSON_AddObjectToObject(root, "error");
    cJSON_AddStringToObject(err, "code", code);
    cJSON_AddStringToObject(err, "message", message);
    if (details)
        cJSON_AddItemToObject(err, "details", details);
    cJSON_AddItemToObject(root, "meta", meta(rq));
    set_json(rs, status, root);
}

void respond_validation(struct request *rq, struct response *rs,
                        cJSON *details)
{
    respond_error(rq, rs, 400, "VALIDATION_ERROR", "Validation failed",
                  details);
}

void respond_internal(struct request *rq, struct response *rs)
{
    respond_error(rq, rs, 500, "INTERNAL_ERROR",
                  "An unexpected error occurred; see the server log for "
                  "this request id",
                  NULL);
}

void respond_raw(struct response *rs, int status, const char *content_type,
                 const char *body, size_t len)
{
    free(rs->body);
    rs->status = status;
    rs->body = xstrndup(body, len);
    rs->body_len = len;
    rs->content_type = content_type;
}

void response_add_header(struct response *rs, const char *name,
                         const char *value)
{
    if (rs->nheaders == RESPONSE_MAX_HEADERS)
        abort(); /* a handler bug, caught by any test of that route */
    rs->headers[rs->nheaders].name = name;
    rs->headers[rs->nheaders].value = xstrdup(value);
    rs->nheaders++;
}

void response_free(struct response *rs)
{
    free(rs->body);
    for (int i = 0; i < rs->nheaders; i++)
        free(rs->headers[i].value);
    memset(rs, 0, sizeof *rs);
}

/* Whether a JSON text holds a NUL, raw or as a \u0000 escape: cJSON
 * would cut the string there, so "abc\u0000<anything>" would pass every
 * check as "abc" and be stored as such. */
static bool has_nul(const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return true;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && i + 5 < n && memcmp(s + i + 2, "0000", 4) == 0)
            return true;
        i++; /* skip the escaped character (it may be a backslash) */
    }
    return false;
}

cJSON *request_json_object(struct request *rq, struct response *rs)
{
    if (rq->body_len == 0) {
        respond_error(rq, rs, 400, "BAD_REQUEST",
                      "Request body is required (a JSON object)", NULL);
        return NULL;
    }
    if (has_nul(rq->body, rq->body_len)) {
        respond_error(rq, rs, 400, "BAD_REQUEST",
                      "Request body must not contain NUL characters", NULL);
        return NULL;
    }
    /* Strict RFC 8259 first: cJSON would take \uZZZZ as a NUL, 01 as 1. */
    struct json_strict_error err;
    cJSON *root = json_strict_parse(rq->body, rq->body_len, &err);
    if (!root) {
        char why[96], msg[160];
        json_strict_describe(&err, why, sizeof why);
        snprintf(msg, sizeof msg, "Request body is not valid JSON: %s", why);
        respond_error(rq, rs, 400, "BAD_REQUEST", msg, NULL);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        respond_error(rq, rs, 400, "BAD_REQUEST",
                      "Request body must be a JSON object", NULL);
        return NULL;
    }
    return root;
}
