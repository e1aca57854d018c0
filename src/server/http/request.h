/* request — what a handler sees of one HTTP request, and what it answers.
 *
 * The HTTP glue (httpd.c) fills a struct request, the router matches it to
 * a route and authenticates it, the handler fills the struct response with
 * one of the respond_* calls, and the glue sends it. Handlers never touch
 * libmicrohttpd. */
#ifndef INVENTUI_SERVER_HTTP_REQUEST_H
#define INVENTUI_SERVER_HTTP_REQUEST_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/uuid.h"
#include "server/auth/principal.h"

struct server;
struct store_conn;
struct MHD_Connection;
struct strbuf;


#define REQUEST_MAX_PARAMS 2
#define RESPONSE_MAX_HEADERS 10

struct request {
    struct server *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *body; /* NUL-terminated; body_len excludes the NUL */
    size_t body_len;
    const char *params[REQUEST_MAX_PARAMS]; /* {id} captures of the route */
    char request_id[UUID_STR_LEN];
    char client_ip[64];
    const struct principal *user; /* &principal once a token is verified */
    struct principal principal;
    struct store_conn *db;        /* borrowed lazily by request_db() */
};

struct response_header {
    const char *name;
    char *value; /* owned */
};

struct response {
    int status;
    char *body; /* owned */
    size_t body_len;
    const char *content_type;
    struct response_header headers[RESPONSE_MAX_HEADERS];
    int nheaders;
};

/* A header of the request, or NULL. */
const char *request_header(const struct request *rq, const char *name);
/* A query-string argument, or NULL; *present says whether it was given at
 * all (an empty value is given). */
const char *request_query(const struct request *rq, const char *name);
/* The connection to the store for this request (NULL if none can be had:
 * the caller answers 500). Released by the router. */
struct store_conn *request_db(struct request *rq);

/* {"success":true,"data":data,"meta":…}; takes ownership of data. */
void respond_data(struct request *rq, struct response *rs, int status,
                  cJSON *data);
/* The same envelope around already-written JSON text (hot paths build it
 * with common/jsonw.h). */
void respond_data_text(struct request *rq, struct response *rs, int status,
                       const char *data_json, size_t len);
/* For hot paths, the success envelope written in one buffer: start puts
 * its opening into sb, the caller writes the data JSON after it, finish
 * closes it with meta and hands sb's bytes to rs (sb is left empty). */
void respond_data_start(struct strbuf *sb);
void respond_data_finish(struct request *rq, struct response *rs, int status,
                         struct strbuf *sb);
/* {"success":false,"error":{code,message,details?},"meta":…}; takes
 * ownership of details (may be NULL). */
void respond_error(struct request *rq, struct response *rs, int status,
                   const char *code, const char *message, cJSON *details);
/* 400 VALIDATION_ERROR "Validation failed" with details [{field, message}]
 * (takes ownership of details). */
void respond_validation(struct request *rq, struct response *rs,
                        cJSON *details);
/* 500 INTERNAL_ERROR with a fixed message: internals stay in the log. */
void respond_internal(struct request *rq, struct response *rs);
/* A body as is; copies it. */
void respond_raw(struct response *rs, int status, const char *content_type,
                 const char *body, size_t len);
/* Takes ownership of an already-printed JSON body. */
void respond_json_text(struct response *rs, int status, char *json);
void response_add_header(struct response *rs, const char *name,
                         const char *value);
void response_free(struct response *rs);

/* Parses the request body as a JSON object; on failure answers 400
 * BAD_REQUEST itself and returns NULL. */
cJSON *request_json_object(struct request *rq, struct response *rs);

#endif
