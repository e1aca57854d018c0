/* process — what the worker does with one received order-queue message:
 * the seed's processOrder Lambda. Decides whether the order is confirmed
 * and mailed (the worker hands a batch's mails over together), exactly
 * once however often the message is delivered. */
#ifndef INVENTUI_SERVER_QUEUE_PROCESS_H
#define INVENTUI_SERVER_QUEUE_PROCESS_H

struct server;
struct store_conn;
struct queue_msg;

enum process_rc {
    PROCESS_DONE,      /* handled; settle it (struct process_done) */
    PROCESS_RETRY,     /* failed; try again after the visibility timeout */
    PROCESS_PERMANENT, /* can never succeed: straight to the DLQ */
};

/* What a message prepared with PROCESS_DONE leaves to do: the worker
 * hands the batch's mails over (mail_send_keyed_batch), then settles the
 * batch in one transaction (store_queue_settle). */
struct process_done {
    char *order_id;  /* NULL: nothing to confirm, only delete */
    char *mail_key;
    char *recipient;
    char *subject;   /* the mail to hand over first; NULL: sent before */
    char *body;
};

void process_done_clear(struct process_done *d);

/* Prepares m (c is a connection for reads): renders the confirmation
 * unless it is recorded as sent. On DONE fills *done (caller clears); on
 * RETRY and PERMANENT, *err (malloc'd, caller frees) says why. Sends
 * nothing itself. */
enum process_rc queue_prepare(struct server *srv, struct store_conn *c,
                              const struct queue_msg *m,
                              struct process_done *done, char **err);

#endif
