/* users_cli — `inventui user …`: administers the bundled server's users
 * by opening its store directly (safe while the server runs: WAL and a
 * busy timeout). */
#ifndef INVENTUI_SERVER_USERS_CLI_H
#define INVENTUI_SERVER_USERS_CLI_H

/* argv[0] is "user". Exit status: 0 done, 1 refused or failed (the
 * reason on stderr), 2 usage. */
int users_cli_main(int argc, char **argv);

#endif
