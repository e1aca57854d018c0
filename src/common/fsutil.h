/* fsutil — small file-system helpers with the permissions we promise. */
#ifndef INVENTUI_COMMON_FSUTIL_H
#define INVENTUI_COMMON_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* mkdir -p with mode for each directory it creates. 0 or -1 (errno). */
int fs_mkdirs(const char *path, mode_t mode);
/* Writes data to path atomically (temp file PATH.tmp.PID + rename), mode
 * 0600 from the first byte; the temp file is created new (O_EXCL), never
 * through a symbolic link. Not for one path from two threads at once.
 * 0 or -1 (errno). */
int fs_write_private(const char *path, const void *data, size_t len);
/* Reads a whole file; NULL (errno) on failure. Caller frees. */
char *fs_read_all(const char *path, size_t *len);

#endif
