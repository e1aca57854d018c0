/* throttle — counts failed sign-ins per key ("user:EMAIL", "ip:ADDR") in a
 * sliding window and says when a key must wait. In memory: a restart
 * forgets, which only ever lets a legitimate user in sooner. */
#ifndef INVENTUI_SERVER_AUTH_THROTTLE_H
#define INVENTUI_SERVER_AUTH_THROTTLE_H

struct throttle;

struct throttle *throttle_new(int max_failures, int window_seconds);
void throttle_free(struct throttle *t);
/* One attempt for n keys at once, e.g. a user and an address: if any key
 * has its limits[i] failures in the window, the seconds it must still wait
 * (the longest) and nothing is counted; else 0, and the attempt is counted
 * as a failure of every key before anyone else may look. Checking and
 * counting under one lock is what keeps concurrent guesses within the
 * limit: an attempt that then succeeds gives its count back
 * (throttle_refund, throttle_clear). */
int throttle_take(struct throttle *t, const char *const *keys,
                  const int *limits, int n);
/* Takes back one attempt counted for key (never below none). */
void throttle_refund(struct throttle *t, const char *key);
/* Forgets key's failures. */
void throttle_clear(struct throttle *t, const char *key);
/* The per-key limit the throttle was made with. */
int throttle_limit(const struct throttle *t);

#endif
