/* seed — `inventui serve --seed-demo`: stocks an empty store with the
 * demo catalog, creates the demo admin and, with the catalog, the demo
 * order history (history.h), so a newcomer has something to look at. Safe
 * to run on every start: a store that has products gets nothing more. */
#ifndef INVENTUI_SERVER_DEMO_SEED_H
#define INVENTUI_SERVER_DEMO_SEED_H

struct server;

#define DEMO_ADMIN_EMAIL "demo@inventui.local"

/* Seeds srv's store. *password gets the demo admin's password (malloc'd;
 * kept in DATA_DIR/demo-password, 0600, so every start can print it).
 * 0, or -1 with *err (malloc'd). */
int demo_seed(struct server *srv, char **password, char **err);

#endif
