/* dir — `inventui --demo`'s side of the server: the private data dir kept
 * between runs under $XDG_DATA_HOME/inventui/demo, its reset, and the
 * demo server started in-process on it (server/embed.h), on the port it
 * had last time when that port is free. */
#ifndef INVENTUI_SERVER_DEMO_DIR_H
#define INVENTUI_SERVER_DEMO_DIR_H

#include <stdbool.h>

struct embedded_server;

/* Files in the demo dir besides the server's own. */
#define DEMO_PORT_FILE "demo-port"  /* the port of the last run */
#define DEMO_LOG_FILE "server.log"  /* the server's log lines */
/* server.log is moved to server.log.1 at a start once it is this big. */
#define DEMO_LOG_MAX_BYTES (4L * 1024 * 1024)

/* The demo's data dir, DATA/inventui/demo, created 0700 (with any missing
 * parent) and kept between runs. DATA is xdg_data_home (NULL: the
 * environment's $XDG_DATA_HOME), or ~/.local/share when that is unset,
 * empty or relative. reset removes the demo dir first, and only it: a
 * symbolic link or another file system inside is never followed, and a
 * demo running from it (its lock held) makes this fail. A demo dir that is
 * a symbolic link, not ours, or not a directory is refused. *dir gets the
 * path (caller frees). 0, or -1 with *err (malloc'd). */
int demo_prepare(const char *xdg_data_home, bool reset, char **dir,
                 char **err);

/* Starts the demo server in this process on dir (from demo_prepare):
 * 127.0.0.1 on the port saved in DIR/demo-port when it is free, else on a
 * free one, which is saved (the tokens' issuer holds the port, so a
 * session remembered from the last run stays valid only on the same
 * port); the demo shop seeded; the dir locked; every log line of the
 * process in DIR/server.log until embed_stop. NULL with *err (malloc'd).
 * Caller stops it with embed_stop. */
struct embedded_server *demo_start(const char *dir, char **err);

#endif
