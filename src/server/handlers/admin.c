/* admin — the operator's view of the order pipeline: queue counts, the
 * dead-letter queue (list, get, redrive, redrive all, delete) and the
 * audit trail of those actions. Every route is ROUTE_ADMIN. */
#include "server/handlers/handlers.h"

#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/timeutil.h"
#include "server/handlers/listing.h"
#include "server/queue/worker.h"
#include "server/server.h"
#include "server/store/store_dlq.h"
#include "server/store/store_queue.h"

static void write_time_or_null(struct jsonw *w, int64_t ms)
{
    if (ms > 0)
        jsonw_time(w, ms);
    else
        jsonw_null(w);
}

static void write_dlq_message(struct jsonw *w, const struct queue_msg *m)
{
    jsonw_object_begin(w);
    jsonw_key(w, "messageId");
    jsonw_string(w, m->id);
    jsonw_key(w, "orderId");
    jsonw_string(w, m->order_id);
    jsonw_key(w, "body");
    jsonw_string(w, m->body);
    jsonw_key(w, "receiveCount");
    jsonw_int(w, m->receive_count);
    jsonw_key(w, "lastError");
    jsonw_string(w, m->last_error);
    jsonw_key(w, "firstFailedAt");
    write_time_or_null(w, m->first_failed_at);
    jsonw_key(w, "movedAt");
    jsonw_time(w, m->moved_at);
    jsonw_object_end(w);
}

static void respond_text(struct request *rq, struct response *rs, int status,
                         struct strbuf *sb)
{
    respond_data_text(rq, rs, status, sb->buf, sb->len);
    strbuf_free(sb);
}

void handle_admin_queues(struct request *rq, struct response *rs)
{
    struct store_conn *c = request_db(rq);
    struct queue_stats st;
    if (!c || store_queue_stats(c, time_now_ms(), &st) != STORE_OK) {
        respond_internal(rq, rs);
        return;
    }
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object_begin(&w);
    jsonw_key(&w, "orderQueue");
    jsonw_object_begin(&w);
    jsonw_key(&w, "visible");
    jsonw_int(&w, st.visible);
    jsonw_key(&w, "inFlight");
    jsonw_int(&w, st.in_flight);
    jsonw_key(&w, "oldestAgeSeconds");
    jsonw_int(&w, st.oldest_age_s);
    jsonw_object_end(&w);
    jsonw_key(&w, "dlq");
    jsonw_object_begin(&w);
    jsonw_key(&w, "count");
    jsonw_int(&w, st.dlq_count);
    jsonw_key(&w, "oldestAgeSeconds");
    jsonw_int(&w, st.dlq_oldest_age_s);
    jsonw_object_end(&w);
    jsonw_object_end(&w);
    respond_text(rq, rs, 200, &sb);
}

/* Reads limit and nextToken for the list named scope; false when it has
 * answered 400 itself. */
static bool parse_listing(struct request *rq, struct response *rs,
                          const char *scope, struct listing *l)
{
    cJSON *details = cJSON_CreateArray();
    const char *parts[] = {scope};
    listing_parse(rq, details, parts, 1, l);
    if (cJSON_GetArraySize(details) > 0) {
        respond_error(rq, rs, 400, "VALIDATION_ERROR", "Validation failed",
                      details);
        return false;
    }
    cJSON_Delete(details);
    return true;
}

void handle_admin_dlq_list(struct request *rq, struct response *rs)
{
    struct listing l;
    if (!parse_listing(rq, rs, "admin/dlq", &l))
        return;
    struct store_conn *c = request_db(rq);
    struct dlq_page pg;
    if (!c || store_dlq_list(c, l.before, l.limit, &pg) != STORE_OK) {
        respond_internal(rq, rs);
        return;
    }
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    listing_begin(&w);
    for (int i = 0; i < pg.count; i++)
        write_dlq_message(&w, &pg.items[i]);
    listing_end(rq, &w, &l, pg.count, pg.more, pg.last_seq);
    dlq_page_free(&pg);
    respond_text(rq, rs, 200, &sb);
}

void handle_admin_dlq_get(struct request *rq, struct response *rs)
{
    char id[UUID_STR_LEN];
    if (!listing_path_id(rq, rs, id))
        return;
    struct store_conn *c = request_db(rq);
    struct queue_msg m;
    enum store_rc r = c ? store_dlq_get(c, id, &m) : STORE_ERROR;
    if (r == STORE_NOT_FOUND) {
        respond_error(rq, rs, 404, "NOT_FOUND", "Message not found", NULL);
    } else if (r != STORE_OK) {
        respond_internal(rq, rs);
    } else {
        struct strbuf sb = {0};
        struct jsonw w;
        jsonw_init(&w, &sb);
        write_dlq_message(&w, &m);
        queue_msg_clear(&m);
        respond_text(rq, rs, 200, &sb);
    }
}

static struct audit_actor actor_of(const struct request *rq)
{
    struct audit_actor who = {rq->user->sub, rq->user->email};
    return who;
}

void handle_admin_dlq_redrive(struct request *rq, struct response *rs)
{
    char id[UUID_STR_LEN];
    if (!listing_path_id(rq, rs, id))
        return;
    struct audit_actor who = actor_of(rq);
    struct queue_msg m;
    enum store_rc r = store_dlq_redrive(rq->srv->store, id, &who,
                                        time_now_ms(), &m);
    if (r == STORE_NOT_FOUND) {
        respond_error(rq, rs, 404, "NOT_FOUND", "Message not found", NULL);
        return;
    }
    if (r != STORE_OK) {
        respond_internal(rq, rs);
        return;
    }
    queue_worker_notify(rq->srv->queue);
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object_begin(&w);
    jsonw_key(&w, "messageId");
    jsonw_string(&w, m.id);
    jsonw_key(&w, "orderId");
    jsonw_string(&w, m.order_id);
    jsonw_key(&w, "body");
    jsonw_string(&w, m.body);
    jsonw_key(&w, "queue");
    jsonw_string(&w, "orderQueue");
    jsonw_key(&w, "receiveCount");
    jsonw_int(&w, m.receive_count);
    jsonw_key(&w, "visibleAt");
    jsonw_time(&w, m.visible_at);
    jsonw_object_end(&w);
    queue_msg_clear(&m);
    respond_text(rq, rs, 200, &sb);
}

void handle_admin_dlq_redrive_all(struct request *rq, struct response *rs)
{
    struct audit_actor who = actor_of(rq);
    long long n = 0;
    if (store_dlq_redrive_all(rq->srv->store, &who, time_now_ms(), &n) !=
        STORE_OK) {
        respond_internal(rq, rs);
        return;
    }
    if (n > 0)
        queue_worker_notify(rq->srv->queue);
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object_begin(&w);
    jsonw_key(&w, "redriven");
    jsonw_int(&w, n);
    jsonw_object_end(&w);
    respond_text(rq, rs, 200, &sb);
}

void handle_admin_dlq_delete(struct request *rq, struct response *rs)
{
    char id[UUID_STR_LEN];
    if (!listing_path_id(rq, rs, id))
        return;
    struct audit_actor who = actor_of(rq);
    enum store_rc r = store_dlq_delete(rq->srv->store, id, &who,
                                       time_now_ms());
    if (r == STORE_NOT_FOUND) {
        respond_error(rq, rs, 404, "NOT_FOUND", "Message not found", NULL);
        return;
    }
    if (r != STORE_OK) {
        respond_internal(rq, rs);
        return;
    }
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object_begin(&w);
    jsonw_key(&w, "deletedId");
    jsonw_string(&w, id);
    jsonw_object_end(&w);
    respond_text(rq, rs, 200, &sb);
}

void handle_admin_audit(struct request *rq, struct response *rs)
{
    struct listing l;
    if (!parse_listing(rq, rs, "admin/audit", &l))
        return;
    struct store_conn *c = request_db(rq);
    struct audit_page pg;
    if (!c || store_audit_list(c, l.before, l.limit, &pg) != STORE_OK) {
        respond_internal(rq, rs);
        return;
    }
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    listing_begin(&w);
    for (int i = 0; i < pg.count; i++) {
        const struct audit_entry *e = &pg.items[i];
        jsonw_object_begin(&w);
        jsonw_key(&w, "auditId");
        jsonw_int(&w, e->seq);
        jsonw_key(&w, "at");
        jsonw_time(&w, e->at);
        jsonw_key(&w, "actorSub");
        jsonw_string(&w, e->actor_sub);
        jsonw_key(&w, "actorEmail");
        jsonw_string(&w, e->actor_email);
        jsonw_key(&w, "action");
        jsonw_string(&w, e->action);
        jsonw_key(&w, "messageId");
        jsonw_string(&w, e->message_id);
        jsonw_key(&w, "body");
        jsonw_string(&w, e->body);
        jsonw_object_end(&w);
    }
    listing_end(rq, &w, &l, pg.count, pg.more, pg.last_seq);
    audit_page_free(&pg);
    respond_text(rq, rs, 200, &sb);
}
