/* sanitize — makes text received from the network harmless to print on a
 * terminal.
 *
 * C0 controls, DEL, C1 controls (as UTF-8 or as raw bytes, e.g. a one-byte
 * CSI 0x9b), bidi overrides and isolates, and invalid UTF-8 are replaced
 * with U+FFFD; tab, newline and carriage return become a space, so one
 * value never spans lines or moves the cursor. JSON output for scripts is
 * not sanitised: only what is drawn for a person is. */
#ifndef INVENTUI_COMMON_SANITIZE_H
#define INVENTUI_COMMON_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A sanitised copy of s (NULL reads as ""); caller frees. */
char *sanitize_text(const char *s);
/* Prints text line by line to `to`, each line sanitised and after
 * prefix, blank lines left out: a report (a file's problems,
 * "FILE:LINE: …") may quote anything the file held. */
void sanitize_print_lines(FILE *to, const char *prefix, const char *text);

/* Decodes one UTF-8 sequence at s (NUL-terminated); returns its length,
 * or 0 when the bytes are not valid UTF-8 (overlong, surrogate, truncated,
 * > U+10FFFF). */
size_t sanitize_utf8_decode(const unsigned char *s, uint32_t *cp);
/* A code point a terminal acts on instead of showing: C0 controls, DEL,
 * C1 controls and the bidi overrides and isolates. */
bool sanitize_is_control(uint32_t c);

#endif
