/* The command line's tables and colours without a server: how columns
 * narrow, drop and cut at a given width, ids kept long enough to tell
 * apart, and the colour roles named as the TUI's theme names them. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/cli/colour.h"
#include "client/cli/table.h"
#include "common/textwidth.h"
#include "ui/theme.h"
#include "unit/suites.h"

static void utf8_locale(void)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
}

/* The table printed at width (colour when asked); malloc'd. */
static char *printed(const struct table *t, int width, bool colour)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    table_print_fit(t, f, width, colour);
    fclose(f);
    return buf;
}

/* Line i (from 0) of text, malloc'd. */
static char *line(const char *text, int i)
{
    for (; i > 0 && text; i--) {
        text = strchr(text, '\n');
        if (text)
            text++;
    }
    ck_assert_ptr_nonnull(text);
    return strndup(text, strcspn(text, "\n"));
}

static const struct table_col WIDE_COLS[] = {
    {"ID", TABLE_ID, 0, 1},
    {"NAME", 0, 10, 3},
    {"SKU", TABLE_OPTIONAL, 6, 4},
    {"PRICE", TABLE_RIGHT, 0, 0},
    {"", 0, 0, 0},
    {"WHEN", TABLE_PREFIX, 10, 2},
};

static void fill(struct table *t)
{
    table_init(t, WIDE_COLS, sizeof WIDE_COLS / sizeof *WIDE_COLS);
    const char *a[] = {"4f93eec2-43f1-4822-80a5-40f4db323b0a",
                       "Mechanical Keyboard TKL", "EL-KB-MECH-01", "$89.99",
                       "", "2026-11-29 12:53"};
    const char *b[] = {"fa9bfe7c-a0e7-4a7d-92b4-9e32f8db3676",
                       "日本語の名前がとても長い製品", "EL-MS-WL-02", "$1,044.99",
                       "", "2026-11-08 02:53"};
    table_add(t, a);
    table_add(t, b);
}

START_TEST(wide_enough_nothing_narrows)
{
    struct table t;
    fill(&t);
    char *out = printed(&t, 200, false);
    ck_assert_ptr_nonnull(strstr(out, "4f93eec2-43f1-4822-80a5-40f4db323b0a"));
    ck_assert_ptr_nonnull(strstr(out, "2026-11-29 12:53"));
    ck_assert_ptr_nonnull(strstr(out, "日本語の名前がとても長い製品"));
    /* The empty badge column takes no room: PRICE ends the line's
     * columns before WHEN with one gap. */
    char *head = line(out, 0);
    ck_assert_ptr_nonnull(strstr(head, "    PRICE  WHEN"));
    free(head);
    free(out);
    table_free(&t);
}
END_TEST

START_TEST(narrow_in_order_then_drop_then_cut)
{
    struct table t;
    fill(&t);
    /* 60: the id to 8, WHEN to the date, NAME narrows; SKU stays. */
    char *out = printed(&t, 60, false);
    for (int i = 0; i < 3; i++) {
        char *l = line(out, i);
        ck_assert_int_le(text_width(l), 60);
        free(l);
    }
    char *row = line(out, 1);
    ck_assert_str_eq(row, "4f93eec2  Mechanical …  EL-KB-MECH-01     "
                          "$89.99  2026-11-29");
    free(row);
    row = line(out, 2);
    ck_assert_int_eq(text_width(row), 60);
    ck_assert_ptr_nonnull(strstr(row, "日本語の名… ")); /* 11 columns + 1 */
    free(row);
    free(out);
    /* 45: SKU is left out before NAME goes below 10. */
    out = printed(&t, 45, false);
    ck_assert_ptr_null(strstr(out, "SKU"));
    row = line(out, 1);
    ck_assert_int_le(text_width(row), 45);
    free(row);
    free(out);
    /* 20: too narrow for the fixed columns; the free text gives way, the
     * rest stays whole. */
    out = printed(&t, 20, false);
    ck_assert_ptr_nonnull(strstr(out, "$1,044.99"));
    ck_assert_ptr_nonnull(strstr(out, "4f93eec2 "));
    free(out);
    table_free(&t);
}
END_TEST

START_TEST(ids_stay_long_enough_to_tell_apart)
{
    static const struct table_col cols[] = {{"MESSAGE ID", TABLE_ID, 0, 1},
                                            {"TEXT", 0, 4, 2}};
    struct table t;
    table_init(&t, cols, 2);
    const char *a[] = {"abcdef0123-1111", "some text here"};
    const char *b[] = {"abcdef0124-2222", "more text"};
    table_add(&t, a);
    table_add(&t, b);
    char *out = printed(&t, 24, false);
    /* 10 characters tell them apart (9 are shared), under a header
     * that is as wide. */
    char *row = line(out, 1);
    ck_assert_str_eq(row, "abcdef0123  some text h…");
    free(row);
    free(out);
    table_free(&t);

    const char *c[] = {"12345678-aaaa", "x"};
    const char *d[] = {"87654321-bbbb", "y"};
    table_init(&t, cols, 2);
    table_add(&t, c);
    table_add(&t, d);
    out = printed(&t, 16, false);
    /* 8 at least, and no cut at the header's width ("12345678-a"). */
    row = line(out, 1);
    ck_assert_str_eq(row, "12345678    x");
    free(row);
    free(out);
    table_free(&t);
}
END_TEST

START_TEST(roles_colour_cells_not_padding)
{
    static const struct table_col cols[] = {{"STATUS", 0, 0, 0},
                                            {"N", TABLE_RIGHT, 0, 0}};
    struct table t;
    table_init(&t, cols, 2);
    const char *a[] = {"PENDING", "1"};
    table_add(&t, a);
    table_role(&t, 0, colour_status("PENDING"));
    const char *b[] = {"CANCELLED", "2"};
    table_add(&t, b);
    table_role(&t, 0, colour_status("CANCELLED"));
    char *out = printed(&t, 80, true);
    ck_assert_ptr_nonnull(strstr(out, "\033[1;33mPENDING\033[0m    1\n"));
    ck_assert_ptr_nonnull(strstr(out, "\033[2mCANCELLED\033[0m  2\n"));
    free(out);
    out = printed(&t, 80, false);
    ck_assert_ptr_null(strchr(out, '\033'));
    free(out);
    table_free(&t);
}
END_TEST

START_TEST(roles_are_the_tuis_names)
{
    static const char *const theme[] = {
#define X(id, name) name,
        THEME_ROLES(X)
#undef X
    };
    for (int r = 0; r < COLOUR_ROLE_COUNT; r++) {
        bool found = false;
        for (size_t i = 0; i < sizeof theme / sizeof *theme; i++)
            found |= !strcmp(theme[i], colour_name((enum colour_role)r));
        ck_assert_msg(found, "\"%s\" is not a role of ui/theme.h",
                      colour_name((enum colour_role)r));
    }
    enum colour_role role;
    ck_assert_str_eq(colour_stock(0, &role), "OUT");
    ck_assert_str_eq(colour_name(role), "out_of_stock");
    ck_assert_str_eq(colour_stock(9, &role), "LOW");
    ck_assert_str_eq(colour_name(role), "low_stock");
    ck_assert_str_eq(colour_stock(10, &role), "");
    ck_assert_str_eq(colour_name(colour_status("SHIPPED")), "status_confirmed");
    ck_assert_str_eq(colour_name(colour_status("ODD")), "status_other");
}
END_TEST

Suite *suite_cli_table(void)
{
    Suite *s = suite_create("cli_table");
    TCase *tc = tcase_create("cli_table");
    tcase_add_checked_fixture(tc, utf8_locale, NULL);
    tcase_add_test(tc, wide_enough_nothing_narrows);
    tcase_add_test(tc, narrow_in_order_then_drop_then_cut);
    tcase_add_test(tc, ids_stay_long_enough_to_tell_apart);
    tcase_add_test(tc, roles_colour_cells_not_padding);
    tcase_add_test(tc, roles_are_the_tuis_names);
    suite_add_tcase(s, tc);
    return s;
}
