/* PLACEHOLDER (phase 1 only): see placeholder.h; replaced by its branch. */
#include "ui/panes/panes.h"
#include "ui/panes/placeholder.h"

struct pane *orders_pane_new(struct app *a)
{
    (void)a;
    return placeholder_pane_new(PK_ORDERS, "Orders (branch p-orders)");
}
