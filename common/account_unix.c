/* Account checks on POSIX systems: names resolve through the passwd and group databases. */
#include "platform.h"

#include <grp.h>
#include <pwd.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int wudf_account_exists(wudf_account_kind kind, const char *name, wudf_error *err)
{
    int found = kind == WUDF_ACCOUNT_USER ? getpwnam(name) != NULL : getgrnam(name) != NULL;
    if (found)
        return 0;
    return wudf_error_set(err, WUDF_ENOTFOUND, "no %s named '%s'", kind == WUDF_ACCOUNT_USER ? "user" : "group",
                          name);
}

/* The endpoint's group: the device group, or this process's own. */
static gid_t endpoint_gid(const char *endpoint_group, int *known)
{
    *known = 1;
    if (!endpoint_group || !*endpoint_group)
        return getegid();
    const struct group *g = getgrnam(endpoint_group);
    *known = g != NULL;
    return g ? g->gr_gid : 0;
}

int wudf_account_may_connect(wudf_account_kind kind, const char *name, const char *endpoint_group)
{
    int known;
    gid_t gid = endpoint_gid(endpoint_group, &known);
    if (kind == WUDF_ACCOUNT_GROUP) {
        const struct group *g = getgrnam(name);
        return known && g && g->gr_gid == gid;
    }
    if (kind != WUDF_ACCOUNT_USER)
        return 0; /* everyone: the socket is not open to others */
    const struct passwd *pw = getpwnam(name);
    if (!pw)
        return 0;
    if (pw->pw_uid == 0 || pw->pw_uid == geteuid())
        return 1;
    if (!known)
        return 0;
    gid_t groups[256];
    int count = (int)(sizeof groups / sizeof groups[0]);
    if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &count) < 0)
        return pw->pw_gid == gid;
    for (int i = 0; i < count; i++)
        if (groups[i] == gid)
            return 1;
    return 0;
}

int wudf_peer_is_user(const wudf_peer *peer, const char *name)
{
    const struct passwd *pw = getpwnam(name);
    return pw && peer->uid >= 0 && (int64_t)pw->pw_uid == peer->uid;
}

int wudf_peer_in_group(const wudf_peer *peer, const char *name)
{
    const struct group *g = getgrnam(name);
    if (!g || peer->gid < 0)
        return 0;
    if ((int64_t)g->gr_gid == peer->gid)
        return 1;
    for (uint32_t i = 0; i < peer->group_count; i++)
        if (peer->groups[i] == (int64_t)g->gr_gid)
            return 1;
    return 0;
}

int wudf_peer_is_admin(const wudf_peer *peer)
{
    return peer->uid == 0 || (peer->uid >= 0 && peer->uid == (int64_t)geteuid());
}

void wudf_peer_user_name(const wudf_peer *peer, char *buf, size_t size)
{
    const struct passwd *pw = peer->uid >= 0 ? getpwuid((uid_t)peer->uid) : NULL;
    if (pw)
        snprintf(buf, size, "%s", pw->pw_name);
    else if (peer->uid >= 0)
        snprintf(buf, size, "uid %lld", (long long)peer->uid);
    else
        snprintf(buf, size, "?");
}

int wudf_account_host_ids(const char *user, int *drop, int64_t *uid, int64_t *gid, wudf_error *err)
{
    *drop = 0;
    *uid = *gid = -1;
    if (geteuid() != 0)
        return 0;
    const struct passwd *pw = getpwnam(user);
    if (!pw)
        return wudf_error_set(err, WUDF_ENOTFOUND, "no user named '%s' to run hosts as (--host-user)", user);
    *drop = pw->pw_uid != 0;
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    return 0;
}

int wudf_account_can_give_ids(void)
{
    return geteuid() == 0;
}

int wudf_account_id_exists(int64_t id)
{
    return getpwuid((uid_t)id) != NULL || getgrgid((gid_t)id) != NULL;
}

/* "nobody", or "uid 61184" for an id without an account (a host's own). */
static void user_name(int64_t uid, char *buf, size_t size)
{
    const struct passwd *pw = getpwuid((uid_t)uid);
    if (pw)
        snprintf(buf, size, "%s", pw->pw_name);
    else
        snprintf(buf, size, "uid %lld", (long long)uid);
}

int wudf_account_can_reach(int64_t uid, int64_t gid, const char *const *paths, wudf_error *err)
{
    pid_t pid = fork();
    if (pid < 0)
        return wudf_error_set(err, WUDF_EIO, "fork: %s", strerror(errno));
    if (pid == 0) {
        /* The child takes the ids and tries; its exit code names the first path it cannot reach. */
        if (setgroups(0, NULL) != 0 || setgid((gid_t)gid) != 0 || setuid((uid_t)uid) != 0)
            _exit(255);
        for (int i = 0; paths[i] && i < 250; i++)
            if (access(paths[i], R_OK | X_OK) != 0 && errno != ENOENT)
                _exit(i + 1);
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 255;
    if (code == 0)
        return 0;
    if (code == 255)
        return wudf_error_set(err, WUDF_EIO, "cannot take uid %lld / gid %lld", (long long)uid, (long long)gid);
    char name[64];
    user_name(uid, name, sizeof name);
    return wudf_error_set(err, WUDF_EACCESS, "hosts run as %s, who cannot reach %s (make the path readable and "
                          "searchable by others, or choose a --host-user who can)", name, paths[code - 1]);
}

int wudf_account_give_usb_device(unsigned bus, unsigned address, int64_t uid, int64_t gid, wudf_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "/dev/bus/usb/%03u/%03u", bus, address);
    if (chown(path, (uid_t)uid, (gid_t)gid) != 0 || chmod(path, 0600) != 0)
        return wudf_error_set(err, WUDF_EIO, "cannot give %s to uid %lld: %s", path, (long long)uid, strerror(errno));
    return 0;
}
