/* The command line's table and the parts of it that need no terminal:
 * parsing, completion candidates, `:order` resolution, the history. */
#include "ui/cmdline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "common/strbuf.h"
#include "common/uuid.h"
#include "ui/text.h"

static const struct cmd_def DEFS[CMD_COUNT] = {
#define X(id_, name_, arg_, argname_, help_, flags_)                        \
    [id_] = {id_, name_, arg_, argname_, help_, flags_},
    CMDLINE_COMMANDS(X)
#undef X
};

const struct cmd_def *cmdline_def(int i)
{
    return i >= 0 && i < CMD_COUNT ? &DEFS[i] : NULL;
}

bool cmdline_offered(const struct cmd_def *d, bool admin)
{
    return admin || !(d->flags & CF_ADMIN);
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* A copy of s without the spaces around it. */
static char *trimmed(const char *s)
{
    s = skip_space(s);
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

const struct cmd_def *cmdline_parse(const char *line, bool admin, char **arg,
                                    char **msg)
{
    *arg = NULL;
    *msg = NULL;
    const struct cmd_def *found = NULL;
    const char *s = skip_space(line);
    while (*s == ':')
        s = skip_space(s + 1);
    size_t len = strcspn(s, " \t");
    if (len == 0)
        return NULL;
    const char *a = NULL, *b = NULL; /* two commands the word may mean */
    int matches = 0;
    for (int i = 0; i < CMD_COUNT; i++) {
        const struct cmd_def *d = &DEFS[i];
        if (strncmp(d->name, s, len))
            continue;
        if (strlen(d->name) == len) { /* exactly: no doubt */
            found = d;
            matches = 1;
            break;
        }
        if (!cmdline_offered(d, admin))
            continue;
        if (matches++ == 0)
            a = d->name, found = d;
        else if (matches == 2)
            b = d->name;
    }
    if (matches == 0) {
        *msg = str_printf("Unknown command \":%.*s\": Tab lists the "
                          "commands, :help says what each does.",
                          (int)(len > 40 ? 40 : len), s);
        return NULL;
    }
    if (matches > 1) {
        *msg = str_printf(":%.*s could be :%s or :%s%s: type more of it.",
                          (int)len, s, a, b, matches > 2 ? " (or more)" : "");
        return NULL;
    }
    if (!cmdline_offered(found, admin)) {
        *msg = str_printf(":%s needs an administrator.", found->name);
        return NULL;
    }
    char *rest = trimmed(s + len);
    if (found->arg == CA_NONE && *rest) {
        *msg = str_printf(":%s takes nothing after it.", found->name);
        free(rest);
        return NULL;
    }
    *arg = rest;
    return found;
}

/* ---- completion ------------------------------------------------------- */

static void add_item(struct cmd_completion *c, const char *s)
{
    c->items = xrealloc(c->items, (c->n + 1) * sizeof *c->items);
    c->items[c->n++] = xstrdup(s);
}

void cmdline_complete(const char *before, bool admin, cmd_values_fn values,
                      void *ctx, struct cmd_completion *c)
{
    memset(c, 0, sizeof *c);
    const char *s = skip_space(before);
    while (*s == ':')
        s = skip_space(s + 1);
    size_t len = strcspn(s, " \t");
    if (!s[len]) {
        /* Still typing the command's name. */
        c->command = true;
        c->start = (size_t)(s - before);
        for (int i = 0; i < CMD_COUNT; i++)
            if (cmdline_offered(&DEFS[i], admin) &&
                !strncmp(DEFS[i].name, s, len))
                add_item(c, DEFS[i].name);
        return;
    }
    /* An argument: the command named exactly, its one word so far. */
    const struct cmd_def *d = NULL;
    for (int i = 0; i < CMD_COUNT; i++)
        if (strlen(DEFS[i].name) == len && !strncmp(DEFS[i].name, s, len))
            d = &DEFS[i];
    if (!d || !cmdline_offered(d, admin) ||
        (d->arg != CA_CATEGORY && d->arg != CA_THEME && d->arg != CA_ORDER))
        return;
    const char *word = skip_space(s + len);
    if (strpbrk(word, " \t"))
        return; /* these arguments are one word */
    c->arg = d->arg;
    c->start = (size_t)(word - before);
    char **all = NULL;
    size_t n = values ? values(d->arg, ctx, &all) : 0;
    size_t wlen = strlen(word);
    for (size_t i = 0; i < n; i++)
        if (!strncasecmp(all[i], word, wlen))
            add_item(c, all[i]);
    text_lines_free(all, n);
}

void cmd_completion_free(struct cmd_completion *c)
{
    text_lines_free(c->items, c->n);
    memset(c, 0, sizeof *c);
}

size_t cmd_completion_common(const struct cmd_completion *c)
{
    if (c->n == 0)
        return 0;
    size_t len = strlen(c->items[0]);
    for (size_t i = 1; i < c->n; i++) {
        size_t k = 0;
        while (k < len && c->items[i][k] == c->items[0][k])
            k++;
        len = k;
    }
    /* Never half a UTF-8 character. */
    while (len > 0 && ((unsigned char)c->items[0][len] & 0xC0) == 0x80)
        len--;
    return len;
}

/* ---- :order ----------------------------------------------------------- */

enum cmd_order cmdline_resolve_order(const char *arg, const char *const *ids,
                                     size_t n, const char **found)
{
    *found = NULL;
    size_t len = strlen(arg);
    for (size_t i = 0; i < n; i++) {
        if (!strcasecmp(ids[i], arg)) {
            *found = ids[i];
            return CO_FOUND;
        }
    }
    if (len < CMD_ORDER_PREFIX_MIN)
        return CO_SHORT;
    size_t matches = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strncasecmp(ids[i], arg, len)) {
            if (matches++ == 0)
                *found = ids[i];
        }
    }
    if (matches == 1)
        return CO_FOUND;
    *found = NULL;
    if (matches > 1)
        return CO_AMBIGUOUS;
    if (uuid_is_valid(arg)) {
        *found = arg;
        return CO_WHOLE;
    }
    return CO_UNKNOWN;
}

/* ---- history ---------------------------------------------------------- */

void cmd_history_add(struct cmd_history *h, const char *line)
{
    char *s = trimmed(line);
    if (!*s) {
        free(s);
        return;
    }
    for (size_t i = 0; i < h->n; i++) {
        if (!strcmp(h->lines[i], s)) {
            free(h->lines[i]);
            memmove(h->lines + i, h->lines + i + 1,
                    (h->n - i - 1) * sizeof *h->lines);
            h->n--;
            break;
        }
    }
    if (h->n == CMD_HISTORY_MAX) {
        free(h->lines[0]);
        memmove(h->lines, h->lines + 1, (h->n - 1) * sizeof *h->lines);
        h->n--;
    }
    h->lines = xrealloc(h->lines, (h->n + 1) * sizeof *h->lines);
    h->lines[h->n++] = s;
}

long cmd_history_find(const struct cmd_history *h, const char *needle,
                      long before)
{
    if (before > (long)h->n)
        before = (long)h->n;
    for (long i = before - 1; i >= 0; i--)
        if (strcasestr(h->lines[i], needle))
            return i;
    return -1;
}

void cmd_history_free(struct cmd_history *h)
{
    text_lines_free(h->lines, h->n);
    h->lines = NULL;
    h->n = 0;
}

/* ---- the README's table ----------------------------------------------- */

char *cmdline_markdown(void)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "| command | what |\n|---|---|\n");
    for (int i = 0; i < CMD_COUNT; i++) {
        const struct cmd_def *d = &DEFS[i];
        strbuf_printf(&sb, "| `:%s%s%s` | %s%s |\n", d->name,
                      *d->argname ? " " : "", d->argname, d->help,
                      d->flags & CF_ADMIN ? " (admins)" : "");
    }
    return strbuf_detach(&sb, NULL);
}

char *cmdline_roff(void)
{
    struct strbuf sb = {0};
    for (int i = 0; i < CMD_COUNT; i++) {
        const struct cmd_def *d = &DEFS[i];
        strbuf_printf(&sb, ".TP\n.B \":%s%s%s\"\n%s%s.\n", d->name,
                      *d->argname ? " " : "", d->argname, d->help,
                      d->flags & CF_ADMIN ? "; admins only" : "");
    }
    return strbuf_detach(&sb, NULL);
}
