/* smtpd — a minimal SMTP relay for tests, on a thread, on 127.0.0.1.
 *
 * Speaks just enough RFC 5321 for libcurl (EHLO/HELO, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT), one connection at a time, and keeps every message it
 * accepted. It never offers STARTTLS, so a client that requires it must
 * give up. */
#ifndef INVENTUI_TESTS_SMTPD_H
#define INVENTUI_TESTS_SMTPD_H

#include <pthread.h>
#include <stdbool.h>

#define SMTPD_MAX_MESSAGES 64

struct smtpd_message {
    char *from; /* the envelope sender, as given to MAIL FROM */
    char *rcpt; /* the last RCPT TO */
    char *data; /* the message, dot-unstuffed, CRLF line ends */
};

struct smtpd {
    int port;
    int listen_fd;
    bool stop;
    bool refuse_data; /* answer DATA with 451 (a relay having trouble) */
    pthread_t thread;
    pthread_mutex_t lock;
    struct smtpd_message msgs[SMTPD_MAX_MESSAGES];
    int count;
};

/* Starts listening on a free loopback port (d->port). */
void smtpd_start(struct smtpd *d);
void smtpd_stop(struct smtpd *d);
/* Messages accepted so far. */
int smtpd_count(struct smtpd *d);
/* Waits up to timeout_ms for at least n messages; returns the count. */
int smtpd_wait(struct smtpd *d, int n, int timeout_ms);
/* The first accepted message whose data holds needle, or NULL. The
 * pointer stays valid until smtpd_stop. */
const struct smtpd_message *smtpd_find(struct smtpd *d, const char *needle);

#endif
