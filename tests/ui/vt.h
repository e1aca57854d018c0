/* vt — a program in a pseudo-terminal, its screen read with libvterm: the
 * screen tests' view of the TUI as a user sees it.
 *
 * vt_spawn() starts argv[0] in a pty of ROWS×COLS (TERM=xterm-256color,
 * LANG and LC_ALL C.UTF-8, LINES and COLUMNS removed so the pty's size
 * counts, unless the caller's env entries say otherwise). A thread reads
 * everything the program writes as it comes, so the program never blocks
 * on a full pty; the screen (libvterm) takes it in only inside vt_* calls,
 * so a test reads the screen as of its last vt_* call. The raw bytes are
 * kept. Terminal queries (cursor position, device attributes) are
 * answered the way xterm would, also inside vt_* calls.
 *
 * Rows and columns count from 0. Text is UTF-8; a wide character takes
 * two columns and appears once in row text. Setup problems fail the
 * running Check test. */
#ifndef INVENTUI_TESTS_UI_VT_H
#define INVENTUI_TESTS_UI_VT_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

struct vt;

/* Keys whose bytes never change: send them with vt_send(). */
#define VT_ENTER "\r"
#define VT_ESC "\033"
#define VT_TAB "\t"
#define VT_BACKTAB "\033[Z"
#define VT_BACKSPACE "\177"
#define VT_CTRL_C "\003"
/* Ctrl+letter: VT_CTRL('l') is "\f". */
#define VT_CTRL(c) ((char[]){(char)((c) & 0x1f), '\0'})

/* Keys whose bytes depend on the terminal's modes: an arrow is "\033[A",
 * or "\033OA" once the program asked for application cursor keys (ncurses'
 * keypad() does); vt_key() sends what xterm would send right now. */
enum vt_key {
    VT_UP, VT_DOWN, VT_LEFT, VT_RIGHT,
    VT_HOME, VT_END, VT_PGUP, VT_PGDN, VT_INSERT, VT_DELETE,
};

/* A cell's colour: a palette index 0-255, or one of these. */
enum { VT_COLOR_DEFAULT = -1, VT_COLOR_RGB = -2 };

struct vt_cell {
    char text[32];    /* UTF-8, with combining marks; "" for an empty cell,
                         and for the right half of a wide character */
    int width;        /* 1, or 2 for a wide character */
    bool bold, underline, italic, blink, reverse, strike;
    int fg, bg;       /* palette index or VT_COLOR_* */
};

/* Starts argv (argv[0] looked up in PATH) in a ROWS×COLS pty. env: extra
 * "NAME=value" entries, NULL-terminated, or NULL; unset: names to remove
 * from the inherited environment, or NULL. The vt is the caller's
 * (vt_free). An exec failure shows as exit status 127. */
struct vt *vt_spawn(int rows, int cols, const char *const argv[],
                    const char *const env[], const char *const unset[]);
/* Kills the program if it still runs (SIGTERM, then SIGKILL), reaps it and
 * frees everything. NULL is fine. */
void vt_free(struct vt *t);

/* Writes bytes to the program's terminal, as typing would (UTF-8 text is
 * typed as is). After VT_ESC let the program react before the next key,
 * or ncurses may read Esc+key as Alt+key (ESCDELAY). */
void vt_send(struct vt *t, const char *bytes);
/* Sends a special key as xterm would in the terminal's current mode. */
void vt_key(struct vt *t, enum vt_key key);

/* Reads output until the screen shows text (anywhere; '\n' in text spans
 * rows) or timeout_ms passes; true if it does. */
bool vt_wait_text(struct vt *t, const char *text, int timeout_ms);
/* Reads output until text is no longer on screen; true if it went. */
bool vt_wait_gone(struct vt *t, const char *text, int timeout_ms);
/* Reads output until none arrives for quiet_ms; false if the program kept
 * writing until timeout_ms. */
bool vt_settle(struct vt *t, int quiet_ms, int timeout_ms);
/* Takes in whatever output has arrived, without waiting. */
void vt_pump(struct vt *t);

/* Row r as UTF-8, trailing spaces trimmed; caller frees. */
char *vt_row(struct vt *t, int r);
/* Every row, joined with '\n'; caller frees. */
char *vt_screen(struct vt *t);
/* Where text first appears (row, then column of its first cell); false if
 * nowhere. text must not span rows. row or col may be NULL. */
bool vt_find(struct vt *t, const char *text, int *row, int *col);
/* The cell at row, col (clamped to the screen) into *out. */
void vt_cell(struct vt *t, int row, int col, struct vt_cell *out);
/* The screen's size now. */
void vt_size(const struct vt *t, int *rows, int *cols);
/* The cursor's position. */
void vt_cursor(const struct vt *t, int *row, int *col);

/* Resizes the pty (the program gets SIGWINCH) and the screen. */
void vt_resize(struct vt *t, int rows, int cols);

/* Bytes the program has written, as far as the screen has taken in. */
size_t vt_bytes(const struct vt *t);
/* All of it, raw (escape sequences included); *len gets its size. Owned by
 * the vt, valid until the next vt_* call on it. */
const char *vt_output(const struct vt *t, size_t *len);
/* Whether the alternate screen is active (smcup without rmcup). */
bool vt_altscreen(const struct vt *t);
/* Whether the cursor is visible. libvterm 0.1.4 restores visibility with
 * the cursor on DECRC and on leaving the alternate screen (xterm does
 * not): look in vt_output() for "\033[?25h" to see the program show it. */
bool vt_cursor_visible(const struct vt *t);
/* The window title the program set last ("" if none); owned by the vt. */
const char *vt_title(const struct vt *t);

/* Waits for the program to exit, reading its output; true if it did
 * within timeout_ms, with *status (may be NULL) its exit code, or 128 +
 * the signal that ended it. */
bool vt_wait_exit(struct vt *t, int timeout_ms, int *status);
/* The program's pid (tests send it signals). */
int vt_pid(const struct vt *t);

/* Prints a failure message and the screen, framed and with row numbers,
 * cursor, modes and the last output bytes, to stderr. */
void vt_dump(struct vt *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Fails the test with a message, showing the screen first. */
#define vt_fail(t, ...) do {                                 \
        vt_dump((t), __VA_ARGS__);                           \
        ck_abort_msg(__VA_ARGS__);                           \
    } while (0)
/* Fails unless text shows within ms. */
#define vt_assert_text(t, text, ms) do {                     \
        const char *vt_text_ = (text);                       \
        if (!vt_wait_text((t), vt_text_, (ms)))              \
            vt_fail((t), "\"%s\" not on screen", vt_text_);  \
    } while (0)
/* Fails unless text is gone within ms. */
#define vt_assert_gone(t, text, ms) do {                     \
        const char *vt_text_ = (text);                       \
        if (!vt_wait_gone((t), vt_text_, (ms)))              \
            vt_fail((t), "\"%s\" still on screen", vt_text_); \
    } while (0)

#endif
