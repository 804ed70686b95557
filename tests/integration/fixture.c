/* Shared integration-test fixtures: see fixture.h. */
#include "fixture.h"

#include <string.h>

#include "echo_ioctl.h"

static harness the_harness;

int fixture_start(void **state)
{
    return fixture_start_with(state, NULL);
}

int fixture_start_with(void **state, const harness_options *options)
{
    if (harness_start(&the_harness, options))
        return -1;
    *state = &the_harness;
    return 0;
}

int fixture_start_with_echo(void **state, const harness_options *options)
{
    if (harness_start(&the_harness, options))
        return -1;
    char id[300];
    if (harness_install(&the_harness, "echo.inf", NULL, id, sizeof id) != 0 || strcmp(id, "ROOT\\ECHO\\0000") != 0)
        return -1;
    *state = &the_harness;
    return 0;
}

int fixture_start_kernel_with_echo(void **state)
{
    char wudfctl[600];
    snprintf(wudfctl, sizeof wudfctl, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
    harness_child c;
    const char *install[] = {wudfctl, "kernel", "install", NULL};
    int rc = harness_run(&c, install, 60000);
    if (rc != 0 || !strstr(c.buffer, "running")) {
        fprintf(stderr, "fixture: wudfctl kernel install exited %d: %s\n", rc, c.buffer);
        return -1;
    }
    static const char *const kernel[] = {"--kernel", NULL};
    harness_options o;
    memset(&o, 0, sizeof o);
    o.extra_args = kernel;
    if (fixture_start_with_echo(state, &o))
        return -1;
    return harness_wait_log(*state, "event=kernel-link-ready device=ROOT\\ECHO\\0000 link=\\DosDevices\\Echo0", 0,
                            30000);
}

int fixture_stop(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000);
    harness_cleanup(h);
    return rc == 0 ? 0 : -1;
}

void fixture_on_done(wudf_client *client, wudf_request_id id, wudf_status status, uint64_t information,
                     void *context)
{
    (void)client;
    (void)id;
    fixture_result *r = context;
    r->done++;
    r->status = status;
    r->information = information;
}

int fixture_wait_pended(wudf_client *client, wudf_handle file, uint32_t want)
{
    uint64_t deadline = uv_hrtime() + 10000ull * 1000000u;
    while (uv_hrtime() < deadline) {
        struct echo_stats s;
        uint32_t n;
        if (wudf_ioctl(client, file, IOCTL_ECHO_GET_STATS, NULL, 0, &s, sizeof s, &n, 10000) != 0)
            return -1;
        if (s.pended == want)
            return 0;
    }
    return -1;
}

int fixture_wait_done(wudf_client *client, const fixture_result *r, uint32_t timeout_ms)
{
    uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;
    while (!r->done && uv_hrtime() < deadline)
        wudf_poll(client, 100);
    return r->done ? 0 : -1;
}
