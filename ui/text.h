/* text — UTF-8 text measured, cut and wrapped by display width (wcwidth),
 * so wide characters and combining marks never break a column. Widths and
 * cutting are common/textwidth.h (the command line's tables use them
 * too); wrapping is here. Callers pass text that is already sanitised
 * (common/sanitize.h). */
#ifndef INVENTUI_UI_TEXT_H
#define INVENTUI_UI_TEXT_H

#include <stddef.h>

#include "common/textwidth.h"

/* Splits s into lines of at most width columns, breaking at spaces where
 * it can; returns the number of lines and sets (*lines)[i] (caller frees
 * each and the array). */
size_t text_wrap(const char *s, int width, char ***lines);
void text_lines_free(char **lines, size_t n);

#endif
