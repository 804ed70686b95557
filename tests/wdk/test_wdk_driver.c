/*
 * A driver written for the WDK, built unmodified (tests/wdk/driver: openwudf_add_driver(... WDK ...),
 * openwudf_wpp, openwudf_stampinf), installed from its stamped INF into the real reflector:
 *   - wide strings cross the framework both ways although the driver's wchar_t is 16 bits and the
 *     host's is not: its symbolic link L"\\DosDevices\\WdkSample0" opens, the instance id it reads
 *     with RetrieveDeviceInstanceId comes back, and it answers UTF-16 text built with the wide C
 *     functions and StringCchPrintfW;
 *   - its WPP traces are lines of the reflector's log, information and below with every flag by
 *     default, and what WUDF_WPP_LEVEL and WUDF_WPP_FLAGS select when wudfrd --host-env passes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "wdksample_ioctl.h"

#define T 10000
#define DEVICE "ROOT\\WDKSAMPLE\\0000"
/* as it appears inside a quoted log value: backslashes doubled */
#define DEVICE_QUOTED "ROOT\\\\WDKSAMPLE\\\\0000"

static harness the_harness;

/* Installs the stamped INF of the build tree (not one of inf/). */
static void install_sample(harness *h)
{
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", WDKSAMPLE_INF, NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    const char *id = wudf_kv_get(&reply, "device");
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", WDKSAMPLE_INF, wudf_kv_get(&reply, "message"));
    assert_int_equal(st, 0);
    assert_non_null(id);
    assert_string_equal(id, DEVICE);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
}

static int start(void **state, const char *level, const char *flags)
{
    static const char *const pass_env[] = {"--host-env", "WUDF_WPP_LEVEL,WUDF_WPP_FLAGS", NULL};
    harness_options options;
    memset(&options, 0, sizeof options);
    if (uv_os_setenv("WUDF_WPP_LEVEL", level) || uv_os_setenv("WUDF_WPP_FLAGS", flags))
        return -1;
    options.extra_args = pass_env;
    if (harness_start(&the_harness, &options))
        return -1;
    *state = &the_harness;
    return 0;
}

/* Default levels and flags: the variables are passed on, empty. */
static int start_default(void **state)
{
    return start(state, "", "");
}

static int start_verbose_queue_only(void **state)
{
    return start(state, "verbose", "TRACE_QUEUE");
}

static int stop(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000);
    harness_cleanup(h);
    return rc == 0 ? 0 : -1;
}

/* "text" as UTF-16LE bytes (ASCII text only). */
static size_t utf16le(const char *text, uint8_t *out)
{
    size_t n = 0;
    for (; *text; text++) {
        out[n++] = (uint8_t)*text;
        out[n++] = 0;
    }
    return n;
}

static void wide_strings_cross_the_framework_both_ways(void **state)
{
    harness *h = *state;
    install_sample(h);
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\WdkSample0", T, &f), 0);

    uint8_t out[512], in[64], want[512];
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_WDKSAMPLE_IDENTIFY, NULL, 0, out, sizeof out, &n, T), 0);
    assert_int_equal(n, strlen(DEVICE));
    assert_memory_equal(out, DEVICE, n);

    size_t in_size = utf16le("world", in);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_WDKSAMPLE_GREET, in, (uint32_t)in_size, out, sizeof out, &n, T), 0);
    size_t want_size = utf16le("Hello, World! I am " DEVICE ".", want);
    want[want_size++] = 0;
    want[want_size++] = 0;
    assert_int_equal(n, want_size);
    assert_memory_equal(out, want, want_size);

    /* The driver traced what it did, as lines of the reflector's log. */
    assert_int_equal(harness_wait_log(h, "level=info prog=wudfhost event=wpp device=" DEVICE " pid=", 0, T), 0);
    assert_int_equal(harness_wait_log(h, "trace_level=information component=WdkSampleTraceGuid flags=TRACE_QUEUE "
                                         "func=CMyQueue::Greet file=queue.cpp line=",
                                      0, T),
                     0);
    assert_int_equal(harness_wait_log(h,
                                      "msg=\"greeted World with \\\"Hello, World! I am " DEVICE_QUOTED
                                      ".\\\" (80 bytes)\"",
                                      0, T),
                     0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void traces_show_information_and_below_with_every_flag_by_default(void **state)
{
    harness *h = *state;
    /* from DllMain (WPP_INIT_TRACING), the class factory, the driver and the device callbacks */
    assert_int_equal(harness_wait_log(h, "flags=TRACE_DRIVER func=DllMain file=dllsup.cpp", 0, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"DllMain attached, tracing id Microsoft\\\\UMDF\\\\WdkSample\"", 0, T),
                     0);
    assert_int_equal(harness_wait_log(h, "msg=\"CClassFactory::CreateInstance made the driver object: S_OK\"", 0, T),
                     0);
    assert_int_equal(harness_wait_log(h, "flags=TRACE_DRIVER func=CMyDriver::OnDeviceAdd file=driver.cpp", 0, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"device added: S_OK, status STATUS_SUCCESS\"", 0, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"symbolic link \\\\DosDevices\\\\WdkSample0: S_OK\"", 0, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"interface b1e7d5a2-3c84-4e9f-8a6b-0d2f4c6e8a10 reference wdk: S_OK\"", 0,
                                      T),
                     0);
    assert_int_equal(harness_wait_log(h, "msg=\"CMyDevice::OnPrepareHardware device " DEVICE_QUOTED
                                         " (19 characters): S_OK\"",
                                      0, T),
                     0);
    assert_int_equal(harness_wait_log(h, "component=WdkSampleTraceGuid flags=TRACE_QUEUE func=CMyQueue::CreateInstance "
                                         "file=queue.cpp",
                                      0, T),
                     0);

    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\WdkSample0", T, &f), 0);
    uint32_t n = 0;
    size_t mark = harness_log_mark(h);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_WDKSAMPLE_TRACE_ALL, NULL, 0, NULL, 0, &n, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"trace all: done\"", mark, T), 0);
    /* the reflector files each line at its level: error for critical and error, warn for warning */
    assert_int_equal(harness_log_count(h, "level=error prog=wudfhost event=wpp device=" DEVICE, mark), 3);
    assert_int_equal(harness_log_count(h, "level=warn prog=wudfhost event=wpp device=" DEVICE, mark), 1);
    assert_int_equal(harness_log_count(h, "trace_level=critical component=WdkSampleTraceGuid flags=MYDRIVER_ALL_INFO "
                                          "func=CMyQueue::TraceAll",
                                       mark),
                     1);
    assert_int_equal(harness_log_count(h, "msg=\"critical 1\"", mark), 1);
    assert_int_equal(harness_log_count(h, "msg=\"error 2\"", mark), 1);
    assert_int_equal(harness_log_count(h, "msg=\"warning 3\"", mark), 1);
    assert_int_equal(harness_log_count(h, "msg=\"information 4\"", mark), 1);
    assert_int_equal(harness_log_count(h, "msg=\"driver flag, TRUE\"", mark), 1);
    assert_int_equal(harness_log_count(h, "verbose", mark), 0);
    assert_int_equal(harness_log_count(h, "--> entry", mark), 0);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void wudf_wpp_level_and_flags_select_the_traces(void **state)
{
    harness *h = *state;
    install_sample(h);
    wudf_client *c = harness_client(h);
    wudf_handle f;
    assert_int_equal(wudf_open(c, "\\\\.\\WdkSample0", T, &f), 0);
    size_t mark = harness_log_mark(h);
    uint32_t n = 0;
    assert_int_equal(wudf_ioctl(c, f, IOCTL_WDKSAMPLE_TRACE_ALL, NULL, 0, NULL, 0, &n, T), 0);
    assert_int_equal(harness_wait_log(h, "msg=\"trace all: done\"", mark, T), 0);
    /* TRACE_QUEUE at every level, entry and exit included; nothing of the other flags */
    assert_int_equal(harness_log_count(h, "msg=\"queue flag, verbose, 123456789abc\"", mark), 1);
    assert_int_equal(harness_log_count(h, "msg=\"[CMyQueue::TraceAll] --> entry\"", mark), 1);
    assert_int_equal(harness_log_count(h, "msg=\"[CMyQueue::TraceAll] <-- exit, hr=S_FALSE\"", mark), 1);
    assert_int_equal(harness_log_count(h, "trace_level=verbose component=WdkSampleTraceGuid flags=TRACE_QUEUE", mark), 3);
    assert_int_equal(harness_log_count(h, "MYDRIVER_ALL_INFO", mark), 0);
    assert_int_equal(harness_log_count(h, "flags=TRACE_DRIVER", mark), 0);
    /* and from the start: the device's traces (TRACE_DEVICE) never came, the queue's did */
    assert_int_equal(harness_log_count(h, "flags=TRACE_DEVICE", 0), 0);
    assert_int_equal(harness_log_count(h, "flags=TRACE_QUEUE func=CMyQueue::CreateInstance", 0), 1);
    wudf_close(c, f);
    wudf_disconnect(c);
}

int main(void)
{
    const struct CMUnitTest by_default[] = {
        cmocka_unit_test(wide_strings_cross_the_framework_both_ways),
        cmocka_unit_test(traces_show_information_and_below_with_every_flag_by_default),
    };
    const struct CMUnitTest selected[] = {
        cmocka_unit_test(wudf_wpp_level_and_flags_select_the_traces),
    };
    int failed = cmocka_run_group_tests_name("wdk_driver_default", by_default, start_default, stop);
    failed += cmocka_run_group_tests_name("wdk_driver_verbose_queue", selected, start_verbose_queue_only, stop);
    return failed;
}
