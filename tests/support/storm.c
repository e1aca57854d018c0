/* storm — the request generator (see storm.h). Each request is built from
 * a valid shape (a route, its JSON body, its headers) and then made
 * hostile in one place, or mutated as bytes, so that most requests get
 * past the first check and reach the next. */
#include "support/storm.h"

#include <stdio.h>
#include <string.h>

uint64_t storm_next(struct storm_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint32_t storm_below(struct storm_rng *r, uint32_t n)
{
    return (uint32_t)(storm_next(r) % n);
}

#define PICK(r, arr) ((arr)[storm_below((r), sizeof(arr) / sizeof *(arr))])

/* One request being built. */
struct gen {
    struct storm_rng *r;
    const struct storm_ctx *c;
    bool admin; /* the admin token went in */
    const char *kind;
    unsigned bad; /* percent of values made hostile */
};

static bool chance(struct gen *g, unsigned percent)
{
    return storm_below(g->r, 100) < percent;
}

static void repeat(struct strbuf *sb, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++)
        strbuf_puts(sb, s);
}

/* ---- JSON values ---- */

static const char *const BAD_NUMBERS[] = {
    "1e309", "-1e309", "1e-400", "-0", "0", "-1", "9223372036854775807",
    "9223372036854775808", "-9223372036854775809", "18446744073709551616",
    "1.5", "1e2", "100000000000000000000000000000000000000", "2147483648",
    "4294967297", "-2147483649", "0.0000001", "01", "00", "1.", ".5", "+1",
    "NaN", "Infinity", "-Infinity", "0x10", "1e", "--1", "1_000", "1e+",
    "99999999999999999999999999999999999999999999999999e99999999"};

static const char *const BAD_STRINGS[] = {
    "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\uD800\"",
    "\"\\uDC00x\"", "\"\\uZZZZ\"", "\"Widget\\uZZZZ\x1b[31m\"", "\"\\u00zz\"",
    "\"\\x41\"", "\"\\\"", "\"\xc3\x28\"", "\"\xa0\xa1\"", "\"\xe2\x28\xa1\"",
    "\"\xf0\x28\x8c\xbc\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xff\"",
    "\"\xf8\x88\x80\x80\x80\"", "\"\x1b]52;c;aGk=\x07\"", "\"a\tb\"",
    "\"\xe2\x80\xae" "evil\"", "\"<script>alert(1)</script>\"",
    "\"' OR 1=1 --\"", "\"%s%n%x\"", "\"\\\\\\\\\"", "\"\\/\"",
    "\"\xf0\x9f\x98\x80\"", "\"\xe0\xb8\x81\xe0\xb8\xb1\"", "null", "true",
    "[]", "{}", "[\"a\"]", "5", "-5", "1e309"};

/* A string value a product field could hold, or something hostile. */
static void put_string(struct gen *g, struct strbuf *sb, const char *valid)
{
    unsigned p = storm_below(g->r, 100);
    if (p >= g->bad) {
        strbuf_printf(sb, "\"%s\"", valid);
    } else if (p < g->bad * 60 / 100) {
        strbuf_puts(sb, PICK(g->r, BAD_STRINGS));
    } else if (p < g->bad * 80 / 100) {
        /* A raw NUL or control byte inside the string. */
        strbuf_printf(sb, "\"%s", valid);
        char b = (char)storm_below(g->r, 32);
        strbuf_append(sb, &b, 1);
        strbuf_puts(sb, "tail\"");
    } else {
        static const size_t LENS[] = {101, 201, 256, 1001, 5000, 20000};
        strbuf_puts(sb, "\"");
        repeat(sb, chance(g, 50) ? "x" : "\xc3\xa9", PICK(g->r, LENS));
        strbuf_puts(sb, "\"");
    }
}

static void put_number(struct gen *g, struct strbuf *sb, long long valid)
{
    unsigned p = storm_below(g->r, 100);
    if (p >= g->bad)
        strbuf_printf(sb, "%lld", valid);
    else if (p < g->bad * 75 / 100)
        strbuf_puts(sb, PICK(g->r, BAD_NUMBERS));
    else
        strbuf_puts(sb, PICK(g->r, BAD_STRINGS));
}

static void put_product(struct gen *g, struct strbuf *sb)
{
    unsigned n = storm_below(g->r, 1000000);
    char name[32], sku[32];
    snprintf(name, sizeof name, "Storm %u", n);
    snprintf(sku, sizeof sku, "ST-%u", n);
    /* Often all valid but one value or none, so that some get stored
     * and the rest are refused for one reason each. */
    unsigned was = g->bad;
    g->bad = chance(g, 30) ? 0 : chance(g, 50) ? 10 : was;
    strbuf_puts(sb, "{");
    const char *sep = "";
    struct { const char *key; int num; const char *s; long long v; } f[] = {
        {"name", 0, name, 0},
        {"description", 0, "A product made by the storm", 0},
        {"category", 0, "toys", 0},   {"sku", 0, sku, 0},
        {"imageUrl", 0, "https://example.com/a.png", 0},
        {"price", 1, NULL, 1999},      {"quantity", 1, NULL, 5},
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        if (g->bad && chance(g, 5))
            continue; /* a missing field */
        strbuf_printf(sb, "%s\"%s\":", sep, f[i].key);
        if (f[i].num)
            put_number(g, sb, f[i].v);
        else
            put_string(g, sb, f[i].s);
        sep = ",";
    }
    if (chance(g, 10))
        strbuf_printf(sb, "%s\"extra\":{\"x\":[1,2,3]}", sep);
    if (chance(g, 5))
        strbuf_printf(sb, ",\"name\":\"dup\"");
    strbuf_puts(sb, "}");
    g->bad = was;
}

static const char *product_id(struct gen *g)
{
    if (g->c->nproducts && chance(g, 80))
        return g->c->product_ids[storm_below(g->r, (uint32_t)g->c->nproducts)];
    static const char *const OTHER[] = {
        "00000000-0000-4000-8000-000000000000", "not-a-uuid", "",
        "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA", "../../etc/passwd",
        "00000000-0000-4000-8000-00000000000\xff"};
    return PICK(g->r, OTHER);
}

static void put_order(struct gen *g, struct strbuf *sb)
{
    strbuf_puts(sb, "{\"productId\":");
    put_string(g, sb, product_id(g));
    strbuf_puts(sb, ",\"quantity\":");
    put_number(g, sb, 1 + storm_below(g->r, 3));
    if (chance(g, 5))
        strbuf_puts(sb, ",\"status\":\"CONFIRMED\",\"userId\":\"someone\"");
    strbuf_puts(sb, "}");
}

/* JSON that is not an object, or not JSON: deep nesting, broken syntax. */
static void put_broken_json(struct gen *g, struct strbuf *sb)
{
    static const size_t DEPTHS[] = {10, 100, 1000, 5000, 30000};
    static const char *const SHAPES[] = {
        "", "null", "[]", "\"str\"", "123", "{", "}", "{\"name\":}",
        "{\"name\":\"a\",}", "{'name':'a'}", "{name:\"a\"}",
        "{\"name\":\"a\"} trailing", "{\"a\":1}{\"b\":2}", "/* c */{}",
        "\xef\xbb\xbf{\"name\":\"bom\"}", "{\"quantity\":1e309}",
        "{\"productId\":\"x\",\"quantity\":01}", "{\"a\":\"\\ud800\\udc00\"}",
        "{\"a\":tru}", "{\"a\":nul}", "[1,2,", "{\"\":\"\"}",
        "{\"quantity\":-0.0}"};
    switch (storm_below(g->r, 4)) {
    case 0: {
        size_t d = PICK(g->r, DEPTHS);
        repeat(sb, "[", d);
        repeat(sb, "]", chance(g, 80) ? d : d / 2);
        g->kind = "json/deep-array";
        break;
    }
    case 1: {
        size_t d = PICK(g->r, DEPTHS);
        repeat(sb, "{\"a\":", d);
        strbuf_puts(sb, "1");
        repeat(sb, "}", d);
        g->kind = "json/deep-object";
        break;
    }
    case 2: {
        const char *s = PICK(g->r, SHAPES);
        size_t cut = storm_below(g->r, (uint32_t)strlen(s) + 1);
        strbuf_append(sb, s, cut);
        if (chance(g, 30)) /* a raw NUL inside */
            strbuf_append(sb, "\0", 1);
        strbuf_puts(sb, s + cut);
        g->kind = "json/broken";
        break;
    }
    default: {
        size_t n = 1 + storm_below(g->r, 3000);
        for (size_t i = 0; i < n; i++) {
            char b = (char)storm_below(g->r, 256);
            strbuf_append(sb, &b, 1);
        }
        g->kind = "json/random-bytes";
        break;
    }
    }
}

/* ---- targets ---- */

static const char *const QUERY_VALUES[] = {
    "-1", "0", "1", "100", "101", "2147483648", "99999999999999999999",
    "abc", "1e3", "", "%20" "5", "5%20", "%00", "%ff%fe", "%", "%G1", "%2",
    "a%00b", "'%20OR%201=1--", "%25", "_", "%5C", "%22", "PENDING",
    "pending", "CANCELLED", "storm", "eyJzZXEiOi0xfQ", "eyJzZXEiOjF9",
    "AAAA", "....", "%E2%80%AE", "%C0%AF", "%ED%A0%80"};
static const char *const QUERY_NAMES[] = {
    "limit", "nextToken", "search", "category", "status", "all", "x",
    "limit[]", "", "%00", "LIMIT", "next%54oken"};

static void put_query(struct gen *g, struct strbuf *sb)
{
    unsigned n = storm_below(g->r, 5);
    if (chance(g, 3))
        n = 200 + storm_below(g->r, 400); /* many parameters */
    strbuf_puts(sb, "?");
    for (unsigned i = 0; i < n; i++) {
        strbuf_printf(sb, "%s%s", i ? "&" : "", PICK(g->r, QUERY_NAMES));
        if (chance(g, 90))
            strbuf_printf(sb, "=%s", PICK(g->r, QUERY_VALUES));
    }
    if (chance(g, 5)) {
        strbuf_puts(sb, "&nextToken=");
        repeat(sb, "QUFB", 1 + storm_below(g->r, 3000));
    }
    if (chance(g, 5)) {
        strbuf_puts(sb, "&search=");
        repeat(sb, "%25_", 1 + storm_below(g->r, 2000));
    }
}

static void put_odd_path(struct gen *g, struct strbuf *sb)
{
    static const char *const ODD[] = {
        "//", "/products//", "/products/../admin/queues", "/%2e%2e/",
        "/products/%00", "/health%00anything", "/PRODUCTS", "/products;x",
        "/products#frag", "/products/%", "/products/%G1", "/\xff\xfe",
        "*", "http://127.0.0.1/products", "/a/b/c/d/e/f/g/h/i/j",
        "/products/x/y/z", "/orders//cancel", "/admin/dlq/%2F",
        "/admin/dlq/redrive-all/x", "/.well-known/jwks.json",
        "/x/.well-known/jwks.json", "/docs/spec/../spec", "/%00",
        "/products/%e2%80%ae", "/products/'%20OR%201=1--", "/products?",
        "/products/\t", "/orders/%2e%2e%2fadmin", "/\\products", ""};
    unsigned p = storm_below(g->r, 100);
    if (p < 60) {
        strbuf_puts(sb, PICK(g->r, ODD));
    } else if (p < 75) {
        strbuf_printf(sb, "/products/%s%s", product_id(g),
                      PICK(g->r, ((const char *const[]){
                                     "%00.json", "/", "//", "%2F", ".json",
                                     "%20", "/cancel", "?x"})));
    } else {
        static const size_t LENS[] = {300, 1100, 4000, 9000, 70000};
        strbuf_puts(sb, chance(g, 50) ? "/products/" : "/");
        repeat(sb, chance(g, 50) ? "a" : "a/", PICK(g->r, LENS));
    }
}

/* A route that exists, with its method, path, whether it takes a body
 * and which. */
struct shape {
    const char *method;
    const char *path; /* %P: a product id, %O: an order id, %L: pool */
    char body;        /* 0: none, 'p': product, 'o': order, 'c': cognito */
    bool list;        /* takes list queries */
};

static const struct shape SHAPES[] = {
    {"GET", "/health", 0, false},
    {"GET", "/config", 0, false},
    {"GET", "/docs", 0, false},
    {"GET", "/docs/spec", 0, false},
    {"GET", "/%L/.well-known/jwks.json", 0, false},
    {"POST", "/", 'c', false},
    {"POST", "/products", 'p', false},
    {"GET", "/products", 0, true},
    {"GET", "/products/%P", 0, false},
    {"PUT", "/products/%P", 'p', false},
    {"DELETE", "/products/%P", 0, false},
    {"POST", "/orders", 'o', false},
    {"GET", "/orders", 0, true},
    {"GET", "/orders/%O", 0, false},
    {"POST", "/orders/%O/cancel", 0, false},
    {"GET", "/admin/queues", 0, false},
    {"GET", "/admin/dlq", 0, true},
    {"POST", "/admin/dlq/redrive-all", 0, false},
    {"GET", "/admin/dlq/%O", 0, false},
    {"DELETE", "/admin/dlq/%O", 0, false},
    {"GET", "/admin/audit", 0, true},
};

static void put_path(struct gen *g, struct strbuf *sb, const char *pattern)
{
    for (const char *p = pattern; *p; p++) {
        if (p[0] == '%' && p[1] == 'P') {
            strbuf_puts(sb, product_id(g));
            p++;
        } else if (p[0] == '%' && p[1] == 'O') {
            const struct storm_ctx *c = g->c;
            strbuf_puts(sb, c->norders && chance(g, 80)
                                ? c->order_ids[storm_below(g->r, (uint32_t)c->norders)]
                                : product_id(g));
            p++;
        } else if (p[0] == '%' && p[1] == 'L') {
            strbuf_puts(sb, chance(g, 90) ? g->c->pool_id : "other_pool");
            p++;
        } else {
            strbuf_append(sb, p, 1);
        }
    }
}

static const char *const COGNITO_OPS[] = {
    "InitiateAuth", "RespondToAuthChallenge", "SignUp", "ConfirmSignUp",
    "ResendConfirmationCode", "GlobalSignOut", "GetUser", "AdminDeleteUser",
    "", "InitiateAuth\x00x", "initiateauth"};

static void put_cognito(struct gen *g, struct strbuf *sb)
{
    static const char *const FLOWS[] = {"USER_PASSWORD_AUTH",
                                        "REFRESH_TOKEN_AUTH", "USER_SRP_AUTH",
                                        "", "CUSTOM_AUTH"};
    strbuf_puts(sb, "{\"AuthFlow\":");
    put_string(g, sb, PICK(g->r, FLOWS));
    strbuf_puts(sb, ",\"ClientId\":");
    put_string(g, sb, chance(g, 80) ? g->c->client_id : "bogus");
    strbuf_puts(sb, ",\"Username\":");
    put_string(g, sb, "storm@example.com");
    strbuf_puts(sb, ",\"Password\":");
    put_string(g, sb, "Passw0rdX");
    strbuf_puts(sb, ",\"ConfirmationCode\":");
    put_string(g, sb, "123456");
    strbuf_puts(sb, ",\"AuthParameters\":{\"USERNAME\":");
    put_string(g, sb, "storm@example.com");
    strbuf_puts(sb, ",\"PASSWORD\":");
    put_string(g, sb, "Wrong0Password");
    strbuf_puts(sb, ",\"REFRESH_TOKEN\":");
    put_string(g, sb, "abc.def.ghi");
    strbuf_puts(sb, "},\"AccessToken\":");
    put_string(g, sb, "abc.def.ghi");
    strbuf_puts(sb, ",\"UserAttributes\":[{\"Name\":\"email\",\"Value\":");
    put_string(g, sb, "storm@example.com");
    strbuf_puts(sb, "}]}");
}

/* ---- headers ---- */

/* The admin's token goes on reads and on new products only (see
 * admin_safe()); the user's on anything. */
static void put_auth(struct gen *g, struct strbuf *sb, const struct shape *s)
{
    unsigned p = storm_below(g->r, 100);
    const char *const *t = g->c->tokens;
    bool creates = s->body == 'p' && strcmp(s->method, "POST") == 0;
    if (creates && chance(g, 50)) /* new products reach validation */
        p = 60;
    if (p < 15)
        return; /* none */
    if (p < 55) {
        strbuf_printf(sb, "Authorization: Bearer %s\r\n", t[STORM_TOK_USER]);
    } else if (p < 65 && (strcmp(s->method, "GET") == 0 || creates)) {
        strbuf_printf(sb, "Authorization: Bearer %s\r\n", t[STORM_TOK_ADMIN]);
        g->admin = true;
    } else if (p < 85) {
        strbuf_printf(sb, "Authorization: Bearer %s\r\n",
                      t[STORM_TOK_EXPIRED + storm_below(g->r,
                                                        STORM_TOK_N - STORM_TOK_EXPIRED)]);
    } else {
        static const char *const ODD[] = {
            "Bearer", "Bearer ", "Bearer  x", "Basic Zm9vOmJhcg==",
            "bearer a.b.c", "Bearer a.b", "Bearer ...", "Bearer a..c",
            "Bearer eyJhbGciOiJub25lIn0.e30.", "Bearer %00", "Token x",
            "Bearer eyJ\xff.eyJ.sig", "Bearer e30.e30.e30"};
        strbuf_printf(sb, "Authorization: %s", PICK(g->r, ODD));
        if (chance(g, 20))
            repeat(sb, "A", 1 + storm_below(g->r, 20000));
        strbuf_puts(sb, "\r\n");
    }
}

static void put_odd_headers(struct gen *g, struct strbuf *sb)
{
    static const char *const ODD[] = {
        "X-Nothing\r\n", "Bad Name: x\r\n", ": empty\r\n",
        "X-Fold: a\r\n b\r\n", "X-Cr: a\rb\r\n", "Host: other\r\n",
        "Host:\r\n", "Idempotency-Key: \r\n", "Idempotency-Key: \xff\xfe\r\n",
        "Content-Type: text/plain\r\n", "Content-Type: application/json; "
        "charset=latin1\r\n", "Connection: upgrade\r\nUpgrade: h2c\r\n",
        "Expect: 100-continue\r\n", "Expect: nonsense\r\n",
        "Transfer-Encoding: gzip\r\n", "Accept: */*\r\n",
        "X-Amz-Target: AWSCognitoIdentityProviderService.\r\n",
        "Range: bytes=0-1\r\n", "Origin: http://evil.example\r\n",
        "Authorization: Bearer x\r\n", "Connection: close\r\n",
        "Content-Length: 0\r\n", "X-Forwarded-For: 1.2.3.4\r\n"};
    unsigned n = 1 + storm_below(g->r, 4);
    for (unsigned i = 0; i < n; i++)
        strbuf_puts(sb, PICK(g->r, ODD));
    if (chance(g, 10)) {
        strbuf_puts(sb, "X-Nul: a");
        strbuf_append(sb, "\0", 1);
        strbuf_puts(sb, "b\r\n");
    }
    if (chance(g, 10)) { /* big or many headers */
        if (chance(g, 50)) {
            strbuf_puts(sb, "X-Big: ");
            repeat(sb, "b", 1000 + storm_below(g->r, 70000));
            strbuf_puts(sb, "\r\n");
        } else {
            unsigned m = 50 + storm_below(g->r, 2000);
            for (unsigned i = 0; i < m; i++)
                strbuf_printf(sb, "X-H%u: v\r\n", i);
        }
    }
}

/* The framing of a body: Content-Length right or wrong, or chunked. */
static void put_framed_body(struct gen *g, struct strbuf *sb,
                            const struct strbuf *body, bool hostile)
{
    size_t len = body->len;
    unsigned p = hostile ? storm_below(g->r, 100) : 100;
    if (p < 10) {
        static const char *const BAD[] = {
            "-1", "abc", "0x10", "18446744073709551616", "+5", " 5", "5, 5",
            "1e3", "99999999999999999999", "104857600", ""};
        strbuf_printf(sb, "Content-Length: %s\r\n\r\n", PICK(g->r, BAD));
        g->kind = "framing/bad-length";
    } else if (p < 15) {
        strbuf_printf(sb, "Content-Length: %zu\r\nContent-Length: %zu\r\n\r\n",
                      len, len + 1 + storm_below(g->r, 10));
        g->kind = "framing/two-lengths";
    } else if (p < 30) {
        strbuf_printf(sb, "Content-Length: %zu\r\n\r\n",
                      chance(g, 50) ? len + 1 + storm_below(g->r, 100)
                                    : len / 2);
        g->kind = "framing/wrong-length";
    } else if (p < 50) {
        strbuf_puts(sb, "Transfer-Encoding: chunked\r\n");
        if (chance(g, 20))
            strbuf_printf(sb, "Content-Length: %zu\r\n", len);
        strbuf_puts(sb, "\r\n");
        static const char *const SIZES[] = {"zz", "ffffffffffffffff",
                                            "-1", "", "1;ext=1"};
        if (chance(g, 30))
            strbuf_printf(sb, "%s\r\n", PICK(g->r, SIZES));
        else
            strbuf_printf(sb, "%zx\r\n", len);
        strbuf_append(sb, body->buf ? body->buf : "", len);
        strbuf_puts(sb, chance(g, 70) ? "\r\n0\r\n\r\n" : "\r\n");
        g->kind = "framing/chunked";
        return;
    } else {
        strbuf_printf(sb, "Content-Length: %zu\r\n\r\n", len);
    }
    strbuf_append(sb, body->buf ? body->buf : "", len);
}

/* ---- whole requests ---- */

/* A request for a route; hostile in the parts the flags ask for. */
static void put_request(struct gen *g, struct strbuf *out, bool bad_body,
                        bool bad_path, bool bad_headers)
{
    const struct shape *s = &PICK(g->r, SHAPES);
    struct strbuf body = {0};
    if (s->body || (bad_body && chance(g, 20))) {
        if (bad_body && chance(g, 30))
            put_broken_json(g, &body);
        else if (s->body == 'c')
            put_cognito(g, &body);
        else if (s->body == 'o' || (!s->body && chance(g, 50)))
            put_order(g, &body);
        else
            put_product(g, &body);
    }
    strbuf_printf(out, "%s ", s->method);
    if (bad_path)
        put_odd_path(g, out);
    else
        put_path(g, out, s->path);
    if (s->list && chance(g, bad_path ? 70 : 30))
        put_query(g, out);
    strbuf_puts(out, " HTTP/1.1\r\n");
    if (!bad_headers || chance(g, 80))
        strbuf_printf(out, "Host: 127.0.0.1:%d\r\n", g->c->port);
    if (s->body == 'c')
        strbuf_printf(out, "X-Amz-Target: AWSCognitoIdentityProviderService.%s"
                           "\r\nContent-Type: application/x-amz-json-1.1\r\n",
                      chance(g, 90) ? PICK(g->r, COGNITO_OPS) : "InitiateAuth");
    else if (body.len)
        strbuf_puts(out, "Content-Type: application/json\r\n");
    put_auth(g, out, s);
    if (chance(g, 20))
        strbuf_printf(out, "Idempotency-Key: storm-%u\r\n",
                      storm_below(g->r, 50));
    if (bad_headers)
        put_odd_headers(g, out);
    if (body.len || strcmp(s->method, "GET") != 0)
        put_framed_body(g, out, &body, bad_headers);
    else
        strbuf_puts(out, "\r\n");
    strbuf_free(&body);
}

static void put_garbage(struct gen *g, struct strbuf *out)
{
    static const char *const FIXED[] = {
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "GET /\r\n", "\r\n\r\n\r\n",
        "\n", "GET / HTTP/1.0\r\n\r\n", "GET /health HTTP/9.9\r\n\r\n",
        "GET /health HTTP/1.1 extra\r\nHost: x\r\n\r\n",
        "GET /health\r\nHost: x\r\n\r\n", "GET  /health HTTP/1.1\r\n\r\n",
        "DELETE\0x /products HTTP/1.1\r\nHost: x\r\n\r\n",
        "G ET /health HTTP/1.1\r\nHost: x\r\n\r\n",
        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        "GET /health HTTP/1.1\nHost: x\n\n",
        "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n",
        "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: x\r\n\r\n",
        "M-SEARCH * HTTP/1.1\r\nHost: x\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "HEAD /products HTTP/1.1\r\nHost: x\r\n\r\n",
        "PATCH /products HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"};
    unsigned p = storm_below(g->r, 100);
    if (p < 40) {
        const char *s = PICK(g->r, FIXED);
        /* The one with a NUL in its method is given whole. */
        size_t len = strncmp(s, "DELETE", 6) == 0 && s[6] == '\0'
                         ? 6 + 1 + strlen(s + 7)
                         : strlen(s);
        strbuf_append(out, s, len);
        g->kind = "garbage/fixed";
    } else if (p < 70) {
        size_t n = 1 + storm_below(g->r, 4096);
        for (size_t i = 0; i < n; i++) {
            char b = (char)storm_below(g->r, 256);
            strbuf_append(out, &b, 1);
        }
        g->kind = "garbage/bytes";
    } else if (p < 90) {
        size_t n = 1 + storm_below(g->r, 2048);
        for (size_t i = 0; i < n; i++) {
            char b = (char)(32 + storm_below(g->r, 95));
            if (chance(g, 3))
                b = chance(g, 50) ? '\r' : '\n';
            strbuf_append(out, &b, 1);
        }
        g->kind = "garbage/text";
    } else {
        static const char *const METHODS[] = {"GET", "POST", "FOO", "get", "",
                                               "GETGETGETGET"};
        strbuf_printf(out, "%s /", PICK(g->r, METHODS));
        repeat(out, "A", 1000 + storm_below(g->r, 80000));
        if (chance(g, 50))
            strbuf_puts(out, " HTTP/1.1\r\nHost: x\r\n\r\n");
        g->kind = "garbage/long-line";
    }
}

/* Byte-level mutations of a request already in out. */
static void mutate(struct gen *g, struct strbuf *out)
{
    if (!out->len)
        return;
    switch (storm_below(g->r, 6)) {
    case 0: { /* flip bytes */
        unsigned n = 1 + storm_below(g->r, 8);
        for (unsigned i = 0; i < n; i++) {
            size_t at = storm_below(g->r, (uint32_t)out->len);
            if (chance(g, 50))
                out->buf[at] ^= (char)(1u << storm_below(g->r, 8));
            else
                out->buf[at] = (char)storm_below(g->r, 256);
        }
        g->kind = "mutate/flip";
        break;
    }
    case 1: /* truncate */
        out->len = storm_below(g->r, (uint32_t)out->len);
        out->buf[out->len] = '\0';
        g->kind = "mutate/truncate";
        break;
    case 2: { /* the whole request twice, pipelined */
        size_t len = out->len;
        strbuf_reserve(out, len);
        memcpy(out->buf + len, out->buf, len);
        out->len = 2 * len;
        out->buf[out->len] = '\0';
        g->kind = "mutate/twice";
        break;
    }
    case 3: { /* a span duplicated in place */
        size_t at = storm_below(g->r, (uint32_t)out->len);
        size_t n = 1 + storm_below(g->r, (uint32_t)(out->len - at));
        struct strbuf t = {0};
        strbuf_append(&t, out->buf, at + n);
        strbuf_append(&t, out->buf + at, out->len - at);
        strbuf_free(out);
        *out = t;
        g->kind = "mutate/dup-span";
        break;
    }
    case 4: { /* random bytes inserted */
        size_t at = storm_below(g->r, (uint32_t)out->len + 1);
        struct strbuf t = {0};
        strbuf_append(&t, out->buf, at);
        unsigned n = 1 + storm_below(g->r, 16);
        for (unsigned i = 0; i < n; i++) {
            char b = (char)storm_below(g->r, 256);
            strbuf_append(&t, &b, 1);
        }
        strbuf_append(&t, out->buf + at, out->len - at);
        strbuf_free(out);
        *out = t;
        g->kind = "mutate/insert";
        break;
    }
    default: { /* a span deleted */
        size_t at = storm_below(g->r, (uint32_t)out->len);
        size_t n = 1 + storm_below(g->r, (uint32_t)(out->len - at));
        memmove(out->buf + at, out->buf + at + n, out->len - at - n);
        out->len -= n;
        out->buf[out->len] = '\0';
        g->kind = "mutate/delete";
        break;
    }
    }
}

/* Whether a request that carries the admin's token can change nothing
 * made before the storm: a read, or a new product, however mutated (no
 * other method or route anywhere in its bytes, pipelined ones too). */
static bool admin_safe(const struct strbuf *sb)
{
    static const char *const NEVER[] = {"PUT", "DELETE", "PATCH", "/cancel",
                                        "redrive", "/orders"};
    for (size_t i = 0; i < sizeof NEVER / sizeof *NEVER; i++)
        if (memmem(sb->buf, sb->len, NEVER[i], strlen(NEVER[i])))
            return false;
    return (sb->len >= 4 && memcmp(sb->buf, "GET ", 4) == 0) ||
           (sb->len >= 15 && memcmp(sb->buf, "POST /products ", 15) == 0);
}

static void make_once(struct gen *g, struct strbuf *out)
{
    unsigned p = storm_below(g->r, 100);
    g->kind = "valid";
    if (p < 25) {
        put_request(g, out, true, false, false);
        if (strcmp(g->kind, "valid") == 0)
            g->kind = "json/fields";
    } else if (p < 50) {
        put_request(g, out, false, false, false);
        mutate(g, out);
        if (chance(g, 20))
            mutate(g, out);
    } else if (p < 65) {
        put_request(g, out, false, false, true);
        if (strcmp(g->kind, "valid") == 0)
            g->kind = "headers";
    } else if (p < 77) {
        put_request(g, out, chance(g, 30), true, false);
        g->kind = "path";
    } else if (p < 90) {
        put_garbage(g, out);
    } else {
        put_request(g, out, false, false, false); /* plain valid */
    }
}

void storm_make(struct storm_rng *r, const struct storm_ctx *c,
                struct strbuf *out, const char **kind)
{
    struct gen g = {.r = r, .c = c, .bad = 40};
    do {
        out->len = 0;
        if (out->buf)
            out->buf[0] = '\0';
        g.admin = false;
        make_once(&g, out);
    } while (g.admin && !admin_safe(out));
    *kind = g.kind;
}
