/* email — the shape of a user name (an e-mail address) and its masked form
 * for CodeDeliveryDetails. */
#ifndef INVENTUI_SERVER_AUTH_EMAIL_H
#define INVENTUI_SERVER_AUTH_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

#define EMAIL_MAX_LEN 254

/* True for local@domain.tld: at most 254 bytes, a local part of 1…64
 * printable characters without spaces or specials, a domain of letter,
 * digit and hyphen labels, a top-level label of 2+ letters. */
bool email_valid(const char *s);

/* "user@example.com" → "u***@e***" into out (always terminated). */
void email_mask(const char *email, char *out, size_t size);

/* Lower-cases ASCII letters of s into out (always terminated). */
void email_lower(const char *s, char *out, size_t size);

#endif
