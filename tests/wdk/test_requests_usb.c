/*
 * The requests sample driver (tests/wdk/requests) on a USB devnode: the real wudfhost against the
 * simulated FX2 kit (tests/usb/fx2_sim.c, umockdev behind the real libusb), this test playing the
 * reflector on the host's channel. Below a USB devnode's reflector is WinUSB, which accepts a
 * create: CreateWdfFile gives the driver its file, which names itself and its device, formats a
 * request for the default target, and is closed; the device then stops with no object left.
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
#include "requests_ioctl.h"

#define T 10000u
#define DEVICE_ID 4
#define REQUESTS_CLSID "{2E8B4C71-9A3D-4F62-B815-0C7D6E4A9F13}"
#define HR_S_OK 0
#define HR_E_INVALIDARG ((int32_t)0x80070057u)

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
    fx2_host_driver_keys(&kv, f->sim, "WudfRequestsSample", REQUESTS_CLSID, REQUESTS_MODULE_PATH);
    host_proc_send_kv(&f->host, WUDF_MSG_DEVICE_START, DEVICE_ID, &kv);
    wudf_kv_free(&kv);
    if (wait_for(f, WUDF_MSG_DEVICE_STARTED, 0)->status != WUDF_STATUS_SUCCESS)
        return -1;
    host_proc_irp(&f->host, 1, WUDF_IRP_MJ_CREATE, 1, 0, "\\requests", 9, 0);
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

static void a_file_below_a_usb_device_is_created_used_and_closed(void **state)
{
    fixture *f = *state;
    host_proc_irp(&f->host, 2, WUDF_IRP_MJ_DEVICE_CONTROL, 1, IOCTL_REQUESTS_CREATE_FILE, NULL, 0,
                  sizeof(REQUESTS_CREATE_FILE_OUT));
    const wudf_msg *m = wait_for(f, WUDF_MSG_COMPLETE, 2);
    assert_int_equal(m->status, WUDF_STATUS_SUCCESS);
    assert_int_equal(m->payload_length, sizeof(REQUESTS_CREATE_FILE_OUT));
    REQUESTS_CREATE_FILE_OUT out;
    memcpy(&out, m->payload, sizeof out);
    assert_int_equal(out.BadNameHr, HR_E_INVALIDARG);
    assert_int_equal(out.CreateHr, HR_S_OK);
    assert_int_equal(out.FileReturned, 1);
    assert_int_equal(out.NameMatches, 1);
    assert_int_equal(out.DeviceMatches, 1);
    assert_int_equal(out.FormatHr, HR_S_OK);
    assert_int_equal(out.SendHr, HR_S_OK);

    /* An orderly stop leaves no framework object: the closed file went with its Close. */
    host_proc_simple(&f->host, WUDF_MSG_DEVICE_STOP, 0);
    const wudf_msg *stopped = wait_for(f, WUDF_MSG_DEVICE_STOPPED, 0);
    assert_int_equal(stopped->information, 0);
    int64_t status = -1;
    assert_int_equal(host_proc_wait_exit(&f->host, T, &status), 0);
    assert_int_equal(status, 0);
    assert_int_equal(host_proc_wait_log(&f->host, T), 0);
    assert_non_null(strstr(f->host.log, "event=driver-created-file "));
    assert_non_null(strstr(f->host.log, "below=winusb status=STATUS_SUCCESS"));
    assert_non_null(strstr(f->host.log, "event=driver-created-file-close "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_file_below_a_usb_device_is_created_used_and_closed, setup, teardown),
    };
    return cmocka_run_group_tests_name("wdk_requests_usb", tests, NULL, NULL);
}
