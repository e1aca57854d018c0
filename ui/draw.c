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

void draw_frame(WINDOW *win, const char *title)
{
    /* The wide-character set: real line-drawing characters in a UTF-8
     * locale, which copy and paste and screen readers read as lines. */
    wattrset(win, theme_attr(ROLE_BORDER));
    box_set(win, WACS_VLINE, WACS_HLINE);
    wattrset(win, A_NORMAL);
    if (title && *title) {
        int w = getmaxx(win);
        mvwaddch(win, 0, 2, ' ');
        int used = draw_text(win, 0, 3, w - 6, ROLE_TITLE, title, 0);
        mvwaddch(win, 0, 3 + used, ' ');
    }
}
