/* cmdline — the `:` command line's commands, declared once (name, the
 * argument it takes, help), and everything about them that needs no
 * terminal: reading a line into a command and its argument (a command may
 * be shortened to any prefix that names only it), the completion
 * candidates for what is typed (command names, then the values of
 * :category, :theme and :order), resolving `:order ID` against the orders
 * on screen, and the history (Up/Down, Ctrl-R). The pane that edits the
 * line and runs the commands is ui/panes/cmdline.c; the help overlay and
 * the README's command table list this same table. */
#ifndef INVENTUI_UI_CMDLINE_H
#define INVENTUI_UI_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* What a command takes after its name. */
enum cmd_arg {
    CA_NONE,     /* nothing */
    CA_TEXT,     /* any text (may be empty) */
    CA_CATEGORY, /* a product category, or "all" (may be empty) */
    CA_ORDER,    /* an order id or its first 8+ characters (required) */
    CA_THEME,    /* a theme's name (none: say which one is used) */
};

enum { CF_ADMIN = 1 << 0 }; /* only for the admin group */

/* X(id, name, argument kind, argument's name, help, flags) */
#define CMDLINE_COMMANDS(X)                                                 \
    X(CMD_PRODUCTS, "products", CA_NONE, "", "Show the products pane", 0)  \
    X(CMD_ORDERS, "orders", CA_NONE, "", "Show the orders pane", 0)        \
    X(CMD_DLQ, "dlq", CA_NONE, "", "Show the dead-letter queue pane",      \
      CF_ADMIN)                                                             \
    X(CMD_SEARCH, "search", CA_TEXT, "TEXT",                                \
      "Search products by name (no TEXT: clear it)", 0)                     \
    X(CMD_CATEGORY, "category", CA_CATEGORY, "NAME",                        \
      "Filter products by category (no NAME: choose)", 0)                   \
    X(CMD_ORDER, "order", CA_ORDER, "ID",                                   \
      "Open an order by id (or its first 8 characters)", 0)                 \
    X(CMD_THEME, "theme", CA_THEME, "NAME", "Switch the colour theme", 0)   \
    X(CMD_REFRESH, "refresh", CA_NONE, "", "Fetch the pane again", 0)      \
    X(CMD_HELP, "help", CA_NONE, "", "Show every key and command", 0)      \
    X(CMD_LOGOUT, "logout", CA_NONE, "", "Sign out at once (no question)",  \
      0)                                                                    \
    X(CMD_QUIT, "quit", CA_NONE, "", "Quit inventui", 0)

enum cmd_id {
#define X(id, name, arg, argname, help, flags) id,
    CMDLINE_COMMANDS(X)
#undef X
    CMD_COUNT
};

struct cmd_def {
    enum cmd_id id;
    const char *name;    /* what is typed after ':' */
    enum cmd_arg arg;
    const char *argname; /* "TEXT", "NAME", "ID"; "" for CA_NONE */
    const char *help;    /* a sentence, for the help overlay */
    unsigned flags;      /* CF_* */
};

/* The definition of command i (0 <= i < CMD_COUNT). */
const struct cmd_def *cmdline_def(int i);
/* True when the command is offered to this user. */
bool cmdline_offered(const struct cmd_def *d, bool admin);

/* Reads a line (what follows ':'; leading ':' and spaces are skipped):
 * the command its first word names exactly, else the one command that
 * word is a prefix of. *arg gets the rest, trimmed ("" when none; caller
 * frees). NULL when the line names no command it may use, or gives an
 * argument to a command that takes none; then *msg gets a sentence
 * (caller frees) and *arg is NULL. An empty line gives NULL with *msg
 * NULL. */
const struct cmd_def *cmdline_parse(const char *line, bool admin, char **arg,
                                    char **msg);

/* The values an argument may take, for completion: *out gets a malloc'd
 * array of malloc'd strings (text_lines_free frees both); returns how
 * many. */
typedef size_t (*cmd_values_fn)(enum cmd_arg kind, void *ctx, char ***out);

struct cmd_completion {
    size_t start;  /* where the word being completed begins (bytes) */
    char **items;  /* the candidates, table or value order (owned) */
    size_t n;
    bool command;  /* the word is the command's name */
    enum cmd_arg arg; /* else: the kind of argument it is */
};

/* The candidates for the word that ends `before` (the text left of the
 * cursor): command names the user may use (by prefix), or, after
 * :category, :theme or :order and a space, the values (by prefix, any
 * case). No candidates for anything else. Free with
 * cmd_completion_free. */
void cmdline_complete(const char *before, bool admin, cmd_values_fn values,
                      void *ctx, struct cmd_completion *c);
void cmd_completion_free(struct cmd_completion *c);
/* Bytes every candidate shares from its start (0 when none). */
size_t cmd_completion_common(const struct cmd_completion *c);

/* How `:order ARG` resolved against the ids of the orders loaded. */
enum cmd_order {
    CO_FOUND,     /* one loaded order is it or starts with it */
    CO_WHOLE,     /* not loaded, but a whole id: fetch it */
    CO_AMBIGUOUS, /* the start of several loaded orders */
    CO_SHORT,     /* fewer than 8 characters, and no id is exactly it */
    CO_UNKNOWN,   /* 8+ characters matching no loaded order */
};
#define CMD_ORDER_PREFIX_MIN 8
/* Resolves arg (any case) against ids[0..n): an exact id, else a prefix
 * of at least CMD_ORDER_PREFIX_MIN characters that starts exactly one of
 * them, else a whole UUID taken as is. *found gets ids[i] (CO_FOUND) or
 * arg (CO_WHOLE). */
enum cmd_order cmdline_resolve_order(const char *arg, const char *const *ids,
                                     size_t n, const char **found);

/* The history of lines run, oldest first, without repeats (running a
 * line again moves it to the end), at most CMD_HISTORY_MAX. */
#define CMD_HISTORY_MAX 200
struct cmd_history {
    char **lines;
    size_t n;
};
/* Appends line (copied; blank lines are not kept). */
void cmd_history_add(struct cmd_history *h, const char *line);
/* The index of the newest line below index `before` that contains
 * needle (any case), or -1 when none. */
long cmd_history_find(const struct cmd_history *h, const char *needle,
                      long before);
void cmd_history_free(struct cmd_history *h);

/* The README's (and the man page's) command table, one Markdown row per
 * command ("| `:search TEXT` | Search … |"). Caller frees. */
char *cmdline_markdown(void);
/* The same for the man page (inventui.1): ".TP", ".B \":search TEXT\"",
 * the help. Caller frees. */
char *cmdline_roff(void);

#endif
