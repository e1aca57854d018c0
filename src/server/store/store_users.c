#include "server/store/store_users.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/base64.h"
#include "common/mem.h"
#include "common/random.h"
#include "common/timeutil.h"

#define SHA256_HEX 65
#define SECRET_BYTES 32

static const char *const STATUS_NAMES[] = {
    [USER_UNCONFIRMED] = "UNCONFIRMED",
    [USER_CONFIRMED] = "CONFIRMED",
    [USER_FORCE_CHANGE_PASSWORD] = "FORCE_CHANGE_PASSWORD",
};

const char *user_status_name(enum user_status s)
{
    return STATUS_NAMES[s];
}

static enum user_status status_parse(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, STATUS_NAMES[i]) == 0)
            return (enum user_status)i;
    /* An unknown status never signs in: treat it as unconfirmed. */
    return USER_UNCONFIRMED;
}

void user_clear(struct user *u)
{
    free(u->password_hash);
    for (int i = 0; i < u->ngroups; i++)
        free(u->groups[i]);
    free(u->groups);
    memset(u, 0, sizeof *u);
}

bool user_group_valid(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > USER_GROUP_MAX_LEN)
        return false;
    for (const char *p = name; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == ',')
            return false;
    return true;
}

/* SHA-256 of the parts joined with ':', lower-case hex. */
static void sha256_hex(const char *a, const char *b, char out[SHA256_HEX])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
        EVP_DigestUpdate(ctx, a, strlen(a)) != 1 ||
        (b && (EVP_DigestUpdate(ctx, ":", 1) != 1 ||
               EVP_DigestUpdate(ctx, b, strlen(b)) != 1)) ||
        EVP_DigestFinal_ex(ctx, md, &n) != 1)
        abort(); /* SHA-256 fails only when OpenSSL is out of memory */
    EVP_MD_CTX_free(ctx);
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

static char *new_secret(void)
{
    unsigned char b[SECRET_BYTES];
    random_bytes(b, sizeof b);
    char *s = base64url_encode(b, sizeof b);
    OPENSSL_cleanse(b, sizeof b);
    return s;
}

/* Runs a statement that returns no rows; STORE_OK or STORE_ERROR. */
static enum store_rc step_done(struct store_conn *c, sqlite3_stmt *st,
                               const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : store_fail(c, what);
}

/* ---- users ---------------------------------------------------------- */

static const char SQL_USER_INSERT[] =
    "INSERT INTO users (sub, email, password_hash, status, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_GROUP_INSERT[] =
    "INSERT INTO user_groups (sub, group_name) VALUES (?, ?) "
    "ON CONFLICT DO NOTHING";
static const char SQL_USER_COLS_BY_EMAIL[] =
    "SELECT sub, email, password_hash, status, created_at, updated_at, "
    "tokens_valid_after FROM users WHERE email = ?";
static const char SQL_USER_COLS_BY_SUB[] =
    "SELECT sub, email, password_hash, status, created_at, updated_at, "
    "tokens_valid_after FROM users WHERE sub = ?";
static const char SQL_USER_ALL[] =
    "SELECT sub, email, password_hash, status, created_at, updated_at, "
    "tokens_valid_after FROM users ORDER BY email";
static const char SQL_GROUPS_OF[] =
    "SELECT group_name FROM user_groups WHERE sub = ? ORDER BY group_name";

enum store_rc store_user_create(struct store_conn *c, const char *email,
                                const char *password_hash,
                                enum user_status status,
                                const char *const *groups, int ngroups,
                                char out_sub[UUID_STR_LEN])
{
    enum store_rc rc = store_begin(c);
    if (rc != STORE_OK)
        return rc;
    uuid_v4(out_sub);
    int64_t now = time_now_ms();
    sqlite3_stmt *st = store_stmt(c, SQL_USER_INSERT);
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, out_sub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, email, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, password_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, user_status_name(status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int64(st, 6, now);
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_CONSTRAINT_UNIQUE || r == SQLITE_CONSTRAINT_PRIMARYKEY ||
        r == SQLITE_CONSTRAINT) {
        store_rollback(c);
        return STORE_CONFLICT;
    }
    if (r != SQLITE_DONE) {
        store_fail(c, "user insert");
        goto fail;
    }
    for (int i = 0; i < ngroups; i++) {
        st = store_stmt(c, SQL_GROUP_INSERT);
        if (!st)
            goto fail;
        sqlite3_bind_text(st, 1, out_sub, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, groups[i], -1, SQLITE_STATIC);
        if (step_done(c, st, "group insert") != STORE_OK)
            goto fail;
    }
    return store_commit(c);
fail:
    store_rollback(c);
    return STORE_ERROR;
}

static void read_user(sqlite3_stmt *st, struct user *u)
{
    memset(u, 0, sizeof *u);
    const char *sub = (const char *)sqlite3_column_text(st, 0);
    const char *email = (const char *)sqlite3_column_text(st, 1);
    snprintf(u->sub, sizeof u->sub, "%s", sub ? sub : "");
    snprintf(u->email, sizeof u->email, "%s", email ? email : "");
    u->password_hash = store_col_text(st, 2);
    if (!u->password_hash)
        u->password_hash = xstrdup("");
    u->status = status_parse((const char *)sqlite3_column_text(st, 3));
    u->created_at = sqlite3_column_int64(st, 4);
    u->updated_at = sqlite3_column_int64(st, 5);
    u->tokens_valid_after = sqlite3_column_int64(st, 6);
}

static enum store_rc load_groups(struct store_conn *c, struct user *u)
{
    sqlite3_stmt *st = store_stmt(c, SQL_GROUPS_OF);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, u->sub, -1, SQLITE_STATIC);
    int r, cap = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (u->ngroups == cap) {
            cap = cap ? cap * 2 : 4;
            u->groups = xrealloc(u->groups, (size_t)cap * sizeof *u->groups);
        }
        u->groups[u->ngroups++] = store_col_text(st, 0);
    }
    sqlite3_reset(st);
    return r == SQLITE_DONE ? STORE_OK : store_fail(c, "groups");
}

static enum store_rc user_by(struct store_conn *c, const char *sql,
                             const char *key, struct user *u)
{
    memset(u, 0, sizeof *u);
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_user(st, u);
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return STORE_NOT_FOUND;
    if (r != SQLITE_ROW)
        return store_fail(c, "user lookup");
    enum store_rc rc = load_groups(c, u);
    if (rc != STORE_OK)
        user_clear(u);
    return rc;
}

enum store_rc store_user_by_email(struct store_conn *c, const char *email,
                                  struct user *u)
{
    return user_by(c, SQL_USER_COLS_BY_EMAIL, email, u);
}

enum store_rc store_user_by_sub(struct store_conn *c, const char *sub,
                                struct user *u)
{
    return user_by(c, SQL_USER_COLS_BY_SUB, sub, u);
}

enum store_rc store_user_list(struct store_conn *c, struct user **out,
                              int *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(c, SQL_USER_ALL);
    if (!st)
        return STORE_ERROR;
    struct user *users = NULL;
    int count = 0, cap = 0, r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            users = xrealloc(users, (size_t)cap * sizeof *users);
        }
        read_user(st, &users[count++]);
    }
    sqlite3_reset(st);
    enum store_rc rc = r == SQLITE_DONE ? STORE_OK : store_fail(c, "user list");
    for (int i = 0; i < count && rc == STORE_OK; i++)
        rc = load_groups(c, &users[i]);
    if (rc != STORE_OK) {
        for (int i = 0; i < count; i++)
            user_clear(&users[i]);
        free(users);
        return rc;
    }
    *out = users;
    *n = count;
    return STORE_OK;
}

static const char SQL_USER_SET_PASSWORD[] =
    "UPDATE users SET password_hash = ?, status = ?, updated_at = ? "
    "WHERE sub = ?";
static const char SQL_USER_SET_STATUS[] =
    "UPDATE users SET status = ?, updated_at = ? WHERE sub = ?";

/* Runs an UPDATE/DELETE; STORE_NOT_FOUND when it touched no row. */
static enum store_rc step_changed(struct store_conn *c, sqlite3_stmt *st,
                                  const char *what)
{
    if (step_done(c, st, what) != STORE_OK)
        return STORE_ERROR;
    return sqlite3_changes(store_db(c)) > 0 ? STORE_OK : STORE_NOT_FOUND;
}

enum store_rc store_user_set_password(struct store_conn *c, const char *sub,
                                      const char *password_hash,
                                      enum user_status status)
{
    sqlite3_stmt *st = store_stmt(c, SQL_USER_SET_PASSWORD);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, password_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, user_status_name(status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, time_now_ms());
    sqlite3_bind_text(st, 4, sub, -1, SQLITE_STATIC);
    return step_changed(c, st, "set password");
}

enum store_rc store_user_set_status(struct store_conn *c, const char *sub,
                                    enum user_status status)
{
    sqlite3_stmt *st = store_stmt(c, SQL_USER_SET_STATUS);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, user_status_name(status), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, time_now_ms());
    sqlite3_bind_text(st, 3, sub, -1, SQLITE_STATIC);
    return step_changed(c, st, "set status");
}

static const char SQL_GROUP_ADD[] =
    "INSERT INTO user_groups (sub, group_name) VALUES (?, ?) "
    "ON CONFLICT DO NOTHING";
static const char SQL_GROUP_REMOVE[] =
    "DELETE FROM user_groups WHERE sub = ? AND group_name = ?";
static const char SQL_USER_DELETE[] = "DELETE FROM users WHERE sub = ?";

enum store_rc store_user_group_add(struct store_conn *c, const char *sub,
                                   const char *group)
{
    sqlite3_stmt *st = store_stmt(c, SQL_GROUP_ADD);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, group, -1, SQLITE_STATIC);
    enum store_rc rc = step_changed(c, st, "group add");
    return rc == STORE_NOT_FOUND ? STORE_CONFLICT : rc;
}

enum store_rc store_user_group_remove(struct store_conn *c, const char *sub,
                                      const char *group)
{
    sqlite3_stmt *st = store_stmt(c, SQL_GROUP_REMOVE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, group, -1, SQLITE_STATIC);
    return step_changed(c, st, "group remove");
}

enum store_rc store_user_delete(struct store_conn *c, const char *sub)
{
    sqlite3_stmt *st = store_stmt(c, SQL_USER_DELETE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    return step_changed(c, st, "user delete");
}

/* ---- confirmation codes -------------------------------------------- */

static const char SQL_CODE_PUT[] =
    "INSERT INTO confirmation_codes (sub, code_hash, expires_at, attempts) "
    "VALUES (?, ?, ?, 0) ON CONFLICT (sub) DO UPDATE SET "
    "code_hash = excluded.code_hash, expires_at = excluded.expires_at, "
    "attempts = 0";
static const char SQL_CODE_GET[] =
    "SELECT code_hash, expires_at, attempts FROM confirmation_codes "
    "WHERE sub = ?";
static const char SQL_CODE_ATTEMPT[] =
    "UPDATE confirmation_codes SET attempts = attempts + 1 WHERE sub = ?";
static const char SQL_CODE_DELETE[] =
    "DELETE FROM confirmation_codes WHERE sub = ?";
static const char SQL_USER_CONFIRM[] =
    "UPDATE users SET status = 'CONFIRMED', updated_at = ? "
    "WHERE sub = ? AND status = 'UNCONFIRMED'";

enum store_rc store_code_new(struct store_conn *c, const char *sub,
                             char code[USER_CODE_LEN + 1])
{
    for (int i = 0; i < USER_CODE_LEN; i++)
        code[i] = (char)('0' + random_below(10));
    code[USER_CODE_LEN] = '\0';
    char hash[SHA256_HEX];
    sha256_hex(sub, code, hash); /* the sub salts the small code space */
    sqlite3_stmt *st = store_stmt(c, SQL_CODE_PUT);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, time_now_ms() + USER_CODE_TTL_MS);
    return step_done(c, st, "code put");
}

enum code_rc store_code_confirm(struct store_conn *c, const char *sub,
                                const char *code)
{
    if (store_begin(c) != STORE_OK)
        return CODE_ERROR;
    sqlite3_stmt *st = store_stmt(c, SQL_CODE_GET);
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    char want[SHA256_HEX] = "";
    int64_t expires = 0;
    int attempts = 0;
    if (r == SQLITE_ROW) {
        snprintf(want, sizeof want, "%s",
                 (const char *)sqlite3_column_text(st, 0));
        expires = sqlite3_column_int64(st, 1);
        attempts = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE) {
        store_fail(c, "code get");
        goto fail;
    }
    if (r == SQLITE_DONE || expires <= time_now_ms() ||
        attempts >= USER_CODE_MAX_ATTEMPTS) {
        store_rollback(c);
        return CODE_EXPIRED;
    }
    char got[SHA256_HEX];
    sha256_hex(sub, code, got);
    if (CRYPTO_memcmp(got, want, SHA256_HEX) != 0) {
        st = store_stmt(c, SQL_CODE_ATTEMPT);
        if (!st)
            goto fail;
        sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
        if (step_done(c, st, "code attempt") != STORE_OK ||
            store_commit(c) != STORE_OK)
            goto fail;
        return CODE_MISMATCH;
    }
    st = store_stmt(c, SQL_CODE_DELETE);
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    if (step_done(c, st, "code delete") != STORE_OK)
        goto fail;
    st = store_stmt(c, SQL_USER_CONFIRM);
    if (!st)
        goto fail;
    sqlite3_bind_int64(st, 1, time_now_ms());
    sqlite3_bind_text(st, 2, sub, -1, SQLITE_STATIC);
    if (step_done(c, st, "user confirm") != STORE_OK ||
        store_commit(c) != STORE_OK)
        goto fail;
    return CODE_OK;
fail:
    store_rollback(c);
    return CODE_ERROR;
}

/* ---- refresh tokens ------------------------------------------------- */

static const char SQL_REFRESH_PUT[] =
    "INSERT INTO refresh_tokens (token_hash, sub, client_id, auth_time, "
    "expires_at) VALUES (?, ?, ?, ?, ?)";
static const char SQL_REFRESH_PRUNE[] =
    "DELETE FROM refresh_tokens WHERE sub = ? AND (expires_at <= ? OR "
    "revoked = 1)";
static const char SQL_REFRESH_GET[] =
    "SELECT sub, auth_time FROM refresh_tokens WHERE token_hash = ? AND "
    "client_id = ? AND revoked = 0 AND expires_at > ?";
static const char SQL_REFRESH_REVOKE[] =
    "UPDATE refresh_tokens SET revoked = 1 WHERE sub = ?";
static const char SQL_USER_VALID_AFTER[] =
    "UPDATE users SET tokens_valid_after = ?, updated_at = ? WHERE sub = ?";

char *store_refresh_new(struct store_conn *c, const char *sub,
                        const char *client_id, int64_t auth_time)
{
    int64_t now = time_now_ms();
    /* Each sign-in adds a row: drop the user's dead ones on the way. */
    sqlite3_stmt *st = store_stmt(c, SQL_REFRESH_PRUNE);
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    if (step_done(c, st, "refresh prune") != STORE_OK)
        return NULL;

    char *token = new_secret();
    char hash[SHA256_HEX];
    sha256_hex(token, NULL, hash);
    st = store_stmt(c, SQL_REFRESH_PUT);
    if (!st) {
        free(token);
        return NULL;
    }
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sub, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, client_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, auth_time);
    sqlite3_bind_int64(st, 5, now + USER_REFRESH_TTL_MS);
    if (step_done(c, st, "refresh put") != STORE_OK) {
        free(token);
        return NULL;
    }
    return token;
}

enum store_rc store_refresh_check(struct store_conn *c, const char *token,
                                  const char *client_id,
                                  char out_sub[UUID_STR_LEN],
                                  int64_t *auth_time)
{
    char hash[SHA256_HEX];
    sha256_hex(token, NULL, hash);
    sqlite3_stmt *st = store_stmt(c, SQL_REFRESH_GET);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, client_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, time_now_ms());
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        snprintf(out_sub, UUID_STR_LEN, "%s",
                 (const char *)sqlite3_column_text(st, 0));
        *auth_time = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (r == SQLITE_ROW)
        return STORE_OK;
    return r == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(c, "refresh get");
}

enum store_rc store_user_sign_out(struct store_conn *c, const char *sub)
{
    enum store_rc rc = store_begin(c);
    if (rc != STORE_OK)
        return rc;
    sqlite3_stmt *st = store_stmt(c, SQL_REFRESH_REVOKE);
    if (!st)
        goto fail;
    sqlite3_bind_text(st, 1, sub, -1, SQLITE_STATIC);
    if (step_done(c, st, "refresh revoke") != STORE_OK)
        goto fail;
    st = store_stmt(c, SQL_USER_VALID_AFTER);
    if (!st)
        goto fail;
    /* iat has one-second resolution: a token from this very second may
     * predate the sign-out, so valid ones start with the next second. */
    sqlite3_bind_int64(st, 1, (int64_t)time(NULL) + 1);
    sqlite3_bind_int64(st, 2, time_now_ms());
    sqlite3_bind_text(st, 3, sub, -1, SQLITE_STATIC);
    rc = step_changed(c, st, "tokens valid after");
    if (rc != STORE_OK) {
        store_rollback(c);
        return rc;
    }
    return store_commit(c);
fail:
    store_rollback(c);
    return STORE_ERROR;
}

/* ---- NEW_PASSWORD_REQUIRED sessions --------------------------------- */

static const char SQL_SESSION_PRUNE[] =
    "DELETE FROM auth_sessions WHERE expires_at <= ?";
static const char SQL_SESSION_PUT[] =
    "INSERT INTO auth_sessions (session_hash, sub, expires_at) "
    "VALUES (?, ?, ?)";
static const char SQL_SESSION_GET[] =
    "SELECT sub FROM auth_sessions WHERE session_hash = ? AND expires_at > ?";
static const char SQL_SESSION_TAKE[] =
    "DELETE FROM auth_sessions WHERE session_hash = ? AND sub = ? AND "
    "expires_at > ?";

char *store_session_new(struct store_conn *c, const char *sub)
{
    int64_t now = time_now_ms();
    sqlite3_stmt *st = store_stmt(c, SQL_SESSION_PRUNE);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, now);
    if (step_done(c, st, "session prune") != STORE_OK)
        return NULL;
    char *session = new_secret();
    char hash[SHA256_HEX];
    sha256_hex(session, NULL, hash);
    st = store_stmt(c, SQL_SESSION_PUT);
    if (!st) {
        free(session);
        return NULL;
    }
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sub, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now + USER_SESSION_TTL_MS);
    if (step_done(c, st, "session put") != STORE_OK) {
        free(session);
        return NULL;
    }
    return session;
}

enum store_rc store_session_check(struct store_conn *c, const char *session,
                                  char out_sub[UUID_STR_LEN])
{
    char hash[SHA256_HEX];
    sha256_hex(session, NULL, hash);
    sqlite3_stmt *st = store_stmt(c, SQL_SESSION_GET);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, time_now_ms());
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        snprintf(out_sub, UUID_STR_LEN, "%s",
                 (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (r == SQLITE_ROW)
        return STORE_OK;
    return r == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(c, "session get");
}

enum store_rc store_session_complete(struct store_conn *c,
                                     const char *session, const char *sub,
                                     const char *password_hash)
{
    enum store_rc rc = store_begin(c);
    if (rc != STORE_OK)
        return rc;
    char hash[SHA256_HEX];
    sha256_hex(session, NULL, hash);
    sqlite3_stmt *st = store_stmt(c, SQL_SESSION_TAKE);
    if (!st) {
        store_rollback(c);
        return STORE_ERROR;
    }
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sub, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, time_now_ms());
    rc = step_changed(c, st, "session take");
    if (rc == STORE_OK)
        rc = store_user_set_password(c, sub, password_hash, USER_CONFIRMED);
    if (rc != STORE_OK) {
        store_rollback(c);
        return rc;
    }
    return store_commit(c);
}

/* ---- settings ------------------------------------------------------- */

static const char SQL_COST_SET[] =
    "INSERT INTO settings (key, value) VALUES ('password_cost', ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int store_users_cost(struct store_conn *c)
{
    char *v = store_setting_get(c, "password_cost");
    int cost = v ? atoi(v) : 0;
    free(v);
    return cost;
}

enum store_rc store_users_set_cost(struct store_conn *c, int cost)
{
    sqlite3_stmt *st = store_stmt(c, SQL_COST_SET);
    if (!st)
        return STORE_ERROR;
    char v[16];
    snprintf(v, sizeof v, "%d", cost);
    sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
    return step_done(c, st, "cost set");
}
