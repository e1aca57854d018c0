/* pagebar — the first line of a paged list: what it shows and its filters,
 * which page, how many items, and, when the data came from the offline
 * cache, OFFLINE with its age. One look for every list pane. */
#ifndef INVENTUI_UI_WIDGETS_PAGEBAR_H
#define INVENTUI_UI_WIDGETS_PAGEBAR_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pagebar {
    const char *what;   /* "Orders · CONFIRMED" (raw: sanitised here) */
    bool loaded;        /* false: no page yet (only `what` is drawn) */
    size_t page;        /* from 0 */
    bool last;          /* no next page */
    size_t count;       /* items on this page */
    int64_t cached_at;  /* epoch ms the cached data was fetched; 0: live */
};

/* Draws the line on row y of win, w columns wide. */
void pagebar_draw(WINDOW *win, int y, int w, const struct pagebar *b);

#endif
