/* The man page (inventui.1) against what it documents: its KEYS list is
 * the action list (ui/actions.h) as actions_roff() writes it, and every
 * key of inventui.conf.example is described in its section of
 * CONFIGURATION. Run from the source tree (make unit does). */
#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/actions.h"
#include "unit/suites.h"

/* A file of the source tree, whole; caller frees. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f, "run from the source tree: %s not found", path);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    size_t n;
    while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            s = realloc(s, cap);
            ck_assert_ptr_nonnull(s);
        }
    }
    s[len] = '\0';
    fclose(f);
    return s;
}

START_TEST(man_page_keys_are_the_action_list)
{
    char *want = actions_roff();
    char *page = slurp("inventui.1");
    const char *begin = strstr(page, ".\\\" keys:begin\n");
    const char *end = strstr(page, ".\\\" keys:end\n");
    ck_assert_msg(begin && end && end > begin,
                  "inventui.1 has no keys:begin/keys:end comments");
    begin += strlen(".\\\" keys:begin\n");
    bool same = strlen(want) == (size_t)(end - begin) &&
                !strncmp(want, begin, (size_t)(end - begin));
    if (!same) {
        FILE *out = fopen("build/keys.roff", "w");
        if (out) {
            fputs(want, out);
            fclose(out);
        }
    }
    ck_assert_msg(same, "inventui.1's KEYS differ from ui/actions.h: put "
                        "build/keys.roff between its keys:begin/end comments");
    free(page);
    free(want);
}
END_TEST

/* The man page's CONFIGURATION text for one section: from its
 * `.SS "[name]"` to the next .SS or .SH; NULL when it has none. Points
 * into page; *len its length. */
static const char *man_section(const char *page, const char *name, size_t *len)
{
    char head[80];
    snprintf(head, sizeof head, "\n.SS \"[%s]\"\n", name);
    const char *s = strstr(page, head);
    if (!s)
        return NULL;
    s += strlen(head) - 1;
    const char *e = s;
    while ((e = strchr(e + 1, '\n')) &&
           strncmp(e, "\n.SS ", 5) != 0 && strncmp(e, "\n.SH ", 5) != 0)
        ;
    *len = e ? (size_t)(e - s) : strlen(s);
    return s;
}

START_TEST(man_page_describes_every_config_key)
{
    char *page = slurp("inventui.1");
    char *example = slurp("inventui.conf.example");
    char section[64] = "";
    int keys = 0;
    for (char *line = strtok(example, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '[') {
            size_t n = strcspn(line + 1, "]");
            snprintf(section, sizeof section, "%.*s", (int)n, line + 1);
            ck_assert_msg(man_section(page, section, &(size_t){0}),
                          "inventui.1 has no .SS \"[%s]\"", section);
            continue;
        }
        /* A key is ";name = value" (prose comments have "; "). */
        if (line[0] != ';' || !islower((unsigned char)line[1]))
            continue;
        size_t n = strspn(line + 1, "abcdefghijklmnopqrstuvwxyz_0123456789");
        const char *rest = line + 1 + n;
        while (*rest == ' ')
            rest++;
        if (*rest != '=')
            continue;
        ck_assert_msg(section[0], "a key before any section: %s", line);
        char want[80];
        snprintf(want, sizeof want, "\n.B %.*s\n", (int)n, line + 1);
        size_t len = 0;
        const char *text = man_section(page, section, &len);
        char *mine = strndup(text, len);
        ck_assert_msg(strstr(mine, want),
                      "inventui.1 does not describe [%s] %.*s (a line "
                      "\".B %.*s\" under .SS \"[%s]\")",
                      section, (int)n, line + 1, (int)n, line + 1, section);
        free(mine);
        keys++;
    }
    ck_assert_int_gt(keys, 30); /* the example was read */
    free(example);
    free(page);
}
END_TEST

Suite *suite_manpage(void)
{
    Suite *s = suite_create("manpage");
    TCase *tc = tcase_create("manpage");
    tcase_add_test(tc, man_page_keys_are_the_action_list);
    tcase_add_test(tc, man_page_describes_every_config_key);
    suite_add_tcase(s, tc);
    return s;
}
