#include "server/auth/throttle.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"

#define SLOTS 8192
#define PROBES 8

struct slot {
    char *key;
    int failures;
    int64_t window_start_ms;
    int64_t last_ms;
};

struct throttle {
    pthread_mutex_t lock;
    int max_failures;
    int64_t window_ms;
    struct slot slots[SLOTS];
};


struct throttle *throttle_new(int max_failures, int window_seconds)
{
    struct throttle *t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    t->max_failures = max_failures;
    t->window_ms = (int64_t)window_seconds * 1000;
    return t;
}

void throttle_free(struct throttle *t)
{
    if (!t)
        return;
    for (int i = 0; i < SLOTS; i++)
        free(t->slots[i].key);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

int throttle_limit(const struct throttle *t)
{
    return t->max_failures;
}

/* The slot holding key, or (create) a free or the least recently used one
 * among the probed; NULL when !create and absent. Lock held. */
static struct slot *find(struct throttle *t, const char *key, int create)
{
    uint64_t h = str_hash(key);
    struct slot *victim = NULL;
    for (int i = 0; i < PROBES; i++) {
        struct slot *s = &t->slots[(h + (uint64_t)i) % SLOTS];
        if (s->key && strcmp(s->key, key) == 0)
            return s;
        if (!s->key) {
            if (!victim || victim->key)
                victim = s;
        } else if (!victim || (victim->key && s->last_ms < victim->last_ms)) {
            victim = s;
        }
    }
    if (!create)
        return NULL;
    free(victim->key);
    memset(victim, 0, sizeof *victim);
    victim->key = xstrdup(key);
    return victim;
}

/* Seconds s must still wait given limit failures. Lock held. */
static int wait_of(const struct throttle *t, const struct slot *s, int limit,
                   int64_t now)
{
    if (!s || s->failures < limit)
        return 0;
    int64_t until = s->window_start_ms + t->window_ms;
    return until > now ? (int)((until - now + 999) / 1000) : 0;
}

int throttle_take(struct throttle *t, const char *const *keys,
                  const int *limits, int n)
{
    int wait = 0;
    int64_t now = time_mono_ms();
    pthread_mutex_lock(&t->lock);
    for (int i = 0; i < n; i++) {
        int w = wait_of(t, find(t, keys[i], 0), limits[i], now);
        if (w > wait)
            wait = w;
    }
    for (int i = 0; i < n && wait == 0; i++) {
        struct slot *s = find(t, keys[i], 1);
        if (s->failures == 0 || now - s->window_start_ms > t->window_ms) {
            s->failures = 0;
            s->window_start_ms = now;
        }
        s->failures++;
        s->last_ms = now;
    }
    pthread_mutex_unlock(&t->lock);
    return wait;
}

void throttle_refund(struct throttle *t, const char *key)
{
    pthread_mutex_lock(&t->lock);
    struct slot *s = find(t, key, 0);
    if (s && s->failures > 0)
        s->failures--;
    pthread_mutex_unlock(&t->lock);
}

void throttle_clear(struct throttle *t, const char *key)
{
    pthread_mutex_lock(&t->lock);
    struct slot *s = find(t, key, 0);
    if (s) {
        free(s->key);
        memset(s, 0, sizeof *s);
    }
    pthread_mutex_unlock(&t->lock);
}
