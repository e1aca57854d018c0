#include "server/store/store_products.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"
#include "server/store/store_idempotency.h"

#define COLS "seq, id, name, description, category, price, quantity, sku, " \
             "image_url, created_at, updated_at, created_by"

static const char SQL_GET[] = "SELECT " COLS " FROM products WHERE id = ?1";
static const char SQL_INSERT[] =
    "INSERT INTO products (id, name, description, category, price, quantity,"
    " sku, image_url, created_at, updated_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_UPDATE[] =
    "UPDATE products SET name = ?2, description = ?3, category = ?4,"
    " price = ?5, quantity = ?6, sku = ?7, image_url = ?8, updated_at = ?9"
    " WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM products WHERE id = ?1";
static const char SQL_COUNT[] = "SELECT count(*) FROM products";
/* Two list statements so each uses its index: the rowid (seq) for all
 * products, (category, seq) for one category. */
static const char SQL_LIST[] =
    "SELECT " COLS " FROM products WHERE seq < ?1"
    " AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\')"
    " ORDER BY seq DESC LIMIT ?3";
static const char SQL_LIST_CATEGORY[] =
    "SELECT " COLS " FROM products WHERE category = ?4 AND seq < ?1"
    " AND (?2 IS NULL OR name LIKE ?2 ESCAPE '\\')"
    " ORDER BY seq DESC LIMIT ?3";

/* A short text column into a fixed field, cut to fit: snprintf's result
 * without its format parsing (twice per row of every list). */
static void col_copy(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(out, t, n);
    out[n] = '\0';
}

/* Reads a row selected with COLS; returns its seq. */
static int64_t read_row(sqlite3_stmt *st, struct product *p)
{
    memset(p, 0, sizeof *p);
    col_copy(st, 1, p->id, sizeof p->id);
    p->name = store_col_text(st, 2);
    p->description = store_col_text(st, 3);
    col_copy(st, 4, p->category, sizeof p->category);
    p->price = sqlite3_column_int64(st, 5);
    p->quantity = sqlite3_column_int64(st, 6);
    p->sku = store_col_text(st, 7);
    p->image_url = store_col_text(st, 8);
    p->created_at = sqlite3_column_int64(st, 9);
    p->updated_at = sqlite3_column_int64(st, 10);
    p->created_by = store_col_text(st, 11);
    return sqlite3_column_int64(st, 0);
}

/* A row selected with COLS, its strings borrowed from the statement
 * (the list path: no copy per field). Returns its seq. */
static int64_t borrow_row(sqlite3_stmt *st, struct product *p)
{
    col_copy(st, 1, p->id, sizeof p->id);
    p->name = (char *)sqlite3_column_text(st, 2);
    p->description = (char *)sqlite3_column_text(st, 3);
    col_copy(st, 4, p->category, sizeof p->category);
    p->price = sqlite3_column_int64(st, 5);
    p->quantity = sqlite3_column_int64(st, 6);
    p->sku = (char *)sqlite3_column_text(st, 7);
    p->image_url = (char *)sqlite3_column_text(st, 8);
    p->created_at = sqlite3_column_int64(st, 9);
    p->updated_at = sqlite3_column_int64(st, 10);
    p->created_by = (char *)sqlite3_column_text(st, 11);
    return sqlite3_column_int64(st, 0);
}

enum store_rc store_product_get(struct store_conn *c, const char *id,
                                struct product *out)
{
    sqlite3_stmt *st = store_stmt(c, SQL_GET);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    enum store_rc r = STORE_OK;
    if (rc == SQLITE_ROW)
        read_row(st, out);
    else if (rc == SQLITE_DONE)
        r = STORE_NOT_FOUND;
    else
        r = store_fail(c, "product get");
    sqlite3_reset(st);
    return r;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Maps a failed write: a unique SKU clash is a conflict. */
static enum store_rc write_failed(struct store_conn *c, const char *what)
{
    if (sqlite3_extended_errcode(store_db(c)) == SQLITE_CONSTRAINT_UNIQUE)
        return STORE_CONFLICT;
    return store_fail(c, what);
}

enum store_rc store_product_create(struct store_conn *c,
                                   const struct product *p)
{
    sqlite3_stmt *st = store_stmt(c, SQL_INSERT);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, p->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, p->description, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, p->category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, p->price);
    sqlite3_bind_int64(st, 6, p->quantity);
    sqlite3_bind_text(st, 7, p->sku, -1, SQLITE_STATIC);
    bind_text_or_null(st, 8, p->image_url);
    sqlite3_bind_int64(st, 9, p->created_at);
    sqlite3_bind_int64(st, 10, p->updated_at);
    sqlite3_bind_text(st, 11, p->created_by, -1, SQLITE_STATIC);
    enum store_rc r = sqlite3_step(st) == SQLITE_DONE
                          ? STORE_OK
                          : write_failed(c, "product insert");
    sqlite3_reset(st);
    return r;
}

static void replace(char **field, const char *value)
{
    free(*field);
    *field = value ? xstrdup(value) : NULL;
}

struct create_job {
    const struct product *p;
    struct idem_claim *idem;
};

static enum store_rc create_in_tx(struct store_conn *c, void *arg)
{
    struct create_job *j = arg;
    enum store_rc r = STORE_OK;
    if (j->idem && (r = store_idem_lookup_in_tx(c, j->idem)) != STORE_OK)
        return r;
    r = store_product_create(c, j->p);
    if (r == STORE_OK && j->idem)
        r = store_idem_save_in_tx(c, j->idem, j->p);
    return r;
}

enum store_rc store_product_create_write(struct store *s,
                                         const struct product *p,
                                         struct idem_claim *idem)
{
    struct create_job j = {p, idem};
    return store_write(s, create_in_tx, &j);
}

enum store_rc store_product_update(struct store_conn *c, const char *id,
                                   const struct product_input *in,
                                   int64_t now, struct product *out)
{
    enum store_rc r = store_begin(c);
    if (r != STORE_OK)
        return r;
    r = store_product_get(c, id, out);
    if (r != STORE_OK) {
        store_rollback(c);
        return r;
    }
    if (in->fields & PRODUCT_F_NAME)
        replace(&out->name, in->name);
    if (in->fields & PRODUCT_F_DESCRIPTION)
        replace(&out->description, in->description);
    if (in->fields & PRODUCT_F_CATEGORY)
        snprintf(out->category, sizeof out->category, "%s", in->category);
    if (in->fields & PRODUCT_F_PRICE)
        out->price = in->price;
    if (in->fields & PRODUCT_F_QUANTITY)
        out->quantity = in->quantity;
    if (in->fields & PRODUCT_F_SKU)
        replace(&out->sku, in->sku);
    if (in->fields & PRODUCT_F_IMAGE_URL)
        replace(&out->image_url, in->image_url);
    out->updated_at = now;

    sqlite3_stmt *st = store_stmt(c, SQL_UPDATE);
    if (!st) {
        store_rollback(c);
        product_clear(out);
        return STORE_ERROR;
    }
    sqlite3_bind_text(st, 1, out->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, out->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, out->description, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, out->category, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, out->price);
    sqlite3_bind_int64(st, 6, out->quantity);
    sqlite3_bind_text(st, 7, out->sku, -1, SQLITE_STATIC);
    bind_text_or_null(st, 8, out->image_url);
    sqlite3_bind_int64(st, 9, now);
    r = sqlite3_step(st) == SQLITE_DONE ? STORE_OK
                                        : write_failed(c, "product update");
    sqlite3_reset(st);
    if (r == STORE_OK)
        r = store_commit(c);
    else
        store_rollback(c);
    if (r != STORE_OK)
        product_clear(out);
    return r;
}

enum store_rc store_product_delete(struct store_conn *c, const char *id)
{
    sqlite3_stmt *st = store_stmt(c, SQL_DELETE);
    if (!st)
        return STORE_ERROR;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    enum store_rc r = STORE_OK;
    if (sqlite3_step(st) != SQLITE_DONE)
        r = store_fail(c, "product delete");
    else if (sqlite3_changes(store_db(c)) == 0)
        r = STORE_NOT_FOUND;
    sqlite3_reset(st);
    return r;
}

/* "%text%" with LIKE's wildcards and the escape character escaped. */
static char *like_pattern(const char *s)
{
    struct strbuf sb = {0};
    strbuf_append(&sb, "%", 1);
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            strbuf_append(&sb, "\\", 1);
        strbuf_append(&sb, s, 1);
    }
    strbuf_append(&sb, "%", 1);
    return strbuf_detach(&sb, NULL);
}

enum store_rc store_product_list(struct store_conn *c, const char *category,
                                 const char *search, int64_t before,
                                 int limit, product_row_fn fn, void *arg,
                                 struct store_page *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(c, category ? SQL_LIST_CATEGORY : SQL_LIST);
    if (!st)
        return STORE_ERROR;
    char *pattern = search && *search ? like_pattern(search) : NULL;
    sqlite3_bind_int64(st, 1, before > 0 ? before : INT64_MAX);
    bind_text_or_null(st, 2, pattern);
    sqlite3_bind_int(st, 3, limit + 1); /* one more: is there a next page? */
    if (category)
        sqlite3_bind_text(st, 4, category, -1, SQLITE_STATIC);
    enum store_rc r = STORE_OK;
    struct product p = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->count == limit) {
            out->more = true;
            break;
        }
        out->last_seq = borrow_row(st, &p);
        out->count++;
        fn(&p, arg);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        r = store_fail(c, "product list");
    sqlite3_reset(st);
    free(pattern);
    return r;
}

long long store_product_count(struct store_conn *c)
{
    sqlite3_stmt *st = store_stmt(c, SQL_COUNT);
    if (!st)
        return -1;
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}
