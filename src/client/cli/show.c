#include "client/cli/show.h"

#include <stdio.h>
#include <stdlib.h>

#include "client/cli/colour.h"
#include "client/format.h"
#include "common/sanitize.h"

/* A row whose value stands out on a terminal (a status, low stock). */
static void show_row_role(const char *label, const char *value,
                          enum colour_role role)
{
    char *s = sanitize_text(value);
    if (role != COLOUR_NORMAL && colour_on(stdout))
        printf("%-14s %s%s%s\n", label, colour_start(role), s, colour_end());
    else
        printf("%-14s %s\n", label, s);
    free(s);
}

void show_row(const char *label, const char *value)
{
    show_row_role(label, value, COLOUR_NORMAL);
}

void show_product(const struct product *p)
{
    char price[32], qty[48], created[64], updated[64];
    format_price(p->price, price, sizeof price);
    enum colour_role stock;
    const char *badge = colour_stock(p->quantity, &stock);
    snprintf(qty, sizeof qty, "%lld%s", p->quantity,
             !*badge                ? ""
             : p->quantity <= 0     ? " (out of stock)"
                                    : " (low stock)");
    format_time(p->created_at, 1, created, sizeof created);
    format_time(p->updated_at, 1, updated, sizeof updated);
    show_row("id:", p->id);
    show_row("name:", p->name);
    show_row("category:", p->category);
    show_row("price:", price);
    show_row_role("quantity:", qty, stock);
    show_row("sku:", p->sku);
    show_row("image:", p->image_url ? p->image_url : "-");
    show_row("created:", created);
    show_row("updated:", updated);
    show_row("created by:", p->created_by ? p->created_by : "-");
    show_row("description:", p->description);
}

void show_order(const struct order *o)
{
    char unit[32], total[32], qty[32], created[64], updated[64];
    format_price(o->price_per_unit, unit, sizeof unit);
    format_price(o->total_amount, total, sizeof total);
    snprintf(qty, sizeof qty, "%lld", o->quantity);
    format_time(o->created_at, 1, created, sizeof created);
    format_time(o->updated_at, 1, updated, sizeof updated);
    show_row("id:", o->id);
    show_row_role("status:", o->status, colour_status(o->status));
    show_row("product:", o->product_name);
    show_row("product id:", o->product_id);
    show_row("quantity:", qty);
    show_row("unit price:", unit);
    show_row("total:", total);
    show_row("ordered by:", o->user_email[0] ? o->user_email : "-");
    show_row("created:", created);
    show_row("updated:", updated);
}

void show_dlq_message(const struct dlq_message *m)
{
    char receives[32], first[64], moved[64];
    snprintf(receives, sizeof receives, "%lld", m->receive_count);
    format_time(m->first_failed_at, 1, first, sizeof first);
    format_time(m->moved_at, 1, moved, sizeof moved);
    show_row("message id:", m->message_id);
    show_row("order id:", m->order_id[0] ? m->order_id : "-");
    show_row("receives:", receives);
    show_row("last error:", m->last_error[0] ? m->last_error : "-");
    show_row("first failed:", first);
    show_row("moved to DLQ:", moved);
    show_row("body:", m->body);
}
