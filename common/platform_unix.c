/* Linux/POSIX side of the platform seam. */
#define _GNU_SOURCE 1 /* struct ucred */
#include "platform.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int env_dir(const char *var, const char *suffix, char *buf, size_t size)
{
    const char *v = getenv(var);
    if (!v || !*v)
        return -1;
    int n = snprintf(buf, size, "%s%s", v, suffix);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int wudf_default_runtime_dir(char *buf, size_t size, wudf_error *err)
{
    if (env_dir("WUDF_RUNTIME_DIR", "", buf, size) == 0)
        return 0;
    if (geteuid() == 0)
        return snprintf(buf, size, "/run/openwudf") < (int)size ? 0 : wudf_error_set(err, WUDF_ETOOBIG, "path");
    if (env_dir("XDG_RUNTIME_DIR", "/openwudf", buf, size) == 0)
        return 0;
    int n = snprintf(buf, size, "/tmp/openwudf-%ld", (long)geteuid());
    return n < (int)size ? 0 : wudf_error_set(err, WUDF_ETOOBIG, "runtime directory path too long");
}

int wudf_default_state_dir(char *buf, size_t size, wudf_error *err)
{
    if (env_dir("WUDF_STATE_DIR", "", buf, size) == 0)
        return 0;
    if (geteuid() == 0)
        return snprintf(buf, size, "/var/lib/openwudf") < (int)size ? 0 : wudf_error_set(err, WUDF_ETOOBIG, "path");
    if (env_dir("XDG_STATE_HOME", "/openwudf", buf, size) == 0)
        return 0;
    if (env_dir("HOME", "/.local/state/openwudf", buf, size) == 0)
        return 0;
    return wudf_error_set(err, WUDF_ENOTFOUND, "no state directory: set WUDF_STATE_DIR or HOME");
}

int wudf_endpoint_name(const char *runtime_dir, char *buf, size_t size, wudf_error *err)
{
    /* sun_path holds 108 bytes: a longer path could not be bound. */
    int n = snprintf(buf, size, "%s/wudfrd.sock", runtime_dir);
    if (n < 0 || (size_t)n >= size || n >= 108)
        return wudf_error_set(err, WUDF_ETOOBIG, "endpoint path %s/wudfrd.sock is longer than a socket path may be",
                              runtime_dir);
    return 0;
}

/* No one but root and this user can rename or replace path or any directory above it: each is owned by
 * one of them, and writable by nobody else unless sticky (as /tmp, where others cannot rename our
 * entries). */
static int parents_are_safe(const char *path, wudf_error *err)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return wudf_error_set(err, WUDF_EIO, "cannot resolve %s: %s", path, strerror(errno));
    for (char *end = strrchr(real, '/'); end; end = strrchr(real, '/')) {
        *end = '\0';
        const char *dir = real[0] ? real : "/";
        struct stat st;
        if (stat(dir, &st) != 0)
            return wudf_error_set(err, WUDF_EIO, "cannot inspect %s: %s", dir, strerror(errno));
        if (st.st_uid != 0 && st.st_uid != geteuid())
            return wudf_error_set(err, WUDF_EACCESS, "%s lies in %s, which belongs to uid %lu: another user could "
                                  "replace it", path, dir, (unsigned long)st.st_uid);
        if ((st.st_mode & 0022) && !(st.st_mode & S_ISVTX))
            return wudf_error_set(err, WUDF_EACCESS, "%s lies in %s, which others may write to (mode %03o): another "
                                  "user could replace it", path, dir, (unsigned)(st.st_mode & 0777));
        if (!real[0])
            break;
    }
    return 0;
}

int wudf_make_dir(const char *path, int mode, wudf_error *err)
{
    char tmp[WUDF_PATH_MAX];
    if (strlen(path) >= sizeof tmp)
        return wudf_error_set(err, WUDF_ETOOBIG, "path too long: %s", path);
    strcpy(tmp, path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return wudf_error_set(err, WUDF_EIO, "cannot create directory %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, (mode_t)mode) == 0) {
        /* Only a directory made here gets the mode (mkdir's is filtered by the umask). */
        if (chmod(tmp, (mode_t)mode) != 0)
            return wudf_error_set(err, WUDF_EIO, "cannot set the mode of %s: %s", tmp, strerror(errno));
        return 0;
    }
    if (errno != EEXIST)
        return wudf_error_set(err, WUDF_EIO, "cannot create directory %s: %s", tmp, strerror(errno));
    struct stat st;
    if (stat(tmp, &st) != 0 || !S_ISDIR(st.st_mode))
        return wudf_error_set(err, WUDF_EIO, "%s exists and is not a directory", tmp);
    /* An existing directory is the operator's: it is used as it is, never re-moded. */
    if ((st.st_mode & 0022 & ~(mode_t)mode) != 0)
        return wudf_error_set(err, WUDF_EACCESS,
                              "%s is writable by others (mode %03o): use a private directory", tmp,
                              (unsigned)(st.st_mode & 0777));
    /* Whoever owns it could swap the socket or the store under us. */
    if (st.st_uid != geteuid())
        return wudf_error_set(err, WUDF_EACCESS, "%s belongs to uid %lu, not to this wudfrd's user (uid %lu): "
                              "use a directory of its own", tmp, (unsigned long)st.st_uid, (unsigned long)geteuid());
    return parents_are_safe(tmp, err);
}

int wudf_runtime_dir_create(const char *runtime_dir, wudf_error *err)
{
    return wudf_make_dir(runtime_dir, 0750, err);
}

void wudf_endpoint_remove_stale(const char *endpoint)
{
    /* The caller holds the instance lock, so nobody listens on a socket file still there. */
    uv_fs_t req;
    uv_fs_unlink(NULL, &req, endpoint, NULL);
    uv_fs_req_cleanup(&req);
}

int wudf_endpoint_secure(const char *endpoint, const char *group, wudf_error *err)
{
    if (group && *group) {
        struct group *g = getgrnam(group);
        if (!g)
            return wudf_error_set(err, WUDF_ENOTFOUND, "no group named '%s'", group);
        char dir[WUDF_PATH_MAX];
        snprintf(dir, sizeof dir, "%s", endpoint);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        if (chown(endpoint, (uid_t)-1, g->gr_gid) != 0 || (slash && chown(dir, (uid_t)-1, g->gr_gid) != 0))
            return wudf_error_set(err, WUDF_EIO, "cannot give %s to group %s: %s", endpoint, group, strerror(errno));
    }
    if (chmod(endpoint, 0660) != 0)
        return wudf_error_set(err, WUDF_EIO, "cannot set the mode of %s: %s", endpoint, strerror(errno));
    return 0;
}

void wudf_peer_identity(uv_pipe_t *pipe, wudf_peer *peer)
{
    memset(peer, 0, sizeof *peer);
    peer->pid = peer->uid = peer->gid = -1;
#ifdef SO_PEERCRED
    uv_os_fd_t fd;
    if (uv_fileno((uv_handle_t *)pipe, &fd) != 0)
        return;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
        peer->pid = cred.pid;
        peer->uid = cred.uid;
        peer->gid = cred.gid;
    }
#ifdef SO_PEERGROUPS
    /* The groups the process had when it connected, not what /etc/group says now. */
    gid_t groups[WUDF_PEER_GROUPS];
    len = sizeof groups;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0) {
        peer->group_count = (uint32_t)(len / sizeof groups[0]);
        for (uint32_t i = 0; i < peer->group_count; i++)
            peer->groups[i] = groups[i];
    }
#endif
#else
    (void)pipe;
#endif
}

void wudf_peer_release(wudf_peer *peer)
{
    (void)peer;
}

int wudf_instance_lock(const char *dir, const char *file, const char *what, wudf_error *err)
{
    char path[WUDF_PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (n < 0 || (size_t)n >= sizeof path)
        return wudf_error_set(err, WUDF_ETOOBIG, "%s path too long", what);
    /* The descriptor stays open (and locked) for the life of the process. */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return wudf_error_set(err, WUDF_EIO, "cannot open %s: %s", path, strerror(errno));
    /* A host a killed reflector was starting holds a copy of the lock from fork until its exec: that
     * lasts milliseconds, another reflector lasts. */
    int rc;
    for (int tries = 0; (rc = flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EWOULDBLOCK && tries < 50; tries++)
        uv_sleep(20);
    if (rc != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK)
            return wudf_error_set(err, WUDF_EEXIST, "another wudfrd already uses %s %s", what, dir);
        return wudf_error_set(err, WUDF_EIO, "cannot lock %s: %s", path, strerror(e));
    }
    return 0;
}
