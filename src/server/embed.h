/* embed — starting and stopping the bundled server as a library: the
 * sequence `inventui serve` runs (listen, open the store and keys, seed,
 * start the queue worker and the HTTP threads) and its orderly shutdown,
 * for serve.c and for a process that runs the server on its own threads
 * beside other work (`inventui --demo`: the TUI and the server in one
 * process).
 *
 * The server's threads block every signal, so a process-directed signal
 * goes to the caller's threads (the TUI's loop, or serve's sigwait). */
#ifndef INVENTUI_SERVER_EMBED_H
#define INVENTUI_SERVER_EMBED_H

#include <stdbool.h>

struct server_config;
struct embedded_server;

struct embed_opts {
    /* Every setting but where to listen and the data dir; NULL: the
     * defaults (server_config_defaults). Must pass server_config_check. */
    const struct server_config *config;
    const char *data_dir;  /* required; created 0700 if missing */
    const char *host;      /* listen address; NULL: 127.0.0.1 */
    int port;              /* 0: any free port */
    bool any_port_if_busy; /* port taken: listen on a free one instead */
    bool seed_demo;        /* demo_seed (server/demo/seed.h) the store */
    /* Log lines go to this file (appended, 0600) from the first one until
     * embed_stop, instead of stderr. Process-wide (log_set_fd): every
     * log_msg in the process goes there meanwhile. NULL: unchanged. */
    const char *log_path;
    /* Hold an exclusive lock on DATA_DIR/lock until embed_stop; fail at
     * once if another server (in any process) holds it. */
    bool lock_data_dir;
};

/* Starts a server on its own threads and returns once it answers
 * requests. NULL with *err (malloc'd) on failure, with nothing left
 * running or open. Caller stops it with embed_stop. */
struct embedded_server *embed_start(const struct embed_opts *o, char **err);

/* "http://127.0.0.1:PORT" (or [server] public_url); owned by s. */
const char *embed_base_url(const struct embedded_server *s);
/* The port it listens on. */
int embed_port(const struct embedded_server *s);
/* Its data dir; owned by s. */
const char *embed_data_dir(const struct embedded_server *s);
/* The app client id of its user pool (what GET /config says); owned by s. */
const char *embed_client_id(const struct embedded_server *s);
/* The demo admin's email and password with seed_demo, else NULL; owned
 * by s. */
const char *embed_demo_email(const struct embedded_server *s);
const char *embed_demo_password(const struct embedded_server *s);

/* Stops accepting, lets requests in flight finish (up to 10 s), stops the
 * queue worker (after its batch in hand), closes the store, puts the log
 * back where it was, frees s. NULL is ignored. */
void embed_stop(struct embedded_server *s);

#endif
