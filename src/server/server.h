/* server — the state of one running `inventui serve`, shared by every
 * request: settings, the store, the sign-in keys and token verifier. */
#ifndef INVENTUI_SERVER_SERVER_H
#define INVENTUI_SERVER_SERVER_H

#include "server/config.h"

struct store;
struct keyring;
struct verifier;
struct throttle;
struct ratelimit;
struct mail_sink;
struct queue_worker;

struct server {
    struct server_config cfg;
    struct store *store;
    struct keyring *keys;       /* own pool's signing keys */
    struct verifier *verifier;  /* checks ID tokens on API routes */
    struct throttle *throttle;  /* failed sign-ins */
    struct ratelimit *limit;    /* requests per user (http/ratelimit.h) */
    struct mail_sink *mail;     /* outgoing mail (mail/mail.h) */
    struct queue_worker *queue; /* order-queue consumer; NULL until serve
                                   starts it (queue/worker.h) */
    char pool_id[64];           /* e.g. local_3fa85f64 */
    char client_id[64];
    char region[32];
    char base_url[256];         /* where clients reach us */
    char issuer[512];           /* base_url/pool_id, or the external one */
    unsigned char cursor_key[32]; /* signs pagination tokens */
};

#endif
