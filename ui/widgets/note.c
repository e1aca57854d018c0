#include "ui/widgets/note.h"

#include <stdarg.h>
#include <stdlib.h>

#include "common/strbuf.h"

void note_set(struct note *n, enum theme_role role, const char *fmt, ...)
{
    struct strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    free(n->text);
    n->text = strbuf_detach(&sb, NULL);
    n->role = role;
}

void note_clear(struct note *n)
{
    free(n->text);
    n->text = NULL;
}
