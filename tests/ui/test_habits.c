/* An operator's habits, as a person uses them in the real client against
 * a real server: the `:` command line (switching panes, searching,
 * Tab completion of names and values, history with Up and Ctrl-R, a jump
 * to an order by its short id, the sentence for an unknown command), the
 * mouse sent as xterm's SGR 1006 reports (a click selects, a double click
 * opens, the wheel moves, a tab's name switches; off unless configured),
 * the hardware cursor on the highlighted row, and `y` copying an id with
 * OSC 52 while the footer shows it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "common/timeutil.h"
#include "support/shop.h"
#include "ui/suites.h"
#include "ui/tui.h"

#define WAIT 10000 /* ms: server work under ASan */
#define MOUSE_ON "[ui]\nmouse = true\n"

static struct tui u;
static const char ADMIN[] = "ops@example.com";
static const char PW[] = "Passw0rdX";
static char *TOKEN;
static char *first_id, *last_id; /* "Gadget 01", and the newest product */

static void down(void)
{
    free(TOKEN);
    free(first_id);
    free(last_id);
    TOKEN = first_id = last_id = NULL;
    tui_stop(&u);
}

/* A server with n products "Gadget 01" … (the newest last), odd ones
 * electronics, even ones books; the admin signed in through the CLI.
 * server_config and client_config as for tui_start. */
static void shop_with(int n, const char *server_config,
                      const char *client_config)
{
    tui_start(&u, server_config, client_config);
    tui_user(&u, ADMIN, PW, "admin");
    TOKEN = testsrv_sign_in(&u.srv, ADMIN, PW);
    for (int i = 1; i <= n; i++) {
        char body[400];
        snprintf(body, sizeof body,
                 "{\"name\":\"Gadget %02d\",\"description\":\"For the "
                 "habits tests.\",\"category\":\"%s\",\"price\":%d,"
                 "\"quantity\":%d,\"sku\":\"GAD-%02d\"}",
                 i, i % 2 ? "electronics" : "books", 1000 + i, 50 + i, i);
        struct http_resp r;
        http_call(&u.srv, "POST", "/products", TOKEN, body, &r, NULL);
        ck_assert_msg(r.status == 201, "create: %ld %s", r.status, r.body);
        const char *id = jstr(r.json, "data.id");
        ck_assert_ptr_nonnull(id);
        if (i == 1)
            first_id = strdup(id);
        free(last_id);
        last_id = strdup(id);
        http_resp_free(&r);
    }
    tui_login(&u, ADMIN, PW);
}

static struct vt *open_tui(int rows, int cols)
{
    struct vt *t = tui_spawn(&u, rows, cols, NULL);
    vt_assert_text(t, "Products · page 1", 15000);
    vt_settle(t, 200, 5000); /* the whole first page, not its first bytes */
    return t;
}

static int row_of(struct vt *t, const char *text)
{
    int r, c;
    if (!vt_wait_text(t, text, 3000) || !vt_find(t, text, &r, &c))
        vt_fail(t, "\"%s\" not on screen", text);
    return r;
}

/* True when text's row is drawn as the selection (the marker, and a
 * highlight). */
static bool selected(struct vt *t, const char *text)
{
    int r = row_of(t, text);
    struct vt_cell c, body;
    vt_cell(t, r, 0, &c);
    vt_cell(t, r, 4, &body);
    return !strcmp(c.text, "▌") &&
           (body.reverse || body.bg != VT_COLOR_DEFAULT);
}

/* Waits until text's row is the selection. */
static void assert_selected(struct vt *t, const char *text)
{
    int64_t until = time_mono_ms() + 3000;
    while (!selected(t, text)) {
        if (time_mono_ms() > until)
            vt_fail(t, "\"%s\" is not selected", text);
        vt_settle(t, 30, 200);
    }
}

static char *last_row(struct vt *t)
{
    int rows;
    vt_size(t, &rows, NULL);
    return vt_row(t, rows - 1);
}

/* Waits until the bottom row (the command line, or the footer) holds
 * text. */
static void assert_bottom(struct vt *t, const char *text)
{
    int64_t until = time_mono_ms() + 3000;
    for (;;) {
        vt_pump(t);
        char *row = last_row(t);
        bool yes = strstr(row, text) != NULL;
        free(row);
        if (yes)
            return;
        if (time_mono_ms() > until)
            vt_fail(t, "the bottom row does not show \"%s\"", text);
        vt_settle(t, 30, 200);
    }
}

/* The bottom row is exactly text (trailing spaces aside). */
static void assert_line_is(struct vt *t, const char *text)
{
    vt_settle(t, 100, 2000);
    char *row = last_row(t);
    if (strcmp(row, text))
        vt_fail(t, "the command line is \"%s\", not \"%s\"", row, text);
    free(row);
}

static void quit_cleanly(struct vt *t)
{
    vt_send(t, "q");
    int st = -1;
    if (!vt_wait_exit(t, WAIT, &st))
        vt_fail(t, "q did not quit");
    if (st != 0)
        vt_fail(t, "the client exited with %d", st);
}

/* ---- the command line ------------------------------------------------- */

START_TEST(colon_orders_switches_and_search_searches)
{
    shop_with(3, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    vt_send(t, ":");
    assert_bottom(t, ":");
    /* The row above lists what Tab would offer. */
    vt_assert_text(t, "products  orders  dlq  search", 3000);
    vt_send(t, "orders");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Orders · page 1", WAIT);
    vt_assert_gone(t, "Products · page", 3000);
    /* The footer is back once the line closed. */
    vt_assert_text(t, "? help", 3000);
    vt_send(t, ":search gadget 02\r");
    vt_assert_text(t, "search \"gadget 02\"", WAIT);
    vt_assert_text(t, "Gadget 02", WAIT);
    vt_assert_gone(t, "Gadget 01", WAIT);
    /* A unique prefix is enough; no text clears the search. */
    vt_send(t, ":se\r");
    vt_assert_text(t, "Gadget 01", WAIT);
    vt_assert_gone(t, "search \"", 3000);
    quit_cleanly(t);
}
END_TEST

START_TEST(tab_completes_names_then_values)
{
    shop_with(4, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    vt_send(t, ":ca");
    vt_send(t, VT_TAB);
    assert_line_is(t, ":category"); /* and a space after it */
    vt_assert_text(t, ":category NAME", 3000); /* what it takes */
    vt_send(t, "bo");
    vt_send(t, VT_TAB);
    assert_line_is(t, ":category books");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Products · books", WAIT);
    vt_assert_text(t, "Gadget 04", WAIT);
    vt_assert_gone(t, "Gadget 03", WAIT);
    /* Two fit: Tab goes as far as they agree, then cycles. */
    vt_send(t, ":or");
    vt_send(t, VT_TAB);
    assert_line_is(t, ":order");
    vt_assert_text(t, "orders  order", 3000);
    vt_send(t, VT_TAB);
    assert_line_is(t, ":orders");
    vt_send(t, VT_TAB);
    assert_line_is(t, ":order");
    vt_send(t, VT_TAB);
    assert_line_is(t, ":orders");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Orders · page 1", WAIT);
    /* Esc closes the line and changes nothing. */
    vt_send(t, ":pro");
    assert_bottom(t, ":pro");
    vt_send(t, VT_ESC);
    vt_assert_text(t, "? help", 3000);
    vt_assert_text(t, "Orders · page 1", 1000);
    quit_cleanly(t);
}
END_TEST

/* :theme completes the themes' names and switches live. */
START_TEST(theme_completes_and_switches)
{
    shop_with(2, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    int r = row_of(t, "Gadget 02");
    struct vt_cell before;
    vt_cell(t, r, 4, &before);
    vt_send(t, ":theme hi");
    vt_send(t, VT_TAB);
    assert_line_is(t, ":theme high-contrast");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Theme: high-contrast.", 3000);
    vt_settle(t, 200, 3000);
    struct vt_cell after;
    vt_cell(t, r, 4, &after);
    ck_assert_msg(after.bg != before.bg || after.fg != before.fg ||
                      after.reverse != before.reverse,
                  "the selection looks different (bg %d -> %d)", before.bg,
                  after.bg);
    ck_assert(selected(t, "Gadget 02"));
    vt_send(t, ":theme\r");
    vt_assert_text(t, "Theme: high-contrast (Tab after :theme", 3000);
    quit_cleanly(t);
}
END_TEST

START_TEST(history_comes_back_with_up_and_ctrl_r)
{
    shop_with(2, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    vt_send(t, ":orders\r");
    vt_assert_text(t, "Orders · page 1", WAIT);
    vt_send(t, ":search gadget\r");
    vt_assert_text(t, "search \"gadget\"", WAIT);
    vt_send(t, ":products\r");
    vt_settle(t, 200, 3000);
    /* Up: newest first; Down goes back towards what was being typed. */
    vt_send(t, ":");
    vt_key(t, VT_UP);
    assert_line_is(t, ":products");
    vt_key(t, VT_UP);
    assert_line_is(t, ":search gadget");
    vt_key(t, VT_UP);
    assert_line_is(t, ":orders");
    vt_key(t, VT_DOWN);
    assert_line_is(t, ":search gadget");
    vt_key(t, VT_UP);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Orders · page 1", WAIT);
    /* Ctrl-R from a pane: type part of a line, Enter runs the match. */
    vt_send(t, VT_CTRL('r'));
    vt_assert_text(t, "History search:", 3000);
    vt_send(t, "gadg");
    assert_line_is(t, ":search gadget");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "search \"gadget\"", WAIT);
    vt_assert_text(t, "Products · search", WAIT);
    /* Ctrl-R again walks to older matches (run again, a line moved to
     * the newest place: the history is now products, orders, search). */
    vt_send(t, VT_CTRL('r'));
    vt_send(t, "o");
    assert_line_is(t, ":orders");
    vt_send(t, VT_CTRL('r'));
    assert_line_is(t, ":products");
    vt_send(t, VT_CTRL('r')); /* no older one: the match stays */
    assert_line_is(t, ":products");
    vt_send(t, VT_ESC); /* opened searching: Esc closes it all */
    vt_assert_text(t, "? help", 3000);
    quit_cleanly(t);
}
END_TEST

START_TEST(an_unknown_command_gets_a_sentence)
{
    shop_with(1, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    vt_send(t, ":frobnicate");
    vt_assert_text(t, "No command starts with \"frobnicate\"", 3000);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Unknown command \":frobnicate\"", 3000);
    vt_assert_text(t, "Products · page 1", 1000); /* nothing else moved */
    /* Recalled, it can be fixed. */
    vt_send(t, ":");
    vt_key(t, VT_UP);
    assert_line_is(t, ":frobnicate");
    vt_send(t, VT_ESC);
    vt_send(t, ":o\r");
    vt_assert_text(t, ":o could be :orders or :order", 3000);
    vt_send(t, ":quit now\r");
    vt_assert_text(t, ":quit takes nothing after it", 3000);
    vt_send(t, ":theme nosuch\r");
    vt_assert_text(t, "no theme", 3000);
    vt_assert_text(t, "the default theme stays", 3000);
    /* :quit quits. */
    vt_send(t, ":quit\r");
    int st = -1;
    if (!vt_wait_exit(t, WAIT, &st))
        vt_fail(t, ":quit did not quit");
    ck_assert_int_eq(st, 0);
}
END_TEST

START_TEST(order_jumps_by_its_short_id)
{
    shop_with(2, NULL, NULL);
    char *id = shop_order(&u.srv, TOKEN, first_id, 2);
    char short_id[9], cmd[64];
    snprintf(short_id, sizeof short_id, "%s", id);
    struct vt *t = open_tui(24, 80);
    /* Before the orders page is loaded: 8 characters find nothing. */
    snprintf(cmd, sizeof cmd, ":order %s\r", short_id);
    vt_send(t, cmd);
    vt_assert_text(t, "No order on the orders page starts with", 3000);
    vt_send(t, ":order 12ab\r");
    vt_assert_text(t, "Give at least 8 characters", 3000);
    /* With it loaded, the short id opens the order over this pane. */
    vt_send(t, "2");
    vt_assert_text(t, short_id, WAIT);
    vt_send(t, "1");
    vt_assert_text(t, "Products · page 1", WAIT);
    /* Tab offers the loaded ids. */
    vt_send(t, ":order ");
    vt_send(t, VT_TAB);
    char line[64];
    snprintf(line, sizeof line, ":order %s", id);
    assert_line_is(t, line);
    vt_send(t, VT_CTRL('u'));
    snprintf(cmd, sizeof cmd, "order %s\r", short_id);
    vt_send(t, cmd);
    char title[32];
    snprintf(title, sizeof title, "Order %s", short_id);
    vt_assert_text(t, title, WAIT);
    vt_assert_text(t, "Gadget 01", WAIT);
    vt_assert_text(t, id, WAIT); /* the whole id, fetched */
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Products · page 1", WAIT);
    /* A whole id needs nothing loaded. */
    snprintf(cmd, sizeof cmd, ":order %s\r", id);
    vt_send(t, "1");
    vt_send(t, cmd);
    vt_assert_text(t, title, WAIT);
    free(id);
    vt_send(t, VT_ESC);
    quit_cleanly(t);
}
END_TEST

START_TEST(help_lists_the_commands)
{
    shop_with(1, NULL, NULL);
    struct vt *t = open_tui(40, 80);
    vt_send(t, ":help\r");
    vt_assert_text(t, "Keys", 3000);
    vt_assert_text(t, "Type a command", 3000);
    for (int i = 0; i < 60; i++) /* the commands come last */
        vt_send(t, "j");
    vt_assert_text(t, "Commands (: first", 3000);
    vt_assert_text(t, ":category NAME", 3000);
    vt_assert_text(t, ":dlq", 3000); /* an admin's */
    vt_send(t, VT_ESC);
    vt_assert_gone(t, "Commands (: first", 3000);
    quit_cleanly(t);
}
END_TEST

/* ---- the mouse -------------------------------------------------------- */

/* A press and release of button b at the screen's (row, col), 0-based,
 * as xterm reports it in SGR 1006 mode. */
static void mouse(struct vt *t, int b, int row, int col)
{
    char seq[64];
    snprintf(seq, sizeof seq, "\033[<%d;%d;%dM", b, col + 1, row + 1);
    vt_send(t, seq);
    if (b < 64) { /* the wheel has no release */
        snprintf(seq, sizeof seq, "\033[<%d;%d;%dm", b, col + 1, row + 1);
        vt_send(t, seq);
    }
}

static void click_on(struct vt *t, const char *text, int times)
{
    int r, c;
    if (!vt_wait_text(t, text, 3000) || !vt_find(t, text, &r, &c))
        vt_fail(t, "\"%s\" is not there to click", text);
    for (int i = 0; i < times; i++)
        mouse(t, 0, r, c + 3);
}

static bool output_has(struct vt *t, const char *bytes)
{
    size_t n;
    vt_pump(t);
    const char *out = vt_output(t, &n);
    return memmem(out, n, bytes, strlen(bytes)) != NULL;
}

START_TEST(clicks_select_open_and_switch)
{
    shop_with(6, NULL, MOUSE_ON);
    struct vt *t = open_tui(24, 80);
    /* Reports asked for, in SGR mode. */
    ck_assert_msg(output_has(t, "\033[?1006;1000h"), "mouse reports on");
    assert_selected(t, "Gadget 06");
    click_on(t, "Gadget 04", 1);
    assert_selected(t, "Gadget 04");
    ck_assert(!selected(t, "Gadget 06"));
    /* The wheel moves the selection a card at a time (cards are three
     * rows). */
    mouse(t, 65, 10, 10);
    assert_selected(t, "Gadget 03");
    mouse(t, 64, 10, 10);
    assert_selected(t, "Gadget 04");
    /* A double click opens what it is on. */
    click_on(t, "Gadget 05", 2);
    vt_assert_text(t, "Description", WAIT);
    vt_assert_text(t, "GAD-05", WAIT);
    vt_send(t, VT_ESC);
    vt_assert_text(t, "Products · page 1", WAIT);
    assert_selected(t, "Gadget 05");
    /* A click on a tab's name shows that tab. */
    click_on(t, "2 Orders", 1);
    vt_assert_text(t, "Orders · page 1", WAIT);
    click_on(t, "1 Products", 1);
    vt_assert_text(t, "Products · page 1", WAIT);
    /* In the table too, and in a list to choose from. */
    vt_send(t, "t");
    vt_assert_text(t, "NAME", 3000);
    vt_settle(t, 200, 3000);
    click_on(t, "Gadget 02", 1);
    assert_selected(t, "Gadget 02");
    vt_send(t, "c");
    vt_assert_text(t, "all categories", 3000);
    click_on(t, "│  books", 2); /* the list's, not the table's */
    vt_assert_text(t, "Products · books", WAIT);
    quit_cleanly(t);
    /* Quitting gives the mouse back. */
    ck_assert_msg(output_has(t, "\033[?1006;1000l"), "mouse reports off");
}
END_TEST

START_TEST(the_mouse_is_left_alone_by_default)
{
    shop_with(2, NULL, NULL);
    struct vt *t = open_tui(24, 80);
    ck_assert_msg(!output_has(t, "1000h"), "no mouse reports asked for");
    /* A report that arrives anyway (a terminal that sends them regardless)
     * does nothing. */
    mouse(t, 0, row_of(t, "Gadget 01"), 5);
    vt_settle(t, 200, 2000);
    ck_assert(selected(t, "Gadget 02"));
    quit_cleanly(t);
}
END_TEST

/* Opening the line and closing it send only its two rows and the chrome
 * they covered, not the pane under them. */
START_TEST(the_command_line_costs_little)
{
    shop_with(12, NULL, MOUSE_ON);
    struct vt *t = open_tui(40, 120);
    vt_settle(t, 400, 5000);
    size_t before = vt_bytes(t);
    vt_send(t, ":");
    vt_assert_text(t, "products  orders", 3000);
    vt_settle(t, 300, 3000);
    size_t open = vt_bytes(t) - before;
    before = vt_bytes(t);
    vt_send(t, VT_ESC);
    vt_assert_text(t, "? help", 3000);
    vt_settle(t, 300, 3000);
    size_t close = vt_bytes(t) - before;
    before = vt_bytes(t);
    mouse(t, 0, row_of(t, "Gadget 10"), 10);
    assert_selected(t, "Gadget 10");
    vt_settle(t, 300, 3000);
    size_t click = vt_bytes(t) - before;
    before = vt_bytes(t);
    vt_send(t, VT_CTRL('l'));
    vt_settle(t, 300, 3000);
    size_t full = vt_bytes(t) - before;
    fprintf(stderr, "bytes at 120x40: open the command line %zu, close it "
            "%zu, a click that moves the selection %zu, full repaint %zu\n",
            open, close, click, full);
    ck_assert_msg(open * 4 < full && close * 4 < full,
                  "open %zu, close %zu: a fraction of a repaint (%zu)", open,
                  close, full);
    ck_assert_msg(click * 4 < full, "a click (%zu) is a fraction of a "
                  "repaint (%zu)", click, full);
    quit_cleanly(t);
}
END_TEST

/* ---- the cursor ------------------------------------------------------- */

/* The hardware cursor is on the highlighted row: its row shows text,
 * and the cell under the cursor is the selection's marker. */
static void assert_cursor_on(struct vt *t, const char *text,
                             const char *marker)
{
    vt_settle(t, 150, 3000);
    int r, c;
    vt_cursor(t, &r, &c);
    int want = row_of(t, text);
    struct vt_cell cell;
    vt_cell(t, r, c, &cell);
    if (r != want || strcmp(cell.text, marker))
        vt_fail(t, "the cursor is at %d,%d (\"%s\"), not on \"%s\" (row %d)",
                r, c, cell.text, text, want);
}

/* A view has no selection: the cursor rests on its title's row. */
static void assert_cursor_row(struct vt *t, const char *text)
{
    vt_settle(t, 150, 3000);
    int r, c;
    vt_cursor(t, &r, &c);
    if (r != row_of(t, text))
        vt_fail(t, "the cursor is on row %d, not on \"%s\"", r, text);
}

START_TEST(the_cursor_sits_on_the_highlighted_row)
{
    shop_with(5, NULL, NULL);
    char *id = shop_order(&u.srv, TOKEN, first_id, 1);
    free(id);
    struct vt *t = open_tui(24, 80);
    assert_cursor_on(t, "Gadget 05", "▌");
    vt_send(t, "jj");
    assert_selected(t, "Gadget 03");
    assert_cursor_on(t, "Gadget 03", "▌");
    vt_send(t, "t"); /* the table */
    vt_assert_text(t, "NAME", 3000);
    vt_send(t, "j");
    assert_selected(t, "Gadget 02");
    assert_cursor_on(t, "Gadget 02", "▌");
    /* A list to choose from: on the chosen line's marker. */
    vt_send(t, "c");
    vt_assert_text(t, "all categories", 3000);
    vt_send(t, "jj");
    assert_cursor_on(t, "> clothing", ">");
    vt_send(t, VT_ESC);
    /* A product's detail: on its name. */
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Description", WAIT);
    assert_cursor_row(t, "Gadget 02");
    vt_send(t, VT_ESC);
    /* The orders list, then an order. */
    vt_send(t, "2");
    vt_assert_text(t, "Orders · page 1", WAIT);
    assert_cursor_on(t, "Gadget 01", "▌");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Order id", WAIT);
    assert_cursor_row(t, "Order ");
    quit_cleanly(t);
}
END_TEST

/* ---- y ---------------------------------------------------------------- */

/* Waits for the OSC 52 sequence that carries id. */
static void assert_copied(struct vt *t, const char *id)
{
    char *b64 = base64_encode(id, strlen(id));
    char want[256];
    snprintf(want, sizeof want, "\033]52;c;%s\a", b64);
    free(b64);
    int64_t until = time_mono_ms() + 3000;
    while (!output_has(t, want)) {
        if (time_mono_ms() > until)
            vt_fail(t, "no OSC 52 with %s", id);
        vt_settle(t, 30, 200);
    }
    /* And the footer shows it to copy by hand. */
    assert_bottom(t, id);
    assert_bottom(t, "(if your terminal allows OSC 52)");
}

START_TEST(y_copies_the_id_with_osc52_and_shows_it)
{
    shop_with(3, NULL, NULL);
    char *order = shop_order(&u.srv, TOKEN, first_id, 1);
    struct vt *t = open_tui(24, 80);
    vt_send(t, "y");
    assert_copied(t, last_id);
    /* The screen is whole: nothing of the sequence shows, the frame is
     * where it was. */
    vt_assert_text(t, "1 Products", 1000);
    vt_assert_text(t, "Gadget 03", 1000);
    vt_assert_gone(t, "52;c", 1000);
    vt_send(t, "jj");
    assert_selected(t, "Gadget 01");
    vt_send(t, "y");
    assert_copied(t, first_id);
    /* In the product's detail, an order, the orders list. */
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Description", WAIT);
    vt_send(t, "y");
    assert_copied(t, first_id);
    vt_send(t, "2");
    vt_assert_text(t, "Orders · page 1", WAIT);
    vt_settle(t, 200, 3000);
    vt_send(t, "y");
    assert_copied(t, order);
    vt_send(t, VT_ENTER);
    char title[32];
    snprintf(title, sizeof title, "Order %.8s", order);
    vt_assert_text(t, title, WAIT);
    vt_send(t, "y");
    assert_copied(t, order);
    free(order);
    quit_cleanly(t);
}
END_TEST

START_TEST(y_copies_a_dlq_message_id)
{
    shop_with(1, "[faults]\nnotify_fail_rate = 1.0\n"
                 "[queue]\nvisibility_timeout = 1\nmax_receive_count = 1\n",
              NULL);
    char *order = shop_order(&u.srv, TOKEN, first_id, 1);
    free(order);
    ck_assert(shop_wait_dlq(&u.srv, TOKEN, 1, WAIT));
    struct http_resp r;
    http_call(&u.srv, "GET", "/admin/dlq", TOKEN, NULL, &r, NULL);
    const char *mid = jstr(r.json, "data.items.0.messageId");
    ck_assert_msg(mid, "a message id: %s", r.body);
    char *message = strdup(mid);
    http_resp_free(&r);
    struct vt *t = open_tui(24, 80);
    vt_send(t, "3");
    vt_assert_text(t, "1 shown", WAIT);
    vt_settle(t, 200, 3000);
    vt_send(t, "y");
    assert_copied(t, message);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "DLQ message · order", WAIT);
    vt_send(t, "y");
    assert_copied(t, message);
    free(message);
    quit_cleanly(t);
}
END_TEST

Suite *suite_habits(void)
{
    Suite *s = suite_create("habits");
    TCase *tc = tcase_create("habits");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, colon_orders_switches_and_search_searches);
    tcase_add_test(tc, tab_completes_names_then_values);
    tcase_add_test(tc, theme_completes_and_switches);
    tcase_add_test(tc, history_comes_back_with_up_and_ctrl_r);
    tcase_add_test(tc, an_unknown_command_gets_a_sentence);
    tcase_add_test(tc, order_jumps_by_its_short_id);
    tcase_add_test(tc, help_lists_the_commands);
    tcase_add_test(tc, the_command_line_costs_little);
    tcase_add_test(tc, clicks_select_open_and_switch);
    tcase_add_test(tc, the_mouse_is_left_alone_by_default);
    tcase_add_test(tc, the_cursor_sits_on_the_highlighted_row);
    tcase_add_test(tc, y_copies_the_id_with_osc52_and_shows_it);
    tcase_add_test(tc, y_copies_a_dlq_message_id);
    suite_add_tcase(s, tc);
    return s;
}
