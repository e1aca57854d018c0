/* The Cognito endpoint (idp_read_request, then the operation): the
 * X-Amz-Target line, the Content-Type line, then the body. Whatever it
 * refuses is a 400 in Cognito's shape, strict JSON with __type; what it
 * takes is an object, with our ClientId where the operation wants one,
 * and the operation then runs against a real server state (store, keys,
 * mail spool in a temporary dir) and answers JSON. */
#include <cjson/cJSON.h>

#include "common/json_strict.h"
#include "common/jsonwipe.h"
#include "common/log.h"
#include "fuzz/fuzz.h"
#include "server/idp/idp.h"
#include "server/server.h"
#include "server/setup.h"
#include "server/store/store.h"

static struct server srv;

static void teardown(void)
{
    server_teardown(&srv);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    log_set_level(LOG_ERROR); /* not a line per sign-up */
    server_config_defaults(&srv.cfg);
    snprintf(srv.cfg.data_dir, sizeof srv.cfg.data_dir, "%s", fuzz_tmpdir());
    srv.cfg.password_cost = 12; /* the least: scrypt per sign-up */
    char *err = NULL;
    if (server_setup(&srv, 1, &err) != 0) {
        fprintf(stderr, "fuzz_cognito: %s\n", err);
        abort();
    }
    atexit(teardown); /* before the dir goes (atexit runs in reverse) */
    /* The seeds name this client; the verifier reads the same buffer. */
    strcpy(srv.client_id, "fuzzclient1");
    return 0;
}

/* The next line of text (cut at '\n'), or NULL past the end. */
static char *line(char **p)
{
    if (!*p)
        return NULL;
    char *s = *p, *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = NULL;
    }
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    char *rest = text;
    const char *target = line(&rest);
    const char *type = line(&rest);
    const char *body = rest ? rest : "";
    /* The body as libmicrohttpd hands it over: its bytes, NUL after. */
    size_t len = rest ? size - (size_t)(rest - text) : 0;
    struct request rq = {.srv = &srv, .body = body, .body_len = len};
    struct response rs = {0};
    struct idp_call call = {.rq = &rq, .rs = &rs, .srv = &srv};
    idp_op_fn run = idp_read_request(&call, target, type);
    if (run) {
        FUZZ_ASSERT(cJSON_IsObject(call.in) && rs.status == 0);
        run(&call);
        FUZZ_ASSERT(rs.status == 200 || rs.status == 400);
        /* An answer quoting the request cut inside a UTF-8 character
         * was not JSON (crash-90698541…, fixed with idp_clip). */
        FUZZ_ASSERT(json_strict_check(rs.body, rs.body_len, NULL));
        if (rq.db)
            store_release(srv.store, rq.db);
    } else {
        FUZZ_ASSERT(rs.status == 400 && json_strict_check(rs.body, rs.body_len, NULL));
        cJSON *out = cJSON_ParseWithLength(rs.body, rs.body_len);
        FUZZ_ASSERT(cJSON_IsString(cJSON_GetObjectItem(out, "__type")));
        cJSON_Delete(out);
    }
    jsonwipe_delete((cJSON *)call.in);
    response_free(&rs);
    free(text);
    return 0;
}
