/* Slot operations on a fast-path ring (ring.h). */
#include "ring_slots.h"

#include <string.h>

#include <openwudf/proto.h>

void wudf_ring_init(void *base)
{
    wudf_ring_header *h = wudf_ring_header_of(base);
    memset(h, 0, sizeof *h);
    h->magic = WUDF_RING_MAGIC;
    h->version = WUDF_RING_VERSION;
    h->slot_count = WUDF_RING_SLOTS;
    h->arena_offset = WUDF_RING_ARENA_OFFSET;
    h->arena_size = WUDF_RING_ARENA_SIZE;
}

int wudf_ring_finish(wudf_ring_slot *slot, uint32_t from, int32_t status, uint64_t information)
{
    if (!wudf_cas(&slot->state, from, WUDF_SLOT_COMPLETING))
        return 0;
    slot->status = status;
    slot->information = information;
    wudf_store_release(&slot->state, WUDF_SLOT_DONE);
    return 1;
}

static int in_flight_state(uint32_t s)
{
    return s == WUDF_SLOT_SUBMITTED || s == WUDF_SLOT_TAKEN || s == WUDF_SLOT_COMPLETING;
}

unsigned wudf_ring_in_flight(void *base)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < WUDF_RING_SLOTS; i++)
        n += in_flight_state(wudf_load_acquire(&wudf_ring_slot_at(base, i)->state)) ? 1u : 0u;
    return n;
}

unsigned wudf_ring_fail_in_flight(void *base, int32_t status)
{
    /* Published before the scan: a client that submits after it sees the flag and completes
     * its own slot; one that submitted before is found here. The CAS settles a tie. */
    __atomic_store_n(&wudf_ring_header_of(base)->host_gone, 1u, __ATOMIC_SEQ_CST);
    unsigned n = 0;
    for (uint32_t i = 0; i < WUDF_RING_SLOTS; i++) {
        wudf_ring_slot *s = wudf_ring_slot_at(base, i);
        uint32_t state = wudf_load_acquire(&s->state);
        if (state == WUDF_SLOT_COMPLETING) {
            /* The host died between claiming the completion and publishing it. */
            s->status = status;
            s->information = 0;
            wudf_store_release(&s->state, WUDF_SLOT_DONE);
            n++;
        } else if (state == WUDF_SLOT_SUBMITTED || state == WUDF_SLOT_TAKEN) {
            n += (unsigned)wudf_ring_finish(s, state, status, 0);
        }
    }
    return n;
}

int wudf_ring_take(void *base, uint32_t *head, uint64_t busy, wudf_ring_submission *out, const char **why)
{
    wudf_ring_header *h = wudf_ring_header_of(base);
    uint32_t tail = wudf_load_acquire(&h->sq_tail);
    if (tail == *head)
        return WUDF_RING_TAKE_NONE;
    if (tail - *head > WUDF_RING_SLOTS) {
        *why = "more submissions than slots";
        return WUDF_RING_TAKE_VIOLATION;
    }
    uint32_t index = __atomic_load_n(&h->sq[*head % WUDF_RING_SLOTS], __ATOMIC_RELAXED);
    (*head)++;
    if (index >= WUDF_RING_SLOTS) {
        *why = "slot index out of range";
        return WUDF_RING_TAKE_VIOLATION;
    }
    wudf_ring_slot *slot = wudf_ring_slot_at(base, index);
    if ((busy >> index & 1u) || !wudf_cas(&slot->state, WUDF_SLOT_SUBMITTED, WUDF_SLOT_TAKEN)) {
        *why = "submitted a slot that is not ready";
        return WUDF_RING_TAKE_VIOLATION;
    }
    /* Each field is read once: the client may change the slot while we look. */
    out->index = index;
    out->major = __atomic_load_n(&slot->major, __ATOMIC_RELAXED);
    out->ioctl_code = __atomic_load_n(&slot->ioctl_code, __ATOMIC_RELAXED);
    out->input_offset = __atomic_load_n(&slot->input_offset, __ATOMIC_RELAXED);
    out->input_length = __atomic_load_n(&slot->input_length, __ATOMIC_RELAXED);
    out->output_offset = __atomic_load_n(&slot->output_offset, __ATOMIC_RELAXED);
    out->output_length = __atomic_load_n(&slot->output_length, __ATOMIC_RELAXED);
    out->offset = __atomic_load_n(&slot->offset, __ATOMIC_RELAXED);
    out->tag = __atomic_load_n(&slot->tag, __ATOMIC_RELAXED);
    out->sequence = __atomic_load_n(&slot->sequence, __ATOMIC_RELAXED);
    return WUDF_RING_TAKE_OK;
}

static int range_ok(uint32_t offset, uint32_t length)
{
    return length <= WUDF_RING_ARENA_SIZE && offset <= WUDF_RING_ARENA_SIZE - length;
}

int wudf_ring_submission_valid(const wudf_ring_submission *s)
{
    if (!range_ok(s->input_offset, s->input_length) || !range_ok(s->output_offset, s->output_length))
        return 0;
    switch (s->major) {
    case WUDF_IRP_MJ_READ:
        return !s->input_length && !s->ioctl_code;
    case WUDF_IRP_MJ_WRITE:
        return !s->output_length && !s->ioctl_code;
    case WUDF_IRP_MJ_DEVICE_CONTROL:
    case WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL:
        return 1;
    default:
        return 0;
    }
}
