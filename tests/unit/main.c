/* Unit tests: in-process, no server. */
#include <check.h>
#include <stdio.h>

#include "unit/suites.h"

int main(void)
{
    SRunner *sr = srunner_create(NULL);
#define X(name) srunner_add_suite(sr, suite_##name());
    UNIT_SUITES
#undef X
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
