#include "client/api_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api_json.h"
#include "common/mem.h"
#include "common/strbuf.h"

void dlq_message_clear(struct dlq_message *m)
{
    free(m->message_id);
    free(m->order_id);
    free(m->body);
    free(m->last_error);
    memset(m, 0, sizeof *m);
}

static char *dup_or_empty(const cJSON *obj, const char *name)
{
    const char *s = api_json_str(obj, name);
    return xstrdup(s ? s : "");
}

int api_dlq_parse(const cJSON *obj, struct dlq_message *m)
{
    memset(m, 0, sizeof *m);
    const char *id = api_json_str(obj, "messageId");
    if (!id)
        return -1;
    const cJSON *rc = cJSON_GetObjectItemCaseSensitive(obj, "receiveCount");
    if (rc && !api_json_whole(obj, "receiveCount", &m->receive_count))
        return -1;
    m->message_id = xstrdup(id);
    m->order_id = dup_or_empty(obj, "orderId");
    m->body = dup_or_empty(obj, "body");
    m->last_error = dup_or_empty(obj, "lastError");
    m->first_failed_at = api_json_time(obj, "firstFailedAt");
    m->moved_at = api_json_time(obj, "movedAt");
    return 0;
}

void api_dlq_page_free(struct api_dlq_page *p)
{
    for (size_t i = 0; i < p->count; i++)
        dlq_message_clear(&p->items[i]);
    free(p->items);
    free(p->next_token);
    memset(p, 0, sizeof *p);
}

static bool count_in(const cJSON *obj, const char *name, long long *out)
{
    *out = 0;
    return !cJSON_GetObjectItemCaseSensitive(obj, name) ||
           api_json_whole(obj, name, out);
}

enum api_rc api_queues(struct api *a, struct queue_counts *q,
                       struct api_result *res)
{
    memset(q, 0, sizeof *q);
    api_call(a, "GET", "/admin/queues", NULL, res);
    if (res->rc != API_OK)
        return res->rc;
    const cJSON *oq = cJSON_GetObjectItemCaseSensitive(res->data, "orderQueue");
    const cJSON *dlq = cJSON_GetObjectItemCaseSensitive(res->data, "dlq");
    if (!cJSON_IsObject(oq) || !cJSON_IsObject(dlq) ||
        !count_in(oq, "visible", &q->visible) ||
        !count_in(oq, "inFlight", &q->in_flight) ||
        !count_in(oq, "oldestAgeSeconds", &q->oldest_age_s) ||
        !count_in(dlq, "count", &q->dlq_count) ||
        !count_in(dlq, "oldestAgeSeconds", &q->dlq_oldest_age_s))
        return api_json_bad_answer(res, "queue counts");
    return API_OK;
}

static int parse_item(const cJSON *obj, void *item)
{
    return api_dlq_parse(obj, item);
}

static void clear_item(void *item)
{
    dlq_message_clear(item);
}

static const struct api_page_type DLQ_PAGE = {
    "a DLQ listing", sizeof(struct dlq_message), parse_item, clear_item};

enum api_rc api_dlq_list(struct api *a, int limit, const char *next_token,
                         struct api_dlq_page *page, struct api_result *res)
{
    memset(page, 0, sizeof *page);
    struct strbuf query = {0};
    char *path = api_page_path("/admin/dlq", &query, limit, next_token);
    void *items;
    enum api_rc rc = api_page_get_parsed(a, path, &DLQ_PAGE, &items,
                                         &page->count, &page->next_token, res);
    page->items = items;
    free(path);
    return rc;
}

/* One page of an admin listing at base (no filters) as received. */
static enum api_rc page_json(struct api *a, const char *base,
                             const struct api_page_type *t, int limit,
                             const char *next_token, struct api_page *page,
                             struct api_result *res)
{
    struct strbuf query = {0};
    char *path = api_page_path(base, &query, limit, next_token);
    enum api_rc rc = api_page_get_json(a, path, t, page, res);
    free(path);
    return rc;
}

enum api_rc api_dlq_list_json(struct api *a, int limit, const char *next_token,
                              struct api_page *page, struct api_result *res)
{
    return page_json(a, "/admin/dlq", &DLQ_PAGE, limit, next_token, page,
                     res);
}

enum api_rc api_dlq_get(struct api *a, const char *id, struct dlq_message *m,
                        struct api_result *res)
{
    memset(m, 0, sizeof *m);
    char *path = api_json_path("/admin/dlq", id, "");
    api_call(a, "GET", path, NULL, res);
    free(path);
    if (res->rc != API_OK)
        return res->rc;
    if (api_dlq_parse(res->data, m) != 0)
        return api_json_bad_answer(res, "a DLQ message");
    return API_OK;
}

enum api_rc api_dlq_redrive(struct api *a, const char *id,
                            struct api_result *res)
{
    char *path = api_json_path("/admin/dlq", id, "/redrive");
    api_call(a, "POST", path, NULL, res);
    free(path);
    return res->rc;
}

enum api_rc api_dlq_redrive_all(struct api *a, long long *count,
                                struct api_result *res)
{
    *count = 0;
    api_call(a, "POST", "/admin/dlq/redrive-all", NULL, res);
    if (res->rc != API_OK)
        return res->rc;
    if (!api_json_whole(res->data, "redriven", count))
        return api_json_bad_answer(res, "a redrive count");
    return API_OK;
}

enum api_rc api_dlq_delete(struct api *a, const char *id,
                           struct api_result *res)
{
    char *path = api_json_path("/admin/dlq", id, "");
    api_call(a, "DELETE", path, NULL, res);
    free(path);
    return res->rc;
}

void audit_item_clear(struct audit_item *e)
{
    free(e->actor_email);
    free(e->actor_sub);
    free(e->action);
    free(e->message_id);
    memset(e, 0, sizeof *e);
}

int api_audit_parse(const cJSON *obj, struct audit_item *e)
{
    memset(e, 0, sizeof *e);
    const char *action = api_json_str(obj, "action");
    if (!action || !count_in(obj, "auditId", &e->audit_id))
        return -1;
    e->action = xstrdup(action);
    e->actor_email = dup_or_empty(obj, "actorEmail");
    e->actor_sub = dup_or_empty(obj, "actorSub");
    e->message_id = dup_or_empty(obj, "messageId");
    e->at = api_json_time(obj, "at");
    return 0;
}

static int parse_audit(const cJSON *obj, void *item)
{
    return api_audit_parse(obj, item);
}

static void clear_audit(void *item)
{
    audit_item_clear(item);
}

static const struct api_page_type AUDIT_PAGE = {
    "an audit trail", sizeof(struct audit_item), parse_audit, clear_audit};

enum api_rc api_audit_list_json(struct api *a, int limit,
                                const char *next_token, struct api_page *page,
                                struct api_result *res)
{
    return page_json(a, "/admin/audit", &AUDIT_PAGE, limit, next_token, page,
                     res);
}
