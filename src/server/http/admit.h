/* admit — how many connections the server holds at once.
 *
 * When libmicrohttpd 0.9.75 (epoll, thread pool) reaches its own
 * connection limit it stops accepting, and new connections wait in the
 * kernel's listen backlog, where a normal client queues behind idle ones
 * until one times out. So its limit is set a little above ours and ours
 * is kept by the accept-policy callback, which closes a connection past
 * it at once: a refused client learns so now rather than hanging. */
#ifndef INVENTUI_SERVER_HTTP_ADMIT_H
#define INVENTUI_SERVER_HTTP_ADMIT_H

#include <microhttpd.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/socket.h>

struct admit {
    atomic_int open; /* connections libmicrohttpd has started */
    int max;
};

/* Also raises the descriptor limit to fit max connections (or lowers
 * max to fit the limit, with a warning). */
void admit_init(struct admit *a, int max);
/* The limit to give libmicrohttpd: ours, plus one per thread (each may
 * admit one connection between our check and the count). */
unsigned admit_mhd_limit(const struct admit *a, unsigned threads);
/* MHD_AcceptPolicyCallback; cls is the struct admit. */
enum MHD_Result admit_accept(void *cls, const struct sockaddr *addr,
                             socklen_t addrlen);
/* MHD_NotifyConnectionCallback keeping the count; cls is the struct admit. */
void admit_notify(void *cls, struct MHD_Connection *conn,
                  void **socket_context,
                  enum MHD_ConnectionNotificationCode code);

/* Whether the client has shut its side of conn's connection with nothing
 * unread: then the answer should close it. libmicrohttpd 0.9.75 reads on
 * edge-triggered epoll and takes a short read as "nothing more", so an EOF
 * that came with the request's last bytes is never read, and a half-closed
 * connection is kept to its timeout. */
bool admit_peer_gone(struct MHD_Connection *conn);

#endif
