/*
 * The short fault campaign CI runs (tools/campaign.c; tools/wudffault runs
 * the long ones): every fault kind a client can inject, on two faulty
 * devices used by background clients, beside a healthy echo device that
 * must not see a single error. Plus the fault a client cannot inject: a
 * driver whose start never returns ends with problem 43, as the policy says.
 * WUDF_CAMPAIGN_FAULTS sets the number of faults (default 300; 80 on Windows); a loaded machine
 * (ASan under CI's parallel jobs) injects fewer, since no fault begins after BUDGET_MS.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "campaign.h"
#include "fixture.h"

#ifdef _WIN32
#define DEFAULT_FAULTS 80
#else
#define DEFAULT_FAULTS 300
#endif
/* Leaves the test well inside CTest's 300 s with the problem-43 case after it. */
#define BUDGET_MS 150000u

static int start(void **state)
{
    harness_options o = {0};
    /* Stuck kinds cost a critical timeout each; a second leaves room for a loaded machine, where a
     * driver's cancel routine may wait that long for the device lock. */
    o.critical_timeout_ms = 1000;
    o.heartbeat_timeout_ms = 1000;
    o.log_level = "info"; /* every request of the campaign's clients would be a few debug lines */
    return fixture_start_with_echo(state, &o);
}

static void every_fault_is_contained(void **state)
{
    harness *h = *state;
    char ids[2][300];
    for (unsigned i = 0; i < 2; i++)
        assert_true(harness_install(h, "faulty.inf", NULL, ids[i], sizeof ids[i]) >= 0);
    campaign_options o;
    memset(&o, 0, sizeof o);
    o.endpoint = h->endpoint;
    o.faulty[0] = ids[0];
    o.faulty[1] = ids[1];
    o.faulty_count = 2;
    o.healthy = "ROOT\\ECHO\\0000";
    const char *env = getenv("WUDF_CAMPAIGN_FAULTS");
    o.faults = env && atoi(env) > 0 ? (unsigned)atoi(env) : DEFAULT_FAULTS;
    o.budget_ms = env ? 0 : BUDGET_MS; /* a number asked for is run to the end */
    o.seed = (uint32_t)(uv_hrtime() % 100000u);
    o.request_timeout_ms = 100;
    o.bound_ms = 20000;
    o.clients_per_device = 2;
    o.healthy_clients = 2;
    campaign_result r;
    char failure[512];
    int rc = campaign_run(&o, &r, failure, sizeof failure);
    campaign_print(&o, &r, stdout);
    if (rc)
        fail_msg("%s", failure);
    assert_int_equal(r.lost, 0);
    assert_int_equal(r.duplicated, 0);
    assert_int_equal(r.healthy_errors, 0);
    assert_true(r.healthy_requests > 0);
    assert_true(r.recoveries > 0);
    assert_true(r.max_call_ms <= o.bound_ms);
    /* However loaded the machine, the budget holds a campaign worth the name. */
    assert_true(campaign_injected(&r) >= (o.faults < 50 ? o.faults : 50));
    for (unsigned k = 1; k < FAULTY_SLOW_START; k++)
        if (campaign_injected(&r) >= 100)
            assert_true(r.injected[k] > 0);
#if !defined(__SANITIZE_ADDRESS__)
    /* The reflector's memory does not grow with faults (ASan's quarantine would hide it; LSan checks there). */
    assert_true(r.rss_start_kib > 0);
    assert_true(r.rss_end_kib - r.rss_start_kib <= 1024);
#endif
    /* The healthy device never went through a restart. */
    assert_int_equal(harness_field_number(h, "ROOT\\ECHO\\0000", "restarts"), 0);
}

static void a_start_that_never_returns_ends_with_problem_43(void **state)
{
    harness *h = *state;
    const char *settings[] = {"setting.faultonstart", "slow-start", NULL};
    char id[300];
    size_t mark = harness_log_mark(h);
    /* The install answers once the device settles: failed, after the policy's restarts. */
    assert_true(harness_install(h, "faulty.inf", settings, id, sizeof id) < 0);
    assert_int_equal(harness_wait_state(h, id, "failed", mark, 30000), 0);
    assert_int_equal(harness_field_number(h, id, "problem"), 43);
    assert_int_equal(harness_field_number(h, id, "restarts"), 5);
    char failure[600];
    harness_field(h, id, "last_failure", failure, sizeof failure);
    assert_non_null(strstr(failure, "critical timeout"));
    assert_int_equal(harness_field_number(h, "ROOT\\ECHO\\0000", "restarts"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_fault_is_contained, start, fixture_stop),
        cmocka_unit_test_setup_teardown(a_start_that_never_returns_ends_with_problem_43, start, fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
