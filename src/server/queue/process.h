/* process — what the worker does with one received order-queue message:
 * the seed's processOrder Lambda. Confirms the order and mails the
 * customer, exactly once however often the message is delivered. */
#ifndef INVENTUI_SERVER_QUEUE_PROCESS_H
#define INVENTUI_SERVER_QUEUE_PROCESS_H

struct server;
struct store_conn;
struct queue_msg;

enum process_rc {
    PROCESS_DONE,      /* handled; the message is deleted */
    PROCESS_RETRY,     /* failed; try again after the visibility timeout */
    PROCESS_PERMANENT, /* can never succeed: straight to the DLQ */
};

/* Processes m (c is a connection for reads). On RETRY and PERMANENT,
 * *err (malloc'd, caller frees) says why. */
enum process_rc queue_process(struct server *srv, struct store_conn *c,
                              const struct queue_msg *m, char **err);

#endif
