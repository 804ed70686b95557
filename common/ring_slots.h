/*
 * Slot operations on a fast-path ring (inc/openwudf/ring.h) that the
 * reflector, the host and the client library share.
 */
#ifndef OPENWUDF_COMMON_RING_SLOTS_H
#define OPENWUDF_COMMON_RING_SLOTS_H

#include <openwudf/ring.h>

#include "platform.h"

static inline uint32_t wudf_load_acquire(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void wudf_store_release(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Compare-and-swap, sequentially consistent; nonzero when *p was expected and is now desired. */
static inline int wudf_cas(uint32_t *p, uint32_t expected, uint32_t desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

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

/* A submission as the host copied it out of its slot, once. */
typedef struct wudf_ring_submission {
    uint32_t index;
    uint8_t major;
    uint32_t ioctl_code;
    uint32_t input_offset, input_length, output_offset, output_length;
    uint64_t offset;
    uint64_t tag;
    uint64_t sequence;
} wudf_ring_submission;

enum wudf_ring_take_result {
    WUDF_RING_TAKE_NONE,      /* nothing new */
    WUDF_RING_TAKE_OK,        /* out holds it, its slot is TAKEN */
    WUDF_RING_TAKE_VIOLATION, /* the client broke the protocol: *why says how; serve it no more */
};
/*
 * The host's side: takes the submission after *head (the host's own count), if any. busy has bit
 * i set while slot i holds a request the host took and has not completed.
 */
int wudf_ring_take(void *base, uint32_t *head, uint64_t busy, wudf_ring_submission *out, const char **why);
/* Nonzero when a taken submission asks for something the host may carry out: a known major
 * function with the buffers its kind allows, inside the arena. */
int wudf_ring_submission_valid(const wudf_ring_submission *s);

#endif
