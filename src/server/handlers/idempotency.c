/* Only successes are recorded: a refused request (validation, unknown
 * product, insufficient stock, SKU taken) created nothing, so trying it
 * again is already harmless, and a client that fixes the cause (stock
 * arrives, a SKU is freed) can retry under the same key and succeed. */
#include "server/handlers/idempotency.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "model/validate.h"

static const char HEADER[] = "Idempotency-Key";

/* 1–128 printable ASCII characters, no spaces (RFC 9110 token-ish). */
static bool key_valid(const char *key)
{
    size_t n = strlen(key);
    if (n < 1 || n > IDEM_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)key[i] < 0x21 || (unsigned char)key[i] > 0x7e)
            return false;
    return true;
}

/* Hex SHA-256 of the route and the body as cJSON prints it: the same
 * request re-sent with other whitespace is still the same request. */
static void fingerprint(const char *route, const cJSON *body,
                        char out[IDEM_FINGERPRINT_LEN])
{
    char *text = cJSON_PrintUnformatted(body);
    if (!text)
        abort(); /* cJSON fails only when out of memory */
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
        EVP_DigestUpdate(ctx, route, strlen(route) + 1) != 1 ||
        EVP_DigestUpdate(ctx, text, strlen(text)) != 1 ||
        EVP_DigestFinal_ex(ctx, md, &len) != 1 || len != 32)
        abort(); /* SHA-256 cannot fail but for lack of memory */
    EVP_MD_CTX_free(ctx);
    cJSON_free(text);
    for (unsigned int i = 0; i < len; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

bool idem_from_request(struct request *rq, const char *route,
                       const cJSON *body, int status,
                       char *(*render)(const void *entity),
                       struct idem_claim *k, cJSON **details)
{
    memset(k, 0, sizeof *k);
    const char *key = request_header(rq, HEADER);
    if (!key)
        return false;
    if (!key_valid(key)) {
        if (!*details)
            *details = cJSON_CreateArray();
        validate_fail(*details, HEADER,
                      "Idempotency-Key header must be 1 to %d printable "
                      "ASCII characters without spaces",
                      IDEM_KEY_MAX);
        return false;
    }
    k->user_id = rq->user->sub;
    k->key = key;
    fingerprint(route, body, k->fingerprint);
    k->now = time_now_ms();
    k->status = status;
    k->render = render;
    return true;
}

void idem_respond_replay(struct request *rq, struct response *rs,
                         const struct idem_claim *k)
{
    if (strcmp(k->fingerprint, k->replay_fingerprint) != 0) {
        static const char msg[] =
            "Idempotency-Key was already used with a different request "
            "(another body or route); use a new key for a new request";
        cJSON *details = cJSON_CreateArray();
        validate_fail(details, HEADER, "%s", msg);
        respond_error(rq, rs, 422, "UNPROCESSABLE_ENTITY", msg, details);
        return;
    }
    respond_data_text(rq, rs, k->replay_status, k->response,
                      strlen(k->response));
    response_add_header(rs, "Idempotent-Replayed", "true");
}
