#include "server/queue/worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/mail/mail.h"
#include "server/queue/alert.h"
#include "server/queue/process.h"
#include "server/server.h"
#include "server/store/store.h"
#include "server/store/store_queue.h"

struct queue_worker {
    struct server *srv;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* CLOCK_MONOTONIC */
    bool running; /* the thread was started */
    bool stop;
    bool pending; /* notified since the last poll */
};

/* A failed attempt: back on the queue after the timeout, or to the DLQ. */
static void failed(struct server *srv, struct store_conn *c,
                   const struct queue_msg *m, enum process_rc r,
                   const char *err)
{
    int64_t now = time_now_ms();
    bool dead = r == PROCESS_PERMANENT ||
                m->receive_count >= srv->cfg.max_receive_count;
    log_msg(LOG_WARN, "queue: message %s (order %s) failed on receive %lld: "
            "%s", m->id, m->order_id, m->receive_count, err);
    if (!dead) {
        store_queue_fail(srv->store, m->id, err, now);
        return;
    }
    struct queue_msg moved;
    if (store_queue_to_dlq(srv->store, m->id, err, now, &moved) != STORE_OK)
        return; /* still on the queue: retried after the timeout */
    log_msg(LOG_ERROR, "queue: message %s (order %s) moved to the DLQ after "
            "%lld receives", moved.id, moved.order_id, moved.receive_count);
    alert_dlq(srv, c, &moved);
    queue_msg_clear(&moved);
}

/* Hands over the mails of the prepared messages in one batch; a message
 * whose mail failed is failed itself (k counts the prepared ones, and the
 * ones left are moved to the front). Returns how many are left. */
static int send_mails(struct server *srv, struct store_conn *c,
                      const struct queue_msg **msgs, struct process_done *done,
                      int k)
{
    struct mail_item *items = xcalloc((size_t)k, sizeof *items);
    int *of = xcalloc((size_t)k, sizeof *of), m = 0;
    for (int i = 0; i < k; i++)
        if (done[i].subject) {
            items[m] = (struct mail_item){done[i].mail_key, done[i].recipient,
                                          done[i].subject, done[i].body,
                                          NULL};
            of[m++] = i;
        }
    if (m > 0)
        mail_send_keyed_batch(srv->mail, items, m);
    for (int j = 0; j < m; j++) {
        if (!items[j].err)
            continue;
        char *err = str_printf("notification failed: %s", items[j].err);
        failed(srv, c, msgs[of[j]], PROCESS_RETRY, err);
        free(err);
        free(items[j].err);
        process_done_clear(&done[of[j]]);
        msgs[of[j]] = NULL;
    }
    int left = 0;
    for (int i = 0; i < k; i++)
        if (msgs[i]) {
            msgs[left] = msgs[i];
            done[left++] = done[i];
        }
    free(items);
    free(of);
    return left;
}

/* Processes a received batch: prepares each message, hands every mail
 * over at once (one directory sync for the spool), then settles what
 * succeeded in one transaction: one commit per batch instead of one per
 * message, and every mail is durable before the commit that records it.
 * If the commit fails, the messages come back after the visibility
 * timeout and the sink's keys keep their mail from going out twice. */
static void process_batch(struct server *srv, struct store_conn *c,
                          const struct queue_msg *msgs, int n)
{
    struct process_done *done = xcalloc((size_t)n, sizeof *done);
    const struct queue_msg **ok = xcalloc((size_t)n, sizeof *ok);
    int k = 0;
    /* The batch's reads in one snapshot; a failed read is retried. */
    bool snapshot = store_read_begin(c) == STORE_OK;
    for (int i = 0; i < n; i++) {
        char *err = NULL;
        enum process_rc r = queue_prepare(srv, c, &msgs[i], &done[k], &err);
        if (r == PROCESS_DONE)
            ok[k++] = &msgs[i];
        else
            failed(srv, c, &msgs[i], r, err ? err : "unknown error");
        free(err);
    }
    if (snapshot)
        store_read_end(c);
    k = send_mails(srv, c, ok, done, k);
    struct queue_settle *settle = xcalloc((size_t)(k > 0 ? k : 1),
                                          sizeof *settle);
    for (int i = 0; i < k; i++)
        settle[i] = (struct queue_settle){ok[i]->id, done[i].order_id,
                                          done[i].mail_key, done[i].recipient};
    if (k > 0 &&
        store_queue_settle(srv->store, settle, k, time_now_ms()) != STORE_OK)
        log_msg(LOG_ERROR, "queue: cannot settle %d processed messages; "
                "they come back after the visibility timeout", k);
    for (int i = 0; i < k; i++)
        process_done_clear(&done[i]);
    free(done);
    free(ok);
    free(settle);
}

int queue_poll_once(struct server *srv)
{
    struct store_conn *c = store_acquire(srv->store);
    if (!c)
        return -1;
    int64_t now = time_now_ms();
    bool any = false;
    struct queue_msg *msgs = NULL;
    int n = 0;
    if (store_queue_has_visible(c, now, &any) != STORE_OK) {
        n = -1;
    } else if (any &&
               store_queue_receive(srv->store, now,
                                   srv->cfg.visibility_timeout * 1000,
                                   (int)srv->cfg.batch_size *
                                       QUEUE_RECEIVES_PER_CYCLE,
                                   &msgs,
                                   &n) != STORE_OK) {
        n = -1;
    }
    if (n > 0)
        process_batch(srv, c, msgs, n);
    queue_msgs_free(msgs, n > 0 ? n : 0);
    store_release(srv->store, c);
    return n;
}

static void deadline_after(struct timespec *ts, long ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static void *worker_main(void *arg)
{
    struct queue_worker *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        w->pending = false;
        pthread_mutex_unlock(&w->lock);
        int n = queue_poll_once(w->srv);
        pthread_mutex_lock(&w->lock);
        if (n > 0)
            continue; /* there may be more behind this batch */
        struct timespec until;
        deadline_after(&until, QUEUE_POLL_MS);
        while (!w->stop && !w->pending &&
               pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

struct queue_worker *queue_worker_new(struct server *srv)
{
    struct queue_worker *w = xcalloc(1, sizeof *w);
    w->srv = srv;
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    return w;
}

int queue_worker_run(struct queue_worker *w, char **err)
{
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        *err = str_printf("cannot start the queue worker: %s", strerror(rc));
        return -1;
    }
    w->running = true;
    return 0;
}

void queue_worker_notify(struct queue_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->pending = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void queue_worker_stop(struct queue_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    if (w->running)
        pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
