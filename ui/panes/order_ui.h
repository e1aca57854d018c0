/* order_ui — what the orders list and the order view share: the short
 * id a person reads ("1a2b3c4d"), cancelling an order (the question
 * "Cancel order 1a2b3c4d (3 × Widget, $36.00)?", the request, and what
 * came of it in one plain sentence), and the backoff of the polling that
 * turns a PENDING order CONFIRMED on screen without a key press. */
#ifndef INVENTUI_UI_PANES_ORDER_UI_H
#define INVENTUI_UI_PANES_ORDER_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "client/ops.h"
#include "model/order.h"
#include "ui/pane.h"

struct app;

#define ORDER_UI_SHORT_ID 9 /* 8 characters and the NUL */
/* Polling a PENDING order: 1 s, 2 s, 4 s … at most 30 s apart. */
#define ORDER_UI_POLL_FIRST_MS 1000
#define ORDER_UI_POLL_MAX_MS 30000

/* The first 8 characters of id into out. */
void order_ui_short_id(const char *id, char out[ORDER_UI_SHORT_ID]);
/* The delay after `ms` (doubled, capped at ORDER_UI_POLL_MAX_MS). */
int64_t order_ui_backoff(int64_t ms);
/* True for the statuses the server lets a person cancel from (PENDING,
 * CONFIRMED). */
bool order_ui_cancellable(const char *status);
/* `x`: says plainly when o cannot be cancelled; otherwise asks "Cancel
 * order 1a2b3c4d (3 × Widget, $36.00)?" and on `y` submits
 * OP_ORDER_CANCEL for o's id on behalf of asker (its answer comes to
 * asker's arrived: hand it to order_ui_cancel_result). */
void order_ui_cancel_ask(struct app *a, struct pane *asker,
                         const struct order *o);

enum order_ui_cancel {
    ORDER_UI_CANCELLED, /* o->order is the order as it is now */
    ORDER_UI_REFUSED,   /* not cancellable (409): status holds why, or "" */
    ORDER_UI_FAILED,    /* anything else (said in the footer) */
};

/* The answer to an OP_ORDER_CANCEL, said in the footer in one sentence;
 * on ORDER_UI_CANCELLED the products tab is marked stale (the stock came
 * back). status (16 bytes) gets the status the server reported on a
 * refusal, "" when it gave none. */
enum order_ui_cancel order_ui_cancel_result(struct app *a,
                                            const struct op *o,
                                            char status[16]);

#endif
