/* screen — taking the terminal for the TUI and giving it back exactly as
 * it was: on quit, on SIGTERM/SIGINT/SIGHUP (through the loop), and on
 * the fatal paths of src/common (out of memory, no randomness), which
 * print and abort after the hook has restored the terminal. */
#ifndef INVENTUI_UI_SCREEN_H
#define INVENTUI_UI_SCREEN_H

/* initscr and the modes the TUI runs in (cbreak, no echo, keypad, no
 * delay, short Esc delay, no cursor), colours by theme. 0 or -1. */
int screen_start(void);
/* endwin(); safe to call twice. */
void screen_stop(void);

#endif
