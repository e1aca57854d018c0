/* config — the server's settings: defaults, the INI file, the flags.
 *
 * Sections are named by concern: [server], [auth], [mail], [queue],
 * [faults]. Every key is
 * documented in inventui.conf.example. */
#ifndef INVENTUI_SERVER_CONFIG_H
#define INVENTUI_SERVER_CONFIG_H

#include <stdbool.h>

struct server_config {
    /* [server] */
    char listen[128];        /* ADDR:PORT; port 0 picks a free one */
    char data_dir[1024];
    char public_url[256];    /* base URL in tokens; default http://listen */
    long long threads;       /* HTTP worker threads; 0 = one per CPU */
    long long max_connections;
    long long per_ip_connections;
    long long connection_timeout; /* seconds */
    long long max_body_bytes;
    char synchronous[8];     /* FULL | NORMAL */
    double rate_limit;    /* requests per second per user; 0: none */
    double rate_burst;    /* requests at once before the limit bites */
    char cors_origin[256];
    /* [auth] */
    char issuer[512];        /* external pool: all three set, or none */
    char jwks_url[512];
    char audience[256];
    char admin_group[128];
    long long token_lifetime;   /* seconds, ID and access tokens */
    long long password_cost;    /* scrypt log2(N) */
    long long signin_attempts;  /* failures per user per window */
    long long signin_window;    /* seconds */
    /* [mail] */
    char mail_sink[16];
    char mail_from[256];
    char admin_email[256];
    char smtp_url[512];           /* sink = smtp: the relay */
    /* [queue] the order queue, as SQS would run it */
    long long visibility_timeout; /* seconds a received message is hidden */
    long long max_receive_count;  /* receives before the DLQ */
    long long batch_size;         /* messages per receive */
    long long batch_window_ms;    /* lets a busy queue gather (worker.h) */
    bool queue_paused;            /* worker not started: orders wait */
    /* [faults] deliberate failures, for demos and tests */
    double notify_fail_rate;      /* 0..1: confirmations that fail */
};

/* The defaults; data_dir from $XDG_DATA_HOME (or ~/.local/share). */
void server_config_defaults(struct server_config *c);
/* Loads FILE over c. Returns 0, or -1 with *errors (malloc'd, one
 * "FILE:LINE: message" per line). */
int server_config_load(struct server_config *c, const char *path,
                       char **errors);
/* Checks what only makes sense together; NULL or a malloc'd message. */
char *server_config_check(const struct server_config *c);
/* Splits listen into host and port; -1 if it is not ADDR:PORT. */
int server_config_listen(const struct server_config *c, char *host,
                         int host_size, int *port);

#endif
