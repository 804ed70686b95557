/*
 * wudfrd --kernel (Windows): what reflector.sys's packets mean. Each file
 * object an application opens becomes one internal client connection, so
 * access checks, cleanup when the application goes and host recycling work
 * as for clients of the library; completions go back down by kernel_win.c.
 * Devices, links and interfaces are kernel_win_devices.c's.
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "kernel.h"
#include "kernel_win.h"
#include "log.h"
#include "openwudf/kbridge.h"
#include "reflector.h"
#include "wire_bytes.h"

/* A file reflector.sys names that wudfrd does not know. Not STATUS_INVALID_HANDLE, which Wine
 * itself uses for a file object it does not know: each failure says whose it is. */
#define REQ_BUCKETS 1024

typedef struct kfile {
    wudf_list link;
    uint32_t kid;             /* reflector.sys's file id */
    wudf_conn *conn;          /* NULL once closed */
    int closing;              /* closed after its CLOSE completed, or refused */
    int cleaned;              /* a CLEANUP went to the driver */
    wudf_list close_link;
    int close_queued;
    wudf_list reqs;           /* kreq.file_link: what it still owes reflector.sys */
} kfile;

typedef struct kreq {
    wudf_list link;           /* in its bucket of kb.reqs, by kid */
    wudf_list file_link;
    uint64_t kid;             /* reflector.sys's IRP id, also the irp_id on the internal connection */
    kfile *file;
    uint8_t major;
    int internal;             /* made up here: its completion is not reflector.sys's */
} kreq;

static struct {
    wudf_list files;
    wudf_list to_close;
    wudf_list reqs[REQ_BUCKETS];
} kb;

static void on_gone(wudf_conn *c, void *ctx);
static void on_deliver(wudf_conn *c, void *ctx, const wudf_msg *msg);
static const wudf_conn_sink sink = {on_deliver, on_gone};

static void complete_kernel(uint64_t kid, int32_t status, uint64_t information, const uint8_t *data, uint32_t length)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = kid;
    m.status = status;
    m.information = information;
    m.payload = length ? data : NULL;
    m.payload_length = length;
    size_t size;
    wudf_error err;
    uint8_t *bytes = wudf_msg_encode_alloc(&m, &size, &err);
    if (!bytes) {
        wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=encode-failed reason=%s", err.message);
        return;
    }
    kwin_put(bytes, size);
    free(bytes);
}

static wudf_list *bucket(uint64_t kid)
{
    return &kb.reqs[kid % REQ_BUCKETS];
}

static kreq *find_req(uint64_t kid)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, bucket(kid)) {
        kreq *q = WUDF_CONTAINER_OF(pos, kreq, link);
        if (q->kid == kid)
            return q;
    }
    return NULL;
}

/* Records an IRP sent on f's connection; NULL when out of memory. */
static kreq *req_add(kfile *f, uint64_t kid, uint8_t major, int internal)
{
    kreq *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->kid = kid;
    q->file = f;
    q->major = major;
    q->internal = internal;
    wudf_list_add_tail(bucket(kid), &q->link);
    wudf_list_add_tail(&f->reqs, &q->file_link);
    return q;
}

static void req_free(kreq *q)
{
    wudf_list_remove(&q->link);
    wudf_list_remove(&q->file_link);
    free(q);
}

static kfile *find_file(uint32_t kid)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &kb.files) {
        kfile *f = WUDF_CONTAINER_OF(pos, kfile, link);
        if (f->kid == kid)
            return f;
    }
    return NULL;
}

/* The connection of a file closes outside the reflector's own calls (deliver runs inside them). */
static void close_later(kfile *f)
{
    if (f->close_queued)
        return;
    f->close_queued = 1;
    wudf_list_add_tail(&kb.to_close, &f->close_link);
    kwin_wake();
}

static void on_deliver(wudf_conn *c, void *ctx, const wudf_msg *msg)
{
    (void)c;
    kfile *f = ctx;
    if (msg->type != WUDF_MSG_COMPLETE)
        return;
    kreq *q = find_req(msg->irp_id);
    if (!q || q->file != f)
        return;
    uint8_t major = q->major;
    int internal = q->internal;
    req_free(q);
    if (internal)
        return;
    complete_kernel(msg->irp_id, msg->status, msg->information, msg->payload, msg->payload_length);
    if ((major == WUDF_IRP_MJ_CREATE && msg->status < 0) || major == WUDF_IRP_MJ_CLOSE) {
        f->closing = 1;
        close_later(f);
    }
}

/* The connection closed: what it still owed reflector.sys fails. */
static void on_gone(wudf_conn *c, void *ctx)
{
    (void)c;
    kfile *f = ctx;
    f->conn = NULL;
    while (!wudf_list_empty(&f->reqs)) {
        kreq *q = WUDF_CONTAINER_OF(f->reqs.next, kreq, file_link);
        int teardown = q->major == WUDF_IRP_MJ_CLEANUP || q->major == WUDF_IRP_MJ_CLOSE;
        if (!q->internal)
            complete_kernel(q->kid, teardown ? WUDF_STATUS_SUCCESS : WUDF_STATUS_DRIVER_PROCESS_TERMINATED, 0, NULL,
                            0);
        req_free(q);
    }
    if (f->close_queued)
        wudf_list_remove(&f->close_link);
    wudf_list_remove(&f->link);
    free(f);
}

static wudf_devnode *devnode_of(uint32_t handle)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &g_reflector->devnodes) {
        wudf_devnode *d = WUDF_CONTAINER_OF(pos, wudf_devnode, link);
        if (d->handle == handle)
            return d;
    }
    return NULL;
}

static void on_create(wudf_msg *msg)
{
    wudf_devnode *d = devnode_of(msg->device_id);
    char name[1200];
    size_t skip = 0;
    const char *opened = (const char *)msg->payload;
    const char *base = d ? kwin_device_open_name(d, opened, msg->payload_length, &skip) : NULL;
    if (!base || find_file(msg->file_id) || g_reflector->shutting_down) {
        complete_kernel(msg->irp_id, find_file(msg->file_id) ? WUDF_STATUS_FILE_INVALID : WUDF_STATUS_NO_SUCH_DEVICE, 0,
                        NULL, 0);
        return;
    }
    int n = snprintf(name, sizeof name, "%s%.*s", base, (int)(msg->payload_length - skip), opened + skip);
    kfile *f = calloc(1, sizeof *f);
    if (n < 0 || (size_t)n >= sizeof name || !f) {
        free(f);
        complete_kernel(msg->irp_id, n < 0 || (size_t)n >= sizeof name ? WUDF_STATUS_OBJECT_NAME_NOT_FOUND
                                                                         : WUDF_STATUS_INSUFFICIENT_RESOURCES,
                        0, NULL, 0);
        return;
    }
    /* The kernel admitted the caller; Wine does not say who it is (IoGetRequestorProcessId is not
     * implemented), so the open is made with wudfrd's own identity. */
    wudf_peer peer;
    wudf_peer_from_pid((uint32_t)GetCurrentProcessId(), &peer);
    peer.pid = 0; /* the driver is told of no requestor rather than of wudfrd (GetRequestorProcessId 0) */
    f->kid = msg->file_id;
    wudf_list_init(&f->reqs);
    wudf_list_add_tail(&kb.files, &f->link);
    f->conn = wudf_conn_new_internal(g_reflector, &peer, &sink, f);
    if (!f->conn) {
        wudf_peer_release(&peer);
        wudf_list_remove(&f->link);
        free(f);
        complete_kernel(msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
        return;
    }
    if (!req_add(f, msg->irp_id, WUDF_IRP_MJ_CREATE, 0)) {
        wudf_conn_close(f->conn, NULL); /* on_gone frees f */
        complete_kernel(msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
        return;
    }
    wudf_log(WUDF_LOG_DEBUG, "kernel-open", "device=%s file=%u irp=%llu", d->instance_id, (unsigned)msg->file_id,
             (unsigned long long)msg->irp_id);
    msg->file_id = 1;
    msg->offset = 0;
    msg->device_id = 0;
    msg->payload = (const uint8_t *)name;
    msg->payload_length = msg->input_length = (uint32_t)n;
    wudf_io_client_message(f->conn, msg);
}

/* Wine sends IRP_MJ_CLOSE without IRP_MJ_CLEANUP; the driver gets both, in order, as on Windows. */
static void cleanup_first(kfile *f, uint64_t close_id)
{
    /* reflector.sys's ids never reach the top bit */
    kreq *q = req_add(f, close_id | (1ull << 63), WUDF_IRP_MJ_CLEANUP, 1);
    if (!q)
        return;
    f->cleaned = 1;
    wudf_msg m;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_CLEANUP, 1, 0, NULL, 0, 0);
    m.irp_id = q->kid;
    wudf_io_client_message(f->conn, &m);
}

static void on_packet(wudf_msg *msg)
{
    if (msg->type == WUDF_MSG_CANCEL) {
        kreq *q = find_req(msg->irp_id);
        if (q && q->file->conn)
            wudf_io_client_message(q->file->conn, msg);
        return;
    }
    if (msg->type != WUDF_MSG_IRP) {
        wudf_log(WUDF_LOG_WARN, "kernel-bridge", "status=unexpected-message type=%u", (unsigned)msg->type);
        return;
    }
    if (find_req(msg->irp_id)) {
        wudf_log(WUDF_LOG_WARN, "kernel-bridge", "status=duplicate-irp irp=%llu", (unsigned long long)msg->irp_id);
        return;
    }
    if (msg->major == WUDF_IRP_MJ_CREATE) {
        on_create(msg);
        return;
    }
    kfile *f = find_file(msg->file_id);
    if (!f || !f->conn || f->closing) {
        int teardown = msg->major == WUDF_IRP_MJ_CLEANUP || msg->major == WUDF_IRP_MJ_CLOSE;
        wudf_log(WUDF_LOG_DEBUG, "kernel-irp-refused", "file=%u irp=%llu major=%s known=%d", (unsigned)msg->file_id,
                 (unsigned long long)msg->irp_id, wudf_irp_major_name(msg->major), f != NULL);
        complete_kernel(msg->irp_id, teardown ? WUDF_STATUS_SUCCESS : WUDF_STATUS_FILE_INVALID, 0, NULL, 0);
        return;
    }
    if (msg->major == WUDF_IRP_MJ_CLEANUP)
        f->cleaned = 1;
    if (msg->major == WUDF_IRP_MJ_CLOSE && !f->cleaned)
        cleanup_first(f, msg->irp_id);
    if (!req_add(f, msg->irp_id, msg->major, 0)) {
        complete_kernel(msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
        return;
    }
    msg->file_id = 1;
    msg->device_id = 0;
    wudf_io_client_message(f->conn, msg);
}

void kwin_take_packets(const uint8_t *data, size_t length)
{
    size_t at = 0;
    while (at < length) {
        uint32_t size;
        wudf_msg msg;
        wudf_error err;
        if (wudf_msg_peek_size(data + at, length - at, &size, &err) || size > length - at ||
            wudf_msg_decode(data + at, size, &msg, &err)) {
            char q[300];
            wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=malformed-packet reason=%s",
                     wudf_log_quote(q, sizeof q, err.message));
            return;
        }
        on_packet(&msg);
        at += size;
    }
}

void kwin_after_packets(void)
{
    kwin_devices_after_packets();
    while (!wudf_list_empty(&kb.to_close)) {
        kfile *f = WUDF_CONTAINER_OF(kb.to_close.next, kfile, close_link);
        wudf_list_remove(&f->close_link);
        f->close_queued = 0;
        if (f->conn)
            wudf_conn_close(f->conn, NULL); /* on_gone frees f */
    }
}

void kwin_files_init(void)
{
    wudf_list_init(&kb.files);
    wudf_list_init(&kb.to_close);
    kwin_devices_init();
    for (size_t i = 0; i < REQ_BUCKETS; i++)
        wudf_list_init(&kb.reqs[i]);
}

void kwin_files_exit(void)
{
    kwin_devices_exit();
}
