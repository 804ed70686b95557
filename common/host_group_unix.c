/*
 * A host's group on Unix systems (platform.h): the host leads a session and process group of its
 * own; on Linux, where the reflector can make one, it also lives in a cgroup v2 of its own, which
 * nothing it starts can leave (a setsid() leaves the process group, never the cgroup).
 * docs/security.md, "Everything a host starts dies with it", says what each stops.
 */
#include "platform.h"

#include "log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned wudf_host_group_spawn_flags(void)
{
    /* libuv calls setsid() in the child: the host leads a session and a process group whose id is
     * its pid, which nothing outside it joins. */
    return UV_PROCESS_DETACHED;
}

#ifdef __linux__

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <time.h>

#define PENDING_MAX 32

static struct {
    int on;
    char dir[WUDF_PATH_MAX];                /* <the reflector's cgroup>/wudfrd.<hash of the state dir> */
    int64_t pending[PENDING_MAX];           /* hosts whose cgroup was still busy when they exited */
} groups;

static int write_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    ssize_t n = write(fd, text, strlen(text));
    int rc = n == (ssize_t)strlen(text) ? 0 : n < 0 ? errno : EIO;
    close(fd);
    return rc;
}

static ssize_t read_text(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

static uint64_t monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u;
}

/* Where the reflector's own cgroup v2 is in this mount namespace: the cgroup2 mount point followed
 * by the path /proc/self/cgroup gives (relative to the mount's root). */
static int own_cgroup(char *dir, size_t size, char *why, size_t why_size)
{
    char text[8192], path[WUDF_PATH_MAX] = "";
    if (read_text("/proc/self/cgroup", text, sizeof text) <= 0) {
        snprintf(why, why_size, "cannot read /proc/self/cgroup");
        return -1;
    }
    for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL) {
        end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (strncmp(line, "0::", 3) == 0)
            snprintf(path, sizeof path, "%s", line + 3);
    }
    if (!path[0]) {
        snprintf(why, why_size, "the reflector is in no cgroup v2 hierarchy");
        return -1;
    }
    FILE *f = fopen("/proc/self/mountinfo", "re");
    char line[4096], root[WUDF_PATH_MAX], mount[WUDF_PATH_MAX];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f)) {
        const char *type = strstr(line, " - cgroup2 ");
        /* fields: id parent major:minor root mount-point ...; escaped names (\040) are not ours */
        found = type && sscanf(line, "%*s %*s %*s %1023s %1023s", root, mount) == 2 && !strchr(mount, '\\');
    }
    if (f)
        fclose(f);
    if (!found) {
        snprintf(why, why_size, "no cgroup v2 file system is mounted");
        return -1;
    }
    size_t root_len = strcmp(root, "/") == 0 ? 0 : strlen(root);
    if (strncmp(path, root, root_len) != 0 || (path[root_len] != '/' && path[root_len] != '\0')) {
        snprintf(why, why_size, "the reflector's cgroup %s lies outside the mount of %s", path, root);
        return -1;
    }
    const char *rel = path + root_len;
    int w = snprintf(dir, size, "%s%s", mount, strcmp(rel, "/") == 0 ? "" : rel);
    return w > 0 && (size_t)w < size ? 0 : -1;
}

/* Calls each(path, arg) for dir and every cgroup below it, the deepest first. */
static void each_cgroup(const char *dir, void (*each)(const char *, void *), void *arg)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (e->d_type == DT_DIR && e->d_name[0] != '.') {
            char sub[WUDF_PATH_MAX];
            if (snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) < (int)sizeof sub)
                each_cgroup(sub, each, arg);
        }
    if (d)
        closedir(d);
    each(dir, arg);
}

/* Signals (or, with no signal, counts) the processes of one cgroup. */
static void signal_members(const char *dir, void *arg)
{
    int *sig_count = arg; /* [0]: the signal, [1]: how many */
    char path[WUDF_PATH_MAX + 64], pids[4096];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    if (read_text(path, pids, sizeof pids) <= 0)
        return;
    for (char *p = pids, *end; *p; p = end) {
        long pid = strtol(p, &end, 10);
        if (end == p)
            break;
        sig_count[1]++;
        if (pid > 0 && sig_count[0])
            kill((pid_t)pid, sig_count[0]);
    }
}

/* Kills every process in dir and below; returns how many there were. cgroup.kill (Linux 5.14)
 * reaches all of them at once; before it, the group is frozen so that none can start another while
 * its members are killed one by one. */
static unsigned kill_tree(const char *dir)
{
    char path[WUDF_PATH_MAX + 64];
    int count[2] = {0, 0};
    each_cgroup(dir, signal_members, count);
    /* Empty, it stays so (no member is left to fork, and only the reflector moves processes in):
     * nothing to kill, and a write to cgroup.kill costs milliseconds even then (it waits for the
     * kernel's cgroup locks), which every recycle of a crashed host would pay. */
    if (!count[1])
        return 0;
    snprintf(path, sizeof path, "%s/cgroup.kill", dir);
    if (write_text(path, "1") == 0)
        return (unsigned)count[1];
    snprintf(path, sizeof path, "%s/cgroup.freeze", dir);
    write_text(path, "1");
    int kill_count[2] = {SIGKILL, 0};
    each_cgroup(dir, signal_members, kill_count);
    write_text(path, "0"); /* killed processes die only once thawed */
    return (unsigned)count[1];
}

static void remove_one(const char *dir, void *arg)
{
    int *rc = arg;
    *rc = rmdir(dir) == 0 || errno == ENOENT ? 0 : errno;
}

/* Removes dir and the cgroups below it: only empty ones go (rmdir), so nothing alive is lost. */
static int remove_tree(const char *dir)
{
    int rc = 0;
    each_cgroup(dir, remove_one, &rc);
    return rc; /* dir's own, the last */
}

/* Waits (at most timeout_ms) until no process is left in dir or below: cgroup.events says so, and
 * signals each change of it to poll() as POLLPRI. */
static int wait_empty(const char *dir, unsigned timeout_ms)
{
    char path[WUDF_PATH_MAX + 64], text[256];
    snprintf(path, sizeof path, "%s/cgroup.events", dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    uint64_t deadline = monotonic_ms() + timeout_ms;
    int empty = 0;
    for (;;) {
        ssize_t n = pread(fd, text, sizeof text - 1, 0);
        text[n > 0 ? n : 0] = '\0';
        empty = strstr(text, "populated 0") != NULL;
        uint64_t now = monotonic_ms();
        if (empty || n <= 0 || now >= deadline)
            break;
        struct pollfd p = {fd, POLLPRI, 0};
        poll(&p, 1, (int)(deadline - now));
    }
    close(fd);
    return empty ? 0 : -1;
}

static void host_dir(char *buf, size_t size, int64_t pid)
{
    snprintf(buf, size, "%s/host-%lld", groups.dir, (long long)pid);
}

/* Gives back the cgroups of exited hosts that were still busy when their host went. */
static void retry_pending(void)
{
    for (size_t i = 0; i < PENDING_MAX; i++) {
        char dir[WUDF_PATH_MAX + 32];
        host_dir(dir, sizeof dir, groups.pending[i]);
        if (groups.pending[i] && (rmdir(dir) == 0 || errno == ENOENT))
            groups.pending[i] = 0;
    }
}

/* FNV-1a: a short stable name for the state directory's group. */
static uint64_t name_hash(const char *text)
{
    uint64_t h = 1469598103934665603ull;
    for (; *text; text++)
        h = (h ^ (unsigned char)*text) * 1099511628211ull;
    return h;
}

/* A group of the same state directory is an earlier reflector's: the store lock says it is gone. */
static void remove_stale(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return;
    unsigned killed = kill_tree(dir);
    int rc = wait_empty(dir, 2000) == 0 ? remove_tree(dir) : EBUSY;
    char q[WUDF_PATH_MAX + 8];
    wudf_log(rc ? WUDF_LOG_WARN : WUDF_LOG_INFO, "host-group-stale", "path=%s killed=%u removed=%s",
             wudf_log_quote(q, sizeof q, dir), killed, rc ? "no" : "yes");
}

void wudf_host_groups_open(const char *state_dir, char *applied, size_t size)
{
    char base[WUDF_PATH_MAX], why[WUDF_PATH_MAX + 100], q[WUDF_PATH_MAX + 120];
    char *real = realpath(state_dir, NULL);
    uint64_t hash = name_hash(real ? real : state_dir);
    free(real);
    if (own_cgroup(base, sizeof base, why, sizeof why) == 0) {
        int w = snprintf(groups.dir, sizeof groups.dir, "%s/wudfrd.%016llx", base, (unsigned long long)hash);
        if (w < 0 || (size_t)w >= sizeof groups.dir)
            snprintf(why, sizeof why, "the cgroup path is too long");
        else {
            remove_stale(groups.dir);
            if (mkdir(groups.dir, 0755) == 0 || errno == EEXIST)
                groups.on = 1;
            else
                snprintf(why, sizeof why, "cannot create %s: %s", groups.dir, strerror(errno));
        }
    }
    if (groups.on)
        snprintf(applied, size, "mode=cgroup path=%s", wudf_log_quote(q, sizeof q, groups.dir));
    else
        snprintf(applied, size, "mode=process-group reason=%s", wudf_log_quote(q, sizeof q, why));
}

void wudf_host_groups_close(void)
{
    if (!groups.on)
        return;
    kill_tree(groups.dir);
    int rc = wait_empty(groups.dir, 2000) == 0 ? remove_tree(groups.dir) : EBUSY;
    if (rc) {
        char q[WUDF_PATH_MAX + 8];
        wudf_log(WUDF_LOG_WARN, "host-group-left", "path=%s reason=%s", wudf_log_quote(q, sizeof q, groups.dir),
                 strerror(rc));
    }
    memset(&groups, 0, sizeof groups);
}

/* Moves the host into a cgroup of its own before it can load a driver; the group may have been
 * removed as stale by another reflector's start while it stood empty, so it is made again. */
static int join_cgroup(int64_t pid, char *why, size_t size)
{
    char dir[WUDF_PATH_MAX + 32], procs[WUDF_PATH_MAX + 48], text[32];
    host_dir(dir, sizeof dir, pid);
    snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
    snprintf(text, sizeof text, "%lld", (long long)pid);
    int rc = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (mkdir(dir, 0755) != 0 && errno == ENOENT)
            mkdir(groups.dir, 0755);
        else if ((rc = write_text(procs, text)) == 0)
            return 0;
        else
            break;
    }
    rc = rc ? rc : errno;
    snprintf(why, size, "cannot move pid %lld into %s: %s", (long long)pid, dir, strerror(rc));
    rmdir(dir);
    return -1;
}

int wudf_host_group_attach(wudf_host_group *group, uv_process_t *process, wudf_error *err)
{
    (void)err;
    group->leader = process->pid;
    group->job = NULL;
    group->cgroup = 0;
    if (!groups.on)
        return 0;
    retry_pending();
    char why[WUDF_PATH_MAX + 200], q[WUDF_PATH_MAX + 220];
    if (join_cgroup(group->leader, why, sizeof why) == 0)
        group->cgroup = 1;
    else /* its process group still holds what it starts, as without cgroups */
        wudf_log(WUDF_LOG_WARN, "host-group-failed", "pid=%lld reason=%s", (long long)group->leader,
                 wudf_log_quote(q, sizeof q, why));
    return 0;
}

void wudf_host_group_kill(wudf_host_group *group)
{
    /* The leader's pid stays the group's id while any member lives, so this finds only them. */
    if (group->leader > 0)
        kill(-(pid_t)group->leader, SIGKILL);
    if (group->cgroup) {
        char dir[WUDF_PATH_MAX + 32];
        host_dir(dir, sizeof dir, group->leader);
        kill_tree(dir);
    }
}

void wudf_host_group_release(wudf_host_group *group)
{
    wudf_host_group_kill(group);
    if (group->cgroup) {
        char dir[WUDF_PATH_MAX + 32];
        host_dir(dir, sizeof dir, group->leader);
        /* What was killed just now may not have died yet: its cgroup goes later. */
        for (size_t i = 0; rmdir(dir) != 0 && errno == EBUSY && i < PENDING_MAX; i++)
            if (!groups.pending[i]) {
                groups.pending[i] = group->leader;
                break;
            }
    }
    group->leader = 0;
    group->cgroup = 0;
}

#else /* other Unix systems: process groups only */

void wudf_host_groups_open(const char *state_dir, char *applied, size_t size)
{
    (void)state_dir;
    snprintf(applied, size, "mode=process-group reason=\"no cgroups on this system\"");
}

void wudf_host_groups_close(void)
{
}

int wudf_host_group_attach(wudf_host_group *group, uv_process_t *process, wudf_error *err)
{
    (void)err;
    group->leader = process->pid;
    group->job = NULL;
    group->cgroup = 0;
    return 0;
}

void wudf_host_group_kill(wudf_host_group *group)
{
    if (group->leader > 0)
        kill(-(pid_t)group->leader, SIGKILL);
}

void wudf_host_group_release(wudf_host_group *group)
{
    wudf_host_group_kill(group);
    group->leader = 0;
}

#endif
