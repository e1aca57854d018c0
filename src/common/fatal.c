#include "common/fatal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static void (*_Atomic HOOK)(void);

void fatal_set_hook(void (*hook)(void))
{
    atomic_store(&HOOK, hook);
}

_Noreturn void fatal_abort(const char *msg)
{
    void (*hook)(void) = atomic_exchange(&HOOK, NULL);
    if (hook)
        hook();
    fprintf(stderr, "inventui: %s\n", msg);
    abort();
}
