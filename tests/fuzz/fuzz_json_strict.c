/* common/json_strict against cJSON: what the checker accepts cJSON reads,
 * and what cJSON writes back from it is strict JSON again. The error
 * offset is inside the input. */
#include <cjson/cJSON.h>
#include <stdbool.h>

#include "common/json_strict.h"
#include "fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct json_strict_error err = {0};
    bool ok = json_strict_check((const char *)data, size, &err);
    FUZZ_ASSERT(ok || (err.what && err.at <= size));
    if (!ok)
        return 0;
    cJSON *json = cJSON_ParseWithLength((const char *)data, size);
    FUZZ_ASSERT(json);
    char *again = cJSON_PrintUnformatted(json);
    FUZZ_ASSERT(again && json_strict_check(again, strlen(again), NULL));
    free(again);
    cJSON_Delete(json);
    return 0;
}
