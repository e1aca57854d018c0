/* timeutil — wall-clock time in the forms the API uses. */
#ifndef INVENTUI_COMMON_TIMEUTIL_H
#define INVENTUI_COMMON_TIMEUTIL_H

#include <stdint.h>

#define ISO8601_LEN 25 /* "2024-01-15T10:30:00.000Z" + NUL */

/* Milliseconds since the Unix epoch (CLOCK_REALTIME). */
int64_t time_now_ms(void);
/* Monotonic milliseconds, for durations and timeouts. */
int64_t time_mono_ms(void);
/* Formats epoch milliseconds as ISO-8601 UTC with milliseconds. */
void time_iso8601(int64_t ms, char out[ISO8601_LEN]);

#endif
