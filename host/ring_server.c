/*
 * Fast-path rings in the host (ring.h). The client is not trusted: each
 * submission is copied out of shared memory once and checked, and a ring
 * whose client breaks the protocol is no longer served (its requests wait for
 * the client's own timeout; nobody else is affected).
 */
#include "ring_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framework.h"
#include "log.h"
#include "ring_slots.h"

#define RING_THREADS 2
/* A sleeping ring thread looks again this often even if nobody rings (a client that publishes without
 * ringing delays only itself by this much). */
#define RING_IDLE_WAIT_MS 5000

struct wudf_ring {
    wudf_list link;               /* server->rings, while served */
    atomic_int refs;              /* the list, requests, their memory objects */
    wudf_host *host;
    void *base;
    uint32_t file_id;
    int notify_fd;                /* the client's eventfd, -1 until it arrives */
    int bound;                    /* the CREATE of file_id was dispatched */
    int broken;
    int dispatching;              /* a submission is taken and not yet in a queue: the next waits */
    uint32_t head;                /* next submission to take (the host's own copy) */
    wudf_request *taken[WUDF_RING_SLOTS];
};

typedef struct wudf_ring_server {
    uv_mutex_t lock;              /* rings, their heads, taken[] and dispatching */
    uv_cond_t dispatched;         /* a ring's dispatching went to 0 */
    wudf_list rings;
    wudf_ring_bell *bell;
    uv_thread_t threads[RING_THREADS];
    unsigned thread_count;
    int stopping;
    uint64_t next_id;
    atomic_uint presenting;       /* ring threads inside a driver callback they presented themselves */
} wudf_ring_server;

/* A submission taken from a ring, with the ring it came from (referenced). */
typedef struct submission {
    wudf_ring *ring;
    wudf_ring_submission s;
} submission;

/* Set while a ring thread dispatches: the first presentation is left to that thread. */
static _Thread_local wudf_request **inline_slot;

static wudf_ring_server *server_of(wudf_host *host)
{
    return host->ring_server;
}

void wudf_ring_hold(wudf_ring *g)
{
    atomic_fetch_add(&g->refs, 1);
}

void wudf_ring_release(wudf_ring *g)
{
    if (!g || atomic_fetch_sub(&g->refs, 1) != 1)
        return;
    wudf_shared_memory_unmap(g->base, WUDF_RING_SIZE);
    wudf_descriptor_close(g->notify_fd);
    free(g);
}

static void ring_the_bell(wudf_ring_server *s)
{
    __atomic_fetch_add(&s->bell->bell, 1u, __ATOMIC_SEQ_CST);
    wudf_shared_word_wake(&s->bell->bell, 1);
}

/* Server lock held. */
static wudf_ring *find_locked(wudf_ring_server *s, uint32_t file_id)
{
    wudf_list *pos;
    for (pos = s->rings.next; pos != &s->rings; pos = pos->next) {
        wudf_ring *g = WUDF_CONTAINER_OF(pos, wudf_ring, link);
        if (g->file_id == file_id)
            return g;
    }
    return NULL;
}

static void mark_broken_locked(wudf_ring *g, const char *reason)
{
    g->broken = 1;
    wudf_log(WUDF_LOG_WARN, "ring-violation", "file=%lu reason=\"%s\" action=ring-abandoned",
             (unsigned long)g->file_id, reason);
}

/* Server lock held: the ring is bound to its file, can ring its client and keeps the protocol. */
static int servable_locked(const wudf_ring *g)
{
    return !g->broken && g->bound && g->notify_fd >= 0;
}

/* Server lock held: takes the next submission of g, if there is one it may serve. A ring's requests
 * reach the queues in the order of its submissions: while one is on its way, the next waits. */
static int take_locked(wudf_ring *g, submission *out)
{
    if (!servable_locked(g) || g->dispatching)
        return 0;
    uint64_t busy = 0;
    for (uint32_t i = 0; i < WUDF_RING_SLOTS; i++)
        busy |= (uint64_t)(g->taken[i] != NULL) << i;
    const char *why = NULL;
    int rc = wudf_ring_take(g->base, &g->head, busy, &out->s, &why);
    if (rc == WUDF_RING_TAKE_VIOLATION)
        mark_broken_locked(g, why);
    if (rc != WUDF_RING_TAKE_OK)
        return 0;
    out->ring = g;
    g->dispatching = 1;
    atomic_fetch_add(&g->refs, 1); /* the submission's, until submission_done */
    return 1;
}

static int pending_locked(const wudf_ring *g)
{
    return servable_locked(g) && !g->dispatching && wudf_load_acquire(&wudf_ring_header_of(g->base)->sq_tail) != g->head;
}

/* Takes one submission from any ring, the rings taking turns. */
static int take_any(wudf_ring_server *s, submission *out, int *more)
{
    int got = 0;
    *more = 0;
    uv_mutex_lock(&s->lock);
    wudf_list *pos;
    for (pos = s->rings.next; pos != &s->rings && !got; pos = pos->next) {
        wudf_ring *g = WUDF_CONTAINER_OF(pos, wudf_ring, link);
        if (take_locked(g, out)) {
            got = 1;
            /* The next one to look goes to the others first. */
            wudf_list_remove(&g->link);
            wudf_list_add_tail(&s->rings, &g->link);
        }
    }
    for (pos = s->rings.next; got && pos != &s->rings && !*more; pos = pos->next)
        *more = pending_locked(WUDF_CONTAINER_OF(pos, wudf_ring, link));
    uv_mutex_unlock(&s->lock);
    return got;
}

static void finish_slot(wudf_ring *g, uint32_t index, NTSTATUS status, uint64_t information)
{
    if (wudf_ring_finish(wudf_ring_slot_at(g->base, index), WUDF_SLOT_TAKEN, status, information))
        wudf_wakeup_signal(g->notify_fd);
}

static WDF_REQUEST_TYPE request_type(const wudf_ring_submission *s)
{
    if (!wudf_ring_submission_valid(s))
        return WdfRequestUndefined;
    switch (s->major) {
    case WUDF_IRP_MJ_READ: return WdfRequestRead;
    case WUDF_IRP_MJ_WRITE: return WdfRequestWrite;
    case WUDF_IRP_MJ_DEVICE_CONTROL: return WdfRequestDeviceIoControl;
    default: return WdfRequestInternalIoctl;
    }
}

/* Turns a submission into a request and hands it to the dispatcher's rules. */
static void dispatch_submission(wudf_host *host, const submission *taken)
{
    wudf_ring *g = taken->ring;
    const wudf_ring_submission *sub = &taken->s;
    WDF_REQUEST_TYPE type = request_type(sub);
    wudf_file *f = type == WdfRequestUndefined ? NULL : wudf_file_lookup(host, g->file_id);
    if (!f) {
        finish_slot(g, sub->index, type == WdfRequestUndefined ? STATUS_INVALID_PARAMETER : STATUS_INVALID_HANDLE, 0);
        return;
    }
    wudf_ring_server *s = server_of(host);
    wudf_msg msg;
    wudf_msg_init(&msg, WUDF_MSG_IRP);
    msg.major = sub->major;
    msg.file_id = g->file_id;
    msg.ioctl_code = sub->ioctl_code;
    msg.input_length = sub->input_length;
    msg.output_length = sub->output_length;
    msg.offset = sub->offset;
    uv_mutex_lock(&s->lock);
    msg.irp_id = (1ull << 63) | ++s->next_id; /* never an id of the reflector's */
    uv_mutex_unlock(&s->lock);
    uint8_t *arena = wudf_ring_arena(g->base);
    wudf_request *r = wudf_request_create_in_ring(host, &msg, type, f, g, sub->index, sub->tag,
                                                  arena + sub->input_offset, arena + sub->output_offset);
    wudf_object_release(&f->obj);
    if (!r) {
        finish_slot(g, sub->index, STATUS_INSUFFICIENT_RESOURCES, 0);
        return;
    }
    uv_mutex_lock(&s->lock);
    g->taken[sub->index] = r;
    uv_mutex_unlock(&s->lock);
    wudf_order_dispatch(host, r, sub->sequence);
}

/* The submission's request is in its queue (or completed): the ring's next may be taken. */
static void submission_done(wudf_ring_server *s, const submission *taken)
{
    wudf_ring *g = taken->ring;
    uv_mutex_lock(&s->lock);
    g->dispatching = 0;
    int more = pending_locked(g);
    uv_cond_broadcast(&s->dispatched);
    uv_mutex_unlock(&s->lock);
    if (more)
        ring_the_bell(s); /* another thread takes it while this one presents */
    wudf_ring_release(g);
}

int wudf_ring_present_inline(wudf_request *r)
{
    if (!inline_slot || *inline_slot)
        return 0;
    *inline_slot = r;
    return 1;
}

static void ring_thread(void *arg)
{
    wudf_host *host = arg;
    wudf_ring_server *s = server_of(host);
    for (;;) {
        uint32_t seen = wudf_load_acquire(&s->bell->bell);
        uv_mutex_lock(&s->lock);
        int stopping = s->stopping;
        uv_mutex_unlock(&s->lock);
        if (stopping)
            return;
        submission sub;
        int more;
        if (!take_any(s, &sub, &more)) {
            wudf_shared_word_wait(&s->bell->bell, seen, RING_IDLE_WAIT_MS);
            continue;
        }
        if (more)
            wudf_shared_word_wake(&s->bell->bell, 1); /* a second thread takes the next one meanwhile */
        /* One ring thread at a time runs a callback itself: a driver that blocks in one cannot stop
         * the rings, the others hand their requests to the workers meanwhile. */
        int inline_ok = atomic_fetch_add(&s->presenting, 1) < RING_THREADS - 1;
        if (!inline_ok)
            atomic_fetch_sub(&s->presenting, 1);
        wudf_request *mine = NULL;
        inline_slot = inline_ok ? &mine : NULL;
        dispatch_submission(host, &sub);
        inline_slot = NULL;
        submission_done(s, &sub);
        if (mine)
            wudf_request_run_present(mine);
        if (inline_ok)
            atomic_fetch_sub(&s->presenting, 1);
    }
}

static int attach_bell(wudf_host *host, int fd, wudf_error *err)
{
    wudf_ring_server *s = server_of(host);
    if (s)
        return wudf_error_set(err, WUDF_ESTATE, "a second bell");
    s = calloc(1, sizeof *s);
    if (!s)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    void *bell;
    if (wudf_shared_memory_map(fd, WUDF_RING_BELL_SIZE, &bell, err)) {
        free(s);
        return -1;
    }
    uv_mutex_init(&s->lock);
    uv_cond_init(&s->dispatched);
    wudf_list_init(&s->rings);
    s->bell = bell;
    host->ring_server = s;
    for (unsigned i = 0; i < RING_THREADS; i++) {
        if (uv_thread_create(&s->threads[i], ring_thread, host) != 0)
            break;
        s->thread_count++;
    }
    if (!s->thread_count)
        return wudf_error_set(err, WUDF_EIO, "cannot start a ring thread");
    return 0;
}

static int attach_ring(wudf_host *host, const wudf_msg *msg, int fd, wudf_error *err)
{
    wudf_ring_server *s = server_of(host);
    if (!s || !s->thread_count)
        return wudf_error_set(err, WUDF_ESTATE, "no bell to serve rings with");
    wudf_ring *g = calloc(1, sizeof *g);
    if (!g)
        return wudf_error_set(err, WUDF_ENOMEM, "out of memory");
    if (wudf_shared_memory_map(fd, WUDF_RING_SIZE, &g->base, err)) {
        free(g);
        return -1;
    }
    atomic_init(&g->refs, 1);
    g->host = host;
    g->file_id = msg->file_id;
    g->notify_fd = -1;
    uv_mutex_lock(&s->lock);
    wudf_ring *old = find_locked(s, msg->file_id);
    if (old)
        wudf_list_remove(&old->link);
    wudf_list_add_tail(&s->rings, &g->link);
    uv_mutex_unlock(&s->lock);
    wudf_ring_release(old);
    return 0;
}

static int attach_notify(wudf_host *host, const wudf_msg *msg, int fd, wudf_error *err)
{
    wudf_ring_server *s = server_of(host);
    if (!s)
        return wudf_error_set(err, WUDF_ESTATE, "no rings");
    if (!wudf_is_wakeup(fd))
        return wudf_error_set(err, WUDF_EPROTO, "the notify descriptor is not an eventfd");
    uv_mutex_lock(&s->lock);
    wudf_ring *g = find_locked(s, msg->file_id);
    int fresh = g && g->notify_fd < 0;
    if (fresh)
        g->notify_fd = fd;
    uv_mutex_unlock(&s->lock);
    if (!fresh)
        return wudf_error_set(err, WUDF_EPROTO, "eventfd for file %lu without its ring", (unsigned long)msg->file_id);
    ring_the_bell(s);
    return 0;
}

void wudf_ring_message(wudf_host *host, const wudf_msg *msg, int fd)
{
    wudf_error err;
    int rc;
    if (fd < 0)
        rc = wudf_error_set(&err, WUDF_EPROTO, "no descriptor came with it");
    else if (msg->minor == WUDF_RING_FD_BELL)
        rc = attach_bell(host, fd, &err);
    else if (msg->minor == WUDF_RING_FD_RING)
        rc = attach_ring(host, msg, fd, &err);
    else
        rc = attach_notify(host, msg, fd, &err);
    /* A mapping holds the memory by itself; only the eventfd is kept open. */
    if (fd >= 0 && (rc || msg->minor != WUDF_RING_FD_NOTIFY))
        wudf_descriptor_close(fd);
    if (rc)
        wudf_log(WUDF_LOG_ERROR, "ring-refused", "file=%lu kind=%u reason=\"%s\"", (unsigned long)msg->file_id,
                 (unsigned)msg->minor, err.message);
    if (msg->minor == WUDF_RING_FD_RING) {
        /* The reflector offers the ring to the client only once the host has it. */
        wudf_msg ack;
        wudf_msg_init(&ack, WUDF_MSG_RING);
        ack.minor = WUDF_RING_FD_RING;
        ack.file_id = msg->file_id;
        ack.status = rc ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
        wudf_host_send(host, &ack);
    }
}

void wudf_ring_bind(wudf_host *host, wudf_file *file)
{
    wudf_ring_server *s = server_of(host);
    if (!s)
        return;
    uv_mutex_lock(&s->lock);
    wudf_ring *g = find_locked(s, file->file_id);
    if (g)
        g->bound = 1;
    uv_mutex_unlock(&s->lock);
    if (g)
        ring_the_bell(s);
}

void wudf_ring_unbind(wudf_host *host, uint32_t file_id)
{
    wudf_ring_server *s = server_of(host);
    if (!s)
        return;
    uv_mutex_lock(&s->lock);
    wudf_ring *g = find_locked(s, file_id);
    if (g)
        wudf_list_remove(&g->link);
    uv_mutex_unlock(&s->lock);
    wudf_ring_release(g);
}

void wudf_ring_drain(wudf_host *host, uint32_t file_id)
{
    wudf_ring_server *s = server_of(host);
    if (!s)
        return;
    for (;;) {
        submission sub;
        uv_mutex_lock(&s->lock);
        wudf_ring *g = find_locked(s, file_id);
        /* A ring thread's request on its way is in its queue before this returns. */
        while (g && g->dispatching)
            uv_cond_wait(&s->dispatched, &s->lock);
        int got = g && take_locked(g, &sub);
        uv_mutex_unlock(&s->lock);
        if (!got)
            return;
        dispatch_submission(host, &sub);
        submission_done(s, &sub);
    }
}

/* The reflector stops the clock it started when it forwarded the cancel. */
static void ack_cancel(wudf_host *host, uint32_t file_id, uint64_t tag)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.minor = WUDF_COMPLETE_MINOR_FAST_PATH;
    m.file_id = file_id;
    m.irp_id = tag;
    wudf_host_send(host, &m);
}

void wudf_ring_cancel(wudf_host *host, uint32_t file_id, uint64_t tag)
{
    wudf_ring_server *s = server_of(host);
    if (!s)
        return;
    /* A request still in the ring is taken first, so that the cancel finds it. */
    wudf_ring_drain(host, file_id);
    uint64_t irp_id = 0;
    uv_mutex_lock(&s->lock);
    wudf_ring *g = find_locked(s, file_id);
    for (uint32_t i = 0; g && i < WUDF_RING_SLOTS && !irp_id; i++) {
        wudf_request *r = g->taken[i];
        if (r && r->ring_tag == tag) {
            irp_id = r->irp_id;
            r->ring_cancel_ack = 1; /* wudf_ring_complete tells the reflector */
        }
    }
    uv_mutex_unlock(&s->lock);
    if (irp_id) {
        wudf_request_cancel_irp(host, irp_id);
        return;
    }
    wudf_log(WUDF_LOG_DEBUG, "cancel-ignored", "file=%lu tag=%llu reason=unknown-or-completed",
             (unsigned long)file_id, (unsigned long long)tag);
    ack_cancel(host, file_id, tag);
}

void wudf_ring_complete(wudf_request *r, NTSTATUS status, uint64_t information)
{
    wudf_ring *g = r->ring;
    wudf_ring_server *s = server_of(r->obj.host);
    int ack = 0;
    if (s) {
        uv_mutex_lock(&s->lock);
        if (g->taken[r->ring_slot] == r)
            g->taken[r->ring_slot] = NULL;
        ack = r->ring_cancel_ack;
        uv_mutex_unlock(&s->lock);
    }
    finish_slot(g, r->ring_slot, status, information);
    if (ack)
        ack_cancel(r->obj.host, g->file_id, r->ring_tag);
}

void wudf_ring_stop(wudf_host *host)
{
    wudf_ring_server *s = server_of(host);
    if (!s)
        return;
    uv_mutex_lock(&s->lock);
    s->stopping = 1;
    uv_mutex_unlock(&s->lock);
    __atomic_fetch_add(&s->bell->bell, 1u, __ATOMIC_SEQ_CST);
    wudf_shared_word_wake(&s->bell->bell, RING_THREADS);
    for (unsigned i = 0; i < s->thread_count; i++)
        uv_thread_join(&s->threads[i]);
    while (!wudf_list_empty(&s->rings)) {
        wudf_ring *g = WUDF_CONTAINER_OF(s->rings.next, wudf_ring, link);
        wudf_list_remove(&g->link);
        wudf_ring_release(g);
    }
    /* Requests that still hold a ring keep it mapped; the bell goes with the server. */
    wudf_shared_memory_unmap(s->bell, WUDF_RING_BELL_SIZE);
    uv_cond_destroy(&s->dispatched);
    uv_mutex_destroy(&s->lock);
    free(s);
    host->ring_server = NULL;
}
