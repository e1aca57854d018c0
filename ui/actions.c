#include "ui/actions.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keys.h"
#include "common/strbuf.h"
#include "ui/text.h"

static const struct action_def DEFS[ACT_COUNT] = {
#define X(id_, keys_, name_, help_, scope_, flags_)                         \
    [id_] = {id_, keys_, name_, help_, scope_, flags_},
    UI_ACTIONS(X)
#undef X
};

#define KEYS_MAX 3
static int KEYS[ACT_COUNT][KEYS_MAX];

static const struct {
    const char *name;
    int key;
} NAMED[] = {
    {"Up", UI_FN(KEY_UP)},       {"Down", UI_FN(KEY_DOWN)},
    {"Left", UI_FN(KEY_LEFT)},   {"Right", UI_FN(KEY_RIGHT)},
    {"PgUp", UI_FN(KEY_PPAGE)},  {"PgDn", UI_FN(KEY_NPAGE)},
    {"Home", UI_FN(KEY_HOME)},   {"End", UI_FN(KEY_END)},
    {"Enter", UI_ENTER},         {"Esc", UI_ESC},
    {"Tab", UI_TAB},             {"S-Tab", UI_FN(KEY_BTAB)},
    {"Bksp", UI_FN(KEY_BACKSPACE)},
};

const struct action_def *action_def(enum action id)
{
    return id > ACT_NONE && id < ACT_COUNT ? &DEFS[id] : NULL;
}

int action_key_parse(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof NAMED / sizeof *NAMED; i++)
        if (strlen(NAMED[i].name) == len && !strncmp(NAMED[i].name, name, len))
            return NAMED[i].key;
    if (len == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' &&
        name[2] <= 'z')
        return UI_CTRL(name[2]);
    if (len == 1 && name[0] > ' ' && name[0] < 0x7f)
        return name[0];
    return 0;
}

void actions_init(void)
{
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        const char *s = DEFS[a].keys;
        int n = 0;
        while (*s) {
            size_t len = strcspn(s, " ");
            int key = action_key_parse(s, len);
            if (!key || n == KEYS_MAX) {
                fprintf(stderr, "inventui: bad key list \"%s\"\n", DEFS[a].keys);
                abort();
            }
            KEYS[a][n++] = key;
            s += len;
            while (*s == ' ')
                s++;
        }
    }
}

static bool READONLY;

void actions_set_readonly(bool on)
{
    READONLY = on;
}

bool actions_readonly(void)
{
    return READONLY;
}

bool action_offered(enum action id, enum pane_kind k, bool admin)
{
    const struct action_def *d = action_def(id);
    if (!d || !(d->scope & (1u << k)))
        return false;
    if (READONLY && (d->flags & AF_WRITE))
        return false;
    return admin || !(d->flags & AF_ADMIN);
}

/* The action a key names in k's scope, whoever may take it. */
static enum action key_action(int key, enum pane_kind k)
{
    if (KEY_ENTER && key == UI_FN(KEY_ENTER))
        key = UI_ENTER;
    if (key == '\n')
        key = UI_ENTER;
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        if (!(DEFS[a].scope & (1u << k)))
            continue;
        for (int i = 0; i < KEYS_MAX && KEYS[a][i]; i++)
            if (KEYS[a][i] == key)
                return (enum action)a;
    }
    return ACT_NONE;
}

enum action actions_lookup(int key, enum pane_kind k, bool admin)
{
    enum action a = key_action(key, k);
    return a != ACT_NONE && action_offered(a, k, admin) ? a : ACT_NONE;
}

enum action actions_withheld(int key, enum pane_kind k, bool admin)
{
    enum action a = key_action(key, k);
    if (!READONLY || a == ACT_NONE || !(DEFS[a].flags & AF_WRITE) ||
        (!admin && (DEFS[a].flags & AF_ADMIN)))
        return ACT_NONE;
    return a;
}

void actions_hints(enum pane_kind kind, bool admin, int width, char *out,
                   size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    int used = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int id = ACT_NONE + 1; id < ACT_COUNT; id++) {
            const struct action_def *d = action_def((enum action)id);
            if (!action_offered((enum action)id, kind, admin) ||
                (d->flags & AF_QUIET))
                continue;
            /* Help and quit first: they must never be cut off. */
            bool app_level = (d->flags & AF_APP) != 0;
            if ((pass == 0) != app_level)
                continue;
            /* The first key names it: "n" for "n PgDn". */
            size_t klen = strcspn(d->keys, " ");
            char item[64];
            snprintf(item, sizeof item, "%s%.*s %s", len ? "  " : "",
                     (int)klen, d->keys, d->name);
            int w = text_width(item);
            if (used + w > width)
                return;
            if (len + strlen(item) + 1 > size)
                return;
            memcpy(out + len, item, strlen(item) + 1);
            len += strlen(item);
            used += w;
        }
    }
}

/* The panes as the README names them. */
static const char *const PANE_NAMES[PK_COUNT] = {
    [PK_SIGNIN] = "Sign-in", [PK_PRODUCTS] = "Products",
    [PK_DETAIL] = "Product", [PK_ORDERS] = "Orders", [PK_ORDER] = "Order",
    [PK_DLQ] = "DLQ", [PK_MESSAGE] = "DLQ message", [PK_FORM] = "Forms",
    [PK_ORDER_FORM] = "Order form", [PK_HELP] = "Help",
    [PK_CONFIRM] = "Confirmation", [PK_CHOICE] = "Lists to choose from",
    [PK_CMDLINE] = "Command line",
};

/* Where an action is offered, as the README and the man page say it:
 * "everywhere", or the panes' names ("Products, Orders, DLQ"). */
static void put_where(struct strbuf *sb, const struct action_def *d)
{
    if ((d->scope & ON_BROWSE) == ON_BROWSE) {
        strbuf_puts(sb, "everywhere");
        return;
    }
    bool first = true;
    for (int k = 0; k < PK_COUNT; k++) {
        if (!(d->scope & (1u << k)))
            continue;
        strbuf_printf(sb, "%s%s", first ? "" : ", ", PANE_NAMES[k]);
        first = false;
    }
}

char *actions_markdown(void)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "| keys | where | what |\n|---|---|---|\n");
    for (int id = ACT_NONE + 1; id < ACT_COUNT; id++) {
        const struct action_def *d = &DEFS[id];
        strbuf_puts(&sb, "| ");
        for (const char *k = d->keys; *k;) {
            size_t n = strcspn(k, " ");
            strbuf_printf(&sb, "%s`%.*s`", k == d->keys ? "" : ", ", (int)n,
                          k);
            k += n;
            while (*k == ' ')
                k++;
        }
        strbuf_puts(&sb, " | ");
        put_where(&sb, d);
        strbuf_printf(&sb, " | %s%s |\n", d->help,
                      d->flags & AF_ADMIN ? " (admins)" : "");
    }
    return strbuf_detach(&sb, NULL);
}

/* s[0..n) as roff text: a backslash as \e; in a key (a macro argument)
 * a minus as \- and a double quote as \(dq; a line (first) never starts
 * with a control character. */
static void put_roff(struct strbuf *sb, const char *s, size_t n, bool key,
                     bool first)
{
    if (first && n > 0 && (s[0] == '.' || s[0] == '\''))
        strbuf_puts(sb, "\\&");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            strbuf_puts(sb, "\\e");
        else if (key && s[i] == '-')
            strbuf_puts(sb, "\\-");
        else if (key && s[i] == '"')
            strbuf_puts(sb, "\\(dq");
        else
            strbuf_append(sb, s + i, 1);
    }
}

char *actions_roff(void)
{
    struct strbuf sb = {0};
    for (int id = ACT_NONE + 1; id < ACT_COUNT; id++) {
        const struct action_def *d = &DEFS[id];
        /* .BR alternates bold keys and roman commas: q ", " ? */
        strbuf_puts(&sb, ".TP\n.BR");
        for (const char *k = d->keys; *k;) {
            size_t n = strcspn(k, " ");
            strbuf_puts(&sb, k == d->keys ? " \"" : " \", \" \"");
            put_roff(&sb, k, n, true, false);
            strbuf_puts(&sb, "\"");
            k += n;
            while (*k == ' ')
                k++;
        }
        strbuf_puts(&sb, "\n");
        put_roff(&sb, d->help, strlen(d->help), false, true);
        struct strbuf where = {0};
        put_where(&where, d);
        strbuf_puts(&sb, " \\(em ");
        put_roff(&sb, where.buf, where.len, false, false);
        strbuf_free(&where);
        strbuf_printf(&sb, "%s.\n", d->flags & AF_ADMIN ? "; admins only"
                                                         : "");
    }
    return strbuf_detach(&sb, NULL);
}
