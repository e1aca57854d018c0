#include "ui/widgets/pagebar.h"

#include <stdio.h>

#include "client/format.h"
#include "common/timeutil.h"
#include "ui/draw.h"

void pagebar_draw(WINDOW *win, int y, int w, const struct pagebar *b)
{
    draw_fill(win, y, 0, w, ROLE_NORMAL);
    char line[512];
    if (b->loaded)
        snprintf(line, sizeof line, "%s · page %zu%s · %zu shown", b->what,
                 b->page + 1, b->last ? " (last)" : "", b->count);
    else
        snprintf(line, sizeof line, "%s", b->what);
    int used = draw_text(win, y, 1, w - 2, ROLE_TITLE, line, 0);
    if (b->cached_at) {
        char age[32], note[64];
        format_age(time_now_ms() - b->cached_at, age, sizeof age);
        snprintf(note, sizeof note, "  OFFLINE: cached %s ago", age);
        draw_text(win, y, 1 + used, w - 2 - used, ROLE_WARNING, note, 0);
    }
}
