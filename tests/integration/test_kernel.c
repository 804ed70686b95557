/*
 * reflector.sys under Wine: wudfctl installs and starts the kernel driver,
 * the real reflector attaches to it (--kernel) and serves the echo device,
 * and an unmodified Win32 program (win32_app, kernel32 calls only) opens
 * \\.\Echo0: round trips, every transfer method, CancelIo, a host killed
 * with a request pending (ERROR_DRIVER_PROCESS_TERMINATED, then the device
 * is back), and the reflector itself killed and restarted. The requests
 * sample driver's links, two of them made with reference strings, each give
 * the driver the file name Windows gives.
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
#include "requests_ioctl.h"

#define ECHO_ID "ROOT\\ECHO\\0000"
#define REQUESTS_ID "ROOT\\WDKREQUESTS\\0000"

static char app[600];

static int start(void **state)
{
    snprintf(app, sizeof app, "%s/win32_app%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    return fixture_start_kernel_with_echo(state);
}

static int run_app(const char *scenario, harness_child *c)
{
    const char *args[] = {app, scenario, "Echo0", NULL};
    int rc = harness_run(c, args, 120000);
    fprintf(stderr, "%s", c->buffer);
    return rc;
}

static void io_through_the_kernel(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app("io", &c), 0);
    assert_non_null(strstr(c.buffer, "ok ioctl neither"));
    assert_null(strstr(c.buffer, "FAILED"));
}

static void an_unknown_name_is_not_found(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app("unknown", &c), 0);
}

static void cancel_io_reaches_the_driver(void **state)
{
    (void)state;
    harness_child c;
    assert_int_equal(run_app("cancel", &c), 0);
    assert_non_null(strstr(c.buffer, "ok it completes as cancelled"));
}

/* The app opens, has the driver hold a request, then end() takes away what serves it: the
 * request must fail with ERROR_DRIVER_PROCESS_TERMINATED, and once back (the log shows back) a
 * new open must work. */
static void held_request_ends_and_device_returns(harness *h, int (*end)(harness *h), const char *back)
{
    harness_child c;
    const char *args[] = {app, "crash", "Echo0", NULL};
    if (harness_child_start(&c, args, "ok pending", 60000) <= 0)
        fail_msg("win32_app crash did not get a request held: %s", c.buffer);
    size_t mark = harness_log_mark(h);
    assert_int_equal(end(h), 0);
    assert_int_equal(harness_child_wait_output(&c, "ERROR_DRIVER_PROCESS_TERMINATED", 60000), 0);
    assert_int_equal(harness_wait_log(h, back, mark, 60000), 0);
    assert_int_equal(harness_child_write(&c, "go\n"), 0);
    int rc = harness_child_finish(&c, 60000);
    fprintf(stderr, "%s", c.buffer);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(c.buffer, "ok the pending request failed with ERROR_DRIVER_PROCESS_TERMINATED"));
    assert_non_null(strstr(c.buffer, "ok the new host answers"));
}

static int kill_host(harness *h)
{
    return harness_kill_host(h, ECHO_ID) > 0 ? 0 : -1;
}

static int kill_and_restart_reflector(harness *h)
{
    /* reflector.sys completes what the dead reflector held; the links go until it is back. */
    if (harness_kill(h) < 0)
        return -1;
    return harness_restart(h);
}

static void a_host_crash_fails_the_pending_call_and_the_device_comes_back(void **state)
{
    /* The links stay while the host restarts: the device is back when it is started again. */
    held_request_ends_and_device_returns(*state, kill_host, "event=state device=" ECHO_ID " state=started");
}

static void the_reflector_dying_fails_its_requests_and_a_new_one_serves(void **state)
{
    held_request_ends_and_device_returns(*state, kill_and_restart_reflector, "event=kernel-link-ready device=" ECHO_ID);
}

/* The file name the driver got for an open of \\.\name by a Win32 program. */
static void file_name_of_open(const char *name, const char *want)
{
    harness_child c;
    const char *args[] = {app, "name", name, NULL};
    int rc = harness_run(&c, args, 120000);
    fprintf(stderr, "%s", c.buffer);
    assert_int_equal(rc, 0);
    char line[REQUESTS_FILE_NAME_CHARS + 8];
    snprintf(line, sizeof line, "name=%s\n", want);
    if (!strstr(c.buffer, line))
        fail_msg("%s: want %s, got %s", name, line, c.buffer);
}

/* Each link made with a reference string opens \Device\<name>\<reference>, and the driver gets
 * \<reference> as the file name, whichever other links the device has (Learn,
 * CreateSymbolicLinkWithReferenceString); its plain link gives no name. (Wine 8's object manager
 * opens no name below a device object, so \\.\link\tail does not open; test_requests checks the
 * tail through the client library.) */
static void each_link_gives_the_driver_its_own_reference_string(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    assert_true(harness_install(h, REQUESTS_INF, NULL, NULL, 0) >= 0);
    static const char *const links[] = {"WdkRequests0", REQUESTS_REFERENCE_LINK, REQUESTS_SECOND_REFERENCE_LINK};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        char ready[200];
        snprintf(ready, sizeof ready, "event=kernel-link-ready device=%s link=\\DosDevices\\%s", REQUESTS_ID,
                 links[i]);
        assert_int_equal(harness_wait_log(h, ready, mark, 60000), 0);
    }
    assert_int_equal(harness_wait_log(h, "event=state device=" REQUESTS_ID " state=started", mark, 60000), 0);
    file_name_of_open(REQUESTS_REFERENCE_LINK, "\\" REQUESTS_REFERENCE);
    file_name_of_open(REQUESTS_SECOND_REFERENCE_LINK, "\\" REQUESTS_SECOND_REFERENCE);
    file_name_of_open("WdkRequests0", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(io_through_the_kernel),
        cmocka_unit_test(cancel_io_reaches_the_driver),
        cmocka_unit_test(a_host_crash_fails_the_pending_call_and_the_device_comes_back),
        cmocka_unit_test(the_reflector_dying_fails_its_requests_and_a_new_one_serves),
        cmocka_unit_test(an_unknown_name_is_not_found),
        cmocka_unit_test(each_link_gives_the_driver_its_own_reference_string),
    };
    return cmocka_run_group_tests(tests, start, fixture_stop);
}
