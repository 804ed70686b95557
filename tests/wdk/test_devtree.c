/*
 * openwudf devices in Wine's device tree (wudfrd --kernel): a vendor's serial-port-style driver
 * (tests/wdk/serialport) looks its devnode up with SetupAPI in OnDeviceAdd and finds its
 * description and class; a test program (devtree_app) finds the echo and serial devices by their
 * device-interface class, DIGCF_PRESENT, opens the path SetupAPI gives and does I/O, and the WDK
 * sample driver gets its interface's reference string as the file name; a disabled device's
 * interface is no longer present and comes back with it, and a program registered for the class
 * (RegisterDeviceNotification) hears both, and a recycle of the device's host too; an uninstalled
 * devnode leaves the tree; a virtual serial
 * port driver (tests/wdk/vserial) is COM7 for an unmodified terminal program (SetCommState,
 * ReadFile/WriteFile) and listed in HARDWARE\DEVICEMAP\SERIALCOMM while it runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "echo_ioctl.h"
#include "fixture.h"
#include "wdksample_ioctl.h"

#define ECHO_ID "ROOT\\ECHO\\0000"
#define SERIAL_ID "ROOT\\SERIALPORT\\0000"
#define SAMPLE_ID "ROOT\\WDKSAMPLE\\0000"
#define VSERIAL_ID "ROOT\\VSERIAL\\0000"
#define COMPORT_GUID "{86E0D1E0-8089-11D0-9CE4-08003E301F73}"
#define T 60000

static char app[600], wudfctl[600];

static int run(const char *const *args, harness_child *c)
{
    int rc = harness_run(c, args, T);
    fprintf(stderr, "%s %s %s: exit %d\n%s", args[0], args[1], args[2] ? args[2] : "", rc, c->buffer);
    return rc;
}

static int tool(harness *h, const char *verb, const char *arg, harness_child *c)
{
    const char *args[] = {wudfctl, "--endpoint", h->endpoint, verb, arg, NULL};
    return run(args, c);
}

static int run_app(const char *scenario, const char *arg, harness_child *c)
{
    /* arg may be NULL: the list ends there. */
    const char *args[] = {app, scenario, arg, NULL};
    return run(args, c);
}

/* The interface of device is in the kernel once this line is logged. */
static int wait_interface(harness *h, const char *device, size_t from)
{
    char needle[200];
    snprintf(needle, sizeof needle, "event=kernel-link-ready device=%s link=\\\\?\\", device);
    return harness_wait_log(h, needle, from, T);
}

static int start(void **state)
{
    snprintf(wudfctl, sizeof wudfctl, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    snprintf(app, sizeof app, "%s/devtree_app%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    harness_child c;
    if (fixture_start_kernel_with_echo(state))
        return -1;
    harness *h = *state;
    if (wait_interface(h, ECHO_ID, 0) || tool(h, "install", SERIALPORT_INF, &c) != 0 ||
        tool(h, "install", WDKSAMPLE_INF, &c) != 0 || wait_interface(h, SAMPLE_ID, 0))
        return -1;
    return wait_interface(h, SERIAL_ID, 0);
}

static int has_line(const char *text, const char *line)
{
    for (const char *at = strstr(text, line); at; at = strstr(at + 1, line))
        if ((at == text || at[-1] == '\n') && (at[strlen(line)] == '\n' || at[strlen(line)] == '\r'))
            return 1;
    return 0;
}

/* A program registered for the echo interface's arrivals and removals (RegisterDeviceNotification),
 * and for the serial port's as a probe. Wine's sechost starts the thread that listens to plugplay
 * only after the call has returned, and an event before it has registered is lost: the watch
 * begins once a probe (the serial port disabled) has reached the program. */
static void start_watch(harness *h, harness_child *watcher)
{
    const char *watch[] = {app, "watch", ECHO_INTERFACE_GUID_TEXT, "2", COMPORT_GUID, NULL};
    assert_true(harness_child_start(watcher, watch, "watching", T) > 0);
    harness_child c;
    int heard = 0;
    for (int attempt = 0; attempt < 10 && !heard; attempt++) {
        size_t mark = harness_log_mark(h);
        assert_int_equal(tool(h, "disable", SERIAL_ID, &c), 0);
        heard = harness_child_wait_output(watcher, "probe removal", 3000) == 0;
        assert_int_equal(tool(h, "enable", SERIAL_ID, &c), 0);
        assert_int_equal(wait_interface(h, SERIAL_ID, mark), 0);
    }
    assert_true(heard);
}

/* It heard the interface go, then come back. */
static void expect_removal_then_arrival(harness_child *watcher)
{
    int rc = harness_child_finish(watcher, T);
    fprintf(stderr, "%s", watcher->buffer);
    assert_int_equal(rc, 0);
    const char *removal = strstr(watcher->buffer, "removal \\\\?\\ROOT#ECHO#0000#");
    assert_non_null(removal);
    assert_non_null(strstr(removal, "arrival \\\\?\\ROOT#ECHO#0000#"));
}

static void the_driver_finds_its_devnode_in_on_device_add(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app("report", COMPORT_GUID, &c), 0);
    assert_true(has_line(c.buffer, "devnode=found"));
    assert_true(has_line(c.buffer, "devnode_desc=openwudf serial port (UMDF 1)"));
    assert_true(has_line(c.buffer, "devnode_class=Ports"));
    assert_true(has_line(c.buffer, "devnode_mfg=openwudf tests"));
    assert_true(has_line(c.buffer, "devnode_hwid=ROOT\\SERIALPORT"));
}

/* devtree_app reg ID KEY PATH [N]: asserts it prints "PATH=want". */
static void expect_reg(const char *key, const char *path, const char *set_to, const char *want)
{
    harness_child c;
    const char *args[] = {app, "reg", SERIAL_ID, key, path, set_to, NULL};
    assert_int_equal(run(args, &c), 0);
    char line[200];
    snprintf(line, sizeof line, "%s=%s", path, want);
    assert_true(has_line(c.buffer, line));
}

static void the_device_s_registry_keys_are_the_ones_wine_has(void **state)
{
    harness *h = *state;
    harness_child c;
    /* The INF's AddReg values are in the keys SetupAPI opens, and what the driver wrote at start. */
    expect_reg("dev", "BaudRate", NULL, "9600");
    expect_reg("drv", "PreferredPort", NULL, "COM5");
    /* The driver key describes the installed driver, as Windows' installation leaves it. */
    expect_reg("drv", "ProviderName", NULL, "openwudf project");
    expect_reg("drv", "DriverVersion", NULL, "1.0.0.0");
    expect_reg("drv", "MatchingDeviceId", NULL, "ROOT\\SERIALPORT");
    expect_reg("dev", "WudfSerialPort\\AssignedPort", NULL, "COM5");
    /* A program's change reaches the driver at its next start, as on Windows. */
    expect_reg("dev", "BaudRate", "57600", "57600");
    size_t mark = harness_log_mark(h);
    assert_int_equal(tool(h, "restart", SERIAL_ID, &c), 0);
    assert_int_equal(harness_wait_state(h, SERIAL_ID, "started", mark, T), 0);
    assert_int_equal(run_app("report", COMPORT_GUID, &c), 0);
    assert_true(has_line(c.buffer, "baud=57600"));
    assert_true(has_line(c.buffer, "starts=2"));
    expect_reg("dev", "WudfSerialPort\\StartCount", NULL, "2");
    /* What it wrote through the unified store: its friendly name and a property of its own. */
    assert_int_equal(run_app("lookup", SERIAL_ID, &c), 0);
    assert_true(has_line(c.buffer, "friendly=openwudf serial port (COM5)"));
    const char *own[] = {app, "property", SERIAL_ID, "{5C7E3A10-2B64-4F0D-9E83-71A2C4D6B8F1}", "2", NULL};
    assert_int_equal(run(own, &c), 0);
    assert_true(has_line(c.buffer, "ok property=2 (error 0)"));
}

static void a_program_finds_a_device_by_its_interface_and_uses_it(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app("echo", ECHO_INTERFACE_GUID_TEXT, &c), 0);
    /* SetupAPI's path names the devnode (in lower case, as Windows' paths are), and its devinfo the
     * INF's description. */
    assert_non_null(strstr(c.buffer, "\\\\?\\root#echo#0000#{6e3b2a9c-41d7-4f0b-9a35-7c18e2d4b6f1}"));
    assert_non_null(strstr(c.buffer, "(openwudf Echo Device (UMDF 1))"));
    assert_int_equal(run_app("lookup", ECHO_ID, &c), 0);
    assert_true(has_line(c.buffer, "class=Sample"));
    assert_true(has_line(c.buffer, "hwid=ROOT\\ECHO"));
}

static void a_reference_string_reaches_the_driver_as_the_file_name(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app("name", WDKSAMPLE_INTERFACE_GUID_TEXT, &c), 0);
    assert_non_null(strstr(c.buffer, "#{b1e7d5a2-3c84-4e9f-8a6b-0d2f4c6e8a10}\\wdk ("));
    assert_true(has_line(c.buffer, "ok name=\\wdk (error 0)"));
}

static void a_disabled_device_s_interface_is_not_present_until_it_is_enabled(void **state)
{
    harness *h = *state;
    harness_child c, watcher;
    /* A program registered for the class hears the removal and the arrival. */
    start_watch(h, &watcher);
    size_t mark = harness_log_mark(h);
    assert_int_equal(tool(h, "disable", ECHO_ID, &c), 0);
    assert_int_equal(harness_wait_log(h, "event=devtree-status device=" ECHO_ID " state=disabled problem=22", mark, T), 0);
    assert_int_equal(run_app("count", ECHO_INTERFACE_GUID_TEXT, &c), 0);
    assert_true(has_line(c.buffer, "present 0"));
    /* Its problem (CM_PROB_DISABLED) and status, where SetupAPI keeps them. */
    assert_int_equal(run_app("problem", ECHO_ID, &c), 0);
    assert_true(has_line(c.buffer, "ok problem=22 status=0x2401 (error 0)"));
    mark = harness_log_mark(h);
    assert_int_equal(tool(h, "enable", ECHO_ID, &c), 0);
    assert_int_equal(wait_interface(h, ECHO_ID, mark), 0);
    assert_int_equal(harness_wait_log(h, "event=devtree-status device=" ECHO_ID " state=started problem=0", mark, T), 0);
    assert_int_equal(run_app("count", ECHO_INTERFACE_GUID_TEXT, &c), 0);
    assert_true(has_line(c.buffer, "present 1"));
    assert_int_equal(run_app("problem", ECHO_ID, &c), 0);
    assert_true(has_line(c.buffer, "ok problem=0 status=0x200b (error 0)"));
    expect_removal_then_arrival(&watcher);
}

static void a_recycled_device_s_interface_goes_and_comes_back(void **state)
{
    harness *h = *state;
    harness_child watcher;
    start_watch(h, &watcher);
    size_t mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, ECHO_ID) > 0);
    assert_int_equal(harness_wait_log(h, "event=host-lost device=" ECHO_ID, mark, T), 0);
    assert_int_equal(wait_interface(h, ECHO_ID, mark), 0);
    expect_removal_then_arrival(&watcher);
}

static void an_unmodified_program_uses_the_virtual_serial_port_as_com7(void **state)
{
    harness *h = *state;
    harness_child c;
    size_t mark = harness_log_mark(h);
    assert_int_equal(tool(h, "install", VSERIAL_INF, &c), 0);
    assert_int_equal(harness_wait_log(h, "event=kernel-link-ready device=" VSERIAL_ID " link=\\DosDevices\\COM7", mark, T),
                     0);
    assert_int_equal(harness_wait_log(h, "event=devicemap-value device=" VSERIAL_ID " map=SERIALCOMM", mark, T), 0);
    assert_int_equal(run_app("serialcomm", NULL, &c), 0);
    assert_non_null(strstr(c.buffer, "=COM7\n"));
    assert_non_null(strstr(c.buffer, " COM7"));
    assert_int_equal(run_app("comm", "COM7", &c), 0);
    assert_true(has_line(c.buffer, "ok SetCommState 115200 8N1 (error 0)"));
    assert_true(has_line(c.buffer, "ok GetCommState says 115200 8N1 (error 0)"));
    assert_true(has_line(c.buffer, "ok ReadFile loops it back (error 0)"));
    assert_null(strstr(c.buffer, "FAILED"));
    /* Stopped, it is no serial port any more: its driver took its SERIALCOMM value away. */
    mark = harness_log_mark(h);
    assert_int_equal(tool(h, "disable", VSERIAL_ID, &c), 0);
    assert_int_equal(harness_wait_state(h, VSERIAL_ID, "disabled", mark, T), 0);
    assert_int_equal(run_app("serialcomm", NULL, &c), 0);
    assert_null(strstr(c.buffer, "=COM7\n"));
    assert_null(strstr(c.buffer, " COM7"));
}

static void a_serial_port_name_in_use_is_not_taken(void **state)
{
    harness *h = *state;
    harness_child c, holder;
    /* COM9 is some other port's, as Wine's own are (COM1 for the machine's first serial port). */
    const char *define[] = {app, "define", "COM9", NULL};
    assert_true(harness_child_start(&holder, define, "defined COM9", T) > 0);
    const char *set[] = {wudfctl, "--endpoint", h->endpoint, "property", VSERIAL_ID, "--key", "hw", "PortName=sz:COM9",
                         NULL};
    assert_int_equal(run(set, &c), 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(tool(h, "enable", VSERIAL_ID, &c), 0);
    assert_int_equal(harness_wait_log(h,
                                      "event=kernel-link-refused device=" VSERIAL_ID
                                      " link=\\DosDevices\\COM9 reason=\"in use\"",
                                      mark, T),
                     0);
    harness_child_end_input(&holder);
    assert_int_equal(harness_child_finish(&holder, T), 0);
}

static void an_uninstalled_device_leaves_the_tree(void **state)
{
    harness *h = *state;
    harness_child c;
    assert_int_equal(run_app("lookup", SERIAL_ID, &c), 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(tool(h, "remove", SERIAL_ID, &c), 0);
    assert_int_equal(harness_wait_log(h, "event=devtree-device device=" SERIAL_ID " action=removed", mark, T), 0);
    assert_int_equal(run_app("absent", SERIAL_ID, &c), 0);
    assert_int_equal(run_app("count", COMPORT_GUID, &c), 0);
    assert_null(strstr(c.buffer, "root#serialport#0000"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_driver_finds_its_devnode_in_on_device_add),
        cmocka_unit_test(the_device_s_registry_keys_are_the_ones_wine_has),
        cmocka_unit_test(a_program_finds_a_device_by_its_interface_and_uses_it),
        cmocka_unit_test(a_reference_string_reaches_the_driver_as_the_file_name),
        cmocka_unit_test(a_disabled_device_s_interface_is_not_present_until_it_is_enabled),
        cmocka_unit_test(a_recycled_device_s_interface_goes_and_comes_back),
        cmocka_unit_test(an_unmodified_program_uses_the_virtual_serial_port_as_com7),
        cmocka_unit_test(a_serial_port_name_in_use_is_not_taken),
        cmocka_unit_test(an_uninstalled_device_leaves_the_tree),
    };
    return cmocka_run_group_tests(tests, start, fixture_stop);
}
