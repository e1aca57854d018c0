/* store_dlq — the dead-letter queue as the admin API sees it: list, get,
 * redrive (one or all) back onto the order queue, delete; and the audit
 * trail each redrive and delete writes in its own transaction. A DLQ
 * delete never touches audit rows. */
#ifndef INVENTUI_SERVER_STORE_DLQ_H
#define INVENTUI_SERVER_STORE_DLQ_H

#include <stdbool.h>
#include <stdint.h>

#include "server/store/store.h"
#include "server/store/store_queue.h"

struct dlq_page {
    struct queue_msg *items; /* owned; dlq_page_free */
    int count;
    bool more;
    int64_t last_seq;
};

void dlq_page_free(struct dlq_page *pg);

/* Who did an audited action. */
struct audit_actor {
    const char *sub;
    const char *email;
};

struct audit_entry {
    int64_t seq;
    int64_t at;
    char *actor_sub, *actor_email, *action, *message_id, *body; /* owned */
};

struct audit_page {
    struct audit_entry *items; /* owned; audit_page_free */
    int count;
    bool more;
    int64_t last_seq;
};

void audit_page_free(struct audit_page *pg);

/* DLQ messages, newest first, seq < before (0: from the newest). */
enum store_rc store_dlq_list(struct store_conn *c, int64_t before, int limit,
                             struct dlq_page *out);
/* STORE_NOT_FOUND when absent; *out is cleared with queue_msg_clear. */
enum store_rc store_dlq_get(struct store_conn *c, const char *id,
                            struct queue_msg *out);
/* In one transaction: moves the message back onto the order queue,
 * visible at now with receive_count 0 and no error, and writes the audit
 * row. *out (caller clears) is its new queue state. STORE_NOT_FOUND when
 * it is not in the DLQ. */
enum store_rc store_dlq_redrive(struct store *s, const char *id,
                                const struct audit_actor *who, int64_t now,
                                struct queue_msg *out);
/* The same for every DLQ message, in one transaction; *n redriven. */
enum store_rc store_dlq_redrive_all(struct store *s,
                                    const struct audit_actor *who,
                                    int64_t now, long long *n);
/* Deletes a DLQ message and writes the audit row, in one transaction.
 * STORE_NOT_FOUND when absent. */
enum store_rc store_dlq_delete(struct store *s, const char *id,
                               const struct audit_actor *who, int64_t now);
/* Audit rows, newest first, seq < before (0: from the newest). */
enum store_rc store_audit_list(struct store_conn *c, int64_t before,
                               int limit, struct audit_page *out);

#endif
