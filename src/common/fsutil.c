#include "common/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/mem.h"
#include "common/strbuf.h"

int fs_mkdirs(const char *path, mode_t mode)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, mode);
    free(p);
    return rc != 0 && errno != EEXIST ? -1 : 0;
}

int fs_write_private(const char *path, const void *data, size_t len)
{
    struct strbuf tmp = {0};
    strbuf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    /* O_EXCL|O_NOFOLLOW: a link planted at the temporary name is never
     * written through. Whatever holds the name (a crashed run's leftover
     * with our pid, or such a link) is removed, never followed, and the
     * name tried once more. */
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    int fd = open(tmp.buf, flags, 0600);
    if (fd < 0 && errno == EEXIST && unlink(tmp.buf) == 0)
        fd = open(tmp.buf, flags, 0600);
    if (fd < 0) {
        int saved = errno;
        strbuf_free(&tmp);
        errno = saved;
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    int rc = left == 0 && fsync(fd) == 0 ? 0 : -1;
    int saved = errno;
    close(fd);
    if (rc == 0 && rename(tmp.buf, path) != 0) {
        saved = errno;
        rc = -1;
    }
    if (rc != 0)
        unlink(tmp.buf);
    strbuf_free(&tmp);
    errno = saved;
    return rc;
}

char *fs_read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct strbuf sb = {0};
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_append(&sb, buf, n);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        strbuf_free(&sb);
        errno = EIO;
        return NULL;
    }
    return strbuf_detach(&sb, len);
}
