/* dir — the demo's data dir (created, checked, reset) and the demo server
 * started on it with the port of the last run. Removal works on directory
 * fds (openat/unlinkat with O_NOFOLLOW), so nothing outside the demo dir
 * can be reached through a link planted inside it. */
#include "server/demo/dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "server/config.h"
#include "server/embed.h"

#define DEMO_DIR_NAME "demo"

/* The folder that holds the demo dir: DATA/inventui. NULL with *err. */
static char *demo_parent(const char *xdg, char **err)
{
    if (!xdg)
        xdg = getenv("XDG_DATA_HOME");
    /* The XDG spec: a relative path is invalid and is ignored. */
    if (xdg && xdg[0] == '/')
        return str_printf("%s/inventui", xdg);
    const char *home = getenv("HOME");
    if (!home || !home[0]) {
        *err = xstrdup("neither XDG_DATA_HOME nor HOME is set: no place "
                       "for the demo's data");
        return NULL;
    }
    return str_printf("%s/.local/share/inventui", home);
}

/* Removes name under parent_fd and, for a directory, all it holds, on the
 * file system dev only and without following any symbolic link. 0, or -1
 * with errno. */
static int remove_tree(int parent_fd, const char *name, dev_t dev)
{
    struct stat st;
    if (fstatat(parent_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(parent_fd, name, 0) != 0 && errno != ENOENT ? -1 : 0;
    if (st.st_dev != dev) {
        errno = EXDEV; /* a mount point: not ours to empty */
        return -1;
    }
    int fd = openat(parent_fd, name,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    DIR *d = fdopendir(fd);
    if (!d) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (errno = 0, e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        rc = remove_tree(dirfd(d), e->d_name, dev);
    }
    if (rc == 0 && errno != 0)
        rc = -1; /* readdir failed */
    int saved = errno;
    closedir(d);
    errno = saved;
    if (rc == 0 && unlinkat(parent_fd, name, AT_REMOVEDIR) != 0)
        rc = -1;
    return rc;
}

/* Takes the demo's lock (DEMO/lock) if the file exists, so a reset never
 * pulls the data from under a running demo. The lock's fd (or -1 when
 * there is none yet) through *lock_fd; 0, or -1 with *err. */
static int lock_for_reset(int demo_fd, const char *path, int *lock_fd,
                          char **err)
{
    *lock_fd = openat(demo_fd, "lock", O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (*lock_fd < 0)
        return 0;
    if (flock(*lock_fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    *err = errno == EWOULDBLOCK
               ? str_printf("a demo is running from %s; quit it before "
                            "starting afresh", path)
               : str_printf("cannot lock %s/lock: %s", path, strerror(errno));
    close(*lock_fd);
    *lock_fd = -1;
    return -1;
}

/* Moves the demo dir aside (one rename, so it is either whole or gone)
 * and removes it. 0, or -1 with *err. */
static int reset_demo(int parent_fd, const char *path, char **err)
{
    struct stat st;
    int demo_fd = -1, lock_fd = -1, rc = -1;
    char aside[64];
    snprintf(aside, sizeof aside, ".demo-reset-%ld", (long)getpid());
    if (fstatat(parent_fd, DEMO_DIR_NAME, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            rc = 0;
        else
            *err = str_printf("cannot look at %s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISDIR(st.st_mode)) {
        *err = str_printf("%s is %s, not the demo's directory; not "
                          "removing it", path,
                          S_ISLNK(st.st_mode) ? "a symbolic link" : "a file");
        goto out;
    }
    demo_fd = openat(parent_fd, DEMO_DIR_NAME,
                     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (demo_fd < 0) {
        *err = str_printf("cannot open %s: %s", path, strerror(errno));
        goto out;
    }
    if (lock_for_reset(demo_fd, path, &lock_fd, err) != 0)
        goto out;
    if (renameat(parent_fd, DEMO_DIR_NAME, parent_fd, aside) != 0) {
        *err = str_printf("cannot move %s aside: %s", path, strerror(errno));
        goto out;
    }
    if (remove_tree(parent_fd, aside, st.st_dev) != 0) {
        *err = str_printf("cannot remove the old demo data (now in "
                          "%s/../%s): %s", path, aside, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (lock_fd >= 0)
        close(lock_fd);
    if (demo_fd >= 0)
        close(demo_fd);
    return rc;
}

/* Creates the demo dir if missing and checks it is a directory of ours,
 * mode 0700 (tightened if looser). 0, or -1 with *err. */
static int make_demo(int parent_fd, const char *path, char **err)
{
    if (mkdirat(parent_fd, DEMO_DIR_NAME, 0700) != 0 && errno != EEXIST) {
        *err = str_printf("cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    int fd = openat(parent_fd, DEMO_DIR_NAME,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    int rc = -1;
    if (fd < 0 || fstat(fd, &st) != 0) {
        *err = errno == ELOOP || errno == ENOTDIR
                   ? str_printf("%s is a symbolic link or a file, not the "
                                "demo's directory", path)
                   : str_printf("cannot open %s: %s", path, strerror(errno));
    } else if (st.st_uid != geteuid()) {
        *err = str_printf("%s belongs to another user", path);
    } else if ((st.st_mode & 0077) && fchmod(fd, 0700) != 0) {
        *err = str_printf("cannot make %s private: %s", path,
                          strerror(errno));
    } else {
        rc = 0;
    }
    if (fd >= 0)
        close(fd);
    return rc;
}

int demo_prepare(const char *xdg_data_home, bool reset, char **dir,
                 char **err)
{
    *dir = NULL;
    char *parent = demo_parent(xdg_data_home, err);
    char *path = NULL;
    int parent_fd = -1, rc = -1;
    if (!parent)
        goto out;
    path = str_printf("%s/%s", parent, DEMO_DIR_NAME);
    if (fs_mkdirs(parent, 0700) != 0) {
        *err = str_printf("cannot create %s: %s", parent, strerror(errno));
        goto out;
    }
    parent_fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (parent_fd < 0) {
        *err = str_printf("cannot open %s: %s", parent, strerror(errno));
        goto out;
    }
    if (reset && reset_demo(parent_fd, path, err) != 0)
        goto out;
    if (make_demo(parent_fd, path, err) != 0)
        goto out;
    *dir = path;
    path = NULL;
    rc = 0;
out:
    if (parent_fd >= 0)
        close(parent_fd);
    free(parent);
    free(path);
    return rc;
}

/* The port saved by the last run, or 0. */
static int saved_port(const char *path)
{
    size_t len = 0;
    char *text = fs_read_all(path, &len);
    if (!text)
        return 0;
    char *end;
    long p = strtol(text, &end, 10);
    bool ok = end != text && (*end == '\0' || *end == '\n') && p > 0 &&
              p <= 65535;
    free(text);
    return ok ? (int)p : 0;
}

struct embedded_server *demo_start(const char *dir, char **err)
{
    char *port_path = str_printf("%s/%s", dir, DEMO_PORT_FILE);
    char *log_path = str_printf("%s/%s", dir, DEMO_LOG_FILE);
    struct stat st;
    if (lstat(log_path, &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size > DEMO_LOG_MAX_BYTES) {
        char *old = str_printf("%s.1", log_path);
        rename(log_path, old); /* at worst the log keeps growing */
        free(old);
    }
    struct server_config cfg;
    server_config_defaults(&cfg);
    /* One person's TUI: a few request threads are plenty. */
    cfg.threads = 4;
    int port = saved_port(port_path);
    struct embed_opts o = {
        .config = &cfg,
        .data_dir = dir,
        .host = "127.0.0.1",
        .port = port,
        .any_port_if_busy = true,
        .seed_demo = true,
        .log_path = log_path,
        .lock_data_dir = true,
    };
    struct embedded_server *s = embed_start(&o, err);
    if (s && embed_port(s) != port) {
        char line[16];
        int n = snprintf(line, sizeof line, "%d\n", embed_port(s));
        /* Not fatal: the next run takes a free port again. */
        if (fs_write_private(port_path, line, (size_t)n) != 0)
            log_msg(LOG_WARN, "demo: cannot write %s: %s", port_path,
                    strerror(errno));
    }
    free(port_path);
    free(log_path);
    return s;
}
