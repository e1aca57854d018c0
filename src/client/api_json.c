#include "client/api_json.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/mem.h"
#include "common/strbuf.h"

const char *api_json_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool api_json_whole(const cJSON *obj, const char *name, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsNumber(v) || v->valuedouble < -9e15 || v->valuedouble > 9e15 ||
        v->valuedouble != (double)(long long)v->valuedouble)
        return false;
    *out = (long long)v->valuedouble;
    return true;
}

int64_t api_json_time(const cJSON *obj, const char *name)
{
    const char *s = api_json_str(obj, name);
    if (!s)
        return 0;
    struct tm tm = {0};
    const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!rest)
        return 0;
    int64_t ms = (int64_t)timegm(&tm) * 1000;
    if (*rest == '.') {
        int scale = 100;
        for (rest++; *rest >= '0' && *rest <= '9'; rest++, scale /= 10)
            ms += (*rest - '0') * scale;
    }
    return ms;
}

char *api_json_path(const char *base, const char *id, const char *suffix)
{
    char *esc = curl_easy_escape(NULL, id, 0);
    char *path = str_printf("%s/%s%s", base, esc ? esc : "", suffix);
    curl_free(esc);
    return path;
}

enum api_rc api_json_bad_answer(struct api_result *res, const char *what)
{
    res->rc = API_UNREACHABLE;
    free(res->message);
    res->message = str_printf("the API answered with something that is not "
                              "%s (is the API URL the inventory API's?)",
                              what);
    return res->rc;
}
