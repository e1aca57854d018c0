/* alert — the admin alert mailed when a message moves to the dead-letter
 * queue ("ALERT: Order Processing Failed"), like the seed's DLQ Lambda
 * publishing to the admin topic. */
#ifndef INVENTUI_SERVER_QUEUE_ALERT_H
#define INVENTUI_SERVER_QUEUE_ALERT_H

struct server;
struct store_conn;
struct queue_msg;

/* The alert's body for the DLQ message m (caller frees). */
char *alert_mail_body(const struct queue_msg *m);
/* Mails the alert for m to [mail] admin_email or, when that is unset, to
 * every user of [auth] admin_group. Failures are logged: the message is
 * already safe in the DLQ. Never subject to [faults]. */
void alert_dlq(struct server *srv, struct store_conn *c,
               const struct queue_msg *m);

#endif
