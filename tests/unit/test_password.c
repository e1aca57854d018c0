/* auth/password (scrypt hashes, policy), auth/email and mail_render
 * in-process. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/auth/email.h"
#include "server/auth/password.h"
#include "server/mail/mail.h"
#include "unit/suites.h"

#define COST 10 /* the cheapest we accept: keeps the suite fast */

START_TEST(hash_then_verify)
{
    char *h = password_hash("Passw0rdX", COST);
    ck_assert_ptr_nonnull(h);
    ck_assert_str_eq(strncmp(h, "scrypt$10$8$1$", 14) == 0 ? "ok" : h, "ok");
    ck_assert_int_eq(password_verify("Passw0rdX", h), PASSWORD_MATCH);
    ck_assert_int_eq(password_verify("Passw0rdx", h), PASSWORD_MISMATCH);
    ck_assert_int_eq(password_verify("", h), PASSWORD_MISMATCH);
    /* A fresh salt each time. */
    char *h2 = password_hash("Passw0rdX", COST);
    ck_assert_str_ne(h, h2);
    ck_assert_int_eq(password_verify("Passw0rdX", h2), PASSWORD_MATCH);
    ck_assert(!password_needs_rehash(h, COST));
    ck_assert(password_needs_rehash(h, COST + 2));
    free(h);
    free(h2);
}
END_TEST

START_TEST(cost_out_of_range_is_refused)
{
    ck_assert_ptr_null(password_hash("Passw0rdX", 9));
    ck_assert_ptr_null(password_hash("Passw0rdX", 21));
}
END_TEST

START_TEST(bad_stored_hashes)
{
    char *h = password_hash("Passw0rdX", COST);
    const char *salt = h + strlen("scrypt$10$8$1$");
    char buf[256];
    static const char *const bad[] = {
        "", "bcrypt$10$8$1$abc$def", "scrypt$", "scrypt$10$8$1$",
        "scrypt$99$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$short",
        "scrypt$10$8$1$!!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$10$0$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(password_verify("Passw0rdX", bad[i]) == PASSWORD_BAD_HASH,
                      "accepted %s", bad[i]);
        ck_assert(password_needs_rehash(bad[i], COST));
    }
    ck_assert_int_eq(password_verify("Passw0rdX", NULL), PASSWORD_BAD_HASH);
    /* The same salt and hash at another cost no longer match. */
    snprintf(buf, sizeof buf, "scrypt$11$8$1$%s", salt);
    ck_assert_int_eq(password_verify("Passw0rdX", buf), PASSWORD_MISMATCH);
    free(h);
    password_verify_dummy("anything", COST); /* runs, returns nothing */
}
END_TEST

START_TEST(policy_messages)
{
    ck_assert_ptr_null(password_policy_error("Passw0rdX"));
    ck_assert_str_eq(password_policy_error("Pa0x"),
                     "Password does not conform to policy: Password not "
                     "long enough");
    ck_assert_str_eq(password_policy_error("passw0rdx"),
                     "Password does not conform to policy: Password must "
                     "have uppercase characters");
    ck_assert_str_eq(password_policy_error("PASSW0RDX"),
                     "Password does not conform to policy: Password must "
                     "have lowercase characters");
    ck_assert_str_eq(password_policy_error("Passwordx"),
                     "Password does not conform to policy: Password must "
                     "have numeric characters");
    ck_assert_ptr_nonnull(password_policy_error(" Passw0rdX"));
    char longpw[300];
    memset(longpw, 'a', sizeof longpw - 1);
    longpw[sizeof longpw - 1] = '\0';
    longpw[0] = 'A';
    longpw[1] = '1';
    ck_assert_ptr_nonnull(strstr(password_policy_error(longpw), "too long"));
    /* Seven characters in nine bytes is still too short. */
    ck_assert_ptr_nonnull(password_policy_error("P\xc3\xa4ss0rd"));
}
END_TEST

START_TEST(email_shapes)
{
    ck_assert(email_valid("a@b.co"));
    ck_assert(email_valid("first.last+tag@mail.example.org"));
    static const char *const bad[] = {
        "", "plain", "@example.com", "a@", "a@b", "a@b.c", "a@.com",
        "a@b..com", "a@b.com.", "a b@example.com", "a@exa mple.com",
        "a@-b.com", "a@b-.com", "a@b.c0m", "<a>@b.com", "a@b@c.com",
        "a\r\nBcc: x@y.com@b.com",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!email_valid(bad[i]), "accepted %s", bad[i]);
    char longer[300];
    memset(longer, 'a', sizeof longer);
    memcpy(longer + 250, "@b.com", 7);
    ck_assert(!email_valid(longer));
    char m[32];
    email_mask("user@example.com", m, sizeof m);
    ck_assert_str_eq(m, "u***@e***");
    email_lower("MiXeD@Example.COM", m, sizeof m);
    ck_assert_str_eq(m, "mixed@example.com");
}
END_TEST

START_TEST(mail_render_is_rfc5322)
{
    char *err = NULL;
    char *t = mail_render("inventui <no-reply@x.example>", "u@example.com",
                          "Hello", "line one\nline two\r\nend", "id@x",
                          0, &err);
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_nonnull(strstr(t, "From: inventui <no-reply@x.example>\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "To: u@example.com\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "Subject: Hello\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "Message-ID: <id@x>\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "MIME-Version: 1.0\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "Content-Type: text/plain; charset=utf-8\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "Content-Transfer-Encoding: 8bit\r\n\r\n"));
    ck_assert_ptr_nonnull(strstr(t, "\r\n\r\nline one\r\nline two\r\nend\r\n"));
    /* Every LF is part of a CRLF. */
    for (const char *p = strchr(t, '\n'); p; p = strchr(p + 1, '\n'))
        ck_assert_int_eq(p[-1], '\r');
    free(t);
    t = mail_render("a@b.co", "u@example.com", "Caf\xc3\xa9", "x", "i@d", 0,
                    &err);
    ck_assert_ptr_nonnull(strstr(t, "Subject: =?UTF-8?B?Q2Fmw6k=?=\r\n"));
    free(t);
}
END_TEST

START_TEST(mail_header_injection_is_refused)
{
    char *err = NULL;
    ck_assert_ptr_null(mail_render("a@b.co", "u@example.com\r\nBcc: x@y.co",
                                   "s", "b", "i@d", 0, &err));
    ck_assert_ptr_nonnull(strstr(err, "To"));
    free(err);
    err = NULL;
    ck_assert_ptr_null(mail_render("a@b.co", "u@example.com", "s\nBcc: x",
                                   "b", "i@d", 0, &err));
    ck_assert_ptr_nonnull(strstr(err, "Subject"));
    free(err);
}
END_TEST

Suite *suite_password(void)
{
    Suite *s = suite_create("password");
    TCase *tc = tcase_create("password");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hash_then_verify);
    tcase_add_test(tc, cost_out_of_range_is_refused);
    tcase_add_test(tc, bad_stored_hashes);
    tcase_add_test(tc, policy_messages);
    tcase_add_test(tc, email_shapes);
    tcase_add_test(tc, mail_render_is_rfc5322);
    tcase_add_test(tc, mail_header_injection_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
