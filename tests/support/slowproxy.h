/* slowproxy — a loopback TCP proxy that makes an API slow on purpose.
 *
 * It listens on 127.0.0.1:0 and forwards every connection to a target
 * port on 127.0.0.1 (a test server), from its own thread. Bytes from the
 * client can be held for a delay, or indefinitely ("hang"), and so can
 * bytes from the server: a request then takes at least the delay, and a
 * client that gives up (closes its connection) is seen to. The stream is
 * only read to count HTTP requests (heads, and bodies by Content-Length),
 * never changed. Settings apply at once, also to bytes already held. */
#ifndef INVENTUI_TESTS_SLOWPROXY_H
#define INVENTUI_TESTS_SLOWPROXY_H

#include <stdbool.h>

struct slowproxy;

/* Starts a proxy in front of 127.0.0.1:target_port, passing everything
 * through at once. Fails the running test on any problem. The proxy is
 * the caller's (slowproxy_stop). */
struct slowproxy *slowproxy_start(int target_port);
/* Closes every connection, ends the thread and frees the proxy. */
void slowproxy_stop(struct slowproxy *p);

/* The port it listens on, and its URL "http://127.0.0.1:PORT" (owned by
 * the proxy). */
int slowproxy_port(const struct slowproxy *p);
const char *slowproxy_url(const struct slowproxy *p);

/* Holds what the client sends for ms before forwarding it (0: at once):
 * the server sees each request ms late. */
void slowproxy_delay_requests(struct slowproxy *p, int ms);
/* Holds what the server answers for ms before passing it on. */
void slowproxy_delay_responses(struct slowproxy *p, int ms);
/* While on, nothing the client sends reaches the server: requests hang
 * until it is turned off (they then go after their delay) or the client
 * gives up. */
void slowproxy_hang(struct slowproxy *p, bool on);

/* Requests whose head has arrived from clients. */
int slowproxy_requests(struct slowproxy *p);
/* Requests forwarded to the server in full (head sent). */
int slowproxy_forwarded(struct slowproxy *p);
/* Requests whose client closed the connection before they reached the
 * server: the requests a client cancelled while they were held. */
int slowproxy_abandoned(struct slowproxy *p);
/* Waits until at least n requests have arrived; false after timeout_ms. */
bool slowproxy_wait_requests(struct slowproxy *p, int n, int timeout_ms);
/* Waits until at least n requests were abandoned; false after timeout_ms. */
bool slowproxy_wait_abandoned(struct slowproxy *p, int n, int timeout_ms);

#endif
