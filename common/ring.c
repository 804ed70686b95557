/* Slot operations on a fast-path ring (ring.h). */
#include "ring.h"

#include <string.h>

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
