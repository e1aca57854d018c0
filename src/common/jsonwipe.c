/* jsonwipe — see jsonwipe.h. */
#include "common/jsonwipe.h"

#include <string.h>

void jsonwipe(cJSON *tree)
{
    if (!tree)
        return;
    /* Raw items keep their text in valuestring too; a reference's text is
     * someone else's (maybe read-only) and is left alone. Depth is bounded
     * by cJSON's nesting limit, so the recursion is too. */
    if ((cJSON_IsString(tree) || cJSON_IsRaw(tree)) && tree->valuestring &&
        !(tree->type & cJSON_IsReference))
        explicit_bzero(tree->valuestring, strlen(tree->valuestring));
    for (cJSON *c = tree->child; c; c = c->next)
        jsonwipe(c);
}

void jsonwipe_delete(cJSON *tree)
{
    jsonwipe(tree);
    cJSON_Delete(tree);
}
