/*
 * USB devnodes whose device cannot be had, on every platform (under Wine, libusb's WinUSB backend
 * finds no device at all): the real wudfhost must refuse the start with a clear status and message
 * and exit, never crash or hang. This test plays the reflector on the host's channel.
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

#include "host_channel.h"

#define T 20000u
#define FX2_CLSID "{6F3B2C1E-8D47-4A95-B0E2-5C9A1D7F3E64}"

/* Starts the FX2 driver on a devnode with these usb.* keys (NULL: none); returns the host's answer. */
static const wudf_msg *start(host_proc *p, const char *bus, const char *address, const char *vid)
{
    assert_int_equal(host_proc_spawn(p, WUDFHOST_PATH, NULL), 0);
    assert_int_equal(host_proc_handshake(p), 0);
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", "USB\\VID_0547&PID_1002\\6&ABSENT&0&1", NULL);
    wudf_kv_add(&kv, "hardware_id", "USB\\VID_0547&PID_1002", NULL);
    wudf_kv_add(&kv, "service_count", "1", NULL);
    wudf_kv_add(&kv, "service.0.name", "WudfFx2", NULL);
    wudf_kv_add(&kv, "service.0.clsid", FX2_CLSID, NULL);
    wudf_kv_add(&kv, "service.0.binary", FX2_MODULE_PATH, NULL);
    if (bus) {
        wudf_kv_add(&kv, "usb.bus", bus, NULL);
        wudf_kv_add(&kv, "usb.address", address, NULL);
        wudf_kv_add(&kv, "usb.vid", vid, NULL);
        wudf_kv_add(&kv, "usb.pid", "1002", NULL);
        wudf_kv_add(&kv, "usb.port_path", "250-9", NULL);
    }
    host_proc_send_kv(p, WUDF_MSG_DEVICE_START, 3, &kv);
    wudf_kv_free(&kv);
    const wudf_msg *started = host_proc_wait(p, WUDF_MSG_DEVICE_STARTED, 0, T);
    if (!started) {
        host_proc_poll(p);
        fail_msg("no DEVICE_STARTED from the host\n%s", p->log ? p->log : "");
    }
    return started;
}

/* The host ends with exit code 1 after a refused start, as for any failed start. */
static void expect_exit_1(host_proc *p)
{
    int64_t status = -1;
    assert_int_equal(host_proc_wait_exit(p, T, &status), 0);
    assert_int_equal(status, 1);
}

static void usb_start_of_an_absent_device_fails_with_no_such_device(void **state)
{
    host_proc p;
    const wudf_msg *started = start(&p, "250", "127", "0547");
    char *message = host_proc_kv_value(started, "message");
    if (started->status != WUDF_STATUS_NO_SUCH_DEVICE)
        fail_msg("status 0x%08x, message \"%s\"", (unsigned)started->status, message ? message : "");
    assert_non_null(message);
    assert_non_null(strstr(message, "USB device 0547:1002 at bus 250 address 127 is not present"));
    free(message);
    expect_exit_1(&p);
    /* Refused before the driver was loaded: it never saw a device. */
    assert_int_equal(host_proc_wait_log(&p, T), 0);
    assert_null(strstr(p.log, "event=device-created"));
    host_proc_cleanup(&p);
}

static void usb_keys_that_do_not_parse_fail_the_start_with_invalid_parameter(void **state)
{
    host_proc p;
    const wudf_msg *started = start(&p, "1", "5", "547");
    assert_int_equal(started->status, WUDF_STATUS_INVALID_PARAMETER);
    char *message = host_proc_kv_value(started, "message");
    assert_non_null(message);
    assert_non_null(strstr(message, "usb.vid \"547\""));
    free(message);
    expect_exit_1(&p);
    host_proc_cleanup(&p);
}

static void usb_target_is_refused_on_a_devnode_without_usb_keys(void **state)
{
    host_proc p;
    const wudf_msg *started = start(&p, NULL, NULL, NULL);
    /* CreateUsbTargetDevice fails with HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), so OnPrepareHardware does. */
    assert_int_equal(started->status, WUDF_STATUS_NOT_SUPPORTED);
    char *message = host_proc_kv_value(started, "message");
    assert_non_null(message);
    assert_string_equal(message, "OnPrepareHardware failed with 0x80070032");
    free(message);
    expect_exit_1(&p);
    assert_int_equal(host_proc_wait_log(&p, T), 0);
    assert_non_null(strstr(p.log, "event=usb-target-refused"));
    host_proc_cleanup(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usb_start_of_an_absent_device_fails_with_no_such_device),
        cmocka_unit_test(usb_keys_that_do_not_parse_fail_the_start_with_invalid_parameter),
        cmocka_unit_test(usb_target_is_refused_on_a_devnode_without_usb_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
