/* The screen-test harness itself (vt.h), with /bin/sh as the program:
 * text, attributes, wide characters, the alternate screen, resize,
 * byte counts, keys, terminal queries and exit statuses. */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/timeutil.h"
#include "ui/suites.h"
#include "ui/vt.h"

/* Runs `sh -c script` in a ROWS×COLS vt. */
static struct vt *sh(int rows, int cols, const char *script)
{
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    return vt_spawn(rows, cols, argv, NULL, NULL);
}

/* Asserts row r reads exactly want. */
static void row_is(struct vt *t, int r, const char *want)
{
    char *got = vt_row(t, r);
    if (strcmp(got, want) != 0)
        vt_fail(t, "row %d is \"%s\", not \"%s\"", r, got, want);
    free(got);
}

static void exits_with(struct vt *t, int want)
{
    int st = -1;
    if (!vt_wait_exit(t, 5000, &st))
        vt_fail(t, "the program did not exit");
    ck_assert_int_eq(st, want);
}

START_TEST(rows_screen_and_find)
{
    struct vt *t = sh(5, 20, "printf 'hello\\nworld   \\n  x y'");
    vt_assert_text(t, "x y", 5000);
    exits_with(t, 0);
    row_is(t, 0, "hello");
    row_is(t, 1, "world");
    row_is(t, 2, "  x y");
    row_is(t, 4, "");
    char *s = vt_screen(t);
    ck_assert_str_eq(s, "hello\nworld\n  x y\n\n");
    free(s);
    int r = -1, c = -1;
    ck_assert(vt_find(t, "y", &r, &c));
    ck_assert_int_eq(r, 2);
    ck_assert_int_eq(c, 4);
    ck_assert(!vt_find(t, "nowhere", &r, &c));
    ck_assert(vt_wait_text(t, "hello\nworld", 0));
    ck_assert(!vt_wait_text(t, "hello world", 0));
    int rows, cols;
    vt_size(t, &rows, &cols);
    ck_assert_int_eq(rows, 5);
    ck_assert_int_eq(cols, 20);
    vt_free(t);
}
END_TEST

START_TEST(waits_time_out_and_see_text_go)
{
    struct vt *t = sh(5, 30, "stty -echo; printf 'busy'; read x; printf '\\r\\033[Kdone'; read x");
    vt_assert_text(t, "busy", 5000);
    int64_t t0 = time_mono_ms();
    ck_assert(!vt_wait_text(t, "done", 300));
    ck_assert_int_ge(time_mono_ms() - t0, 300);
    ck_assert(!vt_wait_gone(t, "busy", 100));
    vt_send(t, VT_ENTER);
    vt_assert_gone(t, "busy", 5000);
    vt_assert_text(t, "done", 5000);
    vt_free(t);
}
END_TEST

/* The cell where text starts, failing if it is not on screen. */
static void cell_of(struct vt *t, const char *text, struct vt_cell *cell)
{
    int r, c;
    if (!vt_find(t, text, &r, &c))
        vt_fail(t, "\"%s\" not on screen", text);
    vt_cell(t, r, c, cell);
}

START_TEST(cell_attributes_and_colours)
{
    struct vt *t = sh(5, 80,
        "printf 'plain \\033[7mREV\\033[0m \\033[1mBOLD\\033[0m "
        "\\033[4mUL\\033[0m \\033[31mRED\\033[0m \\033[38;5;208mORANGE\\033[0m "
        "\\033[44mONBLUE\\033[0m \\033[1;7;33mALL\\033[0m end'");
    vt_assert_text(t, "end", 5000);
    struct vt_cell c;
    cell_of(t, "plain", &c);
    ck_assert_str_eq(c.text, "p");
    ck_assert_int_eq(c.width, 1);
    ck_assert(!c.reverse && !c.bold && !c.underline);
    ck_assert_int_eq(c.fg, VT_COLOR_DEFAULT);
    ck_assert_int_eq(c.bg, VT_COLOR_DEFAULT);
    cell_of(t, "REV", &c);
    ck_assert(c.reverse && !c.bold);
    cell_of(t, "BOLD", &c);
    ck_assert(c.bold && !c.reverse);
    cell_of(t, "UL", &c);
    ck_assert(c.underline && !c.bold);
    cell_of(t, "RED", &c);
    ck_assert_int_eq(c.fg, 1);
    ck_assert_int_eq(c.bg, VT_COLOR_DEFAULT);
    cell_of(t, "ORANGE", &c);
    ck_assert_int_eq(c.fg, 208);
    cell_of(t, "ONBLUE", &c);
    ck_assert_int_eq(c.fg, VT_COLOR_DEFAULT);
    ck_assert_int_eq(c.bg, 4);
    cell_of(t, "ALL", &c);
    ck_assert(c.bold && c.reverse);
    ck_assert_int_eq(c.fg, 3);
    cell_of(t, "end", &c);
    ck_assert(!c.bold && !c.reverse);
    ck_assert_int_eq(c.fg, VT_COLOR_DEFAULT);
    vt_free(t);
}
END_TEST

START_TEST(wide_and_combining_characters)
{
    /* 日本 are two columns each, é is e + U+0301. */
    struct vt *t = sh(3, 20, "printf '\\346\\227\\245\\346\\234\\254|e\\314\\201|'");
    vt_assert_text(t, "日本|", 5000);
    row_is(t, 0, "日本|e\xcc\x81|");
    int r, c;
    ck_assert(vt_find(t, "|", &r, &c));
    ck_assert_int_eq(c, 4);
    ck_assert(vt_find(t, "本", &r, &c));
    ck_assert_int_eq(c, 2);
    ck_assert(vt_find(t, "e\xcc\x81|", &r, &c));
    ck_assert_int_eq(c, 5);
    struct vt_cell cell;
    vt_cell(t, 0, 0, &cell);
    ck_assert_str_eq(cell.text, "日");
    ck_assert_int_eq(cell.width, 2);
    vt_cell(t, 0, 1, &cell);
    ck_assert_str_eq(cell.text, "");
    vt_cell(t, 0, 5, &cell);
    ck_assert_str_eq(cell.text, "e\xcc\x81");
    ck_assert_int_eq(cell.width, 1);
    vt_free(t);
}
END_TEST

START_TEST(alternate_screen_cursor_and_title)
{
    struct vt *t = sh(5, 30,
        "printf 'main'; read x; "
        "printf '\\033[?1049h\\033[?25l\\033]0;my title\\007alt'; read x; "
        "printf '\\033[?25h\\033[?1049l'; read x");
    vt_assert_text(t, "main", 5000);
    ck_assert(!vt_altscreen(t));
    ck_assert(vt_cursor_visible(t));
    ck_assert_str_eq(vt_title(t), "");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "alt", 5000);
    vt_assert_gone(t, "main", 0);
    ck_assert(vt_altscreen(t));
    ck_assert(!vt_cursor_visible(t));
    ck_assert_str_eq(vt_title(t), "my title");
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "main", 5000);
    vt_assert_gone(t, "alt", 0);
    ck_assert(!vt_altscreen(t));
    ck_assert(vt_cursor_visible(t));
    /* The raw output ends by leaving the alternate screen. */
    size_t len;
    const char *out = vt_output(t, &len);
    ck_assert_uint_ge(len, 8);
    ck_assert_mem_eq(out + len - 8, "\033[?1049l", 8);
    ck_assert_uint_eq(len, vt_bytes(t));
    vt_free(t);
}
END_TEST

/* What ncurses sends comes from terminfo: tput reads the same entries. */
START_TEST(terminfo_sequences_for_xterm_256color)
{
    struct vt *t = sh(5, 40,
        "stty -echo; tput smcup; tput civis; tput rev; printf SEL; tput sgr0; "
        "printf ' '; tput setaf 196; printf LOW; tput sgr0; printf ' '; "
        "tput bold; printf B; tput sgr0; read x; tput cnorm; tput rmcup; read x");
    vt_assert_text(t, "SEL LOW B", 5000);
    ck_assert(vt_altscreen(t));
    ck_assert(!vt_cursor_visible(t));
    struct vt_cell c;
    cell_of(t, "SEL", &c);
    ck_assert(c.reverse);
    cell_of(t, "LOW", &c);
    ck_assert(!c.reverse);
    ck_assert_int_eq(c.fg, 196);
    cell_of(t, "B", &c);
    ck_assert(c.bold);
    vt_send(t, VT_ENTER);
    vt_assert_gone(t, "SEL", 5000);
    ck_assert(!vt_altscreen(t));
    ck_assert(vt_cursor_visible(t));
    size_t len;
    const char *out = vt_output(t, &len);
    ck_assert_ptr_nonnull(memmem(out, len, "\033[?25h", 6));
    /* rmcup is "\033[?1049l\033[23;0;0t" (and the title stack pop) */
    ck_assert_uint_ge(len, 20);
    ck_assert_ptr_nonnull(memmem(out + len - 20, 20, "\033[?1049l", 8));
    vt_free(t);
}
END_TEST

START_TEST(resize_sends_sigwinch)
{
    struct vt *t = sh(24, 80,
        "trap 'echo WINCH $(stty size)' WINCH; echo ready $(stty size); "
        "while :; do sleep 0.05; done");
    vt_assert_text(t, "ready 24 80", 5000);
    vt_resize(t, 30, 100);
    int rows, cols;
    vt_size(t, &rows, &cols);
    ck_assert_int_eq(rows, 30);
    ck_assert_int_eq(cols, 100);
    vt_assert_text(t, "WINCH 30 100", 5000);
    vt_resize(t, 10, 40);
    vt_assert_text(t, "WINCH 10 40", 5000);
    vt_free(t);
}
END_TEST

START_TEST(bytes_per_key_press)
{
    /* Raw mode, no echo: the terminal gets exactly what cat copies. */
    struct vt *t = sh(5, 40, "stty raw -echo; printf 'abcde'; exec cat");
    vt_assert_text(t, "abcde", 5000);
    ck_assert(vt_settle(t, 100, 5000));
    ck_assert_uint_eq(vt_bytes(t), 5);
    size_t before = vt_bytes(t);
    vt_send(t, "xyz");
    vt_assert_text(t, "abcdexyz", 5000);
    ck_assert(vt_settle(t, 100, 5000));
    ck_assert_uint_eq(vt_bytes(t) - before, 3);
    vt_free(t);
}
END_TEST

/* A test busy elsewhere (waiting on a proxy, say) never blocks the
 * program: its output is read meanwhile, far beyond the pty's buffer. */
START_TEST(output_is_read_while_the_test_looks_away)
{
    char mark[] = "/tmp/inventui-vtmark-XXXXXX";
    int fd = mkstemp(mark);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(mark);
    char script[200];
    snprintf(script, sizeof script,
             "head -c 200000 /dev/zero | tr '\\0' x; echo; echo done; touch %s",
             mark);
    struct vt *t = sh(24, 80, script);
    /* No vt_* call meanwhile: the program must get through on its own. */
    bool finished = false;
    for (int i = 0; i < 100 && !finished; i++) {
        poll(NULL, 0, 50);
        finished = access(mark, F_OK) == 0;
    }
    unlink(mark);
    if (!finished)
        vt_fail(t, "the program blocked writing while the test looked away");
    exits_with(t, 0);
    ck_assert_uint_ge(vt_bytes(t), 200000);
    vt_assert_text(t, "done", 0);
    vt_free(t);
}
END_TEST

START_TEST(settle_fails_while_output_goes_on)
{
    struct vt *t = sh(5, 40, "while :; do printf .; sleep 0.02; done");
    vt_assert_text(t, ".", 5000);
    ck_assert(!vt_settle(t, 200, 600));
    vt_free(t);
}
END_TEST

START_TEST(keys_follow_the_cursor_key_mode)
{
    struct vt *t = sh(5, 40, "stty raw -echo; printf 'go '; exec cat -vT");
    vt_assert_text(t, "go", 5000);
    vt_key(t, VT_UP);
    vt_key(t, VT_PGDN);
    vt_send(t, VT_TAB VT_CTRL_C);
    vt_send(t, VT_CTRL('l'));
    vt_assert_text(t, "go ^[[A^[[6~^I^C^L", 5000);
    vt_free(t);

    /* After "\033[?1h" (ncurses' keypad mode) arrows are SS3. */
    t = sh(5, 40, "stty raw -echo; printf '\\033[?1hgo '; exec cat -vT");
    vt_assert_text(t, "go", 5000);
    vt_key(t, VT_UP);
    vt_key(t, VT_HOME);
    vt_send(t, VT_ESC VT_BACKSPACE);
    vt_assert_text(t, "go ^[OA^[OH^[^?", 5000);
    vt_free(t);
}
END_TEST

START_TEST(terminal_answers_queries)
{
    /* Device attributes: xterm-like "\033[?1;2c", 7 bytes. */
    struct vt *t = sh(5, 40,
        "stty raw -echo; printf '\\033[c'; "
        "r=$(dd bs=1 count=7 2>/dev/null | od -An -c | tr -d ' '); "
        "printf '\\r\\ngot:%s' \"$r\"");
    vt_assert_text(t, "got:033[?1;2c", 5000);
    vt_free(t);
}
END_TEST

START_TEST(environment)
{
    setenv("COLUMNS", "10", 1);
    setenv("VT_TEST_DROP", "x", 1);
    const char *argv[] = {"/bin/sh", "-c",
        "echo \"T=$TERM L=$LC_ALL C=${COLUMNS-none} D=${VT_TEST_DROP-none} "
        "A=${VT_TEST_ADD-none}\"", NULL};
    struct vt *t = vt_spawn(5, 80, argv, (const char *const[]){"VT_TEST_ADD=1", NULL},
                            (const char *const[]){"VT_TEST_DROP", NULL});
    vt_assert_text(t, "T=xterm-256color L=C.UTF-8 C=none D=none A=1", 5000);
    vt_free(t);

    t = vt_spawn(5, 80, argv, (const char *const[]){"TERM=dumb", "LC_ALL=C", NULL}, NULL);
    vt_assert_text(t, "T=dumb L=C C=none D=x A=none", 5000);
    vt_free(t);
}
END_TEST

START_TEST(exit_statuses)
{
    struct vt *t = sh(5, 40, "exit 7");
    exits_with(t, 7);
    vt_free(t);
    t = sh(5, 40, "kill -TERM $$");
    exits_with(t, 128 + SIGTERM);
    vt_free(t);
    const char *argv[] = {"/nonexistent/program", NULL};
    t = vt_spawn(5, 40, argv, NULL, NULL);
    exits_with(t, 127);
    vt_free(t);
}
END_TEST

START_TEST(free_ends_a_running_program)
{
    struct vt *t = sh(5, 40, "echo up; while :; do sleep 1; done");
    vt_assert_text(t, "up", 5000);
    ck_assert(!vt_wait_exit(t, 100, NULL));
    pid_t pid = vt_pid(t);
    int64_t t0 = time_mono_ms();
    vt_free(t);
    ck_assert_int_lt(time_mono_ms() - t0, 4000);
    ck_assert_int_eq(kill(pid, 0), -1);
    ck_assert_int_eq(errno, ESRCH);
}
END_TEST

START_TEST(dump_shows_message_and_screen)
{
    struct vt *t = sh(3, 20, "printf 'first\\nsecond'");
    vt_assert_text(t, "second", 5000);
    char path[] = "/tmp/inventui-vtdump-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    vt_dump(t, "looking for %s", "third");
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fd);
    char *text = fs_read_all(path, NULL);
    unlink(path);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, "looking for third"));
    ck_assert_ptr_nonnull(strstr(text, "  0 |first               |"));
    ck_assert_ptr_nonnull(strstr(text, "  1 |second              |"));
    ck_assert_ptr_nonnull(strstr(text, "first\\r\\nsecond"));
    free(text);
    vt_free(t);
}
END_TEST

Suite *suite_vt(void)
{
    Suite *s = suite_create("vt");
    TCase *tc = tcase_create("vt");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, rows_screen_and_find);
    tcase_add_test(tc, waits_time_out_and_see_text_go);
    tcase_add_test(tc, cell_attributes_and_colours);
    tcase_add_test(tc, wide_and_combining_characters);
    tcase_add_test(tc, alternate_screen_cursor_and_title);
    tcase_add_test(tc, terminfo_sequences_for_xterm_256color);
    tcase_add_test(tc, resize_sends_sigwinch);
    tcase_add_test(tc, bytes_per_key_press);
    tcase_add_test(tc, output_is_read_while_the_test_looks_away);
    tcase_add_test(tc, settle_fails_while_output_goes_on);
    tcase_add_test(tc, keys_follow_the_cursor_key_mode);
    tcase_add_test(tc, terminal_answers_queries);
    tcase_add_test(tc, environment);
    tcase_add_test(tc, exit_statuses);
    tcase_add_test(tc, free_ends_a_running_program);
    tcase_add_test(tc, dump_shows_message_and_screen);
    suite_add_tcase(s, tc);
    return s;
}
