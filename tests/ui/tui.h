/* tui — the screen tests' fixture: a real `inventui serve`, a private
 * home for the client, and `$INVENTUI_BIN --api URL ARGS…` in a vt.
 *
 * tui_start() points HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and
 * XDG_DATA_HOME of the test process into a fresh temporary dir, so the
 * client (and anything else the test runs) never touches the real home;
 * Check runs each test in its own process, so this ends with the test. */
#ifndef INVENTUI_TESTS_UI_TUI_H
#define INVENTUI_TESTS_UI_TUI_H

#include "support/slowproxy.h"
#include "support/testsrv.h"
#include "ui/vt.h"

struct tui {
    struct testsrv srv;
    bool has_srv;
    struct slowproxy *proxy;   /* NULL unless tui_slow() */
    char home[256];            /* $HOME; config/, cache/, data/ under it */
    char api[80];              /* the URL the client is given; "" none */
    struct vt *vt;             /* the last tui_spawn's */
};

/* Starts a server (server_config: INI text for it, or NULL), makes the
 * private home and writes the client's config file there
 * ($XDG_CONFIG_HOME/inventui/inventui.conf, mode 0600) with client_config
 * (INI text, or NULL). The client is given --api with the server's URL. */
void tui_start(struct tui *u, const char *server_config,
               const char *client_config);
/* Only the private home and config file, no server and no --api: for
 * `inventui --demo` and the like. */
void tui_start_home(struct tui *u, const char *client_config);
/* Puts a slowproxy between client and server (passing through until told
 * otherwise, see slowproxy.h); from now on --api is the proxy's URL. */
void tui_slow(struct tui *u);
/* Stops everything tui_start made and removes the home (kept when
 * $INVENTUI_KEEP_TEST_DIRS is set). */
void tui_stop(struct tui *u);

/* Creates a confirmed user on the server (`inventui user add`); group is
 * e.g. "admin", or NULL. */
void tui_user(struct tui *u, const char *email, const char *password,
              const char *group);
/* Signs the user in through the CLI (`inventui --api URL login --username
 * EMAIL --password-stdin`), so the next client starts signed in. */
void tui_login(struct tui *u, const char *email, const char *password);
/* Runs `inventui [--api URL] ARGS…` (args NULL-terminated, or NULL) off
 * the terminal with stdin_text on stdin; returns its exit status, *out
 * (caller frees) its stdout+stderr if out. */
int tui_cli(struct tui *u, const char *stdin_text, char **out,
            const char *const args[]);

/* Starts `inventui [--api URL] ARGS…` in a ROWS×COLS vt (args
 * NULL-terminated, or NULL); the vt is u->vt, freed by tui_stop or the
 * next tui_spawn. */
struct vt *tui_spawn(struct tui *u, int rows, int cols,
                     const char *const args[]);
/* The same with extra environment entries and names to unset (see
 * vt_spawn). */
struct vt *tui_spawn_env(struct tui *u, int rows, int cols,
                         const char *const args[], const char *const env[],
                         const char *const unset[]);

#endif
