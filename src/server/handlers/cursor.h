/* cursor — the opaque nextToken of list routes: the last seq of a page,
 * bound to the list's filters and signed with the server's cursor key, so
 * a forged, garbled or borrowed token is refused (400), never trusted. */
#ifndef INVENTUI_SERVER_HANDLERS_CURSOR_H
#define INVENTUI_SERVER_HANDLERS_CURSOR_H

#include <stdint.h>

/* A hash naming the filters a list ran with (route, user, category…). */
uint64_t cursor_scope(const char *const *parts, int nparts);
/* The token for "after seq" (caller frees). */
char *cursor_encode(const unsigned char key[32], int64_t seq, uint64_t scope);
/* 0 and *seq, or -1 when the token is not one of ours for this scope. */
int cursor_decode(const unsigned char key[32], const char *token,
                  uint64_t scope, int64_t *seq);

#endif
