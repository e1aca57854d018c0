/* The TUI's pieces that need no terminal: display widths, cutting and
 * wrapping, the text field's editing, the list's selection moves, the
 * action list's keys and the footer's hints. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/actions.h"
#include "ui/keys.h"
#include "ui/text.h"
#include "ui/widgets/field.h"
#include "ui/widgets/listview.h"
#include "unit/suites.h"

static void utf8_locale(void)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
    actions_init();
}

START_TEST(widths_count_columns_not_bytes)
{
    ck_assert_int_eq(text_width("abc"), 3);
    ck_assert_int_eq(text_width("日本"), 4);          /* wide: 2 each */
    ck_assert_int_eq(text_width("e\xCC\x81"), 1);     /* e + combining acute */
    ck_assert_int_eq(text_width(""), 0);
}
END_TEST

START_TEST(cut_never_splits_a_wide_char_or_a_mark)
{
    char *s = text_cut("日本語のテキスト", 5);
    /* 2 + 2 columns fit before the ellipsis; a third wide char would not. */
    ck_assert_str_eq(s, "日本…");
    ck_assert_int_le(text_width(s), 5);
    free(s);
    s = text_cut("cafe\xCC\x81 au lait", 5);
    ck_assert_str_eq(s, "cafe\xCC\x81…"); /* the mark stays on its e */
    free(s);
    s = text_cut("short", 10);
    ck_assert_str_eq(s, "short");
    free(s);
    s = text_cut("anything", 0);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

START_TEST(wrap_breaks_at_spaces_within_width)
{
    char **lines;
    size_t n = text_wrap("the quick brown fox jumps over", 10, &lines);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(lines[0], "the quick");
    ck_assert_str_eq(lines[1], "brown fox");
    ck_assert_str_eq(lines[2], "jumps over"); /* exactly 10 fits */
    for (size_t i = 0; i < n; i++)
        ck_assert_int_le(text_width(lines[i]), 10);
    text_lines_free(lines, n);
    n = text_wrap("日本語日本語日本語", 5, &lines); /* no spaces: by width */
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(lines[0], "日本");
    text_lines_free(lines, n);
}
END_TEST

START_TEST(field_edits_by_character)
{
    struct field f;
    field_init(&f, "Name", 10, "ab");
    ck_assert(field_key(&f, 'c'));
    ck_assert(field_key(&f, UI_FN(KEY_LEFT)));
    ck_assert(field_key(&f, 0x65E5)); /* 日 inserted before c */
    char *v = field_value(&f);
    ck_assert_str_eq(v, "ab日c");
    free(v);
    ck_assert(field_key(&f, UI_FN(KEY_BACKSPACE)));
    v = field_value(&f);
    ck_assert_str_eq(v, "abc");
    free(v);
    ck_assert(field_key(&f, UI_CTRL('u'))); /* up to the cursor */
    v = field_value(&f);
    ck_assert_str_eq(v, "c");
    free(v);
    ck_assert(!field_key(&f, UI_ENTER)); /* not for the field */
    ck_assert(!field_key(&f, UI_ESC));
    field_free(&f);

    field_init(&f, "Quantity", 3, "1");
    f.digits = true;
    ck_assert(field_key(&f, 'x')); /* taken, refused */
    ck_assert(field_key(&f, '2'));
    ck_assert(field_key(&f, '3'));
    ck_assert(field_key(&f, '4')); /* over the limit: refused */
    v = field_value(&f);
    ck_assert_str_eq(v, "123");
    free(v);
    field_free(&f);
}
END_TEST

START_TEST(list_moves_in_a_grid)
{
    struct listview lv;
    memset(&lv, 0, sizeof lv);
    listview_layout(&lv, 0, 0, 9, 150, 3, 3); /* 3 lines of 3 cards */
    listview_set_count(&lv, 10, 0);
    ck_assert(listview_move(&lv, 0, 1));
    ck_assert_uint_eq(lv.sel, 1);
    ck_assert(listview_move(&lv, 1, 0));
    ck_assert_uint_eq(lv.sel, 4);
    ck_assert(!listview_move(&lv, 0, 5)); /* right stays on its line */
    ck_assert(listview_move(&lv, 1, 0));
    ck_assert(listview_move(&lv, 1, 0)); /* to the last, shorter line */
    ck_assert_uint_eq(lv.sel, 9);
    ck_assert_uint_eq(lv.top, 3); /* scrolled one line */
    ck_assert(!listview_move(&lv, 1, 0));
    listview_select(&lv, 0);
    ck_assert_uint_eq(lv.top, 0);
    ck_assert(!listview_move(&lv, -1, 0));
    /* A move inside the screen redraws only the two items. */
    (void)listview_draw; /* drawing needs a window: the screen tests */
    lv.full = false;
    lv.drawn_top = lv.top;
    ck_assert(listview_move(&lv, 0, 1));
    ck_assert(listview_only_selection(&lv));
}
END_TEST

START_TEST(every_action_has_keys_and_help)
{
    for (int id = ACT_NONE + 1; id < ACT_COUNT; id++) {
        const struct action_def *d = action_def((enum action)id);
        ck_assert_ptr_nonnull(d);
        ck_assert(d->keys[0] && d->name[0] && d->help[0]);
        ck_assert_uint_ne(d->scope, 0);
    }
    ck_assert_int_eq(action_key_parse("Up", 2), UI_FN(KEY_UP));
    ck_assert_int_eq(action_key_parse("C-l", 3), UI_CTRL('l'));
    ck_assert_int_eq(action_key_parse("Nope", 4), 0);
}
END_TEST

START_TEST(keys_mean_what_the_list_says_where_it_says)
{
    ck_assert_int_eq(actions_lookup('q', PK_PRODUCTS, false), ACT_QUIT);
    ck_assert_int_eq(actions_lookup('n', PK_PRODUCTS, false), ACT_PAGE_NEXT);
    ck_assert_int_eq(actions_lookup('n', PK_CONFIRM, false), ACT_NO);
    ck_assert_int_eq(actions_lookup('\n', PK_PRODUCTS, false), ACT_OPEN);
    ck_assert_int_eq(actions_lookup(UI_FN(KEY_NPAGE), PK_ORDERS, false),
                     ACT_PAGE_NEXT);
    /* Admin actions are not there for others. */
    ck_assert_int_eq(actions_lookup('a', PK_PRODUCTS, true), ACT_ADD_PRODUCT);
    ck_assert_int_eq(actions_lookup('a', PK_PRODUCTS, false), ACT_NONE);
    ck_assert_int_eq(actions_lookup('R', PK_DLQ, false), ACT_NONE);
    ck_assert_int_eq(actions_lookup('q', PK_SIGNIN, false), ACT_NONE);
}
END_TEST

START_TEST(footer_hints_come_from_the_list)
{
    char hints[512];
    actions_hints(PK_PRODUCTS, true, 200, hints, sizeof hints);
    ck_assert_ptr_nonnull(strstr(hints, "/ search"));
    ck_assert_ptr_nonnull(strstr(hints, "a add"));
    ck_assert_ptr_nonnull(strstr(hints, "? help"));
    ck_assert_ptr_nonnull(strstr(hints, "q quit"));
    actions_hints(PK_PRODUCTS, false, 200, hints, sizeof hints);
    ck_assert_ptr_null(strstr(hints, "a add"));
    /* Cut to the width, never past it, at an item's edge. */
    actions_hints(PK_PRODUCTS, true, 20, hints, sizeof hints);
    ck_assert_int_le(text_width(hints), 20);
    ck_assert(hints[strlen(hints) - 1] != ' ');
}
END_TEST

/* The README's key table is the action list's: a new or changed action
 * fails here until the table is regenerated (build/keys.md has it). */
START_TEST(readme_key_table_matches_the_action_list)
{
    char *want = actions_markdown();
    FILE *f = fopen("README.md", "r");
    ck_assert_msg(f, "run from the source tree: README.md not found");
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    const char *begin = strstr(text, "<!-- keys:begin -->\n");
    const char *end = strstr(text, "<!-- keys:end -->");
    ck_assert_msg(begin && end && end > begin, "README has no key table");
    begin += strlen("<!-- keys:begin -->\n");
    bool same = strlen(want) == (size_t)(end - begin) &&
                !strncmp(want, begin, (size_t)(end - begin));
    if (!same) {
        FILE *out = fopen("build/keys.md", "w");
        if (out) {
            fputs(want, out);
            fclose(out);
        }
    }
    ck_assert_msg(same, "README's key table differs from ui/actions.h: put "
                        "build/keys.md between its keys:begin/end markers");
    free(want);
}
END_TEST

Suite *suite_ui(void)
{
    Suite *s = suite_create("ui");
    TCase *tc = tcase_create("ui");
    tcase_add_checked_fixture(tc, utf8_locale, NULL);
    tcase_add_test(tc, widths_count_columns_not_bytes);
    tcase_add_test(tc, cut_never_splits_a_wide_char_or_a_mark);
    tcase_add_test(tc, wrap_breaks_at_spaces_within_width);
    tcase_add_test(tc, field_edits_by_character);
    tcase_add_test(tc, list_moves_in_a_grid);
    tcase_add_test(tc, every_action_has_keys_and_help);
    tcase_add_test(tc, keys_mean_what_the_list_says_where_it_says);
    tcase_add_test(tc, footer_hints_come_from_the_list);
    tcase_add_test(tc, readme_key_table_matches_the_action_list);
    suite_add_tcase(s, tc);
    return s;
}
