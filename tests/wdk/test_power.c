/*
 * The power-managed sample driver (tests/wdk/power), written for the WDK and installed from its
 * stamped INF into the real reflector, owns its device's power policy:
 *   - idle: with nothing in its power-managed queue for its idle timeout the device leaves D0
 *     (OnSelfManagedIoSuspend, OnD0Exit(D3), system action none); a write brings it back
 *     (OnD0Entry(D3), OnSelfManagedIoRestart) and the write completes; it idles again after;
 *   - StopIdle(TRUE) brings it back and returns S_OK, StopIdle(FALSE) answers STATUS_PENDING and
 *     brings it back too; ResumeIdle lets it idle again;
 *   - wake settings a root-enumerated device cannot have are refused with STATUS_POWER_STATE_INVALID,
 *     bad capabilities with E_INVALIDARG;
 *   - `suspend`: a read the driver holds gets OnIoStop(suspend | cancelable), is acknowledged, the
 *     device leaves D0 with system action sleep; a write sent while asleep waits; `resume` gives
 *     OnD0Entry, OnIoResume, and the write completes and releases the read;
 *   - a manual queue's IQueueCallbackStateChange hears of a parked request; Requeue gives it back;
 *   - removal with a read held: OnIoStop(purge), the read ends cancelled.
 * wudfctl status shows the power state, the idle settings and the counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#ifndef _WIN32
typedef int32_t LONG;
#endif
#include "power_ioctl.h"

#define T 10000
#define DEVICE "ROOT\\POWERSAMPLE\\0000"
#define POWER_LINE "event=power device=" DEVICE " "
#define S_OK_HR 0
#define HR_PENDING 0x10000103        /* HRESULT_FROM_NT(STATUS_PENDING) */
#define HR_POWER_STATE_INVALID 0xD00002D3u /* HRESULT_FROM_NT(STATUS_POWER_STATE_INVALID) */
#define HR_E_INVALIDARG 0x80070057u

static harness the_harness;

static int start(void **state)
{
    if (harness_start(&the_harness, NULL))
        return -1;
    *state = &the_harness;
    return 0;
}

static int stop(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000);
    harness_cleanup(h);
    return rc == 0 ? 0 : -1;
}

static void install_sample(harness *h)
{
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", POWERSAMPLE_INF, NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", POWERSAMPLE_INF, wudf_kv_get(&reply, "message"));
    assert_int_equal(st, 0);
    assert_string_equal(wudf_kv_get(&reply, "device"), DEVICE);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
}

static POWERSAMPLE_COUNTS counts(wudf_client *c, wudf_handle f)
{
    POWERSAMPLE_COUNTS out;
    uint32_t n = 0;
    memset(&out, 0, sizeof out);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_COUNTS, NULL, 0, &out, sizeof out, &n, T), 0);
    assert_int_equal(n, sizeof out);
    return out;
}

static uint32_t stop_idle(wudf_client *c, wudf_handle f, uint32_t wait)
{
    LONG hr = -1;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_STOP_IDLE, &wait, sizeof wait, &hr, sizeof hr, &n, T), 0);
    assert_int_equal(n, sizeof hr);
    return (uint32_t)hr;
}

static void resume_idle(wudf_client *c, wudf_handle f)
{
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_RESUME_IDLE, NULL, 0, NULL, 0, &n, T), 0);
}

static wudf_client *open_sample(harness *h, wudf_handle *f)
{
    install_sample(h);
    wudf_client *c = harness_client(h);
    assert_int_equal(wudf_open(c, "\\\\.\\PowerSample0", T, f), 0);
    return c;
}

static void idle_device_leaves_d0_and_a_write_brings_it_back(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);

    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D3 system=S0 reason=idle idle_downs=1", 0, T), 0);
    POWERSAMPLE_COUNTS k = counts(c, f);
    assert_int_equal(k.IdleHr, S_OK_HR);
    assert_int_equal((uint32_t)k.WakeFromS0Hr, HR_POWER_STATE_INVALID);
    assert_int_equal((uint32_t)k.SxWakeHr, HR_POWER_STATE_INVALID);
    assert_int_equal((uint32_t)k.D0IdleStateHr, HR_POWER_STATE_INVALID);
    assert_int_equal((uint32_t)k.BadCapsHr, HR_E_INVALIDARG);
    assert_int_equal(k.Device3Hr, S_OK_HR);
    assert_int_equal((uint32_t)k.MapIoSpaceHr, 0xD00000BBu); /* HRESULT_FROM_NT(STATUS_NOT_SUPPORTED) */
    assert_int_equal((uint32_t)k.IdleExBadSizeHr, HR_E_INVALIDARG);
    assert_int_equal(k.D0Entry, 1);
    assert_int_equal(k.D0Exit, 1);
    assert_int_equal(k.LastExitTo, 4); /* WdfPowerDeviceD3 */
    assert_int_equal(k.LastExitAction, 0); /* PowerActionNone: an idle power-down */
    assert_int_equal(k.SmioInit, 1);
    assert_int_equal(k.SmioSuspend, 1);
    assert_int_equal(k.ArmWake, 0);

    char field[200];
    harness_field(h, DEVICE, "power_state", field, sizeof field);
    assert_string_equal(field, "D3");
    harness_field(h, DEVICE, "idle", field, sizeof field);
    assert_string_equal(field, "enabled, D3 after 300 ms, cannot wake");
    harness_field(h, DEVICE, "wake", field, sizeof field);
    assert_string_equal(field, "not assigned");

    /* A write for the power-managed queue brings the device back first. */
    uint32_t n = 0;
    assert_int_equal(wudf_write(c, f, "abc", 3, 0, &n, T), 0);
    assert_int_equal(n, 3);
    k = counts(c, f);
    assert_int_equal(k.D0Entry, 2);
    assert_int_equal(k.LastEntryFrom, 4);
    assert_int_equal(k.SmioRestart, 1);
    assert_int_equal(k.Writes, 1);
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D0 system=S0 reason=io idle_downs=1 wakeups=1", 0, T), 0);
    /* and it idles again */
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D3 system=S0 reason=idle idle_downs=2", 0, T), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void stop_idle_brings_the_device_back_and_resume_idle_lets_it_go(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D3 system=S0 reason=idle idle_downs=1", 0, T), 0);

    assert_int_equal(stop_idle(c, f, 1), S_OK_HR);
    POWERSAMPLE_COUNTS k = counts(c, f);
    assert_int_equal(k.D0Entry, 2);
    /* In D0 already: S_OK at once, a second reference. */
    assert_int_equal(stop_idle(c, f, 0), S_OK_HR);
    resume_idle(c, f);
    resume_idle(c, f);
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D3 system=S0 reason=idle idle_downs=2", 0, T), 0);

    /* Without waiting: STATUS_PENDING, and the device comes back by itself. */
    assert_int_equal(stop_idle(c, f, 0), HR_PENDING);
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D0 system=S0 reason=stop-idle", 0, T), 0);
    resume_idle(c, f);
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D3 system=S0 reason=idle idle_downs=3", 0, T), 0);
    assert_int_equal(counts(c, f).D0Exit, 3);
    wudf_close(c, f);
    wudf_disconnect(c);
}

typedef struct done {
    int count;
    wudf_status status[4];
    uint32_t information[4];
} done;

static void on_done(wudf_client *client, wudf_request_id id, wudf_status status, uint64_t information, void *context)
{
    (void)client, (void)id;
    done *d = context;
    if (d->count < 4) {
        d->status[d->count] = status;
        d->information[d->count] = (uint32_t)information;
    }
    d->count++;
}

/* Polls the client until want completions came (bounded). */
static void wait_done(wudf_client *c, done *d, int want)
{
    for (int i = 0; i < 100 && d->count < want; i++)
        wudf_poll(c, 100);
    assert_int_equal(d->count, want);
}

static void suspend_stops_held_io_and_resume_resumes_it(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    assert_int_equal(stop_idle(c, f, 1), S_OK_HR); /* in D0 for the whole test */

    char buffer[16];
    done read_done = {0}, write_done = {0};
    wudf_request_id read_id, write_id;
    size_t mark = harness_log_mark(h);
    assert_int_equal(wudf_read_async(c, f, buffer, sizeof buffer, 0, on_done, &read_done, &read_id), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"read held (1 so far)\"", mark, T), 0);

    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "suspend", DEVICE, &reply), 0);
    assert_non_null(strstr(wudf_kv_get(&reply, "message"), "is in D3, the system in S3"));
    wudf_kv_free(&reply);
    POWERSAMPLE_COUNTS k = counts(c, f);
    assert_int_equal(k.IoStop, 1);
    assert_int_equal((uint32_t)k.LastIoStopFlags, 0x10000001u); /* suspend, cancelable */
    assert_int_equal(k.LastExitTo, 4);
    assert_int_equal(k.LastExitAction, 2); /* PowerActionSleep */
    char field[64];
    harness_field(h, DEVICE, "system_state", field, sizeof field);
    assert_string_equal(field, "S3");
    assert_int_equal(read_done.count, 0);

    /* A write while asleep waits in the stopped queue... */
    mark = harness_log_mark(h);
    assert_int_equal(wudf_write_async(c, f, "x", 1, 0, on_done, &write_done, &write_id), 0);
    /* ...its arrival is logged by the reflector before resume is asked for, after it in the host */
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "resume", DEVICE, &reply), 0);
    assert_non_null(strstr(wudf_kv_get(&reply, "message"), "is in D0, the system in S0"));
    wudf_kv_free(&reply);
    wait_done(c, &write_done, 1);
    assert_int_equal(write_done.status[0], 0);
    wait_done(c, &read_done, 1);
    assert_int_equal(read_done.status[0], 0);
    assert_int_equal(read_done.information[0], 5);
    assert_memory_equal(buffer, "woken", 5);
    k = counts(c, f);
    assert_int_equal(k.IoResume, 1);
    assert_int_equal(k.Writes, 1);
    assert_int_equal(k.LastEntryFrom, 4);
    /* resumed before the write was presented: OnIoResume is in the log before the write's effect */
    assert_int_equal(harness_wait_log(h, "msg=\"I/O resume\"", mark, T), 0);

    /* Resume when awake, suspend twice: answered, nothing changes. */
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "resume", DEVICE, &reply), 0);
    assert_non_null(strstr(wudf_kv_get(&reply, "message"), "the system is not asleep"));
    wudf_kv_free(&reply);
    resume_idle(c, f);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void a_manual_queue_hears_of_a_parked_request_and_requeue_gives_it_back(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    done parked = {0};
    wudf_request_id id;
    size_t mark = harness_log_mark(h);
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_POWERSAMPLE_PARK, NULL, 0, NULL, 0, on_done, &parked, &id), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"park queue state 0x", mark, T), 0);
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_UNPARK, NULL, 0, NULL, 0, &n, T), 0);
    wait_done(c, &parked, 1);
    assert_int_equal(parked.status[0], 0);
    POWERSAMPLE_COUNTS k = counts(c, f);
    assert_int_equal(k.RequeueHr, S_OK_HR);
    assert_true(k.StateChange >= 1); /* and once more when Requeue refilled the empty queue */
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void removal_stops_a_held_read_with_purge(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    char buffer[16];
    done read_done = {0};
    wudf_request_id id;
    size_t mark = harness_log_mark(h);
    assert_int_equal(wudf_read_async(c, f, buffer, sizeof buffer, 0, on_done, &read_done, &id), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"read held (1 so far)\"", mark, T), 0);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "remove", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    wait_done(c, &read_done, 1);
    assert_int_not_equal(read_done.status[0], 0);
    assert_int_equal(harness_wait_log(h, "msg=\"I/O stop, flags 0x10000002\"", mark, T), 0);
    wudf_disconnect(c);
}

/* The client library's waits end on time even when its loop's clock was stale: here it did not
 * run while the device idled down, longer than the timeouts below. */
static void a_held_read_times_out_after_the_client_was_idle(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D3 system=S0 reason=idle idle_downs=1", 0, T), 0);
    char buffer[16];
    uint32_t n = 0;
    /* cancelled at the timeout: the driver's status (cancelled) or STATUS_IO_TIMEOUT, as client.h says */
    wudf_status st = wudf_read(c, f, buffer, sizeof buffer, 0, &n, 100);
    assert_true(st == (int32_t)0xC00000B5 || st == (int32_t)0xC0000120);
    done read_done = {0};
    wudf_request_id id;
    assert_int_equal(harness_wait_log(h, POWER_LINE "state=D3 system=S0 reason=idle idle_downs=2", 0, T), 0);
    assert_int_equal(wudf_read_async(c, f, buffer, sizeof buffer, 0, on_done, &read_done, &id), 0);
    assert_int_equal(wudf_poll(c, 0), 0);
    assert_int_equal(wudf_poll(c, 50), 0);
    assert_int_equal(wudf_cancel(c, id), 0);
    wait_done(c, &read_done, 1);
    assert_int_not_equal(read_done.status[0], 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void suspend_needs_a_started_device(void **state)
{
    harness *h = *state;
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "suspend", "ROOT\\NOSUCH\\0000", &reply), (int32_t)0xC0000034);
    wudf_kv_free(&reply);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(idle_device_leaves_d0_and_a_write_brings_it_back, start, stop),
        cmocka_unit_test_setup_teardown(stop_idle_brings_the_device_back_and_resume_idle_lets_it_go, start, stop),
        cmocka_unit_test_setup_teardown(suspend_stops_held_io_and_resume_resumes_it, start, stop),
        cmocka_unit_test_setup_teardown(a_manual_queue_hears_of_a_parked_request_and_requeue_gives_it_back, start,
                                        stop),
        cmocka_unit_test_setup_teardown(removal_stops_a_held_read_with_purge, start, stop),
        cmocka_unit_test_setup_teardown(a_held_read_times_out_after_the_client_was_idle, start, stop),
        cmocka_unit_test_setup_teardown(suspend_needs_a_started_device, start, stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
