/* seed — `inventui serve --seed-demo`: stocks an empty store with the
 * demo catalog and creates the demo admin, so a newcomer has something to
 * look at. Safe to run on every start: it only adds what is missing. */
#ifndef INVENTUI_SERVER_DEMO_SEED_H
#define INVENTUI_SERVER_DEMO_SEED_H

struct server;

#define DEMO_ADMIN_EMAIL "demo@inventui.local"

/* Seeds srv's store. *password gets the demo admin's password (malloc'd;
 * kept in DATA_DIR/demo-password, 0600, so every start can print it).
 * 0, or -1 with *err (malloc'd). */
int demo_seed(struct server *srv, char **password, char **err);

#endif
