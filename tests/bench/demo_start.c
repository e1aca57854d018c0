/* demo_start — how long the server of `inventui --demo` takes to start in
 * process (demo_start: embed_start on the demo dir) on a first run (an
 * empty dir: signing key, demo shop, order history) and on later runs (the
 * dir kept), and how long it takes to stop. Prints the median, minimum and
 * maximum of N runs (argument, default 5). Built and run by
 * tests/bench/demo_start.sh; not part of make test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/demo/dir.h"
#include "server/embed.h"

#define MAX_RUNS 100

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof *ms, by_value);
    printf("%-28s median %7.1f ms   min %7.1f   max %7.1f   (%d runs)\n",
           what, ms[n / 2], ms[0], ms[n - 1], n);
}

/* Prepares xdg's demo dir (afresh with reset), starts and stops the demo
 * server; the times through *start and *stop. 0 or -1. */
static int one_run(const char *xdg, int reset, double *start, double *stop)
{
    char *dir = NULL, *err = NULL;
    double t0 = now_ms();
    if (demo_prepare(xdg, reset, &dir, &err) != 0) {
        fprintf(stderr, "demo_prepare: %s\n", err);
        free(err);
        return -1;
    }
    struct embedded_server *s = demo_start(dir, &err);
    *start = now_ms() - t0;
    free(dir);
    if (!s) {
        fprintf(stderr, "demo_start: %s\n", err);
        free(err);
        return -1;
    }
    t0 = now_ms();
    embed_stop(s);
    *stop = now_ms() - t0;
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5;
    if (n < 1 || n > MAX_RUNS) {
        fprintf(stderr, "usage: %s [RUNS (1-%d)]\n", argv[0], MAX_RUNS);
        return 2;
    }
    char xdg[] = "/tmp/inventui-demo-bench-XXXXXX";
    if (!mkdtemp(xdg)) {
        perror("mkdtemp");
        return 1;
    }
    double first[MAX_RUNS], later[MAX_RUNS], stop[MAX_RUNS];
    int rc = 0;
    /* Each first run on an emptied dir (demo_prepare's reset). */
    for (int i = 0; i < n && rc == 0; i++)
        rc = one_run(xdg, 1, &first[i], &stop[i]);
    /* Later runs on the dir the last first run left. */
    for (int i = 0; i < n && rc == 0; i++)
        rc = one_run(xdg, 0, &later[i], &stop[i]);
    if (rc == 0) {
        report("first run (empty dir)", first, n);
        report("later run (dir kept)", later, n);
        report("stop (later runs)", stop, n);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", xdg);
    if (getenv("KEEP"))
        printf("kept: %s/inventui/demo (server.log there)\n", xdg);
    else if (system(cmd) != 0)
        rc = -1;
    return rc == 0 ? 0 : 1;
}
