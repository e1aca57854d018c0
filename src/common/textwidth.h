/* textwidth — UTF-8 text measured and cut by display width (wcwidth), so
 * wide characters and combining marks never break a column: the TUI's
 * drawing (ui/text.h adds wrapping) and the command line's tables use
 * the same rules. Callers pass text that is already sanitised
 * (common/sanitize.h): nothing here lets a control character through,
 * but nothing here replaces one either. */
#ifndef INVENTUI_COMMON_TEXTWIDTH_H
#define INVENTUI_COMMON_TEXTWIDTH_H

#include <stddef.h>

/* Columns s takes on a terminal (unprintables count as 1, combining marks
 * as 0). Needs setlocale(LC_CTYPE, "") with a UTF-8 locale. */
int text_width(const char *s);
/* Bytes of s that fit in width columns (never splitting a character or
 * separating a combining mark from its base); *used gets their width. */
size_t text_fit(const char *s, int width, int *used);
/* A copy of s cut to width columns, ending in "…" when it was cut.
 * Caller frees. */
char *text_cut(const char *s, int width);

#endif
