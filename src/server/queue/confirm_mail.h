/* confirm_mail — the order confirmation mail in the seed's text format
 * (the SNS message of the deployed system): subject, order details, the
 * item, the summary. Times are printed in UTC. */
#ifndef INVENTUI_SERVER_QUEUE_CONFIRM_MAIL_H
#define INVENTUI_SERVER_QUEUE_CONFIRM_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct order;

/* "Order Confirmation - #<orderId>" (caller frees). */
char *confirm_mail_subject(const struct order *o);
/* The body, with Status: CONFIRMED (caller frees). */
char *confirm_mail_body(const struct order *o);
/* Cents as "$79.99" into out. */
void confirm_mail_money(long long cents, char *out, size_t size);
/* Epoch ms as "Monday, January 15, 2024, 2:00 PM" (UTC) into out. */
void confirm_mail_date(int64_t ms, char *out, size_t size);

#endif
