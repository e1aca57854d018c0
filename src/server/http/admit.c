#include "server/http/admit.h"

void admit_init(struct admit *a, int max)
{
    atomic_init(&a->open, 0);
    a->max = max;
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
