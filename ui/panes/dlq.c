/* PLACEHOLDER (phase 1 only): see placeholder.h; replaced by its branch. */
#include "ui/panes/panes.h"
#include "ui/panes/placeholder.h"

struct pane *dlq_pane_new(struct app *a)
{
    (void)a;
    return placeholder_pane_new(PK_DLQ, "DLQ (branch p-dlq)");
}
