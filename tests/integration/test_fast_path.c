/* The fast path (docs/fast-path.md): shared-memory rings between client and host, with the reflector
 * still completing, exactly once, what a dead host left in them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openwudf/ring.h>

#include "echo_ioctl.h"
#include "faulty_ioctl.h"
#include "fixture.h"
#include "platform.h"

#define T 10000
#define ECHO_ID "ROOT\\ECHO\\0000"
#define PENDS 10

/* Completions per request id, to see each arrive exactly once. */
typedef struct tally {
    unsigned calls[PENDS];
    wudf_status status[PENDS];
    uint64_t information[PENDS];
    unsigned total;
    wudf_request_id first;
} tally;

static void on_done(wudf_client *c, wudf_request_id id, wudf_status status, uint64_t information, void *context)
{
    (void)c, (void)id, (void)information;
    tally *t = context;
    unsigned i = (unsigned)(id % PENDS);
    t->calls[i]++;
    t->status[i] = status;
    t->information[i] = information;
    t->total++;
}

/* Every one of the PENDS requests completes, once, with status. */
static void expect_each_once(wudf_client *c, const tally *t, wudf_status status)
{
    uint64_t deadline = uv_hrtime() + 15000ull * 1000000u;
    while (t->total < PENDS && uv_hrtime() < deadline)
        wudf_poll(c, 100);
    assert_int_equal(t->total, PENDS);
    for (unsigned i = 0; i < PENDS; i++) {
        assert_int_equal(t->calls[i], 1);
        assert_int_equal(t->status[i], status);
    }
}

/* A new client with ROOT\\ECHO\\0000 open as *f. */
static wudf_client *open_echo(harness *h, wudf_handle *f)
{
    wudf_client *c = harness_client(h);
    assert_non_null(c);
    assert_int_equal(wudf_open(c, ECHO_ID, T, f), 0);
    return c;
}

/* Pends PENDS requests in the echo driver; their ids, in order, are consecutive. */
static void pend_all(wudf_client *c, wudf_handle f, tally *t)
{
    memset(t, 0, sizeof *t);
    wudf_request_id first = 0;
    for (unsigned i = 0; i < PENDS; i++) {
        wudf_request_id id;
        assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, on_done, t, &id), 0);
        if (i == 0)
            first = id;
        assert_true(id == first + i);
    }
    t->first = first;
    assert_int_equal(fixture_wait_pended(c, f, PENDS), 0);
}

/* Cancels what pend_all pended: each completes once with WUDF_STATUS_CANCELLED. */
static void cancel_all(wudf_client *c, const tally *t)
{
    for (unsigned i = 0; i < PENDS; i++)
        assert_int_equal(wudf_cancel(c, t->first + i), 0);
    expect_each_once(c, t, WUDF_STATUS_CANCELLED);
}

static void opens_take_the_fast_path_and_status_counts_its_requests(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    wudf_handle f;
    wudf_client *c = open_echo(h, &f);
    assert_int_equal(harness_wait_log(h, "event=fast-path-open device=ROOT\\ECHO\\0000", mark, T), 0);

    uint8_t in[300], out[300];
    for (unsigned i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i * 7);
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_LOOPBACK, in, sizeof in, out, sizeof out, &n, T), 0);
    assert_int_equal(n, sizeof in);
    assert_memory_equal(in, out, sizeof in);

    tally t;
    pend_all(c, f, &t);
    assert_int_equal(harness_field_number(h, ECHO_ID, "pending_fast_path"), PENDS);
    assert_int_equal(harness_field_number(h, ECHO_ID, "pending"), PENDS);
    /* Cancels reach the driver's cancel routine through the reflector and the host's channel. */
    cancel_all(c, &t);
    assert_int_equal(harness_field_number(h, ECHO_ID, "pending_fast_path"), 0);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void a_host_killed_with_requests_in_its_rings_completes_each_once(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_echo(h, &f);
    tally t;
    pend_all(c, f, &t);
    size_t mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, ECHO_ID) > 0);
    expect_each_once(c, &t, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    assert_int_equal(harness_wait_log(h, "event=fast-path-failed", mark, T), 0);
    /* Nothing more arrives later. */
    wudf_poll(c, 200);
    assert_int_equal(t.total, PENDS);
    assert_int_equal(wudf_outstanding(c), 0);

    /* The old handle belonged to the dead host; a new one reaches the new host by its ring. */
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    uint32_t n;
    assert_int_equal(wudf_write(c, f, "x", 1, 0, &n, T), WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    assert_int_equal(wudf_close(c, f), 0);
    mark = harness_log_mark(h);
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    assert_int_equal(harness_wait_log(h, "event=fast-path-open", mark, T), 0);
    assert_int_equal(wudf_write(c, f, "abc", 3, 0, &n, T), 0);
    assert_int_equal(n, 3);
    char back[8];
    assert_int_equal(wudf_read(c, f, back, sizeof back, 0, &n, T), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(back, "abc", 3);
    wudf_disconnect(c);
}

static void requests_larger_than_the_ring_take_the_socket(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_echo(h, &f);
    /* 3 MiB in and 3 MiB out do not fit in the 4 MiB arena together. */
    uint32_t size = 3u << 20;
    uint8_t *in = malloc(size), *out = malloc(size);
    assert_non_null(in);
    assert_non_null(out);
    for (uint32_t i = 0; i < size; i++)
        in[i] = (uint8_t)(i ^ (i >> 9));
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_LOOPBACK, in, size, out, size, &n, T), 0);
    assert_int_equal(n, size);
    assert_memory_equal(in, out, size);
    /* And a 1 MiB write and read, which fit, go by the ring. */
    assert_int_equal(wudf_write(c, f, in, 1u << 20, 0, &n, T), 0);
    assert_int_equal(n, 1u << 20);
    memset(out, 0, size);
    assert_int_equal(wudf_read(c, f, out, 1u << 20, 0, &n, T), 0);
    assert_int_equal(n, 1u << 20);
    assert_memory_equal(in, out, 1u << 20);
    free(in);
    free(out);
    wudf_disconnect(c);
}

/* The address of this process's only mapping of name with size bytes (from /proc/self/maps), or NULL. */
static void *find_mapping(const char *name, unsigned long size)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return NULL;
    char line[512];
    unsigned long start = 0;
    unsigned found = 0;
    while (fgets(line, sizeof line, maps)) {
        if (strstr(line, name)) {
            unsigned long a, b;
            if (sscanf(line, "%lx-%lx", &a, &b) == 2 && b - a == size) {
                start = a;
                found++;
            }
        }
    }
    fclose(maps);
    return found == 1 ? (void *)(uintptr_t)start : NULL;
}

static void a_client_that_breaks_its_ring_hurts_only_itself(void **state)
{
    harness *h = *state;
    long long pid = harness_field_number(h, ECHO_ID, "host_pid");
    long long restarts = harness_field_number(h, ECHO_ID, "restarts");
    wudf_client *bad = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(bad, ECHO_ID, T, &f), 0);
    wudf_ring_header *ring = find_mapping("memfd:openwudf-ring", WUDF_RING_SIZE);
    wudf_ring_bell *bell = find_mapping("memfd:openwudf-bell", WUDF_RING_BELL_SIZE);
    assert_non_null(ring);
    assert_non_null(bell);
    /* Submits slot 200 of a ring that has 64, then rings the bell. */
    size_t mark = harness_log_mark(h);
    uint32_t tail = __atomic_load_n(&ring->sq_tail, __ATOMIC_SEQ_CST);
    ring->sq[tail % WUDF_RING_SLOTS] = 200;
    __atomic_store_n(&ring->sq_tail, tail + 1, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&bell->bell, 1u, __ATOMIC_SEQ_CST);
    wudf_shared_word_wake(&bell->bell, 1);
    assert_int_equal(harness_wait_log(h, "event=ring-violation", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "slot index out of range", mark, T), 0);

    /* The host goes on serving everyone else, and nobody was recycled. */
    wudf_client *good = harness_client(h);
    wudf_handle g;
    assert_int_equal(wudf_open(good, ECHO_ID, T, &g), 0);
    uint32_t v = 0x1234, back = 0, n = 0;
    assert_int_equal(wudf_ioctl(good, g, IOCTL_ECHO_LOOPBACK, &v, 4, &back, 4, &n, T), 0);
    assert_int_equal(back, v);
    assert_int_equal(harness_field_number(h, ECHO_ID, "host_pid"), pid);
    assert_int_equal(harness_field_number(h, ECHO_ID, "restarts"), restarts);
    wudf_disconnect(good);
    wudf_disconnect(bad);
}

/* Polls the faulty driver until it holds want requests; 0, or -1 after 10 s. */
static int wait_held(wudf_client *c, wudf_handle f, uint32_t want)
{
    uint64_t deadline = uv_hrtime() + 10000ull * 1000000u;
    while (uv_hrtime() < deadline) {
        struct faulty_stats s;
        uint32_t n;
        if (wudf_ioctl(c, f, IOCTL_FAULTY_GET_STATS, NULL, 0, &s, sizeof s, &n, T) != 0)
            return -1;
        if (s.held == want)
            return 0;
    }
    return -1;
}

static int guard_intact(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0xee)
            return 0;
    return 1;
}

static void a_host_that_scribbles_on_a_ring_cannot_hurt_its_client(void **state)
{
    harness *h = *state;
    char id[300];
    assert_true(harness_install(h, "faulty.inf", NULL, id, sizeof id) >= 0);
    long long pid = harness_field_number(h, id, "host_pid");
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, id, T, &f), 0);
    /* Requests the driver holds, each with a guard after the output buffer it offered. */
    enum { HELD = 5, OUT = 64, GUARD = 64 };
    static uint8_t out[HELD][OUT + GUARD];
    memset(out, 0xee, sizeof out);
    tally t;
    memset(&t, 0, sizeof t);
    for (unsigned i = 0; i < HELD; i++)
        assert_int_equal(wudf_ioctl_async(c, f, IOCTL_FAULTY_HOLD, NULL, 0, out[i], OUT, on_done, &t, NULL), 0);
    assert_int_equal(wait_held(c, f, HELD), 0);

    /* The driver marks every slot done, with garbage status and information 2^64-1. */
    struct faulty_inject inject = {FAULTY_SCRIBBLE_RING, 0};
    uint8_t io[16 + GUARD];
    memset(io, 0xee, sizeof io);
    uint32_t n = 0;
    wudf_ioctl(c, f, IOCTL_FAULTY_INJECT, &inject, sizeof inject, io, 16, &n, T);
    assert_true(n <= 16);
    assert_true(guard_intact(io + 16, GUARD));
    /* Each held request completes once, no byte beyond its buffer is written. */
    uint64_t deadline = uv_hrtime() + 10000ull * 1000000u;
    while (t.total < HELD && uv_hrtime() < deadline)
        wudf_poll(c, 100);
    assert_int_equal(t.total, HELD);
    for (unsigned i = 0; i < HELD; i++)
        assert_true(guard_intact(out[i] + OUT, GUARD));
    for (unsigned i = 0; i < PENDS; i++) {
        assert_true(t.calls[i] <= 1);
        assert_true(t.information[i] <= OUT);
    }
    /* The file still works (by socket: every slot of its ring is spoiled), nothing was recycled. */
    uint32_t v = 0xabcd, back = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FAULTY_LOOPBACK, &v, 4, &back, 4, &n, T), 0);
    assert_int_equal(back, v);
    wudf_disconnect(c);
    assert_int_equal(harness_field_number(h, id, "host_pid"), pid);
    c = harness_client(h);
    assert_int_equal(wudf_open(c, id, T, &f), 0);
    back = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FAULTY_LOOPBACK, &v, 4, &back, 4, &n, T), 0);
    assert_int_equal(back, v);
    wudf_disconnect(c);
}

/* Writes and reads of one file, issued alternately without waiting: each read must return what the
 * write just before it wrote, whichever path (ring or socket) each took. The client reaps every
 * ORDER_REAP pairs, so that ring slots free up while earlier requests that overflowed to the socket
 * are still on their way; 2 * ORDER_REAP requests between reaps are more than the ring holds, so
 * some overflow however fast the host is. */
#define ORDER_PAIRS 300
#define ORDER_REAP 40
_Static_assert(2 * ORDER_REAP > WUDF_RING_SLOTS, "more requests between reaps than the ring holds");

typedef struct order_book {
    char wrote[ORDER_PAIRS][8], read[ORDER_PAIRS][8];
    unsigned done, failed;
} order_book;

static void on_ordered(wudf_client *c, wudf_request_id id, wudf_status status, uint64_t information, void *context)
{
    (void)c, (void)id, (void)information;
    order_book *b = context;
    b->done++;
    b->failed += status != 0;
}

static void a_files_requests_reach_its_driver_in_the_order_issued(void **state)
{
    harness *h = *state;
    wudf_handle f;
    size_t mark = harness_log_sync(h);
    wudf_client *c = open_echo(h, &f);
    static order_book b;
    memset(&b, 0, sizeof b);
    for (unsigned k = 0; k < ORDER_PAIRS; k++) {
        wudf_request_id id;
        snprintf(b.wrote[k], sizeof b.wrote[k], "v%05u", k);
        assert_int_equal(wudf_write_async(c, f, b.wrote[k], 7, 0, on_ordered, &b, &id), 0);
        assert_int_equal(wudf_read_async(c, f, b.read[k], 7, 0, on_ordered, &b, &id), 0);
        if (k % ORDER_REAP == ORDER_REAP - 1)
            wudf_poll(c, 0);
    }
    uint64_t deadline = uv_hrtime() + 20000ull * 1000000u;
    while (b.done < 2 * ORDER_PAIRS && uv_hrtime() < deadline)
        wudf_poll(c, 100);
    assert_int_equal(b.done, 2 * ORDER_PAIRS);
    assert_int_equal(b.failed, 0);
    for (unsigned k = 0; k < ORDER_PAIRS; k++)
        assert_string_equal(b.read[k], b.wrote[k]);
    /* Both ways were taken: the host logs the writes that came by socket. */
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_true(harness_log_count(h, "major=write", mark) > 0);
    wudf_disconnect(c);
}

static void a_client_can_stay_on_the_socket_path(void **state)
{
    harness *h = *state;
    setenv("WUDF_FAST_PATH", "0", 1);
    size_t mark = harness_log_sync(h);
    assert_true(mark != (size_t)-1);
    wudf_client *c = harness_client(h);
    unsetenv("WUDF_FAST_PATH");
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    uint32_t n;
    assert_int_equal(wudf_write(c, f, "socket", 6, 0, &n, T), 0);
    char back[8];
    assert_int_equal(wudf_read(c, f, back, sizeof back, 0, &n, T), 0);
    assert_int_equal(n, 6);
    assert_memory_equal(back, "socket", 6);
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "event=fast-path-open", mark), 0);
    wudf_disconnect(c);
}

static void disabling_the_device_cancels_what_its_driver_holds_from_rings(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_echo(h, &f);
    tally t;
    pend_all(c, f, &t);
    /* The orderly stop purges the queues: the driver's cancel routine completes each request. */
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "disable", ECHO_ID, &reply), 0);
    assert_string_equal(wudf_kv_get(&reply, "state"), "disabled");
    wudf_kv_free(&reply);
    expect_each_once(c, &t, WUDF_STATUS_CANCELLED);
    wudf_poll(c, 200);
    assert_int_equal(t.total, PENDS);
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "enable", ECHO_ID, &reply), 0);
    assert_string_equal(wudf_kv_get(&reply, "state"), "started");
    wudf_kv_free(&reply);
    wudf_disconnect(c);
}

static void a_reflector_without_the_fast_path_serves_by_socket(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    wudf_handle f;
    wudf_client *c = open_echo(h, &f);
    tally t;
    pend_all(c, f, &t);
    /* The reflector sees every request: none is in a ring. */
    assert_int_equal(harness_field_number(h, ECHO_ID, "pending"), PENDS);
    assert_int_equal(harness_field_number(h, ECHO_ID, "pending_fast_path"), 0);
    cancel_all(c, &t);
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "event=fast-path-open", mark), 0);
    wudf_disconnect(c);
}

static int setup(void **state)
{
    /* The order test counts the host's debug lines: none may be dropped by the rate limit. */
    static const char *const args[] = {"--host-log-rate", "0", NULL};
    harness_options o;
    memset(&o, 0, sizeof o);
    o.extra_args = args;
    return fixture_start_with_echo(state, &o);
}

static int setup_without_fast_path(void **state)
{
    static const char *const args[] = {"--no-fast-path", NULL};
    harness_options o;
    memset(&o, 0, sizeof o);
    o.extra_args = args;
    return fixture_start_with_echo(state, &o);
}

int main(void)
{
    const struct CMUnitTest without[] = {
        cmocka_unit_test(a_reflector_without_the_fast_path_serves_by_socket),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_take_the_fast_path_and_status_counts_its_requests),
        cmocka_unit_test(a_host_killed_with_requests_in_its_rings_completes_each_once),
        cmocka_unit_test(requests_larger_than_the_ring_take_the_socket),
        cmocka_unit_test(a_client_that_breaks_its_ring_hurts_only_itself),
        cmocka_unit_test(a_host_that_scribbles_on_a_ring_cannot_hurt_its_client),
        cmocka_unit_test(a_files_requests_reach_its_driver_in_the_order_issued),
        cmocka_unit_test(a_client_can_stay_on_the_socket_path),
        cmocka_unit_test(disabling_the_device_cancels_what_its_driver_holds_from_rings),
    };
    int failed = cmocka_run_group_tests_name("fast path", tests, setup, fixture_stop);
    return failed + cmocka_run_group_tests_name("wudfrd --no-fast-path", without, setup_without_fast_path,
                                                fixture_stop);
}
