/* show — one record for a person: "label: value" rows of sanitised text,
 * prices in dollars, times local. */
#ifndef INVENTUI_CLIENT_CLI_SHOW_H
#define INVENTUI_CLIENT_CLI_SHOW_H

#include "client/api_admin.h"
#include "model/order.h"
#include "model/product.h"

/* "label" padded, then the sanitised value, on stdout. */
void show_row(const char *label, const char *value);
void show_product(const struct product *p);
void show_order(const struct order *o);
void show_dlq_message(const struct dlq_message *m);

#endif
