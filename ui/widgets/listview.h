/* listview — the selection and scrolling of a list or grid of items, and
 * drawing only what changed: a selection move redraws the two items
 * involved; a scroll or new data redraws the visible items. Used by every
 * list pane (products cards and table, orders, DLQ). The items
 * themselves are drawn by the pane's callback. */
#ifndef INVENTUI_UI_WIDGETS_LISTVIEW_H
#define INVENTUI_UI_WIDGETS_LISTVIEW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "ui/actions.h"
#include "ui/mouse.h"
#include "ui/pane.h"

struct listview {
    size_t count;     /* items */
    size_t sel;       /* selected item (< count, or 0 when empty) */
    size_t top;       /* first visible item (a multiple of cols) */
    int cols;         /* items per line (grid), >= 1 */
    int item_h;       /* screen rows per item, >= 1 */
    int y, x, h, w;   /* the area inside the window */
    size_t drawn_sel; /* the selection as last drawn */
    size_t drawn_top;
    bool full;        /* everything must be drawn */
};

/* Draws item i at (y, x), h rows × w columns, selected or not. */
typedef void (*listview_draw_fn)(WINDOW *win, int y, int x, int h, int w,
                                 size_t i, bool selected, void *ctx);

/* Sets the area and the grid's shape; keeps the selection visible. */
void listview_layout(struct listview *lv, int y, int x, int h, int w,
                     int cols, int item_h);
/* New items (count); the selection is clamped, or set to keep_sel when
 * it is < count. */
void listview_set_count(struct listview *lv, size_t count, size_t keep_sel);
/* Moves the selection by dy lines and dx items in a line; false when it
 * could not move. */
bool listview_move(struct listview *lv, int dy, int dx);
/* Selects item i (clamped). */
void listview_select(struct listview *lv, size_t i);
/* Items that fit on the screen at once. */
size_t listview_visible(const struct listview *lv);
/* True when only the selection moved since the last draw (the pane can
 * mark itself DIRTY_SELECTION instead of DIRTY_ALL). */
bool listview_only_selection(const struct listview *lv);
/* The movement actions (Up, Down, Left, Right, Home, End): true when act
 * is one of them, moved or not; when it moved, *dirty gets
 * DIRTY_SELECTION (only the two items) or DIRTY_ALL (it scrolled). */
bool listview_act(struct listview *lv, enum action act, unsigned *dirty);
/* The item drawn at (y, x) of the window, or -1 when none is there. */
long listview_hit(const struct listview *lv, int y, int x);

/* What a mouse event did to the list (listview_mouse). */
enum lv_mouse {
    LVM_NONE,    /* not on an item, not the wheel: nothing */
    LVM_MOVED,   /* selected what was clicked, or the wheel moved it */
    LVM_OPEN,    /* a double click on an item (now selected): open it */
};
/* A click selects the item under it; a double click selects it and says
 * LVM_OPEN; the wheel moves the selection MOUSE_WHEEL_LINES rows (at
 * least one line of items). *dirty as in listview_act. */
enum lv_mouse listview_mouse(struct listview *lv, const struct ui_mouse *ev,
                             unsigned *dirty);
/* A list pane's `mouse` op in one call: listview_mouse on p's list (its
 * dirty bits), and a double click becomes action(p, a, ACT_OPEN).
 * UI_PASS when the event was not on an item. */
enum ui_result listview_pane_mouse(struct listview *lv, struct pane *p,
                                   struct app *a, const struct ui_mouse *ev,
                                   enum ui_result (*action)(struct pane *,
                                                            struct app *,
                                                            enum action));
/* Draws: everything visible when full (or after a scroll), else only the
 * items of the old and new selection. Returns the row of the selected
 * item's first line (for the hardware cursor), -1 when none. */
int listview_draw(struct listview *lv, WINDOW *win, bool full,
                  listview_draw_fn draw, void *ctx);

#endif
