/* mouse — the mouse, when [ui] mouse = true (off by default: a program
 * that asks for mouse reports takes the terminal's own select-and-copy
 * away; Shift+drag still selects in most terminals). ncurses reports
 * presses, releases and the wheel (xterm's SGR 1006 mode); a press is a
 * click, a second press on the same cell within MOUSE_DOUBLE_MS a double
 * click. Routing: a click on a tab's name in the header shows that tab
 * (the same action as its key, so only where the key works); anything
 * else goes to the top pane's `mouse` op in its window's coordinates, and
 * a pane without one gets the wheel as Up/Down. */
#ifndef INVENTUI_UI_MOUSE_H
#define INVENTUI_UI_MOUSE_H

#include <stdbool.h>

struct app;

#define MOUSE_DOUBLE_MS 400
#define MOUSE_WHEEL_LINES 3 /* rows one notch of the wheel moves */

enum ui_mouse_kind {
    UM_CLICK,      /* button 1 pressed */
    UM_DOUBLE,     /* button 1 pressed again, same cell, soon after */
    UM_WHEEL_UP,
    UM_WHEEL_DOWN,
};

/* One event; y, x in the screen's cells (0-based), or in a pane's window
 * when a pane gets it. */
struct ui_mouse {
    enum ui_mouse_kind kind;
    int y, x;
};

/* Asks the terminal for mouse reports (after the screen is set up). */
void mouse_start(void);
#define MOUSE_EVENTS_MAX 8 /* ncurses queues as many */
/* After ncurses said KEY_MOUSE: every event it holds (reports that came
 * in one read are queued together), oldest first, into evs; returns how
 * many inventui uses (releases and other buttons are left out). */
int mouse_read(struct app *a, struct ui_mouse evs[MOUSE_EVENTS_MAX]);
/* Acts on ev: the header's tabs, else the top pane. */
void mouse_route(struct app *a, const struct ui_mouse *ev);

#endif
