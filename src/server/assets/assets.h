/* assets — files compiled into the binary so the server needs nothing at
 * run time: the OpenAPI document and the offline HTML docs page. */
#ifndef INVENTUI_SERVER_ASSETS_H
#define INVENTUI_SERVER_ASSETS_H

#include <stddef.h>

struct asset {
    const char *data;
    size_t len;
};

struct asset asset_openapi_json(void);
struct asset asset_docs_html(void);

#endif
