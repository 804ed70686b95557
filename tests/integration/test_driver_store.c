/*
 * The driver store as pnputil keeps it: `wudfctl drivers` lists the packages (/enum-drivers), each
 * package has its own copy of its driver files, which the hosts load (so the file where the INF
 * found it can be overwritten under a running host), a second install does not make a second root
 * device, `update` asks a device's driver, moves it onto a newer package and restarts its host,
 * `delete-driver` is refused while a device uses the package, and with --uninstall or --force
 * deletes it all the same (a driver that vetoes either: tests/wdk/test_power.c).
 * The reflector runs the drivers from a private copy of the build's (<root>/bin/drivers), which
 * the tests overwrite and add to.
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
#include "platform.h"

#define T 15000
#define ECHO_ID "ROOT\\ECHO\\0000"
#ifdef _WIN32
#define MODULE ".dll"
#define SEP "\\" /* in the path a host loads from */
#else
#define MODULE ".so"
#define SEP "/"
#endif

static char echo_inf[WUDF_PATH_MAX], echo2_inf[WUDF_PATH_MAX];

static int wudfctl(harness *h, harness_child *out, const char *a1, const char *a2, const char *a3, const char *a4)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--endpoint", h->endpoint, a1, a2, a3, a4, NULL};
    return harness_run_capture(out, args, 60000);
}

static int exists(const char *path)
{
    uv_fs_t req;
    int rc = uv_fs_stat(NULL, &req, path, NULL);
    uv_fs_req_cleanup(&req);
    return rc == 0;
}

/* <state>/<rel>, or <root>/bin/drivers/UMDF/<rel> for the driver files the INF points at. */
static const char *state_path(const harness *h, const char *rel)
{
    static char path[WUDF_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", h->state, rel);
    return path;
}

static const char *driver_path(const harness *h, const char *name)
{
    static char path[WUDF_PATH_MAX];
    snprintf(path, sizeof path, "%s/drivers/UMDF/%s", h->bin, name);
    return path;
}

/* Writes data over path in place, as `cp` over a file does (the same inode, truncated first). */
static void overwrite(const char *path, const char *data, size_t length)
{
    uv_fs_t req;
    int fd = uv_fs_open(NULL, &req, path, UV_FS_O_WRONLY | UV_FS_O_TRUNC, 0, NULL);
    uv_fs_req_cleanup(&req);
    assert_true(fd >= 0);
    uv_buf_t b = uv_buf_init((char *)data, (unsigned)length);
    assert_int_equal(uv_fs_write(NULL, &req, fd, &b, 1, 0, NULL), (int)length);
    uv_fs_req_cleanup(&req);
    uv_fs_close(NULL, &req, fd, NULL);
    uv_fs_req_cleanup(&req);
}

/* inf/echo.inf with from1 replaced by to1 and from2 by to2, written to path. */
static void write_inf(const char *path, const char *from1, const char *to1, const char *from2, const char *to2)
{
    char src[WUDF_PATH_MAX], *data;
    size_t len;
    snprintf(src, sizeof src, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    assert_int_equal(wudf_read_file(src, 1 << 20, &data, &len, NULL), 0);
    char *out = malloc(len + 256), *w = out;
    assert_non_null(out);
    for (const char *s = data; *s;) {
        const char *from = strncmp(s, from1, strlen(from1)) == 0   ? from1
                           : strncmp(s, from2, strlen(from2)) == 0 ? from2
                                                                   : NULL;
        const char *to = from == from1 ? to1 : to2;
        if (from) {
            w += sprintf(w, "%s", to);
            s += strlen(from);
        } else {
            *w++ = *s++;
        }
    }
    assert_int_equal(wudf_write_file_atomic(path, out, (size_t)(w - out), NULL), 0);
    free(out);
    free(data);
}

static int setup(void **state)
{
    harness_options o = {0};
    o.shared_bin = 1; /* drivers the tests may overwrite, hosts as the test's own user */
    if (fixture_start_with(state, &o))
        return -1;
    harness *h = *state;
    snprintf(echo_inf, sizeof echo_inf, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    /* The same driver under another name, as a newer release: the host that loads it says which. */
    char *data;
    size_t len;
    if (wudf_read_file(driver_path(h, "WudfEcho" MODULE), 64u << 20, &data, &len, NULL))
        return -1;
    int rc = wudf_write_file_atomic(driver_path(h, "WudfEcho2" MODULE), data, len, NULL);
    free(data);
    snprintf(echo2_inf, sizeof echo2_inf, "%s/echo2.inf", h->root);
    write_inf(echo2_inf, "1.0.0.1", "1.0.0.2", "UMDF\\WudfEcho.dll", "UMDF\\WudfEcho2.dll");
    return rc;
}

static void drivers_lists_each_package_with_its_own_copy_of_its_files(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "no driver package in the store"));
    assert_int_equal(wudfctl(h, &out, "install", echo_inf, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "install: " ECHO_ID " started; driver package oem0.inf added for ROOT\\ECHO"));
    /* A table as wide as its content: the titles, then one row. */
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "PUBLISHED NAME ORIGINAL NAME PROVIDER         CLASS  VERSION DATE       "
                                       "DEVICES        HARDWARE IDS"));
    assert_non_null(strstr(out.buffer, "oem0.inf       echo.inf      openwudf project Sample 1.0.0.1 06/21/2024 "
                                       ECHO_ID " ROOT\\ECHO"));
    assert_int_equal(wudfctl(h, &out, "drivers", "--json", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"drivers\":[{\"published_name\":\"oem0.inf\",\"original_name\":\"echo.inf\""));
    assert_non_null(strstr(out.buffer, "\"provider\":\"openwudf project\",\"class\":\"Sample\""));
    assert_non_null(strstr(out.buffer, "\"version\":\"1.0.0.1\",\"date\":\"06/21/2024\""));
    assert_non_null(strstr(out.buffer, "\"hardware_ids\":[\"ROOT\\\\ECHO\"],\"files_copied\":true,"
                                       "\"devices\":[\"ROOT\\\\ECHO\\\\0000\"]}]}"));
    /* The package's copy of the driver, which its host loads. */
    assert_true(exists(state_path(h, "inf/oem0.inf")));
    assert_true(exists(state_path(h, "driverstore/oem0/UMDF/WudfEcho" MODULE)));
    char binary[WUDF_PATH_MAX];
    harness_field(h, ECHO_ID, "binary", binary, sizeof binary);
    assert_non_null(strstr(binary, "driverstore"));
    assert_non_null(strstr(binary, "oem0"));
}

static void a_second_install_keeps_the_one_root_device_unless_asked_for_another(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "install", echo_inf, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "install: " ECHO_ID " already exists for ROOT\\ECHO, so no device was added "
                                       "(`wudfctl install --new-device` adds another)"));
    assert_int_equal(wudfctl(h, &out, "list", NULL, NULL, NULL), 0);
    assert_null(strstr(out.buffer, "ROOT\\ECHO\\0001"));
    /* devcon install's way: always a new device. */
    assert_int_equal(wudfctl(h, &out, "install", echo_inf, "--new-device", NULL), 0);
    assert_non_null(strstr(out.buffer, "install: ROOT\\ECHO\\0001 started; driver package oem0.inf (already added)"));
    assert_int_equal(wudfctl(h, &out, "remove", "ROOT\\ECHO\\0001", NULL, NULL), 0);
}

static void io_works(harness *h)
{
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    for (int i = 0; i < 50; i++) {
        char msg[64], back[64];
        uint32_t n = 0;
        int len = snprintf(msg, sizeof msg, "request %d through the copy", i);
        assert_int_equal(wudf_write(c, f, msg, (uint32_t)len, 0, &n, T), 0);
        assert_int_equal(wudf_read(c, f, back, sizeof back, 0, &n, T), 0);
        assert_int_equal(n, (uint32_t)len);
        assert_memory_equal(back, msg, (size_t)len);
    }
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void overwriting_the_original_driver_leaves_the_running_host_alone(void **state)
{
    harness *h = *state;
    long long pid = harness_field_number(h, ECHO_ID, "host_pid");
    char *data;
    size_t len;
    assert_int_equal(wudf_read_file(driver_path(h, "WudfEcho" MODULE), 64u << 20, &data, &len, NULL), 0);
    char *junk = malloc(len);
    assert_non_null(junk);
    memset(junk, 0xcc, len);
    size_t mark = harness_log_mark(h);
    overwrite(driver_path(h, "WudfEcho" MODULE), junk, len);
    io_works(h);
    assert_int_equal(harness_field_number(h, ECHO_ID, "host_pid"), pid);
    assert_int_equal(harness_field_number(h, ECHO_ID, "restarts"), 0);
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "event=host-lost", mark), 0);
    assert_int_equal(harness_log_count(h, "event=host-spawn", mark), 0);
    overwrite(driver_path(h, "WudfEcho" MODULE), data, len); /* as the build made it, for what follows */
    free(junk);
    free(data);
}

static void update_moves_the_device_onto_the_new_package_and_restarts_its_host(void **state)
{
    harness *h = *state;
    harness_child out;
    long long pid = harness_field_number(h, ECHO_ID, "host_pid");
    size_t mark = harness_log_mark(h);
    assert_int_equal(wudfctl(h, &out, "update", echo2_inf, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "update: driver package oem1.inf added for ROOT\\ECHO; " ECHO_ID " moved from "
                                       "oem0.inf 1.0.0.1 to oem1.inf 1.0.0.2: started; oem0.inf stays in the store "
                                       "(no device uses it: `wudfctl delete-driver oem0.inf` deletes it)"));
    /* A new host, on the new package's copy of the new binary. */
    assert_int_equal(harness_wait_log(h, "event=module-loaded device=" ECHO_ID, mark, T), 0);
    assert_int_equal(harness_log_count(h, "oem1" SEP "UMDF" SEP "WudfEcho2" MODULE, mark), 1);
    char v[WUDF_PATH_MAX];
    harness_field(h, ECHO_ID, "state", v, sizeof v);
    assert_string_equal(v, "started");
    assert_true(harness_field_number(h, ECHO_ID, "host_pid") != pid);
    harness_field(h, ECHO_ID, "driver_version", v, sizeof v);
    assert_string_equal(v, "1.0.0.2");
    harness_field(h, ECHO_ID, "inf", v, sizeof v);
    assert_string_equal(v, "oem1.inf");
    harness_field(h, ECHO_ID, "binary", v, sizeof v);
    assert_non_null(strstr(v, "WudfEcho2.dll"));
    assert_non_null(strstr(v, "oem1"));
    /* Its driver was asked first, as for a restart, and agreed: the device moved as its stop went on. */
    assert_int_equal(harness_log_count(h, "prog=wudfrd event=query-remove device=" ECHO_ID, mark), 1);
    assert_int_equal(harness_log_count(h, "event=query-remove-agreed device=" ECHO_ID, mark), 1);
    /* The history says so, before the start on the new driver. */
    assert_int_equal(wudfctl(h, &out, "events", ECHO_ID, NULL, NULL), 0);
    const char *updated = strstr(out.buffer, ECHO_ID " driver-updated state=stopping reason=\"oem0.inf 1.0.0.1 -> oem1.inf 1.0.0.2\"");
    assert_non_null(updated);
    assert_non_null(strstr(updated, ECHO_ID " started pid="));
    io_works(h);
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "oem0.inf       echo.inf      openwudf project Sample 1.0.0.1 06/21/2024 -"));
    assert_non_null(strstr(out.buffer, "oem1.inf       echo2.inf     openwudf project Sample 1.0.0.2 06/21/2024 " ECHO_ID));
}

static void delete_driver_is_refused_while_a_device_uses_the_package(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "delete-driver", "oem1.inf", NULL, NULL), 6);
    assert_non_null(strstr(out.buffer, "wudfctl: delete-driver: driver package oem1.inf is in use by " ECHO_ID
                                       ": --uninstall removes it first"));
    assert_int_equal(wudfctl(h, &out, "--json", "delete-driver", "OEM1.INF", NULL), 6);
    assert_non_null(strstr(out.buffer, "\"status_name\":\"STATUS_DEVICE_BUSY\""));
    assert_true(exists(state_path(h, "inf/oem1.inf")));
    assert_true(exists(state_path(h, "driverstore/oem1/UMDF/WudfEcho2" MODULE)));
    assert_int_equal(wudfctl(h, &out, "delete-driver", "oem9.inf", NULL, NULL), 1);
    assert_non_null(strstr(out.buffer, "no driver package oem9.inf in the store"));
    /* The package nothing uses goes, with its INF and its files. */
    assert_int_equal(wudfctl(h, &out, "delete-driver", "oem0.inf", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "delete-driver: driver package oem0.inf deleted"));
    assert_false(exists(state_path(h, "inf/oem0.inf")));
    assert_false(exists(state_path(h, "driverstore/oem0")));
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    assert_null(strstr(out.buffer, "oem0.inf"));
}

static void a_failure_the_device_started_after_reads_as_recovered_in_the_table(void **state)
{
    harness *h = *state;
    harness_child out;
    size_t mark = harness_log_sync(h); /* the install's own state=started must not pass for the restart's */
    assert_true(harness_kill_host(h, ECHO_ID) > 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, T), 0);
    assert_int_equal(wudfctl(h, &out, "status", NULL, NULL, NULL), 0);
    const char *row = strstr(out.buffer, ECHO_ID " started");
    assert_non_null(row);
    assert_non_null(strstr(row, " (recovered) host "));
}

static void delete_driver_uninstall_removes_the_devices_then_the_package(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "delete-driver", "oem1.inf", "--uninstall", NULL), 0);
    assert_non_null(strstr(out.buffer, "delete-driver: " ECHO_ID " removed; driver package oem1.inf deleted"));
    assert_int_equal(wudfctl(h, &out, "list", NULL, NULL, NULL), 0);
    assert_null(strstr(out.buffer, ECHO_ID));
    assert_false(exists(state_path(h, "inf/oem1.inf")));
    assert_false(exists(state_path(h, "driverstore/oem1")));
    assert_int_equal(wudfctl(h, &out, "drivers", NULL, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "no driver package in the store"));
}

static void delete_driver_force_leaves_the_device_running_on_the_original_files(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "install", echo_inf, NULL, NULL), 0);
    long long pid = harness_field_number(h, ECHO_ID, "host_pid");
    assert_int_equal(wudfctl(h, &out, "delete-driver", "oem0.inf", "--force", NULL), 0);
    assert_non_null(strstr(out.buffer, "driver package oem0.inf deleted; " ECHO_ID " keeps running without it"));
    assert_int_equal(harness_field_number(h, ECHO_ID, "host_pid"), pid);
    assert_false(exists(state_path(h, "driverstore/oem0")));
    char v[WUDF_PATH_MAX];
    harness_field(h, ECHO_ID, "binary", v, sizeof v);
    assert_null(strstr(v, "driverstore"));
    /* Its next start loads the driver from where the INF found it. */
    assert_int_equal(wudfctl(h, &out, "restart", ECHO_ID, NULL, NULL), 0);
    io_works(h);
    assert_int_equal(wudfctl(h, &out, "remove", ECHO_ID, NULL, NULL), 0);
}

/* A store written before packages had their copies: its devices start from the INF's files, and
 * the next install of the package makes the copy. */
static void a_store_without_copies_still_starts_its_devices(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "install", echo_inf, NULL, NULL), 0);
    assert_int_equal(harness_stop(h, T), 0);
    char *text;
    size_t len;
    assert_int_equal(wudf_read_file(state_path(h, "devices.db"), 1 << 20, &text, &len, NULL), 0);
    char *copy = strstr(text, "copy=1\n");
    assert_non_null(copy);
    memmove(copy, copy + 7, strlen(copy + 7) + 1);
    char *binary = strstr(text, "\nbinary=");
    assert_non_null(binary);
    binary++;
    char *end = strchr(binary, '\n'), rest[1 << 16];
    snprintf(rest, sizeof rest, "%s", end);
    sprintf(binary, "binary=%s/drivers/UMDF/WudfEcho.dll%s", h->bin, rest);
    assert_int_equal(wudf_write_file_atomic(state_path(h, "devices.db"), text, strlen(text), NULL), 0);
    free(text);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, T), 0);
    assert_int_equal(wudfctl(h, &out, "drivers", "--json", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"files_copied\":false"));
    assert_int_equal(wudfctl(h, &out, "install", echo_inf, NULL, NULL), 0);
    assert_int_equal(wudfctl(h, &out, "drivers", "--json", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"files_copied\":true"));
    char v[WUDF_PATH_MAX];
    harness_field(h, ECHO_ID, "binary", v, sizeof v);
    assert_non_null(strstr(v, "driverstore"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(drivers_lists_each_package_with_its_own_copy_of_its_files),
        cmocka_unit_test(a_second_install_keeps_the_one_root_device_unless_asked_for_another),
        cmocka_unit_test(overwriting_the_original_driver_leaves_the_running_host_alone),
        cmocka_unit_test(update_moves_the_device_onto_the_new_package_and_restarts_its_host),
        cmocka_unit_test(delete_driver_is_refused_while_a_device_uses_the_package),
        cmocka_unit_test(a_failure_the_device_started_after_reads_as_recovered_in_the_table),
        cmocka_unit_test(delete_driver_uninstall_removes_the_devices_then_the_package),
        cmocka_unit_test(delete_driver_force_leaves_the_device_running_on_the_original_files),
        cmocka_unit_test(a_store_without_copies_still_starts_its_devices),
    };
    return cmocka_run_group_tests(tests, setup, fixture_stop);
}
