/* The walking skeleton end to end: install echo from its INF, use it, many requests, many clients. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "echo_ioctl.h"
#include "fixture.h"

#define T 10000 /* ms: bound on any single call in these tests */

static void install_reports_a_started_device_with_its_driver(void **state)
{
    harness *h = *state;
    char v[512];
    harness_field(h, "ROOT\\ECHO\\0000", "state", v, sizeof v);
    assert_string_equal(v, "started");
    harness_field(h, "ROOT\\ECHO\\0000", "service", v, sizeof v);
    assert_string_equal(v, "WudfEcho");
    harness_field(h, "ROOT\\ECHO\\0000", "driver_version", v, sizeof v);
    assert_string_equal(v, "1.0.0.1");
    harness_field(h, "ROOT\\ECHO\\0000", "framework", v, sizeof v);
    assert_non_null(strstr(v, "UMDF 1.x-compatible"));
    assert_true(harness_field_number(h, "ROOT\\ECHO\\0000", "host_pid") > 0);
    assert_int_equal(harness_field_number(h, "ROOT\\ECHO\\0000", "problem"), 0);
    assert_int_equal(harness_field_number(h, "ROOT\\ECHO\\0000", "restarts"), 0);
}

static void write_then_read_returns_the_same_bytes(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    assert_non_null(c);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "ROOT\\ECHO\\0000", T, &f), 0);
    const char msg[] = "the quick brown fox jumps over the lazy driver";
    uint32_t n = 0;
    assert_int_equal(wudf_write(c, f, msg, sizeof msg, 0, &n, T), 0);
    assert_int_equal(n, sizeof msg);
    char back[256];
    memset(back, 0, sizeof back);
    assert_int_equal(wudf_read(c, f, back, sizeof back, 0, &n, T), 0);
    assert_int_equal(n, sizeof msg);
    assert_memory_equal(back, msg, sizeof msg);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void open_by_symbolic_link_and_unknown_names(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    assert_non_null(c);
    wudf_handle f;
    char link[200];
    harness_field(h, "ROOT\\ECHO\\0000", "symlink", link, sizeof link);
    assert_true(link[0] != '\0');
    assert_int_equal(wudf_open(c, "\\\\.\\Echo0", T, &f), 0);
    assert_int_equal(wudf_close(c, f), 0);
    assert_int_equal(wudf_open(c, "\\\\.\\NoSuchDevice", T, &f), WUDF_STATUS_OBJECT_NAME_NOT_FOUND);
    assert_int_equal(wudf_open(c, "ROOT\\NOPE\\0000", T, &f), WUDF_STATUS_OBJECT_NAME_NOT_FOUND);
    /* I/O on a handle never opened */
    uint32_t n;
    assert_int_equal(wudf_write(c, 12345, "x", 1, 0, &n, T), WUDF_STATUS_INVALID_HANDLE);
    wudf_disconnect(c);
}

static void ten_thousand_ioctls_return_their_data(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    assert_non_null(c);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "ROOT\\ECHO\\0000", T, &f), 0);
    for (uint32_t i = 0; i < 10000; i++) {
        uint32_t in[4] = {i, ~i, i * 7, 0xabcdef01u}, out[4] = {0, 0, 0, 0}, n = 0;
        wudf_status st = wudf_ioctl(c, f, IOCTL_ECHO_LOOPBACK, in, sizeof in, out, sizeof out, &n, T);
        if (st != 0 || n != sizeof in || memcmp(in, out, sizeof in) != 0)
            fail_msg("ioctl %u: status 0x%08x, %u bytes", i, (unsigned)st, n);
    }
    struct echo_stats stats;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, &stats, sizeof stats, &n, T), 0);
    assert_int_equal(n, sizeof stats);
    assert_true(stats.ioctls >= 10000);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void driver_status_reaches_the_client(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "ROOT\\ECHO\\0000", T, &f), 0);
    uint32_t want = (uint32_t)WUDF_STATUS_INVALID_DEVICE_REQUEST, n;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_FAIL_WITH, &want, sizeof want, NULL, 0, &n, T), (int32_t)want);
    /* an ioctl the driver does not know */
    assert_int_equal(wudf_ioctl(c, f, 0x00229999u, NULL, 0, NULL, 0, &n, T), WUDF_STATUS_INVALID_DEVICE_REQUEST);
    wudf_disconnect(c);
}

typedef struct worker {
    harness *h;
    unsigned index;
    unsigned done;
    char failure[200];
} worker;

static void client_thread(void *arg)
{
    worker *w = arg;
    wudf_client *c = harness_client(w->h);
    if (!c) {
        snprintf(w->failure, sizeof w->failure, "client %u cannot connect", w->index);
        return;
    }
    wudf_handle f;
    wudf_status st = wudf_open(c, "\\\\.\\Echo0", T, &f);
    for (unsigned i = 0; st == 0 && i < 500; i++) {
        uint32_t in[2] = {w->index, i}, out[2] = {0, 0}, n = 0;
        st = wudf_ioctl(c, f, IOCTL_ECHO_LOOPBACK, in, sizeof in, out, sizeof out, &n, T);
        if (st == 0 && (n != sizeof in || out[0] != w->index || out[1] != i)) {
            snprintf(w->failure, sizeof w->failure, "client %u got another client's data at %u", w->index, i);
            break;
        }
        w->done++;
    }
    if (st != 0)
        snprintf(w->failure, sizeof w->failure, "client %u: status 0x%08x", w->index, (unsigned)st);
    wudf_disconnect(c);
}

static void eight_concurrent_clients_each_get_their_own_answers(void **state)
{
    harness *h = *state;
    worker workers[8];
    uv_thread_t threads[8];
    for (unsigned i = 0; i < 8; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].h = h;
        workers[i].index = i;
        assert_int_equal(uv_thread_create(&threads[i], client_thread, &workers[i]), 0);
    }
    for (unsigned i = 0; i < 8; i++)
        uv_thread_join(&threads[i]);
    for (unsigned i = 0; i < 8; i++) {
        if (workers[i].failure[0])
            fail_msg("%s", workers[i].failure);
        assert_int_equal(workers[i].done, 500);
    }
}

static void async_requests_complete_and_cancel_reaches_the_driver(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "ROOT\\ECHO\\0000", T, &f), 0);
    fixture_result pend = {0, 0, 0}, loop = {0, 0, 0};
    wudf_request_id pend_id, loop_id;
    uint32_t in = 0x5a5a5a5a, out = 0;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, fixture_on_done, &pend, &pend_id), 0);
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_LOOPBACK, &in, 4, &out, 4, fixture_on_done, &loop, &loop_id), 0);
    assert_int_equal(fixture_wait_pended(c, f, 1), 0);
    /* the loopback completes while the pended one stays (in any order: the queue is parallel) */
    assert_int_equal(fixture_wait_done(c, &loop, 10000), 0);
    assert_int_equal(loop.status, 0);
    assert_int_equal(out, in);
    assert_int_equal(pend.done, 0);
    assert_int_equal(wudf_outstanding(c), 1);

    assert_int_equal(wudf_cancel(c, pend_id), 0);
    assert_int_equal(fixture_wait_done(c, &pend, 10000), 0);
    assert_int_equal(pend.status, WUDF_STATUS_CANCELLED); /* STATUS_CANCELLED */
    struct echo_stats s;
    uint32_t n;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, &s, sizeof s, &n, T), 0);
    assert_int_equal(s.pended, 0);
    assert_true(s.cancels >= 1);
    /* a completion routine is required */
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, NULL, NULL, &pend_id),
                     WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void sync_timeout_cancels_the_request(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "ROOT\\ECHO\\0000", T, &f), 0);
    uint32_t n;
    /* the driver holds it; after 300 ms the library cancels and the driver completes it cancelled */
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, &n, 300), WUDF_STATUS_CANCELLED);
    assert_int_equal(wudf_outstanding(c), 0);
    wudf_disconnect(c);
}

static int setup(void **state)
{
    return fixture_start_with_echo(state, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(install_reports_a_started_device_with_its_driver),
        cmocka_unit_test(write_then_read_returns_the_same_bytes),
        cmocka_unit_test(open_by_symbolic_link_and_unknown_names),
        cmocka_unit_test(ten_thousand_ioctls_return_their_data),
        cmocka_unit_test(driver_status_reaches_the_client),
        cmocka_unit_test(eight_concurrent_clients_each_get_their_own_answers),
        cmocka_unit_test(async_requests_complete_and_cancel_reaches_the_driver),
        cmocka_unit_test(sync_timeout_cancels_the_request),
    };
    return cmocka_run_group_tests(tests, setup, fixture_stop);
}
