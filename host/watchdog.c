/*
 * How long the oldest driver callback in progress has run. Every callback into the driver is made
 * between wudf_device_enter and wudf_device_leave; those mark the calling thread busy since now.
 * The channel thread reads the marks when it answers the reflector's heartbeat, so a callback that
 * never returns shows (docs/architecture.md, "A driver callback that never returns"). A thread's
 * mark is one atomic word: entering and leaving take no lock.
 */
#include "watchdog.h"

#include <stdatomic.h>

#include "platform.h"

/* Threads that ever call into the driver: the host's fixed pools, far fewer than this. */
#define WATCHED_THREADS 64

static _Atomic uint64_t busy_since[WATCHED_THREADS]; /* 0: not in a callback */
static atomic_uint threads_seen;
static _Thread_local int my_slot = -1;
static _Thread_local unsigned my_depth;

void wudf_watchdog_enter(void)
{
    if (my_slot < 0) {
        unsigned slot = atomic_fetch_add(&threads_seen, 1);
        my_slot = slot < WATCHED_THREADS ? (int)slot : WATCHED_THREADS; /* beyond: not watched */
    }
    /* A callback made from inside another (a completion routine run by Complete) keeps the outer mark. */
    if (my_depth++ == 0 && my_slot < WATCHED_THREADS)
        atomic_store(&busy_since[my_slot], wudf_now_ms());
}

void wudf_watchdog_leave(void)
{
    if (my_depth && --my_depth == 0 && my_slot < WATCHED_THREADS)
        atomic_store(&busy_since[my_slot], 0);
}

uint64_t wudf_watchdog_oldest_ms(void)
{
    uint64_t now = wudf_now_ms(), oldest = 0;
    unsigned seen = atomic_load(&threads_seen);
    for (unsigned i = 0; i < seen && i < WATCHED_THREADS; i++) {
        uint64_t since = atomic_load(&busy_since[i]);
        if (since && since <= now && now - since > oldest)
            oldest = now - since;
    }
    return oldest;
}
