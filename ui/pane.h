/* pane — one screen of the TUI (products, detail, orders, DLQ, sign-in,
 * help, a form, a confirmation): a struct of state plus a table of
 * operations, as tig's views and htop's panels are. The loop (app.c)
 * knows only the table: it hands a pane keys, actions and finished
 * requests, tells it about resizes and focus, and asks it to draw when it
 * is dirty. A pane never refreshes the screen and never talks HTTP: it
 * submits operations (src/client/ops.h) through app_submit(). */
#ifndef INVENTUI_UI_PANE_H
#define INVENTUI_UI_PANE_H

#include <curses.h>
#include <panel.h>
#include <stdbool.h>
#include <stdint.h>

#include "ui/actions.h"
#include "ui/mouse.h"

struct app;
struct op;
struct pane;

/* What a handler tells the loop. */
enum ui_result {
    UI_PASS, /* not taken: the loop offers it elsewhere */
    UI_DONE, /* taken: the loop redraws what the pane marked dirty */
};

/* What needs drawing (bits of pane.dirty). */
enum {
    DIRTY_ALL = 1 << 0,       /* the whole window */
    DIRTY_SELECTION = 1 << 1, /* only the rows of the old and new selection */
};

struct pane_ops {
    enum pane_kind kind;
    const char *title;
    /* Draws into p->win: everything when DIRTY_ALL, else what p->dirty
     * says; sets p->cursor_y/x (and cursor_shown for text entry). */
    void (*draw)(struct pane *p, struct app *a);
    /* A raw key, before the keymap (text entry); NULL or UI_PASS: the
     * keymap's action goes to action(). */
    enum ui_result (*key)(struct pane *p, struct app *a, int key);
    /* An action from actions.h offered in this pane. */
    enum ui_result (*action)(struct pane *p, struct app *a, enum action act);
    /* A request this pane submitted is over (answered, failed or
     * cancelled: o->cancelled). Takes o: op_free() it. NULL: the pane
     * asks for nothing (overlays). */
    void (*arrived)(struct pane *p, struct app *a, struct op *o);
    /* The window got a new size (p->h, p->w); the loop has already marked
     * the pane DIRTY_ALL. NULL: nothing to lay out again. */
    void (*resize)(struct pane *p, struct app *a);
    /* The pane comes to the front (on: the loop marks it DIRTY_ALL) or
     * leaves it. */
    void (*focus)(struct pane *p, struct app *a, bool on);
    /* Fetches what is shown again in the background ([ui]
     * refresh_seconds, the API back after being away): keeps the
     * selection and the scroll position, says nothing when it fails, and
     * marks the pane dirty only when what came back differs from what is
     * shown. NULL: the pane shows nothing fetched. (Not "refresh":
     * curses.h takes that name for a macro.) */
    void (*refetch)(struct pane *p, struct app *a);
    /* Timers: called when now_ms reaches p->due_ms (0: no timer). */
    void (*tick)(struct pane *p, struct app *a, int64_t now_ms);
    /* Where an overlay goes on a rows×cols screen; NULL: the main area. */
    void (*place)(const struct pane *p, int rows, int cols, int *y, int *x,
                  int *h, int *w);
    /* Frees the pane (its state and the struct). */
    void (*destroy)(struct pane *p);
    /* A mouse event inside the window (ev's y, x relative to it; see
     * ui/mouse.h). NULL or UI_PASS: the wheel becomes Up/Down. */
    enum ui_result (*mouse)(struct pane *p, struct app *a,
                            const struct ui_mouse *ev);
};

struct pane {
    const struct pane_ops *ops;
    WINDOW *win;
    PANEL *panel;
    int h, w;          /* the window's size */
    unsigned dirty;    /* DIRTY_* */
    bool closing;      /* app_close() asked; the loop frees it */
    /* Where the terminal's cursor goes (-1: nowhere in particular): the
     * selected row, so screen readers and magnifiers follow it, or the
     * insertion point of a text field, where it also shows. */
    int cursor_y, cursor_x;
    bool cursor_shown;
    int64_t due_ms;    /* when tick() wants to run (monotonic), 0: never */
    /* When the data shown was fetched (epoch ms; for an answer from the
     * offline cache, when the cache got it), 0: nothing yet. The pane
     * sets it; while the API cannot be reached the pane and the status
     * line say OFFLINE with the data's age (app_offline_mark). */
    int64_t fetched_at;
};

/* Sets up the common part of a pane (the loop gives it a window when it
 * is shown). */
void pane_init(struct pane *p, const struct pane_ops *ops);

#endif
