/* validate — the building blocks of field validation, shared by server
 * and client: UTF-8 text length, integers that really are integers, and
 * the list of field errors the API answers with
 * (details: [{field, message}]).
 *
 * Text is trimmed before it is measured: white space at either end (the
 * Unicode White_Space characters, and the invisible U+200B and U+FEFF)
 * never counts toward a limit, and a field of nothing else is blank and
 * refused. What is stored is the trimmed text: a name that differs from
 * another only by a trailing space would look the same in every list and
 * search, and the limits would describe something other than what is
 * kept. */
#ifndef INVENTUI_MODEL_VALIDATE_H
#define INVENTUI_MODEL_VALIDATE_H

#include <cjson/cJSON.h>
#include <stdbool.h>

/* Appends {field, message} to the details array. */
void validate_fail(cJSON *details, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Code points in s, or -1 if s is not valid UTF-8. */
long validate_utf8_length(const char *s);
/* True if s holds a C0 or C1 control character, DEL, or a bidi override. */
bool validate_has_control(const char *s, bool allow_newlines);

/* The length in bytes of the white space s starts with (see above). */
size_t validate_space_prefix(const char *s);
/* s's length in bytes without the white space it ends with. */
size_t validate_trimmed_length(const char *s);

/* A JSON string of min..max code points once trimmed (v's value becomes
 * the trimmed text), not blank, without control characters (newlines and
 * tabs allowed when multiline). Records the failure under field and
 * returns NULL when v is not that; else v's (trimmed) value. */
const char *validate_text(cJSON *details, cJSON *v, const char *field,
                          long min, long max, bool multiline);
/* A JSON number that is a whole number in min..max; false (recorded) if
 * not. Refuses 1.5, "1", true, 1e300. */
bool validate_int(cJSON *details, const cJSON *v, const char *field,
                  long long min, long long max, long long *out);

#endif
