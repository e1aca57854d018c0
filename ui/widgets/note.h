/* note — a sentence a pane keeps to show (a form's refusal, the outcome
 * of a request) and the role it is drawn in. */
#ifndef INVENTUI_UI_WIDGETS_NOTE_H
#define INVENTUI_UI_WIDGETS_NOTE_H

#include "ui/theme.h"

struct note {
    char *text; /* owned; NULL when there is nothing to say */
    enum theme_role role;
};

/* Replaces the sentence (formatted as printf does). */
void note_set(struct note *n, enum theme_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Takes the sentence away (and frees it). */
void note_clear(struct note *n);

#endif
