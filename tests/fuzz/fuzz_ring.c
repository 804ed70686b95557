/* Fuzz target for the fast path's shared memory as the host reads it (common/ring_slots.c): a client may
 * write anything into its ring. Input: the host's own count of submissions taken (4 bytes), the
 * slots it holds (8 bytes), the first 320 bytes of the header, then the slots. Checked besides
 * memory errors and UB: the host takes a slot only out of SUBMITTED and never one it holds, stops
 * at the first violation, accepts only buffers inside the arena, and every slot completes once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openwudf/proto.h>

#include <openwudf/status.h>

#include "fuzz_check.h"
#include "ring_slots.h"

#define HEADER_BYTES 320u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 12)
        return 0;
    uint32_t head;
    uint64_t busy;
    memcpy(&head, data, 4);
    memcpy(&busy, data + 4, 8);
    data += 12;
    size -= 12;
    uint8_t *base = calloc(1, WUDF_RING_ARENA_OFFSET); /* the arena itself is never read here */
    FUZZ_CHECK(base != NULL);
    size_t n = size < HEADER_BYTES ? size : HEADER_BYTES;
    memcpy(base, data, n);
    if (size > HEADER_BYTES) {
        size_t m = size - HEADER_BYTES;
        if (m > WUDF_RING_SLOTS * sizeof(wudf_ring_slot))
            m = WUDF_RING_SLOTS * sizeof(wudf_ring_slot);
        memcpy(base + WUDF_RING_SLOTS_OFFSET, data + HEADER_BYTES, m);
    }
    uint32_t before[WUDF_RING_SLOTS];
    for (uint32_t i = 0; i < WUDF_RING_SLOTS; i++)
        before[i] = wudf_ring_slot_at(base, i)->state;

    for (unsigned round = 0; round < 2 * WUDF_RING_SLOTS + 2; round++) {
        wudf_ring_submission s;
        const char *why = NULL;
        uint32_t was = head;
        int rc = wudf_ring_take(base, &head, busy, &s, &why);
        if (rc == WUDF_RING_TAKE_NONE) {
            FUZZ_CHECK(head == was);
            break;
        }
        if (rc == WUDF_RING_TAKE_VIOLATION) {
            FUZZ_CHECK(why != NULL);
            break;
        }
        FUZZ_CHECK(rc == WUDF_RING_TAKE_OK);
        FUZZ_CHECK(head == was + 1);
        FUZZ_CHECK(s.index < WUDF_RING_SLOTS);
        FUZZ_CHECK(!(busy >> s.index & 1u));
        FUZZ_CHECK(before[s.index] == WUDF_SLOT_SUBMITTED);
        wudf_ring_slot *slot = wudf_ring_slot_at(base, s.index);
        FUZZ_CHECK(slot->state == WUDF_SLOT_TAKEN);
        if (wudf_ring_submission_valid(&s)) {
            FUZZ_CHECK((uint64_t)s.input_offset + s.input_length <= WUDF_RING_ARENA_SIZE);
            FUZZ_CHECK((uint64_t)s.output_offset + s.output_length <= WUDF_RING_ARENA_SIZE);
            FUZZ_CHECK(s.major == WUDF_IRP_MJ_READ || s.major == WUDF_IRP_MJ_WRITE ||
                       s.major == WUDF_IRP_MJ_DEVICE_CONTROL || s.major == WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL);
            FUZZ_CHECK(s.major != WUDF_IRP_MJ_READ || s.input_length == 0);
            FUZZ_CHECK(s.major != WUDF_IRP_MJ_WRITE || s.output_length == 0);
        }
        busy |= 1ull << s.index;
        /* Half are completed by the host at once, the rest are left for the reflector. */
        if (round % 2 == 0) {
            FUZZ_CHECK(wudf_ring_finish(slot, WUDF_SLOT_TAKEN, 0, 1) == 1);
            FUZZ_CHECK(wudf_ring_finish(slot, WUDF_SLOT_TAKEN, 0, 2) == 0);
            FUZZ_CHECK(slot->information == 1);
        }
    }
    /* The host dies: whatever is still in flight completes, once. */
    unsigned left = wudf_ring_in_flight(base);
    FUZZ_CHECK(left <= WUDF_RING_SLOTS);
    FUZZ_CHECK(wudf_ring_fail_in_flight(base, WUDF_STATUS_DRIVER_PROCESS_TERMINATED) == left);
    FUZZ_CHECK(wudf_ring_in_flight(base) == 0);
    FUZZ_CHECK(wudf_ring_fail_in_flight(base, WUDF_STATUS_DRIVER_PROCESS_TERMINATED) == 0);
    free(base);
    return 0;
}
