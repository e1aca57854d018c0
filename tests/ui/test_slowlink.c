/* A slow link: what the TUI writes to the terminal for a selection move,
 * a page change, a refresh that changed nothing and a spinner tick, read
 * from its raw output. Each sends only what changed on screen: the text
 * it writes (escape sequences aside) is the changed cells, so a product
 * name that stays where it was is never sent again. The byte figures
 * themselves are `make bench`'s (tests/bench/tui_bench.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "ui/suites.h"
#include "ui/tui.h"

static struct tui u;
static const char ADMIN[] = "ops@example.com";
static const char PW[] = "Passw0rdX";

static void down(void)
{
    tui_stop(&u);
}

/* A server with n products "Gadget 01" … (the newest first in the list),
 * the admin signed in through the CLI, a slowproxy in between. */
static void shop_of(int n)
{
    tui_start(&u, NULL, NULL);
    tui_slow(&u);
    tui_user(&u, ADMIN, PW, "admin");
    char *token = testsrv_sign_in(&u.srv, ADMIN, PW);
    for (int i = 1; i <= n; i++) {
        char body[512];
        snprintf(body, sizeof body,
                 "{\"name\":\"Gadget %02d\",\"description\":\"A product for "
                 "the slow-link tests.\",\"category\":\"books\",\"price\":"
                 "%d,\"quantity\":%d,\"sku\":\"GAD-%02d\"}",
                 i, 1000 + i, 50 + i, i);
        struct http_resp r;
        http_call(&u.srv, "POST", "/products", token, body, &r, NULL);
        ck_assert_msg(r.status == 201, "create: %ld %s", r.status, r.body);
        http_resp_free(&r);
    }
    free(token);
    tui_login(&u, ADMIN, PW);
}

static struct vt *open_tui(int rows, int cols)
{
    struct vt *t = tui_spawn(&u, rows, cols, NULL);
    vt_assert_text(t, "Products · page 1", 15000);
    vt_settle(t, 300, 5000);
    return t;
}

/* The output since byte `from`, NUL-terminated; caller frees. */
static char *written_since(struct vt *t, size_t from)
{
    size_t len;
    const char *out = vt_output(t, &len);
    ck_assert_uint_ge(len, from);
    char *s = malloc(len - from + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, out + from, len - from);
    s[len - from] = '\0';
    return s;
}

/* The characters s puts on screen: UTF-8 code points that are neither
 * control characters nor part of an escape sequence (CSI, OSC, charset
 * designations, two-byte escapes). */
static int printed(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == 0x1b) {
            p++;
            if (*p == '[') { /* CSI: parameters, then a final 0x40-0x7e */
                p++;
                while (*p && (*p < 0x40 || *p > 0x7e))
                    p++;
                if (*p)
                    p++;
            } else if (*p == ']') { /* OSC, to BEL or ST */
                while (*p && *p != 0x07 && !(p[0] == 0x1b && p[1] == '\\'))
                    p++;
                p += *p == 0x07 ? 1 : (*p ? 2 : 0);
            } else if (*p == '(' || *p == ')') {
                p += p[1] ? 2 : 1;
            } else if (*p) {
                p++;
            }
            continue;
        }
        if (*p < 0x20 || *p == 0x7f) {
            p++;
            continue;
        }
        if ((*p & 0xc0) != 0x80)
            n++;
        p++;
    }
    return n;
}

static int occurrences(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

START_TEST(a_selection_move_sends_the_two_items_only)
{
    shop_of(12);
    struct vt *t = open_tui(40, 120);
    size_t from = vt_bytes(t);
    vt_send(t, "j"); /* two cards a line: Gadget 12 to Gadget 10 */
    vt_settle(t, 300, 3000);
    char *out = written_since(t, from);
    ck_assert_msg(occurrences(out, "Gadget") == 2 &&
                      strstr(out, "Gadget 12") && strstr(out, "Gadget 10"),
                  "a move redraws the old and the new selection only: %s",
                  out);
    free(out);
}
END_TEST

START_TEST(a_page_change_sends_only_the_cells_that_differ)
{
    shop_of(25); /* page 1: Gadget 25 … 06; page 2: Gadget 05 … 01 */
    struct vt *t = open_tui(40, 120);
    size_t from = vt_bytes(t);
    vt_send(t, "n");
    vt_assert_text(t, "page 2 (last) · 5 shown", 5000);
    vt_assert_text(t, "Gadget 05", 2000);
    vt_settle(t, 300, 3000);
    char *out = written_since(t, from);
    /* "Gadget 25" became "Gadget 05" in place: only a digit is sent; the
     * cards page 2 does not fill are cleared, not overwritten. */
    ck_assert_msg(!strstr(out, "Gadget") && !strstr(out, "in stock"),
                  "a page change resent unchanged text: %s", out);
    ck_assert_msg(printed(out) < 200, "a page change printed %d characters",
                  printed(out));
    free(out);
}
END_TEST

START_TEST(a_refresh_that_changed_nothing_resends_nothing_of_the_pane)
{
    shop_of(12);
    struct vt *t = open_tui(40, 120);
    size_t from = vt_bytes(t);
    vt_send(t, "r");
    vt_settle(t, 400, 5000);
    vt_assert_gone(t, "loading", 5000);
    vt_settle(t, 300, 3000);
    char *out = written_since(t, from);
    /* The spinner and the request's name come and go, and the status
     * line's "refreshed HH:MM:SS" changes: nothing of the pane. */
    ck_assert_msg(!strstr(out, "Gadget") && !strstr(out, "in stock") &&
                      !strstr(out, "Products"),
                  "a refresh that changed nothing redrew the pane: %s", out);
    ck_assert_msg(printed(out) < 80, "a refresh printed %d characters: %s",
                  printed(out), out);
    free(out);
}
END_TEST

/* Spinner frames (braille, U+2800…, "\xe2\xa0" + one byte) in s. */
static int spinner_frames(const char *s)
{
    return occurrences(s, "\xe2\xa0");
}

START_TEST(a_spinner_tick_draws_its_own_cell_only)
{
    shop_of(3);
    struct vt *t = open_tui(40, 120);
    slowproxy_delay_responses(u.proxy, 10000);
    vt_send(t, "r");
    vt_assert_text(t, "loading products", 3000);
    /* Past the frame that shows the spinner and the request's name. */
    vt_settle(t, 60, 200);
    size_t from = vt_bytes(t);
    int64_t deadline = time_mono_ms() + 5000;
    char *out = NULL;
    do {
        vt_settle(t, 50, 50); /* reads what comes for 50 ms */
        free(out);
        out = written_since(t, from);
    } while (spinner_frames(out) < 6 && time_mono_ms() < deadline);
    int frames = spinner_frames(out);
    ck_assert_msg(frames >= 6, "the spinner turned %d times in 5 s", frames);
    /* Each tick puts one character on screen: the spinner's. */
    ck_assert_msg(printed(out) == frames,
                  "%d ticks printed %d characters: %s", frames, printed(out),
                  out);
    int row, col;
    ck_assert(vt_find(t, "loading products", &row, &col));
    ck_assert_int_eq(row, 0);
    free(out);
    slowproxy_delay_responses(u.proxy, 0);
    vt_send(t, VT_ESC); /* cancels the held refresh */
    vt_assert_gone(t, "loading products", 5000);
}
END_TEST

Suite *suite_slowlink(void)
{
    Suite *s = suite_create("slowlink");
    TCase *tc = tcase_create("slowlink");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_selection_move_sends_the_two_items_only);
    tcase_add_test(tc, a_page_change_sends_only_the_cells_that_differ);
    tcase_add_test(tc, a_refresh_that_changed_nothing_resends_nothing_of_the_pane);
    tcase_add_test(tc, a_spinner_tick_draws_its_own_cell_only);
    suite_add_tcase(s, tc);
    return s;
}
