#include "server/users_cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "server/auth/email.h"
#include "server/auth/password.h"
#include "server/config.h"
#include "server/store/store.h"
#include "server/store/store_users.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 2
#define MAX_GROUPS 32

static void usage(FILE *to)
{
    fputs("usage: inventui user COMMAND [ARGS] [--data-dir DIR] "
          "[--config FILE]\n"
          "\n"
          "Manages the users of the bundled server's user pool.\n"
          "\n"
          "  add EMAIL --password-stdin [--group G]... [--temporary]\n"
          "                          create a confirmed user (--temporary: the\n"
          "                          password must be changed at first "
          "sign-in)\n"
          "  list                    every user: email, status, groups, "
          "created\n"
          "  confirm EMAIL           confirm a signed-up user without a code\n"
          "  passwd EMAIL --password-stdin [--temporary]\n"
          "                          set a new password\n"
          "  group EMAIL add|remove GROUP\n"
          "                          add to or remove from a group "
          "(e.g. admin)\n"
          "  remove EMAIL            delete a user, its groups and tokens\n"
          "\n"
          "  --password-stdin  read the password from the first line of "
          "stdin\n"
          "  --data-dir DIR    the server's data directory (default\n"
          "                    $XDG_DATA_HOME/inventui/server)\n"
          "  --config FILE     the server's settings (for [auth] "
          "password_cost;\n"
          "                    default: the cost the server last ran with)\n"
          "\n"
          "Exit status: 0 done, 1 refused or failed, 2 usage error.\n",
          to);
}

struct opts {
    const char *cmd;
    const char *args[3]; /* positional arguments after the command */
    int nargs;
    bool password_stdin, temporary;
    const char *groups[MAX_GROUPS];
    int ngroups;
    struct server_config cfg;
    bool cost_given; /* --config set password_cost */
};

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("inventui user: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n(inventui user --help for usage)\n", stderr);
    return EXIT_USAGE;
}

/* Parses argv (argv[0] is the command); 0 or an exit status. */
static int parse(int argc, char **argv, struct opts *o)
{
    static const struct option longopts[] = {
        {"data-dir", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"password-stdin", no_argument, NULL, 'p'},
        {"group", required_argument, NULL, 'g'},
        {"temporary", no_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dir = NULL, *config = NULL;
    int ch;
    optind = 1;
    opterr = 1;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': dir = optarg; break;
        case 'c': config = optarg; break;
        case 'p': o->password_stdin = true; break;
        case 't': o->temporary = true; break;
        case 'g':
            if (o->ngroups == MAX_GROUPS)
                return usage_error("at most %d --group options", MAX_GROUPS);
            if (!user_group_valid(optarg))
                return usage_error("\"%s\" is not a valid group name (1-128 "
                                   "printable characters, no spaces or "
                                   "commas)", optarg);
            o->groups[o->ngroups++] = optarg;
            break;
        case 'h': usage(stdout); return -1;
        default: return EXIT_USAGE;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (o->nargs == 3)
            return usage_error("unexpected argument \"%s\"", argv[i]);
        o->args[o->nargs++] = argv[i];
    }
    server_config_defaults(&o->cfg);
    if (config) {
        long long before = o->cfg.password_cost;
        o->cfg.password_cost = 0;
        char *errors = NULL;
        if (server_config_load(&o->cfg, config, &errors) != 0) {
            fprintf(stderr, "inventui user: bad configuration:\n%s", errors);
            free(errors);
            return EXIT_USAGE;
        }
        o->cost_given = o->cfg.password_cost != 0;
        if (!o->cost_given)
            o->cfg.password_cost = before;
    }
    if (dir)
        snprintf(o->cfg.data_dir, sizeof o->cfg.data_dir, "%s", dir);
    if (!o->cfg.data_dir[0])
        return usage_error("%s", "the data directory must not be empty");
    return 0;
}

/* The first line of stdin without its line end, or NULL (reported). */
static char *read_password(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n <= 0) {
        free(line);
        fputs("inventui user: no password on stdin\n", stderr);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

static void wipe_free(char *s)
{
    if (s) {
        volatile char *p = s;
        while (*p)
            *p++ = 0;
        free(s);
    }
}

/* Opens the store of o->cfg.data_dir (creating the dir only if create). */
static struct store *open_store(const struct opts *o, bool create)
{
    struct stat st;
    const char *dir = o->cfg.data_dir;
    if (create) {
        if (fs_mkdirs(dir, 0700) != 0) {
            fprintf(stderr, "inventui user: cannot create %s: %m\n", dir);
            return NULL;
        }
    } else if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "inventui user: no server data in %s (give "
                        "--data-dir, or start the server once)\n", dir);
        return NULL;
    }
    struct store_options so = {
        .synchronous_full = strcmp(o->cfg.synchronous, "FULL") == 0,
        .max_connections = 1,
    };
    char *err = NULL;
    struct store *s = store_open(dir, &so, &err);
    if (!s) {
        fprintf(stderr, "inventui user: %s\n", err);
        free(err);
    }
    return s;
}

/* The cost to hash with: --config's, else the server's, else the default. */
static int hash_cost(const struct opts *o, struct store_conn *c)
{
    if (o->cost_given)
        return (int)o->cfg.password_cost;
    int recorded = store_users_cost(c);
    if (recorded >= PASSWORD_COST_MIN && recorded <= PASSWORD_COST_MAX)
        return recorded;
    return (int)o->cfg.password_cost;
}

/* Reads and checks a new password; NULL after saying why. */
static char *new_password(const struct opts *o)
{
    char *pw = read_password();
    if (!pw)
        return NULL;
    const char *policy = password_policy_error(pw);
    if (policy) {
        fprintf(stderr, "inventui user: %s\n", policy);
        wipe_free(pw);
        return NULL;
    }
    return pw;
}

static int cmd_add(const struct opts *o, struct store_conn *c)
{
    const char *email = o->args[0];
    char *pw = new_password(o);
    if (!pw)
        return EXIT_REFUSED;
    char *hash = password_hash(pw, hash_cost(o, c));
    wipe_free(pw);
    if (!hash) {
        fputs("inventui user: cannot hash the password\n", stderr);
        return EXIT_REFUSED;
    }
    char sub[UUID_STR_LEN];
    enum user_status status =
        o->temporary ? USER_FORCE_CHANGE_PASSWORD : USER_CONFIRMED;
    enum store_rc rc = store_user_create(c, email, hash, status, o->groups,
                                         o->ngroups, sub);
    free(hash);
    if (rc == STORE_CONFLICT) {
        fprintf(stderr, "inventui user: %s already exists\n", email);
        return EXIT_REFUSED;
    }
    if (rc != STORE_OK) {
        fputs("inventui user: cannot store the user\n", stderr);
        return EXIT_REFUSED;
    }
    printf("added %s (%s%s)\n", email, user_status_name(status),
           o->temporary ? ": must set a new password at first sign-in" : "");
    return 0;
}

static void groups_text(const struct user *u, struct strbuf *sb)
{
    for (int i = 0; i < u->ngroups; i++)
        strbuf_printf(sb, "%s%s", i ? "," : "", u->groups[i]);
    if (!u->ngroups)
        strbuf_puts(sb, "-");
}

static int cmd_list(struct store_conn *c)
{
    struct user *users;
    int n;
    if (store_user_list(c, &users, &n) != STORE_OK) {
        fputs("inventui user: cannot read the users\n", stderr);
        return EXIT_REFUSED;
    }
    if (n == 0) {
        puts("no users");
        free(users);
        return 0;
    }
    int we = (int)strlen("EMAIL"), ws = (int)strlen("STATUS"),
        wg = (int)strlen("GROUPS");
    for (int i = 0; i < n; i++) {
        struct strbuf g = {0};
        groups_text(&users[i], &g);
        int le = (int)strlen(users[i].email);
        int ls = (int)strlen(user_status_name(users[i].status));
        we = le > we ? le : we;
        ws = ls > ws ? ls : ws;
        wg = (int)g.len > wg ? (int)g.len : wg;
        strbuf_free(&g);
    }
    printf("%-*s  %-*s  %-*s  %s\n", we, "EMAIL", ws, "STATUS", wg, "GROUPS",
           "CREATED");
    for (int i = 0; i < n; i++) {
        struct strbuf g = {0};
        groups_text(&users[i], &g);
        time_t t = (time_t)(users[i].created_at / 1000);
        struct tm tm;
        char when[32];
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
        printf("%-*s  %-*s  %-*s  %s\n", we, users[i].email, ws,
               user_status_name(users[i].status), wg, g.buf, when);
        strbuf_free(&g);
        user_clear(&users[i]);
    }
    free(users);
    return 0;
}

static int cmd_confirm(struct store_conn *c, const struct user *u)
{
    if (u->status == USER_CONFIRMED) {
        printf("%s is already confirmed\n", u->email);
        return 0;
    }
    if (u->status == USER_FORCE_CHANGE_PASSWORD) {
        fprintf(stderr, "inventui user: %s has a temporary password; it is "
                        "confirmed when a new password is set at first "
                        "sign-in\n", u->email);
        return EXIT_REFUSED;
    }
    if (store_user_set_status(c, u->sub, USER_CONFIRMED) != STORE_OK) {
        fputs("inventui user: cannot store the change\n", stderr);
        return EXIT_REFUSED;
    }
    printf("confirmed %s\n", u->email);
    return 0;
}

static int cmd_passwd(const struct opts *o, struct store_conn *c,
                      const struct user *u)
{
    char *pw = new_password(o);
    if (!pw)
        return EXIT_REFUSED;
    char *hash = password_hash(pw, hash_cost(o, c));
    wipe_free(pw);
    if (!hash) {
        fputs("inventui user: cannot hash the password\n", stderr);
        return EXIT_REFUSED;
    }
    enum user_status status =
        o->temporary ? USER_FORCE_CHANGE_PASSWORD : USER_CONFIRMED;
    enum store_rc rc = store_user_set_password(c, u->sub, hash, status);
    free(hash);
    if (rc != STORE_OK) {
        fputs("inventui user: cannot store the change\n", stderr);
        return EXIT_REFUSED;
    }
    printf("new password set for %s (%s)\n", u->email,
           user_status_name(status));
    return 0;
}

static int cmd_group(const struct opts *o, struct store_conn *c,
                     const struct user *u)
{
    const char *action = o->args[1], *group = o->args[2];
    if (!user_group_valid(group))
        return usage_error("\"%s\" is not a valid group name (1-128 "
                           "printable characters, no spaces or commas)",
                           group);
    enum store_rc rc;
    if (strcmp(action, "add") == 0) {
        rc = store_user_group_add(c, u->sub, group);
        if (rc == STORE_OK || rc == STORE_CONFLICT) {
            printf(rc == STORE_OK ? "added %s to group %s\n"
                                  : "%s is already in group %s\n",
                   u->email, group);
            return 0;
        }
    } else if (strcmp(action, "remove") == 0) {
        rc = store_user_group_remove(c, u->sub, group);
        if (rc == STORE_OK || rc == STORE_NOT_FOUND) {
            printf(rc == STORE_OK ? "removed %s from group %s\n"
                                  : "%s is not in group %s\n",
                   u->email, group);
            return 0;
        }
    } else {
        return usage_error("group takes add or remove, not \"%s\"", action);
    }
    fputs("inventui user: cannot store the change\n", stderr);
    return EXIT_REFUSED;
}

static int cmd_remove(struct store_conn *c, const struct user *u)
{
    if (store_user_delete(c, u->sub) != STORE_OK) {
        fputs("inventui user: cannot remove the user\n", stderr);
        return EXIT_REFUSED;
    }
    printf("removed %s\n", u->email);
    return 0;
}

/* The commands: how many positional arguments each takes. */
static const struct {
    const char *name;
    int nargs;
    bool takes_email;
} CMDS[] = {
    {"add", 1, true},     {"list", 0, false},   {"confirm", 1, true},
    {"passwd", 1, true},  {"group", 3, true},   {"remove", 1, true},
};

static int run(const struct opts *o, int idx, struct store_conn *c)
{
    const char *name = CMDS[idx].name;
    if (strcmp(name, "add") == 0)
        return cmd_add(o, c);
    if (strcmp(name, "list") == 0)
        return cmd_list(c);
    struct user u;
    enum store_rc rc = store_user_by_email(c, o->args[0], &u);
    if (rc == STORE_NOT_FOUND) {
        fprintf(stderr, "inventui user: no user %s\n", o->args[0]);
        return EXIT_REFUSED;
    }
    if (rc != STORE_OK) {
        fputs("inventui user: cannot read the users\n", stderr);
        return EXIT_REFUSED;
    }
    int status;
    if (strcmp(name, "confirm") == 0)
        status = cmd_confirm(c, &u);
    else if (strcmp(name, "passwd") == 0)
        status = cmd_passwd(o, c, &u);
    else if (strcmp(name, "group") == 0)
        status = cmd_group(o, c, &u);
    else
        status = cmd_remove(c, &u);
    user_clear(&u);
    return status;
}

int users_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    int idx = -1;
    for (size_t i = 0; i < sizeof CMDS / sizeof CMDS[0]; i++)
        if (strcmp(argv[1], CMDS[i].name) == 0)
            idx = (int)i;
    if (idx < 0)
        return usage_error("unknown command \"%s\"", argv[1]);

    struct opts o = {.cmd = argv[1]};
    int rc = parse(argc - 1, argv + 1, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    if (o.nargs != CMDS[idx].nargs)
        return usage_error("%s takes %d argument%s", CMDS[idx].name,
                           CMDS[idx].nargs, CMDS[idx].nargs == 1 ? "" : "s");
    bool is_add = idx == 0;
    if (!is_add && (o.password_stdin || o.temporary) &&
        strcmp(o.cmd, "passwd") != 0)
        return usage_error("--password-stdin and --temporary go with add "
                           "and passwd, not %s", o.cmd);
    bool sets_password = is_add || strcmp(o.cmd, "passwd") == 0;
    if (sets_password && !o.password_stdin)
        return usage_error("%s needs --password-stdin (the password is "
                           "read from stdin, never from the command line)",
                           o.cmd);
    if (!is_add && o.ngroups)
        return usage_error("--group goes with add; use \"user group EMAIL "
                           "add G\" for %s", o.cmd);
    if (CMDS[idx].takes_email && !email_valid(o.args[0])) {
        fprintf(stderr, "inventui user: \"%s\" is not an e-mail address "
                        "(name@example.com, at most 254 characters)\n",
                o.args[0]);
        return EXIT_REFUSED;
    }

    log_set_level(LOG_WARN); /* the store's migration notes are noise here */
    struct store *s = open_store(&o, is_add);
    if (!s)
        return EXIT_REFUSED;
    struct store_conn *c = store_acquire(s);
    rc = c ? run(&o, idx, c) : EXIT_REFUSED;
    store_release(s, c);
    store_close(s);
    return rc;
}
