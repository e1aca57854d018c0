/* serve — `inventui serve`: load settings, open the store and keys, listen,
 * and run until SIGINT or SIGTERM. */
#ifndef INVENTUI_SERVER_SERVE_H
#define INVENTUI_SERVER_SERVE_H

/* Returns the process exit code. */
int serve_main(int argc, char **argv);

#endif
