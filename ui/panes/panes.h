/* panes — the constructors of every pane (one file each in ui/panes/).
 * Each returns a pane the caller hands to app_push() (or keeps as a
 * tab); the pane frees itself through its ops' destroy. */
#ifndef INVENTUI_UI_PANES_PANES_H
#define INVENTUI_UI_PANES_PANES_H

#include "client/ops.h"
#include "model/order.h"
#include "model/product.h"
#include "ui/pane.h"

struct app;

/* The first screen: "starting…" while the saved session is looked at;
 * its answer goes to arrived (the app decides what comes next). */
struct pane *boot_pane_new(struct app *a,
                           void (*arrived)(struct pane *, struct app *,
                                           struct op *));
/* Signing in (email and masked password; new password; sign-up and
 * confirmation). email and password prefill the fields (may be NULL). */
struct pane *signin_pane_new(struct app *a, const char *email,
                             const char *password);
/* The tabs. */
struct pane *products_pane_new(struct app *a);
struct pane *orders_pane_new(struct app *a);
struct pane *dlq_pane_new(struct app *a);
/* One product: description, stock, dates; `o` orders, `e`/`d` for
 * admins. p is copied. */
struct pane *detail_pane_new(struct app *a, const struct product *p);
/* The order form over a product's detail: quantity with a live total,
 * confirmation, one Idempotency-Key for every try. p is copied. */
struct pane *order_form_new(struct app *a, const struct product *p);
/* Adding (p NULL) or editing a product. */
struct pane *product_form_new(struct app *a, const struct product *p);
/* One order by id (fetched), with cancel. */
struct pane *order_pane_new(struct app *a, const char *order_id);
/* One DLQ message in full (ids, attempts, dates, last error, the body as
 * pretty JSON), scrollable, with redrive, delete and go-to-order. m is
 * copied; cached_at and fetched_at are the list's (epoch ms; cached_at 0:
 * the list's copy is live), so that offline the view says how old it is. */
struct pane *dlq_message_pane_new(struct app *a, const struct dlq_message *m,
                                  int64_t cached_at, int64_t fetched_at);
/* The keys of every action offered in a pane of kind `from`. */
struct pane *help_pane_new(struct app *a, enum pane_kind from);
/* The `:` command line over the footer (ui/cmdline.h has the commands);
 * search: start in the history's reverse search (Ctrl-R). */
struct pane *cmdline_pane_new(struct app *a, bool search);
/* The products tab applies a search as if typed after `/` (NULL or ""
 * clears it) and shows its first page. */
void products_pane_search(struct pane *p, struct app *a, const char *text);
/* The products tab shows category i of PRODUCT_CATEGORIES (-1: every
 * one), from its first page; with ask, it lets the user choose instead. */
void products_pane_category(struct pane *p, struct app *a, int i, bool ask);
/* The orders on the orders tab's page (borrowed, valid until the tab
 * gets another page); *n of them. */
const struct order *orders_pane_items(struct pane *p, size_t *n);
/* "Really …?" with y / n (app_confirm makes it). */
struct pane *confirm_pane_new(struct pane *asker, const char *question,
                              void (*yes)(struct pane *, struct app *, void *),
                              void *arg);

#endif
