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
    bool idle;    /* waiting for work: a notify wakes it */
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

/* A received batch on its way: what to settle once its mails are out. */
struct cycle {
    struct process_done *done;
    const struct queue_msg **ok;
    struct queue_settle *settle;
    int k; /* messages to settle */
};

/* Processes a received batch: prepares each message, hands every mail
 * over at once (one directory sync for the spool), and fills cy with what
 * succeeded, to settle in one transaction: one commit per batch instead
 * of one per message, and every mail is durable before the commit that
 * records it. If that commit fails, the messages come back after the
 * visibility timeout and the sink's keys keep their mail from going out
 * twice. */
static void cycle_process(struct server *srv, struct store_conn *c,
                          const struct queue_msg *msgs, int n,
                          struct cycle *cy)
{
    cy->done = xcalloc((size_t)n, sizeof *cy->done);
    cy->ok = xcalloc((size_t)n, sizeof *cy->ok);
    cy->settle = xcalloc((size_t)n, sizeof *cy->settle);
    int k = 0;
    /* The batch's reads in one snapshot; a failed read is retried. */
    bool snapshot = store_read_begin(c) == STORE_OK;
    for (int i = 0; i < n; i++) {
        char *err = NULL;
        enum process_rc r = queue_prepare(srv, c, &msgs[i], &cy->done[k],
                                          &err);
        if (r == PROCESS_DONE)
            cy->ok[k++] = &msgs[i];
        else
            failed(srv, c, &msgs[i], r, err ? err : "unknown error");
        free(err);
    }
    if (snapshot)
        store_read_end(c);
    k = send_mails(srv, c, cy->ok, cy->done, k);
    for (int i = 0; i < k; i++)
        cy->settle[i] = (struct queue_settle){cy->ok[i]->id,
                                              cy->done[i].order_id,
                                              cy->done[i].mail_key,
                                              cy->done[i].recipient};
    cy->k = k;
}

static void cycle_clear(struct cycle *cy)
{
    for (int i = 0; i < cy->k; i++)
        process_done_clear(&cy->done[i]);
    free(cy->done);
    free(cy->ok);
    free(cy->settle);
    memset(cy, 0, sizeof *cy);
}

static void settle_failed(int k)
{
    log_msg(LOG_ERROR, "queue: cannot settle %d processed messages; they "
            "come back after the visibility timeout", k);
}

static int cycle_max(const struct server *srv)
{
    int receives = mail_sink_batches(srv->mail)
                       ? QUEUE_RECEIVES_PER_CYCLE
                       : QUEUE_RECEIVES_PER_CYCLE_SERIAL;
    return (int)srv->cfg.batch_size * receives;
}

/* The first receive of a poll: none when nothing is visible (a read, so
 * an idle worker does not write). -1 if the store failed. */
static int first_receive(struct server *srv, struct store_conn *c,
                         struct queue_msg **msgs)
{
    int64_t now = time_now_ms();
    bool any = false;
    int n = 0;
    *msgs = NULL;
    if (store_queue_has_visible(c, now, &any) != STORE_OK)
        return -1;
    if (any && store_queue_receive(srv->store, now,
                                   srv->cfg.visibility_timeout * 1000,
                                   cycle_max(srv), msgs, &n) != STORE_OK)
        return -1;
    return n;
}

int queue_poll_once(struct server *srv)
{
    struct store_conn *c = store_acquire(srv->store);
    if (!c)
        return -1;
    struct queue_msg *msgs;
    int n = first_receive(srv, c, &msgs);
    if (n > 0) {
        struct cycle cy;
        cycle_process(srv, c, msgs, n, &cy);
        if (cy.k > 0 && store_queue_settle(srv->store, cy.settle, cy.k,
                                           time_now_ms()) != STORE_OK)
            settle_failed(cy.k);
        cycle_clear(&cy);
    }
    queue_msgs_free(msgs, n > 0 ? n : 0);
    store_release(srv->store, c);
    return n;
}

static bool stopping(struct queue_worker *w)
{
    pthread_mutex_lock(&w->lock);
    bool stop = w->stop;
    pthread_mutex_unlock(&w->lock);
    return stop;
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

/* After a cycle whose receive emptied the queue: when messages are
 * visible again, orders came in since, so waits until `until` ([queue]
 * batch_window_ms after that receive) for the next receive to take them
 * and those still coming together. Notifies do not end the wait (each
 * would cost a wake-up); a stop does. A lone order finds nothing visible
 * and is settled at once. */
static void batch_window(struct queue_worker *w, struct store_conn *c,
                         const struct timespec *until)
{
    bool any = false;
    if (store_queue_has_visible(c, time_now_ms(), &any) != STORE_OK || !any)
        return;
    pthread_mutex_lock(&w->lock);
    while (!w->stop &&
           pthread_cond_timedwait(&w->wake, &w->lock, until) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&w->lock);
}

/* Polls like queue_poll_once, but while messages keep coming each
 * batch's settle and the next batch's receive share one commit. Returns
 * how many messages it received, or -1 if the store failed. */
static int run_cycles(struct queue_worker *w)
{
    struct server *srv = w->srv;
    struct store_conn *c = store_acquire(srv->store);
    if (!c)
        return -1;
    struct queue_msg *msgs;
    struct timespec window_end;
    deadline_after(&window_end, srv->cfg.batch_window_ms);
    int n = first_receive(srv, c, &msgs), total = n;
    while (n > 0) {
        struct cycle cy;
        cycle_process(srv, c, msgs, n, &cy); /* cy points into msgs */
        struct queue_msg *done = msgs;
        int ndone = n;
        msgs = NULL;
        n = 0;
        int max = stopping(w) ? 0 : cycle_max(srv);
        if (ndone < max && srv->cfg.batch_window_ms > 0)
            batch_window(w, c, &window_end);
        deadline_after(&window_end, srv->cfg.batch_window_ms);
        if (cy.k > 0 && store_queue_settle_receive(
                            srv->store, cy.settle, cy.k, time_now_ms(),
                            srv->cfg.visibility_timeout * 1000, max, &msgs,
                            &n) != STORE_OK)
            settle_failed(cy.k);
        cycle_clear(&cy);
        queue_msgs_free(done, ndone);
        total += n;
    }
    queue_msgs_free(msgs, n > 0 ? n : 0);
    store_release(srv->store, c);
    return total;
}

static void *worker_main(void *arg)
{
    struct queue_worker *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        w->pending = false;
        pthread_mutex_unlock(&w->lock);
        int n = run_cycles(w);
        pthread_mutex_lock(&w->lock);
        if (n > 0)
            continue; /* there may be more behind this batch */
        struct timespec until;
        deadline_after(&until, QUEUE_POLL_MS);
        w->idle = true;
        while (!w->stop && !w->pending &&
               pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
            ;
        w->idle = false;
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
    if (w->idle)
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
