/*
 * USB selective suspend with the power policy owner's continuous reader: the fx2idle/ driver in the
 * real wudfhost on the simulated FX2 kit (umockdev behind libusb on Linux as test_fx2_idle, USB/IP as
 * test_fx2_idle_usbip), this test playing the reflector on the host's channel. With nothing to do the
 * device idles to the state PowerDeviceMaximum gives (D3): the driver's OnD0Exit stops the interrupt
 * pipe, so no read waits at the kit, and the bus suspends the kit where the transport can (umockdev);
 * a read or a write brings it back, OnD0Entry starts the reader again, and a switch change the kit
 * reported while it slept reaches the driver only then. The same driver told by its hardware key to
 * leave the power policy to WinUSB is idled by WinUSB's policy instead (to D2, when the INF enabled it
 * with DeviceIdleEnabled), and its next transfer brings the device back; told to use a power-managed
 * queue all the same, its request waits while WinUSB has the device suspended, as on Windows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openwudf/status.h>

#include "fx2_host.h"

#ifndef _WIN32
typedef int32_t LONG;
#endif
#include "fx2idle_ioctl.h"

#define T 10000u
#define DEVICE_ID 5
#define FX2IDLE_CLSID "{15ED727C-C26E-49D6-BA5B-2DAD147AE545}"
#define INTERRUPT_IN 0x81
#define BULK_IN 0x86
#define LOOPBACK_LENGTH 64
#define FILE_ID 1
#define POWER_DEVICE_D0 1   /* WDF_POWER_DEVICE_STATE */
#define POWER_DEVICE_D2 3
#define POWER_DEVICE_D3 4
#define SLICE_MS 20u        /* one run of the channel's loop while a wait looks for a message */

typedef struct fixture {
    fx2_sim *sim;
    host_proc host;
    int spawned;
    uint64_t next_irp;
    size_t events_seen;     /* messages already looked at for power events */
    unsigned discard_mark;  /* the kit's discard count at the last idle */
} fixture;

static void dump_log(fixture *f)
{
    host_proc_poll(&f->host);
    fprintf(stderr, "---- wudfhost log ----\n%s\n----\n", f->host.log ? f->host.log : "");
}

static const wudf_msg *wait_for(fixture *f, uint16_t type, uint64_t irp_id)
{
    const wudf_msg *m = host_proc_wait(&f->host, type, irp_id, T);
    if (!m) {
        dump_log(f);
        fail_msg("no %s for irp %llu from the host", wudf_msg_type_name(type), (unsigned long long)irp_id);
    }
    return m;
}

static int value_is(const wudf_msg *m, const char *key, const char *wanted)
{
    char *value = host_proc_kv_value(m, key);
    int match = value && strcmp(value, wanted) == 0;
    free(value);
    return match;
}

/* The next power event after those already seen that reports power_state; fails the test after T. */
static const wudf_msg *wait_power(fixture *f, const char *power_state)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)T * 1000000u;
    for (;;) {
        host_proc_poll(&f->host);
        while (f->events_seen < f->host.count) {
            const wudf_msg *m = f->host.messages[f->events_seen++];
            if (m->type == WUDF_MSG_HOST_EVENT && value_is(m, "event", "power") &&
                value_is(m, "power_state", power_state))
                return m;
        }
        if (uv_hrtime() >= deadline) {
            dump_log(f);
            fail_msg("no power event with power_state=%s from the host", power_state);
        }
        host_proc_wait(&f->host, WUDF_MSG_COMPLETE, UINT64_MAX, SLICE_MS); /* nothing has that id: runs the loop */
    }
}

/* The power events after from: none may say power_state. */
static void assert_no_power_event(fixture *f, size_t from, const char *power_state)
{
    host_proc_poll(&f->host);
    for (size_t i = from; i < f->host.count; i++) {
        const wudf_msg *m = f->host.messages[i];
        if (m->type == WUDF_MSG_HOST_EVENT && value_is(m, "event", "power") && value_is(m, "power_state", power_state))
            fail_msg("a power event with power_state=%s came", power_state);
    }
}

static FX2IDLE_COUNTS counts(fixture *f)
{
    FX2IDLE_COUNTS c;
    uint64_t irp = f->next_irp++;
    host_proc_irp(&f->host, irp, WUDF_IRP_MJ_DEVICE_CONTROL, FILE_ID, IOCTL_FX2IDLE_COUNTS, NULL, 0, sizeof c);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, irp);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, sizeof c);
    memcpy(&c, m->payload, sizeof c);
    return c;
}

static int over_usbip(fixture *f)
{
    return fx2_sim_usbip_server(f->sim) != NULL;
}

/* The bus as the idle event reports it, and as the kit saw it. */
static void assert_bus_suspended(fixture *f, const wudf_msg *idle)
{
    char *bus = host_proc_kv_value(idle, "usb_bus");
    assert_non_null(bus);
    if (over_usbip(f)) {
        /* USB/IP carries no suspend: the host says so, and the kit stays awake. */
        assert_int_equal(strncmp(bus, "not suspended", strlen("not suspended")), 0);
        assert_int_equal(fx2_sim_suspended(f->sim), 0);
        assert_int_equal(fx2_sim_suspend_count(f->sim), 0);
    } else {
        /* IdleUsbSelectiveSuspend can wake: the port is suspended with remote wakeup armed. */
        assert_string_equal(bus, "suspended, remote wakeup armed");
        assert_int_equal(fx2_sim_suspended(f->sim), 1);
        assert_true(fx2_sim_suspend_count(f->sim) >= 1);
    }
    /* Armed as the hub driver arms a device (SET_FEATURE(DEVICE_REMOTE_WAKEUP)), on either transport. */
    assert_int_equal(fx2_sim_remote_wakeup(f->sim), 1);
    free(bus);
}

/* The device has idled: the two reads its reader kept at the kit since the last idle were cancelled. */
static const wudf_msg *idle_once(fixture *f)
{
    const wudf_msg *idle = wait_power(f, "D3");
    assert_true(value_is(idle, "reason", "idle"));
    unsigned discarded = fx2_sim_discard_count(f->sim);
    assert_true(discarded >= f->discard_mark + FX2IDLE_READER_PENDING_READS);
    f->discard_mark = discarded;
    return idle;
}

/* Back in D0 after I/O: the event says so, the bus is active again, the kit was resumed. */
static void assert_woken(fixture *f)
{
    const wudf_msg *up = wait_power(f, "D0");
    assert_true(value_is(up, "reason", "io"));
    assert_true(value_is(up, "usb_bus", "active"));
    assert_int_equal(fx2_sim_remote_wakeup(f->sim), 0); /* cleared once the device is back */
    if (over_usbip(f)) {
        assert_int_equal(fx2_sim_resume_count(f->sim), 0);
    } else {
        assert_int_equal(fx2_sim_suspended(f->sim), 0);
        assert_true(fx2_sim_resume_count(f->sim) >= 1);
    }
}

/*
 * A read of the loopback sent to the idle device: it brings the device back to D0 and then waits at
 * bulk IN 0x86, which keeps the power-managed queue busy, so the device stays in D0 until
 * loopback_write ends it. Returns its irp.
 */
static uint64_t loopback_read_wakes(fixture *f)
{
    uint64_t read = f->next_irp++;
    host_proc_irp(&f->host, read, WUDF_IRP_MJ_READ, FILE_ID, 0, NULL, 0, LOOPBACK_LENGTH);
    assert_woken(f);
    assert_int_equal(fx2_sim_wait_pending(f->sim, BULK_IN, 1, T), 0);
    assert_null(host_proc_find(&f->host, WUDF_MSG_COMPLETE, read));
    return read;
}

/* A write to bulk OUT 0x02: the waiting read gets its bytes back, whole. */
static void loopback_write(fixture *f, uint64_t read, uint8_t seed)
{
    uint8_t data[LOOPBACK_LENGTH];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(seed + i * 7);
    uint64_t write = f->next_irp++;
    host_proc_irp(&f->host, write, WUDF_IRP_MJ_WRITE, FILE_ID, 0, data, sizeof data, 0);
    const wudf_msg *w = wait_for(f, WUDF_MSG_COMPLETE, write);
    assert_int_equal(w->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(w->information, sizeof data);
    const wudf_msg *r = wait_for(f, WUDF_MSG_COMPLETE, read);
    assert_int_equal(r->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(r->information, sizeof data);
    assert_int_equal(r->payload_length, sizeof data);
    assert_memory_equal(r->payload, data, sizeof data);
}

/* The switches change while the reader runs: one of its reads takes the report, and the reader sends
 * it again once its callback returned, so two reads wait at the kit once the driver has it. */
static void set_switches_seen(fixture *f, uint8_t switches)
{
    assert_int_equal(fx2_sim_wait_pending(f->sim, INTERRUPT_IN, FX2IDLE_READER_PENDING_READS, T), 0);
    fx2_sim_set_switches(f->sim, switches);
    assert_int_equal(fx2_sim_wait_pending(f->sim, INTERRUPT_IN, FX2IDLE_READER_PENDING_READS, T), 0);
}

/* hw: reg.hw entries of the DEVICE_START (the INF's HW AddReg), NULL-terminated, or NULL. */
static int setup_with(void **state, const char *const *hw)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || !(f->sim = fx2_sim_new(NULL)))
        return -1;
    f->next_irp = 2;
    if (fx2_host_spawn(&f->host, f->sim, WUDFHOST_PATH, &f->spawned))
        return -1;
    wudf_kv kv;
    wudf_kv_init(&kv);
    fx2_host_driver_keys(&kv, f->sim, "WudfFx2IdleSample", FX2IDLE_CLSID, FX2IDLE_MODULE_PATH);
    for (size_t i = 0; hw && hw[i]; i++)
        wudf_kv_add(&kv, "reg.hw", hw[i], NULL);
    host_proc_send_kv(&f->host, WUDF_MSG_DEVICE_START, DEVICE_ID, &kv);
    wudf_kv_free(&kv);
    if (wait_for(f, WUDF_MSG_DEVICE_STARTED, 0)->status != WUDF_STATUS_SUCCESS)
        return -1;
    host_proc_irp(&f->host, 1, WUDF_IRP_MJ_CREATE, FILE_ID, 0, "\\fx2", 4, 0);
    return wait_for(f, WUDF_MSG_COMPLETE, 1)->status == WUDF_STATUS_SUCCESS ? 0 : -1;
}

static int setup(void **state)
{
    return setup_with(state, NULL);
}

/* The driver leaves the power policy to WinUSB, and the INF enabled selective suspend. */
static int setup_winusb(void **state)
{
    static const char *const hw[] = {";" FX2IDLE_OWNER_VALUE_A ";dword;0", ";DeviceIdleEnabled;dword;1", NULL};
    return setup_with(state, hw);
}

/* ... and its I/O queue is power-managed all the same. */
static int setup_winusb_managed_queue(void **state)
{
    static const char *const hw[] = {";" FX2IDLE_OWNER_VALUE_A ";dword;0", ";DeviceIdleEnabled;dword;1",
                                     ";" FX2IDLE_MANAGED_QUEUE_VALUE_A ";dword;1", NULL};
    return setup_with(state, hw);
}

/* ... but the INF did not enable it. */
static int setup_winusb_not_enabled(void **state)
{
    static const char *const hw[] = {";" FX2IDLE_OWNER_VALUE_A ";dword;0", NULL};
    return setup_with(state, hw);
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f && f->spawned) {
        uint64_t cleanup = f->next_irp++, close = f->next_irp++;
        host_proc_irp(&f->host, cleanup, WUDF_IRP_MJ_CLEANUP, FILE_ID, 0, NULL, 0, 0);
        host_proc_wait(&f->host, WUDF_MSG_COMPLETE, cleanup, T);
        host_proc_irp(&f->host, close, WUDF_IRP_MJ_CLOSE, FILE_ID, 0, NULL, 0, 0);
        host_proc_wait(&f->host, WUDF_MSG_COMPLETE, close, T);
        host_proc_simple(&f->host, WUDF_MSG_DEVICE_STOP, 0);
        host_proc_wait(&f->host, WUDF_MSG_DEVICE_STOPPED, 0, T);
        host_proc_cleanup(&f->host);
    }
    if (f)
        fx2_sim_free(f->sim);
    free(f);
    return 0;
}

static void idle_stops_the_switch_reader_and_suspends_the_bus(void **state)
{
    fixture *f = *state;
    FX2IDLE_COUNTS c = counts(f);
    assert_int_equal(c.IdleHr, 0);
    assert_int_equal(c.ReaderConfigHr, 0);
    assert_int_equal(c.D0Entry, 1);
    assert_int_equal(c.StartHr, 0);
    assert_int_equal(c.StateAfterStart, FX2IDLE_TARGET_STARTED);

    const wudf_msg *idle = idle_once(f);
    assert_bus_suspended(f, idle);

    /* Asking for the counts goes to a queue that is not power-managed: the device stays down. */
    size_t mark = f->host.count;
    c = counts(f);
    assert_int_equal(c.D0Entry, 1);
    assert_int_equal(c.D0Exit, 1);
    assert_int_equal(c.LastExitTo, POWER_DEVICE_D3);
    assert_int_equal(c.StopHr, 0);
    assert_int_equal(c.StateAfterStop, FX2IDLE_TARGET_STOPPED);
    assert_int_equal(c.ReadComplete, 0);
    assert_int_equal(c.ReadersFailed, 0);
    assert_int_equal(c.ReadCompleteOutsideD0, 0);
    assert_no_power_event(f, mark, "D0");
}

static void io_wakes_the_device_and_restarts_the_switch_reader(void **state)
{
    fixture *f = *state;
    idle_once(f);

    uint64_t read = loopback_read_wakes(f);
    FX2IDLE_COUNTS c = counts(f);
    assert_int_equal(c.D0Entry, 2);
    assert_int_equal(c.LastEntryFrom, POWER_DEVICE_D3);
    assert_int_equal(c.StartHr, 0);
    assert_int_equal(c.StateAfterStart, FX2IDLE_TARGET_STARTED);
    assert_int_equal(c.Reads, 1);

    /* The reader is back at the kit: a switch change reaches the driver. */
    set_switches_seen(f, 0x5A);
    c = counts(f);
    assert_int_equal(c.ReadComplete, 1);
    assert_int_equal(c.LastSwitches, 0x5A);
    assert_int_equal(c.ReadersFailed, 0);
    assert_int_equal(c.ReadCompleteOutsideD0, 0);

    loopback_write(f, read, 0x11);
    c = counts(f);
    assert_int_equal(c.Writes, 1);
    assert_int_equal(c.LastIoHr, 0);
    assert_int_equal(c.D0Entry, 2);
}

static void a_switch_change_while_suspended_reaches_the_driver_after_d0_entry(void **state)
{
    fixture *f = *state;
    idle_once(f);
    uint64_t read = loopback_read_wakes(f);
    set_switches_seen(f, 0x5A);
    loopback_write(f, read, 0x22);

    /* Idle again: the kit keeps the report of a change nobody reads, and the driver does not see it. */
    const wudf_msg *idle = idle_once(f);
    assert_bus_suspended(f, idle);
    FX2IDLE_COUNTS before = counts(f);
    assert_int_equal(before.D0Exit, 2);
    assert_int_equal(before.ReadComplete, 1);
    fx2_sim_set_switches(f->sim, 0xA5);
    FX2IDLE_COUNTS c = counts(f);
    assert_int_equal(c.LastSwitches, 0x5A);
    assert_int_equal(c.ReadComplete, 1);
    assert_int_equal(c.D0Entry, 2);

    /* Back in D0, the restarted reader takes the kept report first, and only then. */
    read = loopback_read_wakes(f);
    assert_int_equal(fx2_sim_wait_pending(f->sim, INTERRUPT_IN, FX2IDLE_READER_PENDING_READS, T), 0);
    c = counts(f);
    assert_int_equal(c.D0Entry, 3);
    assert_int_equal(c.SwitchesAtD0Entry, 0x5A);
    assert_int_equal(c.LastSwitches, 0xA5);
    assert_int_equal(c.ReadComplete, 2);
    assert_int_equal(c.ReadCompleteOutsideD0, 0);
    assert_int_equal(c.ReadersFailed, 0);
    loopback_write(f, read, 0x33);
}

/*
 * Left to WinUSB (no power policy owner): the device idles after SUSPEND_DELAY with nothing but the
 * reader's interrupt IN reads pending, to D2, and the driver hears OnD0Exit; a write, from a queue that
 * is not power-managed, brings it back before its transfer goes out.
 */
static void winusb_suspends_an_idle_device_and_a_transfer_resumes_it(void **state)
{
    fixture *f = *state;
    FX2IDLE_COUNTS c = counts(f);
    assert_int_equal(c.PowerPolicyOwner, 0);
    assert_int_equal(c.PolicyHr, 0);
    assert_int_equal(c.SuspendDelay, FX2IDLE_IDLE_TIMEOUT_MS);

    const wudf_msg *idle = wait_power(f, "D2");
    assert_true(value_is(idle, "reason", "idle"));
    char want[80];
    snprintf(want, sizeof want, "WinUSB selective suspend after %u ms", (unsigned)FX2IDLE_IDLE_TIMEOUT_MS);
    assert_true(value_is(idle, "idle", want));
    assert_bus_suspended(f, idle);
    c = counts(f);
    assert_int_equal(c.D0Exit, 1);
    assert_int_equal(c.LastExitTo, POWER_DEVICE_D2);

    uint8_t data[LOOPBACK_LENGTH];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(0x40 + i * 3);
    uint64_t write = f->next_irp++;
    host_proc_irp(&f->host, write, WUDF_IRP_MJ_WRITE, FILE_ID, 0, data, sizeof data, 0);
    assert_woken(f);
    const wudf_msg *w = wait_for(f, WUDF_MSG_COMPLETE, write);
    assert_int_equal(w->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(w->information, sizeof data);
    c = counts(f);
    assert_int_equal(c.D0Entry, 2);
    assert_int_equal(c.LastEntryFrom, POWER_DEVICE_D2);
    assert_int_equal(c.Writes, 1);

    /* The bytes looped back, whether the device idled again meanwhile or not. */
    uint64_t read = f->next_irp++;
    host_proc_irp(&f->host, read, WUDF_IRP_MJ_READ, FILE_ID, 0, NULL, 0, LOOPBACK_LENGTH);
    const wudf_msg *r = wait_for(f, WUDF_MSG_COMPLETE, read);
    assert_int_equal(r->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(r->payload_length, sizeof data);
    assert_memory_equal(r->payload, data, sizeof data);
}

/* The log line that says needle, waited for; how many times it is in the log. */
static unsigned log_lines_with(fixture *f, const char *needle)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)T * 1000000u;
    for (;;) {
        host_proc_poll(&f->host);
        unsigned n = 0;
        for (const char *at = f->host.log ? strstr(f->host.log, needle) : NULL; at; at = strstr(at + 1, needle))
            n++;
        if (n || uv_hrtime() >= deadline)
            return n;
        host_proc_wait(&f->host, WUDF_MSG_COMPLETE, UINT64_MAX, SLICE_MS); /* nothing has that id: runs the loop */
    }
}

/*
 * The driver leaves the power policy to WinUSB but made its I/O queue power-managed, which Learn
 * forbids: a write while WinUSB has the device suspended waits, as on Windows, where no driver above
 * WinUSB may ask for D0. The host says why, once; the write ends when its caller gives up.
 */
static void winusb_suspend_holds_a_request_for_a_power_managed_queue(void **state)
{
    fixture *f = *state;
    FX2IDLE_COUNTS c = counts(f);
    assert_int_equal(c.PowerPolicyOwner, 0);
    wait_power(f, "D2");
    size_t mark = f->host.count;

    uint8_t data[LOOPBACK_LENGTH] = {0};
    uint64_t write = f->next_irp++;
    host_proc_irp(&f->host, write, WUDF_IRP_MJ_WRITE, FILE_ID, 0, data, sizeof data, 0);
    assert_int_equal(log_lines_with(f, "bug=power-managed-queue-under-winusb"), 1);
    uint64_t until = uv_hrtime() + (uint64_t)FX2IDLE_IDLE_TIMEOUT_MS * 4u * 1000000u;
    while (uv_hrtime() < until)
        assert_null(host_proc_wait(&f->host, WUDF_MSG_COMPLETE, write, SLICE_MS));
    assert_no_power_event(f, mark, "D0");
    c = counts(f);
    assert_int_equal(c.D0Entry, 1);
    assert_int_equal(c.Writes, 0);

    host_proc_simple(&f->host, WUDF_MSG_CANCEL, write);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, write)->status, WUDF_STATUS_CANCELLED);
    assert_int_equal(log_lines_with(f, "bug=power-managed-queue-under-winusb"), 1);
}

/* WinUSB idles a device only when its INF said it may (DeviceIdleEnabled): here it stays in D0 for
 * several suspend delays. */
static void winusb_leaves_a_device_its_inf_did_not_enable_in_d0(void **state)
{
    fixture *f = *state;
    FX2IDLE_COUNTS c = counts(f);
    assert_int_equal(c.PowerPolicyOwner, 0);
    assert_int_equal(c.PolicyHr, 0);
    uint64_t until = uv_hrtime() + (uint64_t)FX2IDLE_IDLE_TIMEOUT_MS * 4u * 1000000u;
    while (uv_hrtime() < until)
        host_proc_wait(&f->host, WUDF_MSG_COMPLETE, UINT64_MAX, SLICE_MS); /* nothing has that id: runs the loop */
    assert_no_power_event(f, 0, "D2");
    assert_no_power_event(f, 0, "D3");
    c = counts(f);
    assert_int_equal(c.D0Exit, 0);
    assert_int_equal(fx2_sim_suspend_count(f->sim), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(idle_stops_the_switch_reader_and_suspends_the_bus, setup, teardown),
        cmocka_unit_test_setup_teardown(io_wakes_the_device_and_restarts_the_switch_reader, setup, teardown),
        cmocka_unit_test_setup_teardown(a_switch_change_while_suspended_reaches_the_driver_after_d0_entry, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(winusb_suspends_an_idle_device_and_a_transfer_resumes_it, setup_winusb,
                                        teardown),
        cmocka_unit_test_setup_teardown(winusb_suspend_holds_a_request_for_a_power_managed_queue,
                                        setup_winusb_managed_queue, teardown),
        cmocka_unit_test_setup_teardown(winusb_leaves_a_device_its_inf_did_not_enable_in_d0,
                                        setup_winusb_not_enabled, teardown),
    };
    return cmocka_run_group_tests_name("wdk_fx2_idle", tests, NULL, NULL);
}
