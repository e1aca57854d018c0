/* rawapi — a loopback "API" that answers every request with the same raw
 * bytes (anything: garbage, a cut-short response, broken chunking) and
 * then closes the connection or keeps it open without another byte, for
 * tests of what the client does against a server that misbehaves below
 * the level fakeapi speaks. */
#ifndef INVENTUI_TESTS_RAWAPI_H
#define INVENTUI_TESTS_RAWAPI_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define RAWAPI_MAX_HELD 64

struct rawapi {
    int fd;
    int port;
    char base[64]; /* http://127.0.0.1:PORT */
    const char *bytes; /* borrowed */
    size_t len;
    bool hang;         /* keep the connection open after the bytes */
    pthread_t thread;
    volatile bool stop;
    int held[RAWAPI_MAX_HELD];
    int nheld;
    volatile int count; /* requests answered */
};

/* Starts answering every request with len bytes (borrowed), then closing,
 * or, if hang, keeping the connection open until rawapi_stop. Fails the
 * test on any problem. */
void rawapi_start(struct rawapi *r, const char *bytes, size_t len, bool hang);
void rawapi_stop(struct rawapi *r);

#endif
