#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>

#include "common/sanitize.h"
#include "ui/text.h"

void draw_fill(WINDOW *win, int y, int x, int w, enum theme_role role)
{
    if (w <= 0)
        return;
    wattrset(win, theme_attr(role));
    mvwhline(win, y, x, ' ', w);
    wattrset(win, A_NORMAL);
}

int draw_text_attr(WINDOW *win, int y, int x, int w, enum theme_role role,
                   attr_t extra, const char *s, int pad)
{
    if (w <= 0)
        return 0;
    char *clean = sanitize_text(s);
    char *cut = text_cut(clean, w);
    int used = text_width(cut);
    wattrset(win, theme_attr(role) | extra);
    mvwaddstr(win, y, x, cut);
    if (pad && used < w)
        mvwhline(win, y, x + used, ' ', w - used);
    wattrset(win, A_NORMAL);
    free(cut);
    free(clean);
    return used;
}

int draw_text(WINDOW *win, int y, int x, int w, enum theme_role role,
              const char *s, int pad)
{
    return draw_text_attr(win, y, x, w, role, 0, s, pad);
}

int draw_text_right(WINDOW *win, int y, int x_end, int w,
                    enum theme_role role, const char *s)
{
    char *clean = sanitize_text(s);
    int tw = text_width(clean);
    if (tw > w)
        tw = w;
    free(clean);
    return draw_text(win, y, x_end - tw, tw, role, s, 0);
}

void draw_box(WINDOW *win, int y, int x, int h, int w, const char *title)
{
    if (h < 2 || w < 2)
        return;
    /* The wide-character set: real line-drawing characters in a UTF-8
     * locale, which copy and paste and screen readers read as lines. */
    wattrset(win, theme_attr(ROLE_BORDER));
    mvwhline_set(win, y, x + 1, WACS_HLINE, w - 2);
    mvwhline_set(win, y + h - 1, x + 1, WACS_HLINE, w - 2);
    mvwvline_set(win, y + 1, x, WACS_VLINE, h - 2);
    mvwvline_set(win, y + 1, x + w - 1, WACS_VLINE, h - 2);
    mvwadd_wch(win, y, x, WACS_ULCORNER);
    mvwadd_wch(win, y, x + w - 1, WACS_URCORNER);
    mvwadd_wch(win, y + h - 1, x, WACS_LLCORNER);
    mvwadd_wch(win, y + h - 1, x + w - 1, WACS_LRCORNER);
    wattrset(win, A_NORMAL);
    if (title && *title && w > 8) {
        mvwaddch(win, y, x + 2, ' ');
        int used = draw_text(win, y, x + 3, w - 6, ROLE_TITLE, title, 0);
        mvwaddch(win, y, x + 3 + used, ' ');
    }
}

void draw_frame(WINDOW *win, const char *title)
{
    draw_box(win, 0, 0, getmaxy(win), getmaxx(win), title);
}
