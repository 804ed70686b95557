/*
 * wudfrd's side of reflector.sys (Windows, --kernel): unmodified programs
 * open \\.\Echo0 and their IRPs arrive here as packets. Each file object an
 * application opens becomes one internal client connection, so access
 * checks, cleanup on exit and host recycling work as for library clients.
 *
 * Threads: two receivers keep a TRANSACT without input pending each; a
 * sender hands completions and device changes down. They only move bytes;
 * the loop thread decodes and acts (uv_async).
 */
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "log.h"
#include "openwudf/kbridge.h"
#include "reflector.h"
#include "wire_bytes.h"

#define RECEIVERS 2
/* A file reflector.sys names that wudfrd does not know. Not STATUS_INVALID_HANDLE: that one is
 * Wine's when it has lost a fresh file object (docs/reflector-sys.md), and the two must differ. */
#define KB_STATUS_FILE_INVALID ((int32_t)0xC0000098u)
#define REQ_BUCKETS 1024
#define LINK_NAME_MAX 64

typedef struct kfile {
    wudf_list link;
    uint32_t kid;             /* reflector.sys's file id */
    wudf_conn *conn;          /* NULL once closed */
    int closing;              /* closed after its CLOSE completed, or refused */
    int cleaned;              /* a CLEANUP went to the driver */
    wudf_list close_link;
    int close_queued;
} kfile;

typedef struct kreq {
    wudf_list link;
    uint64_t kid;             /* reflector.sys's IRP id, also the irp_id on the internal connection */
    kfile *file;
    uint8_t major;
    int internal;             /* made up here: its completion is not reflector.sys's */
} kreq;

typedef struct kdev {
    wudf_list link;
    uint32_t handle;
    char links[WUDF_MAX_SYMLINKS][128];
    unsigned link_count;
} kdev;

/* A link whose creation is logged once reflector.sys has taken the message that makes it. */
typedef struct link_note {
    wudf_list link;
    uint64_t seq;
    char device[300];
    char name[160];
} link_note;

typedef struct inbox_item {
    struct inbox_item *next;
    uint64_t seq;             /* of its batch, once read */
    DWORD length;
    uint8_t data[];
} inbox_item;

static struct {
    int active;
    HANDLE device;
    uv_async_t wake;
    uv_mutex_t lock;          /* inbox, outbox, stopping */
    uv_cond_t outbox_ready;
    inbox_item *inbox_head, *inbox_tail;
    inbox_item *early;        /* batches ahead of next_batch, by sequence (loop thread) */
    uint64_t next_batch;
    uint8_t *outbox;
    size_t out_length, out_capacity;
    uint64_t out_seq;         /* messages put in the outbox so far */
    uint64_t done_seq;        /* all messages up to this one are in reflector.sys */
    int stopping;
    uv_thread_t threads[RECEIVERS + 1];
    int thread_count;
    wudf_list files;
    wudf_list to_close;
    wudf_list devices;
    wudf_list notes;
    wudf_list reqs[REQ_BUCKETS];
} kb;

static void on_gone(wudf_conn *c, void *ctx);
static void on_deliver(wudf_conn *c, void *ctx, const wudf_msg *msg);
static const wudf_conn_sink sink = {on_deliver, on_gone};

/* ---- threads: bytes to and from reflector.sys ---------------------------------------------- */

static BOOL transact(const void *in, DWORD in_length, void *out, DWORD out_length, DWORD *got)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!ov.hEvent)
        return FALSE;
    *got = 0;
    BOOL ok = DeviceIoControl(kb.device, WUDF_KBRIDGE_IOCTL_TRANSACT, (void *)in, in_length, out, out_length, got,
                              &ov);
    if (!ok && GetLastError() == ERROR_IO_PENDING)
        ok = GetOverlappedResult(kb.device, &ov, got, TRUE);
    DWORD error = GetLastError();
    CloseHandle(ov.hEvent);
    SetLastError(error);
    return ok;
}

static void push_inbox(const uint8_t *data, DWORD length)
{
    inbox_item *item = malloc(sizeof *item + length);
    if (!item) {
        wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=no-memory dropped_bytes=%lu", (unsigned long)length);
        return;
    }
    item->next = NULL;
    item->length = length;
    memcpy(item->data, data, length);
    uv_mutex_lock(&kb.lock);
    if (kb.inbox_tail)
        kb.inbox_tail->next = item;
    else
        kb.inbox_head = item;
    kb.inbox_tail = item;
    uv_mutex_unlock(&kb.lock);
    uv_async_send(&kb.wake);
}

static int stopping(void)
{
    uv_mutex_lock(&kb.lock);
    int s = kb.stopping;
    uv_mutex_unlock(&kb.lock);
    return s;
}

static void receiver_main(void *arg)
{
    (void)arg;
    uint8_t *buffer = malloc(WUDF_KBRIDGE_MIN_OUTPUT);
    while (buffer && !stopping()) {
        DWORD got;
        if (!transact(NULL, 0, buffer, WUDF_KBRIDGE_MIN_OUTPUT, &got)) {
            if (!stopping())
                wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=transact-failed error=%lu", GetLastError());
            break;
        }
        if (got)
            push_inbox(buffer, got);
    }
    free(buffer);
}

/* Whole messages from the front of the outbox, at most WUDF_KBRIDGE_MAX_INPUT bytes. */
static size_t batch_length(void)
{
    size_t at = 0;
    while (at < kb.out_length) {
        size_t size = wudf_le32(kb.outbox + at);
        if (at + size > WUDF_KBRIDGE_MAX_INPUT)
            break;
        at += size;
    }
    return at;
}

static void sender_main(void *arg)
{
    (void)arg;
    uint8_t *reply = malloc(WUDF_KBRIDGE_MIN_OUTPUT);
    for (;;) {
        uv_mutex_lock(&kb.lock);
        while (!kb.out_length && !kb.stopping)
            uv_cond_wait(&kb.outbox_ready, &kb.lock);
        /* At shutdown the last completions still go down. */
        if ((kb.stopping && !kb.out_length) || !reply) {
            uv_mutex_unlock(&kb.lock);
            break;
        }
        size_t n = batch_length();
        uint64_t batch_seq = n == kb.out_length ? kb.out_seq : 0;
        uint8_t *batch = malloc(n);
        if (batch) {
            memcpy(batch, kb.outbox, n);
            memmove(kb.outbox, kb.outbox + n, kb.out_length - n);
            kb.out_length -= n;
        }
        uv_mutex_unlock(&kb.lock);
        if (!batch)
            continue;
        DWORD got;
        BOOL ok = transact(batch, (DWORD)n, reply, WUDF_KBRIDGE_MIN_OUTPUT, &got);
        free(batch);
        if (!ok) {
            if (!stopping())
                wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=transact-failed error=%lu", GetLastError());
            continue;
        }
        if (batch_seq) {
            uv_mutex_lock(&kb.lock);
            kb.done_seq = batch_seq;
            uv_mutex_unlock(&kb.lock);
        }
        if (got)
            push_inbox(reply, got);
        else if (batch_seq)
            uv_async_send(&kb.wake);
    }
    free(reply);
}

/* ---- the loop thread's side --------------------------------------------------------------------- */

/* Returns the message's sequence number, 0 if it was dropped. */
static uint64_t put_out(const uint8_t *data, size_t length)
{
    uv_mutex_lock(&kb.lock);
    if (kb.out_length + length > kb.out_capacity) {
        size_t cap = kb.out_capacity ? kb.out_capacity : 65536;
        while (cap < kb.out_length + length)
            cap *= 2;
        uint8_t *p = realloc(kb.outbox, cap);
        if (!p) {
            uv_mutex_unlock(&kb.lock);
            wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=no-memory dropped_bytes=%zu", length);
            return 0;
        }
        kb.outbox = p;
        kb.out_capacity = cap;
    }
    memcpy(kb.outbox + kb.out_length, data, length);
    kb.out_length += length;
    uint64_t seq = ++kb.out_seq;
    uv_cond_signal(&kb.outbox_ready);
    uv_mutex_unlock(&kb.lock);
    return seq;
}

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
    put_out(bytes, size);
    free(bytes);
}

static uint64_t bridge_message(uint16_t type, uint32_t handle, const uint8_t *payload, uint32_t length)
{
    uint8_t buf[WUDF_MSG_HEADER_SIZE + WUDF_KBRIDGE_MAX_LINK];
    if (length > WUDF_KBRIDGE_MAX_LINK)
        return 0;
    memset(buf, 0, WUDF_MSG_HEADER_SIZE);
    wudf_put32(buf + WUDF_HDR_OFF_SIZE, WUDF_MSG_HEADER_SIZE + length);
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, type);
    wudf_put32(buf + WUDF_HDR_OFF_DEVICE_ID, handle);
    if (length)
        memcpy(buf + WUDF_MSG_HEADER_SIZE, payload, length);
    return put_out(buf, WUDF_MSG_HEADER_SIZE + length);
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
    uv_async_send(&kb.wake);
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
    wudf_list_remove(&q->link);
    free(q);
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
    for (size_t b = 0; b < REQ_BUCKETS; b++) {
        wudf_list *pos, *tmp;
        WUDF_LIST_FOREACH_SAFE(pos, tmp, &kb.reqs[b]) {
            kreq *q = WUDF_CONTAINER_OF(pos, kreq, link);
            if (q->file != f)
                continue;
            int teardown = q->major == WUDF_IRP_MJ_CLEANUP || q->major == WUDF_IRP_MJ_CLOSE;
            if (!q->internal)
                complete_kernel(q->kid, teardown ? WUDF_STATUS_SUCCESS : WUDF_STATUS_DRIVER_PROCESS_TERMINATED, 0,
                                NULL, 0);
            wudf_list_remove(&q->link);
            free(q);
        }
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
    if (!d || !d->symlink_count || find_file(msg->file_id) || g_reflector->shutting_down) {
        complete_kernel(msg->irp_id, find_file(msg->file_id) ? KB_STATUS_FILE_INVALID : WUDF_STATUS_NO_SUCH_DEVICE, 0,
                        NULL, 0);
        return;
    }
    char name[1200];
    int n = snprintf(name, sizeof name, "%s%.*s", d->symlinks[0], (int)msg->payload_length, (const char *)msg->payload);
    kfile *f = calloc(1, sizeof *f);
    kreq *q = calloc(1, sizeof *q);
    if (n < 0 || (size_t)n >= sizeof name || !f || !q) {
        free(f);
        free(q);
        complete_kernel(msg->irp_id, n < 0 || (size_t)n >= sizeof name ? WUDF_STATUS_OBJECT_NAME_NOT_FOUND
                                                                         : WUDF_STATUS_INSUFFICIENT_RESOURCES,
                        0, NULL, 0);
        return;
    }
    /* The kernel admitted the caller; Wine does not say who it is (IoGetRequestorProcessId is not
     * implemented), so the open is made with wudfrd's own identity. */
    wudf_peer peer;
    wudf_peer_from_pid((uint32_t)GetCurrentProcessId(), &peer);
    f->kid = msg->file_id;
    wudf_list_add_tail(&kb.files, &f->link);
    f->conn = wudf_conn_new_internal(g_reflector, &peer, &sink, f);
    if (!f->conn) {
        wudf_peer_release(&peer);
        wudf_list_remove(&f->link);
        free(f);
        free(q);
        complete_kernel(msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
        return;
    }
    wudf_log(WUDF_LOG_DEBUG, "kernel-open", "device=%s file=%u irp=%llu", d->instance_id, (unsigned)msg->file_id,
             (unsigned long long)msg->irp_id);
    q->kid = msg->irp_id;
    q->file = f;
    q->major = WUDF_IRP_MJ_CREATE;
    wudf_list_add_tail(bucket(q->kid), &q->link);
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
    kreq *q = calloc(1, sizeof *q);
    if (!q)
        return;
    q->kid = close_id | (1ull << 63); /* reflector.sys's ids never reach that bit */
    q->file = f;
    q->major = WUDF_IRP_MJ_CLEANUP;
    q->internal = 1;
    wudf_list_add_tail(bucket(q->kid), &q->link);
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
        complete_kernel(msg->irp_id, teardown ? WUDF_STATUS_SUCCESS : KB_STATUS_FILE_INVALID, 0, NULL, 0);
        return;
    }
    if (msg->major == WUDF_IRP_MJ_CLEANUP)
        f->cleaned = 1;
    if (msg->major == WUDF_IRP_MJ_CLOSE && !f->cleaned)
        cleanup_first(f, msg->irp_id);
    kreq *q = calloc(1, sizeof *q);
    if (!q) {
        complete_kernel(msg->irp_id, WUDF_STATUS_INSUFFICIENT_RESOURCES, 0, NULL, 0);
        return;
    }
    q->kid = msg->irp_id;
    q->file = f;
    q->major = msg->major;
    wudf_list_add_tail(bucket(q->kid), &q->link);
    msg->file_id = 1;
    msg->device_id = 0;
    wudf_io_client_message(f->conn, msg);
}

/* The batch's sequence number (its first message), 0 if it has none. */
static uint64_t batch_seq(const inbox_item *item)
{
    if (item->length < WUDF_MSG_HEADER_SIZE || wudf_le16(item->data + WUDF_HDR_OFF_TYPE) != WUDF_KMSG_BATCH ||
        wudf_le32(item->data + WUDF_HDR_OFF_SIZE) != WUDF_MSG_HEADER_SIZE)
        return 0;
    return wudf_le64(item->data + WUDF_HDR_OFF_IRP_ID);
}

static void take_packets(const uint8_t *data, size_t length)
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

static void on_wake(uv_async_t *async)
{
    (void)async;
    uv_mutex_lock(&kb.lock);
    inbox_item *item = kb.inbox_head;
    kb.inbox_head = kb.inbox_tail = NULL;
    uv_mutex_unlock(&kb.lock);
    /* Batches are acted on in the kernel's order, whichever thread brought them. */
    while (item) {
        inbox_item *next = item->next;
        item->seq = batch_seq(item);
        if (!item->seq) {
            wudf_log(WUDF_LOG_ERROR, "kernel-bridge", "status=malformed-packet reason=\"no batch header\"");
            free(item);
        } else {
            inbox_item **at = &kb.early;
            while (*at && (*at)->seq < item->seq)
                at = &(*at)->next;
            item->next = *at;
            *at = item;
        }
        item = next;
    }
    while (kb.early && kb.early->seq == kb.next_batch) {
        inbox_item *b = kb.early;
        kb.early = b->next;
        kb.next_batch++;
        take_packets(b->data + WUDF_MSG_HEADER_SIZE, b->length - WUDF_MSG_HEADER_SIZE);
        free(b);
    }
    uv_mutex_lock(&kb.lock);
    uint64_t done = kb.done_seq;
    uv_mutex_unlock(&kb.lock);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &kb.notes) {
        link_note *n = WUDF_CONTAINER_OF(pos, link_note, link);
        if (n->seq > done)
            break;
        wudf_log(WUDF_LOG_INFO, "kernel-link-ready", "device=%s link=%s", n->device, n->name);
        wudf_list_remove(&n->link);
        free(n);
    }
    while (!wudf_list_empty(&kb.to_close)) {
        kfile *f = WUDF_CONTAINER_OF(kb.to_close.next, kfile, close_link);
        wudf_list_remove(&f->close_link);
        f->close_queued = 0;
        if (f->conn)
            wudf_conn_close(f->conn, NULL); /* on_gone frees f */
    }
}

/* ---- devices ----------------------------------------------------------------------------------- */

/* The name after \DosDevices\ (or \??\, \GLOBAL??\) if it is one a driver may take: no drive
 * letters, paths or DOS device names, so a host cannot shadow C: or COM1. */
static const char *link_name(const char *link)
{
    static const char *const prefixes[] = {"\\DosDevices\\", "\\??\\", "\\GLOBAL??\\"};
    static const char *const reserved[] = {"CON", "PRN", "AUX", "NUL", WUDF_KBRIDGE_SERVICE};
    const char *name = NULL;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0] && !name; i++)
        if (_strnicmp(link, prefixes[i], strlen(prefixes[i])) == 0)
            name = link + strlen(prefixes[i]);
    if (!name)
        return NULL;
    size_t n = strlen(name);
    if (n < 2 || n > LINK_NAME_MAX)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
              ch == '-' || ch == '.'))
            return NULL;
    }
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (_stricmp(name, reserved[i]) == 0)
            return NULL;
    if (n == 4 && (_strnicmp(name, "COM", 3) == 0 || _strnicmp(name, "LPT", 3) == 0) && name[3] >= '0' &&
        name[3] <= '9')
        return NULL;
    return name;
}

static void announce_link(kdev *k, const wudf_devnode *d, const char *link)
{
    for (unsigned i = 0; i < k->link_count; i++)
        if (strcmp(k->links[i], link) == 0)
            return;
    const char *name = link_name(link);
    if (!name || k->link_count >= WUDF_MAX_SYMLINKS) {
        char q[200];
        wudf_log(WUDF_LOG_WARN, "kernel-link-refused", "device=%s link=%s", d->instance_id,
                 wudf_log_quote(q, sizeof q, link));
        return;
    }
    char full[160];
    snprintf(full, sizeof full, "\\DosDevices\\%s", name);
    uint8_t wide[WUDF_KBRIDGE_MAX_LINK];
    uint32_t length = 0;
    for (const char *p = full; *p && length + 2 <= sizeof wide; p++, length += 2)
        wudf_put16(wide + length, (uint16_t)(unsigned char)*p);
    uint64_t seq = bridge_message(WUDF_KMSG_LINK_ADD, d->handle, wide, length);
    snprintf(k->links[k->link_count++], sizeof k->links[0], "%s", link);
    wudf_log(WUDF_LOG_INFO, "kernel-link", "device=%s link=%s", d->instance_id, full);
    link_note *n = seq ? calloc(1, sizeof *n) : NULL;
    if (n) {
        n->seq = seq;
        snprintf(n->device, sizeof n->device, "%s", d->instance_id);
        snprintf(n->name, sizeof n->name, "%s", full);
        wudf_list_add_tail(&kb.notes, &n->link);
    }
}

void wudf_kernel_devnode_changed(wudf_devnode *d)
{
    if (!kb.active)
        return;
    kdev *k = NULL;
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &kb.devices) {
        kdev *x = WUDF_CONTAINER_OF(pos, kdev, link);
        if (x->handle == d->handle)
            k = x;
    }
    /* Links stay while the device starts, restarts or stops: opens then fail with its state. */
    int want = !d->removed && d->symlink_count &&
               (d->state == WUDF_DN_STARTED || d->state == WUDF_DN_STARTING || d->state == WUDF_DN_RESTARTING ||
                d->state == WUDF_DN_STOPPING);
    if (!want) {
        if (k) {
            bridge_message(WUDF_KMSG_DEVICE_REMOVE, d->handle, NULL, 0);
            wudf_list_remove(&k->link);
            free(k);
            wudf_log(WUDF_LOG_INFO, "kernel-device-removed", "device=%s state=%s", d->instance_id,
                     wudf_devnode_state_name(d));
        }
        return;
    }
    if (!k) {
        k = calloc(1, sizeof *k);
        if (!k)
            return;
        k->handle = d->handle;
        wudf_list_add_tail(&kb.devices, &k->link);
    }
    for (unsigned i = 0; i < d->symlink_count; i++)
        announce_link(k, d, d->symlinks[i]);
}

/* ---- start and stop ------------------------------------------------------------------------------ */

static HANDLE open_control(DWORD *error)
{
    HANDLE h = CreateFileA(WUDF_KBRIDGE_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_FLAG_OVERLAPPED, NULL);
    *error = h == INVALID_HANDLE_VALUE ? GetLastError() : 0;
    return h;
}

/* Starts the installed service when its control device is not there yet. */
static void start_service(void)
{
    SC_HANDLE scm = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    SC_HANDLE svc = scm ? OpenServiceA(scm, WUDF_KBRIDGE_SERVICE, SERVICE_START) : NULL;
    if (svc && StartServiceA(svc, 0, NULL))
        wudf_log(WUDF_LOG_INFO, "kernel-bridge", "status=service-started service=%s", WUDF_KBRIDGE_SERVICE);
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

int wudf_kernel_start(wudf_reflector *r, wudf_error *err)
{
    if (r->config.kernel_mount[0])
        return wudf_error_set(err, WUDF_EINVAL, "--mount is the Linux endpoint; on Windows use --kernel");
    if (!r->config.kernel_bridge)
        return 0;
    DWORD error;
    HANDLE h = open_control(&error);
    if (h == INVALID_HANDLE_VALUE && (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)) {
        start_service();
        h = open_control(&error);
    }
    if (h == INVALID_HANDLE_VALUE) {
        if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
            return wudf_error_set(err, WUDF_ENOTFOUND,
                                  "--kernel: reflector.sys is not running (install it with: wudfctl kernel install)");
        if (error == ERROR_SHARING_VIOLATION || error == ERROR_ACCESS_DENIED)
            return wudf_error_set(err, WUDF_EACCESS, "--kernel: another wudfrd is attached to reflector.sys (error %lu)",
                                  error);
        return wudf_error_set(err, WUDF_EIO, "--kernel: cannot open %s: error %lu", WUDF_KBRIDGE_PATH, error);
    }
    kb.device = h;
    kb.next_batch = 1;
    wudf_list_init(&kb.files);
    wudf_list_init(&kb.to_close);
    wudf_list_init(&kb.devices);
    wudf_list_init(&kb.notes);
    for (size_t i = 0; i < REQ_BUCKETS; i++)
        wudf_list_init(&kb.reqs[i]);
    uv_mutex_init(&kb.lock);
    uv_cond_init(&kb.outbox_ready);
    uv_async_init(r->loop, &kb.wake, on_wake);
    for (int i = 0; i < RECEIVERS; i++)
        if (uv_thread_create(&kb.threads[kb.thread_count], receiver_main, NULL) == 0)
            kb.thread_count++;
    if (uv_thread_create(&kb.threads[kb.thread_count], sender_main, NULL) == 0)
        kb.thread_count++;
    kb.active = 1;
    wudf_log(WUDF_LOG_INFO, "kernel-bridge", "status=attached device=%s threads=%d", WUDF_KBRIDGE_PATH,
             kb.thread_count);
    return 0;
}

void wudf_kernel_stop(void)
{
}

void wudf_kernel_exit(void)
{
    if (!kb.active)
        return;
    /* Connections are closed by now; the sender hands their last completions down, then the
     * receivers' waiting TRANSACTs are cancelled. */
    on_wake(&kb.wake);
    uv_mutex_lock(&kb.lock);
    kb.stopping = 1;
    uv_cond_broadcast(&kb.outbox_ready);
    uv_mutex_unlock(&kb.lock);
    if (kb.thread_count > RECEIVERS)
        uv_thread_join(&kb.threads[kb.thread_count - 1]);
    CancelIoEx(kb.device, NULL);
    for (int i = 0; i < kb.thread_count && i < RECEIVERS; i++)
        uv_thread_join(&kb.threads[i]);
    /* Closing the handle makes reflector.sys fail whatever it still holds. */
    CloseHandle(kb.device);
    kb.active = 0;
    for (inbox_item **list = &kb.inbox_head; list; list = list == &kb.inbox_head ? &kb.early : NULL)
        while (*list) {
            inbox_item *next = (*list)->next;
            free(*list);
            *list = next;
        }
    free(kb.outbox);
    while (!wudf_list_empty(&kb.devices)) {
        kdev *k = WUDF_CONTAINER_OF(kb.devices.next, kdev, link);
        wudf_list_remove(&k->link);
        free(k);
    }
    while (!wudf_list_empty(&kb.notes)) {
        link_note *n = WUDF_CONTAINER_OF(kb.notes.next, link_note, link);
        wudf_list_remove(&n->link);
        free(n);
    }
    uv_close((uv_handle_t *)&kb.wake, NULL);
    uv_cond_destroy(&kb.outbox_ready);
    uv_mutex_destroy(&kb.lock);
    wudf_log(WUDF_LOG_INFO, "kernel-bridge", "status=detached");
}
