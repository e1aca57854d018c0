#include "server/queue/confirm_mail.h"

#include <stdio.h>
#include <time.h>

#include "common/strbuf.h"
#include "model/order.h"

#define RULE_HEAVY "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━"
#define RULE_LIGHT "───────────────────────────────────────"

void confirm_mail_money(long long cents, char *out, size_t size)
{
    const char *sign = cents < 0 ? "-" : "";
    unsigned long long v = cents < 0 ? 0ULL - (unsigned long long)cents
                                     : (unsigned long long)cents;
    snprintf(out, size, "%s$%llu.%02llu", sign, v / 100, v % 100);
}

void confirm_mail_date(int64_t ms, char *out, size_t size)
{
    /* Names fixed here: strftime's %A/%B would follow the locale. */
    static const char *const DAYS[] = {"Sunday", "Monday", "Tuesday",
                                       "Wednesday", "Thursday", "Friday",
                                       "Saturday"};
    static const char *const MONTHS[] = {
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    int h12 = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
    snprintf(out, size, "%s, %s %d, %d, %d:%02d %s", DAYS[tm.tm_wday],
             MONTHS[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900, h12,
             tm.tm_min, tm.tm_hour < 12 ? "AM" : "PM");
}

char *confirm_mail_subject(const struct order *o)
{
    struct strbuf sb = {0};
    strbuf_printf(&sb, "Order Confirmation - #%s", o->id);
    return strbuf_detach(&sb, NULL);
}

char *confirm_mail_body(const struct order *o)
{
    char date[96], unit[32], total[32];
    confirm_mail_date(o->created_at, date, sizeof date);
    confirm_mail_money(o->price_per_unit, unit, sizeof unit);
    confirm_mail_money(o->total_amount, total, sizeof total);
    struct strbuf sb = {0};
    strbuf_printf(&sb,
                  RULE_HEAVY "\n"
                  "         ORDER CONFIRMATION\n"
                  RULE_HEAVY "\n"
                  "\n"
                  "Thank you for your purchase!\n"
                  "\n"
                  "ORDER DETAILS\n"
                  RULE_LIGHT "\n"
                  "Order ID:    %s\n"
                  "Date:        %s\n"
                  "\n"
                  "ITEMS\n"
                  RULE_LIGHT "\n"
                  "%s\n"
                  "Quantity:    %lld\n"
                  "Unit Price:  %s\n"
                  "Total:       %s\n"
                  "\n"
                  "SUMMARY\n"
                  RULE_LIGHT "\n"
                  "Total Amount: %s\n"
                  "Status:       CONFIRMED\n"
                  "\n"
                  RULE_HEAVY "\n",
                  o->id, date, o->product_name ? o->product_name : "",
                  o->quantity, unit, total, total);
    return strbuf_detach(&sb, NULL);
}
