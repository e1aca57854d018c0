/* fatal — what runs before the program aborts on a fatal error (out of
 * memory, no randomness): a front end that took the terminal registers a
 * hook that gives it back, so the message is readable and the shell
 * usable. */
#ifndef INVENTUI_COMMON_FATAL_H
#define INVENTUI_COMMON_FATAL_H

/* Sets (or with NULL clears) the one hook. */
void fatal_set_hook(void (*hook)(void));
/* Runs the hook once (later calls do nothing), then prints
 * "inventui: <msg>" on stderr and aborts. */
_Noreturn void fatal_abort(const char *msg);

#endif
