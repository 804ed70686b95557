/*
 * The reflector's bounds against peers that use up what it has: a connection must say hello in time
 * and finish each message it starts; clients and tools have a cap (administrators a reserve beyond
 * it), each user a share of it; unfinished messages together have a memory budget. Every refusal is
 * logged, a few lines a second at most. A host that cannot be started for want of a resource is
 * started again once it can be.
 */
#define _GNU_SOURCE 1 /* prlimit */
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

#ifndef _WIN32
#include <signal.h>
#include <sys/resource.h>
#endif

#define T 10000

static void raw_peer_path(char *buf, size_t size)
{
    snprintf(buf, size, "%s/raw_peer%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
}

/* Milliseconds in raw_peer's "closed after N ms", or -1. */
static long closed_after(const harness_child *c)
{
    const char *p = strstr(c->buffer, "closed after ");
    return p ? atol(p + strlen("closed after ")) : -1;
}

static long long info_field(harness *h, const char *key)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    long long v = -1;
    if (harness_tool(h, "info", NULL, &reply) == 0 && wudf_kv_get(&reply, key))
        v = atoll(wudf_kv_get(&reply, key));
    wudf_kv_free(&reply);
    return v;
}

static int start_with(void **state, const char *const *args)
{
    harness_options o;
    memset(&o, 0, sizeof o);
    o.extra_args = args;
    return fixture_start_with(state, &o);
}

static int start_hello_timeout(void **state)
{
    static const char *const args[] = {"--hello-timeout-ms", "300", NULL};
    return start_with(state, args);
}

/* Idle connections cannot pile up: one that never says hello is closed. */
static void a_connection_that_never_says_hello_is_closed(void **state)
{
    harness *h = *state;
    char prog[WUDF_PATH_MAX];
    raw_peer_path(prog, sizeof prog);
    size_t mark = harness_log_mark(h);
    const char *args[] = {prog, h->endpoint, "silent", NULL};
    harness_child c;
    assert_int_equal(harness_run(&c, args, T), 0);
    long ms = closed_after(&c);
    if (ms < 300 || ms > 5000)
        fail_msg("closed after %ld ms, expected 300 ms and a little: %s", ms, c.buffer);
    assert_int_equal(harness_wait_log(h, "reason=\"no hello within 300 ms\"", mark, T), 0);
}

static int start_connection_cap(void **state)
{
    static const char *const args[] = {"--max-connections", "8", NULL};
    return start_with(state, args);
}

/* With 8 connections allowed, an administrator still gets 16 more, and the rest are refused; the
 * refusals are logged at most 5 a second, the next line saying how many were not. */
static void connections_beyond_the_cap_are_refused(void **state)
{
    harness *h = *state;
    char prog[WUDF_PATH_MAX];
    raw_peer_path(prog, sizeof prog);
    size_t mark = harness_log_mark(h);
    const char *args[] = {prog, h->endpoint, "connect", "40", NULL};
    harness_child c;
    assert_true(harness_child_start(&c, args, "connected", T) > 0);
    if (!strstr(c.buffer, "connected 24 refused 16"))
        fail_msg("expected 8 + 16 connections: %s", c.buffer);
    /* While they are held, even an administrator's tool is refused ... */
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_true(harness_tool(h, "status", NULL, &reply) < 0);
    wudf_kv_free(&reply);
    harness_child_end_input(&c);
    assert_int_equal(harness_child_finish(&c, T), 0);
    harness_log_sync(h);
    size_t lines = harness_log_count(h, "event=connection-refused", mark);
    if (lines < 1 || lines > 10)
        fail_msg("%zu connection-refused lines for 16 refusals", lines);
    /* The rest are counted, and the count is said once their second is over. */
    assert_int_equal(harness_wait_log(h, "event=lines-dropped kind=refusals count=", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "reason=\"24 connections already (--max-connections 8)\"", mark, T), 0);
    /* ... and once they are gone, everything works again. */
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "status", NULL, &reply), 0);
    wudf_kv_free(&reply);
}

#ifdef _WIN32
static void skipped_on_windows(void **state)
{
    (void)state;
    skip();
}
#define a_user_gets_its_share_of_connections skipped_on_windows /* Wine runs everything as one user */
#define start_per_user_cap fixture_start
#else
static int start_per_user_cap(void **state)
{
    static const char *const args[] = {"--max-connections-per-user", "4", NULL};
    harness_options o;
    memset(&o, 0, sizeof o);
    o.extra_args = args;
    o.device_group = "nogroup"; /* nobody's group: it may connect */
    o.shared_bin = 1;
    return fixture_start_with(state, &o);
}

/* One user cannot take every connection: nobody gets 4, root still gets in. */
static void a_user_gets_its_share_of_connections(void **state)
{
    harness *h = *state;
    if (!harness_as_root("connecting as another user"))
        skip();
    char as_user[WUDF_PATH_MAX], prog[WUDF_PATH_MAX], built[WUDF_PATH_MAX];
    snprintf(as_user, sizeof as_user, "%s/as_user", WUDF_BIN_DIR);
    /* Where nobody can reach it, beside the shared copies of the programs. */
    raw_peer_path(built, sizeof built);
    snprintf(prog, sizeof prog, "%s/raw_peer", h->bin);
    uv_fs_t req;
    assert_int_equal(uv_fs_copyfile(NULL, &req, built, prog, 0, NULL), 0);
    uv_fs_req_cleanup(&req);
    assert_int_equal(uv_fs_chmod(NULL, &req, prog, 0755, NULL), 0);
    uv_fs_req_cleanup(&req);
    size_t mark = harness_log_mark(h);
    const char *args[] = {as_user, "nobody", prog, h->endpoint, "connect", "6", NULL};
    harness_child c;
    assert_true(harness_child_start(&c, args, "connected", T) > 0);
    if (!strstr(c.buffer, "connected 4 refused 2"))
        fail_msg("expected 4 connections for nobody: %s", c.buffer);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "status", NULL, &reply), 0);
    wudf_kv_free(&reply);
    harness_child_end_input(&c);
    assert_int_equal(harness_child_finish(&c, T), 0);
    assert_int_equal(harness_wait_log(h, "has 4 connections already (--max-connections-per-user 4)", mark, T), 0);
}
#endif

static int start_partial_budget(void **state)
{
    static const char *const args[] = {"--max-partial-mb", "12", NULL};
    return start_with(state, args);
}

/* Each connection may start a 16 MiB message; together they may not hold more than the budget. */
static void unfinished_messages_stay_within_the_budget(void **state)
{
    harness *h = *state;
    char prog[WUDF_PATH_MAX];
    raw_peer_path(prog, sizeof prog);
    const char *args[] = {prog, h->endpoint, "partial", "5", NULL};
    harness_child first, second;
    assert_true(harness_child_start(&first, args, "sent", T) > 0);
    /* The first 5 MiB are in the reflector's buffer before the second peer starts. */
    uint64_t deadline = uv_hrtime() + (uint64_t)T * 1000000u;
    while (info_field(h, "partial_kib") < 5 * 1024 && uv_hrtime() < deadline)
        harness_child_wait_output(&first, "closed", 20);
    if (info_field(h, "partial_kib") < 5 * 1024)
        fail_msg("the reflector holds %lld KiB of the first message; the peer said: %s", info_field(h, "partial_kib"),
                 first.buffer);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_run(&second, args, T), 0);
    assert_true(closed_after(&second) >= 0);
    assert_int_equal(harness_wait_log(h, "event=memory-refused", mark, T), 0);
    assert_true(info_field(h, "partial_kib") <= 12 * 1024);
    /* The first one was not touched. */
    assert_null(strstr(first.buffer, "closed"));
    harness_child_end_input(&first);
    assert_int_equal(harness_child_finish(&first, T), 0);
    assert_non_null(strstr(first.buffer, "open"));
}

static int start_message_timeout(void **state)
{
    static const char *const args[] = {"--message-timeout-ms", "500", NULL};
    return start_with(state, args);
}

/* A message started and never finished holds its buffer only so long. */
static void a_message_left_unfinished_is_cut_off(void **state)
{
    harness *h = *state;
    char prog[WUDF_PATH_MAX];
    raw_peer_path(prog, sizeof prog);
    size_t mark = harness_log_mark(h);
    const char *args[] = {prog, h->endpoint, "partial", "1", NULL};
    harness_child c;
    assert_int_equal(harness_run(&c, args, T), 0);
    long ms = closed_after(&c);
    if (ms < 500 || ms > 5000)
        fail_msg("closed after %ld ms, expected 500 ms and a little: %s", ms, c.buffer);
    assert_int_equal(harness_wait_log(h, "reason=\"a message left unfinished for 500 ms\"", mark, T), 0);
    assert_int_equal(info_field(h, "partial_kib"), 0);
}

#ifdef _WIN32
#define a_host_that_could_not_start_starts_once_it_can skipped_on_windows /* prlimit is Linux's */
#define start_echo fixture_start
#else
static int start_echo(void **state)
{
    return fixture_start_with_echo(state, NULL);
}

/* With no descriptor left to wudfrd (RLIMIT_NOFILE lowered under it), a host cannot be started: the
 * device keeps trying, and starts as soon as descriptors are back, instead of failing for good. */
static void a_host_that_could_not_start_starts_once_it_can(void **state)
{
    harness *h = *state;
    struct rlimit few = {3, 0}, before;
    assert_int_equal(prlimit((pid_t)h->pid, RLIMIT_NOFILE, NULL, &before), 0);
    few.rlim_max = before.rlim_max;
    /* Nothing may connect meanwhile either: the host's pid is read first, the rest is in the log. */
    long long host = harness_field_number(h, "ROOT\\ECHO\\0000", "host_pid");
    assert_true(host > 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(prlimit((pid_t)h->pid, RLIMIT_NOFILE, &few, NULL), 0);
    assert_int_equal(uv_kill((int)host, SIGKILL), 0);
    assert_int_equal(harness_wait_log(h, "event=host-spawn-retry device=ROOT\\ECHO\\0000 state=restarting "
                                         "status=EMFILE retry_ms=100", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "retry_ms=200", mark, T), 0); /* and again, later */
    /* The first host's state=started may have been read after mark: from here on, only the new host's. */
    size_t retried = harness_log_mark(h);
    assert_int_equal(prlimit((pid_t)h->pid, RLIMIT_NOFILE, &before, NULL), 0);
    assert_int_equal(harness_wait_log(h, "event=host-spawn device=ROOT\\ECHO\\0000 state=restarting", retried, T), 0);
    assert_int_equal(harness_wait_state(h, "ROOT\\ECHO\\0000", "started", retried, T), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\Echo0", T, &f), 0);
    wudf_disconnect(c);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_connection_that_never_says_hello_is_closed, start_hello_timeout,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(connections_beyond_the_cap_are_refused, start_connection_cap, fixture_stop),
        cmocka_unit_test_setup_teardown(a_user_gets_its_share_of_connections, start_per_user_cap, fixture_stop),
        cmocka_unit_test_setup_teardown(unfinished_messages_stay_within_the_budget, start_partial_budget,
                                        fixture_stop),
        cmocka_unit_test_setup_teardown(a_message_left_unfinished_is_cut_off, start_message_timeout, fixture_stop),
        cmocka_unit_test_setup_teardown(a_host_that_could_not_start_starts_once_it_can, start_echo, fixture_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
