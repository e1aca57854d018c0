#include "common/inifile.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/mem.h"
#include "common/strbuf.h"

/* The reader counts lines so the handler can name the line it is given
 * (Debian's inih is built without INI_HANDLER_LINENO). */
struct load_state {
    FILE *fp;
    int lineno;
    const char *path;
    const struct ini_key *keys;
    void *cfg;
    struct strbuf errors;
};

static char *reader(char *str, int num, void *stream)
{
    struct load_state *st = stream;
    char *line = fgets(str, num, st->fp);
    if (line && strchr(line, '\n'))
        st->lineno++;
    else if (line && feof(st->fp))
        st->lineno++;
    return line;
}

/* "http://HOST…" or "https://HOST…": a scheme libcurl speaks and a host
 * that is not empty. */
static bool is_http_url(const char *s)
{
    const char *rest = !strncmp(s, "http://", 7)    ? s + 7
                       : !strncmp(s, "https://", 8) ? s + 8
                                                    : NULL;
    return rest && *rest && *rest != '/' && *rest != ':' && *rest != '?' &&
           *rest != '#';
}

static char *set_string(const struct ini_key *k, char *field,
                        const char *value)
{
    if (strlen(value) >= k->size)
        return str_printf("[%s] %s is too long (at most %zu characters)",
                          k->section, k->name, k->size - 1);
    memcpy(field, value, strlen(value) + 1);
    return NULL;
}

static char *set_value(const struct ini_key *k, void *cfg, const char *value)
{
    char *field = (char *)cfg + k->offset;
    switch (k->type) {
    case INI_URL:
        if (*value && !is_http_url(value))
            return str_printf("[%s] %s must be an http:// or https:// URL "
                              "with a host (got \"%s\")",
                              k->section, k->name, value);
        return set_string(k, field, value);
    case INI_STR:
        return set_string(k, field, value);
    case INI_CHOICE:
        for (const char *const *c = k->choices; *c; c++) {
            if (strcasecmp(*c, value) == 0) {
                snprintf(field, k->size, "%s", *c);
                return NULL;
            }
        }
        {
            struct strbuf sb = {0};
            strbuf_printf(&sb, "[%s] %s must be one of", k->section, k->name);
            for (const char *const *c = k->choices; *c; c++)
                strbuf_printf(&sb, "%s %s", c == k->choices ? "" : ",", *c);
            strbuf_printf(&sb, " (got \"%s\")", value);
            return strbuf_detach(&sb, NULL);
        }
    case INI_INT: {
        char *end;
        errno = 0;
        long long v = strtoll(value, &end, 10);
        if (errno || end == value || *end || v < k->min || v > k->max)
            return str_printf("[%s] %s must be a whole number from %.0f to %.0f "
                        "(got \"%s\")",
                        k->section, k->name, k->min, k->max, value);
        *(long long *)(void *)field = v;
        return NULL;
    }
    case INI_DOUBLE: {
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        if (errno || end == value || *end || !isfinite(v) || v < k->min ||
            v > k->max)
            return str_printf("[%s] %s must be a number from %g to %g (got \"%s\")",
                        k->section, k->name, k->min, k->max, value);
        *(double *)(void *)field = v;
        return NULL;
    }
    case INI_BOOL:
        if (!strcasecmp(value, "true") || !strcasecmp(value, "yes") ||
            !strcmp(value, "1") || !strcasecmp(value, "on")) {
            *(bool *)(void *)field = true;
            return NULL;
        }
        if (!strcasecmp(value, "false") || !strcasecmp(value, "no") ||
            !strcmp(value, "0") || !strcasecmp(value, "off")) {
            *(bool *)(void *)field = false;
            return NULL;
        }
        return str_printf("[%s] %s must be true or false (got \"%s\")", k->section,
                    k->name, value);
    case INI_OTHER:
        return NULL; /* another reader's section */
    }
    return str_printf("[%s] %s has an unknown type", k->section, k->name);
}

char *inifile_set(const struct ini_key *keys, void *cfg, const char *section,
                  const char *name, const char *value)
{
    bool section_known = false;
    for (const struct ini_key *k = keys; k->name; k++) {
        if (strcmp(k->section, section) != 0)
            continue;
        section_known = true;
        if (k->type == INI_OTHER)
            return NULL;
        if (strcmp(k->name, name) == 0)
            return set_value(k, cfg, value);
    }
    if (!section_known)
        return str_printf("unknown section [%s]", section);
    return str_printf("unknown key \"%s\" in [%s]", name, section);
}

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
    struct load_state *st = user;
    char *err = inifile_set(st->keys, st->cfg, section, name, value);
    if (err) {
        strbuf_printf(&st->errors, "%s:%d: %s\n", st->path, st->lineno, err);
        free(err);
    }
    return 1; /* keep going: report every problem at once */
}

int inifile_load(const char *path, const struct ini_key *keys, void *cfg,
                 char **errors)
{
    struct load_state st = {.path = path, .keys = keys, .cfg = cfg};
    *errors = NULL;
    st.fp = fopen(path, "r");
    if (!st.fp) {
        *errors = str_printf("%s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    int rc = ini_parse_stream(reader, &st, handler, &st);
    fclose(st.fp);
    if (rc > 0)
        strbuf_printf(&st.errors, "%s:%d: not a valid INI line\n", path, rc);
    else if (rc < 0)
        strbuf_printf(&st.errors, "%s: could not be read\n", path);
    if (st.errors.len) {
        *errors = strbuf_detach(&st.errors, NULL);
        return -1;
    }
    return 0;
}

/* The text as a stream for inih, counting lines as inifile_load's reader
 * does. */
struct walk_state {
    const char *rest;
    int lineno;
    const char *origin;
    inifile_walk_fn fn;
    void *user;
    struct strbuf errors;
};

static char *text_reader(char *str, int num, void *stream)
{
    struct walk_state *st = stream;
    if (!*st->rest || num < 3)
        return NULL;
    size_t n = strcspn(st->rest, "\n");
    bool nl = st->rest[n] == '\n';
    st->lineno++;
    /* One call per line, so inih's line numbers are the file's: a line
     * that does not fit is reported here and read as an empty one. */
    if (n + 2 > (size_t)num) {
        strbuf_printf(&st->errors, "%s:%d: longer than %d characters\n",
                      st->origin, st->lineno, num - 2);
        st->rest += n + nl;
        memcpy(str, "\n", 2);
        return str;
    }
    memcpy(str, st->rest, n + nl);
    str[n + nl] = '\0';
    st->rest += n + nl;
    return str;
}

static int walk_handler(void *user, const char *section, const char *name,
                        const char *value)
{
    struct walk_state *st = user;
    char *err = st->fn(st->user, section, name, value, st->lineno);
    if (err) {
        strbuf_printf(&st->errors, "%s:%d: %s\n", st->origin, st->lineno, err);
        free(err);
    }
    return 1;
}

int inifile_walk(const char *text, const char *origin, inifile_walk_fn fn,
                 void *user, char **errors)
{
    struct walk_state st = {.rest = text, .origin = origin, .fn = fn,
                            .user = user};
    *errors = NULL;
    int rc = ini_parse_stream(text_reader, &st, walk_handler, &st);
    if (rc > 0)
        strbuf_printf(&st.errors, "%s:%d: not a valid line (a [section], "
                      "name = value, or a comment)\n", origin, rc);
    if (st.errors.len) {
        *errors = strbuf_detach(&st.errors, NULL);
        return -1;
    }
    return 0;
}
