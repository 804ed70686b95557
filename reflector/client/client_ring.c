/*
 * The client's side of the fast path (docs/fast-path.md). A file opened with
 * a ring sends its reads, writes and ioctls through shared memory: the input
 * is copied into the ring's arena, the slot published and the host's bell
 * rung; the host's completion arrives as a DONE slot and a tick of the
 * client's eventfd, which the private loop watches beside the socket. The
 * host is not trusted either: what it wrote is checked before it is used.
 */
#include <stdlib.h>
#include <string.h>

#include "client_private.h"
#include "ring_slots.h"

struct cring {
    cring *next_closed;          /* on c->closed_rings once its file is closed */
    void *base;
    void *bell;
    uint32_t tail;               /* submissions published (the client's own copy) */
    creq *slots[WUDF_RING_SLOTS];
    unsigned used;
    int closed;
};

static void unmap(cring *g)
{
    wudf_shared_memory_unmap(g->base, WUDF_RING_SIZE);
    wudf_shared_memory_unmap(g->bell, WUDF_RING_BELL_SIZE);
    free(g);
}

/* Output bytes a completion may carry back: the host's information, bounded by the buffer. */
static uint32_t output_bytes(const creq *r, int32_t status, uint64_t information)
{
    if (status < 0 || !r->buffer || r->major == WUDF_IRP_MJ_WRITE)
        return 0;
    return information < r->length ? (uint32_t)information : r->length;
}

/* Completes the requests of g whose slots are done; how many. */
static unsigned reap(wudf_client *c, cring *g)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < WUDF_RING_SLOTS && g->used; i++) {
        creq *r = g->slots[i];
        wudf_ring_slot *slot = wudf_ring_slot_at(g->base, i);
        if (!r || wudf_load_acquire(&slot->state) != WUDF_SLOT_DONE)
            continue;
        int32_t status = __atomic_load_n(&slot->status, __ATOMIC_RELAXED);
        uint64_t information = __atomic_load_n(&slot->information, __ATOMIC_RELAXED);
        uint64_t limit = r->major == WUDF_IRP_MJ_WRITE ? r->input_length : r->length;
        if (information > limit)
            information = limit;
        g->slots[i] = NULL;
        g->used--;
        wudf_store_release(&slot->state, WUDF_SLOT_FREE);
        r->ring = NULL;
        /* Single-threaded: nothing reuses the arena bytes before finish has copied them out. */
        wudf_client_take(c, r->id);
        wudf_client_finish(c, r, status, information, wudf_ring_arena(g->base) + r->output_offset,
                           output_bytes(r, status, information));
        n++;
    }
    return n;
}

static void reap_all(wudf_client *c)
{
    /* A completion routine may issue, close or complete more: go round until nothing is left. */
    c->reaping = 1;
    unsigned n;
    do {
        n = 0;
        for (size_t k = 0; k < c->open_count; k++)
            if (c->open_files[k].ring)
                n += reap(c, c->open_files[k].ring);
        for (cring *g = c->closed_rings; g; g = g->next_closed)
            n += reap(c, g);
    } while (n);
    c->reaping = 0;
    /* Rings of closed files stay until their last request is done. */
    for (cring **pp = &c->closed_rings; *pp;) {
        cring *g = *pp;
        if (g->used) {
            pp = &g->next_closed;
            continue;
        }
        *pp = g->next_closed;
        unmap(g);
    }
}

static void on_notify(uv_poll_t *poll, int status, int events)
{
    wudf_client *c = poll->data;
    (void)status, (void)events;
    wudf_wakeup_drain(c->notify_fd);
    reap_all(c);
}

void wudf_cring_init(wudf_client *c)
{
    const char *env = getenv("WUDF_FAST_PATH");
    c->fast_path = wudf_fast_path_supported() && !(env && strcmp(env, "0") == 0);
    c->notify_fd = -1;
}

void wudf_cring_passed(wudf_client *c, const wudf_msg *m)
{
    int fd = wudf_pipe_take_descriptor(&c->pipe);
    if (fd < 0)
        return;
    if (m->minor == WUDF_RING_FD_NOTIFY) {
        if (c->notify_fd >= 0 || !wudf_is_wakeup(fd) || uv_poll_init(&c->loop, &c->notify_poll, fd) != 0) {
            wudf_descriptor_close(fd);
            return;
        }
        c->notify_fd = fd;
        c->notify_poll.data = c;
        uv_poll_start(&c->notify_poll, UV_READABLE, on_notify);
        return;
    }
    passed_fd *p = malloc(sizeof *p);
    if (!p) {
        wudf_descriptor_close(fd);
        return;
    }
    p->file_id = m->file_id;
    p->kind = m->minor;
    p->fd = fd;
    p->next = c->passed;
    c->passed = p;
}

/* The descriptor of kind passed for file_id, taken off the list, or -1. */
static int claim(wudf_client *c, uint32_t file_id, uint8_t kind)
{
    for (passed_fd **pp = &c->passed; *pp; pp = &(*pp)->next) {
        passed_fd *p = *pp;
        if (p->file_id == file_id && p->kind == kind) {
            int fd = p->fd;
            *pp = p->next;
            free(p);
            return fd;
        }
    }
    return -1;
}

cring *wudf_cring_attach(wudf_client *c, uint32_t file_id)
{
    int bell_fd = claim(c, file_id, WUDF_RING_FD_BELL), ring_fd = claim(c, file_id, WUDF_RING_FD_RING);
    cring *g = NULL;
    if (bell_fd >= 0 && ring_fd >= 0 && c->notify_fd >= 0 && (g = calloc(1, sizeof *g))) {
        wudf_error err;
        if (wudf_shared_memory_map(ring_fd, WUDF_RING_SIZE, &g->base, &err) ||
            wudf_shared_memory_map(bell_fd, WUDF_RING_BELL_SIZE, &g->bell, &err)) {
            wudf_shared_memory_unmap(g->base, WUDF_RING_SIZE);
            free(g);
            g = NULL;
        }
    }
    wudf_descriptor_close(bell_fd);
    wudf_descriptor_close(ring_fd);
    return g;
}

static uint32_t align64(uint32_t n)
{
    return (n + 63u) & ~63u;
}

static int by_offset(const void *a, const void *b)
{
    const creq *x = *(creq *const *)a, *y = *(creq *const *)b;
    return x->arena_offset < y->arena_offset ? -1 : x->arena_offset > y->arena_offset;
}

/* First fit among the arena bytes the slots in use hold; UINT32_MAX when nothing fits. */
static uint32_t arena_alloc(cring *g, uint32_t need)
{
    creq *held[WUDF_RING_SLOTS];
    unsigned n = 0;
    for (uint32_t i = 0; i < WUDF_RING_SLOTS; i++)
        if (g->slots[i] && g->slots[i]->arena_length)
            held[n++] = g->slots[i];
    qsort(held, n, sizeof held[0], by_offset);
    uint32_t at = 0;
    for (unsigned i = 0; i < n; i++) {
        if (held[i]->arena_offset - at >= need)
            return at;
        at = held[i]->arena_offset + held[i]->arena_length;
    }
    return WUDF_RING_ARENA_SIZE - at >= need ? at : UINT32_MAX;
}

int wudf_cring_io(uint8_t major)
{
    return major == WUDF_IRP_MJ_READ || major == WUDF_IRP_MJ_WRITE || major == WUDF_IRP_MJ_DEVICE_CONTROL ||
           major == WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL;
}

int wudf_cring_submit(wudf_client *c, cring *g, creq *r, const wudf_msg *m)
{
    wudf_ring_header *h = wudf_ring_header_of(g->base);
    /* A dead host's ring: the socket path answers with the reflector's verdict. */
    if (g->closed || !wudf_cring_io(m->major) || g->used == WUDF_RING_SLOTS || __atomic_load_n(&h->host_gone, __ATOMIC_SEQ_CST))
        return -1;
    uint32_t in = align64(m->input_length), need = in + m->output_length;
    if ((uint64_t)m->input_length + m->output_length + 63u > WUDF_RING_ARENA_SIZE)
        return -1;
    uint32_t index = WUDF_RING_SLOTS;
    for (uint32_t i = 0; i < WUDF_RING_SLOTS && index == WUDF_RING_SLOTS; i++)
        if (!g->slots[i] && wudf_load_acquire(&wudf_ring_slot_at(g->base, i)->state) == WUDF_SLOT_FREE)
            index = i;
    uint32_t offset = index < WUDF_RING_SLOTS ? arena_alloc(g, need ? need : 1) : UINT32_MAX;
    if (offset == UINT32_MAX)
        return -1;
    uint8_t *arena = wudf_ring_arena(g->base);
    if (m->input_length)
        memcpy(arena + offset, m->payload, m->input_length);
    wudf_ring_slot *slot = wudf_ring_slot_at(g->base, index);
    slot->major = m->major;
    slot->ioctl_code = m->ioctl_code;
    slot->input_offset = offset;
    slot->input_length = m->input_length;
    slot->output_offset = offset + in;
    slot->output_length = m->output_length;
    slot->offset = m->offset;
    slot->tag = r->id;
    slot->sequence = m->information;
    slot->status = 0;
    slot->information = 0;
    r->ring = g;
    r->file = m->file_id;
    r->slot = index;
    r->arena_offset = offset;
    r->arena_length = need ? need : 1;
    r->input_length = m->input_length;
    r->output_offset = offset + in;
    g->slots[index] = r;
    g->used++;
    wudf_store_release(&slot->state, WUDF_SLOT_SUBMITTED);
    __atomic_store_n(&h->sq[g->tail % WUDF_RING_SLOTS], index, __ATOMIC_RELAXED);
    g->tail++;
    __atomic_store_n(&h->sq_tail, g->tail, __ATOMIC_SEQ_CST);
    wudf_ring_bell *bell = g->bell;
    __atomic_fetch_add(&bell->bell, 1u, __ATOMIC_SEQ_CST);
    wudf_shared_word_wake(&bell->bell, 1);
    /* The reflector may have failed the ring just before we published: settle it ourselves. */
    if (__atomic_load_n(&h->host_gone, __ATOMIC_SEQ_CST) &&
        wudf_ring_finish(slot, WUDF_SLOT_SUBMITTED, WUDF_STATUS_DRIVER_PROCESS_TERMINATED, 0))
        wudf_wakeup_signal(c->notify_fd);
    return 0;
}

void wudf_cring_close(wudf_client *c, cring *g)
{
    g->closed = 1;
    if (!c->reaping && !reap(c, g) && !g->used) {
        unmap(g);
        return;
    }
    g->next_closed = c->closed_rings;
    c->closed_rings = g;
}

void wudf_cring_forget(creq *r)
{
    cring *g = r->ring;
    if (!g)
        return;
    g->slots[r->slot] = NULL;
    g->used--;
    r->ring = NULL;
}

static void on_poll_closed(uv_handle_t *h)
{
    (void)h;
}

void wudf_cring_free_all(wudf_client *c)
{
    for (creq *r = c->requests; r; r = r->next)
        wudf_cring_forget(r);
    for (size_t k = 0; k < c->open_count; k++) {
        if (c->open_files[k].ring)
            unmap(c->open_files[k].ring);
        c->open_files[k].ring = NULL;
    }
    while (c->closed_rings) {
        cring *g = c->closed_rings;
        c->closed_rings = g->next_closed;
        unmap(g);
    }
    while (c->passed) {
        passed_fd *p = c->passed;
        c->passed = p->next;
        wudf_descriptor_close(p->fd);
        free(p);
    }
    if (c->notify_fd >= 0) {
        uv_close((uv_handle_t *)&c->notify_poll, on_poll_closed);
        wudf_descriptor_close(c->notify_fd);
        c->notify_fd = -1;
    }
}
