/*
 * Transfer types as UMDF 1.11 sets them, seen by a driver written for the WDK (tests/wdk/xfer),
 * installed from its stamped INF into the real reflector:
 *   - a METHOD_NEITHER I/O control is refused with STATUS_INVALID_DEVICE_REQUEST and never reaches
 *     the driver unless the INF says UmdfMethodNeitherAction=Copy, and then it arrives as a
 *     buffered request with its input intact;
 *   - IWDFDevice2::GetDeviceStackIoTypePreference and IWDFIoRequest2::GetEffectiveIoType follow what
 *     the driver asked for in OnDeviceAdd (SetIoTypePreference), the I/O control's transfer method
 *     and the hardware key's WUDF\DirectTransferThreshold (two pages at least, rounded up to a
 *     page), from the INF's AddReg or the installer;
 *   - the INF's rules reach the host (UmdfFileObjectPolicy too), survive a reflector restart, and a
 *     store written before they were kept starts the device with UMDF's defaults;
 *   - a line of [DDInstall.Wdf] UMDF 1 does not read is reported, with its file and line;
 *   - a request tells what the wire lets it know of its requestor and parameters (GetIoQueue,
 *     GetRequestorProcessId, IsFrom32BitProcess, GetRequestorMode, IsFromUserModeDriver,
 *     GetWriteParameters, GetCreateParameters(Ex)), and its buffers can be had as plain pointers
 *     (RetrieveInputBuffer, RetrieveOutputBuffer).
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
#include "xfer_ioctl.h"

#define T 10000
#define XFER "ROOT\\XFER\\0000"
#define XFER_COPY "ROOT\\XFERCOPY\\0000"
#define PAGE 4096u

static harness the_harness;

static int start(void **state)
{
    harness_options options;
    memset(&options, 0, sizeof options);
    if (harness_start(&the_harness, &options))
        return -1;
    *state = &the_harness;
    return 0;
}

static int stop(void **state)
{
    harness *h = *state;
    int rc = harness_stop(h, 15000);
    harness_cleanup(h);
    return rc == 0 ? 0 : -1;
}

/* Installs hwid from the stamped INF with settings (name, value, ..., NULL); asserts it started as id. */
static void install(harness *h, const char *hwid, const char *id, const char *const *settings)
{
    wudf_kv req, reply;
    wudf_kv_init(&req);
    wudf_kv_init(&reply);
    wudf_kv_add(&req, "op", "install", NULL);
    wudf_kv_add(&req, "inf", XFER_INF, NULL);
    wudf_kv_add(&req, "hwid", hwid, NULL);
    for (size_t i = 0; settings && settings[i]; i += 2)
        wudf_kv_add(&req, settings[i], settings[i + 1], NULL);
    int32_t st = harness_tool_kv(h, &req, &reply);
    if (st < 0)
        fprintf(stderr, "install %s: %s\n", hwid, wudf_kv_get(&reply, "message"));
    assert_int_equal(st, 0);
    assert_non_null(wudf_kv_get(&reply, "device"));
    assert_string_equal(wudf_kv_get(&reply, "device"), id);
    wudf_kv_free(&req);
    wudf_kv_free(&reply);
}

/* in_length bytes of a pattern, and what they add up to. */
static uint8_t *pattern(uint32_t in_length, uint32_t *sum)
{
    uint8_t *in = malloc(in_length ? in_length : 1);
    assert_non_null(in);
    *sum = 0;
    for (uint32_t i = 0; i < in_length; i++) {
        in[i] = (uint8_t)(i * 7 + 3);
        *sum += in[i];
    }
    return in;
}

/* An I/O control with in_length bytes of input and out_length of output; the driver's report. */
static wudf_status xfer_ioctl(wudf_client *c, wudf_handle f, uint32_t code, uint32_t in_length, uint32_t out_length,
                              struct xfer_report *report)
{
    uint32_t sum, n = 0;
    uint8_t *in = pattern(in_length, &sum);
    uint8_t *out = calloc(1, out_length);
    assert_non_null(out);
    memset(report, 0xff, sizeof *report);
    wudf_status st = wudf_ioctl(c, f, code, in, in_length, out, out_length, &n, T);
    if (st == WUDF_STATUS_SUCCESS) {
        assert_int_equal(n, out_length);
        memcpy(report, out, sizeof *report);
        assert_int_equal(report->input_length, in_length);
        assert_int_equal(report->output_length, out_length);
        assert_int_equal(report->input_sum, sum);
        assert_int_equal(report->has_file, 1);
    }
    free(in);
    free(out);
    return st;
}

static uint32_t ioctl_type(wudf_client *c, wudf_handle f, uint32_t code, uint32_t out_length)
{
    struct xfer_report r;
    assert_int_equal(xfer_ioctl(c, f, code, 16, out_length, &r), WUDF_STATUS_SUCCESS);
    return r.effective_io_type;
}

static uint32_t read_type(wudf_client *c, wudf_handle f, uint32_t length)
{
    uint8_t *buffer = calloc(1, length);
    struct xfer_report r;
    uint32_t n = 0;
    assert_non_null(buffer);
    assert_int_equal(wudf_read(c, f, buffer, length, 0, &n, T), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, length);
    memcpy(&r, buffer, sizeof r);
    free(buffer);
    assert_int_equal(r.output_length, length);
    return r.effective_io_type;
}

static uint32_t write_type(wudf_client *c, wudf_handle f, uint32_t length)
{
    uint32_t sum, n = 0;
    uint8_t *buffer = pattern(length, &sum);
    struct xfer_report r;
    assert_int_equal(wudf_write(c, f, buffer, length, 0, &n, T), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, length);
    free(buffer);
    assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_BUFFERED, 0, sizeof r, &r), WUDF_STATUS_SUCCESS);
    return r.last_write_type;
}

static wudf_handle open_device(wudf_client *c, const char *id)
{
    wudf_handle f;
    assert_non_null(c);
    assert_int_equal(wudf_open(c, id, T, &f), WUDF_STATUS_SUCCESS);
    return f;
}

static void method_neither_is_refused_by_default_and_never_reaches_the_driver(void **state)
{
    harness *h = *state;
    install(h, "ROOT\\XFER", XFER, NULL);
    /* the INF's defaults reached the host */
    assert_int_equal(harness_wait_log(h, "method_neither=reject file_objects=reject direct_threshold=8192", 0, T), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f = open_device(c, XFER);
    struct xfer_report r;
    for (int i = 0; i < 3; i++)
        assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_NEITHER, 32, sizeof r, &r), WUDF_STATUS_INVALID_DEVICE_REQUEST);
    assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_BUFFERED, 32, sizeof r, &r), WUDF_STATUS_SUCCESS);
    assert_int_equal(r.ioctls[3], 0);
    assert_int_equal(r.ioctls[0], 1);
    assert_int_equal(r.effective_io_type, XFER_IO_BUFFERED);
    /* no SetIoTypePreference: buffered both ways */
    assert_int_equal(r.stack_read_write, XFER_IO_BUFFERED);
    assert_int_equal(r.stack_ioctl, XFER_IO_BUFFERED);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_IN_DIRECT, 64 * 1024), XFER_IO_BUFFERED);
    assert_int_equal(read_type(c, f, 64 * 1024), XFER_IO_BUFFERED);
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* The line number of the first line of the stamped INF that contains text. */
static unsigned inf_line_of(const char *text)
{
    FILE *in = fopen(XFER_INF, "rb");
    char line[512];
    unsigned number = 0;
    assert_non_null(in);
    while (fgets(line, sizeof line, in)) {
        number++;
        if (strstr(line, text)) {
            fclose(in);
            return number;
        }
    }
    fclose(in);
    fail_msg("%s has no line with %s", XFER_INF, text);
    return 0;
}

static void method_neither_is_copied_when_the_inf_says_copy(void **state)
{
    harness *h = *state;
    char needle[256];
    install(h, "ROOT\\XFERCOPY", XFER_COPY, NULL);
    /* with the DirectTransferThreshold of its [DDInstall.HW] AddReg, rounded up to a page */
    assert_int_equal(harness_wait_log(h, "method_neither=copy file_objects=allow direct_threshold=20480", 0, T), 0);
    /* the UMDF 2 directive of its .Wdf section was reported, not refused */
    snprintf(needle, sizeof needle, "WudfXfer.inf:%u: UmdfHostPriority is a UMDF 2 directive, not read for a UMDF 1 "
             "driver; ignored", inf_line_of("UmdfHostPriority"));
    assert_int_equal(harness_wait_log(h, needle, 0, T), 0);
    assert_int_equal(harness_wait_log(h, "event=inf-line-ignored device=" XFER_COPY, 0, T), 0);

    wudf_client *c = harness_client(h);
    wudf_handle f = open_device(c, XFER_COPY);
    struct xfer_report r;
    /* the input arrives whole (xfer_ioctl checks its sum), buffered */
    assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_NEITHER, 1000, 2 * PAGE, &r), WUDF_STATUS_SUCCESS);
    assert_int_equal(r.ioctls[3], 1);
    assert_int_equal(r.effective_io_type, XFER_IO_BUFFERED);
    assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_NEITHER, 0, sizeof r, &r), WUDF_STATUS_SUCCESS);
    assert_int_equal(r.ioctls[3], 2);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void effective_io_types_follow_the_preference_and_the_threshold(void **state)
{
    harness *h = *state;
    /* deferred retrieval, direct for reads and writes, buffered-or-direct for I/O controls */
    static const char *const direct[] = {"setting.xferretrieval", "2", "setting.xferreadwrite", "3",
                                         "setting.xferioctl", "4", NULL};
    install(h, "ROOT\\XFER", XFER, direct);
    wudf_client *c = harness_client(h);
    wudf_handle f = open_device(c, XFER);
    struct xfer_report r;
    assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_BUFFERED, 0, sizeof r, &r), WUDF_STATUS_SUCCESS);
    assert_int_equal(r.stack_read_write, XFER_IO_DIRECT);
    assert_int_equal(r.stack_ioctl, XFER_IO_DIRECT);
    /* only an I/O control that asks for direct I/O gets it, from two pages of output on */
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_BUFFERED, 16 * PAGE), XFER_IO_BUFFERED);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_IN_DIRECT, 2 * PAGE), XFER_IO_DIRECT);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_IN_DIRECT, 2 * PAGE - 1), XFER_IO_BUFFERED);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_OUT_DIRECT, 16 * PAGE), XFER_IO_DIRECT);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_OUT_DIRECT, 100), XFER_IO_BUFFERED);
    assert_int_equal(read_type(c, f, 4 * PAGE), XFER_IO_DIRECT);
    assert_int_equal(read_type(c, f, PAGE), XFER_IO_BUFFERED);
    assert_int_equal(write_type(c, f, 2 * PAGE), XFER_IO_DIRECT);
    assert_int_equal(write_type(c, f, 100), XFER_IO_BUFFERED);
    /* METHOD_NEITHER stays refused on a direct device */
    assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_NEITHER, 0, 16 * PAGE, &r), WUDF_STATUS_INVALID_DEVICE_REQUEST);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void direct_transfer_threshold_is_two_pages_at_least_and_rounded_up_to_a_page(void **state)
{
    harness *h = *state;
    static const char *const above[] = {"setting.xferreadwrite", "3", "setting.xferioctl", "3",
                                        "reg.hw", "WUDF;DirectTransferThreshold;dword;10000", NULL};
    static const char *const below[] = {"setting.xferreadwrite", "3", "setting.xferioctl", "3",
                                        "reg.hw", "WUDF;DirectTransferThreshold;dword;100", NULL};
    install(h, "ROOT\\XFER", XFER, above);
    install(h, "ROOT\\XFER", "ROOT\\XFER\\0001", below);
    assert_int_equal(harness_wait_log(h, "direct_threshold=12288", 0, T), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f = open_device(c, XFER);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_OUT_DIRECT, 3 * PAGE - 1), XFER_IO_BUFFERED);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_OUT_DIRECT, 3 * PAGE), XFER_IO_DIRECT);
    assert_int_equal(read_type(c, f, 10000), XFER_IO_BUFFERED);
    wudf_close(c, f);
    f = open_device(c, "ROOT\\XFER\\0001");
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_IN_DIRECT, 2 * PAGE - 1), XFER_IO_BUFFERED);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_IN_DIRECT, 2 * PAGE), XFER_IO_DIRECT);
    wudf_close(c, f);
    wudf_disconnect(c);
}

static void direct_io_needs_deferred_retrieval(void **state)
{
    harness *h = *state;
    static const char *const immediate[] = {"setting.xferretrieval", "1", "setting.xferreadwrite", "3",
                                            "setting.xferioctl", "3", NULL};
    install(h, "ROOT\\XFER", XFER, immediate);
    assert_int_equal(harness_wait_log(h, "direct-io-without-deferred-retrieval", 0, T), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f = open_device(c, XFER);
    struct xfer_report r;
    assert_int_equal(xfer_ioctl(c, f, IOCTL_XFER_BUFFERED, 0, sizeof r, &r), WUDF_STATUS_SUCCESS);
    assert_int_equal(r.stack_read_write, XFER_IO_BUFFERED);
    assert_int_equal(r.stack_ioctl, XFER_IO_BUFFERED);
    assert_int_equal(ioctl_type(c, f, IOCTL_XFER_IN_DIRECT, 16 * PAGE), XFER_IO_BUFFERED);
    wudf_close(c, f);
    wudf_disconnect(c);
}

/* Drops the lines of the device store that begin with prefix, as a store of an older openwudf lacks them. */
static void drop_store_lines(harness *h, const char *prefix)
{
    char path[700], line[2048];
    snprintf(path, sizeof path, "%s/devices.db", h->state);
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char *kept = calloc(1, 1 << 20);
    size_t length = 0, dropped = 0;
    assert_non_null(kept);
    while (fgets(line, sizeof line, in)) {
        size_t n = strlen(line);
        if (strncmp(line, prefix, strlen(prefix)) == 0) {
            dropped++;
            continue;
        }
        assert_true(length + n < (1 << 20));
        memcpy(kept + length, line, n);
        length += n;
    }
    fclose(in);
    assert_true(dropped > 0);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(kept, 1, length, out), length);
    assert_int_equal(fclose(out), 0);
    free(kept);
}

static wudf_status neither_after_restart(harness *h)
{
    size_t mark = harness_log_mark(h);
    assert_int_equal(harness_restart(h), 0);
    assert_int_equal(harness_wait_state(h, XFER_COPY, "started", mark, 15000), 0);
    wudf_client *c = harness_client(h);
    wudf_handle f = open_device(c, XFER_COPY);
    struct xfer_report r;
    wudf_status st = xfer_ioctl(c, f, IOCTL_XFER_NEITHER, 8, sizeof r, &r);
    wudf_close(c, f);
    wudf_disconnect(c);
    return st;
}

static void the_rules_are_stored_and_an_older_store_starts_with_the_defaults(void **state)
{
    harness *h = *state;
    install(h, "ROOT\\XFERCOPY", XFER_COPY, NULL);
    assert_int_equal(harness_stop(h, 15000), 0);
    assert_int_equal(neither_after_restart(h), WUDF_STATUS_SUCCESS);
    assert_int_equal(harness_stop(h, 15000), 0);
    drop_store_lines(h, "wdf.");
    assert_int_equal(neither_after_restart(h), WUDF_STATUS_INVALID_DEVICE_REQUEST);
}

#define WDF_USER_MODE 2u /* WDF_KPROCESSOR_MODE WdfUserMode */

static void a_request_tells_its_requestor_and_parameters(void **state)
{
    harness *h = *state;
    install(h, "ROOT\\XFER", XFER, NULL);
    wudf_client *c = harness_client(h);
    wudf_handle f = open_device(c, XFER);
    uint32_t sum, n = 0;
    uint8_t *data = pattern(5, &sum);
    assert_int_equal(wudf_write(c, f, data, 5, 4096, &n, T), WUDF_STATUS_SUCCESS);
    free(data);

    struct xfer_request_info info;
    uint8_t *in = pattern(24, &sum);
    memset(&info, 0xff, sizeof info);
    assert_int_equal(wudf_ioctl(c, f, IOCTL_XFER_REQUEST_INFO, in, 24, &info, sizeof info, &n, T), WUDF_STATUS_SUCCESS);
    free(in);
    assert_int_equal(n, sizeof info);
    assert_int_equal(info.same_queue, 1);
    assert_int_equal(info.input_length, 24); /* RetrieveInputBuffer gave the input as it was sent */
    assert_int_equal(info.input_sum, sum);
    assert_int_equal(info.requestor_mode, WDF_USER_MODE);
    assert_int_equal(info.from_umdf, 0);
    assert_int_equal(info.from_32bit, 0);
    assert_int_equal(info.requestor_pid, (uint32_t)uv_os_getpid()); /* this process opened the file */
    assert_int_equal(info.last_write_size, 5);
    assert_int_equal(info.last_write_offset_low, 4096);
    assert_int_equal(info.last_write_key, 0);
    /* the open was the driver's: a plain open, as far as the wire tells (no options, share, access) */
    assert_int_equal(info.creates, 1);
    assert_int_equal(info.create_options, 0);
    assert_int_equal(info.create_attributes, 0);
    assert_int_equal(info.create_share, 0);
    assert_int_equal(info.create_access, 0);
    assert_int_equal(info.create_same_as_ex, 1);

    /* a read answers its report through RetrieveOutputBuffer */
    struct xfer_report r;
    uint8_t buffer[sizeof r + 16];
    memset(buffer, 0xff, sizeof buffer);
    assert_int_equal(wudf_read(c, f, buffer, sizeof buffer, 0, &n, T), WUDF_STATUS_SUCCESS);
    assert_int_equal(n, sizeof buffer);
    memcpy(&r, buffer, sizeof r);
    assert_int_equal(r.output_length, sizeof buffer);
    assert_int_equal(r.reads, 1);
    assert_int_equal(r.writes, 1);
    wudf_close(c, f);
    wudf_disconnect(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(method_neither_is_refused_by_default_and_never_reaches_the_driver, start, stop),
        cmocka_unit_test_setup_teardown(method_neither_is_copied_when_the_inf_says_copy, start, stop),
        cmocka_unit_test_setup_teardown(effective_io_types_follow_the_preference_and_the_threshold, start, stop),
        cmocka_unit_test_setup_teardown(direct_transfer_threshold_is_two_pages_at_least_and_rounded_up_to_a_page,
                                        start, stop),
        cmocka_unit_test_setup_teardown(direct_io_needs_deferred_retrieval, start, stop),
        cmocka_unit_test_setup_teardown(the_rules_are_stored_and_an_older_store_starts_with_the_defaults, start,
                                        stop),
        cmocka_unit_test_setup_teardown(a_request_tells_its_requestor_and_parameters, start, stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
