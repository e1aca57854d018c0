/* jsonwipe — zeroes the strings of a cJSON tree before it is freed.
 *
 * A parsed or built request can hold a password, a token, a session or a
 * confirmation code; cJSON_Delete() frees those bytes as they are, so a
 * later allocation (or a core file) could still read them. */
#ifndef INVENTUI_COMMON_JSONWIPE_H
#define INVENTUI_COMMON_JSONWIPE_H

#include <cjson/cJSON.h>

/* Overwrites with zeros every string value in tree and below it (NULL is
 * fine; references made with cJSON_CreateStringReference are not ours and
 * stay), so a string member reads "" afterwards; keys and shape stay. */
void jsonwipe(cJSON *tree);
/* jsonwipe, then cJSON_Delete: for any tree that held a secret. */
void jsonwipe_delete(cJSON *tree);

#endif
