/* Host crashes: pending requests complete with WUDF_STATUS_DRIVER_PROCESS_TERMINATED, the host is recycled
 * by the UMDF policy, and past the restart limit the device fails with problem 43. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "echo_ioctl.h"
#include "fixture.h"

#ifndef _WIN32
#include <signal.h>
#endif

#define T 10000
#define ECHO_ID "ROOT\\ECHO\\0000"

/* Kills the host and waits until the device is started again (or fails). */
static void crash_and_wait(harness *h, const char *expect)
{
    size_t mark = harness_log_sync(h); /* the last start's state line must not pass for this one */
    assert_true(harness_kill_host(h, ECHO_ID) > 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, expect, mark, 15000), 0);
}

static void host_crash_completes_pending_with_driver_process_terminated(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    assert_non_null(c);
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    fixture_result r = {0, 0, 0};
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, fixture_on_done, &r, &id), 0);
    assert_int_equal(fixture_wait_pended(c, f, 1), 0);
    long long old_pid = harness_field_number(h, ECHO_ID, "host_pid");

    size_t mark = harness_log_sync(h); /* the start's own state=started must not pass for the restart's */
    assert_true(harness_kill_host(h, ECHO_ID) > 0);
    assert_int_equal(fixture_wait_done(c, &r, 10000), 0);
    assert_int_equal(r.status, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);

    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    assert_int_equal(harness_field_number(h, ECHO_ID, "restarts"), 1);
    long long new_pid = harness_field_number(h, ECHO_ID, "host_pid");
    assert_true(new_pid > 0 && new_pid != old_pid);
    char why[512];
    harness_field(h, ECHO_ID, "last_failure", why, sizeof why);
    assert_true(why[0] != '\0');

    /* the old handle belonged to the dead host */
    uint32_t n;
    assert_int_equal(wudf_write(c, f, "x", 1, 0, &n, T), WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    assert_int_equal(wudf_close(c, f), 0);
    /* a new open reaches the new host */
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    assert_int_equal(wudf_write(c, f, "abc", 3, 0, &n, T), 0);
    assert_int_equal(n, 3);
    wudf_disconnect(c);
}

static void six_crashes_fail_the_device_with_problem_43_and_restart_revives_it(void **state)
{
    harness *h = *state;
    /* the first test used one restart: four more are allowed */
    for (int i = 0; i < 4; i++)
        crash_and_wait(h, "started");
    assert_int_equal(harness_field_number(h, ECHO_ID, "restarts"), 5);
    crash_and_wait(h, "failed");
    assert_int_equal(harness_field_number(h, ECHO_ID, "problem"), 43);
    char v[512];
    harness_field(h, ECHO_ID, "last_failure", v, sizeof v);
    assert_non_null(strstr(v, "restart limit of 5 reached"));
    assert_int_equal(harness_field_number(h, ECHO_ID, "host_pid"), 0);

    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), WUDF_STATUS_NO_SUCH_DEVICE); /* STATUS_NO_SUCH_DEVICE */

    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "restart", ECHO_ID, &reply), 0);
    assert_string_equal(wudf_kv_get(&reply, "state"), "started");
    wudf_kv_free(&reply);
    assert_int_equal(harness_field_number(h, ECHO_ID, "restarts"), 0);
    assert_int_equal(harness_field_number(h, ECHO_ID, "problem"), 0);
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    wudf_disconnect(c);
}

static void stuck_host_is_found_by_the_heartbeat(void **state)
{
#ifdef _WIN32
    skip(); /* no SIGSTOP on Windows: see docs/testing.md */
#else
    harness *h = *state;
    long long before = harness_field_number(h, ECHO_ID, "restarts");
    long long pid = harness_field_number(h, ECHO_ID, "host_pid");
    assert_true(pid > 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(uv_kill((int)pid, SIGSTOP), 0);
    assert_int_equal(harness_wait_log(h, "host stopped answering heartbeats", mark, 10000), 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    assert_int_equal(harness_field_number(h, ECHO_ID, "restarts"), before + 1);
    assert_true(harness_field_number(h, ECHO_ID, "host_pid") != pid);
#endif
}

static int setup(void **state)
{
    harness_options o = {0};
    o.restart_limit = 5;
    o.heartbeat_ms = 100;
    o.heartbeat_timeout_ms = 1000;
    return fixture_start_with_echo(state, &o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(host_crash_completes_pending_with_driver_process_terminated),
        cmocka_unit_test(six_crashes_fail_the_device_with_problem_43_and_restart_revives_it),
        cmocka_unit_test(stuck_host_is_found_by_the_heartbeat),
    };
    return cmocka_run_group_tests(tests, setup, fixture_stop);
}
