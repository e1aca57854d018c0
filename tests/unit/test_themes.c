/* Themes without a terminal: the parser (looks, the 8-colour form and its
 * derivation, every mistake reported with its line), the shipped themes
 * (complete, the selection shows without colour, the colour-blind one
 * has no green), where themes are looked for, NO_COLOR at start, the INI
 * walker under it, and read-only mode in the action list. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/inifile.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "ui/actions.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "unit/suites.h"

static const char *const SHIPPED[] = {
    "default", "dark", "light", "high-contrast", "colorblind", "mono",
};
#define NSHIPPED (sizeof SHIPPED / sizeof *SHIPPED)

/* Parses text; returns the errors (caller frees) or NULL. */
static char *parse(const char *text, struct theme *t)
{
    char *err = NULL;
    int rc = theme_parse(text, "t.theme", NULL, t, &err);
    ck_assert_int_eq(rc, err ? -1 : 0);
    return err;
}

/* Fails unless text is refused with want (a substring) on line. */
static void refused(const char *text, int line, const char *want)
{
    struct theme t;
    char *err = parse(text, &t);
    ck_assert_msg(err, "accepted: %s", text);
    char at[32];
    snprintf(at, sizeof at, "t.theme:%d: ", line);
    ck_assert_msg(!strncmp(err, at, strlen(at)), "\"%s\" not at %s", err, at);
    ck_assert_msg(strstr(err, want), "\"%s\" does not say \"%s\"", err, want);
    free(err);
}

START_TEST(a_look_has_two_forms)
{
    struct theme t;
    char *err = parse("# a comment\n"
                      "[theme]\n"
                      "description = test\n"
                      "[roles]\n"
                      "selected = fg:231 bg:25 bold | fg:white bg:blue bold\n"
                      "title = fg:75 underline italic ; a comment too\n"
                      "border = plain\n"
                      "dim = fg:bright-blue bg:default dim\n",
                      &t);
    ck_assert_msg(!err, "%s", err);
    const struct theme_look *s = &t.look[THEME_256][ROLE_SELECTED];
    ck_assert_int_eq(s->fg, 231);
    ck_assert_int_eq(s->bg, 25);
    ck_assert_uint_eq(s->attrs, A_BOLD);
    s = &t.look[THEME_8][ROLE_SELECTED];
    ck_assert_int_eq(s->fg, COLOR_WHITE);
    ck_assert_int_eq(s->bg, COLOR_BLUE);
    ck_assert_uint_eq(s->attrs, A_BOLD);
    ck_assert_int_eq(t.line[ROLE_SELECTED], 5);
    ck_assert_int_eq(t.look[THEME_256][ROLE_TITLE].fg, 75);
    ck_assert_int_eq(t.look[THEME_256][ROLE_TITLE].bg, -1);
    ck_assert_uint_eq(t.look[THEME_256][ROLE_TITLE].attrs,
                      A_UNDERLINE | A_ITALIC);
    ck_assert_int_eq(t.look[THEME_256][ROLE_BORDER].fg, -1);
    ck_assert_uint_eq(t.look[THEME_256][ROLE_BORDER].attrs, A_NORMAL);
    ck_assert_int_eq(t.look[THEME_256][ROLE_DIM].fg, 12);
    ck_assert_int_eq(t.look[THEME_256][ROLE_DIM].bg, -1);
    /* Left out: as in the default theme. */
    const struct theme *d = theme_builtin("default");
    ck_assert_int_eq(t.line[ROLE_ERROR], 0);
    ck_assert_mem_eq(&t.look[THEME_256][ROLE_ERROR],
                     &d->look[THEME_256][ROLE_ERROR],
                     sizeof(struct theme_look));
}
END_TEST

START_TEST(without_a_bar_the_8_colour_form_is_the_nearest)
{
    struct theme t;
    char *err = parse("[roles]\n"
                      "error = fg:203 bold\n"       /* salmon → red */
                      "ok = fg:114\n"               /* light green → green */
                      "warning = fg:214 bg:236\n"   /* orange on dark grey */
                      "dim = fg:245\n"              /* grey → white */
                      "title = fg:bright-cyan\n"    /* 14 → 6 */
                      "key = fg:25\n",              /* dark blue → blue */
                      &t);
    ck_assert_msg(!err, "%s", err);
    ck_assert_int_eq(t.look[THEME_8][ROLE_ERROR].fg, COLOR_RED);
    ck_assert_uint_eq(t.look[THEME_8][ROLE_ERROR].attrs, A_BOLD);
    ck_assert_int_eq(t.look[THEME_8][ROLE_OK].fg, COLOR_GREEN);
    ck_assert_int_eq(t.look[THEME_8][ROLE_WARNING].fg, COLOR_YELLOW);
    ck_assert_int_eq(t.look[THEME_8][ROLE_WARNING].bg, COLOR_BLACK);
    ck_assert_int_eq(t.look[THEME_8][ROLE_DIM].fg, COLOR_WHITE);
    ck_assert_int_eq(t.look[THEME_8][ROLE_TITLE].fg, COLOR_CYAN);
    ck_assert_int_eq(t.look[THEME_8][ROLE_KEY].fg, COLOR_BLUE);
}
END_TEST

START_TEST(every_mistake_is_reported_with_its_line)
{
    refused("[roles]\n\nseleted = reverse\n", 3, "unknown role \"seleted\"");
    refused("[roles]\ntitle = fg:256\n", 2, "\"256\" is not a colour");
    refused("[roles]\ntitle = fg:orange\n", 2, "\"orange\" is not a colour");
    refused("[roles]\ntitle = bold | fg:75\n", 2, "8-colour form");
    refused("[roles]\ntitle = fg:1 | fg:bright-red\n", 2, "8-colour form");
    refused("[roles]\ntitle = blod\n", 2, "\"blod\" is not fg:COLOUR");
    refused("[roles]\ntitle = bold |\n", 2, "the 8-colour form is empty");
    refused("[roles]\ntitle = | bold\n", 2, "the look is empty");
    refused("[roles]\ntitle = bold | bold | bold\n", 2, "more than one |");
    refused("[roles]\ntitle = fg:1 fg:2\n", 2, "fg given twice");
    refused("[roles]\ntitle = bold\ntitle = dim\n", 3,
            "title is set twice (first on line 2)");
    refused("[colours]\ntitle = bold\n", 2, "unknown section [colours]");
    refused("title = bold\n", 1, "outside [roles]");
    refused("[theme]\nname = x\n", 2, "unknown key \"name\" in [theme]");
    refused("[roles]\ntitle = bold\nthis is not ini\n", 3, "not a valid line");
    refused("[roles]\nselected = bold\n", 2, "selected needs reverse");
    refused("[roles]\nselected = fg:1 bg:4 | fg:1\n", 2,
            "in its 8-colour form too");
    /* A line too long for the reader is named, not cut in two. */
    char long_line[400];
    snprintf(long_line, sizeof long_line, "[roles]\ntitle = bold\n"
             "# %0250d\nborder = nonsense\n", 0);
    struct theme t;
    char *err = parse(long_line, &t);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "t.theme:3: longer than 198 characters"), "%s",
                  err);
    ck_assert_msg(strstr(err, "t.theme:4: border: \"nonsense\""), "%s", err);
    free(err);
}
END_TEST

/* The 256-colour palette's RGB, for the colour-blind check. */
static void rgb(short c, int out[3])
{
    static const int LEVEL[6] = {0, 95, 135, 175, 215, 255};
    static const int BASIC[16][3] = {
        {0, 0, 0},       {205, 0, 0},     {0, 205, 0},   {205, 205, 0},
        {0, 0, 238},     {205, 0, 205},   {0, 205, 205}, {229, 229, 229},
        {127, 127, 127}, {255, 0, 0},     {0, 255, 0},   {255, 255, 0},
        {92, 92, 255},   {255, 0, 255},   {0, 255, 255}, {255, 255, 255},
    };
    if (c < 16) {
        memcpy(out, BASIC[c], sizeof BASIC[c]);
    } else if (c < 232) {
        out[0] = LEVEL[(c - 16) / 36];
        out[1] = LEVEL[(c - 16) / 6 % 6];
        out[2] = LEVEL[(c - 16) % 6];
    } else {
        out[0] = out[1] = out[2] = 8 + (c - 232) * 10;
    }
}

static bool greenish(short c)
{
    if (c < 0)
        return false;
    int v[3];
    rgb(c, v);
    return v[1] > v[0] && v[1] > v[2];
}

static void load_shipped(const char *name, struct theme *t)
{
    char path[64];
    snprintf(path, sizeof path, "themes/%s.theme", name);
    char *err = NULL;
    ck_assert_msg(theme_find(path, t, &err) == 0, "%s: %s", path, err);
    ck_assert_str_eq(t->name, name);
}

START_TEST(shipped_themes_are_complete_and_show_the_selection)
{
    for (size_t i = 0; i < NSHIPPED; i++) {
        struct theme t;
        load_shipped(SHIPPED[i], &t);
        for (int r = 0; r < THEME_ROLE_COUNT; r++)
            ck_assert_msg(t.line[r] > 0, "%s leaves role %d out", SHIPPED[i],
                          r);
        for (int f = 0; f < THEME_FORMS; f++) {
            const struct theme_look *sel = &t.look[f][ROLE_SELECTED];
            ck_assert_msg((sel->attrs & A_REVERSE) || sel->bg >= 0,
                          "%s: the selection would not show", SHIPPED[i]);
            /* The shown tab differs by more than colour. */
            ck_assert_msg(t.look[f][ROLE_TAB_ACTIVE].attrs !=
                              t.look[f][ROLE_TAB].attrs,
                          "%s: the shown tab differs by colour only",
                          SHIPPED[i]);
            /* The badges are words, and bold or underlined as well. */
            ck_assert(t.look[f][ROLE_OUT_OF_STOCK].attrs & A_BOLD);
            ck_assert(t.look[f][ROLE_LOW_STOCK].attrs & A_BOLD);
            ck_assert(t.look[f][ROLE_ERROR].attrs & (A_BOLD | A_REVERSE));
        }
    }
}
END_TEST

START_TEST(mono_names_no_colour_and_colorblind_no_green)
{
    struct theme t;
    load_shipped("mono", &t);
    ck_assert(!theme_uses_colour(&t));
    ck_assert(!theme_uses_colour(theme_builtin("mono")));
    load_shipped("default", &t);
    ck_assert(theme_uses_colour(&t));
    load_shipped("colorblind", &t);
    for (int r = 0; r < THEME_ROLE_COUNT; r++) {
        const struct theme_look *l = &t.look[THEME_256][r];
        ck_assert_msg(!greenish(l->fg) && !greenish(l->bg),
                      "colorblind role %d is green", r);
        l = &t.look[THEME_8][r];
        ck_assert_msg(l->fg != COLOR_GREEN && l->bg != COLOR_GREEN,
                      "colorblind role %d is green in 8 colours", r);
    }
}
END_TEST

/* The built-in copies are the files (compiled in): a missing file looks
 * the same as the shipped one. */
START_TEST(built_in_copies_are_the_shipped_files)
{
    const char *names[] = {"default", "mono"};
    for (size_t i = 0; i < 2; i++) {
        struct theme file;
        load_shipped(names[i], &file);
        const struct theme *b = theme_builtin(names[i]);
        ck_assert_ptr_nonnull(b);
        ck_assert_str_eq(b->name, names[i]);
        ck_assert_mem_eq(b->look, file.look, sizeof file.look);
    }
    ck_assert_ptr_null(theme_builtin("dark"));
}
END_TEST

/* A private XDG_CONFIG_HOME with themes/NAME.theme holding text. */
static char HOME_DIR[64];

static void private_home(void)
{
    snprintf(HOME_DIR, sizeof HOME_DIR, "/tmp/inventui-themes-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(HOME_DIR));
    setenv("HOME", HOME_DIR, 1);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/config", HOME_DIR);
    setenv("XDG_CONFIG_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/config/inventui/themes", HOME_DIR);
    ck_assert_int_eq(fs_mkdirs(dir, 0700), 0);
    unsetenv("NO_COLOR");
}

static void remove_home(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", HOME_DIR);
    ck_assert_int_eq(system(cmd), 0);
}

static void user_theme(const char *name, const char *text)
{
    char path[192];
    snprintf(path, sizeof path, "%s/config/inventui/themes/%s.theme",
             HOME_DIR, name);
    ck_assert_int_eq(fs_write_private(path, text, strlen(text)), 0);
}

START_TEST(the_user_s_themes_come_first_then_the_built_in_ones)
{
    private_home();
    struct theme t;
    char *err = NULL;
    /* Nothing of the user's: the built-in default. */
    ck_assert_int_eq(theme_find("default", &t, &err), 0);
    ck_assert_str_eq(t.origin, "built-in default");
    /* The user's own default wins over the built-in one. */
    user_theme("default", "[roles]\ntitle = fg:1\n");
    ck_assert_int_eq(theme_find("default", &t, &err), 0);
    ck_assert_int_eq(t.look[THEME_256][ROLE_TITLE].fg, 1);
    ck_assert_str_eq(t.origin, "~/config/inventui/themes/default.theme");
    /* Not found: the places looked in. */
    ck_assert_int_eq(theme_find("nosuch", &t, &err), -1);
    ck_assert_msg(strstr(err, "no theme \"nosuch\" (looked in "
                              "~/config/inventui/themes, "),
                  "%s", err);
    free(err);
    /* A name never leaves its directory; a path is a path. */
    ck_assert_int_eq(theme_find("..", &t, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "not a theme name"));
    free(err);
    ck_assert_int_eq(theme_find("./themes/dark.theme", &t, &err), 0);
    ck_assert_str_eq(t.name, "dark");
    /* Completion sees the user's, the built-in ones, each once. */
    user_theme("mine", "[roles]\n");
    char **names = theme_list();
    int mine = 0, def = 0, mono = 0;
    for (char **p = names; *p; p++) {
        mine += !strcmp(*p, "mine");
        def += !strcmp(*p, "default");
        mono += !strcmp(*p, "mono");
    }
    ck_assert_int_eq(mine, 1);
    ck_assert_int_eq(def, 1);
    ck_assert_int_eq(mono, 1);
    theme_list_free(names);
    remove_home();
}
END_TEST

START_TEST(at_start_a_bad_theme_is_reported_and_the_default_used)
{
    private_home();
    user_theme("broken", "[roles]\ntitle = bold\nselected = fg:300\n");
    char *err = NULL;
    ck_assert_int_eq(theme_startup("broken", &err), -1);
    ck_assert_msg(strstr(err, "~/config/inventui/themes/broken.theme:3: "
                              "selected: \"300\" is not a colour"),
                  "%s", err);
    ck_assert_msg(strstr(err, "using the default theme"), "%s", err);
    ck_assert_str_eq(theme_current_name(), "default");
    free(err);
    /* A good one loads, and theme_load switches. */
    ck_assert_int_eq(theme_startup("mono", &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(theme_current_name(), "mono");
    user_theme("mine", "[roles]\ntitle = fg:2\n");
    ck_assert_int_eq(theme_load("mine", &err), 0);
    ck_assert_str_eq(theme_current_name(), "mine");
    /* A bad one leaves the current theme as it was. */
    ck_assert_int_eq(theme_load("broken", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "broken.theme:3:"));
    free(err);
    ck_assert_str_eq(theme_current_name(), "mine");
    remove_home();
}
END_TEST

START_TEST(no_color_means_mono_unless_a_theme_is_named)
{
    private_home();
    char *err = NULL;
    setenv("NO_COLOR", "1", 1);
    ck_assert_int_eq(theme_startup("", &err), 0);
    ck_assert_str_eq(theme_current_name(), "mono");
    ck_assert_int_eq(theme_startup(NULL, &err), 0);
    ck_assert_str_eq(theme_current_name(), "mono");
    /* Named on the command line or in the file: that one. */
    user_theme("mine", "[roles]\ntitle = fg:2\n");
    ck_assert_int_eq(theme_startup("mine", &err), 0);
    ck_assert_str_eq(theme_current_name(), "mine");
    /* A named theme that fails falls back to what NO_COLOR asks for. */
    ck_assert_int_eq(theme_startup("nosuch", &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "using the mono theme"));
    free(err);
    ck_assert_str_eq(theme_current_name(), "mono");
    /* Set but empty does not count. */
    setenv("NO_COLOR", "", 1);
    ck_assert_int_eq(theme_startup("", &err), 0);
    ck_assert_str_eq(theme_current_name(), "default");
    remove_home();
}
END_TEST

static char *collect(void *user, const char *section, const char *name,
                     const char *value, int line)
{
    char *seen = user;
    char one[64];
    snprintf(one, sizeof one, "%d:%s.%s=%s;", line, section, name, value);
    strcat(seen, one);
    return !strcmp(value, "bad") ? xstrdup("that is bad") : NULL;
}

START_TEST(inifile_walk_gives_every_key_with_its_line)
{
    char seen[512] = "";
    char *err = NULL;
    int rc = inifile_walk("; c\n[a]\nx = 1\n\n[b]\ny = bad\nz=2", "here",
                          collect, seen, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(seen, "3:a.x=1;6:b.y=bad;7:b.z=2;");
    ck_assert_str_eq(err, "here:6: that is bad\n");
    free(err);
    seen[0] = '\0';
    ck_assert_int_eq(inifile_walk("[a]\nx = 1\n", "here", collect, seen,
                                  &err), 0);
    ck_assert_ptr_null(err);
}
END_TEST

/* A theme file's problems quote the file; on stderr they are sanitised
 * line by line, so a hostile file cannot drive the terminal. */
START_TEST(reports_are_printed_sanitised_line_by_line)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    sanitize_print_lines(f, "inventui: theme: ",
                         "a.theme:1: \"\033[2J\" is not\n\nusing x\n");
    fclose(f);
    ck_assert_str_eq(buf, "inventui: theme: a.theme:1: \"\xEF\xBF\xBD[2J\" "
                          "is not\ninventui: theme: using x\n");
    free(buf);
}
END_TEST

START_TEST(read_only_hides_and_withholds_every_write)
{
    actions_set_readonly(true);
    ck_assert(actions_readonly());
    for (int id = ACT_NONE + 1; id < ACT_COUNT; id++) {
        const struct action_def *d = action_def((enum action)id);
        for (int k = 0; k < PK_COUNT; k++) {
            bool offered = action_offered((enum action)id, (enum pane_kind)k,
                                          true);
            if (d->flags & AF_WRITE)
                ck_assert_msg(!offered, "%s offered read-only", d->name);
        }
    }
    ck_assert_int_eq(actions_lookup('a', PK_PRODUCTS, true), ACT_NONE);
    ck_assert_int_eq(actions_withheld('a', PK_PRODUCTS, true),
                     ACT_ADD_PRODUCT);
    ck_assert_int_eq(actions_lookup('x', PK_ORDERS, false), ACT_NONE);
    ck_assert_int_eq(actions_withheld('x', PK_ORDERS, false),
                     ACT_CANCEL_ORDER);
    /* A customer is not told about an admin's write. */
    ck_assert_int_eq(actions_withheld('a', PK_PRODUCTS, false), ACT_NONE);
    /* Reading goes on. */
    ck_assert_int_eq(actions_lookup('r', PK_ORDERS, false), ACT_REFRESH);
    ck_assert_int_eq(actions_withheld('r', PK_ORDERS, false), ACT_NONE);
    char hints[512];
    actions_hints(PK_PRODUCTS, true, 200, hints, sizeof hints);
    ck_assert_ptr_null(strstr(hints, "a add"));
    ck_assert_ptr_nonnull(strstr(hints, "/ search"));
    actions_set_readonly(false);
    ck_assert_int_eq(actions_lookup('a', PK_PRODUCTS, true), ACT_ADD_PRODUCT);
    ck_assert_int_eq(actions_withheld('a', PK_PRODUCTS, true), ACT_NONE);
}
END_TEST

Suite *suite_themes(void)
{
    Suite *s = suite_create("themes");
    TCase *tc = tcase_create("themes");
    tcase_add_unchecked_fixture(tc, actions_init, NULL);
    tcase_add_test(tc, a_look_has_two_forms);
    tcase_add_test(tc, without_a_bar_the_8_colour_form_is_the_nearest);
    tcase_add_test(tc, every_mistake_is_reported_with_its_line);
    tcase_add_test(tc, shipped_themes_are_complete_and_show_the_selection);
    tcase_add_test(tc, mono_names_no_colour_and_colorblind_no_green);
    tcase_add_test(tc, built_in_copies_are_the_shipped_files);
    tcase_add_test(tc, the_user_s_themes_come_first_then_the_built_in_ones);
    tcase_add_test(tc, at_start_a_bad_theme_is_reported_and_the_default_used);
    tcase_add_test(tc, no_color_means_mono_unless_a_theme_is_named);
    tcase_add_test(tc, inifile_walk_gives_every_key_with_its_line);
    tcase_add_test(tc, reports_are_printed_sanitised_line_by_line);
    tcase_add_test(tc, read_only_hides_and_withholds_every_write);
    suite_add_tcase(s, tc);
    return s;
}
