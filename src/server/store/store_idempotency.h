/* store_idempotency — Idempotency-Key records: per user and key, the first
 * successful answer to a POST (its status and data JSON) and a fingerprint
 * of the request it answered, kept IDEM_TTL_MS.
 *
 * A create that carries a key runs in one store_write() job: look the key
 * up, create, record the answer. The writer runs jobs one at a time, so two
 * requests with the same key can never both create; and the record is in
 * the transaction of what it created, so a crash keeps both or neither. */
#ifndef INVENTUI_SERVER_STORE_IDEMPOTENCY_H
#define INVENTUI_SERVER_STORE_IDEMPOTENCY_H

#include <stdint.h>

#include "server/store/store.h"

/* How long a key replays: 24 h, as the contract says. */
#define IDEM_TTL_MS (24LL * 60 * 60 * 1000)
/* Hex SHA-256. */
#define IDEM_FINGERPRINT_LEN 65

/* What a request with a key claims, and what the store hands back. */
struct idem_claim {
    const char *user_id;                   /* borrowed */
    const char *key;                       /* borrowed */
    char fingerprint[IDEM_FINGERPRINT_LEN]; /* of the route and body */
    int64_t now;                           /* epoch ms */
    /* The answer a success gives, for the entity the job created (an
     * order or a product): its status and a renderer for its data JSON
     * (malloc'd). */
    int status;
    char *(*render)(const void *entity);
    /* Out: the recorded answer. On STORE_OK the one just written; on
     * STORE_REPLAY the first one (and its fingerprint, which may differ
     * from ours). Owned; idem_claim_clear() frees them. */
    char *response;
    int replay_status;
    char replay_fingerprint[IDEM_FINGERPRINT_LEN];
};

void idem_claim_clear(struct idem_claim *k);

/* For a store_write() job: purges expired keys, then looks k up.
 * STORE_OK: unused, go on; STORE_REPLAY: k's replay fields and response
 * hold the first answer; the job must create nothing. */
enum store_rc store_idem_lookup_in_tx(struct store_conn *c,
                                      struct idem_claim *k);
/* For the same job, once the entity exists: renders and records the
 * answer (k->response). */
enum store_rc store_idem_save_in_tx(struct store_conn *c,
                                    struct idem_claim *k, const void *entity);

#endif
