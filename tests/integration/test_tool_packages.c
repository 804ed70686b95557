/*
 * Driver packages: `wudfctl install` adds the INF to the store with the hardware id of every models
 * line (pnputil /add-driver), and creates one root device, for --hwid or the first models line
 * (devcon install). The same INF again is the same package. `wudfctl packages` lists them (pnputil
 * /enum-drivers); they survive a reflector restart, and a store from before packages listed their
 * ids still loads. The INF here is echo.inf with three models lines: two root ids and a USB id no
 * device present has.
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

#define IDS "ROOT\\ECHOMULTI,Root\\EchoMultiB,USB\\VID_F055&PID_0E01"
#define IDS_TEXT "ROOT\\ECHOMULTI, Root\\EchoMultiB, USB\\VID_F055&PID_0E01"

static char multi_inf[WUDF_PATH_MAX];

/* echo.inf with each models line (one per platform) made three. */
static void write_multi_inf(const harness *h)
{
    char src[WUDF_PATH_MAX];
    char *data;
    size_t len;
    snprintf(src, sizeof src, "%s/inf/echo.inf", WUDF_SOURCE_DIR);
    assert_int_equal(wudf_read_file(src, 1 << 20, &data, &len, NULL), 0);
    static const char line[] = "Echo_Install, ROOT\\ECHO\n";
    static const char lines[] = "Echo_Install, ROOT\\ECHOMULTI\n"
                                "%EchoDeviceDesc% = Echo_Install, Root\\EchoMultiB\n"
                                "Echo on USB = Echo_Install, USB\\VID_F055&PID_0E01\n";
    char *out = malloc(len * 2 + 1024);
    assert_non_null(out);
    size_t w = 0;
    int replaced = 0;
    for (size_t i = 0; i < len;) {
        if (len - i >= sizeof line - 1 && memcmp(data + i, line, sizeof line - 1) == 0) {
            memcpy(out + w, lines, sizeof lines - 1);
            w += sizeof lines - 1;
            i += sizeof line - 1;
            replaced++;
        } else {
            out[w++] = data[i++];
        }
    }
    assert_true(replaced >= 3);
    snprintf(multi_inf, sizeof multi_inf, "%s/multi.inf", h->root);
    assert_int_equal(wudf_write_file_atomic(multi_inf, out, w, NULL), 0);
    free(out);
    free(data);
}

static int wudfctl(harness *h, harness_child *child, const char *a1, const char *a2, const char *a3,
                   const char *a4)
{
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    const char *args[] = {prog, "--endpoint", h->endpoint, a1, a2, a3, a4, NULL};
    return harness_run_capture(child, args, 30000);
}

/* Whether text is in out and ends a line there (Windows' console output ends lines in CR LF). */
static int has_line(const char *out, const char *text)
{
    size_t n = strlen(text);
    for (const char *at = strstr(out, text); at; at = strstr(at + 1, text))
        if (at[n] == '\n' || at[n] == '\r')
            return 1;
    return 0;
}

/* The store as text, and how many times needle is in it. */
static unsigned store_count(const harness *h, const char *needle)
{
    char path[WUDF_PATH_MAX];
    char *text;
    size_t len;
    snprintf(path, sizeof path, "%s/devices.db", h->state);
    assert_int_equal(wudf_read_file(path, 1 << 20, &text, &len, NULL), 0);
    unsigned n = 0;
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
        n++;
    free(text);
    return n;
}

static void install_without_hwid_registers_every_models_line_and_makes_one_device(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "packages", NULL, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "no driver package in the store"));
    write_multi_inf(h);
    size_t mark = harness_log_mark(h);
    assert_int_equal(wudfctl(h, &out, "install", multi_inf, NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "install: ROOT\\ECHOMULTI\\0000 started; driver package oem0.inf added for "
                                       IDS_TEXT));
    assert_int_equal(harness_wait_log(h, "event=package-added inf=oem0.inf", mark, 10000), 0);
    /* One device: the first models line's (devcon install makes one, for the id it is given). */
    assert_int_equal(wudfctl(h, &out, "--json", "status", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "ROOT\\\\ECHOMULTI\\\\0000"));
    assert_null(strstr(out.buffer, "ECHOMULTIB"));
    assert_null(strstr(out.buffer, "VID_F055"));
    /* The package, with its three ids, in the store and in the listing. */
    assert_int_equal(store_count(h, "[package]"), 1);
    assert_int_equal(store_count(h, "hardware_ids=" IDS "\n"), 1);
    assert_int_equal(wudfctl(h, &out, "packages", NULL, NULL, NULL), 0);
    assert_true(has_line(out.buffer, "oem0.inf"));
    assert_true(has_line(out.buffer, "Hardware IDs       " IDS_TEXT));
    assert_true(has_line(out.buffer, "Installed for      ROOT\\ECHOMULTI"));
    assert_true(has_line(out.buffer, "Devices            ROOT\\ECHOMULTI\\0000"));
    assert_int_equal(wudfctl(h, &out, "--json", "packages", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"packages\":[{\"package\":\"oem0.inf\""));
    assert_non_null(strstr(out.buffer, "\"hardware_ids\":[\"ROOT\\\\ECHOMULTI\",\"Root\\\\EchoMultiB\","
                                       "\"USB\\\\VID_F055&PID_0E01\"]"));
    assert_non_null(strstr(out.buffer, "\"devices\":[\"ROOT\\\\ECHOMULTI\\\\0000\"]}]}"));
}

static void the_same_inf_again_is_the_same_package(void **state)
{
    harness *h = *state;
    harness_child out;
    /* Another models line gets its device from the package already there (the echo driver names its
     * link after the device number, so the first device goes first). */
    assert_int_equal(wudfctl(h, &out, "remove", "ROOT\\ECHOMULTI\\0000", NULL, NULL), 0);
    assert_int_equal(wudfctl(h, &out, "install", multi_inf, "--hwid", "Root\\EchoMultiB"), 0);
    assert_non_null(strstr(out.buffer, "install: ROOT\\ECHOMULTIB\\0000 started; driver package oem0.inf "
                                       "(already added) for " IDS_TEXT));
    /* The USB id: the package only, and no device of it is present. */
    assert_int_equal(wudfctl(h, &out, "install", multi_inf, "--hwid", "USB\\VID_F055&PID_0E01"), 0);
    assert_non_null(strstr(out.buffer, "driver package oem0.inf (already added) for " IDS_TEXT
                                       "; no such device is present"));
    /* An id the INF does not have: refused, nothing added. */
    assert_int_equal(wudfctl(h, &out, "install", multi_inf, "--hwid", "Root\\NotThere"), 1);
    assert_non_null(strstr(out.buffer, "hardware id 'Root\\NotThere' not found"));
    assert_int_equal(store_count(h, "[package]"), 1);
    assert_int_equal(store_count(h, "[device]"), 1);
    assert_int_equal(wudfctl(h, &out, "packages", NULL, NULL, NULL), 0);
    assert_true(has_line(out.buffer, "Devices            ROOT\\ECHOMULTIB\\0000"));
    assert_null(strstr(out.buffer, "oem1.inf"));
}

static void packages_outlive_a_restart_and_an_older_store_still_loads(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(harness_stop(h, 15000), 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, "ROOT\\ECHOMULTIB\\0000", "started", mark, 15000), 0);
    assert_int_equal(wudfctl(h, &out, "packages", NULL, NULL, NULL), 0);
    assert_true(has_line(out.buffer, "Hardware IDs       " IDS_TEXT));

    /* A store written before packages listed their ids: the id it was installed for stands alone. */
    assert_int_equal(harness_stop(h, 15000), 0);
    char path[WUDF_PATH_MAX];
    char *text;
    size_t len;
    snprintf(path, sizeof path, "%s/devices.db", h->state);
    assert_int_equal(wudf_read_file(path, 1 << 20, &text, &len, NULL), 0);
    char *line = strstr(text, "hardware_ids=");
    assert_non_null(line);
    char *end = strchr(line, '\n');
    assert_non_null(end);
    memmove(line, end + 1, len - (size_t)(end + 1 - text) + 1);
    assert_int_equal(wudf_write_file_atomic(path, text, strlen(text), NULL), 0);
    free(text);
    mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, "ROOT\\ECHOMULTIB\\0000", "started", mark, 15000), 0);
    assert_int_equal(wudfctl(h, &out, "packages", NULL, NULL, NULL), 0);
    assert_true(has_line(out.buffer, "Hardware IDs       ROOT\\ECHOMULTI"));
}

static void a_package_outlives_its_devices(void **state)
{
    harness *h = *state;
    harness_child out;
    assert_int_equal(wudfctl(h, &out, "remove", "ROOT\\ECHOMULTIB\\0000", NULL, NULL), 0);
    /* The package stays (a device's removal leaves the driver store as it is). */
    assert_int_equal(wudfctl(h, &out, "packages", NULL, NULL, NULL), 0);
    assert_true(has_line(out.buffer, "oem0.inf"));
    assert_null(strstr(out.buffer, "Devices"));
    assert_int_equal(wudfctl(h, &out, "--json", "packages", NULL, NULL), 0);
    assert_non_null(strstr(out.buffer, "\"devices\":[]}]}"));
    assert_int_equal(wudfctl(h, &out, "packages", "extra", NULL, NULL), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(install_without_hwid_registers_every_models_line_and_makes_one_device),
        cmocka_unit_test(the_same_inf_again_is_the_same_package),
        cmocka_unit_test(packages_outlive_a_restart_and_an_older_store_still_loads),
        cmocka_unit_test(a_package_outlives_its_devices),
    };
    return cmocka_run_group_tests(tests, fixture_start, fixture_stop);
}
