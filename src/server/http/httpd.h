/* httpd — the libmicrohttpd glue: a thread pool on epoll that reads each
 * request (refusing bodies over the limit), hands it to the router, sends
 * the response with X-Request-Id, and writes one log line per request.
 * Reads are answered on those threads; a request that may write (and so
 * wait for a group commit) is suspended and answered on a write thread
 * (offload.h), so it never holds up a read. */
#ifndef INVENTUI_SERVER_HTTP_HTTPD_H
#define INVENTUI_SERVER_HTTP_HTTPD_H

struct server;
struct httpd;

/* Binds and listens on host:port (port 0: a free one) before anything else
 * starts, so the real port is known when tokens' issuer is built. Returns
 * the socket, *bound_port set; -1 with *err (malloc'd) on failure. */
int httpd_listen(const char *host, int port, int *bound_port, char **err);
/* Serves requests on the listening socket from httpd_listen (takes it). */
struct httpd *httpd_start(struct server *srv, int listen_fd, char **err);
/* Stops accepting, waits up to grace_ms for requests in flight, stops. */
void httpd_stop(struct httpd *h, int grace_ms);

#endif
