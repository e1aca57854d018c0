/* store_queue — the order queue as SQS would run it, over the
 * queue_messages outbox each order writes: receive (with a visibility
 * timeout), delete, record a failure, move to the dead-letter queue; the
 * confirmation of an order (status, sent-mail record, delete) in one
 * transaction; the queue counts for /admin/queues.
 *
 * Every write goes through store_write() (group commit, one writer), so
 * the worker never races the request threads for the write lock. Times are
 * epoch milliseconds. */
#ifndef INVENTUI_SERVER_STORE_QUEUE_H
#define INVENTUI_SERVER_STORE_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "server/store/store.h"

#define QUEUE_ID_MAX 64

/* A message of the order queue or of the DLQ. */
struct queue_msg {
    int64_t seq;              /* DLQ only: list position */
    char id[QUEUE_ID_MAX];
    char order_id[QUEUE_ID_MAX];
    char *body;               /* owned */
    long long receive_count;
    char *last_error;         /* owned; NULL when none */
    int64_t first_failed_at;  /* 0 when it never failed */
    int64_t visible_at;       /* queue only */
    int64_t moved_at;         /* DLQ only */
};

/* Frees what m owns and zeroes it. */
void queue_msg_clear(struct queue_msg *m);
/* Frees an array of n messages from store_queue_receive. */
void queue_msgs_free(struct queue_msg *m, int n);

/* Receives up to max visible messages (visible_at <= now), oldest first:
 * each gets receive_count + 1 and visible_at = now + visibility_ms, in one
 * transaction. *out (caller frees with queue_msgs_free) holds *n. */
enum store_rc store_queue_receive(struct store *s, int64_t now,
                                  int64_t visibility_ms, int max,
                                  struct queue_msg **out, int *n);
/* *any: whether a message is visible at now (a cheap read, so an idle
 * worker does not write). */
enum store_rc store_queue_has_visible(struct store_conn *c, int64_t now,
                                      bool *any);
/* Records a failed attempt: last_error, and first_failed_at unless set.
 * The message stays hidden until its visibility timeout ends. */
enum store_rc store_queue_fail(struct store *s, const char *msg_id,
                               const char *error, int64_t now);
/* Moves the message to the DLQ with error as its last error, in one
 * transaction; *moved (caller clears) is the DLQ row. */
enum store_rc store_queue_to_dlq(struct store *s, const char *msg_id,
                                 const char *error, int64_t now,
                                 struct queue_msg *moved);
/* A processed message and what its processing leaves to write. */
struct queue_settle {
    const char *msg_id;
    const char *order_id;  /* NULL: nothing to confirm, only delete */
    const char *mail_key;  /* the confirmation mail, already handed over */
    const char *recipient;
};

/* The processed messages of one received batch, in one transaction (one
 * commit, not one per message): for each with an order_id, records
 * mail_key as sent to recipient and sets the order CONFIRMED if it is
 * still PENDING; every message is deleted. All or none. */
enum store_rc store_queue_settle(struct store *s, const struct queue_settle *v,
                                 int n, int64_t now);
/* store_queue_settle, then store_queue_receive of up to max (0: none)
 * in the same transaction: a busy worker pays one commit per batch, not
 * two. If the settle fails, nothing is received; if only the receive
 * fails, the settle stands and *nout is 0. *out: see store_queue_receive. */
enum store_rc store_queue_settle_receive(struct store *s,
                                         const struct queue_settle *v, int n,
                                         int64_t now, int64_t visibility_ms,
                                         int max, struct queue_msg **out,
                                         int *nout);
/* *sent: whether mail_key is recorded as sent. */
enum store_rc store_sent_mail_has(struct store_conn *c, const char *mail_key,
                                  bool *sent);

struct queue_stats {
    long long visible, in_flight;
    long long oldest_age_s;     /* of the oldest message on the queue */
    long long dlq_count;
    long long dlq_oldest_age_s; /* since the oldest DLQ message moved */
};

enum store_rc store_queue_stats(struct store_conn *c, int64_t now,
                                struct queue_stats *out);

#endif
