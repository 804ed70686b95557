/* The C++ sample driver served by the same host, and wudfctl as a shell user runs it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cppsample_ioctl.h"
#include "fixture.h"
#include "platform.h"

#define T 10000

static void cpp_driver_answers_through_the_c_framework(void **state)
{
    harness *h = *state;
    char id[300];
    assert_int_equal(harness_install(h, "cppsample.inf", NULL, id, sizeof id), 0);
    assert_string_equal(id, "ROOT\\CPPSAMPLE\\0000");
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\CppSample0", T, &f), 0);
    uint8_t out[128];
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_CPPSAMPLE_IDENTIFY, NULL, 0, out, sizeof out, &n, T), 0);
    uint32_t magic = (uint32_t)out[0] | (uint32_t)out[1] << 8 | (uint32_t)out[2] << 16 | (uint32_t)out[3] << 24;
    assert_int_equal(magic, CPPSAMPLE_MAGIC);
    assert_int_equal(n, 4 + strlen("ROOT\\CPPSAMPLE\\0000"));
    assert_memory_equal(out + 4, "ROOT\\CPPSAMPLE\\0000", n - 4);
    const uint8_t in[5] = {1, 2, 3, 4, 5};
    assert_int_equal(wudf_ioctl(c, f, IOCTL_CPPSAMPLE_REVERSE, in, sizeof in, out, sizeof out, &n, T), 0);
    assert_int_equal(n, 5);
    assert_int_equal(out[0], 5);
    assert_int_equal(out[4], 1);
    assert_int_equal(wudf_ioctl(c, f, 0x00229999u, NULL, 0, NULL, 0, &n, T), WUDF_STATUS_INVALID_DEVICE_REQUEST);
    wudf_disconnect(c);
}

/* Runs wudfctl against this harness's reflector; returns its exit status, output in child->buffer. */
static int wudfctl(harness *h, harness_child *child, const char *a1, const char *a2, const char *a3)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--endpoint", h->endpoint, a1, a2, a3, NULL};
    return harness_run(child, args, 30000);
}

static void wudfctl_installs_reports_and_drives_a_device(void **state)
{
    harness *h = *state;
    harness_child out;
    char inf[WUDF_PATH_MAX];
    snprintf(inf, sizeof inf, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    assert_int_equal(wudfctl(h, &out, "install", inf, NULL), 0);
    assert_non_null(strstr(out.buffer, "install: ROOT\\ECHO\\0000 started"));
    assert_non_null(strstr(out.buffer, "Symbolic link      \\DosDevices\\Echo0"));

    assert_int_equal(wudfctl(h, &out, "status", NULL, NULL), 0);
    /* columns as wide as their content: STATE starts where the widest id (19 characters) ends */
    assert_non_null(strstr(out.buffer, "DEVICE              STATE"));
    assert_non_null(strstr(out.buffer, "ROOT\\CPPSAMPLE\\0000 started"));
    assert_non_null(strstr(out.buffer, "ROOT\\ECHO\\0000      started"));

    assert_int_equal(wudfctl(h, &out, "--json", "status", NULL), 0);
    assert_non_null(strstr(out.buffer, "\"device\":\"ROOT\\\\ECHO\\\\0000\""));
    assert_non_null(strstr(out.buffer, "\"state\":\"started\""));
    assert_non_null(strstr(out.buffer, "\"problem\":0"));

    assert_int_equal(wudfctl(h, &out, "write", "\\\\.\\Echo0", "openwudf"), 0);
    assert_non_null(strstr(out.buffer, "write: 8 bytes"));
    assert_int_equal(wudfctl(h, &out, "read", "\\\\.\\Echo0", "64"), 0);
    assert_non_null(strstr(out.buffer, "openwudf"));
    assert_int_equal(wudfctl(h, &out, "ioctl", "\\\\.\\Echo0", "0x222008"), 0);
    assert_int_equal(wudfctl(h, &out, "ioctl", "\\\\.\\Echo0", "0x229999"), 1);

    /* what a shell user gets wrong */
    assert_int_equal(wudfctl(h, &out, "status", "ROOT\\NOPE\\0000", NULL), 1);
    assert_int_equal(wudfctl(h, &out, "frobnicate", NULL, NULL), 2);
    assert_int_equal(wudfctl(h, &out, "install", NULL, NULL), 2);
    char missing[WUDF_PATH_MAX];
    snprintf(missing, sizeof missing, "%s/nope.inf", h->root);
    assert_int_equal(wudfctl(h, &out, "install", missing, NULL), 1);

    /* no reflector at all */
    char prog[WUDF_PATH_MAX], nowhere[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    snprintf(nowhere, sizeof nowhere, "%s-none", h->endpoint);
    const char *args[] = {prog, "--endpoint", nowhere, "status", NULL};
    assert_int_equal(harness_run(&out, args, 30000), 3);
}

/* Hardware ids are case-insensitive, as on Windows: Root\CppSample is a root device named
 * ROOT\CPPSAMPLE\NNNN, as devcon names it (--new-device: a second one, as devcon install makes it).
 * (This second C++ sample cannot start: the first holds its symbolic link.) */
static void a_root_hardware_id_in_any_case_names_a_root_device(void **state)
{
    harness *h = *state;
    harness_child out;
    char prog[WUDF_PATH_MAX], inf[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    snprintf(inf, sizeof inf, "%s/inf/cppsample.inf", WUDF_SOURCE_DIR);
    const char *args[] = {prog, "--endpoint", h->endpoint, "install", inf, "--hwid", "Root\\CppSample", "--new-device",
                          NULL};
    size_t mark = harness_log_mark(h);
    harness_run(&out, args, 30000);
    assert_int_equal(harness_wait_log(h, "event=device-installed device=ROOT\\CPPSAMPLE\\0001 ", mark, T), 0);
    assert_int_equal(harness_log_count(h, "ROOT_", mark), 0);
    assert_int_equal(wudfctl(h, &out, "remove", "ROOT\\CPPSAMPLE\\0001", NULL), 0);
}

/* A USB driver package with no such device plugged in (always the case under Wine, whose WinUSB
 * finds no device): the install says so, no devnode appears, and the package stays installed. */
static void usb_package_without_its_device_installs_cleanly(void **state)
{
    harness *h = *state;
    harness_child out;
    char inf[WUDF_PATH_MAX];
    snprintf(inf, sizeof inf, "%s/inf/fx2.inf", WUDF_SOURCE_DIR);
    assert_int_equal(wudfctl(h, &out, "install", inf, NULL), 0);
    assert_non_null(strstr(out.buffer, "added for USB\\VID_0547&PID_1002; no such device is present"));
    assert_int_equal(wudfctl(h, &out, "--json", "status", NULL), 0);
    assert_null(strstr(out.buffer, "VID_0547"));
    /* kept in the store, for when the device comes */
    char path[WUDF_PATH_MAX], text[8192] = "";
    snprintf(path, sizeof path, "%s/devices.db", h->state);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_non_null(strstr(text, "[package]"));
    assert_non_null(strstr(text, "hardware_id=USB\\VID_0547&PID_1002"));
}

static void torn_store_write_leaves_the_previous_store(void **state)
{
    harness *h = *state;
    assert_int_equal(harness_stop(h, 15000), 0);
    /* What a kill -9 in the middle of a store write leaves: a half-written temporary file. */
    char tmp[WUDF_PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/devices.db.tmp", h->state);
    static const char half[] = "openwudf-store 1\n[device]\ninstance_id=ROOT\\GHO";
    assert_int_equal(wudf_write_file_atomic(tmp, half, sizeof half - 1, NULL), 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, "ROOT\\ECHO\\0000", "started", mark, 15000), 0);
    assert_int_equal(harness_wait_state(h, "ROOT\\CPPSAMPLE\\0000", "started", mark, 15000), 0);
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "GHO", mark), 0);
}

static void driver_that_cannot_load_fails_with_problem_10_and_is_not_restarted(void **state)
{
    harness *h = *state;
    /* echo.inf, but naming a driver module that is not there */
    char *data;
    size_t len;
    char src[WUDF_PATH_MAX], dst[WUDF_PATH_MAX];
    snprintf(src, sizeof src, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    snprintf(dst, sizeof dst, "%s/missing.inf", h->root);
    assert_int_equal(wudf_read_file(src, 1 << 20, &data, &len, NULL), 0);
    int patched = 0;
    for (char *at = strstr(data, "WudfEcho.dll"); at; at = strstr(at, "WudfEcho.dll"), patched++)
        memcpy(at, "WudfNone", 8);
    assert_true(patched > 0);
    assert_int_equal(wudf_write_file_atomic(dst, data, len, NULL), 0);
    free(data);
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", dst, NULL);
    size_t mark = harness_log_mark(h);
    assert_true(harness_tool_kv(h, &req, &reply) < 0);
    assert_string_equal(wudf_kv_get(&reply, "state"), "failed");
    assert_string_equal(wudf_kv_get(&reply, "problem"), "10");
    assert_non_null(strstr(wudf_kv_get(&reply, "last_failure"), "WudfNone"));
    assert_string_equal(wudf_kv_get(&reply, "restarts"), "0");
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "event=host-spawn", mark), 1);
    /* its host is gone and is not started again */
    const char *id = wudf_kv_get(&reply, "device");
    assert_non_null(id);
    char dev[300];
    snprintf(dev, sizeof dev, "%s", id);
    assert_int_equal(harness_wait_log(h, "event=host-exit", mark, 10000), 0);
    assert_int_equal(harness_field_number(h, dev, "host_pid"), 0);
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "event=host-spawn", mark), 1);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "remove", dev, &reply), 0);
    wudf_kv_free(&reply);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cpp_driver_answers_through_the_c_framework),
        cmocka_unit_test(wudfctl_installs_reports_and_drives_a_device),
        cmocka_unit_test(a_root_hardware_id_in_any_case_names_a_root_device),
        cmocka_unit_test(usb_package_without_its_device_installs_cleanly),
        cmocka_unit_test(torn_store_write_leaves_the_previous_store),
        cmocka_unit_test(driver_that_cannot_load_fails_with_problem_10_and_is_not_restarted),
    };
    return cmocka_run_group_tests(tests, fixture_start, fixture_stop);
}
