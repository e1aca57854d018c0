/* throttle — counts failed sign-ins per key ("user:EMAIL", "ip:ADDR") in a
 * sliding window and says when a key must wait. In memory: a restart
 * forgets, which only ever lets a legitimate user in sooner. */
#ifndef INVENTUI_SERVER_AUTH_THROTTLE_H
#define INVENTUI_SERVER_AUTH_THROTTLE_H

struct throttle;

struct throttle *throttle_new(int max_failures, int window_seconds);
void throttle_free(struct throttle *t);
/* Seconds key must still wait (0: it may try) given `limit` failures. */
int throttle_wait(struct throttle *t, const char *key, int limit);
void throttle_failed(struct throttle *t, const char *key);
void throttle_clear(struct throttle *t, const char *key);
/* The per-key limit the throttle was made with. */
int throttle_limit(const struct throttle *t);

#endif
