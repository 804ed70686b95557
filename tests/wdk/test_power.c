/*
 * The power-managed sample driver (tests/wdk/power), written for the WDK and installed from its
 * stamped INF into the real reflector, owns its device's power policy:
 *   - idle: with nothing in its power-managed queue for its idle timeout the device leaves D0
 *     (OnSelfManagedIoSuspend, OnD0ExitPreInterruptsDisabled(D3), OnD0Exit(D3), system action none);
 *     a write brings it back (OnD0Entry(D3), OnD0EntryPostInterruptsEnabled(D3),
 *     OnSelfManagedIoRestart) and the write completes; it idles again after;
 *   - StopIdle(TRUE) brings it back and returns S_OK, StopIdle(FALSE) answers STATUS_PENDING and
 *     brings it back too; ResumeIdle lets it idle again;
 *   - wake settings a root-enumerated device cannot have are refused with STATUS_POWER_STATE_INVALID,
 *     bad capabilities with E_INVALIDARG;
 *   - `suspend`: a read the driver holds gets OnIoStop(suspend | cancelable), is acknowledged, the
 *     device leaves D0 with system action sleep; a write sent while asleep waits; `resume` gives
 *     OnD0Entry, OnIoResume, and the write completes and releases the read;
 *   - a manual queue's IQueueCallbackStateChange hears of a parked request; Requeue gives it back;
 *   - removal with a read held: OnIoStop(purge), the read ends cancelled;
 *   - remove, disable and restart ask OnQueryRemove first: a refusal keeps the device started with
 *     the same host (STATUS_PLUGPLAY_QUERY_VETOED: wudfctl exits 6 and names the driver's HRESULT);
 *     so do the driver store's update (a vetoed device stays on its old package, running, and a
 *     later update moves it) and delete-driver --uninstall (the vetoed device and its package stay,
 *     unless --force deletes the package under it); an agreement lets the removal go
 *     on in UMDF's order, OnSelfManagedIoSuspend, OnD0Exit(D3Final), OnSelfManagedIoFlush,
 *     OnSelfManagedIoCleanup; OnQueryStop and OnSelfManagedIoStop are never called (no resource
 *     rebalancing; UMDF 1 does not use the latter); a host that died or a reflector that shuts down
 *     asks nothing;
 *   - a request forwarded to the manual queue and cancelled there goes back to the driver through
 *     IQueueCallbackIoCanceledOnQueue, which completes it;
 *   - the manual queue taken through its states from the other queue: ConfigureRequestDispatching,
 *     StopSynchronously (RetrieveNextRequest answers STATUS_WDF_PAUSED), Purge (what waits ends
 *     cancelled), DrainSynchronously and Drain, each undone by Start; Purge and Drain tell their
 *     IQueueCallbackStateChange; RetrieveNextRequestByFileObject finds the parked request by its file.
 *   - on a USB device (the simulated FX2 kit over USB/IP), which can wake: it idles armed
 *     (OnArmWakeFromS0), and `wudfctl wake` brings it back with OnD0Entry, OnWakeFromS0Triggered,
 *     OnDisarmWakeFromS0 in that order; asleep and armed (OnArmWakeFromSx), `wake` resumes the
 *     system with OnD0Entry, OnWakeFromSxTriggered, OnDisarmWakeFromSx; in D0, not armed, `wake`
 *     is refused with STATUS_INVALID_DEVICE_STATE and wudfctl exits non-zero saying why.
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

#include "fx2_sim.h"
#include "harness.h"
#include "platform.h"

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
#define HR_BUSY 0x800700AAu                /* HRESULT_FROM_WIN32(ERROR_BUSY) */
#define STATUS_PLUGPLAY_QUERY_VETOED_VALUE 0x80000028u
#define STATUS_CANCELLED_VALUE 0xC0000120u
#define STATUS_INVALID_DEVICE_STATE_VALUE 0xC0000184u
#define HR_WDF_PAUSED 0xD0200203u          /* HRESULT_FROM_NT(STATUS_WDF_PAUSED) */
/* WDF_IO_QUEUE_STATE */
#define QUEUE_ACCEPTS 0x1
#define QUEUE_DISPATCHES 0x2
#define QUEUE_EMPTY 0x4

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
    /* The interrupt callbacks around each D0 entry and exit, though there are no interrupts. */
    assert_int_equal(k.PostInterruptsEnabled, 1);
    assert_int_equal(k.PreInterruptsDisabled, 1);
    assert_int_equal(k.InterruptOrderErrors, 0);

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
    assert_int_equal(k.PostInterruptsEnabled, 2);
    assert_int_equal(k.InterruptOrderErrors, 0);
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

/* Parks one request in the driver's manual queue and waits until the driver has heard of it. */
static wudf_request_id park(harness *h, wudf_client *c, wudf_handle f, done *parked)
{
    wudf_request_id id;
    size_t mark = harness_log_mark(h);
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_POWERSAMPLE_PARK, NULL, 0, NULL, 0, on_done, parked, &id), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"park queue state 0x", mark, T), 0);
    return id;
}

static void a_manual_queue_hears_of_a_parked_request_and_requeue_gives_it_back(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    done parked = {0};
    park(h, c, f, &parked);
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

static void answer_query_remove_with(wudf_client *c, wudf_handle f, uint32_t hr)
{
    LONG answer = (LONG)hr;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_QUERY_REMOVE_ANSWER, &answer, sizeof answer, NULL, 0, &n, T), 0);
}

/* Where needle is in the log from `from` on, -1 when absent. */
static long log_at(harness *h, const char *needle, size_t from)
{
    uv_mutex_lock(&h->lock);
    const char *hit = from <= h->log_length ? strstr(h->log + from, needle) : NULL;
    long at = hit ? (long)(hit - h->log) : -1;
    uv_mutex_unlock(&h->lock);
    return at;
}

static void a_refused_query_remove_keeps_the_device_started(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    long long pid = harness_field_number(h, DEVICE, "host_pid");
    answer_query_remove_with(c, f, HR_BUSY);

    static const char *const ops[] = {"remove", "disable", "restart"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        wudf_kv reply;
        wudf_kv_init(&reply);
        assert_int_equal(harness_tool(h, ops[i], DEVICE, &reply), (int32_t)STATUS_PLUGPLAY_QUERY_VETOED_VALUE);
        assert_string_equal(wudf_kv_get(&reply, "message"), DEVICE ": the driver refused the removal (0x800700AA)");
        wudf_kv_free(&reply);
        char field[64];
        harness_field(h, DEVICE, "state", field, sizeof field);
        assert_string_equal(field, "started");
        harness_field(h, DEVICE, "enabled", field, sizeof field);
        assert_string_equal(field, "yes");
        assert_int_equal(harness_field_number(h, DEVICE, "host_pid"), pid);
    }
    /* The same host serves on: a write for the power-managed queue completes. */
    uint32_t n = 0;
    assert_int_equal(wudf_write(c, f, "abc", 3, 0, &n, T), 0);
    POWERSAMPLE_COUNTS k = counts(c, f);
    assert_int_equal(k.QueryRemove, 3);
    assert_int_equal(k.QueryStop, 0);

    /* wudfctl says why and exits with 6, "refused while something uses it". */
    char prog[700];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", h->bin, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "remove", DEVICE, "--endpoint", h->endpoint, NULL};
    harness_child tool;
    assert_int_equal(harness_run_capture(&tool, args, 30000), 6);
    if (!strstr(tool.buffer, "the driver refused the removal (0x800700AA)"))
        fail_msg("wudfctl said: %s", tool.buffer);

    /* Agreed, the removal goes on, in the order UMDF undoes the start. */
    assert_int_equal(stop_idle(c, f, 1), S_OK_HR); /* in D0: the removal takes it out */
    answer_query_remove_with(c, f, S_OK_HR);
    size_t mark = harness_log_mark(h);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "remove", DEVICE, &reply), 0);
    wudf_kv_free(&reply);
    assert_int_equal(harness_wait_log(h, "msg=\"self-managed I/O cleanup\"", mark, T), 0);
    long asked = log_at(h, "msg=\"query remove 5:", mark);
    long suspended = log_at(h, "msg=\"self-managed I/O suspend", mark);
    long exited = log_at(h, "msg=\"D0 exit to 5,", mark); /* WdfPowerDeviceD3Final */
    long flushed = log_at(h, "msg=\"self-managed I/O flush\"", mark);
    long cleaned = log_at(h, "msg=\"self-managed I/O cleanup\"", mark);
    assert_true(asked >= 0 && asked < suspended);
    assert_true(suspended < exited);
    assert_true(exited < flushed);
    assert_true(flushed < cleaned);
    assert_int_equal(harness_log_count(h, "msg=\"query stop\"", 0), 0);
    assert_int_equal(harness_log_count(h, "msg=\"self-managed I/O stop\"", 0), 0);
    wudf_disconnect(c);
}

/* A host that dies is not asked (its device is gone by surprise), nor is any at a shutdown, which
 * Windows does not ask either: both go on even while the driver would refuse. */
static void a_crash_or_a_shutdown_asks_nothing(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    answer_query_remove_with(c, f, HR_BUSY);
    /* Synced: the start's own state=started, if not yet read, must not pass for the restart's. */
    size_t mark = harness_log_sync(h);
    assert_true(harness_kill_host(h, DEVICE) > 0);
    assert_int_equal(harness_wait_state(h, DEVICE, "started", mark, T), 0);
    wudf_disconnect(c);

    c = harness_client(h);
    assert_int_equal(wudf_open(c, "\\\\.\\PowerSample0", T, &f), 0);
    answer_query_remove_with(c, f, HR_BUSY); /* the new host's driver refuses too */
    wudf_close(c, f);
    wudf_disconnect(c);
    assert_int_equal(harness_stop(h, 15000), 0);
    assert_true(harness_log_count(h, "msg=\"self-managed I/O cleanup\"", mark) >= 1);
    assert_int_equal(harness_log_count(h, "msg=\"query remove", 0), 0);
    assert_int_equal(harness_restart(h), 0); /* for the teardown's own stop */
}

static int wudfctl(harness *h, harness_child *out, const char *a1, const char *a2, const char *a3, const char *a4)
{
    char prog[700];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", h->bin, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--endpoint", h->endpoint, a1, a2, a3, a4, NULL};
    return harness_run_capture(out, args, 60000);
}

/* The sample's INF as a newer release (DriverVer 2.0.0.0): the same driver, another package. */
static void write_newer_inf(harness *h, char *path, size_t size)
{
    char *data;
    size_t len;
    assert_int_equal(wudf_read_file(POWERSAMPLE_INF, 1 << 20, &data, &len, NULL), 0);
    char *line = strstr(data, "\nDriverVer");
    assert_non_null(line);
    char *end = strchr(line + 1, '\n');
    assert_non_null(end);
    char *out = malloc(len + 64);
    assert_non_null(out);
    int n = snprintf(out, len + 64, "%.*s\nDriverVer = 01/01/2027,2.0.0.0%s", (int)(line - data), data, end);
    snprintf(path, size, "%s/WudfPowerSample2.inf", h->root);
    assert_int_equal(wudf_write_file_atomic(path, out, (size_t)n, NULL), 0);
    free(out);
    free(data);
}

static void expect_output(const harness_child *out, const char *text)
{
    if (!strstr(out->buffer, text))
        fail_msg("expected \"%s\" in: %s", text, out->buffer);
}

static void expect_field(harness *h, const char *key, const char *want)
{
    char v[600];
    harness_field(h, DEVICE, key, v, sizeof v);
    assert_string_equal(v, want);
}

/* Windows would record the update and ask for a reboot; here the device stays on its old package. */
static void an_update_the_driver_vetoes_keeps_the_device_on_its_old_package(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    char newer[700];
    write_newer_inf(h, newer, sizeof newer);
    long long pid = harness_field_number(h, DEVICE, "host_pid");
    answer_query_remove_with(c, f, HR_BUSY);

    harness_child out;
    assert_int_equal(wudfctl(h, &out, "update", newer, NULL, NULL), 6);
    expect_output(&out, DEVICE " kept on oem0.inf 1.0.0.0: its removal was vetoed by the driver (0x800700AA)");
    expect_output(&out, "oem1.inf stays in the store");
    assert_int_equal(wudfctl(h, &out, "--json", "update", newer, NULL), 6);
    expect_output(&out, "\"status_name\":\"STATUS_PLUGPLAY_QUERY_VETOED\"");
    expect_field(h, "state", "started");
    expect_field(h, "inf", "oem0.inf");
    expect_field(h, "driver_version", "1.0.0.0");
    assert_int_equal(harness_field_number(h, DEVICE, "host_pid"), pid);
    /* The same host serves on, and it was asked each time. */
    uint32_t n = 0;
    assert_int_equal(wudf_write(c, f, "abc", 3, 0, &n, T), 0);
    assert_int_equal(counts(c, f).QueryRemove, 2);
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    expect_output(&out, "oem1.inf");

    /* Agreed, the same update moves it onto the staged package and restarts its host. */
    answer_query_remove_with(c, f, S_OK_HR);
    assert_int_equal(wudfctl(h, &out, "update", newer, NULL, NULL), 0);
    expect_output(&out, DEVICE " moved from oem0.inf 1.0.0.0 to oem1.inf 2.0.0.0: started");
    expect_field(h, "state", "started");
    expect_field(h, "inf", "oem1.inf");
    expect_field(h, "driver_version", "2.0.0.0");
    assert_true(harness_field_number(h, DEVICE, "host_pid") != pid);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void delete_driver_uninstall_keeps_a_vetoed_device_and_its_package_unless_forced(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    long long pid = harness_field_number(h, DEVICE, "host_pid");
    answer_query_remove_with(c, f, HR_BUSY);

    harness_child out;
    assert_int_equal(wudfctl(h, &out, "delete-driver", "oem0.inf", "--uninstall", NULL), 6);
    expect_output(&out, DEVICE " kept: its removal was vetoed by the driver (0x800700AA); driver package oem0.inf is "
                        "not deleted: " DEVICE " still uses it");
    assert_int_equal(wudfctl(h, &out, "--json", "delete-driver", "oem0.inf", "--uninstall"), 6);
    expect_output(&out, "\"status_name\":\"STATUS_PLUGPLAY_QUERY_VETOED\"");
    expect_field(h, "state", "started");
    expect_field(h, "inf", "oem0.inf");
    assert_int_equal(harness_field_number(h, DEVICE, "host_pid"), pid);
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    expect_output(&out, "oem0.inf");

    /* --force deletes the package all the same; the kept device runs on without it. */
    assert_int_equal(wudfctl(h, &out, "delete-driver", "oem0.inf", "--uninstall", "--force"), 0);
    expect_output(&out, DEVICE " kept: its removal was vetoed by the driver (0x800700AA); driver package oem0.inf "
                        "deleted; " DEVICE " keeps running without it");
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    expect_output(&out, "no driver package in the store");
    expect_field(h, "state", "started");
    assert_int_equal(harness_field_number(h, DEVICE, "host_pid"), pid);
    assert_int_equal(counts(c, f).QueryRemove, 3);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void a_request_cancelled_in_the_park_queue_goes_back_to_the_driver(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    done parked = {0};
    size_t mark = harness_log_mark(h);
    wudf_request_id id = park(h, c, f, &parked);
    assert_int_equal(wudf_cancel(c, id), 0);
    wait_done(c, &parked, 1);
    assert_int_equal((uint32_t)parked.status[0], STATUS_CANCELLED_VALUE);
    assert_int_equal(harness_wait_log(h, "msg=\"canceled on the park queue (1 so far)\"", mark, T), 0);
    assert_int_equal(counts(c, f).CanceledOnQueue, 1);

    /* The queue is empty again: the next parked request is heard of, and unparks. */
    done again = {0};
    park(h, c, f, &again);
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_UNPARK, NULL, 0, NULL, 0, &n, T), 0);
    wait_done(c, &again, 1);
    assert_int_equal(again.status[0], 0);
    assert_int_equal(counts(c, f).CanceledOnQueue, 1);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void the_park_queue_goes_through_its_states_and_starts_again(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = open_sample(h, &f);
    done parked = {0};
    size_t mark = harness_log_mark(h);
    park(h, c, f, &parked);

    POWERSAMPLE_QUEUE_STATES q;
    uint32_t n = 0;
    memset(&q, 0xff, sizeof q);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_QUEUE_STATES, NULL, 0, &q, sizeof q, &n, T), 0);
    assert_int_equal(n, sizeof q);
    assert_int_equal(q.ConfigureHr, S_OK_HR);
    assert_int_equal(q.UnconfigureHr, S_OK_HR);
    assert_int_equal((uint32_t)q.ConfigureCleanupHr, HR_E_INVALIDARG);
    /* stopped: it accepts but does not dispatch, and the parked request still waits */
    assert_int_equal(q.StoppedState & (QUEUE_ACCEPTS | QUEUE_DISPATCHES | QUEUE_EMPTY), QUEUE_ACCEPTS);
    assert_int_equal((uint32_t)q.PausedHr, HR_WDF_PAUSED);
    /* purged: it accepts nothing, and what waited is gone, cancelled */
    assert_int_equal(q.PurgedState & (QUEUE_ACCEPTS | QUEUE_EMPTY), QUEUE_EMPTY);
    wait_done(c, &parked, 1);
    assert_int_equal((uint32_t)parked.status[0], STATUS_CANCELLED_VALUE);
    assert_int_equal(q.DrainedState & (QUEUE_ACCEPTS | QUEUE_DISPATCHES | QUEUE_EMPTY), QUEUE_DISPATCHES | QUEUE_EMPTY);
    assert_int_equal(q.StartedState & (QUEUE_ACCEPTS | QUEUE_DISPATCHES), QUEUE_ACCEPTS | QUEUE_DISPATCHES);
    /* Purge's and Drain's callbacks came, once each */
    assert_int_equal(harness_wait_log(h, "msg=\"queue op done (2):", mark, T), 0);
    assert_int_equal(counts(c, f).QueueOpsDone, 2);

    /* Started again, the queue parks and gives back as before. */
    done again = {0};
    park(h, c, f, &again);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_POWERSAMPLE_UNPARK, NULL, 0, NULL, 0, &n, T), 0);
    wait_done(c, &again, 1);
    assert_int_equal(again.status[0], 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* ---- On a USB device, which can wake ---- */

static fx2_sim *kit;
static char kit_id[300];
static char usbip_args[2][160];

static int start_usb(void **state)
{
    kit = fx2_sim_new(NULL);
    if (!kit)
        return -1;
    const char *server = fx2_sim_usbip_server(kit);
    fx2_sim_usbip_instance_id(kit, kit_id, sizeof kit_id);
    snprintf(usbip_args[0], sizeof usbip_args[0], "--usbip=%s", server);
    snprintf(usbip_args[1], sizeof usbip_args[1], "--usbip-poll-ms=200");
    const char *extra[] = {usbip_args[0], usbip_args[1], NULL};
    harness_options o = {0};
    o.extra_args = extra;
    if (harness_start(&the_harness, &o))
        return -1;
    *state = &the_harness;
    return 0;
}

static int stop_usb(void **state)
{
    int rc = stop(state);
    fx2_sim_free(kit);
    return rc;
}

/* Sends `wake` and returns the reply's status; its message goes to out. */
static int32_t wake(harness *h, char *out, size_t size)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    int32_t st = harness_tool(h, "wake", kit_id, &reply);
    const char *message = wudf_kv_get(&reply, "message");
    snprintf(out, size, "%s", message ? message : "");
    wudf_kv_free(&reply);
    return st;
}

/* The three in the log from mark on, in this order. The host's lines come through the reflector's
 * relay, so they may follow the tool's reply: the last is waited for first. */
static void in_order(harness *h, size_t mark, const char *first, const char *second, const char *third)
{
    assert_int_equal(harness_wait_log(h, third, mark, T), 0);
    long a = log_at(h, first, mark), b = log_at(h, second, mark), c = log_at(h, third, mark);
    if (!(a >= 0 && a < b && b < c))
        fail_msg("want %s (%ld) < %s (%ld) < %s (%ld)", first, a, second, b, third, c);
}

static void an_armed_device_that_signals_wake_comes_back_and_wakes_the_system(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", POWERSAMPLE_USB_INF, NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    if (st < 0)
        fail_msg("install %s: %s", POWERSAMPLE_USB_INF, wudf_kv_get(&reply, "message"));
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    assert_int_equal(harness_wait_state(h, kit_id, "started", mark, 20000), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\PowerSample0", T, &f), 0);

    /* Idle, armed for wake from S0 (a USB device may be). */
    char line[600], message[600], field[200];
    snprintf(line, sizeof line, "event=power device=%s state=D3 system=S0 reason=idle idle_downs=1", kit_id);
    assert_int_equal(harness_wait_log(h, line, mark, T), 0);
    POWERSAMPLE_COUNTS k = counts(c, f);
    assert_int_equal(k.WakeFromS0Hr, S_OK_HR);
    assert_int_equal(k.SxWakeHr, S_OK_HR);
    assert_int_equal(k.ArmWake, 1);
    harness_field(h, kit_id, "idle", field, sizeof field);
    assert_string_equal(field, "enabled, D3 after 300 ms, can wake");
    harness_field(h, kit_id, "wake", field, sizeof field);
    assert_string_equal(field, "enabled, D3");

    /* The device signals wake: back in D0, the Triggered callback between OnD0Entry and the disarm. */
    mark = harness_log_mark(h);
    assert_int_equal(wake(h, message, sizeof message), 0);
    assert_non_null(strstr(message, "is in D0, the system in S0"));
    k = counts(c, f);
    assert_int_equal(k.WakeFromS0Triggered, 1);
    assert_int_equal(k.DisarmWake, 1);
    assert_int_equal(k.D0Entry, 2);
    assert_int_equal(k.WakeFromSxTriggered, 0);
    in_order(h, mark, "msg=\"D0 entry from 4\"", "msg=\"wake from S0 triggered 1\"", "msg=\"disarm wake from S0 1\"");
    snprintf(line, sizeof line, "event=power device=%s state=D0 system=S0 reason=wake idle_downs=1 wakeups=1", kit_id);
    assert_int_equal(harness_wait_log(h, line, mark, T), 0);

    /* In D0 and held there (it may have idled again meanwhile): nothing is armed, the signal is
     * refused and nothing runs. */
    assert_int_equal(stop_idle(c, f, 1), S_OK_HR);
    POWERSAMPLE_COUNTS before = counts(c, f);
    assert_int_equal((uint32_t)wake(h, message, sizeof message), STATUS_INVALID_DEVICE_STATE_VALUE);
    assert_non_null(strstr(message, "the device is not armed for wake"));
    char prog[700];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", h->bin, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "wake", kit_id, "--endpoint", h->endpoint, NULL};
    harness_child tool;
    assert_int_not_equal(harness_run_capture(&tool, args, 30000), 0);
    if (!strstr(tool.buffer, "the device is not armed for wake"))
        fail_msg("wudfctl said: %s", tool.buffer);
    k = counts(c, f);
    assert_int_equal(k.WakeFromS0Triggered, 1);
    assert_int_equal(k.D0Entry, before.D0Entry);

    /* Asleep from D0, armed for wake from Sx: the signal resumes the system. */
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "suspend", kit_id, &reply), 0);
    wudf_kv_free(&reply);
    k = counts(c, f);
    assert_int_equal(k.ArmWakeSx, 1);
    assert_int_equal(k.LastExitAction, 2); /* PowerActionSleep */
    mark = harness_log_mark(h);
    assert_int_equal(wake(h, message, sizeof message), 0);
    assert_non_null(strstr(message, "is in D0, the system in S0"));
    k = counts(c, f);
    assert_int_equal(k.WakeFromSxTriggered, 1);
    assert_int_equal(k.DisarmWakeSx, 1);
    assert_int_equal(k.WakeFromS0Triggered, 1);
    assert_int_equal(k.D0Entry, before.D0Entry + 1);
    in_order(h, mark, "msg=\"D0 entry from 4\"", "msg=\"wake from Sx triggered 1\"", "msg=\"disarm wake from Sx 1\"");
    harness_field(h, kit_id, "system_state", field, sizeof field);
    assert_string_equal(field, "S0");
    /* and the system is up: a write goes through */
    uint32_t n = 0;
    assert_int_equal(wudf_write(c, f, "abc", 3, 0, &n, T), 0);
    resume_idle(c, f);
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
        cmocka_unit_test_setup_teardown(a_refused_query_remove_keeps_the_device_started, start, stop),
        cmocka_unit_test_setup_teardown(a_crash_or_a_shutdown_asks_nothing, start, stop),
        cmocka_unit_test_setup_teardown(an_update_the_driver_vetoes_keeps_the_device_on_its_old_package, start, stop),
        cmocka_unit_test_setup_teardown(delete_driver_uninstall_keeps_a_vetoed_device_and_its_package_unless_forced,
                                        start, stop),
        cmocka_unit_test_setup_teardown(a_request_cancelled_in_the_park_queue_goes_back_to_the_driver, start,
                                        stop),
        cmocka_unit_test_setup_teardown(the_park_queue_goes_through_its_states_and_starts_again, start, stop),
        cmocka_unit_test_setup_teardown(an_armed_device_that_signals_wake_comes_back_and_wakes_the_system,
                                        start_usb, stop_usb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
