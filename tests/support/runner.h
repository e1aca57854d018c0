/* runner — the main of the test binaries that start servers
 * (integration, screen tests): runs every suite, or those named in
 * $INVENTUI_SUITES (comma-separated), with the run's shared signing key
 * made first (testsrv_init) and removed after. */
#ifndef INVENTUI_TESTS_RUNNER_H
#define INVENTUI_TESTS_RUNNER_H

#include <check.h>
#include <stddef.h>

struct runner_suite {
    const char *name;
    Suite *(*make)(void);
};

/* Returns the process exit status: 0 all passed, 1 a failure, 2 no suite
 * matched. */
int runner_main(const struct runner_suite *suites, size_t n);

#endif
