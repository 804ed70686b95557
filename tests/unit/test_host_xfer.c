/*
 * Host framework, the INF's transfer rules (host/io_type.c): a METHOD_NEITHER I/O control is
 * refused before the driver unless DEVICE_START says UmdfMethodNeitherAction=Copy; a request for a
 * file the driver never saw created is refused unless UmdfFileObjectPolicy allows unknown file
 * objects, and then reaches the driver without one; a bad rule fails the start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "framework.h"
#include "hostdrv/testdrv_api.h"
#include "test_host_harness.h"

#define T HARNESS_TIMEOUT_MS
/* TESTDRV_IOCTL_ECHO's device type and function with METHOD_NEITHER */
#define NEITHER_ECHO ((uint32_t)TESTDRV_IOCTL_ECHO | 3u)

/* DEVICE_START for the test driver with the wdf.* keys given (name, value, ..., NULL). */
static int32_t start_with(host_harness *h, const char *const *rules)
{
    wudf_kv kv;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "instance_id", "ROOT\\HOSTTEST\\0000", NULL);
    wudf_kv_add(&kv, "service_count", "1", NULL);
    wudf_kv_add(&kv, "service.0.name", "HostTest", NULL);
    wudf_kv_add(&kv, "service.0.clsid", TESTDRV_CLSID_TEXT, NULL);
    wudf_kv_add(&kv, "service.0.binary", "unused.dll", NULL);
    wudf_kv_add(&kv, "setting.queuetype", "sequential", NULL);
    for (size_t i = 0; rules && rules[i]; i += 2)
        wudf_kv_add(&kv, rules[i], rules[i + 1], NULL);
    testdrv_reset();
    int32_t status = harness_start_kv(h, &kv);
    wudf_kv_free(&kv);
    return status;
}

static void start(host_harness *h, const char *const *rules)
{
    assert_int_equal(start_with(h, rules), STATUS_SUCCESS);
    assert_int_equal(harness_open(h, 1, 10, "\\x"), STATUS_SUCCESS);
    assert_int_equal(testdrv_wait_idle(T), 0);
}

static void stop(host_harness *h)
{
    assert_int_equal(harness_stop(h), 0);
    assert_int_equal(testdrv_callback_references(), 0);
}

static int32_t ioctl_status(host_harness *h, uint64_t irp, uint32_t file, uint32_t code)
{
    uint8_t in[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    harness_irp(h, irp, WUDF_IRP_MJ_DEVICE_CONTROL, file, code, in, sizeof in, sizeof in);
    const wudf_msg *m = harness_wait(h, WUDF_MSG_COMPLETE, irp, T);
    assert_non_null(m);
    return m->status;
}

static void method_neither_is_refused_before_the_driver_by_default(void **state)
{
    static const char *const reject[] = {"wdf.method_neither_action", "Reject", NULL};
    host_harness h;
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        start(&h, pass ? reject : NULL);
        assert_int_equal(ioctl_status(&h, 100, 10, NEITHER_ECHO), STATUS_INVALID_DEVICE_REQUEST);
        harness_irp(&h, 101, WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL, 10, NEITHER_ECHO, NULL, 0, 0);
        assert_int_equal(harness_wait(&h, WUDF_MSG_COMPLETE, 101, T)->status, STATUS_INVALID_DEVICE_REQUEST);
        assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 0);
        /* the same I/O control buffered reaches the driver */
        assert_int_equal(ioctl_status(&h, 102, 10, TESTDRV_IOCTL_ECHO), STATUS_SUCCESS);
        assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 1);
        stop(&h);
    }
}

static void method_neither_reaches_the_driver_with_copy(void **state)
{
    static const char *const copy[] = {"wdf.method_neither_action", "Copy", NULL};
    host_harness h;
    (void)state;
    start(&h, copy);
    /* the test driver does not know this code: it is the driver that refuses it */
    assert_int_equal(ioctl_status(&h, 200, 10, NEITHER_ECHO), STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 1);
    stop(&h);
}

static void unknown_files_are_refused_unless_the_policy_allows_them(void **state)
{
    static const char *const allow[] = {"wdf.file_object_policy", "AllowNullAndUnknownFileObjects", NULL};
    host_harness h;
    (void)state;
    start(&h, NULL);
    assert_int_equal(ioctl_status(&h, 300, 99, TESTDRV_IOCTL_ECHO), STATUS_INVALID_HANDLE);
    assert_int_equal(ioctl_status(&h, 301, 0, TESTDRV_IOCTL_ECHO), STATUS_INVALID_HANDLE);
    assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 0);
    stop(&h);

    start(&h, allow);
    assert_int_equal(ioctl_status(&h, 310, 99, TESTDRV_IOCTL_ECHO), STATUS_SUCCESS);
    assert_int_equal(ioctl_status(&h, 311, 0, TESTDRV_IOCTL_ECHO), STATUS_SUCCESS);
    assert_int_equal(testdrv_count(TESTDRV_ON_IOCTL), 2);
    /* a file's cleanup and close still need the file */
    harness_irp(&h, 312, WUDF_IRP_MJ_CLOSE, 99, 0, NULL, 0, 0);
    assert_int_equal(harness_wait(&h, WUDF_MSG_COMPLETE, 312, T)->status, STATUS_INVALID_HANDLE);
    stop(&h);
}

static void a_rule_the_host_does_not_know_fails_the_start(void **state)
{
    static const char *const bad_neither[] = {"wdf.method_neither_action", "copy", NULL};
    static const char *const bad_files[] = {"wdf.file_object_policy", "Allow", NULL};
    host_harness h;
    (void)state;
    assert_int_equal(start_with(&h, bad_neither), STATUS_INVALID_PARAMETER);
    const wudf_msg *m = harness_wait(&h, WUDF_MSG_DEVICE_STARTED, 0, T);
    char *message = harness_kv_get(m, "message", 0);
    assert_non_null(message);
    assert_string_equal(message, "wdf.method_neither_action \"copy\" is not Reject or Copy");
    free(message);
    assert_int_equal(harness_wait_finished(&h, T), 1);
    harness_destroy(&h);
    assert_int_equal(start_with(&h, bad_files), STATUS_INVALID_PARAMETER);
    assert_int_equal(harness_wait_finished(&h, T), 1);
    harness_destroy(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(method_neither_is_refused_before_the_driver_by_default),
        cmocka_unit_test(method_neither_reaches_the_driver_with_copy),
        cmocka_unit_test(unknown_files_are_refused_unless_the_policy_allows_them),
        cmocka_unit_test(a_rule_the_host_does_not_know_fails_the_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
