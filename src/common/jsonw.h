/* jsonw — writes JSON text straight into a strbuf.
 *
 * For the hot paths (product and order lists) where building a cJSON tree
 * only to print it would cost an allocation per field. The caller writes
 * keys and values in order; commas are placed for it. Strings are escaped
 * to valid JSON (control characters as \uXXXX); invalid UTF-8 is the
 * caller's to prevent (the model validates every stored string). */
#ifndef INVENTUI_COMMON_JSONW_H
#define INVENTUI_COMMON_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "common/strbuf.h"

#define JSONW_DEPTH 16

struct jsonw {
    struct strbuf *sb;
    int depth;
    bool need_comma[JSONW_DEPTH];
};

void jsonw_init(struct jsonw *w, struct strbuf *sb);
void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
/* The key of the next member (objects only). */
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_string(struct jsonw *w, const char *s); /* NULL writes null */
void jsonw_int(struct jsonw *w, long long v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);
/* Epoch milliseconds as an ISO-8601 UTC string. */
void jsonw_time(struct jsonw *w, int64_t ms);
/* Already-valid JSON text as a value. */
void jsonw_raw(struct jsonw *w, const char *json);

#endif
