/*
 * The host tests' driver, bookkeeping: the counters, the held requests and
 * the bounded waits that unit tests use (testdrv_api.h).
 */
#include "testdrv_internal.h"

#include <string.h>

testdrv_state testdrv_s;
static uv_once_t state_once = UV_ONCE_INIT;

static void state_init(void)
{
    uv_mutex_init(&testdrv_s.lock);
    uv_cond_init(&testdrv_s.changed);
    testdrv_s.cancel_completes = 1;
}

void testdrv_lock(void)
{
    uv_once(&state_once, state_init);
    uv_mutex_lock(&testdrv_s.lock);
}

void testdrv_unlock(void)
{
    uv_cond_broadcast(&testdrv_s.changed);
    uv_mutex_unlock(&testdrv_s.lock);
}

void testdrv_bump(enum testdrv_counter counter)
{
    testdrv_lock();
    testdrv_s.counters[counter]++;
    testdrv_unlock();
}

void testdrv_enter(void)
{
    testdrv_lock();
    testdrv_s.running++;
    if (testdrv_s.running > testdrv_s.counters[TESTDRV_MAX_CONCURRENT])
        testdrv_s.counters[TESTDRV_MAX_CONCURRENT] = testdrv_s.running;
    testdrv_unlock();
}

void testdrv_leave(void)
{
    testdrv_lock();
    testdrv_s.running--;
    testdrv_unlock();
}

void testdrv_hold(IWDFIoRequest *request)
{
    testdrv_lock();
    if (testdrv_s.held_count < TESTDRV_MAX_HELD)
        testdrv_s.held[testdrv_s.held_count++] = request;
    testdrv_unlock();
}

int testdrv_unhold(IWDFIoRequest *request)
{
    int found = 0;
    testdrv_lock();
    for (unsigned i = 0; i < testdrv_s.held_count && !found; i++)
        if (testdrv_s.held[i] == request) {
            memmove(&testdrv_s.held[i], &testdrv_s.held[i + 1], (testdrv_s.held_count - i - 1) * sizeof request);
            testdrv_s.held_count--;
            found = 1;
        }
    testdrv_unlock();
    return found;
}

void testdrv_ascii(const WCHAR *text, char *out, size_t size)
{
    size_t i = 0;
    for (; text && text[i] && i + 1 < size; i++)
        out[i] = text[i] < 0x80 ? (char)text[i] : '?';
    out[i] = '\0';
}

/* ---- Test-facing API (testdrv_api.h) ---- */

void testdrv_reset(void)
{
    testdrv_lock();
    memset(testdrv_s.counters, 0, sizeof testdrv_s.counters);
    testdrv_s.running = 0;
    testdrv_s.held_count = 0;
    testdrv_s.unblocked = 0;
    testdrv_s.cancel_completes = 1;
    testdrv_s.driver = NULL;
    testdrv_s.device = NULL;
    testdrv_s.queue = NULL;
    testdrv_s.instance_id[0] = '\0';
    testdrv_s.instance_id_size = 0;
    testdrv_s.last_file[0] = '\0';
    testdrv_s.fail_create = 0;
    testdrv_s.data_length = 0;
    testdrv_unlock();
    testdrv_reset_driver();
}

uint32_t testdrv_count(enum testdrv_counter counter)
{
    testdrv_lock();
    uint32_t n = testdrv_s.counters[counter];
    testdrv_unlock();
    return n;
}

/* Waits on the state's condition until *value >= target or the time is up. */
static int wait_at_least(const unsigned *value, unsigned target, unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    testdrv_lock();
    while (*value < target) {
        uint64_t now = uv_hrtime();
        if (now >= deadline || uv_cond_timedwait(&testdrv_s.changed, &testdrv_s.lock, deadline - now))
            break;
    }
    int ok = *value >= target;
    uv_mutex_unlock(&testdrv_s.lock);
    return ok ? 0 : -1;
}

int testdrv_wait_count(enum testdrv_counter counter, uint32_t at_least, unsigned timeout_ms)
{
    return wait_at_least(&testdrv_s.counters[counter], at_least, timeout_ms);
}

int testdrv_wait_held(unsigned count, unsigned timeout_ms)
{
    return wait_at_least(&testdrv_s.held_count, count, timeout_ms);
}

unsigned testdrv_held_count(void)
{
    testdrv_lock();
    unsigned n = testdrv_s.held_count;
    testdrv_unlock();
    return n;
}

IWDFIoRequest *testdrv_peek_held(unsigned index)
{
    testdrv_lock();
    IWDFIoRequest *r = index < testdrv_s.held_count ? testdrv_s.held[index] : NULL;
    testdrv_unlock();
    return r;
}

IWDFIoRequest *testdrv_take_held(void)
{
    IWDFIoRequest *r = NULL;
    testdrv_lock();
    if (testdrv_s.held_count) {
        r = testdrv_s.held[0];
        memmove(&testdrv_s.held[0], &testdrv_s.held[1], (testdrv_s.held_count - 1) * sizeof r);
        testdrv_s.held_count--;
    }
    testdrv_unlock();
    return r;
}

int testdrv_wait_running(unsigned count, unsigned timeout_ms)
{
    return wait_at_least(&testdrv_s.running, count, timeout_ms);
}

int testdrv_wait_idle(unsigned timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    testdrv_lock();
    while (testdrv_s.running) {
        uint64_t now = uv_hrtime();
        if (now >= deadline || uv_cond_timedwait(&testdrv_s.changed, &testdrv_s.lock, deadline - now))
            break;
    }
    int idle = testdrv_s.running == 0;
    uv_mutex_unlock(&testdrv_s.lock);
    return idle ? 0 : -1;
}

unsigned testdrv_running(void)
{
    testdrv_lock();
    unsigned n = testdrv_s.running;
    testdrv_unlock();
    return n;
}

void testdrv_unblock(void)
{
    testdrv_lock();
    testdrv_s.unblocked = 1;
    testdrv_unlock();
}

void testdrv_set_cancel_completes(int completes)
{
    testdrv_lock();
    testdrv_s.cancel_completes = completes;
    testdrv_unlock();
}

IWDFDriver *testdrv_driver(void)
{
    return testdrv_s.driver;
}

IWDFDevice *testdrv_device(void)
{
    return testdrv_s.device;
}

IWDFIoQueue *testdrv_queue(void)
{
    return testdrv_s.queue;
}

const char *testdrv_instance_id(void)
{
    return testdrv_s.instance_id;
}

unsigned long testdrv_instance_id_size(void)
{
    return testdrv_s.instance_id_size;
}

const char *testdrv_last_file_name(void)
{
    return testdrv_s.last_file;
}
