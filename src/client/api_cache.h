/* api_cache — what api_call does with the offline cache: keeps every GET's
 * answer (a list page also keeps each of its items under <path>/<id>, so a
 * product seen in a list can be shown alone), and answers a GET from it
 * when the API cannot be reached. Entries belong to the API URL and the
 * signed-in user (the ID token's sub). */
#ifndef INVENTUI_CLIENT_API_CACHE_H
#define INVENTUI_CLIENT_API_CACHE_H

#include <stdbool.h>

#include "client/api.h"

/* Keeps res (an API_OK answer to GET path). */
void api_cache_store(struct api *a, const char *path,
                     const struct api_result *res);
/* res is an API_UNREACHABLE answer to GET path: replaces it with the
 * cached one when allowed and present (true); else adds to its message
 * why the cache could not help (false). */
bool api_cache_answer(struct api *a, const char *path, struct api_result *res);
/* Closes the cache (api_close calls it). */
void api_cache_close(struct api *a);

#endif
