/*
 * The FX2 driver in the real wudfhost against a simulated kit, built twice: test_fx2 (fx2_sim.c) puts the
 * kit behind the real libusb, the host running under umockdev's preload so that libusb enumerates the
 * testbed's sysfs and its usbdevfs ioctls reach the simulation in this process; test_fx2_usbip
 * (fx2_sim_usbip.c) serves the kit over USB/IP from this process, which the host imports, on Linux and
 * under Wine. This test plays the reflector on the host's channel.
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

#include "fx2_ioctl.h"
#include "fx2_host.h"

#define T 10000u
#define DEVICE_ID 3
#define FX2_CLSID "{6F3B2C1E-8D47-4A95-B0E2-5C9A1D7F3E64}"
/* NTSTATUS values on the wire (own names: the Windows headers' macros are not wanted here). */
/* Pipe policy types (wudfusb.h's numbers, which are WinUSB's). */
#define SHORT_PACKET_TERMINATE 0x01
#define PIPE_TRANSFER_TIMEOUT 0x03
#define ALLOW_PARTIAL_READS 0x05
#define MAXIMUM_TRANSFER_SIZE 0x08
#define WINUSB_HIGH_SPEED 0x03 /* winusbio.h's HighSpeed */

typedef struct fixture {
    fx2_sim *sim;
    host_proc host;
    int spawned;
    uint64_t next_irp;
} fixture;

static void dump_log(fixture *f)
{
    host_proc_poll(&f->host);
    fprintf(stderr, "---- wudfhost log ----\n%s\n----\n", f->host.log ? f->host.log : "");
}

static int spawn_host(fixture *f)
{
    return fx2_host_spawn(&f->host, f->sim, WUDFHOST_PATH, &f->spawned);
}

static void device_start(fixture *f, const char *port_path, const char *bulk_timeout_ms, const char *pending_reads)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", "USB\\VID_0547&PID_1002\\5&2F1A0B3C&0&2", NULL);
    wudf_kv_add(&kv, "hardware_id", "USB\\VID_0547&PID_1002", NULL);
    wudf_kv_add(&kv, "service_count", "1", NULL);
    wudf_kv_add(&kv, "service.0.name", "WudfFx2", NULL);
    wudf_kv_add(&kv, "service.0.clsid", FX2_CLSID, NULL);
    wudf_kv_add(&kv, "service.0.binary", FX2_MODULE_PATH, NULL);
    wudf_kv_add(&kv, "setting.controltimeoutms", "300", NULL); /* names compare case-insensitively */
    if (bulk_timeout_ms)
        wudf_kv_add(&kv, "setting.bulktimeoutms", bulk_timeout_ms, NULL);
    if (pending_reads)
        wudf_kv_add(&kv, "setting.readerpendingreads", pending_reads, NULL);
    wudf_kv_add(&kv, "log_level", "debug", NULL);
    fx2_host_usb_keys(&kv, f->sim, port_path);
    host_proc_send_kv(&f->host, WUDF_MSG_DEVICE_START, DEVICE_ID, &kv);
    wudf_kv_free(&kv);
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

/* A kit, and the host started on it with the FX2 driver and file 1 open. */
static int start_fixture(void **state, const char *bulk_timeout_ms, const char *pending_reads)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    f->next_irp = 100;
    if (!(f->sim = fx2_sim_new(NULL)) || spawn_host(f))
        return -1;
    device_start(f, FX2_SIM_PORT_PATH, bulk_timeout_ms, pending_reads);
    const wudf_msg *started = wait_for(f, WUDF_MSG_DEVICE_STARTED, 0);
    if (started->status != WUDF_STATUS_SUCCESS) {
        char *message = host_proc_kv_value(started, "message");
        fprintf(stderr, "start failed: 0x%08x %s\n", (unsigned)started->status, message ? message : "");
        free(message);
        dump_log(f);
        return -1;
    }
    host_proc_irp(&f->host, 1, WUDF_IRP_MJ_CREATE, 1, 0, "\\fx2", 4, 0);
    return wait_for(f, WUDF_MSG_COMPLETE, 1)->status == WUDF_STATUS_SUCCESS ? 0 : -1;
}

static int setup(void **state)
{
    return start_fixture(state, NULL, NULL);
}

/* The same with BulkTimeoutMs = 200: the driver sets the bulk pipes' PIPE_TRANSFER_TIMEOUT policy. */
static int setup_bulk_timeout(void **state)
{
    return start_fixture(state, "200", NULL);
}

/* The same with ReaderPendingReads = 3: the driver asks its continuous reader for three reads in flight. */
static int setup_three_pending_reads(void **state)
{
    return start_fixture(state, NULL, "3");
}

/* An orderly stop: DEVICE_STOPPED with no framework object left, then exit 0. */
static void stop_host(fixture *f)
{
    host_proc_simple(&f->host, WUDF_MSG_DEVICE_STOP, 0);
    const wudf_msg *stopped = wait_for(f, WUDF_MSG_DEVICE_STOPPED, 0);
    int64_t status = -1;
    if (stopped->information != 0)
        dump_log(f);
    assert_int_equal(stopped->information, 0);
    assert_int_equal(host_proc_wait_exit(&f->host, T, &status), 0);
    if (status != 0)
        dump_log(f);
    assert_int_equal(status, 0);
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->spawned)
        host_proc_cleanup(&f->host);
    fx2_sim_free(f->sim);
    free(f);
    return 0;
}

/* An I/O control on file 1; returns its COMPLETE. */
static const wudf_msg *ioctl_sync(fixture *f, uint32_t code, const void *in, uint32_t in_length, uint32_t out_length)
{
    uint64_t id = f->next_irp++;
    host_proc_irp(&f->host, id, WUDF_IRP_MJ_DEVICE_CONTROL, 1, code, in, in_length, out_length);
    return wait_for(f, WUDF_MSG_COMPLETE, id);
}

static uint8_t get_byte(fixture *f, uint32_t code)
{
    const wudf_msg *m = ioctl_sync(f, code, NULL, 0, 1);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->information, 1);
    assert_int_equal(m->payload_length, 1);
    return m->payload[0];
}

static void usb_fx2_bar_graph_and_seven_segment_round_trip(void **state)
{
    fixture *f = *state;
    uint8_t bars = 0xa5, segments = 0x6d;
    assert_int_equal(ioctl_sync(f, IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY, &bars, 1, 0)->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(fx2_sim_bar_graph(f->sim), 0xa5);
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY), 0xa5);
    assert_int_equal(ioctl_sync(f, IOCTL_OSRUSBFX2_SET_7_SEGMENT_DISPLAY, &segments, 1, 0)->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(fx2_sim_seven_segment(f->sim), 0x6d);
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_GET_7_SEGMENT_DISPLAY), 0x6d);
    /* The bar graph kept its value through the 7-segment requests. */
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY), 0xa5);
    stop_host(f);
}

static void usb_fx2_reads_the_switches(void **state)
{
    fixture *f = *state;
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_READ_SWITCHES), 0x00);
    fx2_sim_set_switches(f->sim, 0x3c);
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_READ_SWITCHES), 0x3c);
    stop_host(f);
}

static void usb_fx2_returns_its_configuration_descriptor(void **state)
{
    fixture *f = *state;
    const wudf_msg *m = ioctl_sync(f, IOCTL_OSRUSBFX2_GET_CONFIG_DESCRIPTOR, NULL, 0, 512);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, 0x45); /* wTotalLength of the kit's configuration */
    assert_int_equal(m->payload[0], 9);
    assert_int_equal(m->payload[1], 2);
    assert_int_equal(m->payload[2], 0x45);
    stop_host(f);
}

static void usb_fx2_loops_bulk_data_back_from_1_byte_to_64_kib(void **state)
{
    fixture *f = *state;
    static const uint32_t sizes[] = {1, 2, 63, 64, 511, 512, 513, 4096, 65535, 65536};
    uint8_t *data = malloc(65536);
    assert_non_null(data);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t n = sizes[i];
        for (uint32_t b = 0; b < n; b++)
            data[b] = (uint8_t)(b * 7 + i);
        uint64_t write_id = f->next_irp++, read_id = f->next_irp++;
        host_proc_irp(&f->host, write_id, WUDF_IRP_MJ_WRITE, 1, 0, data, n, 0);
        const wudf_msg *w = wait_for(f, WUDF_MSG_COMPLETE, write_id);
        assert_int_equal(w->status, WUDF_STATUS_SUCCESS);
        assert_int_equal(w->information, n);
        host_proc_irp(&f->host, read_id, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, n);
        const wudf_msg *r = wait_for(f, WUDF_MSG_COMPLETE, read_id);
        assert_int_equal(r->status, WUDF_STATUS_SUCCESS);
        assert_int_equal(r->information, n);
        assert_int_equal(r->payload_length, n);
        assert_memory_equal(r->payload, data, n);
    }
    free(data);
    stop_host(f);
}

static void usb_fx2_completes_a_pended_interrupt_request_when_a_switch_changes(void **state)
{
    fixture *f = *state;
    /* The driver's reader waits on the interrupt endpoint from D0 on. */
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 1, T), 0);
    uint64_t pended = f->next_irp++;
    host_proc_irp(&f->host, pended, WUDF_IRP_MJ_DEVICE_CONTROL, 1, IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE, NULL, 0, 1);
    /* A request sent after it completes; the pended one still waits: nothing changed yet. */
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_READ_SWITCHES), 0x00);
    host_proc_poll(&f->host);
    assert_null(host_proc_find(&f->host, WUDF_MSG_COMPLETE, pended));
    fx2_sim_set_switches(f->sim, 0x81);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, pended);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, 1);
    assert_int_equal(m->payload[0], 0x81);
    /* The reader went back to waiting for the next change. */
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 1, T), 0);
    stop_host(f);
}

static void usb_fx2_recovers_from_a_stall_by_resetting_the_pipe(void **state)
{
    fixture *f = *state;
    const uint8_t data[4] = {1, 2, 3, 4};
    host_proc_irp(&f->host, 10, WUDF_IRP_MJ_WRITE, 1, 0, data, sizeof data, 0);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 10)->status, WUDF_STATUS_SUCCESS);
    fx2_sim_halt(f->sim, FX2_ENDPOINT_BULK_IN);
    host_proc_irp(&f->host, 11, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, sizeof data);
    const wudf_msg *stalled = wait_for(f, WUDF_MSG_COMPLETE, 11);
    assert_int_equal(stalled->status, WUDF_STATUS_UNSUCCESSFUL);
    assert_int_equal(stalled->payload_length, 0);
    /* The driver reset the pipe before it reported the failure. */
    assert_int_equal(fx2_sim_clear_halt_count(f->sim, FX2_ENDPOINT_BULK_IN), 1);
    assert_false(fx2_sim_is_halted(f->sim, FX2_ENDPOINT_BULK_IN));
    host_proc_irp(&f->host, 12, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, sizeof data);
    const wudf_msg *again = wait_for(f, WUDF_MSG_COMPLETE, 12);
    assert_int_equal(again->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(again->payload_length, sizeof data);
    assert_memory_equal(again->payload, data, sizeof data);
    stop_host(f);
}

static void usb_fx2_times_out_a_control_transfer_the_device_never_answers(void **state)
{
    fixture *f = *state;
    fx2_sim_mute_control(f->sim, 1);
    uint64_t start = uv_hrtime();
    const wudf_msg *m = ioctl_sync(f, IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY, NULL, 0, 1);
    uint64_t elapsed_ms = (uv_hrtime() - start) / 1000000u;
    assert_int_equal(m->status, WUDF_STATUS_IO_TIMEOUT);
    /* ControlTimeoutMs is 300: not before it, and not the 5 s default either. */
    assert_true(elapsed_ms >= 250);
    assert_true(elapsed_ms < 4000);
    /* libusb gave up on the URB: the device saw it discarded. */
    assert_true(fx2_sim_discard_count(f->sim) >= 1);
    fx2_sim_mute_control(f->sim, 0);
    uint8_t bars = 0x0f;
    assert_int_equal(ioctl_sync(f, IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY, &bars, 1, 0)->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY), 0x0f);
    stop_host(f);
}

static void usb_fx2_bulk_read_times_out_by_the_pipe_policy(void **state)
{
    fixture *f = *state;
    unsigned discards = fx2_sim_discard_count(f->sim);
    host_proc_irp(&f->host, 40, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 8);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, 40);
    assert_int_equal(m->status, WUDF_STATUS_IO_TIMEOUT);
    assert_int_equal(fx2_sim_discard_count(f->sim), discards + 1);
    /* With data there, a read completes well within the timeout. */
    const uint8_t data[3] = {7, 8, 9};
    host_proc_irp(&f->host, 41, WUDF_IRP_MJ_WRITE, 1, 0, data, sizeof data, 0);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 41)->status, WUDF_STATUS_SUCCESS);
    host_proc_irp(&f->host, 42, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 8);
    const wudf_msg *r = wait_for(f, WUDF_MSG_COMPLETE, 42);
    assert_int_equal(r->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(r->payload_length, sizeof data);
    assert_memory_equal(r->payload, data, sizeof data);
    stop_host(f);
}

static void usb_fx2_cancel_reaches_a_pending_bulk_read(void **state)
{
    fixture *f = *state;
    host_proc_irp(&f->host, 20, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 64);
    /* Nothing was written: the read waits at the device. */
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_BULK_IN, 1, T), 0);
    unsigned discards = fx2_sim_discard_count(f->sim);
    host_proc_simple(&f->host, WUDF_MSG_CANCEL, 20);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, 20);
    assert_int_equal(m->status, WUDF_STATUS_CANCELLED);
    assert_int_equal(m->payload_length, 0);
    assert_int_equal(fx2_sim_discard_count(f->sim), discards + 1);
    /* The pipe still works. */
    const uint8_t byte = 0x5a;
    host_proc_irp(&f->host, 21, WUDF_IRP_MJ_WRITE, 1, 0, &byte, 1, 0);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 21)->status, WUDF_STATUS_SUCCESS);
    host_proc_irp(&f->host, 22, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 1);
    const wudf_msg *r = wait_for(f, WUDF_MSG_COMPLETE, 22);
    assert_int_equal(r->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(r->payload[0], 0x5a);
    stop_host(f);
}

static void usb_fx2_unplug_completes_pending_requests_and_reports_the_removal(void **state)
{
    fixture *f = *state;
    host_proc_irp(&f->host, 30, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 16);
    host_proc_irp(&f->host, 31, WUDF_IRP_MJ_DEVICE_CONTROL, 1, IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE, NULL, 0, 1);
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_BULK_IN, 1, T), 0);
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_READ_SWITCHES), 0x00); /* 31 is in the driver by now */
    fx2_sim_unplug(f->sim);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 30)->status, WUDF_STATUS_DEVICE_NOT_CONNECTED);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 31)->status, WUDF_STATUS_DEVICE_NOT_CONNECTED);
    const wudf_msg *event = host_proc_wait_event(&f->host, "surprise-removal", T);
    if (!event)
        dump_log(f);
    assert_non_null(event);
    assert_int_equal(event->device_id, DEVICE_ID);
    char *instance = host_proc_kv_value(event, "instance_id");
    assert_non_null(instance);
    assert_string_equal(instance, "USB\\VID_0547&PID_1002\\5&2F1A0B3C&0&2");
    free(instance);
    /* Requests after the removal fail at once with the same status; nothing waits. */
    uint8_t bars = 1;
    assert_int_equal(ioctl_sync(f, IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY, &bars, 1, 0)->status, WUDF_STATUS_DEVICE_NOT_CONNECTED);
    assert_int_equal(ioctl_sync(f, IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE, NULL, 0, 1)->status, WUDF_STATUS_DEVICE_NOT_CONNECTED);
    /* The reflector answers a removal with DEVICE_STOP: the teardown still runs cleanly. */
    stop_host(f);
}

/* Writes data to the bulk OUT pipe and expects it all taken. */
static void write_bulk(fixture *f, const uint8_t *data, uint32_t length)
{
    uint64_t id = f->next_irp++;
    host_proc_irp(&f->host, id, WUDF_IRP_MJ_WRITE, 1, 0, data, length, 0);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, id);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->information, length);
}

/* Reads length bytes back from the bulk IN pipe and compares them with data. */
static void read_bulk(fixture *f, const uint8_t *data, uint32_t length)
{
    uint64_t id = f->next_irp++;
    host_proc_irp(&f->host, id, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, length);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, id);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, length);
    assert_memory_equal(m->payload, data, length);
}

/* IOCTL_OSRUSBFX2_GET_INTERFACE_INFORMATION: the selected setting and its pipes. */
typedef struct interface_info {
    uint8_t setting;
    uint8_t count;
    struct {
        uint8_t address, type;
        uint16_t max_packet;
    } pipes[3];
} interface_info;

static interface_info get_interface_information(fixture *f)
{
    const wudf_msg *m = ioctl_sync(f, IOCTL_OSRUSBFX2_GET_INTERFACE_INFORMATION, NULL, 0, 64);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, 2 + 4 * 3);
    interface_info info;
    info.setting = m->payload[0];
    info.count = m->payload[1];
    for (unsigned i = 0; i < 3; i++) {
        const uint8_t *e = m->payload + 2 + 4 * i;
        info.pipes[i].address = e[0];
        info.pipes[i].type = e[1];
        info.pipes[i].max_packet = (uint16_t)(e[2] | e[3] << 8);
    }
    return info;
}

static int32_t select_setting(fixture *f, uint8_t setting)
{
    return ioctl_sync(f, IOCTL_OSRUSBFX2_SELECT_ALTERNATE_SETTING, &setting, 1, 0)->status;
}

/* IOCTL_OSRUSBFX2_GET_PIPE_POLICY; returns its COMPLETE. */
static const wudf_msg *get_policy(fixture *f, uint8_t endpoint, uint8_t policy)
{
    const uint8_t in[2] = {endpoint, policy};
    return ioctl_sync(f, IOCTL_OSRUSBFX2_GET_PIPE_POLICY, in, sizeof in, 4);
}

/* The policy's value, which must be `size` bytes. */
static uint32_t policy_value(fixture *f, uint8_t endpoint, uint8_t policy, uint32_t size)
{
    const wudf_msg *m = get_policy(f, endpoint, policy);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, size);
    uint32_t value = 0;
    for (uint32_t i = 0; i < size; i++)
        value |= (uint32_t)m->payload[i] << (8 * i);
    return value;
}

/* IOCTL_OSRUSBFX2_SET_PIPE_POLICY with a value of size bytes; returns the status. */
static int32_t set_policy(fixture *f, uint8_t endpoint, uint8_t policy, uint32_t value, uint32_t size)
{
    uint8_t in[6] = {endpoint, policy};
    for (uint32_t i = 0; i < size; i++)
        in[2 + i] = (uint8_t)(value >> (8 * i));
    return ioctl_sync(f, IOCTL_OSRUSBFX2_SET_PIPE_POLICY, in, 2 + size, 0)->status;
}

static void usb_fx2_abort_ends_the_bulk_transfers_at_the_device(void **state)
{
    fixture *f = *state;
    host_proc_irp(&f->host, 50, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 64);
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_BULK_IN, 1, T), 0);
    unsigned discards = fx2_sim_discard_count(f->sim);
    /* IWDFUsbTargetPipe::Abort returns once the pipes' transfers have ended. */
    assert_int_equal(ioctl_sync(f, IOCTL_OSRUSBFX2_ABORT_PIPES, NULL, 0, 0)->status, WUDF_STATUS_SUCCESS);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, 50);
    assert_int_equal(m->status, WUDF_STATUS_CANCELLED);
    assert_int_equal(m->payload_length, 0);
    assert_int_equal(fx2_sim_discard_count(f->sim), discards + 1);
    /* Only the bulk pipes: the switch reader still waits on the interrupt pipe. */
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 1, T), 0);
    assert_int_equal(fx2_sim_discard_count(f->sim), discards + 1);
    /* An aborted pipe is not broken. */
    const uint8_t data[3] = {0x11, 0x22, 0x33};
    write_bulk(f, data, sizeof data);
    read_bulk(f, data, sizeof data);
    stop_host(f);
}

static void usb_fx2_selects_an_alternate_setting_and_uses_its_new_pipes(void **state)
{
    fixture *f = *state;
    interface_info info = get_interface_information(f);
    assert_int_equal(info.setting, 0);
    assert_int_equal(info.count, 3);
    assert_int_equal(info.pipes[0].address, FX2_ENDPOINT_SWITCHES);
    assert_int_equal(info.pipes[0].type, 3); /* UsbdPipeTypeInterrupt */
    assert_int_equal(info.pipes[1].address, FX2_ENDPOINT_BULK_OUT);
    assert_int_equal(info.pipes[1].type, 2); /* UsbdPipeTypeBulk */
    assert_int_equal(info.pipes[1].max_packet, 512);
    assert_int_equal(info.pipes[2].address, FX2_ENDPOINT_BULK_IN);
    assert_int_equal(info.pipes[2].max_packet, 512);

    /* A read waits at the device when the setting changes: it ends, cancelled. */
    host_proc_irp(&f->host, 60, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 64);
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_BULK_IN, 1, T), 0);
    assert_int_equal(select_setting(f, 1), WUDF_STATUS_SUCCESS);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 60)->status, WUDF_STATUS_CANCELLED);
    assert_int_equal(fx2_sim_alternate_setting(f->sim), 1);
    info = get_interface_information(f);
    assert_int_equal(info.setting, 1);
    assert_int_equal(info.count, 3);
    assert_int_equal(info.pipes[1].max_packet, 64);
    assert_int_equal(info.pipes[2].max_packet, 64);

    /* The switch reader reads from the new interrupt pipe. */
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 1, T), 0);
    host_proc_irp(&f->host, 61, WUDF_IRP_MJ_DEVICE_CONTROL, 1, IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE, NULL, 0, 1);
    fx2_sim_set_switches(f->sim, 0x42);
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, 61);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, 1);
    assert_int_equal(m->payload[0], 0x42);

    /* The bulk pipes are the new setting's: with SHORT_PACKET_TERMINATE, 64 bytes are whole packets now. */
    assert_int_equal(set_policy(f, FX2_ENDPOINT_BULK_OUT, SHORT_PACKET_TERMINATE, 1, 1), WUDF_STATUS_SUCCESS);
    unsigned zero_packets = fx2_sim_zero_packet_count(f->sim);
    uint8_t data[64];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(0xA0 + i);
    write_bulk(f, data, sizeof data);
    assert_int_equal(fx2_sim_zero_packet_count(f->sim), zero_packets + 1);
    read_bulk(f, data, sizeof data);

    /* A setting the interface does not have changes nothing. */
    assert_int_equal(select_setting(f, 7), WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(get_interface_information(f).setting, 1);
    assert_int_equal(fx2_sim_alternate_setting(f->sim), 1);

    assert_int_equal(select_setting(f, 0), WUDF_STATUS_SUCCESS);
    assert_int_equal(fx2_sim_alternate_setting(f->sim), 0);
    info = get_interface_information(f);
    assert_int_equal(info.setting, 0);
    assert_int_equal(info.pipes[2].max_packet, 512);
    write_bulk(f, data, 3);
    read_bulk(f, data, 3);
    /* Every pipe object of the earlier settings is gone by the end: the stop finds no object left. */
    stop_host(f);
}

static void usb_fx2_pipe_policies_are_kept_reported_and_applied(void **state)
{
    fixture *f = *state;
    /* Read-only, and WinUSB's defaults. */
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_IN, MAXIMUM_TRANSFER_SIZE, 4), 4u * 1024u * 1024u);
    assert_int_equal(set_policy(f, FX2_ENDPOINT_BULK_IN, MAXIMUM_TRANSFER_SIZE, 4096, 4), WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_IN, ALLOW_PARTIAL_READS, 1), 1);
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_OUT, SHORT_PACKET_TERMINATE, 1), 0);
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_IN, PIPE_TRANSFER_TIMEOUT, 4), 0);

    /* SHORT_PACKET_TERMINATE: a write of whole packets ends with a zero-length packet only when set. */
    uint8_t data[512];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 3);
    unsigned zero_packets = fx2_sim_zero_packet_count(f->sim);
    write_bulk(f, data, sizeof data);
    read_bulk(f, data, sizeof data);
    assert_int_equal(fx2_sim_zero_packet_count(f->sim), zero_packets);
    assert_int_equal(set_policy(f, FX2_ENDPOINT_BULK_OUT, SHORT_PACKET_TERMINATE, 1, 1), WUDF_STATUS_SUCCESS);
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_OUT, SHORT_PACKET_TERMINATE, 1), 1);
    write_bulk(f, data, sizeof data);
    read_bulk(f, data, sizeof data);
    assert_int_equal(fx2_sim_zero_packet_count(f->sim), zero_packets + 1);
    /* Kept per pipe: the IN pipe's did not change. */
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_IN, SHORT_PACKET_TERMINATE, 1), 0);

    /* PIPE_TRANSFER_TIMEOUT set at run time: a read with nothing to read ends by it. */
    assert_int_equal(set_policy(f, FX2_ENDPOINT_BULK_IN, PIPE_TRANSFER_TIMEOUT, 200, 4), WUDF_STATUS_SUCCESS);
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_IN, PIPE_TRANSFER_TIMEOUT, 4), 200);
    host_proc_irp(&f->host, 70, WUDF_IRP_MJ_READ, 1, 0, NULL, 0, 8);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 70)->status, WUDF_STATUS_IO_TIMEOUT);

    /* No pipe at that endpoint, a policy that does not exist, a value too short for a ULONG policy. */
    assert_int_equal(get_policy(f, 0x05, SHORT_PACKET_TERMINATE)->status, WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(get_policy(f, FX2_ENDPOINT_BULK_IN, 0x42)->status, WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(set_policy(f, FX2_ENDPOINT_BULK_IN, PIPE_TRANSFER_TIMEOUT, 5, 1), WUDF_STATUS_INVALID_PARAMETER);
    assert_int_equal(policy_value(f, FX2_ENDPOINT_BULK_IN, PIPE_TRANSFER_TIMEOUT, 4), 200);
    stop_host(f);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void usb_fx2_reports_its_device_interface_and_pipes_and_keeps_power_policies(void **state)
{
    fixture *f = *state;
    interface_info pipes = get_interface_information(f);
    const wudf_msg *m = ioctl_sync(f, IOCTL_OSRUSBFX2_GET_DEVICE_INFORMATION, NULL, 0, 64);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, FX2_DEVICE_INFORMATION_SIZE);
    const uint8_t *info = m->payload;
    assert_int_equal(info[FX2_INFO_INTERFACES], 1);
    assert_int_equal(info[FX2_INFO_SPEED], WINUSB_HIGH_SPEED); /* the kit is at 480 Mbit/s */
    assert_int_equal(info[FX2_INFO_INTERFACE_NUMBER], 0);
    assert_int_equal(info[FX2_INFO_DESCRIPTOR], 0);
    assert_int_equal(info[FX2_INFO_DESCRIPTOR + 1], 3);
    assert_int_equal(info[FX2_INFO_DESCRIPTOR + 2], 0xff);
    assert_int_equal(info[FX2_INFO_HANDLES], 3);
    uint8_t out_pipes = 0;
    for (unsigned i = 0; i < pipes.count; i++)
        if (!(pipes.pipes[i].address & 0x80))
            out_pipes |= (uint8_t)(1u << i);
    assert_int_equal(out_pipes, 1u << 1); /* only 0x02 of the kit's 0x81, 0x02, 0x86 */
    assert_int_equal(info[FX2_INFO_OUT_PIPES], out_pipes);
    assert_int_equal(info[FX2_INFO_FLUSHED], 7);
    /* WinUSB's defaults, then what SetPowerPolicy set. */
    assert_int_equal(info[FX2_INFO_AUTO_SUSPEND], 1);
    assert_int_equal(le32(info + FX2_INFO_SUSPEND_DELAY), 5000);
    assert_int_equal(info[FX2_INFO_AUTO_SUSPEND_SET], 0);
    assert_int_equal(le32(info + FX2_INFO_SUSPEND_DELAY_SET), 2000);
    /* The driver set them back: a second look finds the defaults again. */
    m = ioctl_sync(f, IOCTL_OSRUSBFX2_GET_DEVICE_INFORMATION, NULL, 0, 64);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload[FX2_INFO_AUTO_SUSPEND], 1);
    assert_int_equal(le32(m->payload + FX2_INFO_SUSPEND_DELAY), 5000);
    stop_host(f);
}

/* ---- The switch reader: the framework's continuous reader on the interrupt pipe ---- */

typedef struct reader_state {
    uint32_t reports, failures, last_failure;
} reader_state;

static reader_state get_reader_state(fixture *f)
{
    const wudf_msg *m = ioctl_sync(f, IOCTL_OSRUSBFX2_GET_READER_STATE, NULL, 0, FX2_READER_STATE_SIZE);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, FX2_READER_STATE_SIZE);
    reader_state s = {le32(m->payload + FX2_READER_REPORTS), le32(m->payload + FX2_READER_FAILURES),
                      le32(m->payload + FX2_READER_LAST_FAILURE)};
    return s;
}

/* IWDFIoTargetStateManagement::Start (1) or Stop (0, cancelling) of the interrupt pipe; returns the status. */
static int32_t set_reader_running(fixture *f, uint8_t start)
{
    return ioctl_sync(f, IOCTL_OSRUSBFX2_SET_READER_STATE, &start, 1, 0)->status;
}

/* A GET_INTERRUPT_MESSAGE's switch byte, once it completes. */
static uint8_t wait_interrupt_message(fixture *f, uint64_t id)
{
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, id);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, 1);
    return m->payload[0];
}

static uint64_t send_interrupt_request(fixture *f)
{
    uint64_t id = f->next_irp++;
    host_proc_irp(&f->host, id, WUDF_IRP_MJ_DEVICE_CONTROL, 1, IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE, NULL, 0, 1);
    return id;
}

static void usb_fx2_reader_keeps_its_reads_pending_and_delivers_reports_in_a_row(void **state)
{
    fixture *f = *state;
    /* NumPendingReads 0: the framework's default, more than one read (two here). */
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 2, T), 0);
    static const uint8_t reports[] = {0x01, 0x80, 0x3c, 0xff, 0x00, 0x5a};
    for (size_t i = 0; i < sizeof reports; i++) {
        uint64_t id = send_interrupt_request(f);
        fx2_sim_set_switches(f->sim, reports[i]);
        assert_int_equal(wait_interrupt_message(f, id), reports[i]);
        /* The read that carried the report went out again. */
        assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 2, T), 0);
    }
    reader_state s = get_reader_state(f);
    assert_int_equal(s.reports, sizeof reports);
    assert_int_equal(s.failures, 0);
    stop_host(f);
}

static void usb_fx2_reader_keeps_as_many_reads_pending_as_the_driver_asked_for(void **state)
{
    fixture *f = *state;
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 3, T), 0);
    uint64_t id = send_interrupt_request(f);
    fx2_sim_set_switches(f->sim, 0x24);
    assert_int_equal(wait_interrupt_message(f, id), 0x24);
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 3, T), 0);
    stop_host(f);
}

static void usb_fx2_stopping_the_pipe_target_stops_the_reader_and_starting_it_reads_again(void **state)
{
    fixture *f = *state;
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 2, T), 0);
    unsigned discards = fx2_sim_discard_count(f->sim);
    assert_int_equal(set_reader_running(f, 0), WUDF_STATUS_SUCCESS);
    /* Stop returned once the reads had ended: both were cancelled at the device. */
    assert_int_equal(fx2_sim_discard_count(f->sim), discards + 2);
    /* While stopped, a change stays at the device (the kit queues its reports) and a request waits. */
    uint64_t id = send_interrupt_request(f);
    fx2_sim_set_switches(f->sim, 0x5a);
    assert_int_equal(get_byte(f, IOCTL_OSRUSBFX2_READ_SWITCHES), 0x5a);
    host_proc_poll(&f->host);
    assert_null(host_proc_find(&f->host, WUDF_MSG_COMPLETE, id));
    assert_int_equal(fx2_sim_discard_count(f->sim), discards + 2);
    /* Start: the reads go out again and the waiting report comes in. */
    assert_int_equal(set_reader_running(f, 1), WUDF_STATUS_SUCCESS);
    assert_int_equal(wait_interrupt_message(f, id), 0x5a);
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 2, T), 0);
    /* The cancels of a Stop are no failure of the reader. */
    assert_int_equal(get_reader_state(f).failures, 0);
    stop_host(f);
}

/* Waits, one round trip to the host per look, until endpoint has had more than `count` CLEAR_FEATURE(HALT)s. */
static int wait_clear_halts(fixture *f, uint8_t endpoint, unsigned count)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)T * 1000000u;
    while (fx2_sim_clear_halt_count(f->sim, endpoint) <= count) {
        if (uv_hrtime() > deadline)
            return -1;
        get_reader_state(f);
    }
    return 0;
}

static void usb_fx2_reader_failure_has_the_framework_reset_the_pipe_and_read_on(void **state)
{
    fixture *f = *state;
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 2, T), 0);
    unsigned resets = fx2_sim_clear_halt_count(f->sim, FX2_ENDPOINT_SWITCHES);
    /* The reads pending at the halt stall, and so do the reads after them until the pipe is reset. */
    fx2_sim_halt(f->sim, FX2_ENDPOINT_SWITCHES);
    fx2_sim_set_switches(f->sim, 0x11);
    /* OnReaderFailure said TRUE: the framework reset the pipe (CLEAR_FEATURE) and reads again. */
    assert_int_equal(wait_clear_halts(f, FX2_ENDPOINT_SWITCHES, resets), 0);
    assert_false(fx2_sim_is_halted(f->sim, FX2_ENDPOINT_SWITCHES));
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 2, T), 0);
    reader_state s = get_reader_state(f);
    assert_int_equal(s.failures, 1);
    assert_true(s.last_failure & 0x80000000u); /* a failure HRESULT */
    /* Reports flow again (the first request may get the one read before the stall). */
    fx2_sim_set_switches(f->sim, 0x22);
    uint8_t got = wait_interrupt_message(f, send_interrupt_request(f));
    if (got == 0x11)
        got = wait_interrupt_message(f, send_interrupt_request(f));
    assert_int_equal(got, 0x22);
    stop_host(f);
}

static void usb_fx2_configure_continuous_reader_refuses_an_out_pipe_a_second_reader_and_no_length(void **state)
{
    fixture *f = *state;
    const wudf_msg *m = ioctl_sync(f, IOCTL_OSRUSBFX2_CONFIGURE_READER_ERRORS, NULL, 0, 12);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, 12);
    /* Learn: HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE) for a pipe that is not bulk or interrupt IN and for a
     * reader configured already; ERROR_ARITHMETIC_OVERFLOW (as an HRESULT) for an invalid length. */
    assert_int_equal(le32(m->payload), 0xD0000184u);
    assert_int_equal(le32(m->payload + 4), 0xD0000184u);
    assert_int_equal(le32(m->payload + 8), 0x80070216u);
    /* The reader configured at the start still reads. */
    assert_int_equal(fx2_sim_wait_pending(f->sim, FX2_ENDPOINT_SWITCHES, 2, T), 0);
    uint64_t id = send_interrupt_request(f);
    fx2_sim_set_switches(f->sim, 0x99);
    assert_int_equal(wait_interrupt_message(f, id), 0x99);
    stop_host(f);
}

/* Starts the host on sim and returns its DEVICE_STARTED. */
static const wudf_msg *start_expecting_failure(fixture *f, const char *port_path)
{
    assert_int_equal(spawn_host(f), 0);
    device_start(f, port_path, NULL, NULL);
    return wait_for(f, WUDF_MSG_DEVICE_STARTED, 0);
}

static void usb_host_refuses_a_device_whose_configuration_descriptor_lies(void **state)
{
    /* Interface 0 declares 3 endpoints and carries 2. */
    static const uint8_t lying[] = {
        0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xa0, 0x32,
        0x09, 0x04, 0x00, 0x00, 0x03, 0xff, 0x00, 0x00, 0x00,
        0x07, 0x05, 0x81, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x05, 0x02, 0x02, 0x00, 0x02, 0x00,
    };
    fixture f = {0};
    fx2_sim_options options = {lying, sizeof lying};
    f.sim = fx2_sim_new(&options);
    assert_non_null(f.sim);
    const wudf_msg *started = start_expecting_failure(&f, FX2_SIM_PORT_PATH);
    assert_int_equal(started->status, WUDF_STATUS_DEVICE_DATA_ERROR);
    char *message = host_proc_kv_value(started, "message");
    assert_non_null(message);
    assert_non_null(strstr(message, fx2_sim_usbip_server(f.sim) ? "0547:1002 at USB/IP server 127.0.0.1:"
                                                                 : "0547:1002 at bus 1 address 5"));
    assert_non_null(strstr(message, "declares 3 endpoints, has 2"));
    free(message);
    int64_t status;
    assert_int_equal(host_proc_wait_exit(&f.host, T, &status), 0);
    assert_int_equal(status, 1);
    host_proc_cleanup(&f.host);
    fx2_sim_free(f.sim);
}

static void usb_host_refuses_a_device_on_another_port(void **state)
{
    fixture f = {0};
    f.sim = fx2_sim_new(NULL);
    assert_non_null(f.sim);
    const wudf_msg *started = start_expecting_failure(&f, "1-7");
    assert_int_equal(started->status, WUDF_STATUS_NO_SUCH_DEVICE);
    char *message = host_proc_kv_value(started, "message");
    assert_non_null(message);
    /* Over USB/IP the server has no device at that busid and refuses the import. */
    assert_non_null(strstr(message, fx2_sim_usbip_server(f.sim) ? "refused the import of busid 1-7"
                                                                 : "port 1-2, not 1-7"));
    free(message);
    int64_t status;
    assert_int_equal(host_proc_wait_exit(&f.host, T, &status), 0);
    assert_int_equal(status, 1);
    host_proc_cleanup(&f.host);
    fx2_sim_free(f.sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(usb_fx2_bar_graph_and_seven_segment_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_reads_the_switches, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_returns_its_configuration_descriptor, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_loops_bulk_data_back_from_1_byte_to_64_kib, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_completes_a_pended_interrupt_request_when_a_switch_changes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_recovers_from_a_stall_by_resetting_the_pipe, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_times_out_a_control_transfer_the_device_never_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_bulk_read_times_out_by_the_pipe_policy, setup_bulk_timeout, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_cancel_reaches_a_pending_bulk_read, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_unplug_completes_pending_requests_and_reports_the_removal, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_abort_ends_the_bulk_transfers_at_the_device, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_selects_an_alternate_setting_and_uses_its_new_pipes, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_pipe_policies_are_kept_reported_and_applied, setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_reports_its_device_interface_and_pipes_and_keeps_power_policies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_reader_keeps_its_reads_pending_and_delivers_reports_in_a_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_reader_keeps_as_many_reads_pending_as_the_driver_asked_for,
                                        setup_three_pending_reads, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_stopping_the_pipe_target_stops_the_reader_and_starting_it_reads_again,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(usb_fx2_reader_failure_has_the_framework_reset_the_pipe_and_read_on, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            usb_fx2_configure_continuous_reader_refuses_an_out_pipe_a_second_reader_and_no_length, setup, teardown),
        cmocka_unit_test(usb_host_refuses_a_device_whose_configuration_descriptor_lies),
        cmocka_unit_test(usb_host_refuses_a_device_on_another_port),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
