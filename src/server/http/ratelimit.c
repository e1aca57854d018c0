#include "server/http/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "common/mem.h"
#include "common/strbuf.h"

#define STRIPES 16        /* locks, so request threads rarely meet */
#define SLOTS_PER_STRIPE 256
#define WAYS 4            /* a key may sit in any of 4 neighbouring slots */

struct bucket {
    uint64_t key; /* str_hash of the key; 0: free */
    double tokens;
    int64_t at_ms; /* when tokens was last brought up to date */
};

struct stripe {
    pthread_mutex_t lock;
    struct bucket slots[SLOTS_PER_STRIPE];
};

struct ratelimit {
    double rate, burst;
    struct stripe stripes[STRIPES];
};

struct ratelimit *ratelimit_new(double rate, double burst)
{
    struct ratelimit *rl = xcalloc(1, sizeof *rl);
    rl->rate = rate;
    rl->burst = burst < 1 ? 1 : burst;
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&rl->stripes[i].lock, NULL);
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_destroy(&rl->stripes[i].lock);
    free(rl);
}

/* The key's bucket: its own, else a free one, else the least recently
 * used of its ways, reset to full. */
static struct bucket *find(struct ratelimit *rl, struct stripe *st,
                           uint64_t h, int64_t now)
{
    size_t base = (size_t)(h / STRIPES) % SLOTS_PER_STRIPE;
    struct bucket *victim = NULL;
    for (int w = 0; w < WAYS; w++) {
        struct bucket *b = &st->slots[(base + (size_t)w) % SLOTS_PER_STRIPE];
        if (b->key == h)
            return b;
        if (!victim || b->key == 0 ||
            (victim->key != 0 && b->at_ms < victim->at_ms))
            victim = b;
    }
    victim->key = h;
    victim->tokens = rl->burst;
    victim->at_ms = now;
    return victim;
}

int ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms)
{
    if (!rl || rl->rate <= 0)
        return 0;
    uint64_t h = (uint64_t)str_hash(key);
    if (h == 0)
        h = 1;
    struct stripe *st = &rl->stripes[h % STRIPES];
    pthread_mutex_lock(&st->lock);
    struct bucket *b = find(rl, st, h, now_ms);
    if (now_ms > b->at_ms) {
        b->tokens += (double)(now_ms - b->at_ms) * rl->rate / 1000.0;
        if (b->tokens > rl->burst)
            b->tokens = rl->burst;
        b->at_ms = now_ms;
    }
    int wait = 0;
    if (b->tokens >= 1.0)
        b->tokens -= 1.0;
    else
        wait = (int)ceil((1.0 - b->tokens) / rl->rate);
    pthread_mutex_unlock(&st->lock);
    return wait; /* ceil of a positive number: at least 1 */
}
