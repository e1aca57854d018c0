/* storm — hostile HTTP requests for a black-box storm against a running
 * server: a seeded generator of raw request bytes (bad JSON, deep nesting,
 * odd numbers, invalid UTF-8, NULs, overlong fields, odd paths and
 * queries, bad headers and framing, bad tokens, garbage, and mutations of
 * valid requests), and one exchange over a raw socket that says whether
 * the server answered, closed, or hung.
 *
 * Everything here is plain data and may be used from any thread: no Check
 * assertions (test_storm.c asserts on what it records). */
#ifndef INVENTUI_TESTS_STORM_H
#define INVENTUI_TESTS_STORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"

/* splitmix64: one 64-bit state, the same sequence for the same seed. */
struct storm_rng {
    uint64_t s;
};
uint64_t storm_next(struct storm_rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t storm_below(struct storm_rng *r, uint32_t n);

/* The bearer tokens the generator may use. STORM_TOK_ADMIN only ever goes
 * on a read or a POST /products (checked on the final bytes), so the
 * storm can add products but not change or delete one; STORM_TOK_USER is
 * a plain user whose orders may legitimately be made or cancelled. */
enum storm_token {
    STORM_TOK_USER,
    STORM_TOK_ADMIN,
    STORM_TOK_EXPIRED,
    STORM_TOK_ALG_NONE,
    STORM_TOK_HS256,
    STORM_TOK_TAMPERED,
    STORM_TOK_OTHER_KEY,
    STORM_TOK_UNKNOWN_KID,
    STORM_TOK_N
};

#define STORM_MAX_IDS 8

/* What the generator knows of the server; strings borrowed. */
struct storm_ctx {
    int port;
    const char *tokens[STORM_TOK_N];
    const char *product_ids[STORM_MAX_IDS];
    int nproducts;
    const char *order_ids[STORM_MAX_IDS]; /* another user's orders */
    int norders;
    const char *pool_id;
    const char *client_id;
};

/* One request's bytes (may hold NULs) into out (emptied first); *kind
 * gets a short static name of what was made ("json/deep", "mutate/flip"…)
 * for the failure message. */
void storm_make(struct storm_rng *r, const struct storm_ctx *c,
                struct strbuf *out, const char **kind);

enum storm_outcome {
    STORM_ANSWERED,   /* at least one whole response */
    STORM_CLOSED,     /* closed (or reset) without a response */
    STORM_HUNG,       /* neither within the timeout */
    STORM_STALLED,    /* a response began and did not finish */
    STORM_NOT_HTTP,   /* the server sent bytes that are not HTTP/1.x */
    STORM_NO_CONNECT, /* could not connect */
};

#define STORM_MAX_STATUSES 4

struct storm_result {
    enum storm_outcome outcome;
    int nstatus;
    int status[STORM_MAX_STATUSES]; /* of each whole response, in order */
    int64_t ms;                     /* send to outcome */
};

/* Sends len bytes on a new connection to 127.0.0.1:port, half-closes it
 * (the storm never sends more, so an incomplete request must be given up
 * by the server) and reads until a response, a close, or timeout_ms. */
void storm_exchange(int port, const char *bytes, size_t len, int timeout_ms,
                    struct storm_result *res);

/* The first max bytes of a request, printable: \r \n \t \0 \xNN escaped
 * (malloc'd), for a failure message. */
char *storm_escape(const char *bytes, size_t len, size_t max);

#endif
