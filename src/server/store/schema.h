#ifndef INVENTUI_SERVER_STORE_SCHEMA_H
#define INVENTUI_SERVER_STORE_SCHEMA_H

/* NULL-terminated list of migrations; entry i moves user_version i → i+1. */
extern const char *const SCHEMA_MIGRATIONS[];

#endif
