/*
 * USB plug and play end to end: the real reflector (under umockdev's
 * preload) finds the simulated FX2 kit with libusb, binds it to the driver
 * package installed from inf/fx2.inf by its Windows hardware id, starts a
 * host for it, and serves a client; when the kit goes away with a request
 * pending, the request completes, the host is torn down and the devnode is
 * shown as not present (problem 24). Bound through the second models line of
 * a package whose first line is a root device, then plugged back in at a new
 * address, the kit's arrival reaches the reflector through libusb's hotplug
 * callbacks and the devnode starts again with a fresh restart count.
 *
 * The reflector, its hosts and wudfctl run under umockdev's preload; this
 * process does not (fx2_sim.h): the preload would take descriptors libuv
 * opens and closes here for emulated device nodes, and a later spawn's ioctl
 * on a reused number would wait forever on a freed testbed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <unistd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "fx2_ioctl.h"
#include "fx2_sim.h"
#include "platform.h"

#define FX2_ID "USB\\VID_0547&PID_1002\\1-2"
#define PRELOAD "libumockdev-preload.so.0"

static fx2_sim *sim;

/* The reflector inherits the preload (main) and sees the testbed; its hosts, which get a fixed
 * environment, are given the preload and the testbed's directory by name. */
static int start(void **state)
{
    static const char *const pass_preload[] = {"--host-env", "LD_PRELOAD,UMOCKDEV_DIR", NULL};
    sim = fx2_sim_new(NULL);
    if (!sim)
        return -1;
    harness_options o = {0};
    o.critical_timeout_ms = 5000;
    o.extra_args = pass_preload;
    return fixture_start_with(state, &o);
}

static int stop(void **state)
{
    int rc = fixture_stop(state);
    fx2_sim_free(sim);
    return rc;
}

/* 1 if the process maps the library, 0 if not, -1 if its maps cannot be read. */
static int maps_library(long long pid, const char *library)
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/%lld/maps", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, library) != NULL;
    fclose(f);
    return found;
}

static void the_kit_binds_to_its_package_serves_and_leaves(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    char id[300];
    /* The package install answers once the device it bound to has started. */
    assert_true(harness_install(h, "fx2.inf", NULL, id, sizeof id) >= 0);
    assert_int_equal(harness_wait_state(h, FX2_ID, "started", mark, 20000), 0);
    char field[400];
    harness_field(h, FX2_ID, "hardware_id", field, sizeof field);
    assert_string_equal(field, "USB\\VID_0547&PID_1002");
    harness_field(h, FX2_ID, "ids", field, sizeof field);
    assert_non_null(strstr(field, "USB\\VID_0547&PID_1002&REV_"));
    assert_non_null(strstr(field, "USB\\Class_FF"));
    harness_field(h, FX2_ID, "location", field, sizeof field);
    assert_string_equal(field, "bus 1 address 5 port 1-2");

    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\OsrUsbFx2_0", 10000, &f), 0);
    uint8_t bars = 0xA5, back = 0;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY, &bars, 1, NULL, 0, &n, 10000), 0);
    assert_int_equal(fx2_sim_bar_graph(sim), 0xA5);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY, NULL, 0, &back, 1, &n, 10000), 0);
    assert_int_equal(back, 0xA5);

    /* libusb is loaded by the host that opens a USB device, not by every host (common/usb_lib.h). */
    char echo[300];
    assert_int_equal(harness_install(h, "echo.inf", NULL, echo, sizeof echo), 0);
    long long fx2_host = harness_field_number(h, FX2_ID, "host_pid"), echo_host = harness_field_number(h, echo, "host_pid");
    assert_true(fx2_host > 0 && echo_host > 0);
    /* A host is not dumpable: only root may read its maps (a package build runs its tests as a user). */
    if (harness_as_root("which hosts map libusb")) {
        assert_int_equal(maps_library(fx2_host, "libusb-1.0"), 1);
        assert_int_equal(maps_library(echo_host, "libusb-1.0"), 0);
    }

    /* Unplugged with an interrupt request pending: it completes, and the device is not present. */
    fixture_result pending = {0, 0, 0};
    uint8_t switches = 0;
    wudf_request_id rid;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_OSRUSBFX2_GET_INTERRUPT_MESSAGE, NULL, 0, &switches, 1,
                                      fixture_on_done, &pending, &rid), 0);
    assert_int_equal(fx2_sim_wait_pending(sim, 0x81, 1, 10000), 0);
    mark = harness_log_mark(h);
    fx2_sim_unplug(sim);
    assert_int_equal(fixture_wait_done(c, &pending, 20000), 0);
    assert_true(pending.status < 0);
    assert_int_equal(harness_wait_log(h, "event=usb-removed device=" FX2_ID, mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, FX2_ID, "not present", mark, 20000), 0);
    harness_field(h, FX2_ID, "state", field, sizeof field);
    assert_string_equal(field, "not present");
    assert_int_equal(harness_field_number(h, FX2_ID, "problem"), 24);
    assert_int_equal(harness_field_number(h, FX2_ID, "host_pid"), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static uint8_t get_bar_graph(wudf_client *c, wudf_handle f)
{
    uint8_t bars = 0xEE;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY, NULL, 0, &bars, 1, &n, 10000), 0);
    assert_int_equal(n, 1);
    return bars;
}

static void set_bar_graph(wudf_client *c, wudf_handle f, uint8_t bars)
{
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_OSRUSBFX2_SET_BAR_GRAPH_DISPLAY, &bars, 1, NULL, 0, &n, 10000), 0);
}

/* Installs a package whose first models line is a root device and whose second is the kit's id:
 * the install makes the root device (which the FX2 driver cannot serve: no USB below it) and the
 * package registers both ids, so the kit, present already, binds to it through the second line
 * (devcon install, then what pnputil /add-driver /install does for the other lines). */
static void install_root_first_package(harness *h)
{
    char src[WUDF_PATH_MAX], dst[WUDF_PATH_MAX];
    char *data;
    size_t len;
    snprintf(src, sizeof src, "%s/inf/fx2.inf", WUDF_SOURCE_DIR);
    snprintf(dst, sizeof dst, "%s/mixed.inf", h->root);
    assert_int_equal(wudf_read_file(src, 1 << 20, &data, &len, NULL), 0);
    static const char line[] = "%Fx2DeviceDesc% = Fx2_Install, USB\\VID_0547&PID_1002\n";
    static const char lines[] = "Fx2 on root = Fx2_Install, Root\\Fx2Mixed\n"
                                "%Fx2DeviceDesc% = Fx2_Install, USB\\VID_0547&PID_1002\n";
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
    assert_int_equal(wudf_write_file_atomic(dst, out, w, NULL), 0);
    free(out);
    free(data);

    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", dst, NULL);
    harness_tool_kv(h, &req, &reply);
    assert_string_equal(wudf_kv_get(&reply, "device"), "ROOT\\FX2MIXED\\0000");
    assert_non_null(strstr(wudf_kv_get(&reply, "message"),
                           "driver package oem0.inf added for Root\\Fx2Mixed, USB\\VID_0547&PID_1002"));
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
}

/* The kit bound through a package's second models line (install_root_first_package), then
 * crashed, unplugged and plugged back in. */
static void the_kit_plugged_back_in_starts_afresh_at_its_new_address(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    char field[400];
    install_root_first_package(h);
    assert_int_equal(harness_wait_state(h, FX2_ID, "started", mark, 20000), 0);
    harness_field(h, FX2_ID, "hardware_id", field, sizeof field);
    assert_string_equal(field, "USB\\VID_0547&PID_1002");
    harness_field(h, FX2_ID, "inf", field, sizeof field);
    assert_string_equal(field, "oem0.inf");

    /* A host crash before the unplug: the devnode counts a restart. */
    mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, FX2_ID) > 0);
    assert_int_equal(harness_wait_state(h, FX2_ID, "started", mark, 20000), 0);
    assert_int_equal(harness_field_number(h, FX2_ID, "restarts"), 1);

    wudf_client *c = harness_client(h);
    assert_non_null(c);
    wudf_handle before;
    assert_int_equal(wudf_open(c, "\\\\.\\OsrUsbFx2_0", 10000, &before), 0);
    set_bar_graph(c, before, 0x5A);
    assert_int_equal(fx2_sim_bar_graph(sim), 0x5A);

    /* Unplugged: libusb's hotplug tells the reflector, and the devnode is not present. */
    mark = harness_log_mark(h);
    fx2_sim_remove(sim);
    assert_int_equal(harness_wait_log(h, "event=usb-hotplug action=left bus=1 address=5", mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, FX2_ID, "not present", mark, 20000), 0);
    assert_int_equal(harness_field_number(h, FX2_ID, "problem"), 24);
    assert_int_equal(harness_field_number(h, FX2_ID, "host_pid"), 0);
    harness_field(h, FX2_ID, "location", field, sizeof field);
    assert_null(strstr(field, "address 5"));

    /* Plugged back in on the same port, at the next address, as a real hub re-enumerates it. */
    mark = harness_log_mark(h);
    assert_int_equal(fx2_sim_plug(sim, 6), 0);
    assert_int_equal(harness_wait_log(h, "event=usb-hotplug action=arrived bus=1 address=6", mark, 20000), 0);
    assert_int_equal(harness_wait_state(h, FX2_ID, "started", mark, 20000), 0);
    harness_field(h, FX2_ID, "state", field, sizeof field);
    assert_string_equal(field, "started");
    harness_field(h, FX2_ID, "location", field, sizeof field);
    assert_string_equal(field, "bus 1 address 6 port 1-2");
    assert_int_equal(harness_field_number(h, FX2_ID, "restarts"), 0);
    assert_int_equal(harness_field_number(h, FX2_ID, "problem"), 0);
    assert_true(harness_field_number(h, FX2_ID, "host_pid") > 0);

    /* The handle from before the unplug belongs to a host that is gone; a new one reaches the new kit,
     * which came back with its LEDs off. */
    uint8_t bars = 0;
    uint32_t n = 0;
    assert_int_not_equal(wudf_ioctl(c, before, IOCTL_OSRUSBFX2_GET_BAR_GRAPH_DISPLAY, NULL, 0, &bars, 1, &n, 10000), 0);
    wudf_close(c, before);
    wudf_handle after;
    assert_int_equal(wudf_open(c, "\\\\.\\OsrUsbFx2_0", 10000, &after), 0);
    assert_int_equal(get_bar_graph(c, after), 0x00);
    set_bar_graph(c, after, 0xC3);
    assert_int_equal(fx2_sim_bar_graph(sim), 0xC3);
    assert_int_equal(get_bar_graph(c, after), 0xC3);
    wudf_close(c, after);
    wudf_disconnect(c);
}

/* LD_PRELOAD without umockdev's preload: to, "" when nothing else is left. */
static void without_preload(const char *list, char *to, size_t size)
{
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", list);
    size_t w = 0;
    to[0] = '\0';
    char *rest = NULL;
    for (char *entry = strtok_r(copy, ": ", &rest); entry; entry = strtok_r(NULL, ": ", &rest))
        if (!strstr(entry, PRELOAD) && w < size)
            w += (size_t)snprintf(to + w, size - w, "%s%s", w ? ":" : "", entry);
}

int main(int argc, char **argv)
{
    (void)argc;
    char value[1024];
    const char *preload = getenv("LD_PRELOAD");
    /* Started under the preload (umockdev-wrapper, say): once more without it. */
    if (preload && strstr(preload, PRELOAD)) {
        without_preload(preload, value, sizeof value);
        if (value[0])
            setenv("LD_PRELOAD", value, 1);
        else
            unsetenv("LD_PRELOAD");
        execv("/proc/self/exe", argv);
        perror("test_usb_pnp: cannot run itself without umockdev's preload");
        return 1;
    }
    if (maps_library(getpid(), PRELOAD) != 0) {
        fprintf(stderr, "test_usb_pnp: umockdev's preload is in this process (or its maps cannot be read)\n");
        return 1;
    }
    /* The preload for every process started from here (the dynamic loader of this one is done). */
    char asan[512];
    snprintf(value, sizeof value, "%s%s%s", PRELOAD, preload && *preload ? ":" : "", preload ? preload : "");
    setenv("LD_PRELOAD", value, 1);
    /* ASan wants to be first; the preload comes before it in those processes. */
    const char *old = getenv("ASAN_OPTIONS");
    snprintf(asan, sizeof asan, "%s%sverify_asan_link_order=0", old ? old : "", old && *old ? ":" : "");
    setenv("ASAN_OPTIONS", asan, 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(the_kit_binds_to_its_package_serves_and_leaves, start, stop),
        cmocka_unit_test_setup_teardown(the_kit_plugged_back_in_starts_afresh_at_its_new_address, start, stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
