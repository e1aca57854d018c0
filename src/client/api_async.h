/* api_async — the API for an event loop: one worker thread owns a struct api
 * (session, renewal, cache) and runs ops one at a time, FIFO; finished ops are
 * handed back on the loop's thread inside api_async_dispatch(), woken through
 * a pipe. Why a thread rather than curl multi in the loop: the API layer's
 * renewal, cache and sign-in flows stay the sequential code the CLI runs.
 *
 * Call these from the loop's thread; the done callback runs there too,
 * never on the worker, and the worker alone touches the struct api. The
 * worker blocks every signal, so SIGWINCH, SIGTERM and SIGINT reach the
 * loop's thread. cfg->notices, when set, is called on the worker thread:
 * an event loop leaves it NULL and reads res.cached_at instead. */
#ifndef INVENTUI_CLIENT_API_ASYNC_H
#define INVENTUI_CLIENT_API_ASYNC_H

#include "client/config.h"
#include "client/ops.h"

struct api_async;

typedef void (*api_async_done_fn)(void *ctx, struct op *o, void *user); /* takes o (op_free it) */

/* Opens a struct api on cfg and starts the worker; NULL with *err (caller
 * frees) when the API cannot be opened (no cache directory) or no thread
 * or pipe can be made. done(ctx, op, user) gets each finished op. Free the
 * queue with api_async_free(). */
struct api_async *api_async_new(const struct client_config *cfg,  /* borrowed, outlives q */
                                api_async_done_fn done, void *ctx, char **err);
/* Cancels the running op (its request stops within ~50 ms), joins the
 * worker, closes the api and frees every op, queued or finished, without
 * calling done. NULL is fine; never from inside done. */
void api_async_free(struct api_async *q);
/* The fd to poll for POLLIN: readable while finished ops wait for
 * api_async_dispatch(). */
int api_async_fd(const struct api_async *q);
/* Queues o (q takes it) with user for its done call; returns the op's id
 * (> 0, never reused) for api_async_cancel. */
unsigned long api_async_submit(struct api_async *q, struct op *o, void *user);
/* Hands o (taken) back through done as it is, without running it: its
 * outputs already say what came of it (a write the caller refuses while
 * the API cannot be reached). It comes to done in the next dispatch,
 * after the ops finished before it, never from inside this call; returns
 * its id as api_async_submit does (cancelling it only sets o->cancelled). */
unsigned long api_async_answer(struct api_async *q, struct op *o, void *user);
/* Cancels op id: a queued one finishes at once (o->cancelled, res.rc
 * API_UNREACHABLE, message "cancelled") without running; the running one
 * has its requests stopped and finishes with o->cancelled set; a finished
 * one not yet dispatched gets o->cancelled. An unknown or dispatched id is
 * ignored. done is called in every case but the last. */
void api_async_cancel(struct api_async *q, unsigned long id);
/* Drains the pipe and calls done for each finished op, in the order they
 * finished. done may submit and cancel. */
void api_async_dispatch(struct api_async *q);
/* Ops queued or running (finished ones waiting for dispatch not counted). */
int api_async_in_flight(const struct api_async *q);

#endif
