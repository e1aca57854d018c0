#include "server/http/admit.h"

#include <errno.h>
#include <sys/resource.h>

#include "common/log.h"

/* Descriptors the server needs besides its connections: the store's pool
 * of 64 database connections, each with its database and WAL files; one
 * mail file per spool thread (32) and the spool directory; the log, the
 * listen socket and one inter-thread pipe per HTTP thread. */
#define FD_SPARE 256

/* With too few descriptors accept() fails with EMFILE and the connection
 * waits in the backlog, as at libmicrohttpd's own limit: so the soft limit
 * is raised to fit max connections, or max is lowered to what fits. */
static int fit_fd_limit(int max)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return max;
    rlim_t need = (rlim_t)max + FD_SPARE;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need
                          ? need
                          : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        /* At least a few connections, or the server serves no one. */
        int fit = rl.rlim_cur > FD_SPARE + 16 ? (int)(rl.rlim_cur - FD_SPARE)
                                              : 16;
        log_msg(LOG_WARN, "only %ld file descriptors: serving at most %d "
                "connections, not %d", (long)rl.rlim_cur, fit, max);
        return fit;
    }
    return max;
}

void admit_init(struct admit *a, int max)
{
    atomic_init(&a->open, 0);
    a->max = fit_fd_limit(max);
}

unsigned admit_mhd_limit(const struct admit *a, unsigned threads)
{
    return (unsigned)a->max + threads;
}

enum MHD_Result admit_accept(void *cls, const struct sockaddr *addr,
                             socklen_t addrlen)
{
    struct admit *a = cls;
    (void)addr;
    (void)addrlen;
    return atomic_load(&a->open) < a->max ? MHD_YES : MHD_NO;
}

void admit_notify(void *cls, struct MHD_Connection *conn,
                  void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    struct admit *a = cls;
    (void)conn;
    (void)socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&a->open, 1);
    else if (code == MHD_CONNECTION_NOTIFY_CLOSED)
        atomic_fetch_sub(&a->open, 1);
}

bool admit_peer_gone(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci)
        return false;
    char c;
    ssize_t got;
    do
        got = recv(ci->connect_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    while (got < 0 && errno == EINTR);
    return got == 0;
}
