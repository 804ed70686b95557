/*
 * I/O on the FUSE device files. Each open file is one internal client
 * connection of the reflector (wudf_conn_new_internal) carrying the opener's
 * identity, so the reflector checks the device's ACL at CREATE exactly as for
 * a client of the library, and closing the connection at release runs the
 * driver's cleanup and close. read, write and ioctl become READ, WRITE and
 * DEVICE_CONTROL IRPs; the kernel's request is answered when the IRP
 * completes (the sink's deliver), and a signal that interrupts the caller
 * becomes a CANCEL of that IRP.
 */
#include "fuse_endpoint.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "openwudf/devctl.h"

#define FILE_ID 1u /* the one file of each connection */

typedef struct ffile ffile;

/* A kernel request waiting for its IRP's completion. */
typedef struct fop {
    struct fop *next;
    ffile *file;
    fuse_req_t req;
    uint64_t irp_id;
    uint8_t major;
    uint32_t size;               /* READ: bytes asked; WRITE: bytes offered */
    uint32_t ioctl_code, input_length, output_length, ctl_flags; /* DEVICE_CONTROL */
    int interrupted;
    int open_flags;              /* CREATE: the caller's open flags */
} fop;

struct ffile {
    wudf_list link;              /* all files, until both the kernel and the connection let go */
    wudf_conn *conn;             /* NULL once the connection is closed */
    fop *ops;
    uint64_t next_irp;
    int kernel_done;             /* released by the kernel, or never handed to it */
    int close_due;               /* close the connection from the timer (not inside a delivery) */
    char name[600];              /* what the CREATE names: a link, or an interface's path */
    char device[300];
};

static struct {
    wudf_list files;
    uv_timer_t closer;
    int ready;
} io;

/* The errno a caller sees for an NTSTATUS: one table, documented in docs/fuse.md. */
int wudf_fuse_errno(int32_t status)
{
    /* NT_SUCCESS, informational and warning statuses all carry a result. */
    if ((uint32_t)status < 0xC0000000u)
        return 0;
    switch (status) {
    case WUDF_STATUS_CANCELLED: return EINTR;
    case WUDF_STATUS_DRIVER_PROCESS_TERMINATED: return ECONNABORTED; /* the host died */
    case WUDF_STATUS_ACCESS_DENIED: return EACCES;
    case WUDF_STATUS_OBJECT_NAME_NOT_FOUND: return ENOENT;
    case WUDF_STATUS_NO_SUCH_DEVICE: return ENXIO; /* installed but not started */
    case WUDF_STATUS_DEVICE_NOT_READY: return EAGAIN; /* starting or restarting */
    case WUDF_STATUS_INVALID_DEVICE_STATE: return EBUSY;
    case WUDF_STATUS_INVALID_HANDLE: return EBADF; /* the device was removed */
    case WUDF_STATUS_INSUFFICIENT_RESOURCES: return ENOMEM;
    case WUDF_STATUS_INVALID_PARAMETER: return EINVAL;
    case WUDF_STATUS_INVALID_DEVICE_REQUEST: return EOPNOTSUPP;
    case WUDF_STATUS_NOT_SUPPORTED: return EOPNOTSUPP;
    case WUDF_STATUS_NOT_IMPLEMENTED: return EOPNOTSUPP;
    case WUDF_STATUS_BUFFER_TOO_SMALL: return ENOSPC;
    case WUDF_STATUS_IO_TIMEOUT: return ETIMEDOUT;
    default: return EIO;
    }
}

static void file_free_if_done(ffile *f)
{
    if (f->kernel_done && !f->conn) {
        wudf_list_remove(&f->link);
        free(f);
    }
}

static void on_closer(uv_timer_t *t)
{
    (void)t;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &io.files) {
        ffile *f = WUDF_CONTAINER_OF(pos, ffile, link);
        if (f->close_due && f->conn) {
            f->close_due = 0;
            wudf_conn_close(f->conn, NULL); /* gone() frees f when the kernel is done with it */
        }
    }
}

/* Closing inside a delivery would pull the connection from under the reflector's own code. */
static void close_later(ffile *f)
{
    f->close_due = 1;
    uv_timer_start(&io.closer, on_closer, 0, 0);
}

static fop *op_take(ffile *f, uint64_t irp_id)
{
    for (fop **pp = &f->ops; *pp; pp = &(*pp)->next) {
        if ((*pp)->irp_id == irp_id) {
            fop *o = *pp;
            *pp = o->next;
            return o;
        }
    }
    return NULL;
}

static fop *op_find(const ffile *f, uint64_t irp_id)
{
    for (fop *p = f->ops; p; p = p->next)
        if (p->irp_id == irp_id)
            return p;
    return NULL;
}

static void on_interrupt(fuse_req_t req, void *data)
{
    (void)req;
    fop *o = data;
    ffile *f = o->file;
    if (o->interrupted || !f->conn)
        return;
    o->interrupted = 1;
    wudf_log(WUDF_LOG_INFO, "fuse-cancel", "device=%s irp=%s", f->device, wudf_irp_major_name(o->major));
    /* Only forwards a CANCEL to the host: no completion can be delivered from inside this call. */
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_CANCEL);
    m.irp_id = o->irp_id;
    wudf_io_client_message(f->conn, &m);
}

/* Sends an IRP for a new op; the answer may come before this returns. */
static void op_send(ffile *f, fop *o, wudf_msg *m)
{
    o->file = f;
    o->irp_id = m->irp_id = ++f->next_irp;
    o->major = m->major;
    o->next = f->ops;
    f->ops = o;
    uint64_t id = o->irp_id;
    uint8_t major = o->major;
    wudf_io_client_message(f->conn, m);
    /* Only while the op is still pending (o may be gone): a reply frees the kernel request. */
    if (major != WUDF_IRP_MJ_CREATE && (o = op_find(f, id)) != NULL)
        fuse_req_interrupt_func(o->req, on_interrupt, o);
}

static void reply_open(ffile *f, fop *o, const wudf_msg *msg)
{
    int e = wudf_fuse_errno(msg->status);
    char q[2 * sizeof ((ffile *)0)->name + 3];
    wudf_log(e ? WUDF_LOG_WARN : WUDF_LOG_INFO, "fuse-open", "device=%s name=%s status=0x%08x errno=%d",
             f->device, wudf_log_quote(q, sizeof q, f->name), (unsigned)msg->status, e);
    if (!e) {
        struct fuse_file_info fi;
        memset(&fi, 0, sizeof fi);
        fi.flags = o->open_flags;
        fi.fh = (uint64_t)(uintptr_t)f;
        /* Every read()/write() goes to the driver as it is: no page cache, no seeking. */
        fi.direct_io = 1;
        fi.nonseekable = 1;
        /* No FLUSH at each close(): nothing is buffered here (release runs cleanup and close). */
        fi.noflush = 1;
        if (fuse_reply_open(o->req, &fi) == 0)
            return;
        /* The caller is gone (killed during the open): the kernel will not release this file. */
    } else {
        fuse_reply_err(o->req, e);
    }
    f->kernel_done = 1;
    close_later(f);
}

static void reply_devctl(fop *o, const wudf_msg *msg)
{
    static struct wudf_devctl out; /* one reply at a time: the loop has one thread */
    memset(&out, 0, sizeof out);
    out.ioctl_code = o->ioctl_code;
    out.input_length = o->input_length;
    out.output_length = o->output_length;
    out.flags = o->ctl_flags;
    out.status = msg->status;
    uint32_t n = msg->payload_length < o->output_length ? msg->payload_length : o->output_length;
    out.information = msg->information < o->output_length ? msg->information : o->output_length;
    if (n)
        memcpy(out.data, msg->payload, n);
    fuse_reply_ioctl(o->req, 0, &out, sizeof out);
}

static void deliver(wudf_conn *c, void *ctx, const wudf_msg *msg)
{
    (void)c;
    ffile *f = ctx;
    if (msg->type != WUDF_MSG_COMPLETE)
        return;
    fop *o = op_take(f, msg->irp_id);
    if (!o)
        return;
    int e = wudf_fuse_errno(msg->status);
    /* A signal's cancel that the driver honoured is the caller's EINTR, whatever it asked for. */
    if (o->interrupted && e == EINTR) {
        fuse_reply_err(o->req, EINTR);
        free(o);
        return;
    }
    switch (o->major) {
    case WUDF_IRP_MJ_CREATE:
        reply_open(f, o, msg);
        break;
    case WUDF_IRP_MJ_READ:
        if (e)
            fuse_reply_err(o->req, e);
        else
            fuse_reply_buf(o->req, (const char *)msg->payload,
                           msg->payload_length < o->size ? msg->payload_length : o->size);
        break;
    case WUDF_IRP_MJ_WRITE:
        if (e)
            fuse_reply_err(o->req, e);
        else
            fuse_reply_write(o->req, msg->information < o->size ? (size_t)msg->information : o->size);
        break;
    default:
        if (e && !(o->ctl_flags & WUDF_DEVCTL_F_STATUS))
            fuse_reply_err(o->req, e);
        else
            reply_devctl(o, msg);
        break;
    }
    free(o);
}

static void gone(wudf_conn *c, void *ctx)
{
    (void)c;
    ffile *f = ctx;
    f->conn = NULL;
    /* The reflector let go of the connection (our release, or its shutdown): whatever is still
     * waiting will never complete. */
    while (f->ops) {
        fop *o = f->ops;
        f->ops = o->next;
        fuse_reply_err(o->req, ENXIO);
        free(o);
    }
    file_free_if_done(f);
}

static const wudf_conn_sink sink = {deliver, gone};

static ffile *file_of(fuse_req_t req, struct fuse_file_info *fi)
{
    ffile *f = (ffile *)(uintptr_t)fi->fh;
    if (!f || !f->conn) {
        fuse_reply_err(req, f ? ENXIO : EBADF);
        return NULL;
    }
    return f;
}

static fop *op_new(fuse_req_t req)
{
    fop *o = calloc(1, sizeof *o);
    if (!o)
        fuse_reply_err(req, ENOMEM);
    else
        o->req = req;
    return o;
}

void wudf_fuse_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    char name[sizeof ((ffile *)0)->name];
    wudf_devnode *d = NULL;
    int e = wudf_fuse_node_target(ino, name, sizeof name, &d);
    if (e) {
        fuse_reply_err(req, e);
        return;
    }
    if (wudf_fuse_stopping()) {
        fuse_reply_err(req, ENXIO);
        return;
    }
    /* The opener's identity, as the kernel saw it, is what the device's ACL is checked against. */
    const struct fuse_ctx *ctx = fuse_req_ctx(req);
    wudf_peer peer;
    memset(&peer, 0, sizeof peer);
    peer.pid = ctx->pid;
    peer.uid = ctx->uid;
    peer.gid = ctx->gid;
    gid_t groups[WUDF_PEER_GROUPS];
    int count = fuse_req_getgroups(req, WUDF_PEER_GROUPS, groups);
    for (int i = 0; i < count && i < WUDF_PEER_GROUPS; i++)
        peer.groups[peer.group_count++] = groups[i];
    ffile *f = calloc(1, sizeof *f);
    fop *o = f ? op_new(req) : NULL;
    if (!f || !o) {
        if (!f)
            fuse_reply_err(req, ENOMEM);
        free(f);
        return;
    }
    snprintf(f->name, sizeof f->name, "%s", name);
    snprintf(f->device, sizeof f->device, "%s", d ? d->instance_id : "-");
    f->conn = wudf_conn_new_internal(g_reflector, &peer, &sink, f);
    if (!f->conn) {
        fuse_reply_err(req, ENOMEM);
        free(o);
        free(f);
        return;
    }
    wudf_list_add_tail(&io.files, &f->link);
    o->open_flags = fi->flags;
    wudf_msg m;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_CREATE, FILE_ID, 0, f->name, (uint32_t)strlen(f->name), 0);
    op_send(f, o, &m);
}

/* One READ or WRITE IRP of the caller's size (direct_io: no page cache in between). */
static void read_write(fuse_req_t req, struct fuse_file_info *fi, uint8_t major, const char *buf, size_t size,
                       off_t off)
{
    ffile *f = file_of(req, fi);
    if (!f)
        return;
    if (size > WUDF_MSG_MAX_PAYLOAD || off < 0) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    fop *o = op_new(req);
    if (!o)
        return;
    o->size = (uint32_t)size;
    wudf_msg m;
    if (major == WUDF_IRP_MJ_READ)
        wudf_msg_init_irp(&m, major, FILE_ID, 0, NULL, 0, (uint32_t)size);
    else
        wudf_msg_init_irp(&m, major, FILE_ID, 0, buf, (uint32_t)size, 0);
    m.offset = (uint64_t)off;
    op_send(f, o, &m);
}

void wudf_fuse_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void)ino;
    read_write(req, fi, WUDF_IRP_MJ_READ, NULL, size, off);
}

void wudf_fuse_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
                     struct fuse_file_info *fi)
{
    (void)ino;
    read_write(req, fi, WUDF_IRP_MJ_WRITE, buf, size, off);
}

void wudf_fuse_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd, void *arg, struct fuse_file_info *fi,
                     unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
    (void)arg;
    if (cmd != (unsigned int)WUDF_DEVCTL || ino == FUSE_ROOT_ID) {
        fuse_reply_err(req, ENOTTY);
        return;
    }
    /* Everything below comes from the caller: the kernel only sized the buffers from cmd. */
    struct wudf_devctl in;
    if ((flags & FUSE_IOCTL_UNRESTRICTED) || in_bufsz != sizeof in || out_bufsz != sizeof in || !in_buf) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    memcpy(&in, in_buf, sizeof in);
    if (in.input_length > WUDF_DEVCTL_DATA_MAX || in.output_length > WUDF_DEVCTL_DATA_MAX ||
        (in.flags & ~WUDF_DEVCTL_F_STATUS) || in.reserved) {
        fuse_reply_err(req, EINVAL);
        return;
    }
    ffile *f = file_of(req, fi);
    if (!f)
        return;
    fop *o = op_new(req);
    if (!o)
        return;
    o->ioctl_code = in.ioctl_code;
    o->input_length = in.input_length;
    o->output_length = in.output_length;
    o->ctl_flags = in.flags;
    wudf_msg m;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_DEVICE_CONTROL, FILE_ID, in.ioctl_code, in.data, in.input_length,
                      in.output_length);
    op_send(f, o, &m);
}

void wudf_fuse_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    (void)fi;
    /* Nothing is buffered here; the driver's cleanup runs at release, when the last descriptor goes. */
    fuse_reply_err(req, 0);
}

void wudf_fuse_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    ffile *f = (ffile *)(uintptr_t)fi->fh;
    fuse_reply_err(req, 0);
    if (!f)
        return;
    f->kernel_done = 1;
    char q[2 * sizeof ((ffile *)0)->name + 3];
    wudf_log(WUDF_LOG_DEBUG, "fuse-close", "device=%s name=%s", f->device, wudf_log_quote(q, sizeof q, f->name));
    if (f->conn)
        wudf_conn_close(f->conn, NULL); /* cleanup then close in the driver; gone() frees f */
    else
        file_free_if_done(f);
}

void wudf_fuse_io_init(uv_loop_t *loop)
{
    wudf_list_init(&io.files);
    uv_timer_init(loop, &io.closer);
    io.ready = 1;
}

void wudf_fuse_io_exit(void)
{
    if (!io.ready)
        return;
    io.ready = 0;
    /* Connections still open (the teardown normally closed them all) go now; files the kernel
     * still holds are forgotten with the session. */
    on_closer(&io.closer);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &io.files) {
        ffile *f = WUDF_CONTAINER_OF(pos, ffile, link);
        f->kernel_done = 1;
        if (f->conn)
            wudf_conn_close(f->conn, NULL);
        else
            file_free_if_done(f);
    }
    uv_close((uv_handle_t *)&io.closer, NULL);
}
