/* idempotency — the Idempotency-Key header of POST /orders and POST
 * /products: reading and checking it, and answering a replay. The store
 * side (lookup, record, expiry) is store/store_idempotency.h. */
#ifndef INVENTUI_SERVER_HANDLERS_IDEMPOTENCY_H
#define INVENTUI_SERVER_HANDLERS_IDEMPOTENCY_H

#include <stdbool.h>

#include "server/http/request.h"
#include "server/store/store_idempotency.h"

#define IDEM_KEY_MAX 128

/* Fills k from the request's Idempotency-Key for route (e.g. "POST
 * /orders") and its parsed body, with the status and renderer of a
 * success. False when there is no key; a malformed key also appends a
 * {field, message} to *details (created if NULL). k borrows from rq. */
bool idem_from_request(struct request *rq, const char *route,
                       const cJSON *body, int status,
                       char *(*render)(const void *entity),
                       struct idem_claim *k, cJSON **details);
/* Answers after STORE_REPLAY: the first answer with Idempotent-Replayed:
 * true, or 422 when the key was first used with another request. */
void idem_respond_replay(struct request *rq, struct response *rs,
                         const struct idem_claim *k);

#endif
