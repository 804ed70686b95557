/*
 * Remote I/O targets and device interfaces between hosts, with the monitor driver (tests/wdk/monitor,
 * written for the WDK) and the echo driver, each in its own host, installed into the real reflector:
 *   - the monitor registers for the echo interface in OnDeviceAdd: an echo installed after it arrives,
 *     one installed before it arrives too (IncludeExistingInterfaces); the monitor opens a remote target
 *     on it and bytes written then read through it come back, asynchronously with completion callbacks
 *     and synchronously with a timeout;
 *   - targets opened by name (\\.\Echo0, \DosDevices\Echo0, the instance id), IWDFIoTargetStateManagement
 *     and IWDFRemoteTarget's own state methods on them;
 *   - a request echo holds ends by CancelSentRequest, by the send's timeout, by the client's cancel, and
 *     with STATUS_DRIVER_PROCESS_TERMINATED when echo's host is killed; the monitor keeps running and
 *     opens the restarted echo again;
 *   - echo's removal: query-remove, then remove-complete and the interface's removal, after which sends
 *     fail with STATUS_INVALID_DEVICE_STATE; a veto keeps echo, and the target that agreed is reopened;
 *   - a monitor may not open its own device, nor an echo whose access list leaves hosts out;
 *   - a device event one monitor posts (PostEvent) reaches another monitor's
 *     IRemoteInterfaceCallbackEvent::OnRemoteInterfaceEvent with its GUID and bytes while that monitor's
 *     target on the interface is open, and nobody once it is closed; an application registered on an
 *     open file of the device (wudf_register_custom_events) gets it too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "echo_ioctl.h"
#include "monitor_ioctl.h"

#define T 10000
#define MONITOR "ROOT\\MONITOR\\0000"
#define ECHO_ID "ROOT\\ECHO\\0000"
#define EVENT_GUID_TEXT "{6C1D3A52-8E47-4F09-B2A6-3D5E7F901B24}"
#define MONITOR1 "ROOT\\MONITOR\\0001"
#define S_OK_HR 0
#define HR_FILE_NOT_FOUND 0x80070002u    /* HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) */
#define HR_INVALID_FUNCTION 0x80070001u  /* HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION) */
#define HR_ACCESS_DENIED 0x80070005u     /* E_ACCESSDENIED */
#define HR_INVALID_DEVICE_STATE 0xD0000184u
#define ST_INVALID_DEVICE_STATE ((wudf_status)0xC0000184u)
#define ST_CANCELLED ((wudf_status)0xC0000120u)
#define ST_IO_TIMEOUT ((wudf_status)0xC00000B5u)
#define ST_DRIVER_PROCESS_TERMINATED ((wudf_status)0xC0000450u)

/* An access list that leaves the test's hosts out and that the platform knows. */
#ifdef _WIN32
#define ACL_WITHOUT_HOSTS "group:Administrators"
#else
#define ACL_WITHOUT_HOSTS "user:nobody"
#endif

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

static void install_monitor_as(harness *h, const char *expected_id)
{
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", MONITOR_INF, NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", MONITOR_INF, wudf_kv_get(&reply, "message"));
    assert_int_equal(st, 0);
    assert_string_equal(wudf_kv_get(&reply, "device"), expected_id);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
}

static void install_monitor(harness *h)
{
    install_monitor_as(h, MONITOR);
}

static void install_echo(harness *h, const char *acl, const char *expected_id)
{
    const char *settings[] = {"acl", acl, NULL};
    char id[64];
    assert_int_equal(harness_install(h, "echo.inf", acl ? settings : NULL, id, sizeof id), 0);
    assert_string_equal(id, expected_id);
}

/* The monitor's trace once it has handled its n-th arrival (and holds the target it opened). */
static void wait_arrival(harness *h, int n, size_t mark)
{
    char needle[80];
    snprintf(needle, sizeof needle, "msg=\"echo interface arrival %d handled", n);
    assert_int_equal(harness_wait_log(h, needle, mark, T), 0);
}

static wudf_client *open_monitor(harness *h, wudf_handle *f)
{
    wudf_client *c = harness_client(h);
    assert_int_equal(wudf_open(c, "\\\\.\\Monitor0", T, f), 0);
    return c;
}

static MONITOR_STATUS status(wudf_client *c, wudf_handle f)
{
    MONITOR_STATUS s;
    uint32_t n = 0;
    memset(&s, 0, sizeof s);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_STATUS, NULL, 0, &s, sizeof s, &n, T), 0);
    assert_int_equal(n, sizeof s);
    return s;
}

/* A MONITOR_OP followed by size bytes of data, in buf. */
static uint32_t op_input(uint8_t *buf, uint32_t slot, uint32_t op, uint32_t arg, uint32_t timeout_ms, const void *data,
                         size_t size)
{
    MONITOR_OP o = {slot, op, arg, timeout_ms};
    memcpy(buf, &o, sizeof o);
    if (size)
        memcpy(buf + sizeof o, data, size);
    return (uint32_t)(sizeof o + size);
}

static wudf_status roundtrip(wudf_client *c, wudf_handle f, uint32_t slot, const char *text)
{
    uint8_t in[sizeof(MONITOR_OP) + 64];
    char out[64];
    uint32_t n = 0;
    wudf_status st = wudf_ioctl(c, f, IOCTL_MONITOR_ROUNDTRIP, in, op_input(in, slot, 0, 0, 0, text, strlen(text)),
                                out, sizeof out, &n, T);
    if (st == 0) {
        assert_int_equal(n, strlen(text));
        assert_memory_equal(out, text, n);
    }
    return st;
}

static uint32_t open_name(wudf_client *c, wudf_handle f, const char *name)
{
    uint8_t in[sizeof(MONITOR_OP) + 128];
    int32_t hr = -1;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_OPEN, in, op_input(in, 1, 0, 0, 0, name, strlen(name)), &hr,
                                sizeof hr, &n, T),
                     0);
    assert_int_equal(n, sizeof hr);
    return (uint32_t)hr;
}

static wudf_status target_op(wudf_client *c, wudf_handle f, uint32_t slot, uint32_t op, uint32_t arg, uint32_t *state)
{
    uint8_t in[sizeof(MONITOR_OP)];
    uint32_t n = 0;
    *state = 0;
    return wudf_ioctl(c, f, IOCTL_MONITOR_TARGET, in, op_input(in, slot, op, arg, 0, NULL, 0), state, sizeof *state,
                      &n, T);
}

static struct echo_stats echo_stats(harness *h)
{
    wudf_client *c = harness_client(h);
    wudf_handle f;
    struct echo_stats s;
    uint32_t n = 0;
    assert_int_equal(wudf_open(c, "\\\\.\\Echo0", T, &f), 0);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, &s, sizeof s, &n, T), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
    return s;
}

/* The monitor installed first, then echo: the arrival opens a target. */
static wudf_client *monitor_then_echo(harness *h, wudf_handle *f)
{
    install_monitor(h);
    size_t mark = harness_log_mark(h);
    install_echo(h, NULL, ECHO_ID);
    wait_arrival(h, 1, mark);
    return open_monitor(h, f);
}

static void an_echo_installed_after_the_monitor_arrives_and_bytes_round_trip(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = monitor_then_echo(h, &f);

    assert_int_equal(roundtrip(c, f, 0, "hello, remote echo"), 0);
    MONITOR_STATUS s = status(c, f);
    assert_int_equal(s.RegisterHr, S_OK_HR);
    assert_int_equal(s.Arrivals, 1);
    assert_int_equal(s.GuidMatched, 1);
    assert_string_equal(s.Link, "\\\\?\\ROOT#ECHO#0000#" ECHO_INTERFACE_GUID_TEXT);
    assert_int_equal(s.LinkChars, strlen(s.Link) + 1);
    assert_int_equal(s.Slot[0].OpenHr, S_OK_HR);
    assert_int_equal(s.Slot[0].State, MONITOR_STATE_STARTED);

    /* echo's own loopback, sent synchronously with a timeout */
    uint8_t in[sizeof(MONITOR_OP) + 16];
    char out[16];
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_LOOPBACK_SYNC, in, op_input(in, 0, 0, 0, 5000, "loop", 4), out,
                                sizeof out, &n, T),
                     0);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "loop", 4);

    /* File information: no such request reaches another device through the reflector, so the send ends as
     * at a device that serves none (STATUS_INVALID_DEVICE_REQUEST); a NULL pFile is refused at the format. */
    size_t mark = harness_log_sync(h);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_FILE_INFO, in, op_input(in, 0, 0, 0, 0, NULL, 0), out,
                                sizeof out, &n, T),
                     WUDF_STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_FILE_INFO, in, op_input(in, 0, 0, 1, 0, NULL, 0), NULL, 0, &n,
                                T),
                     WUDF_STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_FILE_INFO, in, op_input(in, 0, 0, 2, 0, NULL, 0), out,
                                sizeof out, &n, T),
                     WUDF_STATUS_INVALID_PARAMETER);
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "event=remote-target-send ", mark), 0);

    /* It all reached echo, through a file the reflector opened for the monitor's host. */
    struct echo_stats e = echo_stats(h);
    assert_true(e.writes >= 1 && e.reads >= 1 && e.ioctls >= 2 && e.creates >= 2);
    assert_int_equal(harness_log_count(h, "event=interface-arrival device=" ECHO_ID, 0), 1);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void an_echo_installed_before_the_monitor_arrives_when_it_registers(void **state)
{
    harness *h = *state;
    install_echo(h, NULL, ECHO_ID);
    size_t mark = harness_log_mark(h);
    install_monitor(h);
    wait_arrival(h, 1, mark);
    wudf_handle f;
    wudf_client *c = open_monitor(h, &f);
    assert_int_equal(roundtrip(c, f, 0, "existing"), 0);
    assert_int_equal(status(c, f).Arrivals, 1);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void targets_open_by_name_and_their_state_is_managed(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = monitor_then_echo(h, &f);

    assert_int_equal(open_name(c, f, "\\\\.\\Echo0"), S_OK_HR);
    assert_int_equal(roundtrip(c, f, 1, "by link"), 0);
    assert_int_equal(open_name(c, f, "\\DosDevices\\Echo0"), S_OK_HR);
    assert_int_equal(open_name(c, f, ECHO_ID), S_OK_HR);
    assert_int_equal(roundtrip(c, f, 1, "by instance id"), 0);
    assert_int_equal(open_name(c, f, "\\\\.\\NoSuchDevice0"), HR_FILE_NOT_FOUND);

    /* Stopped (IWDFIoTargetStateManagement): a send waits in the target until Start. */
    uint32_t st = 0;
    assert_int_equal(target_op(c, f, 1, MONITOR_OP_STOP, 3 /* WdfIoTargetLeaveSentIoPending */, &st), 0);
    assert_int_equal(st, MONITOR_STATE_STOPPED);
    uint8_t in[sizeof(MONITOR_OP) + 16];
    char out[16];
    fixture_result r = {0};
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_MONITOR_ROUNDTRIP, in, op_input(in, 1, 0, 0, 0, "waited", 6), out,
                                      sizeof out, fixture_on_done, &r, &id),
                     0);
    assert_int_equal(harness_wait_log(h, "event=target-send-pended device=" MONITOR, 0, T), 0);
    assert_int_equal(r.done, 0);
    assert_int_equal(target_op(c, f, 1, MONITOR_OP_START, 0, &st), 0);
    assert_int_equal(st, MONITOR_STATE_STARTED);
    assert_int_equal(fixture_wait_done(c, &r, T), 0);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.information, 6);
    assert_memory_equal(out, "waited", 6);

    /* IWDFRemoteTarget's own methods: Start of a started target, Close, and no Start after it. */
    assert_int_equal(target_op(c, f, 1, MONITOR_OP_REMOTE_START, 0, &st), 0);
    assert_int_equal(target_op(c, f, 1, MONITOR_OP_CLOSE, 0, &st), 0);
    assert_int_equal(st, MONITOR_STATE_CLOSED);
    assert_int_equal(target_op(c, f, 1, MONITOR_OP_REMOTE_START, 0, &st), ST_INVALID_DEVICE_STATE);
    assert_int_equal(roundtrip(c, f, 1, "closed"), ST_INVALID_DEVICE_STATE);
    assert_int_equal(roundtrip(c, f, 0, "slot 0 still works"), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void pend(wudf_client *c, wudf_handle f, uint32_t arg, uint32_t timeout_ms, fixture_result *r)
{
    uint8_t in[sizeof(MONITOR_OP)];
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_MONITOR_PEND, in, op_input(in, 0, 0, arg, timeout_ms, NULL, 0),
                                      NULL, 0, fixture_on_done, r, &id),
                     0);
}

static void held_requests_end_by_cancel_and_by_timeout(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = monitor_then_echo(h, &f);
    wudf_client *ec = harness_client(h);
    wudf_handle ef;
    assert_int_equal(wudf_open(ec, "\\\\.\\Echo0", T, &ef), 0);

    /* CancelSentRequest */
    fixture_result r = {0};
    pend(c, f, 0, 0, &r);
    assert_int_equal(fixture_wait_pended(ec, ef, 1), 0);
    uint32_t cancelled = 0, n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_CANCEL, NULL, 0, &cancelled, sizeof cancelled, &n, T), 0);
    assert_int_equal(cancelled, 1);
    assert_int_equal(fixture_wait_done(c, &r, T), 0);
    assert_int_equal(r.status, ST_CANCELLED);

    /* the send's timeout, asynchronous and synchronous */
    fixture_result timed = {0};
    pend(c, f, 0, 300, &timed);
    assert_int_equal(fixture_wait_done(c, &timed, T), 0);
    assert_int_equal(timed.status, ST_IO_TIMEOUT);
    uint8_t in[sizeof(MONITOR_OP)];
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_PEND, in, op_input(in, 0, 0, 1, 300, NULL, 0), NULL, 0, &n, T),
                     ST_IO_TIMEOUT);

    /* the client's own cancel reaches the request the monitor sent on */
    fixture_result mine = {0};
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_MONITOR_PEND, in, op_input(in, 0, 0, 0, 0, NULL, 0), NULL, 0,
                                      fixture_on_done, &mine, &id),
                     0);
    assert_int_equal(fixture_wait_pended(ec, ef, 1), 0);
    assert_int_equal(wudf_cancel(c, id), 0);
    assert_int_equal(fixture_wait_done(c, &mine, T), 0);
    assert_int_equal(mine.status, ST_CANCELLED);
    assert_int_equal(fixture_wait_pended(ec, ef, 0), 0);
    wudf_close(ec, ef);
    wudf_disconnect(ec);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void echo_host_killed_ends_the_held_request_and_the_monitor_goes_on(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = monitor_then_echo(h, &f);
    long long monitor_pid = harness_field_number(h, MONITOR, "host_pid");
    wudf_client *ec = harness_client(h);
    wudf_handle ef;
    assert_int_equal(wudf_open(ec, "\\\\.\\Echo0", T, &ef), 0);
    fixture_result r = {0};
    pend(c, f, 0, 0, &r);
    assert_int_equal(fixture_wait_pended(ec, ef, 1), 0);
    wudf_disconnect(ec);

    size_t mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, ECHO_ID) > 0);
    assert_int_equal(fixture_wait_done(c, &r, T), 0);
    assert_int_equal(r.status, ST_DRIVER_PROCESS_TERMINATED);
    /* a crash gives remove-complete only */
    assert_int_equal(harness_wait_log(h, "msg=\"slot 0: removal complete, target closed\"", mark, T), 0);
    MONITOR_STATUS s = status(c, f);
    assert_int_equal(s.Slot[0].QueryRemoves, 0);
    assert_int_equal(s.Slot[0].RemoveCompletes, 1);

    /* echo comes back: its interface arrives again and the monitor, never restarted, uses it */
    wait_arrival(h, 2, mark);
    assert_int_equal(roundtrip(c, f, 0, "after the crash"), 0);
    assert_int_equal(harness_field_number(h, MONITOR, "host_pid"), monitor_pid);
    assert_int_equal(harness_field_number(h, MONITOR, "restarts"), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* Polls echo's counters (each poll a round trip) until it has closed `closes` files and run `cancels` cancel
 * routines; 0, or -1 after 10 s. */
static int wait_counts(wudf_client *c, wudf_handle f, uint32_t closes, uint32_t cancels)
{
    uint64_t deadline = uv_hrtime() + 10000ull * 1000000u;
    while (uv_hrtime() < deadline) {
        struct echo_stats s;
        uint32_t n;
        if (wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, &s, sizeof s, &n, T) != 0)
            return -1;
        if (s.closes >= closes && s.cancels >= cancels)
            return 0;
    }
    return -1;
}

static void the_monitor_host_killed_has_its_requests_cancelled_and_files_closed_at_echo(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = monitor_then_echo(h, &f);
    wudf_client *ec = harness_client(h);
    wudf_handle ef;
    assert_int_equal(wudf_open(ec, "\\\\.\\Echo0", T, &ef), 0);
    fixture_result r = {0};
    pend(c, f, 0, 0, &r);
    assert_int_equal(fixture_wait_pended(ec, ef, 1), 0);
    struct echo_stats e;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(ec, ef, IOCTL_ECHO_GET_STATS, NULL, 0, &e, sizeof e, &n, T), 0);
    uint32_t closes = e.closes;

    assert_true(harness_kill_host(h, MONITOR) > 0);
    assert_int_equal(fixture_wait_done(c, &r, T), 0);
    assert_int_equal(r.status, ST_DRIVER_PROCESS_TERMINATED);
    /* as for a client that died: what it sent is cancelled, its file cleaned up and closed */
    assert_int_equal(fixture_wait_pended(ec, ef, 0), 0);
    /* The cancel routine runs on a worker and may come after the cleanup, which already let go of the
     * request (its UnmarkCancelable fails once the cancel has started): wait for both. */
    assert_int_equal(wait_counts(ec, ef, closes + 1, e.cancels + 1), 0);
    assert_int_equal(harness_field_number(h, ECHO_ID, "restarts"), 0);
    wudf_close(ec, ef);
    wudf_disconnect(ec);
    wudf_disconnect(c);
}

static void echo_removal_asks_the_monitor_then_completes_and_sends_fail(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = monitor_then_echo(h, &f);
    size_t mark = harness_log_mark(h);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "remove", ECHO_ID, &reply), 0);
    wudf_kv_free(&reply);
    assert_int_equal(harness_wait_log(h, "event=query-remove device=" ECHO_ID " holders=1", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"slot 0: removal complete, target closed\"", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"slot 0: interface removed\"", mark, T), 0);
    MONITOR_STATUS s = status(c, f);
    assert_int_equal(s.Slot[0].QueryRemoves, 1);
    assert_int_equal(s.Slot[0].RemoveCanceled, 0);
    assert_int_equal(s.Slot[0].RemoveCompletes, 1);
    assert_int_equal(s.InterfaceRemovals, 1);
    assert_int_equal(s.Slot[0].State, MONITOR_STATE_CLOSED);
    /* "After a driver calls Close, the driver cannot send I/O requests to the I/O target." */
    assert_int_equal(roundtrip(c, f, 0, "gone"), ST_INVALID_DEVICE_STATE);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void a_veto_keeps_echo_and_the_target_that_agreed_reopens(void **state)
{
    harness *h = *state;
    wudf_handle f;
    wudf_client *c = monitor_then_echo(h, &f);
    uint32_t st = 0;
    assert_int_equal(open_name(c, f, "\\\\.\\Echo0"), S_OK_HR);
    assert_int_equal(target_op(c, f, 1, MONITOR_OP_VETO, 1, &st), 0);

    size_t mark = harness_log_mark(h);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_true(harness_tool(h, "remove", ECHO_ID, &reply) < 0);
    assert_non_null(strstr(wudf_kv_get(&reply, "message"), "vetoed by " MONITOR));
    wudf_kv_free(&reply);
    char state_text[40];
    harness_field(h, ECHO_ID, "state", state_text, sizeof state_text);
    assert_string_equal(state_text, "started");
    assert_int_equal(harness_wait_log(h, "msg=\"slot 0: removal canceled, reopened", mark, T), 0);
    MONITOR_STATUS s = status(c, f);
    assert_int_equal(s.Slot[0].QueryRemoves, 1);
    assert_int_equal(s.Slot[0].RemoveCanceled, 1);
    assert_int_equal(s.Slot[0].ReopenHr, S_OK_HR);
    assert_int_equal(s.Slot[0].State, MONITOR_STATE_STARTED);
    assert_int_equal(s.Slot[1].QueryRemoves, 1);
    assert_int_equal(s.Slot[1].State, MONITOR_STATE_STARTED);
    assert_int_equal(roundtrip(c, f, 0, "reopened"), 0);
    assert_int_equal(roundtrip(c, f, 1, "never closed"), 0);

    /* without the veto the removal goes through */
    assert_int_equal(target_op(c, f, 1, MONITOR_OP_VETO, 0, &st), 0);
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "remove", ECHO_ID, &reply), 0);
    wudf_kv_free(&reply);
    assert_int_equal(harness_wait_log(h, "msg=\"slot 1: removal complete, target closed\"", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"slot 0: removal complete, target closed\"", mark, T), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void a_monitor_may_not_open_its_own_device(void **state)
{
    harness *h = *state;
    install_monitor(h);
    wudf_handle f;
    wudf_client *c = open_monitor(h, &f);
    size_t mark = harness_log_mark(h);
    assert_int_equal(open_name(c, f, "\\\\.\\Monitor0"), HR_INVALID_FUNCTION);
    assert_int_equal(harness_wait_log(h, "event=remote-refused device=" MONITOR, mark, T), 0);
    assert_int_equal(status(c, f).Slot[1].State, 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void an_echo_whose_access_list_leaves_hosts_out_is_refused(void **state)
{
    harness *h = *state;
    install_monitor(h);
    size_t mark = harness_log_mark(h);
    install_echo(h, ACL_WITHOUT_HOSTS, ECHO_ID);
    wait_arrival(h, 1, mark);
    assert_int_equal(harness_wait_log(h, "event=open-denied device=" ECHO_ID, mark, T), 0);
    wudf_handle f;
    wudf_client *c = open_monitor(h, &f);
    MONITOR_STATUS s = status(c, f);
    assert_int_equal((uint32_t)s.Slot[0].OpenHr, HR_ACCESS_DENIED);
    assert_int_equal(s.Slot[0].State, 0);
    assert_int_equal(open_name(c, f, "\\\\.\\Echo0"), HR_ACCESS_DENIED);

    /* The same list with "drivers" (UMDF's user-mode drivers SID) lets hosts in. */
    mark = harness_log_mark(h);
    install_echo(h, ACL_WITHOUT_HOSTS ",drivers", "ROOT\\ECHO\\0001");
    wait_arrival(h, 2, mark);
    s = status(c, f);
    assert_int_equal(s.Slot[0].OpenHr, S_OK_HR);
    assert_int_equal(roundtrip(c, f, 0, "admitted"), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* IOCTL_MONITOR_POST_EVENT on f: the HRESULT PostEvent returned. */
static int32_t post_event(wudf_client *c, wudf_handle f, const uint8_t guid[16], const void *data, size_t size)
{
    uint8_t in[16 + 64];
    int32_t hr = -1;
    uint32_t n = 0;
    memcpy(in, guid, 16);
    if (size)
        memcpy(in + 16, data, size);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_MONITOR_POST_EVENT, in, (uint32_t)(16 + size), &hr, sizeof hr, &n, T), 0);
    assert_int_equal(n, sizeof hr);
    return hr;
}

static void a_posted_event_reaches_the_remote_interface_of_the_other_monitor(void **state)
{
    harness *h = *state;
    /* {6C1D3A52-8E47-4F09-B2A6-3D5E7F901B24} in GUID's layout (little-endian Data1..Data3) */
    static const uint8_t guid[16] = {0x52, 0x3a, 0x1d, 0x6c, 0x47, 0x8e, 0x09, 0x4f,
                                     0xb2, 0xa6, 0x3d, 0x5e, 0x7f, 0x90, 0x1b, 0x24};
    static const uint8_t data[] = {0x00, 0x01, 0xfe, 0xff, 'e', 'v', 'e', 'n', 't'};
    install_monitor(h);
    size_t mark = harness_log_mark(h);
    install_monitor_as(h, MONITOR1);
    /* Each opens the other's interface (the first when the second arrives, the second as an existing one). */
    assert_int_equal(harness_wait_log(h, "peer interface opened ROOT#MONITOR#0001#", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "peer interface opened ROOT#MONITOR#0000#", mark, T), 0);
    wudf_handle f0, f1;
    wudf_client *c = open_monitor(h, &f0);
    assert_int_equal(wudf_open(c, "\\\\.\\Monitor1", T, &f1), 0);
    assert_int_equal(status(c, f0).Slot[2].State, MONITOR_STATE_STARTED);

    mark = harness_log_mark(h);
    assert_int_equal(post_event(c, f1, guid, data, sizeof data), S_OK_HR);
    assert_int_equal(harness_wait_log(h, "event=custom-event device=" MONITOR1 " guid=" EVENT_GUID_TEXT
                                         " type=broadcast size=9 delivered=1", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "slot 2: device event of 9 bytes", mark, T), 0);
    MONITOR_STATUS s = status(c, f0);
    assert_int_equal(s.Events, 1);
    assert_int_equal(s.EventSize, sizeof data);
    assert_memory_equal(s.EventGuid, guid, 16);
    assert_memory_equal(s.EventData, data, sizeof data);
    assert_int_equal(s.EventNameOffset, 0xFFFFFFFFu); /* PostEvent's events carry no string */
    assert_int_equal(status(c, f1).Events, 0);        /* nor does it reach the device that posted it */

    /* No data at all */
    mark = harness_log_mark(h);
    assert_int_equal(post_event(c, f1, guid, NULL, 0), S_OK_HR);
    assert_int_equal(harness_wait_log(h, "slot 2: device event of 0 bytes", mark, T), 0);
    s = status(c, f0);
    assert_int_equal(s.Events, 2);
    assert_int_equal(s.EventSize, 0);

    /* Once the target on the interface is closed, the events stop. */
    uint32_t st = 0;
    assert_int_equal(target_op(c, f0, 2, MONITOR_OP_CLOSE, 0, &st), 0);
    mark = harness_log_mark(h);
    assert_int_equal(post_event(c, f1, guid, data, 4), S_OK_HR);
    /* The close reaches the reflector after the driver's Close returns: if it is still on its way,
     * the event is sent (delivered=1) and the host, whose target is closed, drops it (its own line
     * then says delivered=0). Either way the driver hears nothing. */
    assert_int_equal(harness_wait_log(h, " size=4 delivered=0", mark, T), 0);
    assert_int_equal(status(c, f0).Events, 2);
    wudf_close(c, f0);
    wudf_close(c, f1);
    wudf_disconnect(c);
}

static void an_application_registered_on_a_file_gets_the_devices_events(void **state)
{
    harness *h = *state;
    static const uint8_t guid[16] = {0x52, 0x3a, 0x1d, 0x6c, 0x47, 0x8e, 0x09, 0x4f,
                                     0xb2, 0xa6, 0x3d, 0x5e, 0x7f, 0x90, 0x1b, 0x24};
    static const uint8_t data[] = {0xde, 0xad, 0x00, 0xbe, 0xef};
    install_monitor(h);
    wudf_handle f, watched, unregistered;
    wudf_client *c = open_monitor(h, &f);
    wudf_client *app = harness_client(h);
    wudf_client *other = harness_client(h);
    assert_int_equal(wudf_open(app, "\\\\.\\Monitor0", T, &watched), 0);
    assert_int_equal(wudf_open(other, "\\\\.\\Monitor0", T, &unregistered), 0);
    assert_int_equal(wudf_register_custom_events(app, watched + 100, T), WUDF_STATUS_INVALID_HANDLE);
    assert_int_equal(wudf_register_custom_events(app, watched, T), 0);

    size_t mark = harness_log_mark(h);
    assert_int_equal(post_event(c, f, guid, data, sizeof data), S_OK_HR);
    assert_int_equal(harness_wait_log(h, "event=custom-event device=" MONITOR " guid=" EVENT_GUID_TEXT
                                         " type=broadcast size=5 delivered=1", mark, T), 0);
    wudf_custom_event e;
    uint8_t small[2], got[16];
    assert_int_equal(wudf_get_custom_event(app, &e, small, sizeof small, T), WUDF_STATUS_BUFFER_TOO_SMALL);
    assert_int_equal(e.size, sizeof data);
    assert_int_equal(wudf_get_custom_event(app, &e, got, sizeof got, T), 0);
    assert_int_equal(e.file, watched);
    assert_string_equal(e.guid, EVENT_GUID_TEXT);
    assert_int_equal(e.name_offset, -1);
    assert_int_equal(e.size, sizeof data);
    assert_memory_equal(got, data, sizeof data);
    /* Only what was posted: nothing more waits, and the client that did not register got nothing. */
    assert_int_equal(wudf_get_custom_event(app, &e, got, sizeof got, 100), WUDF_STATUS_IO_TIMEOUT);
    assert_int_equal(wudf_get_custom_event(other, &e, got, sizeof got, 100), WUDF_STATUS_IO_TIMEOUT);

    /* Unregistered, it gets no more. */
    assert_int_equal(wudf_unregister_custom_events(app, watched, T), 0);
    mark = harness_log_mark(h);
    assert_int_equal(post_event(c, f, guid, NULL, 0), S_OK_HR);
    assert_int_equal(harness_wait_log(h, "event=custom-event device=" MONITOR " guid=" EVENT_GUID_TEXT
                                         " type=broadcast size=0 delivered=0", mark, T), 0);
    assert_int_equal(wudf_get_custom_event(app, &e, got, sizeof got, 100), WUDF_STATUS_IO_TIMEOUT);
    wudf_close(other, unregistered);
    wudf_disconnect(other);
    wudf_close(app, watched);
    wudf_disconnect(app);
    wudf_close(c, f);
    wudf_disconnect(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_echo_installed_after_the_monitor_arrives_and_bytes_round_trip, start, stop),
        cmocka_unit_test_setup_teardown(an_echo_installed_before_the_monitor_arrives_when_it_registers, start, stop),
        cmocka_unit_test_setup_teardown(targets_open_by_name_and_their_state_is_managed, start, stop),
        cmocka_unit_test_setup_teardown(held_requests_end_by_cancel_and_by_timeout, start, stop),
        cmocka_unit_test_setup_teardown(echo_host_killed_ends_the_held_request_and_the_monitor_goes_on, start, stop),
        cmocka_unit_test_setup_teardown(the_monitor_host_killed_has_its_requests_cancelled_and_files_closed_at_echo,
                                        start, stop),
        cmocka_unit_test_setup_teardown(echo_removal_asks_the_monitor_then_completes_and_sends_fail, start, stop),
        cmocka_unit_test_setup_teardown(a_veto_keeps_echo_and_the_target_that_agreed_reopens, start, stop),
        cmocka_unit_test_setup_teardown(a_monitor_may_not_open_its_own_device, start, stop),
        cmocka_unit_test_setup_teardown(an_echo_whose_access_list_leaves_hosts_out_is_refused, start, stop),
        cmocka_unit_test_setup_teardown(a_posted_event_reaches_the_remote_interface_of_the_other_monitor, start, stop),
        cmocka_unit_test_setup_teardown(an_application_registered_on_a_file_gets_the_devices_events, start, stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
