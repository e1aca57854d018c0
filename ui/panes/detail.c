/* PLACEHOLDER (phase 1 only): see placeholder.h; replaced by its branch. */
#include "ui/panes/panes.h"
#include "ui/panes/placeholder.h"

struct pane *detail_pane_new(struct app *a, const struct product *p)
{
    (void)a;
    (void)p;
    return placeholder_pane_new(PK_DETAIL, "Detail (branch p-detail)");
}
