/*
 * The reflector's part of the fast path (docs/fast-path.md): it creates each
 * file's ring and hands it, with the host's bell and the client's eventfd, to
 * both ends; then it leaves the data path but keeps every ring mapped, so that
 * when the host exits it completes, exactly once, whatever the host left in
 * the ring with STATUS_DRIVER_PROCESS_TERMINATED.
 */
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "reflector.h"
#include "ring_slots.h"

/* A client's eventfd: shared by its connection and the rings of its files. */
typedef struct wudf_notify {
    int fd;
    unsigned refs;
} wudf_notify;

typedef struct wudf_ring_rec {
    wudf_list host_link;
    wudf_file *file;              /* NULL once the reflector forgot the file */
    void *base;                   /* the reflector's mapping */
    wudf_notify *notify;
    int fd;                       /* the ring's descriptor until the client has it, else -1 */
    int host_attached;            /* the host mapped it and will serve it */
    /* Cancels forwarded and not yet answered by the host: the critical timeout applies. */
    struct {
        uint64_t tag;
        uint64_t since_ms;
    } cancels[WUDF_RING_SLOTS];
    unsigned cancel_count;
} wudf_ring_rec;

static void notify_release(wudf_notify *n)
{
    if (n && --n->refs == 0) {
        wudf_descriptor_close(n->fd);
        free(n);
    }
}

static void ring_free(wudf_ring_rec *rec)
{
    wudf_list_remove(&rec->host_link);
    if (rec->file)
        rec->file->ring = NULL;
    wudf_shared_memory_unmap(rec->base, WUDF_RING_SIZE);
    wudf_descriptor_close(rec->fd);
    notify_release(rec->notify);
    free(rec);
}

static int send_ring_fd(wudf_conn *c, uint32_t file_id, int kind, uint64_t size, int fd)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_RING);
    m.minor = (uint8_t)kind;
    m.file_id = file_id;
    m.information = size;
    return wudf_conn_send_fd(c, &m, fd);
}

/* The client's eventfd, made and sent to it with its first ring. */
static wudf_notify *conn_notify(wudf_conn *c, wudf_error *err)
{
    if (c->notify)
        return c->notify;
    wudf_notify *n = calloc(1, sizeof *n);
    if (!n) {
        wudf_error_set(err, WUDF_ENOMEM, "out of memory");
        return NULL;
    }
    if (wudf_wakeup_create(&n->fd, err)) {
        free(n);
        return NULL;
    }
    if (send_ring_fd(c, 0, WUDF_RING_FD_NOTIFY, 0, n->fd)) {
        wudf_descriptor_close(n->fd);
        free(n);
        wudf_error_set(err, WUDF_EIO, "cannot pass the eventfd to the client");
        return NULL;
    }
    n->refs = 1;
    c->notify = n;
    return n;
}

/* The host's bell page, made and sent to it with its first ring. */
static int host_bell(wudf_host *h, wudf_error *err)
{
    if (h->bell_fd >= 0)
        return 0;
    int fd;
    if (wudf_shared_memory_create(WUDF_RING_BELL_SIZE, "openwudf-bell", &fd, err))
        return -1;
    if (send_ring_fd(h->conn, 0, WUDF_RING_FD_BELL, WUDF_RING_BELL_SIZE, fd)) {
        wudf_descriptor_close(fd);
        return wudf_error_set(err, WUDF_EIO, "cannot pass the bell to the host");
    }
    h->bell_fd = fd;
    return 0;
}

static int setup(wudf_file *f, wudf_error *err)
{
    wudf_host *h = f->devnode->host;
    wudf_conn *c = f->conn;
    if (!h || !h->conn || h->state != WUDF_HOST_RUNNING)
        return wudf_error_set(err, WUDF_ESTATE, "the host is not running");
    wudf_notify *n = conn_notify(c, err);
    if (!n || host_bell(h, err))
        return -1;
    int fd;
    if (wudf_shared_memory_create(WUDF_RING_SIZE, "openwudf-ring", &fd, err))
        return -1;
    wudf_ring_rec *rec = calloc(1, sizeof *rec);
    if (!rec || wudf_shared_memory_map(fd, WUDF_RING_SIZE, &rec->base, err)) {
        if (!rec)
            wudf_error_set(err, WUDF_ENOMEM, "out of memory");
        free(rec);
        wudf_descriptor_close(fd);
        return -1;
    }
    wudf_ring_init(rec->base);
    /* The host gets the ring, then the eventfd it rings, both ahead of the CREATE; it answers
     * with a RING of its own once it has mapped them. The client's share waits for that. */
    int rc = send_ring_fd(h->conn, f->id, WUDF_RING_FD_RING, WUDF_RING_SIZE, fd) ||
             send_ring_fd(h->conn, f->id, WUDF_RING_FD_NOTIFY, 0, n->fd);
    rec->fd = fd;
    rec->file = f;
    rec->notify = n;
    n->refs++;
    f->ring = rec;
    wudf_list_add_tail(&h->rings, &rec->host_link);
    if (rc)
        return wudf_error_set(err, WUDF_EIO, "cannot pass the ring");
    return 0;
}

static void refused(wudf_file *f, const char *reason)
{
    char q[300];
    wudf_log(WUDF_LOG_WARN, "fast-path-refused", "device=%s file=%lu reason=%s action=socket-path",
             f->devnode->instance_id, (unsigned long)f->id, wudf_log_quote(q, sizeof q, reason));
}

void wudf_fast_path_create(wudf_file *f)
{
    if (!f->wants_ring || !f->conn || f->conn->sink || g_reflector->config.no_fast_path ||
        !wudf_fast_path_supported())
        return;
    wudf_error err;
    if (setup(f, &err))
        refused(f, err.message);
}

void wudf_fast_path_host_ack(wudf_host *h, const wudf_msg *msg)
{
    wudf_list *pos;
    for (pos = h->rings.next; pos != &h->rings; pos = pos->next) {
        wudf_ring_rec *rec = WUDF_CONTAINER_OF(pos, wudf_ring_rec, host_link);
        if (rec->file && rec->file->id == msg->file_id && !rec->host_attached) {
            rec->host_attached = msg->status >= 0;
            if (!rec->host_attached) {
                char why[96];
                snprintf(why, sizeof why, "the host could not map the ring (status 0x%08x)", (unsigned)msg->status);
                refused(rec->file, why);
            }
            return;
        }
    }
    /* A file forgotten meanwhile: nothing to do. */
}

void wudf_fast_path_open(wudf_file *f)
{
    wudf_ring_rec *rec = f->ring;
    if (!rec)
        return;
    wudf_conn *c = f->conn;
    wudf_host *h = f->devnode->host;
    int rc = !rec->host_attached || !h || h->bell_fd < 0 ||
             send_ring_fd(c, f->client_file_id, WUDF_RING_FD_BELL, WUDF_RING_BELL_SIZE, h->bell_fd) ||
             send_ring_fd(c, f->client_file_id, WUDF_RING_FD_RING, WUDF_RING_SIZE, rec->fd);
    wudf_descriptor_close(rec->fd);
    rec->fd = -1;
    if (rc) {
        /* The host keeps an unused ring until the close; the client goes by socket. */
        if (rec->host_attached)
            refused(f, "cannot pass the ring to the client");
        return;
    }
    wudf_log(WUDF_LOG_DEBUG, "fast-path-open", "device=%s file=%lu pid=%lld", f->devnode->instance_id,
             (unsigned long)f->id, (long long)c->peer.pid);
}

void wudf_fast_path_file_gone(wudf_file *f)
{
    wudf_ring_rec *rec = f->ring;
    if (!rec)
        return;
    rec->file = NULL;
    f->ring = NULL;
    /* Requests still in it are the host's to complete, or the reflector's when the host dies. */
    if (wudf_ring_in_flight(rec->base) == 0)
        ring_free(rec);
}

void wudf_fast_path_cancel(wudf_file *f, uint64_t tag)
{
    wudf_host *h = f->devnode->host;
    wudf_ring_rec *rec = f->ring;
    if (!rec || !h || !h->conn || f->generation != f->devnode->generation)
        return;
    for (unsigned i = 0; i < rec->cancel_count; i++)
        if (rec->cancels[i].tag == tag)
            return; /* already on its way */
    if (rec->cancel_count == WUDF_RING_SLOTS)
        return; /* more cancels than a ring holds requests: the client is making them up */
    rec->cancels[rec->cancel_count].tag = tag;
    rec->cancels[rec->cancel_count].since_ms = wudf_now_ms();
    rec->cancel_count++;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_CANCEL);
    m.minor = WUDF_CANCEL_MINOR_FAST_PATH;
    m.file_id = f->id;
    m.irp_id = tag;
    wudf_conn_send(h->conn, &m);
}

void wudf_fast_path_cancel_done(wudf_host *h, const wudf_msg *msg)
{
    wudf_list *pos;
    for (pos = h->rings.next; pos != &h->rings; pos = pos->next) {
        wudf_ring_rec *rec = WUDF_CONTAINER_OF(pos, wudf_ring_rec, host_link);
        if (!rec->file || rec->file->id != msg->file_id)
            continue;
        for (unsigned i = 0; i < rec->cancel_count; i++) {
            if (rec->cancels[i].tag == msg->irp_id) {
                rec->cancels[i] = rec->cancels[--rec->cancel_count];
                return;
            }
        }
    }
}

int wudf_fast_path_cancel_overdue(wudf_host *h, uint64_t now, uint64_t limit)
{
    wudf_list *pos;
    for (pos = h->rings.next; pos != &h->rings; pos = pos->next) {
        wudf_ring_rec *rec = WUDF_CONTAINER_OF(pos, wudf_ring_rec, host_link);
        for (unsigned i = 0; i < rec->cancel_count; i++)
            if (now - rec->cancels[i].since_ms > limit)
                return 1;
    }
    return 0;
}

void wudf_fast_path_conn_gone(wudf_conn *c)
{
    notify_release(c->notify);
    c->notify = NULL;
}

void wudf_fast_path_host_exited(wudf_host *h, int32_t status)
{
    while (!wudf_list_empty(&h->rings)) {
        wudf_ring_rec *rec = WUDF_CONTAINER_OF(h->rings.next, wudf_ring_rec, host_link);
        unsigned failed = wudf_ring_fail_in_flight(rec->base, status);
        if (failed) {
            wudf_wakeup_signal(rec->notify->fd);
            wudf_log(WUDF_LOG_INFO, "fast-path-failed", "pid=%lld file=%lu requests=%u status=0x%08x",
                     (long long)h->pid, rec->file ? (unsigned long)rec->file->id : 0ul, failed,
                     (unsigned)status);
        }
        ring_free(rec);
    }
    wudf_descriptor_close(h->bell_fd);
    h->bell_fd = -1;
}

void wudf_fast_path_sweep(wudf_host *h)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &h->rings) {
        wudf_ring_rec *rec = WUDF_CONTAINER_OF(pos, wudf_ring_rec, host_link);
        if (!rec->file && wudf_ring_in_flight(rec->base) == 0)
            ring_free(rec);
    }
}

unsigned wudf_fast_path_in_flight(wudf_host *h)
{
    unsigned n = 0;
    wudf_list *pos;
    for (pos = h->rings.next; pos != &h->rings; pos = pos->next)
        n += wudf_ring_in_flight(WUDF_CONTAINER_OF(pos, wudf_ring_rec, host_link)->base);
    return n;
}
