/*
 * The Linux kernel-facing endpoint: a FUSE mount (`wudfrd --mount DIR`) whose
 * root lists one file per symbolic link of every started device, so that
 * unmodified programs reach the drivers with open/read/write/ioctl, and the
 * directory by-interface/ their device interfaces by class (fuse_interface.c).
 *
 * The session runs in the reflector's own libuv loop: a uv_poll on the FUSE
 * descriptor (non-blocking) reads and dispatches one kernel request at a time;
 * answers that need a driver are sent later from fuse_io.c. Names, inodes and
 * attributes are computed from the live device tree with zero cache timeouts,
 * so the kernel asks again every time and nothing needs invalidating.
 */
#include "fuse_endpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"
#include "log.h"

extern char **environ;

#define ROOT_INO FUSE_ROOT_ID
#define BY_INTERFACE_INO (FUSE_ROOT_ID + 1) /* a fixed directory, as the root is */
#define BY_INTERFACE "by-interface"
#define NAME_MAX_LEN WUDF_FUSE_NAME_MAX /* a symbolic link's base name always fits (devnode symlinks are < 128) */
#define READDIR_MAX (1u << 20)

typedef enum node_kind {
    NODE_LINK,      /* in the root: a symbolic link's base name */
    NODE_CLASS,     /* in by-interface/: a directory named by an interface class GUID */
    NODE_INTERFACE  /* in a class directory: an interface's path without \\?\ */
} node_kind;

typedef struct node {
    wudf_list link;
    fuse_ino_t ino;
    fuse_ino_t parent;      /* the directory it was looked up in */
    node_kind kind;
    uint64_t nlookup;       /* the kernel's references; freed at 0 (FORGET) */
    char name[NAME_MAX_LEN + 1];
} node;

static struct {
    wudf_reflector *r;
    struct fuse_session *se;
    uv_poll_t poll;
    int polling;
    struct fuse_buf buf;
    char mountpoint[WUDF_PATH_MAX];
    int stopping;
    wudf_list nodes;
    fuse_ino_t next_ino;
    time_t mounted_at;
    char last_message[256]; /* libfuse's last complaint, for the start-up error */
} fs;

/* --- names from the device tree ---------------------------------------------------------------- */

/* A base name that can be a file in one directory: no separators, not "." or "..". */
static int file_name_ok(const char *name)
{
    size_t n = strlen(name);
    return n > 0 && n <= NAME_MAX_LEN && !strpbrk(name, "/\\") && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static int listed(const wudf_devnode *d)
{
    return !d->removed && d->state == WUDF_DN_STARTED;
}

/* The file name of symbolic link i of d, or NULL if it cannot be one. */
static const char *link_file(const wudf_devnode *d, unsigned i)
{
    const char *base = wudf_link_base(d->symlinks[i]);
    return file_name_ok(base) ? base : NULL;
}

/* The started devnode with a symbolic link named name (case-insensitive, as Windows), and the
 * link's own spelling in *spelling. */
static wudf_devnode *find_started(const char *name, const char **spelling)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &fs.r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (!listed(d))
            continue;
        for (unsigned i = 0; i < d->symlink_count && i < WUDF_MAX_SYMLINKS; i++) {
            const char *base = link_file(d, i);
            if (base && strcasecmp(base, name) == 0) {
                if (spelling)
                    *spelling = base;
                return d;
            }
        }
    }
    return NULL;
}

int wudf_fuse_stopping(void)
{
    return fs.stopping;
}

/* Calls fn for every file of the root in listing order, each name once; stops when fn returns
 * non-zero. */
static void each_file(int (*fn)(const char *name, void *ctx), void *ctx)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &fs.r->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (!listed(d))
            continue;
        for (unsigned i = 0; i < d->symlink_count && i < WUDF_MAX_SYMLINKS; i++) {
            const char *base = link_file(d, i);
            const char *first = NULL;
            /* Two links (or devices) with one name: the first wins, as it does at open; by-interface/
             * wins over a link of its name. */
            if (base && strcasecmp(base, BY_INTERFACE) != 0 && find_started(base, &first) == d && first == base &&
                fn(base, ctx))
                return;
        }
    }
}

/* --- inodes ------------------------------------------------------------------------------------ */

static node *node_by_ino(fuse_ino_t ino)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &fs.nodes) {
        node *n = WUDF_CONTAINER_OF(pos, node, link);
        if (n->ino == ino)
            return n;
    }
    return NULL;
}

static node *node_by_name(fuse_ino_t parent, const char *name)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &fs.nodes) {
        node *n = WUDF_CONTAINER_OF(pos, node, link);
        if (n->parent == parent && strcasecmp(n->name, name) == 0)
            return n;
    }
    return NULL;
}

static int fixed_dir(fuse_ino_t ino)
{
    return ino == ROOT_INO || ino == BY_INTERFACE_INO;
}

int wudf_fuse_node_target(fuse_ino_t ino, char *name, size_t size, wudf_devnode **device)
{
    node *n = fixed_dir(ino) ? NULL : node_by_ino(ino);
    *device = NULL;
    if (!n || n->kind == NODE_CLASS)
        return n || fixed_dir(ino) ? EISDIR : ENOENT;
    if (n->kind == NODE_LINK) {
        snprintf(name, size, "%s", n->name);
        *device = find_started(n->name, NULL);
        return 0;
    }
    /* The interface's own path: the reflector finds the device by it, as CreateFile does on Windows. */
    snprintf(name, size, "\\\\?\\%s", n->name);
    node *class = node_by_ino(n->parent);
    char spelling[NAME_MAX_LEN + 1];
    *device = class ? wudf_fuse_interface_find(class->name, n->name, spelling, sizeof spelling) : NULL;
    return 0;
}

/* What name in directory parent stands for now: 1 with its spelling and kind (BY_INTERFACE_INO's name
 * gives kind NODE_CLASS with *fixed set), 0 for nothing. */
static int resolve(fuse_ino_t parent, const char *name, char *spelling, size_t size, node_kind *kind, int *fixed)
{
    const char *base = NULL;
    *fixed = 0;
    if (strlen(name) > NAME_MAX_LEN)
        return 0;
    if (parent == ROOT_INO && strcasecmp(name, BY_INTERFACE) == 0) {
        *kind = NODE_CLASS;
        *fixed = 1;
        return 1;
    }
    if (parent == ROOT_INO) {
        if (!file_name_ok(name) || !find_started(name, &base))
            return 0;
        snprintf(spelling, size, "%s", base);
        *kind = NODE_LINK;
        return 1;
    }
    char guid[WUDF_INF_GUID_SIZE];
    if (parent == BY_INTERFACE_INO) {
        if (wudf_fuse_interface_class(name, guid))
            return 0;
        snprintf(spelling, size, "%s", guid);
        *kind = NODE_CLASS;
        return 1;
    }
    node *dir = node_by_ino(parent);
    *kind = NODE_INTERFACE;
    return dir && dir->kind == NODE_CLASS && wudf_fuse_interface_find(dir->name, name, spelling, size);
}

/* Inode numbers of files not looked up yet (readdir's d_ino): a name hash kept apart from the
 * sequential numbers of looked-up nodes. */
static fuse_ino_t name_hash_ino(const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = name; *p; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        h = (h ^ (unsigned char)c) * 1099511628211ull;
    }
    return (fuse_ino_t)(h | (1ull << 63));
}

static void fill_attr(struct stat *st, fuse_ino_t ino, int dir)
{
    memset(st, 0, sizeof *st);
    st->st_ino = ino;
    /* Files are 0666: the device's ACL, checked by the reflector at open, decides. */
    st->st_mode = dir ? S_IFDIR | 0755 : S_IFREG | 0666;
    st->st_nlink = dir ? 2 : 1;
    st->st_uid = geteuid();
    st->st_gid = getegid();
    st->st_atime = st->st_mtime = st->st_ctime = fs.mounted_at;
}

static void fs_init(void *userdata, struct fuse_conn_info *conn)
{
    (void)userdata;
    /* One read()/write() of up to max_write bytes is one IRP; larger ones are split by the kernel,
     * and the pieces must reach the driver one after the other, in order. */
    conn->want &= ~(unsigned)FUSE_CAP_ASYNC_DIO;
}

static void fs_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
    char spelling[NAME_MAX_LEN + 1];
    node_kind kind;
    int fixed;
    if (!resolve(parent, name, spelling, sizeof spelling, &kind, &fixed)) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    struct fuse_entry_param e;
    memset(&e, 0, sizeof e);
    e.generation = 1;
    if (fixed) {
        e.ino = BY_INTERFACE_INO;
        fill_attr(&e.attr, e.ino, 1);
        fuse_reply_entry(req, &e);
        return;
    }
    node *n = node_by_name(parent, spelling);
    if (!n) {
        n = calloc(1, sizeof *n);
        if (!n) {
            fuse_reply_err(req, ENOMEM);
            return;
        }
        n->ino = ++fs.next_ino;
        n->parent = parent;
        n->kind = kind;
        snprintf(n->name, sizeof n->name, "%s", spelling);
        wudf_list_add_tail(&fs.nodes, &n->link);
    }
    e.ino = n->ino;
    fill_attr(&e.attr, n->ino, n->kind == NODE_CLASS);
    e.attr_timeout = 0;
    e.entry_timeout = 0;
    /* Counted only once the kernel has it: a failed reply (caller gone) takes no reference. */
    if (fuse_reply_entry(req, &e) == 0)
        n->nlookup++;
    else if (n->nlookup == 0) {
        wudf_list_remove(&n->link);
        free(n);
    }
}

static void forget_one(fuse_ino_t ino, uint64_t nlookup)
{
    node *n = fixed_dir(ino) ? NULL : node_by_ino(ino);
    if (!n)
        return;
    n->nlookup = nlookup >= n->nlookup ? 0 : n->nlookup - nlookup;
    if (n->nlookup == 0) {
        wudf_list_remove(&n->link);
        free(n);
    }
}

static void fs_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
    forget_one(ino, nlookup);
    fuse_reply_none(req);
}

static void fs_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
    for (size_t i = 0; i < count; i++)
        forget_one((fuse_ino_t)forgets[i].ino, forgets[i].nlookup);
    fuse_reply_none(req);
}

static void fs_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)fi;
    struct stat st;
    /* A file the kernel still knows keeps its attributes (fstat on an open descriptor works after
     * its device went away); whether the name still exists is lookup's business. */
    node *n = fixed_dir(ino) ? NULL : node_by_ino(ino);
    if (!fixed_dir(ino) && !n) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    fill_attr(&st, ino, !n || n->kind == NODE_CLASS);
    fuse_reply_attr(req, &st, 0);
}

typedef struct listing {
    fuse_req_t req;
    char *buf;
    size_t size, used;
    off_t index, start;
    fuse_ino_t dir;
    int dirs;               /* the entries are directories (class directories) */
} listing;

/* Adds one entry if it is at or past the requested offset; 1 when the buffer is full. */
static int list_add(listing *l, const char *name, fuse_ino_t ino, int dir)
{
    off_t index = l->index++;
    if (index < l->start)
        return 0;
    struct stat st;
    memset(&st, 0, sizeof st);
    st.st_ino = ino;
    st.st_mode = dir ? S_IFDIR : S_IFREG;
    size_t need = fuse_add_direntry(l->req, l->buf + l->used, l->size - l->used, name, &st, index + 1);
    if (need > l->size - l->used)
        return 1;
    l->used += need;
    return 0;
}

static int list_file(const char *name, void *ctx)
{
    listing *l = ctx;
    node *n = node_by_name(l->dir, name);
    return list_add(l, name, n ? n->ino : name_hash_ino(name), l->dirs);
}

static void fs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void)fi;
    node *dir = fixed_dir(ino) ? NULL : node_by_ino(ino);
    if (!fixed_dir(ino) && (!dir || dir->kind != NODE_CLASS)) {
        fuse_reply_err(req, dir ? ENOTDIR : ENOENT);
        return;
    }
    if (off < 0) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    listing l = {req, NULL, size > READDIR_MAX ? READDIR_MAX : size, 0, 0, off, ino, ino == BY_INTERFACE_INO};
    l.buf = malloc(l.size ? l.size : 1);
    if (!l.buf) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    /* Offsets are positions in the listing as it is now: a device that comes or goes between two
     * calls may make one name show twice or not at all, as in any directory that changes. */
    if (!list_add(&l, ".", ino, 1) && !list_add(&l, "..", dir ? BY_INTERFACE_INO : ROOT_INO, 1)) {
        if (ino == ROOT_INO && !list_add(&l, BY_INTERFACE, BY_INTERFACE_INO, 1))
            each_file(list_file, &l);
        else if (ino == BY_INTERFACE_INO)
            wudf_fuse_interface_classes(list_file, &l);
        else if (dir)
            wudf_fuse_interface_files(dir->name, list_file, &l);
    }
    fuse_reply_buf(req, l.buf, l.used);
    free(l.buf);
}

static const struct fuse_lowlevel_ops ops = {
    .init = fs_init,
    .lookup = fs_lookup,
    .forget = fs_forget,
    .forget_multi = fs_forget_multi,
    .getattr = fs_getattr,
    .readdir = fs_readdir,
    .open = wudf_fuse_open,
    .read = wudf_fuse_read,
    .write = wudf_fuse_write,
    .flush = wudf_fuse_flush,
    .release = wudf_fuse_release,
    .ioctl = wudf_fuse_ioctl,
};

/* --- the session in the loop ------------------------------------------------------------------- */

static void stop_polling(void)
{
    if (fs.polling) {
        fs.polling = 0;
        uv_poll_stop(&fs.poll);
        uv_close((uv_handle_t *)&fs.poll, NULL);
    }
}

static void on_fuse_readable(uv_poll_t *p, int status, int events)
{
    (void)p;
    (void)events;
    if (status < 0) {
        wudf_log(WUDF_LOG_ERROR, "fuse-error", "mountpoint=%s status=%s", fs.mountpoint, uv_strerror(status));
        stop_polling();
        return;
    }
    /* A bounded batch, so the rest of the reflector gets its turn under a flood of requests. */
    for (int i = 0; i < 64 && fs.se; i++) {
        int rc = fuse_session_receive_buf(fs.se, &fs.buf);
        if (rc == -EAGAIN)
            return;
        if (rc == -EINTR)
            continue;
        if (rc <= 0) {
            if (fuse_session_exited(fs.se)) {
                /* Unmounted from outside (umount, fusermount3 -u) or the connection aborted. */
                wudf_log(WUDF_LOG_WARN, "fuse-unmounted", "mountpoint=%s reason=external", fs.mountpoint);
                stop_polling();
            } else {
                wudf_log(WUDF_LOG_WARN, "fuse-error", "mountpoint=%s status=%s", fs.mountpoint, strerror(-rc));
            }
            return;
        }
        fuse_session_process_buf(fs.se, &fs.buf);
    }
}

static void on_fuse_log(enum fuse_log_level level, const char *fmt, va_list ap)
{
    char text[sizeof fs.last_message];
    vsnprintf(text, sizeof text, fmt, ap);
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        text[--n] = '\0';
    if (level <= FUSE_LOG_ERR)
        snprintf(fs.last_message, sizeof fs.last_message, "%s", text);
    char q[sizeof text + 16];
    wudf_log(level <= FUSE_LOG_ERR ? WUDF_LOG_WARN : WUDF_LOG_DEBUG, "fuse-lib", "message=%s",
             wudf_log_quote(q, sizeof q, text));
}

/* /dev/fuse must exist and be ours to open, or nothing else can work. */
static int check_dev_fuse(wudf_error *err)
{
    int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
        return wudf_error_set(err, WUDF_ENOTFOUND,
                              "--mount: /dev/fuse is missing (load the fuse module, or give the container the device)");
    return wudf_error_set(err, WUDF_EACCESS, "--mount: cannot open /dev/fuse: %s", strerror(errno));
}

/* Detaches a FUSE mount whose server died (the reflector was killed): stat says ENOTCONN. */
static int detach_stale(const char *path, wudf_error *err)
{
    int rc = -1;
    if (geteuid() == 0) {
        rc = umount2(path, MNT_DETACH);
    } else {
        const char *argv[] = {"fusermount3", "-u", "-z", path, NULL};
        pid_t pid;
        int status = 0;
        if (posix_spawnp(&pid, "fusermount3", NULL, NULL, (char *const *)argv, environ) == 0 && waitpid(pid, &status, 0) == pid &&
            WIFEXITED(status) && WEXITSTATUS(status) == 0)
            rc = 0;
    }
    if (rc)
        return wudf_error_set(err, WUDF_EIO,
                              "--mount: %s is a dead FUSE mount (Transport endpoint is not connected) and cannot be "
                              "detached; run: fusermount3 -u -z %s",
                              path, path);
    char q[WUDF_PATH_MAX + 8];
    wudf_log(WUDF_LOG_WARN, "fuse-stale-mount", "mountpoint=%s action=detached", wudf_log_quote(q, sizeof q, path));
    return 0;
}

/* 1 if a live openwudf mount sits at path (another reflector serves it). */
static int mounted_by_us(const char *path)
{
    FILE *f = setmntent("/proc/self/mounts", "r");
    if (!f)
        return 0;
    int found = 0;
    struct mntent *m;
    while (!found && (m = getmntent(f)) != NULL)
        found = strcmp(m->mnt_dir, path) == 0 && strcmp(m->mnt_type, "fuse.openwudf") == 0;
    endmntent(f);
    return found;
}

static int prepare_mountpoint(const char *given, char *real, wudf_error *err)
{
    struct stat st;
    if (stat(given, &st) != 0 && errno == ENOTCONN) {
        if (detach_stale(given, err))
            return -1;
    }
    if (stat(given, &st) != 0) {
        if (errno == ENOENT)
            return wudf_error_set(err, WUDF_ENOTFOUND, "--mount: mount point %s does not exist", given);
        return wudf_error_set(err, WUDF_EIO, "--mount: cannot use mount point %s: %s", given, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode))
        return wudf_error_set(err, WUDF_EINVAL, "--mount: mount point %s is not a directory", given);
    char buf[PATH_MAX];
    if (!realpath(given, buf))
        return wudf_error_set(err, WUDF_EIO, "--mount: cannot resolve %s: %s", given, strerror(errno));
    if (strlen(buf) >= WUDF_PATH_MAX)
        return wudf_error_set(err, WUDF_ETOOBIG, "--mount: path too long: %s", buf);
    memcpy(real, buf, strlen(buf) + 1);
    if (mounted_by_us(real))
        return wudf_error_set(err, WUDF_EEXIST, "--mount: another wudfrd already serves %s", real);
    return 0;
}

static void session_free(void)
{
    if (fs.se)
        fuse_session_destroy(fs.se);
    fs.se = NULL;
    free(fs.buf.mem);
    memset(&fs.buf, 0, sizeof fs.buf);
}

int wudf_kernel_start(wudf_reflector *r, wudf_error *err)
{
    if (r->config.kernel_bridge)
        return wudf_error_set(err, WUDF_EINVAL, "--kernel: reflector.sys exists only in the Windows build");
    if (!r->config.kernel_mount[0])
        return 0;
    memset(&fs, 0, sizeof fs);
    fs.r = r;
    wudf_list_init(&fs.nodes);
    fs.next_ino = BY_INTERFACE_INO;
    fs.mounted_at = time(NULL);
    fuse_set_log_func(on_fuse_log);
    if (check_dev_fuse(err) || prepare_mountpoint(r->config.kernel_mount, fs.mountpoint, err))
        return -1;
    /* allow_other: every user reaches the files and the device ACL decides at open; only root may
     * ask for it without user_allow_other in /etc/fuse.conf. */
    const char *options = geteuid() == 0 ? "fsname=openwudf,subtype=openwudf,allow_other"
                                         : "fsname=openwudf,subtype=openwudf";
    const char *argv[] = {"wudfrd", "-o", options, NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, (char **)argv); /* copied by fuse_session_new, not written */
    fs.se = fuse_session_new(&args, &ops, sizeof ops, NULL);
    fuse_opt_free_args(&args);
    if (!fs.se)
        return wudf_error_set(err, WUDF_EIO, "--mount: cannot start a FUSE session: %s",
                              fs.last_message[0] ? fs.last_message : "libfuse refused");
    fs.last_message[0] = '\0';
    if (fuse_session_mount(fs.se, fs.mountpoint) != 0) {
        session_free();
        return wudf_error_set(err, WUDF_EACCESS,
                              "--mount: cannot mount FUSE at %s: %s (mounting needs CAP_SYS_ADMIN, or the setuid "
                              "fusermount3)",
                              fs.mountpoint, fs.last_message[0] ? fs.last_message : "not permitted here");
    }
    /* Non-blocking: a wake-up with nothing to read must not stall the loop. Close-on-exec: a host
     * holding the descriptor would keep a dead reflector's mount alive and hanging. */
    int fd = fuse_session_fd(fs.se);
    int flags = fcntl(fd, F_GETFL);
    int rc = flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0
                 ? UV_EINVAL
                 : 0;
    if (!rc)
        rc = uv_poll_init(r->loop, &fs.poll, fd);
    if (!rc) {
        fs.polling = 1;
        rc = uv_poll_start(&fs.poll, UV_READABLE, on_fuse_readable);
    }
    if (rc) {
        stop_polling();
        fuse_session_unmount(fs.se);
        session_free();
        return wudf_error_set(err, WUDF_EIO, "--mount: cannot watch the FUSE session: %s", uv_strerror(rc));
    }
    wudf_fuse_io_init(r->loop);
    char q[WUDF_PATH_MAX + 8];
    wudf_log(WUDF_LOG_INFO, "fuse-mounted", "mountpoint=%s allow_other=%s", wudf_log_quote(q, sizeof q, fs.mountpoint),
             geteuid() == 0 ? "yes" : "no");
    return 0;
}

void wudf_kernel_devnode_changed(wudf_devnode *d)
{
    /* Nothing is cached (zero timeouts) and nothing here points at devnodes: the next lookup or
     * readdir sees the change. */
    (void)d;
}

void wudf_kernel_interface_changed(wudf_devnode *d, const char *guid, const char *reference, int enable)
{
    /* The same: the mount asks the reflector at each lookup. */
    (void)d;
    (void)guid;
    (void)reference;
    (void)enable;
}

void wudf_kernel_devnode_uninstalled(wudf_devnode *d)
{
    (void)d;
}

void wudf_kernel_registry_load(wudf_devnode *d)
{
    (void)d;
}

void wudf_kernel_registry_changed(wudf_devnode *d, const wudf_kv *before, const struct wudf_reg_store *after)
{
    (void)d;
    (void)before;
    (void)after;
}

void wudf_kernel_devicemap_changed(wudf_devnode *d)
{
    /* Linux has no DEVICEMAP: wudfctl property --key map shows it. */
    (void)d;
}

void wudf_kernel_stop(void)
{
    fs.stopping = 1;
}

void wudf_kernel_exit(void)
{
    if (!fs.se)
        return;
    stop_polling();
    wudf_fuse_io_exit();
    /* Lazy for root (MNT_DETACH): a program still holding a file gets ENOTCONN, not a hang. */
    fuse_session_unmount(fs.se);
    session_free();
    while (!wudf_list_empty(&fs.nodes)) {
        node *n = WUDF_CONTAINER_OF(fs.nodes.next, node, link);
        wudf_list_remove(&n->link);
        free(n);
    }
    char q[WUDF_PATH_MAX + 8];
    wudf_log(WUDF_LOG_INFO, "fuse-unmounted", "mountpoint=%s reason=shutdown", wudf_log_quote(q, sizeof q, fs.mountpoint));
    fs.r = NULL;
}
