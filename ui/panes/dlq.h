/* dlq — what the DLQ tab (dlq.c) and the message view (dlq_message.c)
 * share: who and what a message is about, read from its body, and the
 * sentences around a redrive or a delete. */
#ifndef INVENTUI_UI_PANES_DLQ_H
#define INVENTUI_UI_PANES_DLQ_H

#include <stdbool.h>
#include <stddef.h>

#include "client/api_admin.h"
#include "client/ops.h"

struct app;

#define DLQ_SHORT_ID 8 /* characters of an order id in a list or title */

struct dlq_about {
    char *order_id; /* the message's orderId, else the body's; "" neither */
    char *customer; /* NULL when the body does not say */
    char *product;  /* NULL when the body does not say */
};

/* Reads m and its body (any JSON, or none: what is not there stays
 * NULL) into *ab; dlq_about_clear() it. */
void dlq_about_read(const struct dlq_message *m, struct dlq_about *ab);
void dlq_about_clear(struct dlq_about *ab);
/* True when x and y hold the same values (a background refresh redraws
 * only what changed). */
bool dlq_message_same(const struct dlq_message *x,
                      const struct dlq_message *y);
/* The first DLQ_SHORT_ID characters of an order id; "-" for none. */
void dlq_short_id(const char *id, char *out, size_t size);
/* "Redrive the message for order …?" or (del) "Delete …?" into out. */
void dlq_question(bool del, const char *order_id, char *out, size_t size);
/* Says in the footer how o (a redrive, delete or redrive-all of the
 * message about order_id) ended; true when the message has left the DLQ
 * (done, or already gone). */
bool dlq_write_said(struct app *a, const struct op *o, const char *order_id);

#endif
