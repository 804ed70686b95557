/*
 * Clients never hang, whatever the driver does: a driver callback that never returns is found by the
 * heartbeat and its host recycled at the critical timeout, so even a request without a timeout ends;
 * a file's cleanup and close are critical requests; and wudfctl --timeout-ms bounds the whole command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "faulty_ioctl.h"
#include "fixture.h"
#include "platform.h"

#define FAULTY_LINK "\\\\.\\Faulty0"
#define FAULTY_ID "ROOT\\FAULTY\\0000"
/* What a call may take beyond the critical timeout: a heartbeat period, the recycle, a loaded machine. */
#define SLACK_MS 8000u

static double ms_since(uint64_t start)
{
    return (double)(uv_hrtime() - start) / 1e6;
}

static int start_critical(void **state, unsigned critical_ms, const char *const *settings)
{
    harness_options o;
    memset(&o, 0, sizeof o);
    o.critical_timeout_ms = critical_ms;
    if (fixture_start_with(state, &o))
        return -1;
    char id[300];
    return harness_install(*state, "faulty.inf", settings, id, sizeof id) == 0 ? 0 : -1;
}

static int start_short_critical(void **state)
{
    return start_critical(state, 1000, NULL);
}

/* A request without a timeout, whose queue callback never returns: the heartbeat says how long the
 * callback has run, and at the critical timeout the host is recycled and the request ends. */
static void a_callback_that_never_returns_ends_a_request_without_timeout(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, FAULTY_LINK, 10000, &f), 0);
    size_t mark = harness_log_mark(h);
    struct faulty_inject inject = {FAULTY_HANG, 0};
    fixture_result r = {0};
    wudf_request_id id;
    uint64_t start = uv_hrtime();
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_FAULTY_INJECT, &inject, sizeof inject, NULL, 0, fixture_on_done,
                                      &r, &id),
                     0);
    assert_int_equal(fixture_wait_done(c, &r, 1000 + SLACK_MS), 0);
    double took = ms_since(start);
    assert_int_equal(r.status, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    if (took < 1000)
        fail_msg("ended after %.0f ms, before the critical timeout", took);
    assert_int_equal(harness_wait_log(h, "reason=\"a driver callback has not returned for", mark, 10000), 0);
    assert_int_equal(harness_wait_state(h, FAULTY_ID, "started", mark, 10000), 0);
    wudf_disconnect(c);
}

/* A request the driver keeps without completing it or marking it cancelable: the client's call ends
 * at its timeout and the cancel's grace, and the host, which ignored the cancel, is recycled at the
 * critical timeout. */
static void a_cancelled_request_never_completed_recycles_the_host(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, FAULTY_LINK, 10000, &f), 0);
    /* On a loaded machine a start may itself run past the short critical timeout, before this test's
     * recycle or after it: the recycle for the cancel is the one counted. */
    long long restarts = harness_field_number(h, FAULTY_ID, "restarts");
    size_t mark = harness_log_mark(h);
    struct faulty_inject inject = {FAULTY_NEVER_COMPLETE, 0};
    uint64_t start = uv_hrtime();
    wudf_status st = wudf_ioctl(c, f, IOCTL_FAULTY_INJECT, &inject, sizeof inject, NULL, 0, NULL, 500);
    double took = ms_since(start);
    if (st != WUDF_STATUS_DRIVER_PROCESS_TERMINATED && st != WUDF_STATUS_IO_TIMEOUT)
        fail_msg("the call ended with %s", wudf_status_name(st));
    if (took > 500 + 5000 + SLACK_MS)
        fail_msg("the call took %.0f ms for a 500 ms timeout", took);
    static const char lost[] = "reason=\"a cancelled request was not completed within the critical timeout\"";
    assert_int_equal(harness_wait_log(h, lost, mark, 10000), 0);
    assert_int_equal(harness_wait_state(h, FAULTY_ID, "started", mark, 10000), 0);
    /* one loss of the started device: the cancel's (a start past the timeout is lost while restarting) */
    assert_int_equal(harness_log_count(h, "event=host-lost device=" FAULTY_ID " state=started", mark), 1);
    assert_true(harness_field_number(h, FAULTY_ID, "restarts") >= restarts + 1);
    wudf_disconnect(c);
}

static int start_cleanup_hang(void **state)
{
    static const char *const settings[] = {"setting.faultoncleanup", "hang", NULL};
    return start_critical(state, 1000, settings);
}

/* CloseHandle's part: a cleanup callback that never returns ends at the critical timeout. */
static void a_cleanup_that_never_returns_ends_the_close(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, FAULTY_LINK, 10000, &f), 0);
    size_t mark = harness_log_mark(h);
    uint64_t start = uv_hrtime();
    wudf_status st = wudf_close(c, f);
    double took = ms_since(start);
    assert_int_equal(st, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    if (took > 1000 + SLACK_MS)
        fail_msg("the close took %.0f ms", took);
    /* Two watchers see the same hang at the same deadline, and either may recycle the host first:
     * the file's cleanup timer, or the host's report of a callback that has not returned. */
    assert_int_equal(harness_wait_log(h, "event=host-lost device=" FAULTY_ID, mark, 10000), 0);
    unsigned cleanup = harness_log_count(h, "a file's cleanup was not completed within the critical timeout", mark);
    unsigned callback = harness_log_count(h, "reason=\"a driver callback has not returned for", mark);
    if (cleanup == 0 && callback == 0)
        fail_msg("the host was lost, for neither its cleanup nor a callback that has not returned");
    wudf_disconnect(c);
}

static int start_long_critical(void **state)
{
    return start_critical(state, 30000, NULL);
}

/* wudfctl --timeout-ms 1000 on a driver that hangs returns after its timeout and the cancel's grace
 * (5 s), not after the file's cleanup, which waits on the same driver until the critical timeout. */
static void wudfctl_returns_within_its_timeout(void **state)
{
    harness *h = *state;
    char prog[WUDF_PATH_MAX];
    snprintf(prog, sizeof prog, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    /* struct faulty_inject {FAULTY_HANG, 0}, little-endian */
    const char *args[] = {prog, "--endpoint", h->endpoint, "--timeout-ms", "1000", "ioctl", FAULTY_LINK, "0x222400",
                          "0500000000000000", NULL};
    harness_child c;
    uint64_t start = uv_hrtime();
    int rc = harness_run_capture(&c, args, 60000);
    double took = ms_since(start);
    if (rc == 0 || !strstr(c.buffer, "STATUS_IO_TIMEOUT"))
        fail_msg("wudfctl exited %d: %s", rc, c.buffer);
    if (took > 1000 + 5000 + 3000)
        fail_msg("wudfctl took %.0f ms for a 1000 ms timeout", took);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_callback_that_never_returns_ends_a_request_without_timeout,
                                        start_short_critical, fixture_stop),
        cmocka_unit_test_setup_teardown(a_cancelled_request_never_completed_recycles_the_host, start_short_critical,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(a_cleanup_that_never_returns_ends_the_close, start_cleanup_hang, fixture_stop),
        cmocka_unit_test_setup_teardown(wudfctl_returns_within_its_timeout, start_long_critical, fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
