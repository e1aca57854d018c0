/* Screen tests: the real `inventui` in a pseudo-terminal, its screen read
 * with libvterm (vt.h), against real `inventui serve` processes on
 * loopback (tui.h). */
#include "support/runner.h"
#include "ui/suites.h"

static const struct runner_suite SUITES[] = {
#define X(name) {#name, suite_##name},
    UI_SUITES
#undef X
};

int main(void)
{
    return runner_main(SUITES, sizeof SUITES / sizeof *SUITES);
}
