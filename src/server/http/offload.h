/* offload — a small pool of threads for work that may wait (a write
 * waiting for its group commit), so the HTTP threads that take the
 * requests stay free for the reads.
 *
 * A job is a struct offload_job embedded in the caller's own state; the
 * pool never allocates per job. Jobs run in the order submitted. */
#ifndef INVENTUI_SERVER_HTTP_OFFLOAD_H
#define INVENTUI_SERVER_HTTP_OFFLOAD_H

#include <stdbool.h>

struct offload;
struct offload_job;

/* Runs the job on a pool thread (cancelled false), or, for a job the pool
 * will never run, on the thread that found that out (cancelled true:
 * offload_submit refused it, or offload_stop dropped it before it began).
 * Called exactly once per submitted job. */
typedef void (*offload_fn)(struct offload_job *job, bool cancelled);

struct offload_job {
    offload_fn run;
    struct offload_job *next; /* the pool's */
};

/* A pool of `threads` threads (at least 1); NULL if none could start. */
struct offload *offload_new(unsigned threads);
/* Queues job (job->run set by the caller). When the pool is stopping the
 * job is run cancelled at once, on this thread. */
void offload_submit(struct offload *o, struct offload_job *job);
/* Takes no more jobs, runs the queued ones cancelled, waits for the ones
 * running to end, joins the threads and frees the pool. NULL is a no-op. */
void offload_stop(struct offload *o);

#endif
