/*
 * Fixtures the integration tests share: a reflector with the echo device installed, the capture of
 * an asynchronous completion, and waiting until the echo driver holds a number of requests.
 */
#ifndef OPENWUDF_TEST_FIXTURE_H
#define OPENWUDF_TEST_FIXTURE_H

#include "harness.h"

/* cmocka group setup: a reflector (options may be NULL) with inf/echo.inf installed as ROOT\ECHO\0000. */
int fixture_start_with_echo(void **state, const harness_options *options);
/* cmocka group setup (Windows, under Wine): `wudfctl kernel install`, then a reflector with --kernel
 * and the echo device, once reflector.sys has its link \\.\Echo0. */
int fixture_start_kernel_with_echo(void **state);
/* cmocka group setup: a reflector with nothing installed. */
int fixture_start(void **state);
/* The same with options (NULL: defaults). */
int fixture_start_with(void **state, const harness_options *options);
/* cmocka group teardown: orderly stop (it must succeed) and cleanup. */
int fixture_stop(void **state);

typedef struct fixture_result {
    int done;
    wudf_status status;
    uint64_t information;
} fixture_result;
/* A wudf_completion whose context is a fixture_result. */
void fixture_on_done(wudf_client *client, wudf_request_id id, wudf_status status, uint64_t information,
                     void *context);
/* Polls the echo driver's counters (each poll a real round trip) until it holds want pended
 * requests; 0, or -1 after 10 s. */
int fixture_wait_pended(wudf_client *client, wudf_handle file, uint32_t want);
/* Runs the client's completions until r is done; 0, or -1 after timeout_ms. */
int fixture_wait_done(wudf_client *client, const fixture_result *r, uint32_t timeout_ms);

#endif
