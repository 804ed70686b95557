/*
 * A vendor's test program for the OSR USB-FX2 kit (fx2_app, Win32 calls only) against the simulated
 * kit under Wine: the kit is served over USB/IP from this process, the real reflector (--kernel
 * --usbip) imports it into a host running the FX2 driver, reflector.sys makes it a device Win32
 * programs find by its interface class. What the app sets on the bar graph and the seven-segment
 * display lights on the kit and reads back, it reads the kit's switches, its pended wait for a switch
 * change ends when they change (and on its timeout when they do not), bulk loopback returns what it
 * wrote; unplugged, a wait pended in the driver fails, the kit's open handle fails and no device is
 * found until it is plugged back in.
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
#include "fx2_ioctl.h"
#include "fx2_sim.h"

#define T 60000

static fx2_sim *sim;
static char app[600], kit_id[300];
static char args[2][96];
static const char *extra[4];

/* The line, whole, in the program's output. */
static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *at = strstr(text, line); at; at = strstr(at + 1, line))
        if ((at == text || at[-1] == '\n') && (at[n] == '\n' || at[n] == '\r' || at[n] == '\0'))
            return 1;
    return 0;
}

/* fx2_app with up to three arguments (NULL ends them early); its exit code, its output in c. */
static int run_app(harness_child *c, const char *a1, const char *a2, const char *a3)
{
    const char *argv[] = {app, a1, a2, a3, NULL};
    int rc = harness_run_capture(c, argv, T);
    fprintf(stderr, "fx2_app %s %s %s: exit %d\n%s", a1, a2 ? a2 : "", a2 && a3 ? a3 : "", rc, c->buffer);
    return rc;
}

/* The kit's interface and its link are in the kernel once these lines are logged after from. */
static int wait_links(harness *h, size_t from)
{
    char needle[400];
    snprintf(needle, sizeof needle, "event=kernel-link-ready device=%s link=\\\\?\\", kit_id);
    if (harness_wait_log(h, needle, from, T))
        return -1;
    snprintf(needle, sizeof needle, "event=kernel-link-ready device=%s link=\\DosDevices\\OsrUsbFx2_0", kit_id);
    return harness_wait_log(h, needle, from, T);
}

static int start(void **state)
{
    snprintf(app, sizeof app, "%s/fx2_app%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    char wudfctl[600];
    snprintf(wudfctl, sizeof wudfctl, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    harness_child c;
    const char *install[] = {wudfctl, "kernel", "install", NULL};
    int rc = harness_run(&c, install, T);
    if (rc != 0 || !strstr(c.buffer, "running")) {
        fprintf(stderr, "test_fx2_app: wudfctl kernel install exited %d: %s\n", rc, c.buffer);
        return -1;
    }
    sim = fx2_sim_new(NULL);
    if (!sim)
        return -1;
    const char *server = fx2_sim_usbip_server(sim);
    fx2_sim_usbip_instance_id(sim, kit_id, sizeof kit_id);
    snprintf(args[0], sizeof args[0], "--usbip=%s", server);
    snprintf(args[1], sizeof args[1], "--usbip-poll-ms=200");
    extra[0] = "--kernel";
    extra[1] = args[0];
    extra[2] = args[1];
    extra[3] = NULL;
    harness_options o = {0};
    o.critical_timeout_ms = 5000;
    o.extra_args = extra;
    if (fixture_start_with(state, &o))
        return -1;
    harness *h = *state;
    char id[300];
    if (harness_install(h, "fx2.inf", NULL, id, sizeof id) < 0 || harness_wait_state(h, kit_id, "started", 0, T))
        return -1;
    return wait_links(h, 0);
}

static int stop(void **state)
{
    int rc = fixture_stop(state);
    fx2_sim_free(sim);
    return rc;
}

static void the_bar_graph_the_app_sets_is_lit_and_read_back(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app(&c, "bargraph", "0xA5", NULL), 0);
    assert_true(has_line(c.buffer, "bargraph set=0xA5"));
    assert_int_equal(fx2_sim_bar_graph(sim), 0xA5);
    assert_int_equal(run_app(&c, "bargraph", NULL, NULL), 0);
    assert_true(has_line(c.buffer, "bargraph get=0xA5"));
    assert_int_equal(run_app(&c, "bargraph", "60", NULL), 0);
    assert_int_equal(fx2_sim_bar_graph(sim), 60);
    assert_int_equal(run_app(&c, "bargraph", NULL, NULL), 0);
    assert_true(has_line(c.buffer, "bargraph get=0x3C"));
    /* The device path came from SetupAPI: the kit's interface under its devnode. */
    assert_non_null(strstr(c.buffer, "device path=\\\\?\\"));
}

static void the_seven_segment_display_the_app_sets_is_lit_and_read_back(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app(&c, "segment", "0x6D", NULL), 0);
    assert_true(has_line(c.buffer, "segment set=0x6D"));
    assert_int_equal(fx2_sim_seven_segment(sim), 0x6D);
    assert_int_equal(run_app(&c, "segment", NULL, NULL), 0);
    assert_true(has_line(c.buffer, "segment get=0x6D"));
}

static void the_app_reads_the_switches(void **state)
{
    (void)state;
    harness_child c;
    fx2_sim_set_switches(sim, 0x81);
    assert_int_equal(run_app(&c, "switches", NULL, NULL), 0);
    assert_true(has_line(c.buffer, "switches get=0x81"));
    fx2_sim_set_switches(sim, 0x3C);
    assert_int_equal(run_app(&c, "switches", NULL, NULL), 0);
    assert_true(has_line(c.buffer, "switches get=0x3C"));
}

/* The driver keeps the latest change no request waited for and completes the next wait with it: waits
 * until the one made with value has been taken, so that the next wait sees only a new change. */
static void take_kept_change(uint8_t value)
{
    char want[64];
    snprintf(want, sizeof want, "wait-switches changed=0x%02X", value);
    harness_child c;
    int taken = 0;
    for (int attempt = 0; attempt < 5 && !taken; attempt++) {
        assert_int_equal(run_app(&c, "wait-switches", "30000", NULL), 0);
        taken = has_line(c.buffer, want);
    }
    assert_true(taken);
}

/* Starts `fx2_app wait-switches 60000` and waits until its request has reached the driver (the host
 * logs each request it presents to the driver's queue; no other is under way) and the driver's reader
 * listens on the interrupt endpoint. */
static void start_wait(harness *h, harness_child *c)
{
    size_t mark = harness_log_mark(h);
    const char *wait[] = {app, "wait-switches", "60000", NULL};
    assert_true(harness_child_start(c, wait, "wait-switches pending", T) > 0);
    assert_int_equal(harness_wait_log(h, "callback=present irp=", mark, T), 0);
    assert_int_equal(fx2_sim_wait_pending(sim, FX2_ENDPOINT_SWITCHES, 1, T), 0);
}

static void a_wait_for_the_switches_ends_when_they_change(void **state)
{
    fx2_sim_set_switches(sim, 0x11);
    take_kept_change(0x11);

    harness_child c;
    start_wait(*state, &c);
    assert_null(strstr(c.buffer, "changed="));
    fx2_sim_set_switches(sim, 0xC3);
    assert_int_equal(harness_child_wait_output(&c, "wait-switches changed=", T), 0);
    int rc = harness_child_finish(&c, T);
    fprintf(stderr, "%s", c.buffer);
    assert_int_equal(rc, 0);
    assert_true(has_line(c.buffer, "wait-switches changed=0xC3"));
}

static void a_wait_for_the_switches_ends_at_its_timeout_when_they_do_not_change(void **state)
{
    fx2_sim_set_switches(sim, 0x22);
    take_kept_change(0x22);
    harness_child c;
    assert_int_equal(run_app(&c, "wait-switches", "500", NULL), 4);
    assert_true(has_line(c.buffer, "wait-switches timeout"));
    /* The cancelled wait left nothing behind: the next one gets the next change. */
    start_wait(*state, &c);
    fx2_sim_set_switches(sim, 0x44);
    int rc = harness_child_finish(&c, T);
    fprintf(stderr, "%s", c.buffer);
    assert_int_equal(rc, 0);
    assert_true(has_line(c.buffer, "wait-switches changed=0x44"));
}

static void loopback_returns_what_the_app_wrote(void **state)
{
    (void)state;
    static const char *const sizes[] = {"1", "512", "65536"};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        harness_child c;
        char want[64];
        assert_int_equal(run_app(&c, "loopback", sizes[i], NULL), 0);
        snprintf(want, sizeof want, "loopback bytes=%s match=yes", sizes[i]);
        assert_true(has_line(c.buffer, want));
    }
}

static void the_link_name_reaches_the_same_kit(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app(&c, "--link", "bargraph", "0x0F"), 0);
    assert_true(has_line(c.buffer, "device path=\\\\.\\OsrUsbFx2_0"));
    assert_int_equal(fx2_sim_bar_graph(sim), 0x0F);
}

static void a_wrong_command_line_is_a_usage_error(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app(&c, "frobnicate", NULL, NULL), 2);
    assert_non_null(strstr(c.buffer, "usage: fx2_app"));
    assert_int_equal(run_app(&c, "bargraph", "0x100", NULL), 2);
    assert_non_null(strstr(c.buffer, "error op=bargraph"));
}

static void unplugged_the_open_handle_fails_and_plugged_back_in_the_app_works_again(void **state)
{
    harness *h = *state;
    int rc;
    harness_child session;
    const char *argv[] = {app, "session", NULL};
    assert_true(harness_child_start(&session, argv, "ready", T) > 0);
    assert_int_equal(harness_child_write(&session, "bargraph 0x99\n"), 0);
    assert_int_equal(harness_child_wait_output(&session, "bargraph set=0x99", T), 0);
    assert_int_equal(fx2_sim_bar_graph(sim), 0x99);
    /* And a wait for the switches, pended in the driver when the kit goes. */
    fx2_sim_set_switches(sim, 0x55);
    take_kept_change(0x55);
    harness_child waiting;
    start_wait(h, &waiting);

    size_t mark = harness_log_mark(h);
    fx2_sim_remove(sim);
    char needle[400];
    snprintf(needle, sizeof needle, "event=usb-removed device=%s", kit_id);
    assert_int_equal(harness_wait_log(h, needle, mark, T), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "not present", mark, T), 0);
    snprintf(needle, sizeof needle, "event=kernel-device-removed device=%s", kit_id);
    assert_int_equal(harness_wait_log(h, needle, mark, T), 0);

    /* The pended wait failed; the handle opened before is dead; a new search finds no kit. */
    rc = harness_child_finish(&waiting, T);
    fprintf(stderr, "fx2_app wait-switches: exit %d\n%s", rc, waiting.buffer);
    assert_int_equal(rc, 1);
    /* ERROR_DEVICE_NOT_CONNECTED: the driver fails its waiting requests when the kit is gone. */
    assert_non_null(strstr(waiting.buffer, "error op=wait-switches call=DeviceIoControl win32=1167 "));
    assert_int_equal(harness_child_write(&session, "bargraph\n"), 0);
    assert_int_equal(harness_child_wait_output(&session, "error op=bargraph", T), 0);
    harness_child_end_input(&session);
    rc = harness_child_finish(&session, T);
    fprintf(stderr, "fx2_app session: exit %d\n%s", rc, session.buffer);
    assert_int_equal(rc, 1);
    assert_null(strstr(session.buffer, "bargraph get="));
    harness_child c;
    assert_int_equal(run_app(&c, "switches", NULL, NULL), 3);
    assert_null(strstr(c.buffer, "switches get="));

    /* Plugged back in, a freshly powered kit: found again and working. */
    mark = harness_log_mark(h);
    assert_int_equal(fx2_sim_plug(sim, 6), 0);
    assert_int_equal(harness_wait_state(h, kit_id, "started", mark, T), 0);
    assert_int_equal(wait_links(h, mark), 0);
    assert_int_equal(run_app(&c, "bargraph", NULL, NULL), 0);
    assert_true(has_line(c.buffer, "bargraph get=0x00"));
    assert_int_equal(run_app(&c, "bargraph", "0x5A", NULL), 0);
    assert_int_equal(fx2_sim_bar_graph(sim), 0x5A);
    assert_int_equal(run_app(&c, "loopback", "512", NULL), 0);
    assert_true(has_line(c.buffer, "loopback bytes=512 match=yes"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_bar_graph_the_app_sets_is_lit_and_read_back),
        cmocka_unit_test(the_seven_segment_display_the_app_sets_is_lit_and_read_back),
        cmocka_unit_test(the_app_reads_the_switches),
        cmocka_unit_test(a_wait_for_the_switches_ends_when_they_change),
        cmocka_unit_test(a_wait_for_the_switches_ends_at_its_timeout_when_they_do_not_change),
        cmocka_unit_test(loopback_returns_what_the_app_wrote),
        cmocka_unit_test(the_link_name_reaches_the_same_kit),
        cmocka_unit_test(a_wrong_command_line_is_a_usage_error),
        /* Last: it unplugs the kit. */
        cmocka_unit_test(unplugged_the_open_handle_fails_and_plugged_back_in_the_app_works_again),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
