/* The `:` command line without a terminal: reading a line into a command
 * and its argument, the completion candidates, `:order` resolution, the
 * history, the clipboard's OSC 52 sequence, and the README's command
 * table and the man page's list against the table in ui/cmdline.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "ui/clipboard.h"
#include "ui/cmdline.h"
#include "ui/text.h"
#include "unit/suites.h"

static const struct cmd_def *parse(const char *line, bool admin, char **arg,
                                   char **msg)
{
    *arg = *msg = NULL;
    return cmdline_parse(line, admin, arg, msg);
}

START_TEST(a_line_names_a_command_exactly_or_by_a_unique_prefix)
{
    char *arg, *msg;
    const struct cmd_def *d = parse("orders", false, &arg, &msg);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(d->id, CMD_ORDERS);
    ck_assert_str_eq(arg, "");
    free(arg);
    /* "order" is a command and the start of another: exact wins. */
    d = parse(":order  1a2b3c4d ", false, &arg, &msg);
    ck_assert_int_eq(d->id, CMD_ORDER);
    ck_assert_str_eq(arg, "1a2b3c4d");
    free(arg);
    d = parse("se walnut desk", false, &arg, &msg);
    ck_assert_int_eq(d->id, CMD_SEARCH);
    ck_assert_str_eq(arg, "walnut desk");
    free(arg);
    d = parse("q", false, &arg, &msg);
    ck_assert_int_eq(d->id, CMD_QUIT);
    free(arg);
    /* "o" could be two. */
    ck_assert_ptr_null(parse("o", false, &arg, &msg));
    ck_assert_ptr_null(arg);
    ck_assert_ptr_nonnull(strstr(msg, ":orders or :order"));
    free(msg);
    /* Unknown, with the word quoted. */
    ck_assert_ptr_null(parse("frobnicate now", false, &arg, &msg));
    ck_assert_ptr_nonnull(strstr(msg, "Unknown command \":frobnicate\""));
    free(msg);
    /* Nothing typed: nothing to say. */
    ck_assert_ptr_null(parse("  ", false, &arg, &msg));
    ck_assert_ptr_null(msg);
    /* An argument where none is taken. */
    ck_assert_ptr_null(parse("quit now", false, &arg, &msg));
    ck_assert_ptr_nonnull(strstr(msg, ":quit takes nothing"));
    free(msg);
}
END_TEST

START_TEST(admin_commands_are_for_admins)
{
    char *arg, *msg;
    ck_assert_ptr_null(parse("dlq", false, &arg, &msg));
    ck_assert_ptr_nonnull(strstr(msg, "needs an administrator"));
    free(msg);
    /* A prefix does not reach it for others. */
    ck_assert_ptr_null(parse("dl", false, &arg, &msg));
    ck_assert_ptr_nonnull(strstr(msg, "Unknown command"));
    free(msg);
    const struct cmd_def *d = parse("dl", true, &arg, &msg);
    ck_assert_int_eq(d->id, CMD_DLQ);
    free(arg);
}
END_TEST

static size_t test_values(enum cmd_arg kind, void *ctx, char ***out)
{
    (void)ctx;
    static const char *const CATS[] = {"all", "electronics", "home", "books"};
    static const char *const IDS[] = {"1a2b3c4d-0000-4000-8000-000000000001",
                                      "1a2b9999-0000-4000-8000-000000000002"};
    const char *const *src = kind == CA_CATEGORY ? CATS : IDS;
    size_t n = kind == CA_CATEGORY ? 4 : kind == CA_ORDER ? 2 : 0;
    *out = calloc(n ? n : 1, sizeof **out);
    for (size_t i = 0; i < n; i++)
        (*out)[i] = strdup(src[i]);
    return n;
}

START_TEST(completion_offers_names_then_values)
{
    struct cmd_completion c;
    cmdline_complete("", false, test_values, NULL, &c);
    ck_assert(c.command);
    ck_assert_uint_eq(c.n, CMD_COUNT - 1); /* not :dlq */
    cmd_completion_free(&c);
    cmdline_complete("or", false, test_values, NULL, &c);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_str_eq(c.items[0], "orders");
    ck_assert_str_eq(c.items[1], "order");
    ck_assert_uint_eq(cmd_completion_common(&c), 5); /* "order" */
    ck_assert_uint_eq(c.start, 0);
    cmd_completion_free(&c);
    cmdline_complete(":ca", false, test_values, NULL, &c);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.items[0], "category");
    ck_assert_uint_eq(c.start, 1);
    cmd_completion_free(&c);
    /* Values, by prefix, any case. */
    cmdline_complete("category HO", false, test_values, NULL, &c);
    ck_assert(!c.command);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.items[0], "home");
    ck_assert_uint_eq(c.start, strlen("category "));
    cmd_completion_free(&c);
    cmdline_complete("order 1a2b", false, test_values, NULL, &c);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_uint_eq(cmd_completion_common(&c), 4);
    cmd_completion_free(&c);
    /* Nothing for free text or a second word. */
    cmdline_complete("search wal", false, test_values, NULL, &c);
    ck_assert_uint_eq(c.n, 0);
    cmd_completion_free(&c);
    cmdline_complete("category home x", false, test_values, NULL, &c);
    ck_assert_uint_eq(c.n, 0);
    cmd_completion_free(&c);
}
END_TEST

START_TEST(order_ids_resolve_by_eight_characters)
{
    const char *ids[] = {"1a2b3c4d-0000-4000-8000-000000000001",
                         "1a2b3c4d-1111-4000-8000-000000000002",
                         "99aa88bb-0000-4000-8000-000000000003"};
    const char *found;
    ck_assert_int_eq(cmdline_resolve_order("99AA88BB", ids, 3, &found),
                     CO_FOUND);
    ck_assert_ptr_eq(found, ids[2]);
    ck_assert_int_eq(cmdline_resolve_order("1a2b3c4d", ids, 3, &found),
                     CO_AMBIGUOUS);
    ck_assert_int_eq(cmdline_resolve_order("1a2b3c4d-1", ids, 3, &found),
                     CO_FOUND);
    ck_assert_ptr_eq(found, ids[1]);
    ck_assert_int_eq(cmdline_resolve_order("99aa", ids, 3, &found), CO_SHORT);
    ck_assert_int_eq(cmdline_resolve_order("deadbeef", ids, 3, &found),
                     CO_UNKNOWN);
    const char *whole = "deadbeef-0000-4000-8000-000000000009";
    ck_assert_int_eq(cmdline_resolve_order(whole, ids, 3, &found), CO_WHOLE);
    ck_assert_ptr_eq(found, whole);
}
END_TEST

START_TEST(history_keeps_one_of_each_newest_last)
{
    struct cmd_history h = {0};
    cmd_history_add(&h, "orders");
    cmd_history_add(&h, "  search lamp ");
    cmd_history_add(&h, "");
    cmd_history_add(&h, "orders"); /* moves to the end */
    ck_assert_uint_eq(h.n, 2);
    ck_assert_str_eq(h.lines[0], "search lamp");
    ck_assert_str_eq(h.lines[1], "orders");
    ck_assert_int_eq(cmd_history_find(&h, "LAMP", (long)h.n), 0);
    ck_assert_int_eq(cmd_history_find(&h, "", (long)h.n), 1);
    ck_assert_int_eq(cmd_history_find(&h, "r", 1), 0); /* older than 1 */
    ck_assert_int_eq(cmd_history_find(&h, "zzz", (long)h.n), -1);
    for (int i = 0; i < CMD_HISTORY_MAX + 5; i++) {
        char line[32];
        snprintf(line, sizeof line, "search %d", i);
        cmd_history_add(&h, line);
    }
    ck_assert_uint_eq(h.n, CMD_HISTORY_MAX);
    char last[32];
    snprintf(last, sizeof last, "search %d", CMD_HISTORY_MAX + 4);
    ck_assert_str_eq(h.lines[h.n - 1], last);
    cmd_history_free(&h);
}
END_TEST

START_TEST(osc52_carries_the_text_in_base64)
{
    char *seq = clipboard_osc52("1a2b3c4d");
    char *b64 = base64_encode("1a2b3c4d", 8);
    char want[64];
    snprintf(want, sizeof want, "\033]52;c;%s\a", b64);
    ck_assert_str_eq(seq, want);
    free(b64);
    free(seq);
}
END_TEST

/* True when the text between begin and end in the source tree's file
 * path is want; else writes want to build/NAME for pasting. */
static bool block_is(const char *path, const char *begin_mark,
                     const char *end_mark, const char *want,
                     const char *name)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f, "run from the source tree: %s not found", path);
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    const char *begin = strstr(text, begin_mark);
    const char *end = strstr(text, end_mark);
    ck_assert_msg(begin && end && end > begin, "%s has no %s", path,
                  begin_mark);
    begin += strlen(begin_mark);
    bool same = strlen(want) == (size_t)(end - begin) &&
                !strncmp(want, begin, (size_t)(end - begin));
    if (!same) {
        char out_path[128];
        snprintf(out_path, sizeof out_path, "build/%s", name);
        FILE *out = fopen(out_path, "w");
        if (out) {
            fputs(want, out);
            fclose(out);
        }
    }
    return same;
}

/* The README's command table and the man page's list are the table in
 * ui/cmdline.h (build/commands.md and build/commands.roff have them when
 * they differ). */
START_TEST(readme_and_man_page_list_the_commands)
{
    char *want = cmdline_markdown();
    ck_assert_msg(block_is("README.md", "<!-- commands:begin -->\n",
                           "<!-- commands:end -->", want, "commands.md"),
                  "README's command table differs from ui/cmdline.h: put "
                  "build/commands.md between its commands:begin/end "
                  "markers");
    free(want);
    want = cmdline_roff();
    ck_assert_msg(block_is("inventui.1", ".\\\" commands:begin\n",
                           ".\\\" commands:end\n", want, "commands.roff"),
                  "inventui.1's commands differ from ui/cmdline.h: put "
                  "build/commands.roff between its commands:begin/end "
                  "comments");
    free(want);
}
END_TEST

Suite *suite_cmdline(void)
{
    Suite *s = suite_create("cmdline");
    TCase *tc = tcase_create("cmdline");
    tcase_add_test(tc, a_line_names_a_command_exactly_or_by_a_unique_prefix);
    tcase_add_test(tc, admin_commands_are_for_admins);
    tcase_add_test(tc, completion_offers_names_then_values);
    tcase_add_test(tc, order_ids_resolve_by_eight_characters);
    tcase_add_test(tc, history_keeps_one_of_each_newest_last);
    tcase_add_test(tc, osc52_carries_the_text_in_base64);
    tcase_add_test(tc, readme_and_man_page_list_the_commands);
    suite_add_tcase(s, tc);
    return s;
}
