/* actions — every action of the TUI, declared once: its keys, its short
 * name for the footer, its help text, the panes that offer it, and who
 * may take it. The keymap, the help overlay and the footer hints are all
 * generated from this one list, so they never disagree. */
#ifndef INVENTUI_UI_ACTIONS_H
#define INVENTUI_UI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* The kinds of pane (ui/pane.h); an action's scope is a set of them. */
enum pane_kind {
    PK_SIGNIN,
    PK_PRODUCTS,
    PK_DETAIL,
    PK_ORDERS,
    PK_ORDER,
    PK_DLQ,
    PK_MESSAGE,
    PK_FORM,
    PK_ORDER_FORM,
    PK_HELP,
    PK_CONFIRM,
    PK_CHOICE,
    PK_CMDLINE,
    PK_COUNT
};

#define ON(k) (1u << PK_##k)
/* The panes that show data: the app's own actions apply there. */
#define ON_BROWSE                                                          \
    (ON(PRODUCTS) | ON(DETAIL) | ON(ORDERS) | ON(ORDER) | ON(DLQ) |        \
     ON(MESSAGE))
#define ON_LISTS (ON(PRODUCTS) | ON(ORDERS) | ON(DLQ))

enum {
    AF_ADMIN = 1 << 0,  /* only for the admin group */
    AF_WRITE = 1 << 1,  /* changes data on the server */
    AF_QUIET = 1 << 2,  /* not in the footer (movement and the like) */
    AF_APP = 1 << 3,    /* the app acts on it, not the pane */
};

/* X(id, keys, name, help, scope, flags). keys: space-separated key names
 * (a character, or Up Down Left Right PgUp PgDn Home End Enter Esc Tab
 * S-Tab Bksp, or C-x for Ctrl-x). */
#define UI_ACTIONS(X)                                                       \
    X(ACT_QUIT, "q", "quit", "Quit inventui", ON_BROWSE, AF_APP)            \
    X(ACT_HELP, "?", "help", "Show every key", ON_BROWSE, AF_APP)           \
    X(ACT_GO_PRODUCTS, "1", "products", "The products pane", ON_BROWSE,     \
      AF_APP | AF_QUIET)                                                    \
    X(ACT_GO_ORDERS, "2", "orders", "The orders pane", ON_BROWSE,           \
      AF_APP | AF_QUIET)                                                    \
    X(ACT_GO_DLQ, "3", "DLQ", "The dead-letter queue pane",        \
      ON_BROWSE, AF_APP | AF_QUIET | AF_ADMIN)                              \
    X(ACT_NEXT_PANE, "Tab", "next pane", "Cycle through the panes",         \
      ON_BROWSE, AF_APP | AF_QUIET)                                         \
    X(ACT_SIGN_OUT, "L", "sign out", "Sign out (asks first)", ON_BROWSE,    \
      AF_APP | AF_QUIET)                                                    \
    X(ACT_REDRAW, "C-l", "redraw", "Repaint the whole screen",              \
      ON_BROWSE | ON(SIGNIN), AF_APP | AF_QUIET)                            \
    X(ACT_COMMAND, ":", "command", "Type a command (listed below)",         \
      ON_BROWSE, AF_APP | AF_QUIET)                                         \
    X(ACT_COMMAND_HISTORY, "C-r", "history", "Search the commands run "     \
      "before", ON_BROWSE, AF_APP | AF_QUIET)                               \
    X(ACT_UP, "Up k", "up", "Move up", ON_BROWSE | ON(HELP) | ON(CHOICE),   \
      AF_QUIET)                                                             \
    X(ACT_DOWN, "Down j", "down", "Move down",                              \
      ON_BROWSE | ON(HELP) | ON(CHOICE), AF_QUIET)                          \
    X(ACT_LEFT, "Left h", "left", "Move left (grid)", ON(PRODUCTS),         \
      AF_QUIET)                                                             \
    X(ACT_RIGHT, "Right l", "right", "Move right (grid)", ON(PRODUCTS),     \
      AF_QUIET)                                                             \
    X(ACT_HOME, "Home", "first", "First item", ON_LISTS, AF_QUIET)          \
    X(ACT_END, "End G", "last", "Last item on the page", ON_LISTS,          \
      AF_QUIET)                                                             \
    X(ACT_OPEN, "Enter", "open", "Open the selected item", ON_LISTS, 0)     \
    X(ACT_BACK, "Esc", "back",                                              \
      "Cancel the request in flight; else go back or clear the search",     \
      ON_BROWSE | ON(HELP) | ON(FORM) | ON(ORDER_FORM) | ON(CHOICE),        \
      AF_QUIET)                                                             \
    X(ACT_PAGE_NEXT, "n PgDn", "next page", "The next page", ON_LISTS, 0)   \
    X(ACT_PAGE_PREV, "p PgUp", "prev page", "The previous page", ON_LISTS,  \
      AF_QUIET)                                                             \
    X(ACT_REFRESH, "r", "refresh", "Fetch again", ON_BROWSE, 0)             \
    X(ACT_COPY_ID, "y", "copy id", "Copy the id shown or selected (OSC 52)", \
      ON_BROWSE, AF_QUIET)                                                  \
    X(ACT_SEARCH, "/", "search", "Search by name (Enter applies, Esc "      \
      "clears)", ON(PRODUCTS), 0)                                           \
    X(ACT_CATEGORY, "c", "category", "Filter by category", ON(PRODUCTS), 0) \
    X(ACT_TOGGLE_VIEW, "t", "table", "Cards or a dense table",              \
      ON(PRODUCTS), 0)                                                      \
    X(ACT_ADD_PRODUCT, "a", "add", "Add a product", ON(PRODUCTS),           \
      AF_ADMIN | AF_WRITE)                                                  \
    X(ACT_ORDER, "o", "order", "Order this product", ON(DETAIL), AF_WRITE)  \
    X(ACT_EDIT_PRODUCT, "e", "edit", "Edit this product", ON(DETAIL),       \
      AF_ADMIN | AF_WRITE)                                                  \
    X(ACT_DELETE_PRODUCT, "d", "delete", "Delete this product (asks)",      \
      ON(DETAIL), AF_ADMIN | AF_WRITE)                                      \
    X(ACT_STATUS_FILTER, "f", "filter", "Filter by status", ON(ORDERS), 0)  \
    X(ACT_CANCEL_ORDER, "x", "cancel order", "Cancel the order (asks)",     \
      ON(ORDERS) | ON(ORDER), AF_WRITE)                                     \
    X(ACT_REDRIVE, "R", "redrive", "Put the message back on the queue "     \
      "(asks)", ON(DLQ) | ON(MESSAGE), AF_ADMIN | AF_WRITE)                 \
    X(ACT_REDRIVE_ALL, "A", "redrive all", "Redrive every message (asks)",  \
      ON(DLQ), AF_ADMIN | AF_WRITE)                                         \
    X(ACT_DLQ_DELETE, "D", "delete", "Delete the message for good (asks)",  \
      ON(DLQ) | ON(MESSAGE), AF_ADMIN | AF_WRITE)                           \
    X(ACT_GOTO_ORDER, "g", "go to order", "Open the message's order",       \
      ON(DLQ) | ON(MESSAGE), AF_ADMIN)                                      \
    X(ACT_SCROLL_PAGE_DOWN, "PgDn", "page down", "Scroll down a screen",   \
      ON(MESSAGE), AF_QUIET)                                                \
    X(ACT_SCROLL_PAGE_UP, "PgUp", "page up", "Scroll up a screen",          \
      ON(MESSAGE), AF_QUIET)                                                \
    X(ACT_SCROLL_TOP, "Home", "top", "Scroll to the top", ON(MESSAGE),      \
      AF_QUIET)                                                             \
    X(ACT_SCROLL_END, "End G", "end", "Scroll to the end", ON(MESSAGE),     \
      AF_QUIET)                                                             \
    X(ACT_NEXT_FIELD, "Tab Down", "next", "The next field",                 \
      ON(SIGNIN) | ON(FORM), AF_QUIET)                                      \
    X(ACT_PREV_FIELD, "S-Tab Up", "previous", "The previous field",         \
      ON(SIGNIN) | ON(FORM), AF_QUIET)                                      \
    X(ACT_SUBMIT, "Enter", "submit", "Move on; on the last field, send",    \
      ON(SIGNIN) | ON(FORM) | ON(ORDER_FORM), 0)                            \
    X(ACT_SIGNIN_BACK, "Esc", "back", "Back to signing in", ON(SIGNIN),     \
      AF_QUIET)                                                             \
    X(ACT_EXIT, "C-c", "quit", "Quit inventui", ON(SIGNIN), AF_APP)         \
    X(ACT_YES, "y", "yes", "Yes, do it", ON(CONFIRM), 0)                    \
    X(ACT_NO, "n Esc", "no", "No, leave it", ON(CONFIRM), 0)                \
    X(ACT_CLOSE, "q ?", "close", "Close the help", ON(HELP), 0)             \
    X(ACT_PICK, "Enter", "choose", "Take the selected choice", ON(CHOICE), 0)

enum action {
    ACT_NONE,
#define X(id, keys, name, help, scope, flags) id,
    UI_ACTIONS(X)
#undef X
    ACT_COUNT
};

struct action_def {
    enum action id;
    const char *keys;  /* as written in the list */
    const char *name;  /* short, for the footer */
    const char *help;  /* a sentence, for the help overlay */
    unsigned scope;    /* bit per pane_kind */
    unsigned flags;    /* AF_* */
};

/* The definition of an action (ACT_NONE < id < ACT_COUNT). */
const struct action_def *action_def(enum action id);
/* Parses every key list once (at start; aborts on a typo in the list,
 * which a unit test catches first). */
void actions_init(void);
/* The action a key means in a pane of kind k, for a user who is (or is
 * not) an admin; ACT_NONE when none. Keys are ui_key values (ui/keys.h). */
enum action actions_lookup(int key, enum pane_kind k, bool admin);
/* True when the action is offered in k to this user (never a write in
 * read-only mode). The footer, the help and the keymap all ask this. */
bool action_offered(enum action id, enum pane_kind k, bool admin);
/* Read-only mode (--readonly, [ui] readonly): no AF_WRITE action is
 * offered anywhere. */
void actions_set_readonly(bool on);
bool actions_readonly(void);
/* The write action a key would mean in k were the client not read-only,
 * so the refusal can name it; ACT_NONE otherwise. */
enum action actions_withheld(int key, enum pane_kind k, bool admin);
/* The footer's hints for a pane of kind k: the app's, then the pane's own
 * ("? help  q quit  Enter open  / search …"), whole items only,
 * within width columns; into out. */
void actions_hints(enum pane_kind k, bool admin, int width, char *out,
                   size_t size);
/* The key table of the README and the man page, generated from the list:
 * one Markdown row per action ("| `n`, `PgDn` | Products, Orders, DLQ |
 * The next page |"). Caller frees. */
char *actions_markdown(void);
/* The same list as the man page's KEYS section (inventui.1, between its
 * keys:begin/end comments): a roff .TP entry per action. Caller frees. */
char *actions_roff(void);
/* Parses one key name ("q", "Up", "C-r"); 0 when unknown. */
int action_key_parse(const char *name, size_t len);

#endif
