#include "server/http/offload.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdlib.h>

#include "common/log.h"
#include "common/mem.h"

struct offload {
    pthread_mutex_t lock;
    pthread_cond_t work;
    struct offload_job *head, *tail; /* queued, oldest first */
    bool stopping;
    pthread_t *threads;
    unsigned nthreads;
};

static void *worker_main(void *arg)
{
    struct offload *o = arg;
    /* Below the HTTP threads when the CPUs are busy (Linux nice is per
     * thread), so a read does not wait for a write's parsing or answer;
     * a failure leaves the thread as it was. */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
    pthread_mutex_lock(&o->lock);
    for (;;) {
        while (!o->head && !o->stopping)
            pthread_cond_wait(&o->work, &o->lock);
        if (o->stopping)
            break; /* offload_stop cancels what is left */
        struct offload_job *j = o->head;
        o->head = j->next;
        if (!o->head)
            o->tail = NULL;
        pthread_mutex_unlock(&o->lock);
        j->run(j, false); /* j may be gone once run returns */
        pthread_mutex_lock(&o->lock);
    }
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

struct offload *offload_new(unsigned threads)
{
    struct offload *o = xcalloc(1, sizeof *o);
    pthread_mutex_init(&o->lock, NULL);
    pthread_cond_init(&o->work, NULL);
    if (threads < 1)
        threads = 1;
    o->threads = xcalloc(threads, sizeof *o->threads);
    for (; o->nthreads < threads; o->nthreads++) {
        if (pthread_create(&o->threads[o->nthreads], NULL, worker_main, o) !=
            0) {
            log_msg(LOG_ERROR, "httpd: cannot start a write thread");
            offload_stop(o);
            return NULL;
        }
    }
    return o;
}

void offload_submit(struct offload *o, struct offload_job *job)
{
    job->next = NULL;
    pthread_mutex_lock(&o->lock);
    if (o->stopping) {
        pthread_mutex_unlock(&o->lock);
        job->run(job, true);
        return;
    }
    if (o->tail)
        o->tail->next = job;
    else
        o->head = job;
    o->tail = job;
    pthread_cond_signal(&o->work);
    pthread_mutex_unlock(&o->lock);
}

void offload_stop(struct offload *o)
{
    if (!o)
        return;
    pthread_mutex_lock(&o->lock);
    o->stopping = true;
    struct offload_job *left = o->head;
    o->head = o->tail = NULL;
    pthread_cond_broadcast(&o->work);
    pthread_mutex_unlock(&o->lock);
    while (left) {
        struct offload_job *next = left->next;
        left->run(left, true);
        left = next;
    }
    for (unsigned i = 0; i < o->nthreads; i++)
        pthread_join(o->threads[i], NULL);
    free(o->threads);
    pthread_cond_destroy(&o->work);
    pthread_mutex_destroy(&o->lock);
    free(o);
}
