/* setup — builds the shared server state from its settings: data dir,
 * store, pool ids, keys, token verifier. Used by `serve` and by tests. */
#ifndef INVENTUI_SERVER_SETUP_H
#define INVENTUI_SERVER_SETUP_H

struct server;

/* srv->cfg must be filled and checked. port is the bound port (for the
 * base URL when [server] public_url is unset). 0, or -1 with *err. */
int server_setup(struct server *srv, int port, char **err);
/* Frees what server_setup made; safe on a partly set-up server. */
void server_teardown(struct server *srv);

#endif
