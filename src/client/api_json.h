/* api_json — reading members of the API's JSON answers the way every
 * resource module needs: strings, whole numbers, ISO-8601 times, and the
 * "not what the API sends" failure. */
#ifndef INVENTUI_CLIENT_API_JSON_H
#define INVENTUI_CLIENT_API_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "client/api.h"

/* The member's string, or NULL when absent or not a string. */
const char *api_json_str(const cJSON *obj, const char *name);
/* True when the member is a whole number (stored in *out). */
bool api_json_whole(const cJSON *obj, const char *name, long long *out);
/* "2024-01-15T10:30:00.000Z" (fraction and zone optional: UTC) as epoch
 * ms; 0 when absent or unreadable. */
int64_t api_json_time(const cJSON *obj, const char *name);
/* "/base/" + the URL-escaped id + suffix (caller frees). */
char *api_json_path(const char *base, const char *id, const char *suffix);
/* Turns an OK result whose data is not what was asked for into
 * API_UNREACHABLE, saying what was expected ("an order"). */
enum api_rc api_json_bad_answer(struct api_result *res, const char *what);

#endif
