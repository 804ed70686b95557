/*
 * The event history of each device (`wudfctl events`): transitions recorded in order with their
 * reasons, kept across an orderly restart and a kill -9 of the reflector, followed live by `-f`,
 * bounded per device with a count of what was dropped, a follower that never reads dropped without
 * holding anyone up, what the status adds (heartbeat age, last event, driver bugs, a failure the
 * restart recovered from), and no events of a device its access list hides.
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
#include "faulty_ioctl.h"
#include "fixture.h"
#include "platform.h"

#ifndef _WIN32
#include <pwd.h>
#include <signal.h>
#include <unistd.h>
#endif

#define T 10000
#define ECHO_ID "ROOT\\ECHO\\0000"
#define MAX_EVENTS 1024

static char faulty[128]; /* the faulty device test 3 installs, removed by test 7 */

typedef struct event {
    unsigned long long seq, time_ms;
    char type[24], state[24], cause[24];
    long long pid, signal, failed, restarts;
} event;

typedef struct history {
    event list[MAX_EVENTS];
    size_t count;
    long long dropped;
} history;

static void take_record(history *hs, const char *key, const char *value)
{
    if (strcmp(key, "dropped") == 0)
        hs->dropped = atoll(value);
    if (strcmp(key, "seq") == 0 && hs->count < MAX_EVENTS)
        memset(&hs->list[hs->count++], 0, sizeof hs->list[0]);
    if (!hs->count || strcmp(key, "dropped") == 0)
        return;
    event *e = &hs->list[hs->count - 1];
    struct {
        const char *key;
        char *text;
        long long *number;
    } fields[] = {{"type", e->type, NULL}, {"state", e->state, NULL}, {"cause", e->cause, NULL},
                  {"pid", NULL, &e->pid}, {"signal", NULL, &e->signal}, {"failed_requests", NULL, &e->failed},
                  {"restarts", NULL, &e->restarts}};
    if (strcmp(key, "seq") == 0)
        e->seq = strtoull(value, NULL, 10);
    if (strcmp(key, "time_ms") == 0)
        e->time_ms = strtoull(value, NULL, 10);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(key, fields[i].key) == 0 && fields[i].text)
            snprintf(fields[i].text, sizeof e->type, "%s", value);
        else if (strcmp(key, fields[i].key) == 0)
            *fields[i].number = atoll(value);
}

/* op=events for device (NULL: all), every part until the last; the status of the answer. */
static int32_t fetch(harness *h, const char *device, history *hs)
{
    memset(hs, 0, sizeof *hs);
    wudf_client *c;
    if (wudf_client_connect_role(h->endpoint, WUDF_ROLE_TOOL, &c) < 0) {
        wudf_disconnect(c);
        return WUDF_STATUS_UNSUCCESSFUL;
    }
    wudf_kv req;
    wudf_kv_init(&req);
    wudf_kv_add(&req, "op", "events", NULL);
    if (device)
        wudf_kv_add(&req, "device", device, NULL);
    wudf_tool_stream *s = wudf_client_stream_open(c, &req);
    wudf_kv_free(&req);
    int32_t status = WUDF_STATUS_UNSUCCESSFUL;
    for (int last = 0, n = 1; s && !last && n > 0;) {
        wudf_kv part;
        wudf_kv_init(&part);
        n = wudf_client_stream_next(s, T, &status, &part, &last);
        for (size_t i = 0; n > 0 && i < part.count; i++)
            take_record(hs, part.keys[i], part.values[i]);
        wudf_kv_free(&part);
    }
    wudf_client_stream_close(s);
    wudf_disconnect(c);
    return status;
}

static history *fetch_ok(harness *h, const char *device)
{
    history *hs = malloc(sizeof *hs);
    assert_non_null(hs);
    assert_int_equal(fetch(h, device, hs), 0);
    return hs;
}

/* The types of hs from index from are exactly types (NULL-terminated), seqs rising, times not falling. */
static void assert_types(const history *hs, size_t from, const char *const *types)
{
    size_t n = 0;
    for (; types[n]; n++) {
        assert_true(from + n < hs->count);
        if (strcmp(hs->list[from + n].type, types[n]) != 0)
            fail_msg("event %u is %s, want %s", (unsigned)(from + n), hs->list[from + n].type, types[n]);
    }
    assert_int_equal(from + n, hs->count);
    for (size_t i = 1; i < hs->count; i++) {
        assert_true(hs->list[i].seq > hs->list[i - 1].seq);
        assert_true(hs->list[i].time_ms >= hs->list[i - 1].time_ms);
    }
}

static void wudfctl_path(char *out, size_t size)
{
    snprintf(out, size, "%s/wudfctl%s", WUDF_BIN_DIR, WUDF_EXE_SUFFIX);
}

static void crash_and_recycle_are_recorded_in_order(void **state)
{
    harness *h = *state;
    /* one request pending in the driver when its host dies */
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, ECHO_ID, T, &f), 0);
    fixture_result r = {0, 0, 0};
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, fixture_on_done, &r, &id), 0);
    assert_int_equal(fixture_wait_pended(c, f, 1), 0);
    size_t mark = harness_log_mark(h);
    long long first_pid = harness_kill_host(h, ECHO_ID);
    assert_true(first_pid > 0);
    assert_int_equal(fixture_wait_done(c, &r, T), 0);
    assert_int_equal(r.status, WUDF_STATUS_DRIVER_PROCESS_TERMINATED);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    wudf_disconnect(c);

    history *hs = fetch_ok(h, ECHO_ID);
    static const char *const order[] = {"installed", "started", "host-lost", "restarting", "started", NULL};
    assert_types(hs, 0, order);
    const event *lost = &hs->list[2];
    assert_int_equal(lost->pid, first_pid);
    assert_int_equal(hs->list[1].pid, first_pid);
    assert_int_equal(lost->failed, 1);
    assert_string_equal(lost->state, "restarting");
    assert_int_equal(lost->restarts, 1);
#ifdef _WIN32
    assert_string_equal(lost->cause, "exit"); /* TerminateProcess: an exit code, no signal */
#else
    assert_string_equal(lost->cause, "signal");
    assert_int_equal(lost->signal, 9);
#endif
    assert_true(hs->list[4].pid > 0 && hs->list[4].pid != first_pid);
    free(hs);

    /* the same as wudfctl prints it, one line per event */
    char prog[WUDF_PATH_MAX];
    wudfctl_path(prog, sizeof prog);
    const char *args[] = {prog, "--endpoint", h->endpoint, "events", ECHO_ID, NULL};
    harness_child out;
    assert_int_equal(harness_run(&out, args, 30000), 0);
    assert_non_null(strstr(out.buffer, "Z ROOT\\ECHO\\0000 installed inf=oem"));
    assert_non_null(strstr(out.buffer, "failed_requests=1 state=restarting restarts=1/5 reason="));
}

#ifndef _WIN32
/* wudfctl events -f, its history read up to ready. */
static void start_follower(harness *h, harness_child *child, const char *ready)
{
    char prog[WUDF_PATH_MAX];
    wudfctl_path(prog, sizeof prog);
    const char *args[] = {prog, "--endpoint", h->endpoint, "events", "-f", ECHO_ID, NULL};
    assert_true(harness_child_start(child, args, ready, T) > 0);
}
#endif

static void a_follower_sees_the_crash_and_the_recycle_live(void **state)
{
#ifdef _WIN32
    skip(); /* ended by SIGINT, which Windows programs do not get from uv_kill */
#else
    harness *h = *state;
    harness_child child;
    start_follower(h, &child, "ROOT\\ECHO\\0000 restarting");
    size_t mark = harness_log_mark(h);
    assert_true(harness_kill_host(h, ECHO_ID) > 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    char started[64];
    snprintf(started, sizeof started, "started pid=%lld ", harness_field_number(h, ECHO_ID, "host_pid"));
    assert_int_equal(harness_child_wait_output(&child, started, T), 0);
    const char *lost = strstr(child.buffer, "restarts=2/5 reason=");
    assert_non_null(lost);
    const char *restarting = strstr(lost, "restarting state=restarting restarts=2/5");
    assert_non_null(restarting);
    assert_non_null(strstr(restarting, started));
    assert_non_null(strstr(child.buffer, "host-lost pid="));
    /* an interrupt ends it cleanly */
    assert_int_equal(uv_kill((int)child.pid, SIGINT), 0);
    assert_int_equal(harness_child_finish(&child, T), 0);
#endif
}

static void status_shows_heartbeat_age_last_event_and_driver_bugs(void **state)
{
    harness *h = *state;
    long long age = harness_field_number(h, ECHO_ID, "heartbeat_age_ms");
    assert_true(age >= 0 && age < 5000);
    char v[256];
    harness_field(h, ECHO_ID, "last_event", v, sizeof v);
    assert_string_equal(v, "started");
    harness_field(h, ECHO_ID, "last_event_time", v, sizeof v);
    assert_true(strlen(v) == 24 && v[23] == 'Z');
    /* the crash is history once the restart after it succeeded */
    assert_int_equal(harness_field_number(h, ECHO_ID, "last_failure_current"), 0);
    harness_field(h, ECHO_ID, "last_failure_recovered_at", v, sizeof v);
    assert_true(v[0] != '\0');
    char prog[WUDF_PATH_MAX];
    wudfctl_path(prog, sizeof prog);
    const char *args[] = {prog, "--endpoint", h->endpoint, "status", ECHO_ID, NULL};
    harness_child out;
    assert_int_equal(harness_run(&out, args, 30000), 0);
    assert_non_null(strstr(out.buffer, ", before the restart that succeeded ("));
    assert_non_null(strstr(out.buffer, "Heartbeat age (ms)"));
    assert_non_null(strstr(out.buffer, "Last event         started at "));

    /* two bugs the framework absorbs: a double completion, and more information than the buffer */
    assert_int_equal(harness_install(h, "faulty.inf", NULL, faulty, sizeof faulty), 0);
    assert_int_equal(harness_field_number(h, faulty, "driver_bugs"), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, faulty, T, &f), 0);
    size_t mark = harness_log_mark(h);
    struct faulty_inject twice = {FAULTY_COMPLETE_TWICE, 0}, oversize = {FAULTY_OVERSIZE, 0};
    uint8_t out_buffer[8];
    uint32_t n;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FAULTY_INJECT, &twice, sizeof twice, NULL, 0, &n, T), 0);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FAULTY_INJECT, &oversize, sizeof oversize, out_buffer, 8, &n, T), 0);
    wudf_disconnect(c);
    assert_int_equal(harness_wait_log(h, "bug=double-completion", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "bug=information-exceeds-buffer", mark, T), 0);
    assert_int_equal(harness_field_number(h, faulty, "driver_bugs"), 2);
    harness_field(h, faulty, "last_driver_bug", v, sizeof v);
    assert_string_equal(v, "information-exceeds-buffer");
    assert_int_equal(harness_field_number(h, ECHO_ID, "driver_bugs"), 0);
}

static void history_survives_a_reflector_restart_and_kill_9(void **state)
{
    harness *h = *state;
    history *before = fetch_ok(h, NULL);
    assert_int_equal(harness_stop(h, 15000), 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    history *after = fetch_ok(h, NULL);
    assert_true(after->count > before->count);
    assert_memory_equal(after->list, before->list, before->count * sizeof before->list[0]);
    int echo_stopped = 0, echo_started = 0;
    for (size_t i = before->count; i < after->count; i++) {
        echo_stopped += strcmp(after->list[i].type, "stopped") == 0 && !echo_started;
        echo_started += strcmp(after->list[i].type, "started") == 0;
    }
    assert_true(echo_stopped >= 1 && echo_started >= 1);

    /* a kill -9: a follower sees the reflector go (exit 5), and nothing recorded is lost */
#ifndef _WIN32
    harness_child child;
    start_follower(h, &child, "ROOT\\ECHO\\0000 stopped");
#endif
    assert_true(harness_kill(h) > 0);
#ifndef _WIN32
    assert_int_equal(harness_child_finish(&child, T), 5);
#endif
    /* a damaged line and a torn last one (a power loss) are skipped, never misread */
    char path[WUDF_PATH_MAX];
    snprintf(path, sizeof path, "%s/events.log", h->state);
    FILE *file = fopen(path, "ab");
    assert_non_null(file);
    fputs("seq=99999 time_ms=1 device=ROOT\\ECHO\\0000 type=failed state=failed problem=43 crc=00000000\n"
          "seq=100000 time_ms=2 device=ROOT", file);
    fclose(file);
    mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    assert_int_equal(harness_wait_log(h, "event=events-lines-skipped", mark, T), 0);
    history *again = fetch_ok(h, NULL);
    assert_true(again->count > after->count);
    assert_memory_equal(again->list, after->list, after->count * sizeof after->list[0]);
    /* the last failure came back from the history, as history */
    char v[256];
    harness_field(h, ECHO_ID, "last_failure", v, sizeof v);
    if (strncmp(v, "host ", 5) != 0)
        fail_msg("last_failure after the restart is \"%s\", not a host's loss", v);
    assert_int_equal(harness_field_number(h, ECHO_ID, "last_failure_current"), 0);
    free(before);
    free(after);
    free(again);
}

/* A suspend and a resume of echo: two events. */
static void suspend_resume(harness *h)
{
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "suspend", ECHO_ID, &reply), 0);
    assert_int_equal(harness_tool(h, "resume", ECHO_ID, &reply), 0);
    wudf_kv_free(&reply);
}

static void a_follower_that_never_reads_is_dropped(void **state)
{
    harness *h = *state;
    wudf_client *idle;
    assert_true(wudf_client_connect_role(h->endpoint, WUDF_ROLE_TOOL, &idle) >= 0);
    wudf_kv req;
    wudf_kv_init(&req);
    wudf_kv_add(&req, "op", "events", NULL);
    wudf_kv_add(&req, "follow", "1", NULL);
    size_t mark = harness_log_mark(h);
    wudf_tool_stream *s = wudf_client_stream_open(idle, &req);
    wudf_kv_free(&req);
    assert_non_null(s);
    assert_int_equal(harness_wait_log(h, "event=tool-request op=events", mark, T), 0);
    /* It reads nothing from here on; everyone else is served while its backlog grows. */
    int cycles = 0;
    while (!harness_log_count(h, "event=events-follower-dropped", mark) && cycles < 3000) {
        suspend_resume(h);
        cycles++;
    }
    assert_true(cycles < 3000);
    /* what it had been sent is there to read, then the end */
    int n = 1;
    for (int parts = 0; n > 0 && parts < 10000; parts++) {
        wudf_kv part;
        int32_t status;
        int last;
        wudf_kv_init(&part);
        n = wudf_client_stream_next(s, T, &status, &part, &last);
        wudf_kv_free(&part);
    }
    assert_int_equal(n, -1);
    assert_true(wudf_client_lost(idle));
    wudf_client_stream_close(s);
    wudf_disconnect(idle);
}

static void more_events_than_the_bound_keep_the_newest_and_count_the_rest(void **state)
{
    harness *h = *state;
    history *hs = fetch_ok(h, ECHO_ID);
    long long total = (long long)hs->count + hs->dropped;
    for (int i = 0; i < 150; i++)
        suspend_resume(h);
    assert_int_equal(fetch(h, ECHO_ID, hs), 0);
    assert_int_equal(hs->count, 256);
    assert_int_equal(hs->dropped, total + 300 - 256);
    assert_string_equal(hs->list[255].type, "resumed");
    assert_string_equal(hs->list[254].type, "suspended");
    /* the count is kept with the history: an orderly restart adds echo's stopped and started */
    assert_int_equal(harness_stop(h, 15000), 0);
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, ECHO_ID, "started", mark, 15000), 0);
    assert_int_equal(fetch(h, ECHO_ID, hs), 0);
    assert_int_equal(hs->count, 256);
    assert_int_equal(hs->dropped, total + 302 - 256);
    assert_string_equal(hs->list[255].type, "started");
    free(hs);
}

static void a_removed_device_keeps_its_history_and_bad_requests_are_refused(void **state)
{
    harness *h = *state;
    assert_true(faulty[0] != '\0');
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "disable", faulty, &reply), 0);
    assert_int_equal(harness_tool(h, "enable", faulty, &reply), 0);
    assert_int_equal(harness_tool(h, "remove", faulty, &reply), 0);
    wudf_kv_free(&reply);
    history *hs = fetch_ok(h, faulty);
    static const char *const order[] = {"disabled", "enabled", "started", "stopped", "removed", NULL};
    assert_true(hs->count > 5);
    assert_string_equal(hs->list[0].type, "installed");
    assert_types(hs, hs->count - 5, order);
    assert_string_equal(hs->list[hs->count - 1].state, "removed");
    free(hs);

    char prog[WUDF_PATH_MAX];
    wudfctl_path(prog, sizeof prog);
    const char *nope[] = {prog, "--endpoint", h->endpoint, "events", "ROOT\\NOPE\\0000", NULL};
    const char *since[] = {prog, "--endpoint", h->endpoint, "events", "--since", "yesterday", NULL};
    const char *link[] = {prog, "--endpoint", h->endpoint, "--json", "events", "--since", "1d", "\\\\.\\Echo0", NULL};
    harness_child out;
    assert_int_equal(harness_run_capture(&out, nope, 30000), 1);
    assert_non_null(strstr(out.buffer, "no device ROOT\\NOPE\\0000"));
    assert_int_equal(harness_run_capture(&out, since, 30000), 2);
    assert_non_null(strstr(out.buffer, "--since 'yesterday' is not a time"));
    assert_int_equal(harness_run(&out, link, 30000), 0);
    assert_non_null(strstr(out.buffer, "{\"seq\":"));
    assert_non_null(strstr(out.buffer, "\"device\":\"ROOT\\\\ECHO\\\\0000\""));
}

static void a_user_who_may_not_see_a_device_gets_none_of_its_events(void **state)
{
#ifdef _WIN32
    skip(); /* Wine runs every process as the same administrator */
#else
    harness *h = *state;
    if (geteuid() != 0 || !getpwnam("nobody")) {
        print_message("skipped: needs root and a user 'nobody' to act as another user\n");
        skip();
        return;
    }
    static const char *const root_only[] = {"acl", "user:root", NULL};
    char hidden[128];
    assert_int_equal(harness_install(h, "cppsample.inf", root_only, hidden, sizeof hidden), 0);

    char as_user[WUDF_PATH_MAX], prog[WUDF_PATH_MAX];
    snprintf(as_user, sizeof as_user, "%s/as_user", WUDF_BIN_DIR);
    snprintf(prog, sizeof prog, "%s/wudfctl", h->bin);
    harness_child out;
    const char *mine[] = {as_user, "nobody", prog, "--endpoint", h->endpoint, "events", "--since", "2m", NULL};
    assert_int_equal(harness_run(&out, mine, 30000), 0);
    assert_non_null(strstr(out.buffer, ECHO_ID));
    assert_null(strstr(out.buffer, hidden));
    const char *theirs[] = {as_user, "nobody", prog, "--endpoint", h->endpoint, "events", hidden, NULL};
    assert_int_equal(harness_run_capture(&out, theirs, 30000), 4);
    assert_non_null(strstr(out.buffer, "does not admit this user"));
    assert_null(strstr(out.buffer, "installed"));
    /* a removed device (the faulty one) has no list any more: its history is for administrators */
    const char *gone[] = {as_user, "nobody", prog, "--endpoint", h->endpoint, "events", faulty, NULL};
    assert_int_equal(harness_run_capture(&out, gone, 30000), 4);
    assert_non_null(strstr(out.buffer, "its history is for administrators"));
#endif
}

static int setup(void **state)
{
    harness_options o = {0};
    o.heartbeat_ms = 100;
    o.heartbeat_timeout_ms = 2000;
#ifndef _WIN32
    if (geteuid() == 0) { /* nobody may connect, through the device group (its primary group on Debian) */
        o.device_group = "nogroup";
        o.shared_bin = 1;
    }
#endif
    return fixture_start_with_echo(state, &o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crash_and_recycle_are_recorded_in_order),
        cmocka_unit_test(a_follower_sees_the_crash_and_the_recycle_live),
        cmocka_unit_test(status_shows_heartbeat_age_last_event_and_driver_bugs),
        cmocka_unit_test(history_survives_a_reflector_restart_and_kill_9),
        cmocka_unit_test(a_follower_that_never_reads_is_dropped),
        cmocka_unit_test(more_events_than_the_bound_keep_the_newest_and_count_the_rest),
        cmocka_unit_test(a_removed_device_keeps_its_history_and_bad_requests_are_refused),
        cmocka_unit_test(a_user_who_may_not_see_a_device_gets_none_of_its_events),
    };
    return cmocka_run_group_tests(tests, setup, fixture_stop);
}
