/* online — the TUI when the API goes away and comes back. Every answer
 * tells it whether the API is there: one from the offline cache, or
 * none, makes the status line and every pane say OFFLINE with the age of
 * what they show; a probe (OP_HEALTH: GET /health, and the session
 * renewed if it expired meanwhile) then goes out in the background 1 s,
 * 2 s, 4 s … at most 30 s apart, and the first answer from the API makes
 * it ONLINE again and fetches the visible pane afresh (the other tabs
 * when next shown). While offline a write is refused at once, in one
 * sentence, and nothing is queued for later. Online, [ui]
 * refresh_seconds fetches the visible pane again in the background
 * (pane_ops.refetch: the selection and scroll position stay, nothing is
 * drawn when nothing changed). */
#ifndef INVENTUI_UI_ONLINE_H
#define INVENTUI_UI_ONLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "client/ops.h"
#include "ui/actions.h"

struct app;
struct pane;

/* What a write gets while the API cannot be reached. */
#define ONLINE_REFUSED "The API cannot be reached: nothing was changed."
/* res.code of an op refused for that reason. */
#define ONLINE_REFUSED_CODE "OFFLINE"
/* The probe's backoff. */
#define ONLINE_PROBE_FIRST_MS 1000
#define ONLINE_PROBE_MAX_MS 30000

/* An answer came (o is not taken; p is the pane it goes to next, or
 * NULL): notes whether the API is there and acts on a change (OFFLINE:
 * the marks, the probe; ONLINE: the visible pane fetched again, the
 * other tabs marked stale). Not for the sign-in family's ops. */
void online_answer(struct app *a, struct pane *p, const struct op *o);
/* True when o (about to be submitted) is a write and the API cannot be
 * reached: o then holds its answer (API_UNREACHABLE, ONLINE_REFUSED) and
 * goes straight back to its pane; a probe goes out soon. */
bool online_refuse_op(struct app *a, struct op *o);
/* True when act writes and the API cannot be reached: the footer says
 * ONLINE_REFUSED, the action does not run, a probe goes out soon. */
bool online_refuse_action(struct app *a, enum action act);
/* A person waits for a request: a probe in flight gives way (the
 * request tells as much). */
void online_foreground(struct app *a);
/* After a sign-in: the background refresh starts counting. */
void online_start(struct app *a);
/* When online_tick wants to run next (monotonic ms), 0: never. */
int64_t online_due(const struct app *a);
/* Sends the probe, or refreshes the visible pane, when it is time. */
void online_tick(struct app *a, int64_t now_ms);
/* The status line's clock ticked: while offline the panes' marks are
 * drawn again, so their ages stay right. */
void online_clock(struct app *a);

#endif
