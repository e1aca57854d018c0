/* principal — who a verified token says the caller is. */
#ifndef INVENTUI_SERVER_AUTH_PRINCIPAL_H
#define INVENTUI_SERVER_AUTH_PRINCIPAL_H

#include <stdbool.h>
#include <stdint.h>

struct principal {
    char sub[64];
    char email[320];
    char username[320];
    bool admin;       /* member of the configured admin group */
    int64_t iat;      /* seconds */
    int64_t exp;      /* seconds */
};

#endif
