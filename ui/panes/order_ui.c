/* What the orders list and the order view share: short ids, cancelling
 * with a confirmation, and the polling backoff (see order_ui.h). */
#include "ui/panes/order_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "ui/app.h"

void order_ui_short_id(const char *id, char out[ORDER_UI_SHORT_ID])
{
    size_t n = id ? strnlen(id, ORDER_UI_SHORT_ID - 1) : 0;
    memcpy(out, id ? id : "", n);
    out[n] = '\0';
}

int64_t order_ui_backoff(int64_t ms)
{
    if (ms < ORDER_UI_POLL_FIRST_MS)
        return ORDER_UI_POLL_FIRST_MS;
    ms *= 2;
    return ms > ORDER_UI_POLL_MAX_MS ? ORDER_UI_POLL_MAX_MS : ms;
}

bool order_ui_cancellable(const char *status)
{
    return !strcmp(status, "PENDING") || !strcmp(status, "CONFIRMED");
}

/* `y`: arg is the order's id (the dialog frees it). */
static void cancel_yes(struct pane *asker, struct app *a, void *arg)
{
    struct op *o = op_new(OP_ORDER_CANCEL);
    o->id = xstrdup(arg);
    app_submit(a, asker, o, true);
}

void order_ui_cancel_ask(struct app *a, struct pane *asker,
                         const struct order *o)
{
    char sid[ORDER_UI_SHORT_ID];
    order_ui_short_id(o->id, sid);
    if (!order_ui_cancellable(o->status)) {
        app_message(a, ROLE_WARNING,
                    "Order %s is %s; only PENDING or CONFIRMED can be "
                    "cancelled.",
                    sid, o->status);
        return;
    }
    char total[32];
    format_price(o->total_amount, total, sizeof total);
    struct strbuf q = {0};
    if (o->product_name && *o->product_name)
        strbuf_printf(&q, "Cancel order %s (%lld × %s, %s)?", sid,
                      o->quantity, o->product_name, total);
    else
        strbuf_printf(&q, "Cancel order %s (%lld × product %.8s, %s)?", sid,
                      o->quantity, o->product_id, total);
    /* The confirmation sanitises what it draws. */
    app_confirm(a, asker, q.buf, cancel_yes, xstrdup(o->id));
    strbuf_free(&q);
}

enum order_ui_cancel order_ui_cancel_result(struct app *a,
                                            const struct op *o,
                                            char status[16])
{
    char sid[ORDER_UI_SHORT_ID];
    order_ui_short_id(o->id, sid);
    status[0] = '\0';
    if (o->cancelled) {
        /* A write: the server may have done it before the request
         * stopped. */
        app_message(a, ROLE_WARNING,
                    "Order %s: stopped waiting; r shows if the cancel went "
                    "through.",
                    sid);
        return ORDER_UI_FAILED;
    }
    if (o->res.rc == API_OK) {
        app_message(a, ROLE_OK, "Order %s cancelled.", sid);
        app_stale(a, TAB_PRODUCTS);
        return ORDER_UI_CANCELLED;
    }
    if (o->res.status == 409) {
        const cJSON *st = o->res.details
                              ? cJSON_GetObjectItemCaseSensitive(
                                    o->res.details, "status")
                              : NULL;
        if (cJSON_IsString(st) && st->valuestring[0]) {
            snprintf(status, 16, "%s", st->valuestring);
            app_message(a, ROLE_WARNING,
                        "Order %s cannot be cancelled: it is %s now.", sid,
                        status);
        } else {
            app_message(a, ROLE_WARNING,
                        "Order %s cannot be cancelled any more.", sid);
        }
        return ORDER_UI_REFUSED;
    }
    if (o->res.status == 404) {
        app_message(a, ROLE_ERROR, "Order %s no longer exists.", sid);
        return ORDER_UI_FAILED;
    }
    app_op_failed(a, o);
    return ORDER_UI_FAILED;
}
