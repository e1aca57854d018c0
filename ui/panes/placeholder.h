/* PLACEHOLDER (phase 1 only): a pane that says it is not built yet.
 * Branches p-signin, p-detail, p-orders and p-dlq replace every user of
 * it and delete this file and placeholder.c; on a merge conflict keep
 * those branches' versions. */
#ifndef INVENTUI_UI_PANES_PLACEHOLDER_H
#define INVENTUI_UI_PANES_PLACEHOLDER_H

#include "ui/pane.h"

struct pane *placeholder_pane_new(enum pane_kind kind, const char *what);

#endif
