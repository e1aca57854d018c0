/* fakegw — a fake API Gateway for the client's tests: a tiny HTTP server
 * that answers like the deployed system (API Gateway + Lambda), routed by
 * method and target (tests/support/fakeapi answers in order whatever is
 * asked, and sends no headers of its own): canned bodies in its shapes
 * (bare JSON, 204 without a body, API Gateway's {"message"} errors), and
 * sequences (a 503 then a 200) to drive retries. libmicrohttpd on
 * 127.0.0.1 with a port of its choosing.
 *
 * A canned answer is for a method and a target: the path with its query
 * exactly as the client sends it (e.g. "/products?nextToken=abc"). The
 * answers for one target are served in the order they were added and the
 * last one repeats. Anything else is API Gateway's 404. */
#ifndef INVENTUI_TESTS_FAKEGW_H
#define INVENTUI_TESTS_FAKEGW_H

struct fakegw;

/* Starts a server; fails the test on any problem. */
struct fakegw *fakegw_start(void);
void fakegw_stop(struct fakegw *f);
/* "http://127.0.0.1:PORT" */
const char *fakegw_base(const struct fakegw *f);

/* Adds an answer: status, extra headers ("Name: value" lines joined by
 * '\n', or NULL) and a body (NULL: none). */
void fakegw_on(struct fakegw *f, const char *method, const char *target,
                int status, const char *headers, const char *body);
/* How many requests came for method + target (any: NULL, NULL). */
int fakegw_hits(struct fakegw *f, const char *method, const char *target);

#endif
