/* prompt — reading secrets: from the terminal with echo off, or a line of
 * stdin for scripts (--password-stdin); and yes/no questions. */
#ifndef INVENTUI_CLIENT_CLI_PROMPT_H
#define INVENTUI_CLIENT_CLI_PROMPT_H

/* The next line of stdin without its line ending, or NULL at end of input.
 * Caller frees with prompt_free(). */
char *prompt_stdin_line(void);
/* Asks on /dev/tty with echo off; NULL when there is no terminal or input
 * ended. Caller frees with prompt_free(). */
char *prompt_tty_secret(const char *question);
/* Asks question on stderr and reads a yes/no answer from stdin when stdin
 * is a terminal: 1 yes, 0 anything else, -1 when stdin is not a terminal
 * (nothing is asked: scripts must not hang). */
int prompt_confirm(const char *question);
/* Wipes and frees a secret. */
void prompt_free(char *secret);

#endif
