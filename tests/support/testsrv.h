/* testsrv — starts a real `inventui serve` on 127.0.0.1:0 with a fresh
 * temporary data dir, runs the `inventui` CLI against the same dir, and
 * speaks HTTP to the server with libcurl.
 *
 * The binary comes from $INVENTUI_BIN (the Makefile sets it). When
 * $INVENTUI_SERVER_WRAPPER is set (e.g. "valgrind --leak-check=full
 * --error-exitcode=99"), the server runs under it and testsrv_stop()
 * fails the test unless the server exits 0. */
#ifndef INVENTUI_TESTS_TESTSRV_H
#define INVENTUI_TESTS_TESTSRV_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <sys/types.h>

struct testsrv {
    pid_t pid;
    int port;
    char dir[256];     /* the data dir */
    char base[64];     /* http://127.0.0.1:PORT */
    char pool_id[64];
    char client_id[64];
    char flags[128];   /* extra flags for serve */
};

/* Once per test run, before any server starts: makes the one RSA signing
 * key every test server is given (generating a key takes up to a minute
 * under valgrind). testsrv_cleanup() removes it. */
void testsrv_init(void);
void testsrv_cleanup(void);

/* Starts a server; extra_config is INI text appended to a config file the
 * test owns (NULL: none). Fails the test on any problem. Its data dir
 * holds the run's shared signing key. */
void testsrv_start(struct testsrv *s, const char *extra_config);
/* Like testsrv_start, but the server generates its own signing key, as on
 * a real first start. */
void testsrv_start_new_key(struct testsrv *s, const char *extra_config);
/* Like testsrv_start, with extra command-line flags for `serve` (e.g.
 * "--seed-demo"), kept for restarts. */
void testsrv_start_with(struct testsrv *s, const char *extra_config,
                        const char *flags);
/* Stops the server (it must exit 0) and starts it again on the same data
 * dir and config; port, pool and client ids are read afresh. */
void testsrv_restart(struct testsrv *s);
/* Stops the server (it must exit 0) and keeps its dir for inspection;
 * testsrv_stop() later removes it. */
void testsrv_stop_keep(struct testsrv *s);
/* SIGKILL, as a crash or a power cut would stop it: no clean shutdown.
 * Waits for it and keeps the dir; testsrv_restart() starts it again on
 * the same data, testsrv_stop() removes the dir. */
void testsrv_kill9(struct testsrv *s);
/* SIGTERM, wait, check exit status 0, remove the data dir. */
void testsrv_stop(struct testsrv *s);
/* SIGSTOP, and back once every thread of the server has stopped: kill()
 * returns before they have, and a fast answer can slip out meanwhile. */
void testsrv_freeze(const struct testsrv *s);

/* Runs `inventui ARGS...` (NULL-terminated) with stdin_text on its stdin;
 * returns the exit status, *out gets stdout+stderr (malloc'd) if out. */
int testsrv_cli(const char *stdin_text, char **out, const char *arg, ...)
    __attribute__((sentinel));

struct http_resp {
    long status;
    char *body;
    size_t body_len;
    char *headers;   /* raw header block, lower-cased names */
    cJSON *json;     /* parsed body, or NULL */
};

/* Sends method path (relative to s->base) with an optional bearer token,
 * body (JSON text) and NULL-terminated extra "Name: value" headers. */
void http_call(const struct testsrv *s, const char *method, const char *path,
               const char *token, const char *body, struct http_resp *r,
               const char *const *extra_headers);
void http_resp_free(struct http_resp *r);
/* The value of a response header (case-insensitive), malloc'd, or NULL. */
char *http_header(const struct http_resp *r, const char *name);

/* json helpers on a response: r->json at a dotted path like
 * "data.items.0.id"; NULL if absent. */
const cJSON *jpath(const cJSON *root, const char *path);
const char *jstr(const cJSON *root, const char *path);
double jnum(const cJSON *root, const char *path);

/* Creates a confirmed user with `inventui user add` and signs in through
 * the Cognito-compatible endpoint; returns the ID token (malloc'd). */
char *testsrv_user_token(const struct testsrv *s, const char *email,
                         const char *password, const char *group);
/* Signs an existing user in (USER_PASSWORD_AUTH); the ID token,
 * malloc'd. After a restart the issuer (it holds the port) changes, so
 * tokens from before must be fetched again. */
char *testsrv_sign_in(const struct testsrv *s, const char *email,
                      const char *password);
/* Calls a Cognito op (e.g. "InitiateAuth") with a JSON body. */
void cognito_call(const struct testsrv *s, const char *op, const char *body,
                  struct http_resp *r);

#endif
