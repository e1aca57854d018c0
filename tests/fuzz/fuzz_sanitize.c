/* common/sanitize on any bytes: the result is valid UTF-8 with no
 * control character or bidi override left (model/validate's own test of
 * that), measures and cuts by width without trouble, and the line
 * printer takes the same text. */
#include <locale.h>
#include <stdio.h>

#include "common/sanitize.h"
#include "common/textwidth.h"
#include "fuzz/fuzz.h"
#include "model/validate.h"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    sink = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    char *clean = sanitize_text(text);
    FUZZ_ASSERT(validate_utf8_length(clean) >= 0);
    FUZZ_ASSERT(!validate_has_control(clean, false));
    int width = text_width(clean);
    FUZZ_ASSERT(width >= 0);
    char *cut = text_cut(clean, width / 2);
    FUZZ_ASSERT(validate_utf8_length(cut) >= 0 && text_width(cut) <= (width / 2 > 0 ? width / 2 : 1));
    int used = 0;
    size_t fit = text_fit(clean, width / 3, &used);
    FUZZ_ASSERT(fit <= strlen(clean) && used <= width / 3);
    sanitize_print_lines(sink, "fuzz: ", text);
    free(cut);
    free(clean);
    free(text);
    return 0;
}
