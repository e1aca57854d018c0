/* rawhttp — HTTP over a bare TCP socket, for requests no HTTP library
 * would send (NUL bytes, two Content-Lengths, folded headers) and for
 * clients that hold connections open. Fails the running test on a socket
 * error it did not ask for. */
#ifndef INVENTUI_TESTS_RAWHTTP_H
#define INVENTUI_TESTS_RAWHTTP_H

#include <stdbool.h>
#include <stddef.h>

/* A connection to 127.0.0.1:port, from src_ip (e.g. "127.0.0.2": another
 * client address on loopback) or any address if NULL; -1 if refused. */
int raw_connect(int port, const char *src_ip);
void raw_send(int fd, const void *buf, size_t n);

struct raw_reply {
    char *data;       /* every byte read, NUL-terminated (malloc'd) */
    size_t len;
    bool closed;      /* the server closed (or reset) the connection */
    long long ms;     /* from the send to the close or the timeout */
    int status;       /* of the first status line; 0: none */
    int status_lines; /* how many "HTTP/1.x NNN" status lines */
};

/* Reads until the server closes or timeout_ms passes. */
void raw_read(int fd, int timeout_ms, struct raw_reply *r);
/* Connects, sends n bytes, shuts the write side if half_close, reads. */
void raw_exchange(int port, const void *req, size_t n, bool half_close,
                  int timeout_ms, struct raw_reply *r);
void raw_reply_free(struct raw_reply *r);
/* Whether the server has closed fd (reading nothing more), within ms. */
bool raw_closed_within(int fd, int ms);

#endif
