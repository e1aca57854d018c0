/* The order confirmation mail: the seed's money and date formats. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "model/order.h"
#include "server/queue/confirm_mail.h"
#include "unit/suites.h"

START_TEST(money_and_date)
{
    char buf[96];
    confirm_mail_money(7999, buf, sizeof buf);
    ck_assert_str_eq(buf, "$79.99");
    confirm_mail_money(5, buf, sizeof buf);
    ck_assert_str_eq(buf, "$0.05");
    confirm_mail_money(1000000, buf, sizeof buf);
    ck_assert_str_eq(buf, "$10000.00");
    /* 2024-01-15T14:00:00Z */
    confirm_mail_date(1705327200000LL, buf, sizeof buf);
    ck_assert_str_eq(buf, "Monday, January 15, 2024, 2:00 PM");
    confirm_mail_date(1705276800000LL, buf, sizeof buf); /* midnight */
    ck_assert_str_eq(buf, "Monday, January 15, 2024, 12:00 AM");
    confirm_mail_date(1705320000000LL, buf, sizeof buf); /* noon */
    ck_assert_str_eq(buf, "Monday, January 15, 2024, 12:00 PM");
}
END_TEST

START_TEST(body_in_the_seed_format)
{
    struct order o = {0};
    strcpy(o.id, "660e8400-e29b-41d4-a716-446655440001");
    o.product_name = (char *)"Wireless Keyboard";
    o.quantity = 2;
    o.price_per_unit = 7999;
    o.total_amount = 15998;
    o.created_at = 1705327200000LL;
    char *subject = confirm_mail_subject(&o);
    ck_assert_str_eq(subject,
                     "Order Confirmation - #660e8400-e29b-41d4-a716-446655440001");
    char *body = confirm_mail_body(&o);
    const char *want[] = {
        "ORDER CONFIRMATION\n",
        "Thank you for your purchase!\n",
        "ORDER DETAILS\n",
        "Order ID:    660e8400-e29b-41d4-a716-446655440001\n",
        "Date:        Monday, January 15, 2024, 2:00 PM\n",
        "ITEMS\n",
        "Wireless Keyboard\nQuantity:    2\nUnit Price:  $79.99\n"
        "Total:       $159.98\n",
        "SUMMARY\n",
        "Total Amount: $159.98\nStatus:       CONFIRMED\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_msg(strstr(body, want[i]), "missing \"%s\"", want[i]);
    free(subject);
    free(body);
}
END_TEST

Suite *suite_confirm_mail(void)
{
    Suite *s = suite_create("confirm_mail");
    TCase *tc = tcase_create("confirm_mail");
    tcase_add_test(tc, money_and_date);
    tcase_add_test(tc, body_in_the_seed_format);
    suite_add_tcase(s, tc);
    return s;
}
