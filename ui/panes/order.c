/* PLACEHOLDER (phase 1 only): see placeholder.h; replaced by its branch. */
#include "ui/panes/panes.h"
#include "ui/panes/placeholder.h"

struct pane *order_pane_new(struct app *a, const char *order_id)
{
    (void)a;
    (void)order_id;
    return placeholder_pane_new(PK_ORDER, "Order (branch p-orders)");
}
