/*
 * Slot operations on a fast-path ring (inc/openwudf/ring.h) that the
 * reflector, the host and the client library share.
 */
#ifndef OPENWUDF_COMMON_RING_H
#define OPENWUDF_COMMON_RING_H

#include <openwudf/ring.h>

#include "shm.h"

static inline wudf_ring_header *wudf_ring_header_of(void *base)
{
    return (wudf_ring_header *)base;
}

static inline wudf_ring_slot *wudf_ring_slot_at(void *base, uint32_t index)
{
    return (wudf_ring_slot *)((uint8_t *)base + WUDF_RING_SLOTS_OFFSET) + index;
}

static inline uint8_t *wudf_ring_arena(void *base)
{
    return (uint8_t *)base + WUDF_RING_ARENA_OFFSET;
}

/* Writes the header of a new ring (the reflector, before anyone else maps it). */
void wudf_ring_init(void *base);
/*
 * Completes the slot if its state is from: COMPLETING, then status and
 * information, then DONE. Nonzero when this call completed it; a slot is
 * completed exactly once whoever tries.
 */
int wudf_ring_finish(wudf_ring_slot *slot, uint32_t from, int32_t status, uint64_t information);
/* Slots submitted and not yet done. */
unsigned wudf_ring_in_flight(void *base);
/* The reflector, once the host has exited: every request it left completes with status. */
unsigned wudf_ring_fail_in_flight(void *base, int32_t status);

#endif
