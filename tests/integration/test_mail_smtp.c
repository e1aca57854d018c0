/* The SMTP mail sink against a small relay on loopback: sign-up codes and
 * order confirmations arrive with the right envelope and headers; a relay
 * refusing mail sends the order to the DLQ with the relay's reply; a
 * STARTTLS requirement the relay cannot meet sends nothing in clear; bad
 * SMTP settings stop the server at start. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "integration/suites.h"
#include "support/shop.h"
#include "support/smtpd.h"
#include "support/testsrv.h"

static const char PW[] = "Passw0rdX";

static void start_with_relay(struct testsrv *s, const struct smtpd *d,
                             const char *scheme, const char *extra)
{
    char conf[512];
    snprintf(conf, sizeof conf,
             "[mail]\nsink = smtp\nsmtp_url = %s://127.0.0.1:%d\n"
             "from = Shop <shop@example.com>\n%s",
             scheme, d->port, extra ? extra : "");
    testsrv_start(s, conf);
}

START_TEST(codes_and_confirmations_go_through_the_relay)
{
    struct smtpd d;
    smtpd_start(&d);
    struct testsrv s;
    start_with_relay(&s, &d, "smtp", NULL);

    /* Sign-up: the code goes out by SMTP, nothing lands in the spool. */
    struct http_resp r;
    char body[512];
    snprintf(body, sizeof body,
             "{\"ClientId\":\"%s\",\"Username\":\"new@example.com\","
             "\"Password\":\"%s\"}", s.client_id, PW);
    cognito_call(&s, "SignUp", body, &r);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    ck_assert_int_eq(smtpd_wait(&d, 1, 5000), 1);
    const struct smtpd_message *m = smtpd_find(&d, "To: new@example.com\r\n");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->from, "<shop@example.com>");
    ck_assert_str_eq(m->rcpt, "<new@example.com>");
    ck_assert_ptr_nonnull(strstr(m->data, "From: Shop <shop@example.com>\r\n"));
    ck_assert_int_eq(shop_mail_count(&s, ""), 0);

    /* An order: confirmed after its mail reached the relay. */
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    /* Products are written by an admin; the buyer only orders. */
    char *ops = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *pid = shop_product(&s, ops, "Wireless Keyboard", 7999);
    free(ops);
    char *oid = shop_order(&s, tok, pid, 2);
    ck_assert(shop_wait_status(&s, tok, oid, "CONFIRMED", 5000));
    char want[128];
    snprintf(want, sizeof want, "Order Confirmation - #%s", oid);
    m = smtpd_find(&d, want);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->rcpt, "<buyer@example.com>");
    ck_assert_ptr_nonnull(strstr(m->data, "Total:       $159.98\r\n"));
    /* Its Message-ID is the order's key, the same on any resend. */
    snprintf(want, sizeof want, "Message-ID: <order-confirmation-%s@example.com>", oid);
    ck_assert_msg(strstr(m->data, want) != NULL, "%s", m->data);

    free(oid);
    free(pid);
    free(tok);
    testsrv_stop(&s);
    smtpd_stop(&d);
}
END_TEST

START_TEST(a_refusing_relay_sends_the_order_to_the_dlq)
{
    struct smtpd d;
    smtpd_start(&d);
    __atomic_store_n(&d.refuse_data, true, __ATOMIC_SEQ_CST);
    struct testsrv s;
    start_with_relay(&s, &d, "smtp",
                     "[queue]\nvisibility_timeout = 1\nmax_receive_count = 2\n");
    char *admin = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    char *pid = shop_product(&s, admin, "Desk Lamp", 2500);
    char *oid = shop_order(&s, tok, pid, 1);
    ck_assert_msg(shop_wait_dlq(&s, admin, 1, 10000), "no DLQ message");
    struct http_resp r;
    http_call(&s, "GET", "/admin/dlq", admin, NULL, &r, NULL);
    ck_assert_str_eq(jstr(r.json, "data.items.0.orderId"), oid);
    const char *err = jstr(r.json, "data.items.0.lastError");
    ck_assert_msg(strstr(err, "451") != NULL, "%s", err);
    http_resp_free(&r);
    ck_assert_str_eq(shop_status(&s, tok, oid), "PENDING");
    ck_assert_int_eq(smtpd_count(&d), 0);

    /* The relay recovers: a redrive confirms and mails. */
    __atomic_store_n(&d.refuse_data, false, __ATOMIC_SEQ_CST);
    http_call(&s, "POST", "/admin/dlq/redrive-all", admin, "{}", &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    ck_assert(shop_wait_status(&s, tok, oid, "CONFIRMED", 5000));
    ck_assert_int_ge(smtpd_wait(&d, 1, 5000), 1);

    free(oid);
    free(pid);
    free(tok);
    free(admin);
    testsrv_stop(&s);
    smtpd_stop(&d);
}
END_TEST

START_TEST(starttls_required_means_nothing_in_clear)
{
    struct smtpd d;
    smtpd_start(&d);
    struct testsrv s;
    start_with_relay(&s, &d, "smtp+starttls",
                     "[queue]\nvisibility_timeout = 1\nmax_receive_count = 1\n");
    char *admin = testsrv_user_token(&s, "ops@example.com", PW, "admin");
    char *tok = testsrv_user_token(&s, "buyer@example.com", PW, NULL);
    char *pid = shop_product(&s, admin, "Desk Lamp", 2500);
    char *oid = shop_order(&s, tok, pid, 1);
    ck_assert_msg(shop_wait_dlq(&s, admin, 1, 10000), "no DLQ message");
    struct http_resp r;
    http_call(&s, "GET", "/admin/dlq", admin, NULL, &r, NULL);
    const char *err = jstr(r.json, "data.items.0.lastError");
    ck_assert_msg(strstr(err, "SMTP") != NULL, "%s", err);
    http_resp_free(&r);
    ck_assert_int_eq(smtpd_count(&d), 0);
    free(oid);
    free(pid);
    free(tok);
    free(admin);
    testsrv_stop(&s);
    smtpd_stop(&d);
}
END_TEST

static char *write_conf(const char *dir, const char *text, mode_t mode)
{
    char *path = malloc(512);
    snprintf(path, 512, "%s/smtp.conf", dir);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
    chmod(path, mode);
    return path;
}

START_TEST(bad_smtp_settings_stop_the_server)
{
    char dir[] = "/tmp/inventui-smtpconf-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char data[600];
    snprintf(data, sizeof data, "%s/data", dir);
    char *out = NULL;

    char *conf = write_conf(dir, "[mail]\nsink = smtp\n", 0600);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "serve", "--config", conf,
                                 "--data-dir", data, "--listen",
                                 "127.0.0.1:0", (char *)NULL), 2);
    ck_assert_msg(strstr(out, "sink = smtp needs smtp_url") != NULL, "%s", out);
    free(out);
    free(conf);

    conf = write_conf(dir, "[mail]\nsink = smtp\nsmtp_url = http://relay:25\n", 0600);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "serve", "--config", conf,
                                 "--data-dir", data, "--listen",
                                 "127.0.0.1:0", (char *)NULL), 2);
    ck_assert_msg(strstr(out, "smtp_url") != NULL, "%s", out);
    free(out);
    free(conf);

    /* A password in a file others can read: refused, and not echoed. */
    conf = write_conf(dir, "[mail]\nsink = smtp\n"
                           "smtp_url = smtp://bob:s3cretpw@127.0.0.1:25\n", 0644);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "serve", "--config", conf,
                                 "--data-dir", data, "--listen",
                                 "127.0.0.1:0", (char *)NULL), 2);
    ck_assert_msg(strstr(out, "chmod 600") != NULL, "%s", out);
    ck_assert_ptr_null(strstr(out, "s3cretpw"));
    free(out);
    free(conf);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *suite_mail_smtp(void)
{
    Suite *s = suite_create("mail_smtp");
    TCase *tc = tcase_create("smtp");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, codes_and_confirmations_go_through_the_relay);
    tcase_add_test(tc, a_refusing_relay_sends_the_order_to_the_dlq);
    tcase_add_test(tc, starttls_required_means_nothing_in_clear);
    tcase_add_test(tc, bad_smtp_settings_stop_the_server);
    suite_add_tcase(s, tc);
    return s;
}
