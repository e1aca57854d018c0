/* The TUI's figures for `make bench`: time from start to the first frame
 * and to the products shown (a remembered session, the demo server in the
 * process), and the bytes written to the terminal at 120×40 for one
 * selection move, one page change and one full repaint. Uses the screen
 * tests' pty + libvterm harness (tests/ui/vt.c).
 *
 * Usage: tui_bench path/to/inventui [RUNS] */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/timeutil.h"
#include "ui/vt.h"

static char HOME_DIR[] = "/tmp/inventui-tui-bench-XXXXXX";

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static long median(long *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_long);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static struct vt *start(const char *bin, int rows, int cols)
{
    const char *argv[] = {bin, "--demo", NULL};
    return vt_spawn(rows, cols, argv, NULL, NULL);
}

static void quit(struct vt *t)
{
    vt_send(t, "q");
    int st;
    if (!vt_wait_exit(t, 15000, &st) || st != 0) {
        vt_dump(t, "the TUI did not quit cleanly");
        exit(1);
    }
    vt_free(t);
}

static void need(struct vt *t, const char *text, int ms)
{
    if (!vt_wait_text(t, text, ms)) {
        vt_dump(t, "\"%s\" did not show", text);
        exit(1);
    }
}

/* Bytes the TUI writes for one key, once the screen is quiet again. */
static long bytes_for(struct vt *t, const char *key)
{
    vt_settle(t, 150, 3000);
    size_t before = vt_bytes(t);
    vt_send(t, key);
    vt_settle(t, 150, 3000);
    return (long)(vt_bytes(t) - before);
}

static const char *BIN;
static int RUNS;

/* A Check test (the harness reports through Check), run without fork. */
START_TEST(tui_figures)
{
    const char *bin = BIN;
    int runs = RUNS;
    ck_assert_ptr_nonnull(mkdtemp(HOME_DIR));
    char buf[400];
    setenv("HOME", HOME_DIR, 1);
    snprintf(buf, sizeof buf, "%s/data", HOME_DIR);
    setenv("XDG_DATA_HOME", buf, 1);
    snprintf(buf, sizeof buf, "%s/cache", HOME_DIR);
    setenv("XDG_CACHE_HOME", buf, 1);
    snprintf(buf, sizeof buf, "%s/config", HOME_DIR);
    setenv("XDG_CONFIG_HOME", buf, 1);

    /* The first run seeds the demo shop and signs in (Enter, Enter). */
    struct vt *t = start(bin, 40, 120);
    need(t, "demo@inventui.local", 60000);
    vt_send(t, "\r");
    if (!vt_wait_text(t, "Products · page", 3000))
        vt_send(t, "\r");
    need(t, "Products · page 1", 20000);
    quit(t);

    long first[100], ready[100];
    for (int i = 0; i < runs; i++) {
        int64_t t0 = time_mono_ms();
        t = start(bin, 40, 120);
        need(t, "inventui", 10000);
        first[i] = (long)(time_mono_ms() - t0);
        need(t, "Products · page 1", 10000);
        ready[i] = (long)(time_mono_ms() - t0);
        quit(t);
    }

    t = start(bin, 40, 120);
    need(t, "Products · page 1", 10000);
    long move[20], page[10];
    for (int i = 0; i < 20; i++)
        move[i] = bytes_for(t, i % 2 ? "k" : "j");
    for (int i = 0; i < 10; i++)
        page[i] = bytes_for(t, i % 2 ? "p" : "n");
    long repaint = bytes_for(t, "\f");
    vt_send(t, "t"); /* the dense table */
    long table_move[10];
    for (int i = 0; i < 10; i++)
        table_move[i] = bytes_for(t, i % 2 ? "k" : "j");
    quit(t);

    printf("TUI (inventui --demo, 120x40, median of %d starts)\n", runs);
    printf("  first frame            %6ld ms\n", median(first, runs));
    printf("  products shown         %6ld ms  (remembered session)\n",
           median(ready, runs));
    printf("  selection move, cards  %6ld bytes\n", median(move, 20));
    printf("  selection move, table  %6ld bytes\n", median(table_move, 10));
    printf("  page change            %6ld bytes\n", median(page, 10));
    printf("  full repaint (C-l)     %6ld bytes\n", repaint);
    snprintf(buf, sizeof buf, "rm -rf '%s'", HOME_DIR);
    ck_assert_int_eq(system(buf), 0);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: tui_bench path/to/inventui [RUNS]\n");
        return 2;
    }
    BIN = argv[1];
    RUNS = argc > 2 ? atoi(argv[2]) : 5;
    if (RUNS < 1 || RUNS > 100)
        RUNS = 5;
    Suite *s = suite_create("tui_bench");
    TCase *tc = tcase_create("tui_bench");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, tui_figures);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_SILENT);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
