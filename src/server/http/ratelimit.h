/* ratelimit — a token bucket per signed-in user, so one runaway script
 * cannot starve everyone else: `rate` requests per second on average,
 * bursts of up to `burst`. An empty bucket answers how many seconds until
 * a token is back (the Retry-After of the 429).
 *
 * Buckets live in a fixed table (no allocation per user, memory bounded
 * whatever the number of users); a user whose slot is taken by another
 * evicts the older one, which can only make the limit more lenient. */
#ifndef INVENTUI_SERVER_HTTP_RATELIMIT_H
#define INVENTUI_SERVER_HTTP_RATELIMIT_H

#include <stdint.h>

struct ratelimit;

/* rate <= 0: no limit (ratelimit_take always allows). */
struct ratelimit *ratelimit_new(double rate, double burst);
void ratelimit_free(struct ratelimit *rl);
/* Takes one token for key at now_ms: 0 when allowed, else the whole
 * seconds (>= 1) to wait. */
int ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms);

#endif
