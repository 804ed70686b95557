/*
 * A device stack in one host, as UMDF 1 loads it: the stack filters sample (tests/wdk/filters, two
 * filter classes in one DLL, written for the WDK) installed from its stamped INF into the real
 * reflector, with UmdfServiceOrder = lower filter, echo, upper filter (ROOT\ECHOSTACK) and with the
 * two filters alone (ROOT\FILTERPAIR):
 *   - the three drivers load in one host, lowest first (OnPrepareHardware and OnD0Entry of the
 *     lower filter come before the upper filter's), and `wudfctl status` shows the stack;
 *   - requests enter the top: echo round trips pass the upper filter (its read, write and I/O
 *     control callbacks send them on) with their bytes intact, and end in echo, a function driver,
 *     so the lower filter below it sees none of them;
 *   - the upper filter has no create callback: opens go past it to echo, and cleanups and closes
 *     reach both; with the two filters alone they reach the lower filter, which takes creates
 *     (and a create it fails fails the client's open);
 *   - a cancel of a request the upper filter sent down reaches echo's cancel routine; so do a
 *     send's timeout (synchronous and not: STATUS_IO_TIMEOUT), Stop(WdfIoTargetCancelSentIo) of
 *     the upper filter's default target, and CancelSentRequestsForFile in its cleanup;
 *   - below the lowest driver of a root-enumerated device nothing takes I/O: what the lower filter
 *     sends on (with a completion callback, or SEND_AND_FORGET) ends with STATUS_INVALID_DEVICE_REQUEST;
 *   - a query or set of file information the upper filter sends down reaches the lower filter's
 *     IQueueCallbackDefaultIoHandler with its class and size; echo, a function driver without one,
 *     ends it with STATUS_INVALID_DEVICE_REQUEST;
 *   - a filter that crashes takes the whole stack with it: pending requests complete with
 *     STATUS_DRIVER_PROCESS_TERMINATED and the stack comes back with all three layers;
 *   - the store keeps the stacks across a reflector restart;
 *   - removal runs top first; an INF whose UmdfServiceOrder names an unknown service is refused.
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
#include "echo_ioctl.h"

#ifndef _WIN32
typedef int32_t LONG;
#endif
#include "filters_ioctl.h"

#define T 10000
#define STACK "ROOT\\ECHOSTACK\\0000"
#define PAIR "ROOT\\FILTERPAIR\\0000"
#define STACK_WPP "prog=wudfhost event=wpp device=" STACK " "
#define PAIR_WPP "prog=wudfhost event=wpp device=" PAIR " "
#define ST_INVALID_DEVICE_REQUEST 0xC0000010u
#define HR_INVALID_DEVICE_REQUEST 0xD0000010u /* HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST) */
#define ST_IO_TIMEOUT 0xC00000B5u
#define ST_ACCESS_DENIED 0xC0000022u
#define ST_DRIVER_PROCESS_TERMINATED 0xC0000450u

static int32_t install(harness *h, const char *inf, const char *hwid, char *message, size_t size)
{
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", inf, NULL);
    if (hwid)
        wudf_kv_add(&req, "hwid", hwid, NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    const char *m = wudf_kv_get(&reply, "message");
    snprintf(message, size, "%s", m ? m : "");
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
    return st;
}

static void install_ok(harness *h, const char *hwid)
{
    char message[600];
    int32_t st = install(h, FILTERS_INF, hwid, message, sizeof message);
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", hwid, message);
    assert_int_equal(st, 0);
}

static FILTER_COUNTS counts(wudf_client *c, wudf_handle f, uint32_t code)
{
    FILTER_COUNTS out;
    uint32_t n = 0;
    memset(&out, 0, sizeof out);
    assert_int_equal(wudf_ioctl(c, f, code, NULL, 0, &out, sizeof out, &n, T), 0);
    assert_int_equal(n, sizeof out);
    return out;
}

static struct echo_stats echo_stats(wudf_client *c, wudf_handle f)
{
    struct echo_stats s;
    uint32_t n = 0;
    memset(&s, 0, sizeof s);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_GET_STATS, NULL, 0, &s, sizeof s, &n, T), 0);
    assert_int_equal(n, sizeof s);
    return s;
}

static void stack_loads_every_driver_in_one_host_lowest_first(void **state)
{
    harness *h = *state;
    install_ok(h, "ROOT\\ECHOSTACK");
    char field[300];
    harness_field(h, STACK, "state", field, sizeof field);
    assert_string_equal(field, "started");
    harness_field(h, STACK, "stack", field, sizeof field);
    assert_string_equal(field, "WudfFilterLower,WudfEcho,WudfFilterUpper");
    harness_field(h, STACK, "service", field, sizeof field);
    assert_string_equal(field, "WudfFilterUpper");
    /* One module for the two filter classes, attached once; three layers in the one host. */
    assert_int_equal(harness_wait_log(h, "instance=" STACK " service=WudfFilterUpper layers=3", 0, T), 0);
    assert_int_equal(harness_log_count(h, STACK_WPP, 0) > 0, 1);
    assert_int_equal(harness_log_count(h, "msg=\"filters module attached\"", 0), 1);
    /* The lower filter's start callbacks came first: it drew 1 and 2, the upper filter 3 and 4. */
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: OnPrepareHardware order 1\"", 0, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: OnD0Entry from 5 order 2\"", 0, T), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, STACK, T, &f), 0);
    FILTER_COUNTS upper = counts(c, f, IOCTL_FILTER_UPPER_COUNTS);
    assert_int_equal(upper.PrepareOrder, 3);
    assert_int_equal(upper.D0EntryOrder, 4);
    /* Echo in the middle made its symbolic link: the stack's names are every layer's. */
    wudf_handle by_link;
    assert_int_equal(wudf_open(c, "\\\\.\\Echo0", T, &by_link), 0);
    assert_int_equal(wudf_close(c, by_link), 0);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void echo_round_trips_pass_the_upper_filter_and_end_in_echo(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, STACK, T, &f), 0);
    FILTER_COUNTS before = counts(c, f, IOCTL_FILTER_UPPER_COUNTS);
    struct echo_stats echo_before = echo_stats(c, f);

    static const char text[] = "through the stack";
    uint32_t n = 0;
    assert_int_equal(wudf_write(c, f, text, sizeof text, 0, &n, T), 0);
    assert_int_equal(n, sizeof text);
    char back[64];
    memset(back, 0, sizeof back);
    assert_int_equal(wudf_read(c, f, back, sizeof back, 0, &n, T), 0);
    assert_int_equal(n, sizeof text);
    assert_memory_equal(back, text, sizeof text);
    uint32_t in = 0xA5C3E1F0u, out = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_ECHO_LOOPBACK, &in, sizeof in, &out, sizeof out, &n, T), 0);
    assert_int_equal(n, sizeof out);
    assert_int_equal(out, in);
    /* The lower filter's own code goes past the upper filter to echo, which does not know it. */
    FILTER_COUNTS lower;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FILTER_LOWER_COUNTS, NULL, 0, &lower, sizeof lower, &n, T),
                     (wudf_status)ST_INVALID_DEVICE_REQUEST);

    FILTER_COUNTS after = counts(c, f, IOCTL_FILTER_UPPER_COUNTS);
    assert_int_equal(after.Writes - before.Writes, 1);
    assert_int_equal(after.Reads - before.Reads, 1);
    /* The echo counter query, the loopback, the lower filter's code and the count query itself. */
    assert_int_equal(after.Ioctls - before.Ioctls, 4);
    assert_int_equal(after.WriteBytes - before.WriteBytes, (LONG)sizeof text);
    assert_int_equal(after.ReadBytes - before.ReadBytes, (LONG)sizeof text);
    assert_int_equal(after.Completions - before.Completions, 5);
    assert_int_equal(after.Failures - before.Failures, 1);
    assert_int_equal((uint32_t)after.LastFailure, HR_INVALID_DEVICE_REQUEST);
    struct echo_stats echo_after = echo_stats(c, f);
    assert_int_equal(echo_after.writes - echo_before.writes, 1);
    assert_int_equal(echo_after.reads - echo_before.reads, 1);
    assert_int_equal(echo_after.stored_bytes, sizeof text);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void opens_go_past_the_upper_filter_and_cleanup_and_close_reach_both(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle probe, f;
    assert_int_equal(wudf_open(c, STACK, T, &probe), 0);
    FILTER_COUNTS upper_before = counts(c, probe, IOCTL_FILTER_UPPER_COUNTS);
    struct echo_stats echo_before = echo_stats(c, probe);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(wudf_open(c, STACK, T, &f), 0);
        assert_int_equal(wudf_close(c, f), 0);
    }
    FILTER_COUNTS upper = counts(c, probe, IOCTL_FILTER_UPPER_COUNTS);
    struct echo_stats echo = echo_stats(c, probe);
    assert_int_equal(echo.creates - echo_before.creates, 3);
    assert_int_equal(echo.cleanups - echo_before.cleanups, 3);
    assert_int_equal(echo.closes - echo_before.closes, 3);
    assert_int_equal(upper.Cleanups - upper_before.Cleanups, 3);
    assert_int_equal(upper.Closes - upper_before.Closes, 3);
    assert_int_equal(upper.Creates, 0); /* it has no create callback */
    assert_int_equal(wudf_close(c, probe), 0);
    wudf_disconnect(c);
}

static void a_cancel_reaches_echo_through_the_upper_filter(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, STACK, T, &f), 0);
    struct echo_stats before = echo_stats(c, f);
    FILTER_COUNTS upper_before = counts(c, f, IOCTL_FILTER_UPPER_COUNTS);
    fixture_result pend = {0, 0, 0};
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, fixture_on_done, &pend, &id), 0);
    assert_int_equal(fixture_wait_pended(c, f, 1), 0);
    assert_int_equal(pend.done, 0);
    assert_int_equal(wudf_cancel(c, id), 0);
    assert_int_equal(fixture_wait_done(c, &pend, T), 0);
    assert_int_equal(pend.status, WUDF_STATUS_CANCELLED);
    struct echo_stats after = echo_stats(c, f);
    assert_int_equal(after.pended, 0);
    assert_int_equal(after.cancels - before.cancels, 1);
    /* The upper filter's completion callback saw the cancelled request come back. */
    FILTER_COUNTS upper = counts(c, f, IOCTL_FILTER_UPPER_COUNTS);
    assert_int_equal(upper.Failures - upper_before.Failures, 1);

    /* A synchronous send with a 200 ms timeout: cancelled below when it passes, STATUS_IO_TIMEOUT. */
    uint32_t ms = 200;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FILTER_PEND_SYNC, &ms, sizeof ms, NULL, 0, &n, T),
                     (wudf_status)ST_IO_TIMEOUT);
    after = echo_stats(c, f);
    assert_int_equal(after.pended, 0);
    assert_int_equal(after.cancels - before.cancels, 2);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void sends_down_end_by_timeout_target_stop_and_file_cleanup(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f, g;
    assert_int_equal(wudf_open(c, STACK, T, &f), 0);
    struct echo_stats before = echo_stats(c, f);
    /* An asynchronous send with a 200 ms timeout: the completion callback sees STATUS_IO_TIMEOUT. */
    uint32_t ms = 200;
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FILTER_PEND_ASYNC, &ms, sizeof ms, NULL, 0, &n, T),
                     (wudf_status)ST_IO_TIMEOUT);
    struct echo_stats after = echo_stats(c, f);
    assert_int_equal(after.pended, 0);
    assert_int_equal(after.cancels - before.cancels, 1);

    /* Stop(WdfIoTargetCancelSentIo) on the upper filter's default target: what it sent to echo ends. */
    fixture_result pend = {0, 0, 0};
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, fixture_on_done, &pend, &id), 0);
    assert_int_equal(fixture_wait_pended(c, f, 1), 0);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FILTER_STOP_TARGET, NULL, 0, NULL, 0, &n, T), 0);
    assert_int_equal(fixture_wait_done(c, &pend, T), 0);
    assert_int_equal(pend.status, WUDF_STATUS_CANCELLED);
    after = echo_stats(c, f);
    assert_int_equal(after.pended, 0);
    assert_int_equal(after.cancels - before.cancels, 2);

    /* A handle closed with a request down the stack: the upper filter's cleanup cancels it
     * (CancelSentRequestsForFile), before echo's own cleanup would. */
    assert_int_equal(wudf_open(c, STACK, T, &g), 0);
    fixture_result held = {0, 0, 0};
    assert_int_equal(wudf_ioctl_async(c, g, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, fixture_on_done, &held, &id), 0);
    assert_int_equal(fixture_wait_pended(c, f, 1), 0);
    assert_int_equal(wudf_close(c, g), 0);
    assert_int_equal(fixture_wait_done(c, &held, T), 0);
    assert_int_equal(held.status, WUDF_STATUS_CANCELLED);
    after = echo_stats(c, f);
    assert_int_equal(after.pended, 0);
    assert_int_equal(after.cancels - before.cancels, 3);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static void the_filters_alone_reach_the_lower_edge(void **state)
{
    harness *h = *state;
    install_ok(h, "ROOT\\FILTERPAIR");
    char field[300];
    harness_field(h, PAIR, "stack", field, sizeof field);
    assert_string_equal(field, "WudfFilterLower,WudfFilterUpper");
    wudf_client *c = harness_client(h);
    wudf_handle f, g;
    /* The upper filter's create goes down; the lower filter takes it and opens the file, since the
     * root PDO below refuses creates. */
    assert_int_equal(wudf_open(c, PAIR, T, &f), 0);
    assert_int_equal(harness_wait_log(h, PAIR_WPP, 0, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: create: S_OK\"", 0, T), 0);
    uint32_t n = 0;
    char bytes[8] = "abcdefg";
    assert_int_equal(wudf_write(c, f, bytes, sizeof bytes, 0, &n, T), (wudf_status)ST_INVALID_DEVICE_REQUEST);
    assert_int_equal(wudf_read(c, f, bytes, sizeof bytes, 0, &n, T), (wudf_status)ST_INVALID_DEVICE_REQUEST);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FILTER_FORGET, NULL, 0, NULL, 0, &n, T),
                     (wudf_status)ST_INVALID_DEVICE_REQUEST);
    FILTER_COUNTS lower = counts(c, f, IOCTL_FILTER_LOWER_COUNTS);
    assert_int_equal(lower.Creates, 1);
    assert_int_equal(lower.Writes, 1);
    assert_int_equal(lower.Reads, 1);
    assert_int_equal(lower.Ioctls, 2);
    assert_int_equal(lower.Forgotten, 1);
    assert_int_equal(lower.Sent, 2);
    assert_int_equal(lower.Completions, 2);
    assert_int_equal(lower.Failures, 2);
    assert_int_equal((uint32_t)lower.LastFailure, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(lower.PrepareOrder, 1);
    assert_int_equal(lower.D0EntryOrder, 2);
    FILTER_COUNTS upper = counts(c, f, IOCTL_FILTER_UPPER_COUNTS);
    assert_int_equal(upper.Writes, 1);
    assert_int_equal(upper.Reads, 1);
    assert_int_equal(upper.Failures, 3); /* the write, the read and the forgotten one */
    assert_int_equal(upper.PrepareOrder, 3);
    /* A second open reaches the lower filter too; the first one's cleanup and close reach both. */
    assert_int_equal(wudf_open(c, PAIR, T, &g), 0);
    assert_int_equal(wudf_close(c, f), 0);
    lower = counts(c, g, IOCTL_FILTER_LOWER_COUNTS);
    upper = counts(c, g, IOCTL_FILTER_UPPER_COUNTS);
    assert_int_equal(lower.Creates, 2);
    assert_int_equal(lower.Cleanups, 1);
    assert_int_equal(lower.Closes, 1);
    assert_int_equal(upper.Cleanups, 1);
    assert_int_equal(upper.Closes, 1);
    /* A create the lower filter fails fails the client's open; no layer hears of that file again. */
    assert_int_equal(wudf_ioctl(c, g, IOCTL_FILTER_REFUSE_CREATES, NULL, 0, NULL, 0, &n, T), 0);
    assert_int_equal(wudf_open(c, PAIR, T, &f), (wudf_status)ST_ACCESS_DENIED);
    lower = counts(c, g, IOCTL_FILTER_LOWER_COUNTS);
    upper = counts(c, g, IOCTL_FILTER_UPPER_COUNTS);
    assert_int_equal(lower.Creates, 3);
    assert_int_equal(lower.Cleanups, 1);
    assert_int_equal(upper.Cleanups, 1);
    assert_int_equal(upper.Closes, 1);
    assert_int_equal(wudf_close(c, g), 0);
    wudf_disconnect(c);
}

/* IOCTL_FILTER_FILE_INFO: a query of class into out, or a set of value. */
static wudf_status file_info(wudf_client *c, wudf_handle f, LONG set, LONG klass, uint64_t value, void *out,
                             uint32_t out_size)
{
    FILTER_FILE_INFO in = {set, klass, {(LONG)(uint32_t)value, (LONG)(uint32_t)(value >> 32)}};
    uint32_t n = 0;
    return wudf_ioctl(c, f, IOCTL_FILTER_FILE_INFO, &in, sizeof in, out, out_size, &n, T);
}

static void file_information_goes_down_to_the_filter_that_takes_it(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    uint8_t out[24];
    /* The two filters alone: the lower filter takes the upper filter's query in IQueueCallbackDefaultIoHandler,
     * with its class and size (GetQueryInformationParameters), and sends it on to the root PDO, which serves
     * none; then a set (GetSetInformationParameters: the 8 bytes at the upper filter's memory offset). A new
     * host first: the last test left the lower filter refusing creates. */
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "restart", PAIR, &reply), 0);
    wudf_kv_free(&reply);
    assert_int_equal(wudf_open(c, PAIR, T, &f), 0);
    FILTER_COUNTS before = counts(c, f, IOCTL_FILTER_LOWER_COUNTS);
    size_t mark = harness_log_sync(h);
    assert_int_equal(file_info(c, f, 0, 5, 0, out, sizeof out), (wudf_status)ST_INVALID_DEVICE_REQUEST);
    FILTER_COUNTS after = counts(c, f, IOCTL_FILTER_LOWER_COUNTS);
    assert_int_equal(after.InformationRequests - before.InformationRequests, 1);
    assert_int_equal(after.LastInformationClass, 5);
    assert_int_equal(after.LastInformationSize, (LONG)sizeof out);
    assert_int_equal(after.Sent - before.Sent, 1);
    assert_int_equal(after.Failures - before.Failures, 1);
    assert_int_equal((uint32_t)after.LastFailure, HR_INVALID_DEVICE_REQUEST);
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: file information (type 12, class 5, 24 bytes): S_OK\"",
                                      mark, T),
                     0);
    assert_int_equal(file_info(c, f, 1, 20, 4096, NULL, 0), (wudf_status)ST_INVALID_DEVICE_REQUEST);
    after = counts(c, f, IOCTL_FILTER_LOWER_COUNTS);
    assert_int_equal(after.InformationRequests - before.InformationRequests, 2);
    assert_int_equal(after.LastInformationClass, 20);
    assert_int_equal(after.LastInformationSize, 8);
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: file information (type 13, class 20, 8 bytes): S_OK\"",
                                      mark, T),
                     0);
    assert_int_equal(wudf_close(c, f), 0);

    /* With echo in between, a function driver without IQueueCallbackDefaultIoHandler: the framework ends the
     * query there with STATUS_INVALID_DEVICE_REQUEST, and the lower filter hears nothing of it. */
    assert_int_equal(wudf_open(c, STACK, T, &f), 0);
    mark = harness_log_sync(h);
    assert_int_equal(file_info(c, f, 0, 5, 0, out, sizeof out), (wudf_status)ST_INVALID_DEVICE_REQUEST);
    assert_int_equal(harness_wait_log(h, "msg=\"upper filter: file information (set 0, class 5) sent down", mark, T),
                     0);
    assert_true(harness_log_sync(h) != (size_t)-1);
    assert_int_equal(harness_log_count(h, "lower filter: file information", mark), 0);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

static int file_has(const char *path, const char *text)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char data[1 << 20];
    size_t n = fread(data, 1, sizeof data - 1, f);
    fclose(f);
    data[n] = '\0';
    return strstr(data, text) != NULL;
}

static void the_stacks_are_kept_across_a_reflector_restart(void **state)
{
    harness *h = *state;
    assert_int_equal(harness_stop(h, 15000), 0);
    /* The lowest service in the keys a one-driver store has; the others numbered after it. */
    char path[700];
    snprintf(path, sizeof path, "%s/devices.db", h->state);
    assert_true(file_has(path, "\nservice=WudfFilterLower\n"));
    assert_true(file_has(path, "\nservice.1.name=WudfEcho\n"));
    assert_true(file_has(path, "\nservice.2.name=WudfFilterUpper\n"));
    assert_true(file_has(path, "\nservice.1.clsid={7F41B0D8-2A6C-4E95-B307-1D58E29C46A0}\n"));
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, STACK, "started", mark, 15000), 0);
    assert_int_equal(harness_wait_state(h, PAIR, "started", mark, 15000), 0);
    char field[300];
    harness_field(h, STACK, "stack", field, sizeof field);
    assert_string_equal(field, "WudfFilterLower,WudfEcho,WudfFilterUpper");
    harness_field(h, PAIR, "stack", field, sizeof field);
    assert_string_equal(field, "WudfFilterLower,WudfFilterUpper");
}

static void a_crashing_filter_recycles_the_whole_stack(void **state)
{
    harness *h = *state;
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, STACK, T, &f), 0);
    long long pid = harness_field_number(h, STACK, "host_pid");
    assert_true(pid > 0);
    fixture_result pend = {0, 0, 0};
    wudf_request_id id;
    assert_int_equal(wudf_ioctl_async(c, f, IOCTL_ECHO_PEND, NULL, 0, NULL, 0, fixture_on_done, &pend, &id), 0);
    assert_int_equal(fixture_wait_pended(c, f, 1), 0);
    size_t mark = harness_log_mark(h);
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_FILTER_CRASH, NULL, 0, NULL, 0, &n, T),
                     (wudf_status)ST_DRIVER_PROCESS_TERMINATED);
    assert_int_equal(fixture_wait_done(c, &pend, T), 0);
    assert_int_equal((uint32_t)pend.status, ST_DRIVER_PROCESS_TERMINATED);
    assert_int_equal(wudf_close(c, f), 0);
    /* A new host, with the three layers started again in order. */
    assert_int_equal(harness_wait_state(h, STACK, "started", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: OnPrepareHardware order 1\"", mark, T), 0);
    long long again = harness_field_number(h, STACK, "host_pid");
    assert_true(again > 0 && again != pid);
    assert_int_equal(harness_field_number(h, STACK, "restarts"), 1);
    assert_int_equal(wudf_open(c, STACK, T, &f), 0);
    FILTER_COUNTS upper = counts(c, f, IOCTL_FILTER_UPPER_COUNTS);
    assert_int_equal(upper.PrepareOrder, 3);
    assert_int_equal(upper.Writes, 0);
    struct echo_stats echo = echo_stats(c, f);
    assert_int_equal(echo.creates, 1);
    assert_int_equal(wudf_close(c, f), 0);
    wudf_disconnect(c);
}

/* Whether a line of the log after from that contains what also contains also. */
static int log_line_has(harness *h, size_t from, const char *what, const char *also)
{
    int found = 0;
    uv_mutex_lock(&h->lock);
    const char *p = h->log && from < h->log_length ? h->log + from : "";
    while (!found && (p = strstr(p, what)) != NULL) {
        const char *end = strchr(p, '\n');
        size_t length = end ? (size_t)(end - p) : strlen(p);
        const char *hit = strstr(p, also);
        found = hit && (size_t)(hit - p) < length;
        p += strlen(what);
    }
    uv_mutex_unlock(&h->lock);
    return found;
}

static void removal_runs_top_first_and_the_lower_filter_saw_nothing(void **state)
{
    harness *h = *state;
    size_t mark = harness_log_mark(h);
    wudf_kv reply;
    wudf_kv_init(&reply);
    assert_int_equal(harness_tool(h, "disable", STACK, &reply), 0);
    wudf_kv_free(&reply);
    /* Orders 1-4 were the start (the host restarted after the crash); the upper filter stops first. */
    assert_int_equal(harness_wait_log(h, "msg=\"upper filter: OnD0Exit to 5 order 5\"", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"upper filter: OnReleaseHardware order 6:", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: OnD0Exit to 5 order 7\"", mark, T), 0);
    /* Echo, a function driver, completed every request: none went below it. */
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: OnReleaseHardware order 8: creates 0 cleanups 0 "
                                         "closes 0 reads 0 writes 0 ioctls 0\"", mark, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"lower filter: OnDeinitialize\"", mark, T), 0);
    assert_int_equal(harness_wait_state(h, STACK, "disabled", mark, T), 0);
    assert_int_equal(log_line_has(h, mark, "prog=wudfrd event=device-stopped device=" STACK " ", " live_objects=0"), 1);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void an_inf_whose_service_order_names_an_unknown_service_is_refused(void **state)
{
    harness *h = *state;
    static const char head[] =
        "[Version]\r\nSignature=\"$Windows NT$\"\r\nClass=Sample\r\n"
        "ClassGuid={78A1C341-4539-11d3-B88D-00C04FAD5171}\r\nProvider=openwudf\r\nDriverVer=01/01/2024,1.0.0.0\r\n"
        "[Manufacturer]\r\nopenwudf=Models\r\n[Models]\r\nBad stack=Bad_Install,ROOT\\BADSTACK\r\n"
        "[Bad_Install]\r\n[Bad_Install.Wdf]\r\n"
        "UmdfService=WudfFilterUpper,Upper_Install\r\n";
    static const char tail[] =
        "[Upper_Install]\r\nUmdfLibraryVersion=1.11.0\r\nServiceBinary=%12%\\UMDF\\WudfFilters.dll\r\n"
        "DriverCLSID={7F41B0D8-2A6C-4E95-B307-1D58E29C46A0}\r\n";
    char path[700], text[2048], message[600];
    snprintf(path, sizeof path, "%s/badstack.inf", h->root);
    snprintf(text, sizeof text, "%sUmdfServiceOrder=Missing,WudfFilterUpper\r\n%s", head, tail);
    write_text(path, text);
    assert_true(install(h, path, NULL, message, sizeof message) < 0);
    assert_non_null(strstr(message, "UmdfServiceOrder names 'Missing', which no UmdfService line defines"));
    /* More services than a stack may have (the INF parser's bound, which the devnode shares). */
    size_t w = (size_t)snprintf(text, sizeof text, "%s", head);
    for (int i = 0; i < 8; i++)
        w += (size_t)snprintf(text + w, sizeof text - w, "UmdfService=S%d,Upper_Install\r\n", i);
    snprintf(text + w, sizeof text - w, "UmdfServiceOrder=WudfFilterUpper\r\n%s", tail);
    write_text(path, text);
    assert_true(install(h, path, NULL, message, sizeof message) < 0);
    assert_non_null(strstr(message, "more than 8 UmdfService lines"));
    char field[64];
    harness_field(h, "ROOT\\BADSTACK\\0000", "state", field, sizeof field);
    assert_string_equal(field, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stack_loads_every_driver_in_one_host_lowest_first),
        cmocka_unit_test(echo_round_trips_pass_the_upper_filter_and_end_in_echo),
        cmocka_unit_test(opens_go_past_the_upper_filter_and_cleanup_and_close_reach_both),
        cmocka_unit_test(a_cancel_reaches_echo_through_the_upper_filter),
        cmocka_unit_test(sends_down_end_by_timeout_target_stop_and_file_cleanup),
        cmocka_unit_test(the_filters_alone_reach_the_lower_edge),
        cmocka_unit_test(file_information_goes_down_to_the_filter_that_takes_it),
        cmocka_unit_test(the_stacks_are_kept_across_a_reflector_restart),
        cmocka_unit_test(a_crashing_filter_recycles_the_whole_stack),
        cmocka_unit_test(removal_runs_top_first_and_the_lower_filter_saw_nothing),
        cmocka_unit_test(an_inf_whose_service_order_names_an_unknown_service_is_refused),
    };
    return cmocka_run_group_tests(tests, fixture_start, fixture_stop);
}
