/* choice — a small overlay to pick one of a few values (a category, a
 * status): Up/Down move, Enter takes, Esc leaves it as it was. */
#ifndef INVENTUI_UI_PANES_CHOICE_H
#define INVENTUI_UI_PANES_CHOICE_H

#include <stddef.h>

#include "ui/pane.h"

struct app;

/* options: n labels (copied); current: the one selected at first.
 * chosen(asker, app, index) runs on Enter. */
struct pane *choice_pane_new(struct pane *asker, const char *title,
                             const char *const *options, size_t n,
                             size_t current,
                             void (*chosen)(struct pane *, struct app *,
                                            size_t));

#endif
