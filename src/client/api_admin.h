/* api_admin — the operator's routes (admin group only): queue counts,
 * the dead-letter queue (list, one message, redrive, redrive all,
 * delete) and the audit trail of those actions. A caller outside the
 * admin group gets API_REFUSED with status 403. */
#ifndef INVENTUI_CLIENT_API_ADMIN_H
#define INVENTUI_CLIENT_API_ADMIN_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "client/api.h"
#include "client/api_page.h"

struct queue_counts {
    long long visible, in_flight, oldest_age_s; /* the order queue */
    long long dlq_count, dlq_oldest_age_s;
};

struct dlq_message {
    char *message_id, *order_id;
    char *body;       /* the order queue message as it was */
    char *last_error; /* "" when none */
    long long receive_count;
    int64_t first_failed_at, moved_at; /* epoch ms; 0 when unknown */
};

void dlq_message_clear(struct dlq_message *m);
/* -1 when messageId is missing or a member is of the wrong type. */
int api_dlq_parse(const cJSON *obj, struct dlq_message *m);

/* A page parsed (for the items as received: api_dlq_list_json). */
struct api_dlq_page {
    struct dlq_message *items;
    size_t count;
    char *next_token; /* NULL on the last page */
};

void api_dlq_page_free(struct api_dlq_page *p);

enum api_rc api_queues(struct api *a, struct queue_counts *q,
                       struct api_result *res);
/* limit 0: the API's default; next_token NULL: the first page. */
enum api_rc api_dlq_list(struct api *a, int limit, const char *next_token,
                         struct api_dlq_page *page, struct api_result *res);
/* The same page with its items as received (each checked to be a DLQ
 * message); api_page_free() it. */
enum api_rc api_dlq_list_json(struct api *a, int limit, const char *next_token,
                              struct api_page *page, struct api_result *res);
/* On API_OK *m is filled (dlq_message_clear() it). */
enum api_rc api_dlq_get(struct api *a, const char *id, struct dlq_message *m,
                        struct api_result *res);
/* Puts one message back on the order queue; res->data says where. */
enum api_rc api_dlq_redrive(struct api *a, const char *id,
                            struct api_result *res);
/* Puts every message back; *count is how many. */
enum api_rc api_dlq_redrive_all(struct api *a, long long *count,
                                struct api_result *res);
/* Drops one message for good; res->data is {deletedId}. */
enum api_rc api_dlq_delete(struct api *a, const char *id,
                           struct api_result *res);

/* One entry of the audit trail: who did what to which DLQ message. */
struct audit_item {
    long long audit_id;
    int64_t at;        /* epoch ms; 0 when unknown */
    char *actor_email; /* "" when absent */
    char *actor_sub;
    char *action;      /* "redrive", "delete" */
    char *message_id;  /* the DLQ message acted on */
};

void audit_item_clear(struct audit_item *e);
/* -1 when action is missing or a member is of the wrong type. */
int api_audit_parse(const cJSON *obj, struct audit_item *e);
/* One page of GET /admin/audit, newest first, its items as received
 * (each checked to be an audit entry); api_page_free() it. limit 0: the
 * API's default; next_token NULL: the first page. */
enum api_rc api_audit_list_json(struct api *a, int limit,
                                const char *next_token, struct api_page *page,
                                struct api_result *res);

#endif
