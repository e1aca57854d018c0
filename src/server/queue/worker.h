/* worker — the order-queue consumer inside `inventui serve`, standing in
 * for SQS + the processOrder Lambda: one thread receives batches of
 * visible messages (hiding them for [queue] visibility_timeout), prepares
 * each, hands their mails over together, deletes each on success,
 * records the error on failure, and moves a message that has used up
 * [queue] max_receive_count receives (or can never succeed) to the
 * dead-letter queue, alerting the admins.
 *
 * It wakes at once when told a message was written (queue_worker_notify)
 * and otherwise every QUEUE_POLL_MS, for visibility timeouts that end.
 * While orders keep coming but fewer than a cycle's worth, it lets them
 * gather for up to [queue] batch_window_ms from one receive to the next
 * (as a Lambda's MaximumBatchingWindowInSeconds on SQS). At a steady
 * 1,000 orders/s, cycles of one or two orders cost the server 825 us of
 * CPU and 14-21 context switches per order (medians and ranges of six
 * runs; each cycle a receive and a settle commit, a mail-directory sync
 * and their wake-ups); with 10 ms, 624 us and 12-13, for POST ->
 * CONFIRMED p50 13 ms instead of 7-12 (3 ms: 662 us, p50 9 ms; one run).
 * A lone order is not held back. */
#ifndef INVENTUI_SERVER_QUEUE_WORKER_H
#define INVENTUI_SERVER_QUEUE_WORKER_H

#define QUEUE_POLL_MS 200
/* Receives of [queue] batch_size the worker takes in one transaction and
 * settles in one: with a backlog, the commits and the mail spool's
 * directory sync are shared by up to this many batches. At 10 (100
 * messages) a cycle was three quarters mail files and a quarter commit,
 * and the queue fell behind POST /orders at full rate (make bench's
 * "orders confirmed, POST row's": 0.71-0.77 of POST); at 50 the commit is
 * shared by five times as many and the queue keeps pace (0.97-0.98, the
 * rest being the last cycle). A cycle of 500 still takes about 0.1 s. */
#define QUEUE_RECEIVES_PER_CYCLE 50
/* The same for a sink that sends one message after another (SMTP): a
 * slow relay must not keep one cycle's messages in flight for long, and
 * sending them one by one gains nothing from a bigger cycle. */
#define QUEUE_RECEIVES_PER_CYCLE_SERIAL 10

struct server;
struct queue_worker;

/* The worker for srv (whose store and mail sink must outlive it), not yet
 * running: set srv->queue to it before request threads start, so they
 * never see the pointer change. */
struct queue_worker *queue_worker_new(struct server *srv);
/* Starts its thread. 0, or -1 with *err (malloc'd). */
int queue_worker_run(struct queue_worker *w, char **err);
/* A message is on the queue: wake the worker now. NULL is ignored. */
void queue_worker_notify(struct queue_worker *w);
/* Lets the batch in hand finish, joins the thread (if running), frees w.
 * NULL is ignored. */
void queue_worker_stop(struct queue_worker *w);

/* Receives and processes one cycle (up to QUEUE_RECEIVES_PER_CYCLE
 * batches, or QUEUE_RECEIVES_PER_CYCLE_SERIAL) on the calling thread;
 * returns how many messages it received (0: none visible), or -1 if the
 * store failed. */
int queue_poll_once(struct server *srv);

#endif
