/* Slot operations of the fast-path ring (common/ring_slots.c): each slot completes exactly once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include <openwudf/status.h>

#include "ring_slots.h"


static void *new_ring(void)
{
    void *base = calloc(1, WUDF_RING_ARENA_OFFSET);
    assert_non_null(base);
    wudf_ring_init(base);
    return base;
}

static void a_slot_completes_once_whoever_tries(void **state)
{
    (void)state;
    void *base = new_ring();
    wudf_ring_slot *s = wudf_ring_slot_at(base, 3);
    s->state = WUDF_SLOT_TAKEN;
    assert_int_equal(wudf_ring_finish(s, WUDF_SLOT_TAKEN, 0, 42), 1);
    assert_int_equal(s->state, WUDF_SLOT_DONE);
    assert_int_equal(s->information, 42);
    /* A second completion, from the host or the reflector, changes nothing. */
    assert_int_equal(wudf_ring_finish(s, WUDF_SLOT_TAKEN, WUDF_STATUS_DRIVER_PROCESS_TERMINATED, 0), 0);
    assert_int_equal(wudf_ring_finish(s, WUDF_SLOT_SUBMITTED, WUDF_STATUS_DRIVER_PROCESS_TERMINATED, 0), 0);
    assert_int_equal(s->status, 0);
    assert_int_equal(s->information, 42);
    free(base);
}

static void a_dead_host_leaves_each_request_completed_once(void **state)
{
    (void)state;
    void *base = new_ring();
    static const uint32_t states[] = {WUDF_SLOT_FREE, WUDF_SLOT_SUBMITTED, WUDF_SLOT_TAKEN, WUDF_SLOT_COMPLETING,
                                      WUDF_SLOT_DONE};
    for (uint32_t i = 0; i < 5; i++) {
        wudf_ring_slot *s = wudf_ring_slot_at(base, i);
        s->state = states[i];
        s->status = 7;
        s->information = 9;
    }
    assert_int_equal(wudf_ring_in_flight(base), 3);
    assert_int_equal(wudf_ring_fail_in_flight(base, WUDF_STATUS_DRIVER_PROCESS_TERMINATED), 3);
    assert_int_equal(wudf_ring_header_of(base)->host_gone, 1);
    assert_int_equal(wudf_ring_in_flight(base), 0);
    assert_int_equal(wudf_ring_slot_at(base, 0)->state, WUDF_SLOT_FREE);
    for (uint32_t i = 1; i < 4; i++) {
        assert_int_equal(wudf_ring_slot_at(base, i)->state, WUDF_SLOT_DONE);
        assert_int_equal(wudf_ring_slot_at(base, i)->status, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
        assert_int_equal(wudf_ring_slot_at(base, i)->information, 0);
    }
    /* The request the host had completed keeps its own result. */
    assert_int_equal(wudf_ring_slot_at(base, 4)->status, 7);
    assert_int_equal(wudf_ring_slot_at(base, 4)->information, 9);
    /* Nothing is left for a second pass. */
    assert_int_equal(wudf_ring_fail_in_flight(base, WUDF_STATUS_DRIVER_PROCESS_TERMINATED), 0);
    free(base);
}

static void the_layout_fits_its_pages(void **state)
{
    (void)state;
    assert_int_equal(sizeof(wudf_ring_slot), 64);
    assert_true(sizeof(wudf_ring_header) <= WUDF_RING_HEADER_SIZE);
    assert_int_equal(WUDF_RING_SLOTS_OFFSET + WUDF_RING_SLOTS * sizeof(wudf_ring_slot), WUDF_RING_ARENA_OFFSET);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_slot_completes_once_whoever_tries),
        cmocka_unit_test(a_dead_host_leaves_each_request_completed_once),
        cmocka_unit_test(the_layout_fits_its_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
