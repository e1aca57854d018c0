/* stall — a loopback TCP port that takes connections and never answers
 * (the kernel completes the handshake; nobody reads or writes), for tests
 * of what the client does against an API that hangs. */
#ifndef INVENTUI_TESTS_STALL_H
#define INVENTUI_TESTS_STALL_H

struct stall {
    int fd;
    int port;
    char base[64]; /* http://127.0.0.1:PORT */
};

/* Listens on 127.0.0.1:0; fails the test on any problem. */
void stall_start(struct stall *s);
/* Closes the port (connections still waiting are reset). */
void stall_stop(struct stall *s);

#endif
