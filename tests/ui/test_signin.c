/* The sign-in screen as a person uses it: the real client in a pty
 * against a real `inventui serve`: a good and a wrong password, the new
 * password a temporary one asks for, sign-up and confirmation with the
 * mailed code, a remembered session, Esc on a slow sign-in, and small
 * screens. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/shop.h"
#include "ui/suites.h"
#include "ui/tui.h"

static struct tui u;
static const char ADMIN[] = "boss@example.com";
static const char EMAIL[] = "ops@example.com";
static const char PW[] = "Passw0rdX";
#define WAIT 10000 /* server work, under ASan too */

static void down(void) { tui_stop(&u); }

/* The client with no command: the TUI. */
static struct vt *open_tui(int rows, int cols)
{
    struct vt *t = tui_spawn(&u, rows, cols, NULL);
    vt_assert_text(t, "Create an account", WAIT);
    return t;
}

/* Types the email and the password and presses Enter on the password. */
static void sign_in(struct vt *t, const char *email, const char *password)
{
    vt_send(t, email);
    vt_send(t, VT_TAB);
    vt_send(t, password);
    vt_send(t, VT_ENTER);
}

/* The row a label is on (fails when it is not on screen). */
static int row_of(struct vt *t, const char *text)
{
    int row = -1;
    if (!vt_find(t, text, &row, NULL))
        vt_fail(t, "\"%s\" not on screen", text);
    return row;
}

static void cursor_on_row_of(struct vt *t, const char *label)
{
    vt_settle(t, 100, 2000);
    int row, col;
    vt_cursor(t, &row, &col);
    if (row != row_of(t, label))
        vt_fail(t, "the cursor is on row %d, not on \"%s\"", row, label);
    if (!vt_cursor_visible(t))
        vt_fail(t, "the cursor is hidden");
}

static void lands_on_products(struct vt *t)
{
    vt_assert_text(t, "1 Products", WAIT);
    vt_assert_gone(t, "Create an account", WAIT);
}

/* Quits with `keys` (q on a tab, C-c on the sign-in screen, where q is
 * typed into the field): the client exits 0 (under SANITIZE=1 a leak
 * would make it exit otherwise). */
static void quit_cleanly(struct vt *t, const char *keys)
{
    vt_send(t, keys);
    int st = -1;
    if (!vt_wait_exit(t, 20000, &st))
        vt_fail(t, "the client did not exit");
    if (st != 0)
        vt_fail(t, "the client exited with %d", st);
}

/* The newest mailed code (the spool's names sort by time). */
static void newest_code(char code[7])
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/data/mail", u.srv.dir);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    char best[256] = "";
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 4 && !strcmp(e->d_name + n - 4, ".eml") &&
            strcmp(e->d_name, best) > 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    ck_assert_msg(best[0], "no mail in the spool");
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, best);
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    char text[4096];
    size_t len = fread(text, 1, sizeof text - 1, fp);
    text[len] = '\0';
    fclose(fp);
    const char *p = strstr(text, "code is ");
    ck_assert_ptr_nonnull(p);
    memcpy(code, p + strlen("code is "), 6);
    code[6] = '\0';
}

START_TEST(good_sign_in_lands_on_the_products)
{
    tui_start(&u, NULL, NULL);
    char *token = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    free(shop_product(&u.srv, token, "Blue Teapot", 1234));
    free(token);
    struct vt *t = open_tui(24, 80);
    vt_assert_text(t, "Sign in", WAIT);
    cursor_on_row_of(t, "Email");
    vt_send(t, ADMIN);
    vt_send(t, VT_TAB);
    vt_send(t, PW);
    vt_assert_text(t, "*********", WAIT);
    /* The password is masked: never on screen. */
    char *screen = vt_screen(t);
    ck_assert_ptr_null(strstr(screen, PW));
    free(screen);
    cursor_on_row_of(t, "Password");
    vt_send(t, VT_ENTER);
    lands_on_products(t);
    vt_assert_text(t, "Blue Teapot", WAIT);
    vt_assert_text(t, ADMIN, WAIT);
    quit_cleanly(t, "q");
}
END_TEST

START_TEST(enter_moves_on_then_signs_in)
{
    tui_start(&u, NULL, NULL);
    tui_user(&u, EMAIL, PW, NULL);
    struct vt *t = open_tui(24, 80);
    vt_send(t, EMAIL);
    vt_send(t, VT_ENTER);
    cursor_on_row_of(t, "Password");
    vt_send(t, PW);
    vt_send(t, VT_ENTER);
    lands_on_products(t);
    quit_cleanly(t, "q");
}
END_TEST

START_TEST(wrong_password_says_so_and_stays)
{
    tui_start(&u, NULL, NULL);
    tui_user(&u, EMAIL, PW, NULL);
    struct vt *t = open_tui(24, 80);
    sign_in(t, EMAIL, "Wrong-passw0rd");
    vt_assert_text(t, "wrong email or password", WAIT);
    /* Still here, the email kept, the password emptied and focused. */
    vt_assert_text(t, "Create an account", 1000);
    vt_assert_text(t, EMAIL, 1000);
    char *row = vt_row(t, row_of(t, "Password"));
    if (strchr(row, '*'))
        vt_fail(t, "the wrong password is still in its field");
    free(row);
    cursor_on_row_of(t, "Password");
    vt_send(t, PW);
    vt_send(t, VT_ENTER);
    lands_on_products(t);
    quit_cleanly(t, "q");
}
END_TEST

START_TEST(empty_fields_are_refused_without_a_request)
{
    tui_start(&u, NULL, NULL);
    tui_slow(&u);
    struct vt *t = open_tui(24, 80);
    vt_settle(t, 200, 3000);
    int before = slowproxy_requests(u.proxy);
    vt_send(t, VT_ENTER); /* to the password */
    vt_send(t, VT_ENTER); /* submit */
    vt_assert_text(t, "Enter your email address.", WAIT);
    cursor_on_row_of(t, "Email");
    vt_send(t, EMAIL);
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Enter your password.", WAIT);
    cursor_on_row_of(t, "Password");
    vt_settle(t, 300, 3000);
    ck_assert_int_eq(slowproxy_requests(u.proxy), before);
    quit_cleanly(t, VT_CTRL_C);
}
END_TEST

START_TEST(temporary_password_asks_for_a_new_one)
{
    tui_start(&u, NULL, NULL);
    char data[300], pw[64], *out = NULL;
    snprintf(data, sizeof data, "%s/data", u.srv.dir);
    snprintf(pw, sizeof pw, "%s\n", PW);
    int rc = testsrv_cli(pw, &out, "user", "add", EMAIL, "--password-stdin",
                         "--temporary", "--data-dir", data, (char *)NULL);
    ck_assert_msg(rc == 0, "user add: %s", out);
    free(out);
    struct vt *t = open_tui(24, 80);
    sign_in(t, EMAIL, PW);
    vt_assert_text(t, "Choose a new password", WAIT);
    vt_assert_text(t, "temporary password", 1000);
    cursor_on_row_of(t, "New password");
    /* The two must match. */
    vt_send(t, "Fresh-passw0rd");
    vt_send(t, VT_TAB);
    vt_send(t, "Fresh-passw0rx");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "not the same", WAIT);
    cursor_on_row_of(t, "New password");
    /* And meet the policy. */
    vt_send(t, "weakpassword");
    vt_send(t, VT_ENTER);
    vt_send(t, "weakpassword");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "needs an upper-case letter", WAIT);
    vt_assert_text(t, "Choose a new password", 1000);
    cursor_on_row_of(t, "New password");
    vt_send(t, "Fresh-passw0rd");
    vt_send(t, VT_TAB);
    vt_send(t, "Fresh-passw0rd");
    vt_send(t, VT_ENTER);
    lands_on_products(t);
    /* The new password is the one now. */
    free(testsrv_sign_in(&u.srv, EMAIL, "Fresh-passw0rd"));
    quit_cleanly(t, "q");
}
END_TEST

START_TEST(sign_up_and_confirm_with_the_mailed_code)
{
    tui_start(&u, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    /* Tab past the fields to the line that opens the sign-up. */
    vt_send(t, VT_TAB);
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Repeat it", WAIT);
    cursor_on_row_of(t, "Email");
    vt_send(t, EMAIL);
    vt_send(t, VT_TAB);
    vt_send(t, PW);
    vt_send(t, VT_TAB);
    vt_send(t, "Passw0rdY");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "not the same", WAIT);
    vt_send(t, PW);
    vt_send(t, VT_TAB);
    vt_send(t, PW);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Confirm the account", WAIT);
    vt_assert_text(t, "The code went to o***@e***", WAIT);
    cursor_on_row_of(t, "Code");
    ck_assert_int_ge(shop_wait_mail(&u.srv, "", 1, WAIT), 1);
    /* A wrong code is refused and the code field emptied. */
    char code[7];
    newest_code(code);
    char wrong[16];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    vt_send(t, wrong);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "wrong confirmation code", WAIT);
    /* Another code, then that one. */
    shop_sleep_ms(5); /* the spool's names sort by milliseconds */
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "A new code is on its way.", WAIT);
    ck_assert_int_ge(shop_wait_mail(&u.srv, "", 2, WAIT), 2);
    newest_code(code);
    cursor_on_row_of(t, "Code");
    vt_send(t, code);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Account confirmed: sign in.", WAIT);
    vt_assert_text(t, "Create an account", 1000);
    vt_assert_text(t, EMAIL, 1000);
    cursor_on_row_of(t, "Password");
    vt_send(t, PW);
    vt_send(t, VT_ENTER);
    lands_on_products(t);
    quit_cleanly(t, "q");
}
END_TEST

START_TEST(esc_goes_back_to_signing_in)
{
    tui_start(&u, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    vt_send(t, EMAIL);
    vt_send(t, VT_TAB);
    vt_send(t, VT_TAB);
    vt_send(t, VT_TAB);
    vt_send(t, VT_ENTER); /* "I have a confirmation code" */
    vt_assert_text(t, "Confirm the account", WAIT);
    vt_assert_text(t, "Send the code again", WAIT);
    cursor_on_row_of(t, "Code");
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Create an account", WAIT);
    vt_assert_gone(t, "Send the code again", WAIT);
    vt_assert_text(t, EMAIL, 1000);
    quit_cleanly(t, VT_CTRL_C);
}
END_TEST

START_TEST(a_remembered_session_skips_the_screen)
{
    tui_start(&u, NULL, NULL);
    tui_user(&u, EMAIL, PW, NULL);
    tui_login(&u, EMAIL, PW);
    struct vt *t = tui_spawn(&u, 24, 80, NULL);
    vt_assert_text(t, "1 Products", WAIT);
    vt_assert_text(t, EMAIL, WAIT);
    vt_settle(t, 300, 3000);
    if (vt_find(t, "Create an account", NULL, NULL))
        vt_fail(t, "the sign-in screen showed");
    quit_cleanly(t, "q");
}
END_TEST

START_TEST(esc_cancels_a_slow_sign_in)
{
    tui_start(&u, NULL, NULL);
    tui_user(&u, EMAIL, PW, NULL);
    tui_slow(&u);
    struct vt *t = open_tui(24, 80);
    slowproxy_hang(u.proxy, true);
    sign_in(t, EMAIL, PW);
    vt_assert_text(t, "Esc cancels", WAIT);
    vt_assert_text(t, "signing in", WAIT);
    vt_send(t, VT_ESC);
    vt_assert_text(t, "cancelled", WAIT);
    vt_assert_gone(t, "Esc cancels", WAIT);
    vt_assert_text(t, "Create an account", 1000);
    /* The password was kept: Enter tries again. */
    slowproxy_hang(u.proxy, false);
    vt_send(t, VT_ENTER);
    lands_on_products(t);
    quit_cleanly(t, "q");
}
END_TEST

START_TEST(small_screens_cut_and_keep_working)
{
    tui_start(&u, NULL, NULL);
    tui_user(&u, EMAIL, PW, NULL);
    struct vt *t = open_tui(24, 80);
    vt_resize(t, 12, 40);
    vt_settle(t, 200, 3000);
    vt_assert_text(t, "Email", WAIT);
    vt_assert_text(t, "Password", WAIT);
    cursor_on_row_of(t, "Email");
    sign_in(t, EMAIL, "Wrong-passw0rd");
    vt_assert_text(t, "wrong email or", WAIT);
    cursor_on_row_of(t, "Password");
    /* Smaller still: nothing crashes, the field being typed in shows. */
    vt_resize(t, 8, 30);
    vt_settle(t, 200, 3000);
    cursor_on_row_of(t, "Password");
    vt_resize(t, 24, 80);
    vt_assert_text(t, "with your email and password", WAIT);
    vt_assert_text(t, "wrong email or password", WAIT);
    vt_send(t, PW);
    vt_send(t, VT_ENTER);
    lands_on_products(t);
    quit_cleanly(t, "q");
}
END_TEST

Suite *suite_signin(void)
{
    Suite *s = suite_create("signin");
    TCase *tc = tcase_create("signin");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_add_test(tc, good_sign_in_lands_on_the_products);
    tcase_add_test(tc, enter_moves_on_then_signs_in);
    tcase_add_test(tc, wrong_password_says_so_and_stays);
    tcase_add_test(tc, empty_fields_are_refused_without_a_request);
    tcase_add_test(tc, temporary_password_asks_for_a_new_one);
    tcase_add_test(tc, sign_up_and_confirm_with_the_mailed_code);
    tcase_add_test(tc, esc_goes_back_to_signing_in);
    tcase_add_test(tc, a_remembered_session_skips_the_screen);
    tcase_add_test(tc, esc_cancels_a_slow_sign_in);
    tcase_add_test(tc, small_screens_cut_and_keep_working);
    suite_add_tcase(s, tc);
    return s;
}
