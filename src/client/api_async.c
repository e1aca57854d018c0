/* api_async — the worker thread, its FIFO of submitted ops, the list of
 * finished ones and the pipe that wakes the loop. One mutex guards the
 * lists; the running op's cancel flag is an atomic the loop may set at
 * any time, and the op itself is the worker's until it is on the
 * finished list. */
#include "client/api_async.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/mem.h"
#include "common/strbuf.h"

struct job {
    struct job *next;
    unsigned long id;
    struct op *op;
    void *user;
    atomic_int cancel; /* api.cancel points here while the op runs */
};

struct job_list {
    struct job *head, *tail;
};

struct api_async {
    api_async_done_fn done;
    void *ctx;
    struct api api;           /* the worker's alone once it runs */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;        /* the worker waits on it for work */
    struct job_list queued;   /* under mu */
    struct job_list finished; /* under mu */
    struct job *running;      /* under mu */
    unsigned long last_id;    /* under mu */
    bool stopping;            /* under mu */
    bool dispatching;         /* loop's thread only */
    int wake[2];              /* [1]: a byte per finished op; [0]: polled */
};

static void list_push(struct job_list *l, struct job *j)
{
    j->next = NULL;
    if (l->tail)
        l->tail->next = j;
    else
        l->head = j;
    l->tail = j;
}

static struct job *list_pop(struct job_list *l)
{
    struct job *j = l->head;
    if (j) {
        l->head = j->next;
        if (!l->head)
            l->tail = NULL;
        j->next = NULL;
    }
    return j;
}

/* Unlinks and returns the job with id, or NULL. */
static struct job *list_take(struct job_list *l, unsigned long id)
{
    struct job *prev = NULL;
    for (struct job *j = l->head; j; prev = j, j = j->next) {
        if (j->id != id)
            continue;
        if (prev)
            prev->next = j->next;
        else
            l->head = j->next;
        if (l->tail == j)
            l->tail = prev;
        j->next = NULL;
        return j;
    }
    return NULL;
}

static void list_free(struct job_list *l)
{
    struct job *j;
    while ((j = list_pop(l))) {
        op_free(j->op);
        free(j);
    }
}

/* Hands j to the loop. Called with mu held. */
static void finish_locked(struct api_async *q, struct job *j)
{
    list_push(&q->finished, j);
    /* Full pipe (EAGAIN): the loop has bytes to wake on already, and
     * dispatch takes the whole list whatever it reads. */
    (void)!write(q->wake[1], "", 1);
}

static void *worker(void *arg)
{
    struct api_async *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->stopping && !q->queued.head)
            pthread_cond_wait(&q->cv, &q->mu);
        if (q->stopping)
            break;
        struct job *j = list_pop(&q->queued);
        q->running = j;
        pthread_mutex_unlock(&q->mu);

        q->api.cancel = &j->cancel;
        api_deadline_start(&q->api); /* [api] timeout for the whole op */
        op_run(&q->api, j->op);
        api_deadline_end(&q->api);
        q->api.cancel = NULL;

        pthread_mutex_lock(&q->mu);
        q->running = NULL;
        if (atomic_load(&j->cancel))
            j->op->cancelled = true;
        finish_locked(q, j);
    }
    pthread_mutex_unlock(&q->mu);
    api_close(&q->api);
    return NULL;
}

struct api_async *api_async_new(const struct client_config *cfg,
                                api_async_done_fn done, void *ctx, char **err)
{
    *err = NULL;
    struct api_async *q = xcalloc(1, sizeof *q);
    q->done = done;
    q->ctx = ctx;
    q->wake[0] = q->wake[1] = -1;
    bool api_opened = false, locks = false;
    if (api_open(&q->api, cfg, err) != 0)
        goto fail;
    api_opened = true;
    if (pipe2(q->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        *err = str_printf("cannot make a pipe for the API worker: %s",
                          strerror(errno));
        goto fail;
    }
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    locks = true;
    /* The worker inherits this mask: every signal stays with the loop's
     * thread (its self-pipe), and a SIGPIPE from a socket write on the
     * worker stays pending there instead of killing the program. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&q->thread, NULL, worker, q);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        *err = str_printf("cannot start the API worker: %s", strerror(rc));
        goto fail;
    }
    return q;
fail:
    if (api_opened)
        api_close(&q->api);
    if (q->wake[0] >= 0) {
        close(q->wake[0]);
        close(q->wake[1]);
    }
    if (locks) {
        pthread_mutex_destroy(&q->mu);
        pthread_cond_destroy(&q->cv);
    }
    free(q);
    return NULL;
}

void api_async_free(struct api_async *q)
{
    if (!q)
        return;
    assert(!q->dispatching); /* not from inside done */
    pthread_mutex_lock(&q->mu);
    q->stopping = true;
    if (q->running)
        atomic_store(&q->running->cancel, 1);
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->thread, NULL);
    list_free(&q->queued);
    list_free(&q->finished);
    close(q->wake[0]);
    close(q->wake[1]);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    free(q);
}

int api_async_fd(const struct api_async *q)
{
    return q->wake[0];
}

unsigned long api_async_submit(struct api_async *q, struct op *o, void *user)
{
    assert(o);
    struct job *j = xcalloc(1, sizeof *j);
    j->op = o;
    j->user = user;
    atomic_init(&j->cancel, 0);
    o->cancelled = false;
    pthread_mutex_lock(&q->mu);
    j->id = ++q->last_id;
    list_push(&q->queued, j);
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return j->id;
}

void api_async_cancel(struct api_async *q, unsigned long id)
{
    pthread_mutex_lock(&q->mu);
    struct job *j = list_take(&q->queued, id);
    if (j) {
        struct op *o = j->op;
        o->cancelled = true;
        api_result_free(&o->res);
        o->res.rc = API_UNREACHABLE;
        o->res.message = xstrdup("cancelled");
        finish_locked(q, j);
    } else if (q->running && q->running->id == id) {
        atomic_store(&q->running->cancel, 1);
    } else {
        for (j = q->finished.head; j; j = j->next)
            if (j->id == id)
                j->op->cancelled = true;
    }
    pthread_mutex_unlock(&q->mu);
}

void api_async_dispatch(struct api_async *q)
{
    /* Drain first, then take the list: an op finished in between leaves
     * its byte in the pipe, so the loop wakes again (at worst for none). */
    char buf[256];
    while (read(q->wake[0], buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&q->mu);
    struct job *list = q->finished.head;
    q->finished.head = q->finished.tail = NULL;
    pthread_mutex_unlock(&q->mu);
    q->dispatching = true;
    while (list) {
        struct job *j = list;
        list = j->next;
        if (q->done)
            q->done(q->ctx, j->op, j->user);
        else
            op_free(j->op);
        free(j);
    }
    q->dispatching = false;
}

int api_async_in_flight(const struct api_async *q)
{
    pthread_mutex_t *mu = (pthread_mutex_t *)&q->mu; /* locking is not a change */
    pthread_mutex_lock(mu);
    int n = q->running ? 1 : 0;
    for (const struct job *j = q->queued.head; j; j = j->next)
        n++;
    pthread_mutex_unlock(mu);
    return n;
}
