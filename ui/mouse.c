/* The mouse: turning ncurses' reports into clicks, double clicks and the
 * wheel, and handing them to the header or the top pane. */
#include "ui/mouse.h"

#include <curses.h>

#include "common/timeutil.h"
#include "ui/app.h"
#include "ui/chrome.h"

#define WHEEL_UP_MASK BUTTON4_PRESSED
#define WHEEL_DOWN_MASK BUTTON5_PRESSED

void mouse_start(void)
{
    /* mouseinterval(0) turns ncurses' own click detection off: it would
     * hold a press back to see whether a release follows. Releases are
     * in the mask because without them ncurses 6.4 loses the second
     * press of a double click that arrives in one read; they are dropped
     * below. */
    mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | WHEEL_UP_MASK |
                  WHEEL_DOWN_MASK,
              NULL);
    mouseinterval(0);
}

/* One report as inventui's event; false for what it does not use. */
static bool translate(struct app *a, const MEVENT *me, struct ui_mouse *ev)
{
    ev->y = me->y;
    ev->x = me->x;
    if (me->bstate & WHEEL_UP_MASK) {
        ev->kind = UM_WHEEL_UP;
        return true;
    }
    if (me->bstate & WHEEL_DOWN_MASK) {
        ev->kind = UM_WHEEL_DOWN;
        return true;
    }
    if (!(me->bstate & BUTTON1_PRESSED))
        return false;
    int64_t now = time_mono_ms();
    bool twice = a->click_ms > 0 && now - a->click_ms <= MOUSE_DOUBLE_MS &&
                 a->click_y == me->y && a->click_x == me->x;
    ev->kind = twice ? UM_DOUBLE : UM_CLICK;
    /* A third press starts again: a click, not another double. */
    a->click_ms = twice ? 0 : now;
    a->click_y = me->y;
    a->click_x = me->x;
    return true;
}

int mouse_read(struct app *a, struct ui_mouse evs[MOUSE_EVENTS_MAX])
{
    /* getmouse() hands the queue out newest first. */
    MEVENT queue[MOUSE_EVENTS_MAX];
    int n = 0;
    while (n < MOUSE_EVENTS_MAX && getmouse(&queue[n]) == OK)
        n++;
    int used = 0;
    for (int i = n - 1; i >= 0; i--)
        if (translate(a, &queue[i], &evs[used]))
            used++;
    return used;
}

static const enum action TAB_ACTIONS[TAB_COUNT] = {
    [TAB_PRODUCTS] = ACT_GO_PRODUCTS,
    [TAB_ORDERS] = ACT_GO_ORDERS,
    [TAB_DLQ] = ACT_GO_DLQ,
};

void mouse_route(struct app *a, const struct ui_mouse *ev)
{
    struct pane *p = app_top(a);
    if (!p)
        return;
    bool click = ev->kind == UM_CLICK || ev->kind == UM_DOUBLE;
    if (click && ev->y == 0) {
        /* As its key would: closes what is over the tab, and nothing
         * where the key does nothing (a form, a question). */
        int t = chrome_tab_at(a, ev->x);
        if (t >= 0)
            app_act(a, TAB_ACTIONS[t]);
        return;
    }
    if (!p->win)
        return;
    int by, bx, h, w;
    getbegyx(p->win, by, bx);
    getmaxyx(p->win, h, w);
    if (ev->y < by || ev->y >= by + h || ev->x < bx || ev->x >= bx + w)
        return; /* outside the pane on top: nothing there takes it */
    struct ui_mouse in = *ev;
    in.y -= by;
    in.x -= bx;
    if (p->ops->mouse && p->ops->mouse(p, a, &in) == UI_DONE)
        return;
    if (ev->kind == UM_WHEEL_UP || ev->kind == UM_WHEEL_DOWN) {
        for (int i = 0; i < MOUSE_WHEEL_LINES; i++)
            app_act(a, ev->kind == UM_WHEEL_UP ? ACT_UP : ACT_DOWN);
    }
}
