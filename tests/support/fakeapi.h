/* fakeapi — a scripted HTTP/1.1 server on 127.0.0.1 for client tests that
 * need answers the real server never gives (short or empty pages with a
 * nextToken, 503s): it answers the requests in order with the replies
 * given (the last one repeats), one connection per request, and keeps
 * every request for inspection. And a session file with a far-off expiry,
 * so the client calls the fake without signing in. */
#ifndef INVENTUI_TESTS_FAKEAPI_H
#define INVENTUI_TESTS_FAKEAPI_H

#include <pthread.h>
#include <stdbool.h>

#define FAKEAPI_MAX_REQUESTS 64

struct fake_reply {
    int status;
    const char *body; /* JSON text */
};

struct fakeapi {
    int fd;
    int port;
    char base[64]; /* http://127.0.0.1:PORT */
    const struct fake_reply *replies;
    int nreplies;
    const char *headers; /* sent with every reply, or NULL */
    pthread_t thread;
    pthread_mutex_t mu;
    volatile bool stop;
    int count;
    char *requests[FAKEAPI_MAX_REQUESTS]; /* head + body, as received */
};

/* Starts serving replies (borrowed; they must outlive the server). */
void fakeapi_start(struct fakeapi *f, const struct fake_reply *replies, int n);
/* The same, with headers ("Name: value\r\n" lines, borrowed) in every
 * reply. */
void fakeapi_start_headers(struct fakeapi *f, const struct fake_reply *replies,
                           int n, const char *headers);
void fakeapi_stop(struct fakeapi *f);
/* How many requests have been answered. */
int fakeapi_count(struct fakeapi *f);
/* Request i (from 0) as received, or NULL; the string stays valid until
 * fakeapi_stop. */
const char *fakeapi_request(struct fakeapi *f, int i);
/* A header's value in a received request (malloc'd), or NULL. */
char *fakeapi_header(const char *request, const char *name);

/* Writes a session for api_url into $XDG_CACHE_HOME/inventui with an ID
 * token valid for an hour (signed with a throwaway key: the fake does not
 * check it). */
void fakeapi_session(const char *api_url);

#endif
