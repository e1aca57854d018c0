/* clipboard — copying text to the terminal's clipboard with OSC 52
 * (ESC ] 52 ; c ; BASE64 BEL): xterm (with allowWindowOps or
 * disallowedWindowOps not listing it), kitty, WezTerm, foot, iTerm2,
 * Windows Terminal and tmux (set-clipboard on) take it; others ignore it.
 * Nothing answers, so the caller also shows the text to copy by hand. */
#ifndef INVENTUI_UI_CLIPBOARD_H
#define INVENTUI_UI_CLIPBOARD_H

#include <stddef.h>

/* The most text one sequence carries (ids are far shorter). */
#define CLIPBOARD_MAX 4096

/* The OSC 52 sequence that puts text (at most CLIPBOARD_MAX bytes of it)
 * on the clipboard. Caller frees. */
char *clipboard_osc52(const char *text);
/* Writes len bytes to fd whole (retrying short writes and EINTR);
 * 0, or -1 when the terminal is gone. */
int clipboard_write(int fd, const char *bytes, size_t len);

#endif
