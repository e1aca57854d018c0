/* process — what the worker does with one received order-queue message:
 * the seed's processOrder Lambda. Confirms the order and mails the
 * customer, exactly once however often the message is delivered. */
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

/* What a message processed with PROCESS_DONE leaves to write: the
 * worker settles a whole batch in one transaction (store_queue_settle),
 * after every mail of the batch was handed over. */
struct process_done {
    char *order_id;  /* NULL: nothing to confirm, only delete */
    char *mail_key;
    char *recipient;
};

void process_done_clear(struct process_done *d);

/* Processes m (c is a connection for reads): mails the confirmation
 * unless it is recorded as sent. On DONE fills *done (caller clears); on
 * RETRY and PERMANENT, *err (malloc'd, caller frees) says why. */
enum process_rc queue_process(struct server *srv, struct store_conn *c,
                              const struct queue_msg *m,
                              struct process_done *done, char **err);

#endif
