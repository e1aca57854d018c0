/* config — the client's settings: inventui.conf, then command-line flags.
 *
 * The file is found at --config FILE, else
 * $XDG_CONFIG_HOME/inventui/inventui.conf, else
 * ~/.config/inventui/inventui.conf. A missing default file is fine (the
 * flags may say everything); a missing --config file is an error. A file
 * holding a client secret must not be readable by group or others. */
#ifndef INVENTUI_CLIENT_CONFIG_H
#define INVENTUI_CLIENT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

/* How the client's layers tell a person something: the CLI prints it on
 * stderr, a screen shows it in its status line. */
struct client_notices {
    /* An answer came from the offline cache, fetched at fetched_at_ms. */
    void (*cached)(void *user, int64_t fetched_at_ms);
    /* Something went wrong that does not stop the work. */
    void (*warning)(void *user, const char *msg);
    /* The first attempt of the work under way failed and is being retried:
     * msg says what happened and how much time is left. NULL: not told. */
    void (*retrying)(void *user, const char *msg);
    void *user;
};

struct client_config {
    /* [api] */
    char api_url[512];
    long long timeout;          /* seconds for a whole command (a TUI
                                 * action): every request, attempt and
                                 * retry of it */
    /* [cognito] */
    char cognito_endpoint[512];
    char region[64];
    char client_id[128];
    char client_secret[256];
    char user_pool_id[128];
    /* [cache] */
    char cache_path[512];       /* a directory; "" = $XDG_CACHE_HOME/inventui */
    long long max_age;          /* seconds cached data is shown offline */
    /* Set by the program, never by the file: */
    bool offline_ok;            /* answer reads from the cache offline */
    const struct client_notices *notices; /* NULL: tell nobody */
    /* [ui] */
    char theme[64];             /* "" when not set: default (mono under
                                   NO_COLOR) */
    bool readonly;              /* the TUI offers no write action */
    bool mouse;
    long long refresh_seconds;
    /* the file that was read, "" when none */
    char path[512];
};

/* Fills cfg with the defaults. */
void client_config_defaults(struct client_config *cfg);
/* The default file's path (see above), or NULL when neither
 * $XDG_CONFIG_HOME nor $HOME is set. Caller frees. */
char *client_config_default_path(void);
/* Defaults, then the file: explicit (an error if missing) or the default
 * one (skipped if missing). Returns 0, or -1 with *err (caller frees)
 * naming file and line of every problem, or the permission problem. */
int client_config_load(struct client_config *cfg, const char *explicit_path,
                       char **err);
/* Applies one flag value to "section.name" (e.g. "api.url"); NULL or a
 * message the caller frees. */
char *client_config_set(struct client_config *cfg, const char *section,
                        const char *name, const char *value);
/* The Cognito endpoint to use: [cognito] endpoint, else the AWS one for
 * [cognito] region; "" when neither is set. Writes into out. */
void client_config_cognito_endpoint(const struct client_config *cfg,
                                    char *out, unsigned long size);

#endif
