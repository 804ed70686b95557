/*
 * IWDFIoTargetStateManagement on a USB pipe: the socket-backed driver (tests/wdk/sockecho) on a USB
 * devnode takes the first bulk IN pipe of the simulated FX2 kit (tests/usb/fx2_sim.c, umockdev behind
 * the real libusb) in the real wudfhost, this test playing the reflector on the host's channel. A read
 * waiting at the device ends as cancelled when the pipe stops with WdfIoTargetCancelSentIo; one sent
 * while it is stopped waits in the pipe until Start and only then reaches the device; one left pending
 * by WdfIoTargetLeaveSentIoPending stays at the device until its client cancels it; after Remove the
 * pipe takes nothing.
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
#include "sockecho_ioctl.h"

#define T 10000u
#define DEVICE_ID 5
#define SOCKECHO_CLSID "{5D2E9C41-7B3A-4F68-8C15-2A9E6D40B753}"
#define BULK_IN 0x86
#define FILE_ID 1

typedef struct fixture {
    fx2_sim *sim;
    host_proc host;
    int spawned;
} fixture;

static const wudf_msg *wait_for(fixture *f, uint16_t type, uint64_t irp_id)
{
    const wudf_msg *m = host_proc_wait(&f->host, type, irp_id, T);
    if (!m) {
        host_proc_poll(&f->host);
        fprintf(stderr, "---- wudfhost log ----\n%s\n----\n", f->host.log ? f->host.log : "");
        fail_msg("no %s for irp %llu from the host", wudf_msg_type_name(type), (unsigned long long)irp_id);
    }
    return m;
}

/* Waits until the host's log after from holds needle (each wait a bounded run of the channel's loop). */
static int wait_host_log(fixture *f, size_t from, const char *needle)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)T * 1000000u;
    for (;;) {
        host_proc_poll(&f->host);
        if (f->host.log && f->host.log_length > from && strstr(f->host.log + from, needle))
            return 0;
        if (uv_hrtime() >= deadline)
            return -1;
        host_proc_wait(&f->host, WUDF_MSG_COMPLETE, UINT64_MAX, 100); /* nothing has that id: runs the loop */
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    if (!f || !(f->sim = fx2_sim_new(NULL)))
        return -1;
    if (fx2_host_spawn(&f->host, f->sim, WUDFHOST_PATH, &f->spawned))
        return -1;
    wudf_kv kv;
    wudf_kv_init(&kv);
    fx2_host_driver_keys(&kv, f->sim, "WudfSockEcho", SOCKECHO_CLSID, SOCKECHO_MODULE_PATH);
    host_proc_send_kv(&f->host, WUDF_MSG_DEVICE_START, DEVICE_ID, &kv);
    wudf_kv_free(&kv);
    if (wait_for(f, WUDF_MSG_DEVICE_STARTED, 0)->status != WUDF_STATUS_SUCCESS)
        return -1;
    host_proc_irp(&f->host, 1, WUDF_IRP_MJ_CREATE, FILE_ID, 0, "\\pipe", 5, 0);
    return wait_for(f, WUDF_MSG_COMPLETE, 1)->status == WUDF_STATUS_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f && f->spawned)
        host_proc_cleanup(&f->host);
    if (f)
        fx2_sim_free(f->sim);
    free(f);
    return 0;
}

/* IOCTL_SOCKECHO_TARGET on the pipe as irp, with room for the state (or a read's 64 bytes). */
static void pipe_op(fixture *f, uint64_t irp, uint32_t op, uint32_t arg)
{
    SOCKECHO_TARGET_OP in = {SOCKECHO_TARGET_USB_PIPE, op, arg};
    host_proc_irp(&f->host, irp, WUDF_IRP_MJ_DEVICE_CONTROL, FILE_ID, IOCTL_SOCKECHO_TARGET, &in, sizeof in, 64);
}

/* The op's COMPLETE: its status, and the pipe's state it reported. */
static int32_t pipe_state_after(fixture *f, uint64_t irp, uint32_t *state)
{
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, irp);
    *state = 0xffffffffu;
    if (m->payload_length == sizeof *state)
        memcpy(state, m->payload, sizeof *state);
    return m->status;
}

static void a_pipe_stops_starts_and_is_removed(void **state)
{
    fixture *f = *state;
    uint32_t ts;
    pipe_op(f, 2, SOCKECHO_OP_STATE, 0);
    assert_int_equal(pipe_state_after(f, 2, &ts), WUDF_STATUS_SUCCESS);
    assert_int_equal(ts, SOCKECHO_STATE_STARTED);

    /* A read waits at the device (the loopback FIFO is empty); Stop cancelling sent I/O ends it. */
    unsigned discarded = fx2_sim_discard_count(f->sim);
    pipe_op(f, 3, SOCKECHO_OP_SEND_SELF, 0);
    assert_int_equal(fx2_sim_wait_pending(f->sim, BULK_IN, 1, T), 0);
    pipe_op(f, 4, SOCKECHO_OP_STOP, 1 /* WdfIoTargetCancelSentIo */);
    assert_int_equal(pipe_state_after(f, 4, &ts), WUDF_STATUS_SUCCESS);
    assert_int_equal(ts, SOCKECHO_STATE_STOPPED);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 3)->status, WUDF_STATUS_CANCELLED);
    assert_true(fx2_sim_discard_count(f->sim) > discarded);

    /* Sent while stopped: it waits in the pipe's queue, and reaches the device once the pipe starts. */
    size_t mark = f->host.log_length;
    pipe_op(f, 5, SOCKECHO_OP_SEND_SELF, 0);
    assert_int_equal(wait_host_log(f, mark, "event=target-send-pended "), 0);
    assert_null(host_proc_find(&f->host, WUDF_MSG_COMPLETE, 5));
    pipe_op(f, 6, SOCKECHO_OP_START, 0);
    assert_int_equal(pipe_state_after(f, 6, &ts), WUDF_STATUS_SUCCESS);
    assert_int_equal(ts, SOCKECHO_STATE_STARTED);
    assert_int_equal(fx2_sim_wait_pending(f->sim, BULK_IN, 1, T), 0);

    /* Stop leaving it pending: it stays at the device until its client cancels it. */
    pipe_op(f, 7, SOCKECHO_OP_STOP, 3 /* WdfIoTargetLeaveSentIoPending */);
    assert_int_equal(pipe_state_after(f, 7, &ts), WUDF_STATUS_SUCCESS);
    assert_int_equal(ts, SOCKECHO_STATE_STOPPED);
    assert_null(host_proc_find(&f->host, WUDF_MSG_COMPLETE, 5));
    host_proc_simple(&f->host, WUDF_MSG_CANCEL, 5);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 5)->status, WUDF_STATUS_CANCELLED);

    /* Removed: nothing goes to the pipe any more, and it cannot start again. */
    pipe_op(f, 8, SOCKECHO_OP_REMOVE, 0);
    assert_int_equal(pipe_state_after(f, 8, &ts), WUDF_STATUS_SUCCESS);
    assert_int_equal(ts, SOCKECHO_STATE_DELETED);
    pipe_op(f, 9, SOCKECHO_OP_SEND_SELF, 0);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 9)->status, WUDF_STATUS_INVALID_DEVICE_STATE);
    pipe_op(f, 10, SOCKECHO_OP_START, 0);
    assert_int_equal(wait_for(f, WUDF_MSG_COMPLETE, 10)->status, WUDF_STATUS_INVALID_DEVICE_STATE);

    /* An orderly stop leaves no framework object. */
    host_proc_irp(&f->host, 11, WUDF_IRP_MJ_CLEANUP, FILE_ID, 0, NULL, 0, 0);
    wait_for(f, WUDF_MSG_COMPLETE, 11);
    host_proc_irp(&f->host, 12, WUDF_IRP_MJ_CLOSE, FILE_ID, 0, NULL, 0, 0);
    wait_for(f, WUDF_MSG_COMPLETE, 12);
    host_proc_simple(&f->host, WUDF_MSG_DEVICE_STOP, 0);
    assert_int_equal(wait_for(f, WUDF_MSG_DEVICE_STOPPED, 0)->information, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_pipe_stops_starts_and_is_removed, setup, teardown),
    };
    return cmocka_run_group_tests_name("wdk_sockecho_usb", tests, NULL, NULL);
}
