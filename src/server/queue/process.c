/* Exactly-once effect over at-least-once delivery.
 *
 * A message can be delivered again: the worker may crash after mailing but
 * before its transaction commits, a visibility timeout may end while a
 * slow attempt is still running, or an admin may redrive a message whose
 * order was confirmed meanwhile. Three things make the effect happen once:
 *
 * 1. The order's status: confirming is "UPDATE … WHERE status =
 *    'PENDING'", and a message for an order that is no longer PENDING is
 *    only deleted — no mail, no second confirmation. That covers a
 *    CANCELLED order too (its message still waits, or comes back from the
 *    DLQ). A cancel that commits after the status was read here but before
 *    the confirmation leaves the order CANCELLED (the UPDATE no longer
 *    matches); only the mail may already have gone out in that window.
 * 2. The sent_mail table: the mail's key (order-confirmation-<orderId>) is
 *    recorded in the same transaction that confirms the order and deletes
 *    the message, and a key already recorded is never mailed again. The
 *    worker writes that transaction once per received batch, after every
 *    mail of the batch was handed over and made durable together
 *    (mail_send_keyed_batch, then store_queue_settle).
 * 3. The crash window between handing the mail over and that commit is
 *    covered by the sink: the mail goes out with mail_send_keyed_batch() under
 *    the same key; the spool delivers KEY.eml with link(2), so a repeat is
 *    a no-op, and the key is the Message-ID, so a receiver can drop a
 *    duplicate an SMTP relay might let through.
 */
#include "server/queue/process.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/random.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "model/order.h"
#include "server/queue/confirm_mail.h"
#include "server/server.h"
#include "server/store/store_orders.h"
#include "server/store/store_queue.h"

#define FAULT_SCALE 1000000u

/* [faults] notify_fail_rate: true when this confirmation should fail. */
static bool fault_drawn(double rate)
{
    if (rate <= 0.0)
        return false;
    uint32_t threshold = (uint32_t)(rate * FAULT_SCALE + 0.5);
    return random_below(FAULT_SCALE) < threshold;
}

/* The orderId of a message body; NULL when the body is not a JSON object
 * with a UUID orderId (a permanent failure, like the seed's ParseError). */
static char *body_order_id(const char *body)
{
    cJSON *json = body ? cJSON_Parse(body) : NULL;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(json, "orderId");
    char *out = NULL;
    if (cJSON_IsObject(json) && cJSON_IsString(id) &&
        uuid_is_valid(id->valuestring)) {
        out = xstrdup(id->valuestring);
        for (char *p = out; *p; p++)
            if (*p >= 'A' && *p <= 'F')
                *p = (char)(*p + 32);
    }
    cJSON_Delete(json);
    return out;
}

void process_done_clear(struct process_done *d)
{
    free(d->order_id);
    free(d->mail_key);
    free(d->recipient);
    free(d->subject);
    free(d->body);
    memset(d, 0, sizeof *d);
}

enum process_rc queue_prepare(struct server *srv, struct store_conn *c,
                              const struct queue_msg *m,
                              struct process_done *done, char **err)
{
    memset(done, 0, sizeof *done);
    enum process_rc r = PROCESS_DONE;
    struct order o = {0};
    char *order_id = body_order_id(m->body);
    if (!order_id) {
        *err = xstrdup("malformed message body: not a JSON object with a "
                       "UUID orderId");
        return PROCESS_PERMANENT;
    }
    enum store_rc s = store_order_get(c, order_id, &o);
    if (s == STORE_NOT_FOUND) {
        *err = str_printf("order %s not found", order_id);
        r = PROCESS_PERMANENT;
        goto out;
    }
    if (s != STORE_OK) {
        *err = xstrdup("store error reading the order");
        r = PROCESS_RETRY;
        goto out;
    }
    if (strcmp(o.status, "PENDING") != 0)
        goto out; /* confirmed already (a redelivery) or cancelled: delete */
    char *key = str_printf("order-confirmation-%s", o.id);
    bool sent = false;
    if (store_sent_mail_has(c, key, &sent) != STORE_OK) {
        *err = xstrdup("store error reading the sent-mail record");
        r = PROCESS_RETRY;
    } else if (!sent && fault_drawn(srv->cfg.notify_fail_rate)) {
        *err = xstrdup("notification failed: fault injected "
                       "([faults] notify_fail_rate)");
        r = PROCESS_RETRY;
    }
    if (r == PROCESS_DONE) {
        done->order_id = xstrdup(o.id);
        done->mail_key = key;
        done->recipient = xstrdup(o.user_email);
        if (!sent) {
            done->subject = confirm_mail_subject(&o);
            done->body = confirm_mail_body(&o);
        }
    } else {
        free(key);
    }
out:
    order_clear(&o);
    free(order_id);
    return r;
}
