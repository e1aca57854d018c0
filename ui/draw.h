/* draw — putting text into a curses window the safe way: sanitised
 * (common/sanitize.h: nothing from the network moves the cursor, changes
 * the title or clears the screen), cut to a width in display columns and
 * drawn in a theme role. */
#ifndef INVENTUI_UI_DRAW_H
#define INVENTUI_UI_DRAW_H

#include <curses.h>

#include "ui/theme.h"

/* Draws s (raw: sanitised here) at (y, x) in at most w columns, cut with
 * "…", in role; pads with spaces to w when pad. Returns the columns
 * used. */
int draw_text(WINDOW *win, int y, int x, int w, enum theme_role role,
              const char *s, int pad);
/* Like draw_text with extra attributes (e.g. A_BOLD) over the role's. */
int draw_text_attr(WINDOW *win, int y, int x, int w, enum theme_role role,
                   attr_t extra, const char *s, int pad);
/* Draws s right-aligned so it ends at column x_end (exclusive). */
int draw_text_right(WINDOW *win, int y, int x_end, int w,
                    enum theme_role role, const char *s);
/* Fills w columns at (y, x) with spaces in role. */
void draw_fill(WINDOW *win, int y, int x, int w, enum theme_role role);
/* A box of h rows and w columns at (y, x) in the border role, with a
 * title in its top edge (NULL: none). */
void draw_box(WINDOW *win, int y, int x, int h, int w, const char *title);
/* A box around the window's edge in the border role, with a title. */
void draw_frame(WINDOW *win, const char *title);

#endif
