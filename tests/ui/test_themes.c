/* Themes and read-only mode as a person sees them: every shipped theme at
 * 80×24 on a 256-colour and on an 8-colour terminal with the selection
 * plain to see; NO_COLOR (not one coloured cell) and a named theme
 * overriding it; a bad theme file (its line in the footer and on stderr,
 * the default used); --readonly and [ui] readonly (READONLY in the status
 * line, no write in the footer or the help, a write key refused with a
 * sentence). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fsutil.h"
#include "support/shop.h"
#include "ui/suites.h"
#include "ui/theme.h"
#include "ui/tui.h"

static struct tui u;
static const char ADMIN[] = "ops@example.com";
static const char PW[] = "Passw0rdX";

static const char *const SHIPPED[] = {
    "default", "dark", "light", "high-contrast", "colorblind", "mono",
};

static void down(void)
{
    tui_stop(&u);
}

static void product(const char *token, const char *name, const char *sku,
                    long long quantity)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"For the theme tests.\","
             "\"category\":\"home\",\"price\":1999,\"quantity\":%lld,"
             "\"sku\":\"%s\"}",
             name, quantity, sku);
    struct http_resp r;
    http_call(&u.srv, "POST", "/products", token, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create %s: %ld %s", name, r.status, r.body);
    http_resp_free(&r);
}

/* A server with three products (newest first on screen: Gone Gizmo, Low
 * Lamp, Plain Pot) and the admin signed in; client_config for the file. */
static void shop(const char *client_config)
{
    tui_start(&u, NULL, client_config);
    tui_user(&u, ADMIN, PW, "admin");
    char *token = testsrv_sign_in(&u.srv, ADMIN, PW);
    product(token, "Plain Pot", "POT-1", 40);
    product(token, "Low Lamp", "LOW-1", 5);
    product(token, "Gone Gizmo", "OUT-1", 0);
    free(token);
    tui_login(&u, ADMIN, PW);
}

static struct vt *open_size(int rows, int cols, const char *const args[],
                            const char *const env[])
{
    struct vt *t = tui_spawn_env(&u, rows, cols, args, env, NULL);
    vt_assert_text(t, "Products · page 1", 15000);
    vt_assert_text(t, "Plain Pot", 5000);
    vt_settle(t, 200, 5000); /* the whole first page, not its first bytes */
    return t;
}

static struct vt *open_env(const char *const args[], const char *const env[])
{
    return open_size(24, 80, args, env);
}

static int row_of(struct vt *t, const char *text)
{
    int r, c;
    if (!vt_wait_text(t, text, 3000) || !vt_find(t, text, &r, &c))
        vt_fail(t, "\"%s\" not on screen", text);
    return r;
}

/* The selected card (Gone Gizmo, first) against one that is not: the
 * marker, and reverse or a background of its own. */
static void assert_selection_shows(struct vt *t, const char *what)
{
    int sel = row_of(t, "Gone Gizmo"), other = row_of(t, "Low Lamp");
    struct vt_cell marker, body, plain;
    vt_cell(t, sel, 0, &marker);
    vt_cell(t, sel, 4, &body);
    vt_cell(t, other, 4, &plain);
    if (strcmp(marker.text, "▌") != 0)
        vt_fail(t, "%s: no ▌ on the selected card", what);
    if (body.reverse == plain.reverse && body.bg == plain.bg)
        vt_fail(t, "%s: the selected card looks like the others "
                   "(reverse %d, bg %d)",
                what, body.reverse, body.bg);
}

/* The theme as its file says, for terminals with 256 colours or fewer. */
static const struct theme_look *look(const char *name, enum theme_form f,
                                     enum theme_role r)
{
    static struct theme t;
    char path[64], *err = NULL;
    snprintf(path, sizeof path, "themes/%s.theme", name);
    ck_assert_msg(theme_find(path, &t, &err) == 0, "%s: %s", path, err);
    return &t.look[f][r];
}

/* The cell shows the look (a colour the look leaves to the terminal is
 * the default). */
static void assert_look(struct vt *t, int row, int col,
                        const struct theme_look *l, const char *what)
{
    struct vt_cell c;
    vt_cell(t, row, col, &c);
    int fg = l->fg < 0 ? VT_COLOR_DEFAULT : l->fg;
    int bg = l->bg < 0 ? VT_COLOR_DEFAULT : l->bg;
    if (c.fg != fg || c.bg != bg || c.reverse != !!(l->attrs & A_REVERSE) ||
        c.bold != !!(l->attrs & A_BOLD))
        vt_fail(t, "%s: cell %d,%d is fg %d bg %d reverse %d bold %d; the "
                   "theme says fg %d bg %d reverse %d bold %d",
                what, row, col, c.fg, c.bg, c.reverse, c.bold, fg, bg,
                !!(l->attrs & A_REVERSE), !!(l->attrs & A_BOLD));
}

START_TEST(every_shipped_theme_shows_the_selection_in_256_and_8_colours)
{
    shop(NULL);
    static const struct {
        const char *term;
        enum theme_form form;
    } TERMS[] = {{"TERM=xterm-256color", THEME_256}, {"TERM=xterm", THEME_8}};
    for (size_t i = 0; i < sizeof SHIPPED / sizeof *SHIPPED; i++) {
        for (size_t k = 0; k < 2; k++) {
            char what[96];
            snprintf(what, sizeof what, "%s on %s", SHIPPED[i],
                     TERMS[k].term + 5);
            struct vt *t = open_env(
                (const char *const[]){"--theme", SHIPPED[i], NULL},
                (const char *const[]){TERMS[k].term, NULL});
            if (vt_find(t, "theme", NULL, NULL))
                vt_fail(t, "%s: a theme problem is reported", what);
            assert_selection_shows(t, what);
            /* It is this theme: the selected card and the status line's
             * ONLINE look as its file says. */
            int r, c;
            ck_assert(vt_find(t, "ONLINE", &r, &c));
            assert_look(t, r, c, look(SHIPPED[i], TERMS[k].form, ROLE_OK),
                        what);
            const struct theme_look *sel =
                look(SHIPPED[i], TERMS[k].form, ROLE_SELECTED);
            struct theme_look bold_sel = *sel;
            bold_sel.attrs |= A_BOLD; /* the card's name is bold anyway */
            assert_look(t, row_of(t, "Gone Gizmo"), 4, &bold_sel, what);
        }
    }
}
END_TEST

/* Every cell of the screen is in the terminal's own colours. */
static void assert_no_colour(struct vt *t)
{
    int rows, cols;
    vt_size(t, &rows, &cols);
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            struct vt_cell cell;
            vt_cell(t, r, c, &cell);
            if (cell.fg != VT_COLOR_DEFAULT || cell.bg != VT_COLOR_DEFAULT)
                vt_fail(t, "cell %d,%d has colour (fg %d, bg %d)", r, c,
                        cell.fg, cell.bg);
        }
    }
}

START_TEST(no_color_means_mono_unless_a_theme_is_named)
{
    shop(NULL);
    struct vt *t = open_env(NULL, (const char *const[]){"NO_COLOR=1", NULL});
    assert_no_colour(t);
    assert_selection_shows(t, "NO_COLOR");
    struct vt_cell c;
    vt_cell(t, row_of(t, "Gone Gizmo"), 4, &c);
    ck_assert(c.reverse);
    /* The help overlay and a moved selection: still no colour. */
    vt_send(t, "j");
    vt_settle(t, 150, 2000);
    vt_send(t, "?");
    vt_assert_text(t, "Keys", 3000);
    vt_settle(t, 150, 2000);
    assert_no_colour(t);
    /* A theme named for this run wins over the variable. */
    t = open_env((const char *const[]){"--theme", "dark", NULL},
                 (const char *const[]){"NO_COLOR=1", NULL});
    vt_cell(t, row_of(t, "Gone Gizmo"), 4, &c);
    ck_assert_int_eq(c.bg, look("dark", THEME_256, ROLE_SELECTED)->bg);
}
END_TEST

START_TEST(a_bad_theme_file_is_reported_with_its_line_and_the_default_used)
{
    shop("[ui]\ntheme = bad\n");
    char path[320];
    snprintf(path, sizeof path, "%s/config/inventui/themes", u.home);
    ck_assert_int_eq(fs_mkdirs(path, 0700), 0);
    snprintf(path, sizeof path, "%s/config/inventui/themes/bad.theme", u.home);
    const char *text = "[roles]\ntitle = bold\nselected = fg:231 bg:purple\n";
    ck_assert_int_eq(fs_write_private(path, text, strlen(text)), 0);
    struct vt *t = open_env(NULL, NULL);
    /* In the footer: the file, the line, what is wrong, what is used. */
    vt_assert_text(t, "bad.theme:3: selected: \"purple\" is not a", 3000);
    vt_assert_text(t, "; using the default theme", 1000);
    int r;
    ck_assert(vt_find(t, "bad.theme:3:", &r, NULL));
    ck_assert_int_eq(r, 23);
    /* On stderr before the screen started (there after quitting). */
    size_t len;
    const char *out = vt_output(t, &len);
    ck_assert_msg(memmem(out, len, "inventui: theme: ~/config/inventui/themes/"
                                   "bad.theme:3: selected",
                         strlen("inventui: theme: ~/config/inventui/themes/"
                                "bad.theme:3: selected")),
                  "not on stderr");
    ck_assert(memmem(out, len, "using the default theme",
                     strlen("using the default theme")));
    /* The default theme draws the screen. */
    assert_selection_shows(t, "after a bad theme");
    assert_look(t, row_of(t, "Gone Gizmo"), 0,
                look("default", THEME_256, ROLE_SELECTED), "the default");
    /* A theme that does not exist says where it was looked for. */
    t = open_env((const char *const[]){"--theme", "nosuch", NULL}, NULL);
    vt_assert_text(t, "no theme \"nosuch\" (looked in ~/config", 3000);
    vt_assert_text(t, "; using the default theme", 1000);
    assert_selection_shows(t, "after a missing theme");
}
END_TEST

START_TEST(readonly_hides_every_write_and_refuses_its_key)
{
    shop(NULL);
    /* Wide enough for every hint: an absent one is left out, not cut. */
    struct vt *t = open_size(30, 160, (const char *const[]){"--readonly", NULL},
                             NULL);
    vt_assert_text(t, "READONLY", 1000);
    vt_assert_text(t, "/ search", 1000);
    ck_assert(!vt_find(t, "a add", NULL, NULL));
    /* The admin's add key: a sentence, no form. */
    vt_send(t, "a");
    vt_assert_text(t, "Read-only: \"add\" changes data", 3000);
    vt_settle(t, 200, 2000);
    ck_assert(!vt_find(t, "Add a product", NULL, NULL));
    ck_assert(vt_find(t, "Products · page 1", NULL, NULL));
    /* Not in the help either; reading keys are. */
    vt_send(t, "?");
    vt_assert_text(t, "Keys", 3000);
    vt_assert_text(t, "Search by name", 1000);
    ck_assert(!vt_find(t, "Add a product", NULL, NULL));
    vt_send(t, "q");
    vt_assert_gone(t, "Search by name", 3000);
    /* The product: no order, edit or delete; d is refused. */
    vt_send(t, "\r");
    vt_assert_text(t, "Created", 5000);
    vt_assert_text(t, "For the theme tests.", 3000);
    vt_settle(t, 200, 3000);
    ck_assert(!vt_find(t, "o order", NULL, NULL));
    ck_assert(!vt_find(t, "e edit", NULL, NULL));
    vt_send(t, "d");
    vt_assert_text(t, "Read-only: \"delete\" changes data", 3000);
    vt_settle(t, 200, 2000);
    ck_assert(!vt_find(t, "It cannot be undone", NULL, NULL));
    vt_send(t, "o");
    vt_assert_text(t, "Read-only: \"order\" changes data", 3000);
    vt_send(t, "?");
    vt_assert_text(t, "Keys", 3000);
    ck_assert(!vt_find(t, "Order this product", NULL, NULL));
    ck_assert(!vt_find(t, "Delete this product", NULL, NULL));
    vt_send(t, "q");
    vt_assert_gone(t, "Keys", 3000);
    /* Nothing changed on the server: the product is still there. */
    char *token = testsrv_sign_in(&u.srv, ADMIN, PW);
    struct http_resp res;
    http_call(&u.srv, "GET", "/products?limit=10", token, NULL, &res, NULL);
    ck_assert_int_eq(res.status, 200);
    ck_assert_ptr_nonnull(strstr(res.body, "Gone Gizmo"));
    http_resp_free(&res);
    free(token);
}
END_TEST

START_TEST(readonly_from_the_config_file)
{
    shop("[ui]\nreadonly = true\n");
    struct vt *t = open_size(30, 160, NULL, NULL);
    vt_assert_text(t, "READONLY", 1000);
    ck_assert(!vt_find(t, "a add", NULL, NULL));
    vt_send(t, "2");
    vt_assert_text(t, "No orders yet", 5000);
    vt_settle(t, 200, 3000);
    vt_send(t, "x");
    vt_assert_text(t, "Read-only: \"cancel order\" changes data and is "
                      "turned off.", 3000);
    /* The flag guards only the screen: a command is refused, not run. */
    char *out = NULL;
    int rc = tui_cli(&u, NULL, &out, (const char *const[]){
        "--readonly", "products", "delete", "nonexistent", "--yes", NULL});
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(out, "--readonly is for the full-screen client"),
                  "%s", out);
    free(out);
    /* Without it, the write is offered. */
    tui_stop(&u);
    shop(NULL);
    t = open_size(30, 160, NULL, NULL);
    vt_assert_text(t, "a add", 1000);
    ck_assert(!vt_find(t, "READONLY", NULL, NULL));
    /* …and the product's writes are in its footer (so their absence
     * above means something). */
    vt_send(t, "\r");
    vt_assert_text(t, "Created", 5000);
    vt_assert_text(t, "o order", 3000);
    vt_assert_text(t, "d delete", 1000);
}
END_TEST

Suite *suite_themes(void)
{
    Suite *s = suite_create("themes");
    TCase *tc = tcase_create("themes");
    tcase_set_timeout(tc, 240);
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_add_test(tc, every_shipped_theme_shows_the_selection_in_256_and_8_colours);
    tcase_add_test(tc, no_color_means_mono_unless_a_theme_is_named);
    tcase_add_test(tc, a_bad_theme_file_is_reported_with_its_line_and_the_default_used);
    tcase_add_test(tc, readonly_hides_every_write_and_refuses_its_key);
    tcase_add_test(tc, readonly_from_the_config_file);
    suite_add_tcase(s, tc);
    return s;
}
