/* theme_file — theme files: the parser (themes/README.md has the format),
 * where themes are looked for, and the built-in copies of default and mono
 * (the files themselves, compiled in), so a missing file never leaves the
 * screen without a theme. No curses calls here: only its attribute bits. */
#include "ui/theme.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/inifile.h"
#include "common/mem.h"
#include "common/strbuf.h"

#ifndef INVENTUI_DATADIR
#define INVENTUI_DATADIR "/usr/local/share/inventui"
#endif

#define THEME_FILE_MAX (64 * 1024)

/* The files are pulled in with the assembler's .incbin, as the server's
 * assets are; the Makefile makes this object depend on them. */
#define EMBED(sym, file)                                                   \
    __asm__(".section .rodata\n"                                           \
            ".global " #sym "_start\n"                                      \
            ".balign 16\n" #sym "_start:\n"                                 \
            ".incbin \"" file "\"\n"                                        \
            ".byte 0\n"                                                     \
            ".previous\n");                                                 \
    extern const char sym##_start[];

EMBED(inventui_theme_default, "themes/default.theme")
EMBED(inventui_theme_mono, "themes/mono.theme")

static const char *const ROLE_NAMES[THEME_ROLE_COUNT] = {
#define X(id, name) [id] = name,
    THEME_ROLES(X)
#undef X
};

static const struct {
    const char *name;
    attr_t attr;
} ATTR_NAMES[] = {
    {"bold", A_BOLD},         {"dim", A_DIM},
    {"italic", A_ITALIC},     {"underline", A_UNDERLINE},
    {"reverse", A_REVERSE},   {"blink", A_BLINK},
    {"standout", A_STANDOUT},
};

static const char *const COLOUR_NAMES[8] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* ---- parsing ---------------------------------------------------------- */

/* A colour: "default", a number 0-255, a name (0-7) or "bright-NAME"
 * (8-15). -2 when it is none of them. */
static short parse_colour(const char *s)
{
    if (!strcmp(s, "default"))
        return -1;
    for (int i = 0; i < 8; i++) {
        if (!strcmp(s, COLOUR_NAMES[i]))
            return (short)i;
        if (!strncmp(s, "bright-", 7) && !strcmp(s + 7, COLOUR_NAMES[i]))
            return (short)(8 + i);
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s < '0' || *s > '9' || errno || *end || v > 255)
        return -2;
    return (short)v;
}

/* One form of a role ("fg:231 bg:25 bold") into *out. NULL or a message
 * (caller frees). */
static char *parse_look(const char *text, enum theme_form form,
                        struct theme_look *out)
{
    char *copy = xstrdup(text);
    char *err = NULL, *save = NULL;
    struct theme_look l = {-1, -1, A_NORMAL};
    bool fg = false, bg = false;
    int tokens = 0;
    for (char *tok = strtok_r(copy, " \t", &save); tok;
         tok = strtok_r(NULL, " \t", &save)) {
        tokens++;
        if (!strcmp(tok, "plain"))
            continue;
        if (!strncmp(tok, "fg:", 3) || !strncmp(tok, "bg:", 3)) {
            bool is_fg = tok[0] == 'f';
            if (is_fg ? fg : bg) {
                err = str_printf("%.2s given twice", tok);
                goto out;
            }
            short c = parse_colour(tok + 3);
            if (c == -2) {
                err = str_printf("\"%s\" is not a colour (a number 0-255, "
                                 "default, black, red, green, yellow, blue, "
                                 "magenta, cyan, white, bright-NAME)",
                                 tok + 3);
                goto out;
            }
            if (form == THEME_8 && c >= 8) {
                err = str_printf("the 8-colour form (after |) takes default "
                                 "or colours 0-7, black to white (got "
                                 "\"%s\")",
                                 tok + 3);
                goto out;
            }
            *(is_fg ? &l.fg : &l.bg) = c;
            *(is_fg ? &fg : &bg) = true;
            continue;
        }
        size_t a = 0;
        while (a < sizeof ATTR_NAMES / sizeof *ATTR_NAMES &&
               strcmp(tok, ATTR_NAMES[a].name) != 0)
            a++;
        if (a == sizeof ATTR_NAMES / sizeof *ATTR_NAMES) {
            err = str_printf("\"%s\" is not fg:COLOUR, bg:COLOUR, plain or an "
                             "attribute (bold dim italic underline reverse "
                             "blink standout)",
                             tok);
            goto out;
        }
        l.attrs |= ATTR_NAMES[a].attr;
    }
    if (!tokens) {
        err = str_printf("%s is empty (plain: the terminal's own look)",
                         form == THEME_256 ? "the look" : "the 8-colour form");
        goto out;
    }
    *out = l;
out:
    free(copy);
    return err;
}

/* The basic colour (0-7) nearest to a 256-colour one: the channels
 * near the brightest are on; greys go to black or white. */
static short nearest8(short c)
{
    if (c < 8)
        return c;
    if (c < 16)
        return (short)(c - 8);
    static const int LEVEL[6] = {0, 95, 135, 175, 215, 255};
    int rgb[3];
    if (c < 232) {
        rgb[0] = LEVEL[(c - 16) / 36];
        rgb[1] = LEVEL[(c - 16) / 6 % 6];
        rgb[2] = LEVEL[(c - 16) % 6];
    } else {
        rgb[0] = rgb[1] = rgb[2] = 8 + (c - 232) * 10;
    }
    int max = rgb[0], min = rgb[0];
    for (int i = 1; i < 3; i++) {
        if (rgb[i] > max)
            max = rgb[i];
        if (rgb[i] < min)
            min = rgb[i];
    }
    if (max - min < 40)
        return max >= 128 ? COLOR_WHITE : COLOR_BLACK;
    int on = min + (max - min) * 6 / 10;
    /* curses: red 1, green 2, blue 4. */
    return (short)((rgb[0] >= on ? 1 : 0) | (rgb[1] >= on ? 2 : 0) |
                   (rgb[2] >= on ? 4 : 0));
}

static struct theme_look look_to8(struct theme_look l)
{
    if (l.fg >= 0)
        l.fg = nearest8(l.fg);
    if (l.bg >= 0)
        l.bg = nearest8(l.bg);
    return l;
}

struct parse {
    struct theme *t;
};

static int role_by_name(const char *name)
{
    for (int r = 0; r < THEME_ROLE_COUNT; r++)
        if (!strcmp(ROLE_NAMES[r], name))
            return r;
    return -1;
}

static char *on_key(void *user, const char *section, const char *name,
                    const char *value, int line)
{
    struct parse *ps = user;
    struct theme *t = ps->t;
    if (!strcmp(section, "theme")) {
        if (!strcmp(name, "description"))
            return NULL;
        return str_printf("unknown key \"%s\" in [theme] (description is "
                          "the only one)",
                          name);
    }
    if (strcmp(section, "roles") != 0)
        return *section ? str_printf("unknown section [%s] (a theme has "
                                     "[theme] and [roles])",
                                     section)
                        : str_printf("\"%s\" is outside [roles]", name);
    int r = role_by_name(name);
    if (r < 0)
        return str_printf("unknown role \"%s\" (themes/README.md lists "
                          "them)",
                          name);
    if (t->line[r])
        return str_printf("%s is set twice (first on line %d)", name,
                          t->line[r]);
    const char *bar = strchr(value, '|');
    if (bar && strchr(bar + 1, '|'))
        return str_printf("more than one | in %s", name);
    char *left = bar ? xstrndup(value, (size_t)(bar - value)) : xstrdup(value);
    struct theme_look l256, l8;
    char *err = parse_look(left, THEME_256, &l256);
    free(left);
    if (!err && bar)
        err = parse_look(bar + 1, THEME_8, &l8);
    if (err) {
        char *msg = str_printf("%s: %s", name, err);
        free(err);
        return msg;
    }
    t->look[THEME_256][r] = l256;
    t->look[THEME_8][r] = bar ? l8 : look_to8(l256);
    t->line[r] = line;
    return NULL;
}

/* The selection must show without colour: the marker is drawn anyway,
 * and the row is reversed or has a background of its own. */
static bool selection_stands_out(const struct theme_look *l)
{
    return (l->attrs & A_REVERSE) || l->bg >= 0;
}

int theme_parse(const char *text, const char *origin,
                const struct theme *base, struct theme *t, char **err)
{
    if (!base)
        base = theme_builtin("default");
    *t = *base;
    memset(t->line, 0, sizeof t->line);
    snprintf(t->origin, sizeof t->origin, "%s", origin);
    struct parse ps = {t};
    char *errors = NULL;
    int rc = inifile_walk(text, origin, on_key, &ps, &errors);
    struct strbuf sb = {0};
    if (errors)
        strbuf_puts(&sb, errors);
    free(errors);
    for (int f = 0; f < THEME_FORMS; f++) {
        if (!t->line[ROLE_SELECTED] ||
            selection_stands_out(&t->look[f][ROLE_SELECTED]))
            continue;
        strbuf_printf(&sb, "%s:%d: selected needs reverse or a background "
                      "(bg:COLOUR)%s, or the selection does not show\n",
                      origin, t->line[ROLE_SELECTED],
                      f == THEME_8 ? " in its 8-colour form too" : "");
        break;
    }
    if (sb.len) {
        rc = -1;
        *err = strbuf_detach(&sb, NULL);
    } else {
        *err = NULL;
        rc = 0;
    }
    return rc;
}

bool theme_uses_colour(const struct theme *t)
{
    for (int f = 0; f < THEME_FORMS; f++)
        for (int r = 0; r < THEME_ROLE_COUNT; r++)
            if (t->look[f][r].fg >= 0 || t->look[f][r].bg >= 0)
                return true;
    return false;
}

/* ---- the built-in copies ---------------------------------------------- */

/* Should the compiled-in files ever fail to parse (the unit tests make
 * sure they do not): plain, with the selection reversed. */
static void last_resort(struct theme *t, const char *name)
{
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    snprintf(t->origin, sizeof t->origin, "built-in %s", name);
    for (int f = 0; f < THEME_FORMS; f++) {
        for (int r = 0; r < THEME_ROLE_COUNT; r++)
            t->look[f][r] = (struct theme_look){-1, -1, A_NORMAL};
        t->look[f][ROLE_SELECTED].attrs = A_REVERSE | A_BOLD;
        t->look[f][ROLE_TAB_ACTIVE].attrs = A_REVERSE | A_BOLD;
        t->look[f][ROLE_STATUSBAR].attrs = A_REVERSE;
        t->look[f][ROLE_FIELD_ACTIVE].attrs = A_REVERSE;
    }
}

const struct theme *theme_builtin(const char *name)
{
    static struct theme DEFAULT, MONO;
    static bool parsed;
    if (!parsed) {
        parsed = true;
        struct theme plain;
        last_resort(&plain, "default");
        char *err = NULL;
        if (theme_parse(inventui_theme_default_start, "built-in default",
                        &plain, &DEFAULT, &err) != 0)
            DEFAULT = plain;
        free(err);
        snprintf(DEFAULT.name, sizeof DEFAULT.name, "default");
        if (theme_parse(inventui_theme_mono_start, "built-in mono", &plain,
                        &MONO, &err) != 0)
            last_resort(&MONO, "mono");
        free(err);
        snprintf(MONO.name, sizeof MONO.name, "mono");
    }
    if (!strcmp(name, "default"))
        return &DEFAULT;
    if (!strcmp(name, "mono"))
        return &MONO;
    return NULL;
}

/* ---- finding themes --------------------------------------------------- */

#define THEME_DIRS 3

/* The directories themes are looked for in, in order; "" for one that
 * cannot be named. */
static void theme_dirs(char dirs[THEME_DIRS][PATH_MAX])
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    dirs[0][0] = '\0';
    if (xdg && *xdg)
        snprintf(dirs[0], PATH_MAX, "%s/inventui/themes", xdg);
    else if (home && *home)
        snprintf(dirs[0], PATH_MAX, "%s/.config/inventui/themes", home);
    snprintf(dirs[1], PATH_MAX, "%s/themes", INVENTUI_DATADIR);
    /* Running from the source tree (build/inventui): its themes/. */
    dirs[2][0] = '\0';
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 2; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                return;
            *slash = '\0';
        }
        /* Only a source tree has themes/README.md; an installed
         * /usr/bin/inventui does not look in /usr/themes. */
        char readme[PATH_MAX + 32];
        int w = snprintf(dirs[2], PATH_MAX, "%s/themes", exe);
        int wr = snprintf(readme, sizeof readme, "%s/themes/README.md", exe);
        if (w < 0 || w >= PATH_MAX || wr < 0 || (size_t)wr >= sizeof readme ||
            access(readme, F_OK) != 0)
            dirs[2][0] = '\0';
    }
}

/* A theme's name: letters, digits, '-', '_' and '.', not starting with
 * '.', so it never leaves the directory it is looked for in. */
static bool good_name(const char *name)
{
    size_t n = strlen(name);
    if (!n || n > 60 || name[0] == '.')
        return false;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789-_.") == n;
}

/* path for messages: $HOME as ~. */
static void display_path(const char *path, char *out, size_t size)
{
    const char *home = getenv("HOME");
    size_t hn = home ? strlen(home) : 0;
    if (hn > 1 && !strncmp(path, home, hn) && path[hn] == '/')
        snprintf(out, size, "~%s", path + hn);
    else
        snprintf(out, size, "%s", path);
}

/* Reads and parses one file. 0, or -1 with *err. */
static int load_file(const char *path, const char *name, struct theme *t,
                     char **err)
{
    char shown[PATH_MAX];
    display_path(path, shown, sizeof shown);
    size_t len = 0;
    char *text = fs_read_all(path, &len);
    if (!text) {
        *err = str_printf("%s: cannot read: %s\n", shown, strerror(errno));
        return -1;
    }
    int rc = -1;
    if (len > THEME_FILE_MAX) {
        *err = str_printf("%s: too big for a theme (over %d bytes)\n", shown,
                          THEME_FILE_MAX);
        goto out;
    }
    if (strlen(text) != len) {
        *err = str_printf("%s: not a text file (it holds a NUL byte)\n",
                          shown);
        goto out;
    }
    rc = theme_parse(text, shown, NULL, t, err);
    snprintf(t->name, sizeof t->name, "%s", name);
out:
    free(text);
    return rc;
}

int theme_find(const char *name, struct theme *t, char **err)
{
    *err = NULL;
    if (strchr(name, '/')) {
        const char *base = strrchr(name, '/') + 1;
        char stem[64];
        size_t n = strlen(base);
        if (n > 6 && !strcmp(base + n - 6, ".theme"))
            n -= 6;
        snprintf(stem, sizeof stem, "%.*s", (int)n, base);
        return load_file(name, stem, t, err);
    }
    if (!good_name(name)) {
        *err = str_printf("\"%s\" is not a theme name (letters, digits, - "
                          "and _; or a file's path)\n",
                          name);
        return -1;
    }
    char dirs[THEME_DIRS][PATH_MAX];
    theme_dirs(dirs);
    struct strbuf looked = {0};
    for (int d = 0; d < THEME_DIRS; d++) {
        if (!dirs[d][0])
            continue;
        char path[PATH_MAX + 80];
        int w = snprintf(path, sizeof path, "%s/%s.theme", dirs[d], name);
        if (w > 0 && (size_t)w < sizeof path && access(path, F_OK) == 0) {
            strbuf_free(&looked);
            return load_file(path, name, t, err);
        }
        char shown[PATH_MAX];
        display_path(dirs[d], shown, sizeof shown);
        strbuf_printf(&looked, "%s%s", looked.len ? ", " : "", shown);
    }
    const struct theme *b = theme_builtin(name);
    if (b) {
        strbuf_free(&looked);
        *t = *b;
        return 0;
    }
    *err = str_printf("no theme \"%s\" (looked in %s)\n", name,
                      looked.buf ? looked.buf : "nowhere");
    strbuf_free(&looked);
    return -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **theme_list(void)
{
    size_t n = 0, cap = 8;
    char **names = xmalloc(cap * sizeof *names);
    names[n++] = xstrdup("default");
    names[n++] = xstrdup("mono");
    char dirs[THEME_DIRS][PATH_MAX];
    theme_dirs(dirs);
    for (int d = 0; d < THEME_DIRS; d++) {
        DIR *dir = dirs[d][0] ? opendir(dirs[d]) : NULL;
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            size_t len = strlen(e->d_name);
            if (len <= 6 || strcmp(e->d_name + len - 6, ".theme") != 0)
                continue;
            char *stem = xstrndup(e->d_name, len - 6);
            if (!good_name(stem)) {
                free(stem);
                continue;
            }
            if (n + 2 > cap) {
                cap *= 2;
                names = xrealloc(names, cap * sizeof *names);
            }
            names[n++] = stem;
        }
        closedir(dir);
    }
    qsort(names, n, sizeof *names, by_name);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out && !strcmp(names[out - 1], names[i]))
            free(names[i]);
        else
            names[out++] = names[i];
    }
    names[out] = NULL;
    return names;
}

void theme_list_free(char **names)
{
    if (!names)
        return;
    for (char **p = names; *p; p++)
        free(*p);
    free(names);
}
