/* Integration tests: each suite starts real `inventui serve` processes on
 * loopback with temporary data dirs. */
#include "integration/suites.h"
#include "support/runner.h"

static const struct runner_suite SUITES[] = {
#define X(name) {#name, suite_##name},
    INTEGRATION_SUITES
#undef X
};

int main(void)
{
    return runner_main(SUITES, sizeof SUITES / sizeof *SUITES);
}
