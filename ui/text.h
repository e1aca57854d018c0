/* text — UTF-8 text measured and cut by display width (wcwidth), so wide
 * characters and combining marks never break a column. Callers pass text
 * that is already sanitised (common/sanitize.h): nothing here lets a
 * control character through, but nothing here replaces one either. */
#ifndef INVENTUI_UI_TEXT_H
#define INVENTUI_UI_TEXT_H

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
/* Splits s into lines of at most width columns, breaking at spaces where
 * it can; returns the number of lines and sets (*lines)[i] (caller frees
 * each and the array). */
size_t text_wrap(const char *s, int width, char ***lines);
void text_lines_free(char **lines, size_t n);

#endif
