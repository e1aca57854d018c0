/* The order pipeline against a real server: the worker confirms an order
 * and mails the seed's confirmation once; failing confirmations are
 * retried and end in the DLQ with an admin alert; the DLQ survives a
 * restart; a redrive confirms; redelivery and a crash between mail and
 * commit (for one message or a half-mailed batch) never mail twice nor
 * lose a mail; a malformed message goes straight to the DLQ. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "integration/suites.h"
#include "support/shop.h"
#include "support/testsrv.h"

static const char PW[] = "Passw0rdX";

static void touch(const char *dir, const char *name, time_t age_s)
{
    char path[512];
    snprintf(path, sizeof path, "%s/data/mail/%s", dir, name);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("x", fp);
    fclose(fp);
    struct timespec t[2] = {{time(NULL) - age_s, 0}, {time(NULL) - age_s, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, t, 0), 0);
}

static bool exists(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/data/mail/%s", dir, name);
    return access(path, F_OK) == 0;
}

static void assert_contains(const char *text, const char *want)
{
    ck_assert_msg(strstr(text, want) != NULL, "missing \"%s\" in:\n%s", want,
                  text);
}

START_TEST(order_is_confirmed_and_mailed_once)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    /* Products are written by an admin; the buyer only orders. */
    char *ops = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *pid = shop_product(&s, ops, "Wireless Keyboard", 7999);
    free(ops);
    char *oid = shop_order(&s, tok, pid, 2);
    ck_assert_msg(shop_wait_status(&s, tok, oid, "CONFIRMED", 5000),
                  "order %s not confirmed", oid);
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), 1);
    ck_assert_int_eq(shop_mail_count(&s, ""), 1);
    char *mail = shop_mail_text(&s, "order-confirmation-");
    char want[200];
    snprintf(want, sizeof want, "Subject: Order Confirmation - #%s\r\n", oid);
    assert_contains(mail, want);
    assert_contains(mail, "To: buyer@example.com\r\n");
    assert_contains(mail, "ORDER CONFIRMATION");
    snprintf(want, sizeof want, "Order ID:    %s\r\n", oid);
    assert_contains(mail, want);
    assert_contains(mail, "Date:        ");
    assert_contains(mail, "\r\nWireless Keyboard\r\n");
    assert_contains(mail, "Quantity:    2\r\n");
    assert_contains(mail, "Unit Price:  $79.99\r\n");
    assert_contains(mail, "Total:       $159.98\r\n");
    assert_contains(mail, "Total Amount: $159.98\r\n");
    assert_contains(mail, "Status:       CONFIRMED\r\n");
    /* The queue is empty: nothing is retried. */
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM queue_messages"), 0);
    free(mail);
    free(oid);
    free(pid);
    free(tok);
    testsrv_stop(&s);
}
END_TEST

START_TEST(failures_reach_the_dlq_then_redrive_confirms)
{
    struct testsrv s;
    testsrv_start(&s, "[faults]\nnotify_fail_rate = 1.0\n"
                      "[queue]\nvisibility_timeout = 1\nmax_receive_count = 2\n");
    char *admin = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    char *pid = shop_product(&s, admin, "Desk Lamp", 2500);
    char *oid = shop_order(&s, tok, pid, 1);
    ck_assert_msg(shop_wait_dlq(&s, admin, 1, 8000), "no DLQ message");

    struct http_resp r;
    http_call(&s, "GET", "/admin/dlq", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 1);
    ck_assert_str_eq(jstr(r.json, "data.items.0.orderId"), oid);
    ck_assert_int_eq((int)jnum(r.json, "data.items.0.receiveCount"), 2);
    assert_contains(jstr(r.json, "data.items.0.lastError"), "notify_fail_rate");
    ck_assert_ptr_nonnull(jstr(r.json, "data.items.0.firstFailedAt"));
    ck_assert_ptr_nonnull(jstr(r.json, "data.items.0.movedAt"));
    assert_contains(jstr(r.json, "data.items.0.body"), oid);
    char *mid = strdup(jstr(r.json, "data.items.0.messageId"));
    http_resp_free(&r);

    ck_assert_str_eq(shop_status(&s, tok, oid), "PENDING");
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), 0);
    /* The alert went to the admin group (no [mail] admin_email). */
    ck_assert_int_eq(shop_wait_mail(&s, "dlq-alert-", 1, 5000), 1);
    char *alert = shop_mail_text(&s, "dlq-alert-");
    assert_contains(alert, "To: ops@example.com\r\n");
    assert_contains(alert, "Subject: ALERT: Order Processing Failed\r\n");
    assert_contains(alert, oid);
    assert_contains(alert, "notify_fail_rate");
    free(alert);

    /* Faults off, restart: the message is still in the DLQ, untouched. */
    shop_write_config(&s, NULL);
    testsrv_restart(&s);
    free(admin);
    free(tok);
    admin = testsrv_sign_in(&s, "ops@example.com", PW);
    tok = testsrv_sign_in(&s, "buyer@example.com", PW);
    shop_sleep_ms(400);
    char path[160];
    snprintf(path, sizeof path, "/admin/dlq/%s", mid);
    http_call(&s, "GET", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.messageId"), mid);
    ck_assert_int_eq((int)jnum(r.json, "data.receiveCount"), 2);
    http_resp_free(&r);
    ck_assert_str_eq(shop_status(&s, tok, oid), "PENDING");

    snprintf(path, sizeof path, "/admin/dlq/%s/redrive", mid);
    http_call(&s, "POST", path, admin, NULL, &r, NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert_str_eq(jstr(r.json, "data.messageId"), mid);
    ck_assert_int_eq((int)jnum(r.json, "data.receiveCount"), 0);
    http_resp_free(&r);
    ck_assert(shop_wait_status(&s, tok, oid, "CONFIRMED", 5000));
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), 1);
    ck_assert(shop_wait_dlq(&s, admin, 0, 0));
    /* Redriving it again: it is no longer in the DLQ. */
    http_call(&s, "POST", path, admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(jstr(r.json, "error.message"), "Message not found");
    http_resp_free(&r);

    free(mid);
    free(oid);
    free(pid);
    free(tok);
    free(admin);
    testsrv_stop(&s);
}
END_TEST

/* A message delivered again for a confirmed order is only deleted. */
START_TEST(redelivery_does_not_mail_twice)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    /* Products are written by an admin; the buyer only orders. */
    char *ops = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *pid = shop_product(&s, ops, "Mug", 900);
    free(ops);
    char *oid = shop_order(&s, tok, pid, 3);
    ck_assert(shop_wait_status(&s, tok, oid, "CONFIRMED", 5000));
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO queue_messages (id, order_id, body, visible_at,"
             " created_at) VALUES ('11111111-2222-4333-8444-555555555555',"
             " '%s', '{\"orderId\":\"%s\"}', 0, 0)", oid, oid);
    shop_sql(&s, sql);
    /* A new order wakes the worker; it takes both messages. */
    char *oid2 = shop_order(&s, tok, pid, 1);
    ck_assert(shop_wait_status(&s, tok, oid2, "CONFIRMED", 5000));
    for (int i = 0; i < 100 && shop_sql_int(&s, "SELECT count(*) FROM "
                                               "queue_messages") > 0; i++)
        shop_sleep_ms(50);
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM queue_messages"), 0);
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), 2);
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM dlq_messages"), 0);
    free(oid2);
    free(oid);
    free(pid);
    free(tok);
    testsrv_stop(&s);
}
END_TEST

/* A crash after the mail went out but before the commit: on restart the
 * message is processed again and the mail is not duplicated. */
START_TEST(crash_between_mail_and_commit_mails_once)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    /* Products are written by an admin; the buyer only orders. */
    char *ops = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *pid = shop_product(&s, ops, "Kettle", 4550);
    free(ops);
    char *oid = shop_order(&s, tok, pid, 1);
    ck_assert(shop_wait_status(&s, tok, oid, "CONFIRMED", 5000));
    testsrv_stop_keep(&s);
    /* Undo the commit, leave the mail: the state such a crash leaves. */
    char sql[600];
    snprintf(sql, sizeof sql,
             "UPDATE orders SET status = 'PENDING' WHERE id = '%s';"
             "DELETE FROM sent_mail;"
             "INSERT INTO queue_messages (id, order_id, body, receive_count,"
             " visible_at, created_at) VALUES"
             " ('11111111-2222-4333-8444-555555555555', '%s',"
             " '{\"orderId\":\"%s\"}', 1, 0, 0)", oid, oid, oid);
    shop_sql(&s, sql);
    testsrv_restart(&s);
    free(tok);
    tok = testsrv_sign_in(&s, "buyer@example.com", PW);
    ck_assert(shop_wait_status(&s, tok, oid, "CONFIRMED", 5000));
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), 1);
    ck_assert_int_eq(shop_mail_count(&s, ""), 1);
    free(oid);
    free(pid);
    free(tok);
    testsrv_stop(&s);
}
END_TEST

/* The same crash for a whole batch whose mails were half handed over:
 * some on the spool, some not. On restart the worker takes them in one
 * batch; each order is confirmed and has its mail exactly once, and the
 * spool holds nothing else. */
START_TEST(crash_in_a_batch_between_mail_and_commit_mails_each_once)
{
    enum { N = 12 };
    struct testsrv s;
    testsrv_start(&s, NULL);
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    char *ops = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *pid = shop_product(&s, ops, "Teapot", 1200);
    free(ops);
    char *oid[N];
    for (int i = 0; i < N; i++)
        oid[i] = shop_order(&s, tok, pid, 1);
    for (int i = 0; i < N; i++)
        ck_assert(shop_wait_status(&s, tok, oid[i], "CONFIRMED", 5000));
    testsrv_stop_keep(&s);
    /* Undo the batch's commit; the even orders' mails went out before
     * the crash, the odd ones' did not. */
    shop_sql(&s, "UPDATE orders SET status = 'PENDING'; DELETE FROM sent_mail");
    for (int i = 0; i < N; i++) {
        char sql[600];
        snprintf(sql, sizeof sql,
                 "INSERT INTO queue_messages (id, order_id, body,"
                 " receive_count, visible_at, created_at) VALUES"
                 " ('11111111-2222-4333-8444-5555555555%02d', '%s',"
                 " '{\"orderId\":\"%s\"}', 1, 0, 0)", i, oid[i], oid[i]);
        shop_sql(&s, sql);
        if (i % 2) {
            char name[128];
            snprintf(name, sizeof name, "order-confirmation-%s.eml", oid[i]);
            ck_assert(exists(s.dir, name));
            char path[600];
            snprintf(path, sizeof path, "%s/data/mail/%s", s.dir, name);
            ck_assert_int_eq(unlink(path), 0);
        }
    }
    testsrv_restart(&s);
    free(tok);
    tok = testsrv_sign_in(&s, "buyer@example.com", PW);
    for (int i = 0; i < N; i++)
        ck_assert(shop_wait_status(&s, tok, oid[i], "CONFIRMED", 5000));
    ck_assert(shop_wait_queue_empty(&s, 5000));
    for (int i = 0; i < N; i++) {
        char name[128];
        snprintf(name, sizeof name, "order-confirmation-%s.eml", oid[i]);
        ck_assert_msg(exists(s.dir, name), "no mail for order %d", i);
        free(oid[i]);
    }
    ck_assert_int_eq(shop_mail_count(&s, "order-confirmation-"), N);
    ck_assert_int_eq(shop_mail_count(&s, ""), N);
    ck_assert_int_eq(shop_sql_int(&s, "SELECT count(*) FROM sent_mail"), N);
    free(pid);
    free(tok);
    testsrv_stop(&s);
}
END_TEST

/* A body that cannot be parsed can never succeed: DLQ on first receive. */
START_TEST(malformed_message_goes_straight_to_the_dlq)
{
    struct testsrv s;
    testsrv_start(&s, "[mail]\nadmin_email = alerts@example.com\n");
    char *admin = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *pid = shop_product(&s, admin, "Pen", 150);
    char *oid = shop_order(&s, admin, pid, 1);
    ck_assert(shop_wait_status(&s, admin, oid, "CONFIRMED", 5000));
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO queue_messages (id, order_id, body, visible_at,"
             " created_at) VALUES ('11111111-2222-4333-8444-555555555555',"
             " '%s', 'not json {', 0, 0)", oid);
    shop_sql(&s, sql);
    ck_assert(shop_wait_dlq(&s, admin, 1, 5000));
    struct http_resp r;
    http_call(&s, "GET", "/admin/dlq/11111111-2222-4333-8444-555555555555",
              admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.receiveCount"), 1);
    assert_contains(jstr(r.json, "data.lastError"), "malformed");
    ck_assert_str_eq(jstr(r.json, "data.body"), "not json {");
    http_resp_free(&r);
    /* [mail] admin_email set: the alert goes there, not to the group. */
    ck_assert_int_eq(shop_wait_mail(&s, "dlq-alert-", 1, 5000), 1);
    char *alert = shop_mail_text(&s, "dlq-alert-");
    assert_contains(alert, "To: alerts@example.com\r\n");
    ck_assert_ptr_null(strstr(alert, "To: ops@example.com"));
    free(alert);
    free(oid);
    free(pid);
    free(admin);
    testsrv_stop(&s);
}
END_TEST

/* A delivery killed half-way leaves a temporary file; the next start
 * removes it once it is surely dead, and nothing else. */
START_TEST(stale_spool_parts_are_removed_at_start)
{
    struct testsrv s;
    testsrv_start(&s, NULL);
    testsrv_stop_keep(&s);
    touch(s.dir, ".0b1c.part.tmp.4242", 3600);
    touch(s.dir, ".0b1d.part", 3600);
    touch(s.dir, ".0b1e.part", 0);      /* could be a live delivery's */
    touch(s.dir, "order-confirmation-x.eml", 3600);
    testsrv_restart(&s);
    ck_assert(!exists(s.dir, ".0b1c.part.tmp.4242"));
    ck_assert(!exists(s.dir, ".0b1d.part"));
    ck_assert(exists(s.dir, ".0b1e.part"));
    ck_assert(exists(s.dir, "order-confirmation-x.eml"));
    testsrv_stop(&s);
}
END_TEST

Suite *suite_pipeline(void)
{
    Suite *s = suite_create("pipeline");
    TCase *tc = tcase_create("pipeline");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, order_is_confirmed_and_mailed_once);
    tcase_add_test(tc, failures_reach_the_dlq_then_redrive_confirms);
    tcase_add_test(tc, redelivery_does_not_mail_twice);
    tcase_add_test(tc, crash_between_mail_and_commit_mails_once);
    tcase_add_test(tc, crash_in_a_batch_between_mail_and_commit_mails_each_once);
    tcase_add_test(tc, malformed_message_goes_straight_to_the_dlq);
    tcase_add_test(tc, stale_spool_parts_are_removed_at_start);
    suite_add_tcase(s, tc);
    return s;
}
