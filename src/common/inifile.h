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

/* Loads path into cfg. Returns 0, or -1 with *errors set to a malloc'd
 * text listing every problem (the caller frees it). */
int inifile_load(const char *path, const struct ini_key *keys, void *cfg,
                 char **errors);

#endif
