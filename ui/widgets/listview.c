#include "ui/widgets/listview.h"

#include "ui/pane.h"

static size_t lines_visible(const struct listview *lv)
{
    int n = lv->item_h > 0 ? lv->h / lv->item_h : 0;
    return n > 0 ? (size_t)n : 1;
}

size_t listview_visible(const struct listview *lv)
{
    return lines_visible(lv) * (size_t)lv->cols;
}

static void keep_visible(struct listview *lv)
{
    size_t cols = (size_t)lv->cols;
    size_t line = lv->sel / cols, top_line = lv->top / cols;
    size_t vis = lines_visible(lv);
    if (line < top_line)
        top_line = line;
    else if (line >= top_line + vis)
        top_line = line - vis + 1;
    lv->top = top_line * cols;
}

void listview_layout(struct listview *lv, int y, int x, int h, int w,
                     int cols, int item_h)
{
    lv->y = y;
    lv->x = x;
    lv->h = h > 0 ? h : 1;
    lv->w = w > 0 ? w : 1;
    lv->cols = cols > 0 ? cols : 1;
    lv->item_h = item_h > 0 ? item_h : 1;
    lv->top -= lv->top % (size_t)lv->cols;
    keep_visible(lv);
    lv->full = true;
}

void listview_set_count(struct listview *lv, size_t count, size_t keep_sel)
{
    lv->count = count;
    if (keep_sel < count)
        lv->sel = keep_sel;
    else if (lv->sel >= count)
        lv->sel = count ? count - 1 : 0;
    if (lv->top >= count)
        lv->top = 0;
    keep_visible(lv);
    lv->full = true;
}

void listview_select(struct listview *lv, size_t i)
{
    if (lv->count == 0)
        return;
    lv->sel = i < lv->count ? i : lv->count - 1;
    keep_visible(lv);
}

bool listview_move(struct listview *lv, int dy, int dx)
{
    if (lv->count == 0)
        return false;
    long cols = lv->cols;
    long sel = (long)lv->sel;
    long to = sel + dx + dy * cols;
    if (dx != 0 && (to < 0 || to / cols != sel / cols))
        return false; /* left and right stay on their line */
    if (to < 0) {
        if (sel == 0)
            return false;
        to = sel % cols; /* up from the first line: its first line */
        to = 0 > to ? 0 : to;
    }
    if (to >= (long)lv->count) {
        /* Down past the end: to the last item, if that is further on. */
        if (dy > 0 && (long)lv->count - 1 > sel &&
            ((long)lv->count - 1) / cols > sel / cols)
            to = (long)lv->count - 1;
        else
            return false;
    }
    if (to == sel)
        return false;
    lv->sel = (size_t)to;
    keep_visible(lv);
    return true;
}

bool listview_only_selection(const struct listview *lv)
{
    return !lv->full && lv->top == lv->drawn_top;
}

static void item_at(const struct listview *lv, size_t i, int *y, int *x,
                    int *w)
{
    size_t rel = i - lv->top;
    int cols = lv->cols;
    int cw = lv->w / cols;
    *y = lv->y + (int)(rel / (size_t)cols) * lv->item_h;
    *x = lv->x + (int)(rel % (size_t)cols) * cw;
    *w = (int)(rel % (size_t)cols) == cols - 1 ? lv->w - cw * (cols - 1) : cw;
}

static bool on_screen(const struct listview *lv, size_t i)
{
    return i >= lv->top && i < lv->top + listview_visible(lv) && i < lv->count;
}

int listview_draw(struct listview *lv, WINDOW *win, bool full,
                  listview_draw_fn draw, void *ctx)
{
    int y, x, w;
    if (full || !listview_only_selection(lv)) {
        /* Blank the area, then every visible item. */
        for (int r = 0; r < lv->h; r++) {
            wmove(win, lv->y + r, lv->x);
            for (int c = 0; c < lv->w; c++)
                waddch(win, ' ');
        }
        for (size_t i = lv->top; on_screen(lv, i); i++) {
            item_at(lv, i, &y, &x, &w);
            draw(win, y, x, lv->item_h, w, i, i == lv->sel, ctx);
        }
    } else if (lv->drawn_sel != lv->sel) {
        if (on_screen(lv, lv->drawn_sel)) {
            item_at(lv, lv->drawn_sel, &y, &x, &w);
            draw(win, y, x, lv->item_h, w, lv->drawn_sel, false, ctx);
        }
        if (on_screen(lv, lv->sel)) {
            item_at(lv, lv->sel, &y, &x, &w);
            draw(win, y, x, lv->item_h, w, lv->sel, true, ctx);
        }
    }
    lv->drawn_sel = lv->sel;
    lv->drawn_top = lv->top;
    lv->full = false;
    if (!on_screen(lv, lv->sel))
        return -1;
    item_at(lv, lv->sel, &y, &x, &w);
    return y;
}

bool listview_act(struct listview *lv, enum action act, unsigned *dirty)
{
    bool moved;
    switch (act) {
    case ACT_UP:
        moved = listview_move(lv, -1, 0);
        break;
    case ACT_DOWN:
        moved = listview_move(lv, 1, 0);
        break;
    case ACT_LEFT:
        moved = listview_move(lv, 0, -1);
        break;
    case ACT_RIGHT:
        moved = listview_move(lv, 0, 1);
        break;
    case ACT_HOME:
    case ACT_END: {
        size_t was = lv->sel;
        listview_select(lv, act == ACT_HOME || !lv->count ? 0 : lv->count - 1);
        moved = lv->sel != was;
        break;
    }
    default:
        return false;
    }
    if (moved)
        *dirty |= listview_only_selection(lv) ? DIRTY_SELECTION : DIRTY_ALL;
    return true;
}

long listview_hit(const struct listview *lv, int y, int x)
{
    if (y < lv->y || x < lv->x || x >= lv->x + lv->w || lv->count == 0)
        return -1;
    int line = (y - lv->y) / lv->item_h;
    if ((size_t)line >= lines_visible(lv) || (y - lv->y) >= lv->h)
        return -1;
    int cw = lv->w / lv->cols;
    int col = cw > 0 ? (x - lv->x) / cw : 0;
    if (col >= lv->cols)
        col = lv->cols - 1; /* the last column takes the remainder */
    size_t i = lv->top + (size_t)line * (size_t)lv->cols + (size_t)col;
    return on_screen(lv, i) ? (long)i : -1;
}

enum lv_mouse listview_mouse(struct listview *lv, const struct ui_mouse *ev,
                             unsigned *dirty)
{
    if (ev->kind == UM_WHEEL_UP || ev->kind == UM_WHEEL_DOWN) {
        int lines = MOUSE_WHEEL_LINES / lv->item_h;
        if (lines < 1)
            lines = 1;
        if (listview_move(lv, ev->kind == UM_WHEEL_UP ? -lines : lines, 0))
            *dirty |= listview_only_selection(lv) ? DIRTY_SELECTION
                                                  : DIRTY_ALL;
        return LVM_MOVED;
    }
    long i = listview_hit(lv, ev->y, ev->x);
    if (i < 0)
        return LVM_NONE;
    if ((size_t)i != lv->sel) {
        listview_select(lv, (size_t)i);
        *dirty |= listview_only_selection(lv) ? DIRTY_SELECTION : DIRTY_ALL;
    }
    return ev->kind == UM_DOUBLE ? LVM_OPEN : LVM_MOVED;
}

enum ui_result listview_pane_mouse(struct listview *lv, struct pane *p,
                                   struct app *a, const struct ui_mouse *ev,
                                   enum ui_result (*action)(struct pane *,
                                                            struct app *,
                                                            enum action))
{
    switch (listview_mouse(lv, ev, &p->dirty)) {
    case LVM_OPEN:
        return action(p, a, ACT_OPEN);
    case LVM_MOVED:
        return UI_DONE;
    default:
        return UI_PASS;
    }
}
