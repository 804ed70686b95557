/*
 * wudfhost as a process: this test plays the reflector on the channel that
 * uv_spawn hands the host (stdio[3]) and checks the answers: handshake,
 * DEVICE_START of the test driver module, IRPs, heartbeats while a driver
 * callback blocks, cancel, orderly stop, and the exit codes of failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <uv.h>

#include <openwudf/status.h>

#include "host_channel.h"
#include "hostdrv/testdrv.h"
#include "wire.h"

#define T 5000u
/* NTSTATUS values on the wire (own names: windows.h has the same ones as macros). */

static void spawn_host(host_proc *p)
{
    assert_int_equal(host_proc_spawn(p, WUDFHOST_PATH, NULL), 0);
    assert_int_equal(host_proc_handshake(p), 0);
}

static const wudf_msg *wait_msg(host_proc *p, uint16_t type, uint64_t irp_id)
{
    const wudf_msg *m = host_proc_wait(p, type, irp_id, T);
    if (!m)
        fail_msg("no %s (irp %llu) from the host within %u ms\n%s", wudf_msg_type_name(type),
                 (unsigned long long)irp_id, T, p->log ? p->log : "");
    return m;
}

static int64_t wait_exit(host_proc *p)
{
    int64_t status = -1;
    assert_int_equal(host_proc_wait_exit(p, T, &status), 0);
    return status;
}

static void device_start(host_proc *p, const char *binary)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", "ROOT\\HOSTTEST\\0000", NULL);
    wudf_kv_add(&kv, "hardware_id", "root\\hosttest", NULL);
    wudf_kv_add(&kv, "description", "host test device", NULL);
    wudf_kv_add(&kv, "service_count", "1", NULL);
    wudf_kv_add(&kv, "service.0.name", "HostTest", NULL);
    wudf_kv_add(&kv, "service.0.clsid", TESTDRV_CLSID_TEXT, NULL);
    wudf_kv_add(&kv, "service.0.binary", binary, NULL);
    wudf_kv_add(&kv, "setting.queuetype", "parallel", NULL);
    wudf_kv_add(&kv, "setting.locking", "none", NULL);
    wudf_kv_add(&kv, "log_level", "debug", NULL);
    host_proc_send_kv(p, WUDF_MSG_DEVICE_START, 3, &kv);
    wudf_kv_free(&kv);
}

static int32_t status_of(host_proc *p, uint64_t id)
{
    return wait_msg(p, WUDF_MSG_COMPLETE, id)->status;
}

static void wudfhost_serves_a_device_over_its_channel(void **state)
{
    host_proc p;
    spawn_host(&p);
    device_start(&p, HOSTDRV_PATH);
    const wudf_msg *started = wait_msg(&p, WUDF_MSG_DEVICE_STARTED, 0);
    char *message = host_proc_kv_value(started, "message");
    if (started->status != WUDF_STATUS_SUCCESS)
        fail_msg("start failed: 0x%08x %s\n%s", (unsigned)started->status, message ? message : "", p.log);
    char *symlink = host_proc_kv_value(started, "symlink");
    assert_string_equal(symlink, TESTDRV_SYMLINK);
    free(symlink);
    free(message);

    /* Named opens: common/wire.c checks an empty CREATE name with memchr(NULL, 0, 0), which UBSan rejects. */
    host_proc_irp(&p, 1, WUDF_IRP_MJ_CREATE, 1, 0, "\\a", 2, 0);
    assert_int_equal(status_of(&p, 1), WUDF_STATUS_SUCCESS);
    host_proc_irp(&p, 2, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_ECHO, "ping!", 5, 16);
    const wudf_msg *echo = wait_msg(&p, WUDF_MSG_COMPLETE, 2);
    assert_int_equal(echo->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(echo->payload_length, 5);
    assert_memory_equal(echo->payload, "ping!", 5);

    /* A callback that blocks does not keep the host from answering heartbeats. */
    host_proc_irp(&p, 3, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_BLOCK, NULL, 0, 0);
    host_proc_simple(&p, WUDF_MSG_PING, 77);
    wait_msg(&p, WUDF_MSG_PONG, 77);
    assert_null(host_proc_find(&p, WUDF_MSG_COMPLETE, 3));
    host_proc_irp(&p, 4, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_UNBLOCK, NULL, 0, 0);
    assert_int_equal(status_of(&p, 4), WUDF_STATUS_SUCCESS);
    assert_int_equal(status_of(&p, 3), WUDF_STATUS_SUCCESS);

    host_proc_irp(&p, 5, WUDF_IRP_MJ_DEVICE_CONTROL, 1, TESTDRV_IOCTL_HOLD_CANCELABLE, NULL, 0, 0);
    host_proc_simple(&p, WUDF_MSG_CANCEL, 5);
    assert_int_equal(status_of(&p, 5), WUDF_STATUS_CANCELLED);

    host_proc_irp(&p, 6, WUDF_IRP_MJ_READ, 42, 0, NULL, 0, 8);
    assert_int_equal(status_of(&p, 6), WUDF_STATUS_INVALID_HANDLE);

    host_proc_irp(&p, 7, WUDF_IRP_MJ_CLEANUP, 1, 0, NULL, 0, 0);
    assert_int_equal(status_of(&p, 7), WUDF_STATUS_SUCCESS);
    host_proc_irp(&p, 8, WUDF_IRP_MJ_CLOSE, 1, 0, NULL, 0, 0);
    assert_int_equal(status_of(&p, 8), WUDF_STATUS_SUCCESS);

    /* The driver itself tells what ran, through a second handle. */
    host_proc_irp(&p, 9, WUDF_IRP_MJ_CREATE, 2, 0, "\\b", 2, 0);
    assert_int_equal(status_of(&p, 9), WUDF_STATUS_SUCCESS);
    host_proc_irp(&p, 10, WUDF_IRP_MJ_DEVICE_CONTROL, 2, TESTDRV_IOCTL_COUNTERS, NULL, 0, 4 * TESTDRV_COUNTER_COUNT);
    const wudf_msg *counters = wait_msg(&p, WUDF_MSG_COMPLETE, 10);
    assert_int_equal(counters->payload_length, 4 * TESTDRV_COUNTER_COUNT);
    uint32_t c[TESTDRV_COUNTER_COUNT];
    memcpy(c, counters->payload, sizeof c);
    assert_int_equal(c[TESTDRV_ON_CLEANUP_FILE], 1);
    assert_int_equal(c[TESTDRV_ON_CLOSE_FILE], 1);
    assert_int_equal(c[TESTDRV_ON_CANCEL], 1);
    assert_int_equal(c[TESTDRV_ON_D0_ENTRY], 1);

    host_proc_simple(&p, WUDF_MSG_DEVICE_STOP, 0);
    const wudf_msg *stopped = wait_msg(&p, WUDF_MSG_DEVICE_STOPPED, 0);
    assert_int_equal(stopped->information, 0); /* live framework objects */
    host_proc_hang_up(&p); /* as the reflector does once it has read the final message */
    assert_int_equal(wait_exit(&p), 0);
    /* The host's log says that the file callbacks ran, for the reflector or an operator. */
    assert_int_equal(host_proc_wait_log(&p, T), 0);
    assert_non_null(strstr(p.log, "event=file-cleanup file=1 driver_callback=IFileCallbackCleanup::OnCleanupFile"));
    assert_non_null(strstr(p.log, "event=file-close file=1 driver_callback=IFileCallbackClose::OnCloseFile"));
    assert_non_null(strstr(p.log, "event=file-close file=2")); /* closed by the stop */
    assert_null(strstr(p.log, "event=leak"));
    host_proc_cleanup(&p);
}

static void wudfhost_exits_2_when_the_reflector_goes_away(void **state)
{
    host_proc p;
    spawn_host(&p);
    host_proc_hang_up(&p);
    assert_int_equal(wait_exit(&p), 2);
    host_proc_cleanup(&p);
}

static void wudfhost_exits_2_on_a_malformed_message(void **state)
{
    host_proc p;
    spawn_host(&p);
    uint8_t garbage[64];
    memset(garbage, 0xff, sizeof garbage);
    host_proc_send_bytes(&p, garbage, sizeof garbage);
    assert_int_equal(wait_exit(&p), 2);
    host_proc_cleanup(&p);
}

static void wudfhost_reports_a_missing_module_and_exits_1(void **state)
{
    host_proc p;
    spawn_host(&p);
    device_start(&p, "/nonexistent/openwudf/missing.dll");
    const wudf_msg *started = wait_msg(&p, WUDF_MSG_DEVICE_STARTED, 0);
    assert_int_equal(started->status, WUDF_STATUS_NO_SUCH_FILE);
    char *message = host_proc_kv_value(started, "message");
    assert_non_null(message);
    assert_non_null(strstr(message, "missing"));
    free(message);
    host_proc_hang_up(&p);
    assert_int_equal(wait_exit(&p), 1);
    host_proc_cleanup(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wudfhost_serves_a_device_over_its_channel),
        cmocka_unit_test(wudfhost_exits_2_when_the_reflector_goes_away),
        cmocka_unit_test(wudfhost_exits_2_on_a_malformed_message),
        cmocka_unit_test(wudfhost_reports_a_missing_module_and_exits_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
