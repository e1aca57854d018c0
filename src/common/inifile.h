/* inifile — declarative INI loading on top of inih.
 *
 * A caller describes its keys once (section, name, type, where in its
 * config struct the value goes, and the allowed range); inifile_load()
 * fills the struct and reports every unknown key and bad value as
 * "FILE:LINE: message", one per line. Strings are fixed-size arrays in the
 * caller's struct, so a config owns no heap memory. */
#ifndef INVENTUI_COMMON_INIFILE_H
#define INVENTUI_COMMON_INIFILE_H

#include <stddef.h>

/* INI_URL is an INI_STR that must be an http:// or https:// URL with a
 * host when it is not empty. INI_OTHER marks a whole section (name "*") as
 * another reader's: one file can configure both the server and the client,
 * and each checks only its own sections. */
enum ini_type {
    INI_STR,
    INI_URL,
    INI_INT,
    INI_DOUBLE,
    INI_BOOL,
    INI_CHOICE,
    INI_OTHER
};

struct ini_key {
    const char *section;
    const char *name;
    enum ini_type type;
    size_t offset;              /* offsetof(struct your_config, field) */
    size_t size;                /* INI_STR / INI_URL / INI_CHOICE: sizeof
                                   the array */
    double min, max;            /* INI_INT / INI_DOUBLE: inclusive range */
    const char *const *choices; /* INI_CHOICE: NULL-terminated list */
};

/* Applies one "section.name" value, as a flag would; returns NULL on success
 * or a malloc'd message. */
char *inifile_set(const struct ini_key *keys, void *cfg, const char *section,
                  const char *name, const char *value);

/* What inifile_walk() calls for each key: its section, name, value and
 * line (from 1). Returns NULL, or a malloc'd message about that key. */
typedef char *(*inifile_walk_fn)(void *user, const char *section,
                                 const char *name, const char *value,
                                 int line);

/* Walks INI text (not a file: the caller may have read it, or compiled it
 * in) key by key, for a reader whose keys are not fixed (theme roles).
 * Problems, fn's and the syntax's, are collected as "ORIGIN:LINE: message"
 * lines. Returns 0, or -1 with *errors set (the caller frees it). */
int inifile_walk(const char *text, const char *origin, inifile_walk_fn fn,
                 void *user, char **errors);

/* Loads path into cfg. Returns 0, or -1 with *errors set to a malloc'd
 * text listing every problem (the caller frees it). */
int inifile_load(const char *path, const struct ini_key *keys, void *cfg,
                 char **errors);

#endif
