/*
 * How a request's buffers reach the driver, as UMDF 1.11 decides it: the INF's transfer rules
 * (UmdfMethodNeitherAction, UmdfFileObjectPolicy) that come with DEVICE_START, the buffer access
 * method the device negotiated with IWDFDeviceInitialize2::SetIoTypePreference, and from both the
 * type each request gets (IWDFIoRequest2::GetEffectiveIoType). The rules are Microsoft Learn's
 * "Accessing Data Buffers in UMDF 1.x Drivers" and "Specifying WDF Directives in INF Files".
 */
#include "framework.h"
#include "property.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

/* The smallest DirectTransferThreshold UMDF applies (two 4 KiB pages), and its rounding unit. */
#define IO_PAGE_SIZE 4096u
#define IO_MIN_DIRECT_THRESHOLD (2u * IO_PAGE_SIZE)

/* A DEVICE_START key that names one of two values: *out is 1 for `second`, 0 for `first` or absence. */
static int read_choice(const wudf_kv *kv, const char *key, const char *first, const char *second, int *out,
                       char *message, size_t size)
{
    const char *value = wudf_kv_get(kv, key);
    *out = 0;
    if (!value || strcmp(value, first) == 0)
        return 0;
    if (strcmp(value, second) == 0) {
        *out = 1;
        return 0;
    }
    snprintf(message, size, "%s \"%.80s\" is not %s or %s", key, value, first, second);
    return -1;
}

/* DirectTransferThreshold, a REG_DWORD under the hardware key's WUDF subkey, as UMDF applies it: up
 * to two pages means two pages, more is rounded up to a whole page. Absent: two pages. A value of
 * another type is passed over, as the framework passes over a registry value it cannot read. */
static uint32_t direct_threshold(wudf_host *host)
{
    uint32_t dword = 0;
    int found = wudf_props_get_dword(host, WUDF_REG_ROOT_HW, "WUDF", "DirectTransferThreshold", &dword);
    if (found < 0)
        wudf_log(WUDF_LOG_WARN, "registry-value-ignored", "key=WUDF name=DirectTransferThreshold reason=not-a-dword");
    uint64_t v = found > 0 ? dword : IO_MIN_DIRECT_THRESHOLD;
    if (v <= IO_MIN_DIRECT_THRESHOLD)
        return IO_MIN_DIRECT_THRESHOLD;
    v = (v + IO_PAGE_SIZE - 1) / IO_PAGE_SIZE * IO_PAGE_SIZE;
    return v > UINT32_MAX ? UINT32_MAX - (UINT32_MAX % IO_PAGE_SIZE) : (uint32_t)v;
}

int wudf_io_read_config(wudf_host *host, const wudf_kv *kv, char *message, size_t size)
{
    /* A key missing is the INF's default: a store written before these keys existed starts as before. */
    if (read_choice(kv, "wdf.method_neither_action", "Reject", "Copy", &host->io.method_neither_copy, message,
                    size) ||
        read_choice(kv, "wdf.file_object_policy", "RejectNullAndUnknownFileObjects",
                    "AllowNullAndUnknownFileObjects", &host->io.allow_unknown_files, message, size))
        return -1;
    host->io.direct_threshold = direct_threshold(host);
    wudf_log(WUDF_LOG_DEBUG, "io-rules", "method_neither=%s file_objects=%s direct_threshold=%lu",
             host->io.method_neither_copy ? "copy" : "reject", host->io.allow_unknown_files ? "allow" : "reject",
             (unsigned long)host->io.direct_threshold);
    return 0;
}

/* One preference of SetIoTypePreference as the stack uses it. This host runs the stack's only
 * driver, so what it accepts is what the stack uses: direct when it allows direct, else buffered. */
static int negotiated(WDF_DEVICE_IO_BUFFER_RETRIEVAL retrieval, WDF_DEVICE_IO_TYPE preference, const char *which)
{
    if (preference == WdfDeviceIoBuffered)
        return WdfDeviceIoBuffered;
    if (preference != WdfDeviceIoDirect && preference != WdfDeviceIoBufferedOrDirect) {
        wudf_driver_bug("invalid-io-type-preference", which);
        return WdfDeviceIoBuffered;
    }
    /* "A driver cannot set the buffer access method to WdfDeviceIoDirect or WdfDeviceIoBufferedOrDirect
     * unless it also sets the RetrievalMode parameter to WdfDeviceIoBufferRetrievalDeferred." */
    if (retrieval != WdfDeviceIoBufferRetrievalDeferred) {
        wudf_driver_bug("direct-io-without-deferred-retrieval", which);
        return WdfDeviceIoBuffered;
    }
    return WdfDeviceIoDirect;
}

void wudf_io_set_preference(wudf_host *host, WDF_DEVICE_IO_BUFFER_RETRIEVAL retrieval,
                            WDF_DEVICE_IO_TYPE read_write, WDF_DEVICE_IO_TYPE ioctl)
{
    if (retrieval != WdfDeviceIoBufferRetrievalCopyImmediately && retrieval != WdfDeviceIoBufferRetrievalDeferred)
        wudf_driver_bug("invalid-buffer-retrieval", "SetIoTypePreference: RetrievalMode is not CopyImmediately "
                                                    "or Deferred");
    host->io.read_write_type = negotiated(retrieval, read_write, "SetIoTypePreference: ReadWritePreference");
    host->io.ioctl_type = negotiated(retrieval, ioctl, "SetIoTypePreference: IoControlPreference");
    wudf_log(WUDF_LOG_DEBUG, "io-type-preference", "read_write=%d ioctl=%d retrieval=%d stack_read_write=%d "
             "stack_ioctl=%d", (int)read_write, (int)ioctl, (int)retrieval, host->io.read_write_type,
             host->io.ioctl_type);
}

void wudf_io_stack_types(const wudf_host *host, WDF_DEVICE_IO_TYPE *read_write, WDF_DEVICE_IO_TYPE *ioctl)
{
    /* Without SetIoTypePreference UMDF uses buffered I/O for everything. */
    if (read_write)
        *read_write = host->io.read_write_type ? (WDF_DEVICE_IO_TYPE)host->io.read_write_type : WdfDeviceIoBuffered;
    if (ioctl)
        *ioctl = host->io.ioctl_type ? (WDF_DEVICE_IO_TYPE)host->io.ioctl_type : WdfDeviceIoBuffered;
}

static int is_ioctl(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl;
}

WDF_DEVICE_IO_TYPE wudf_io_effective_type(const wudf_request *r)
{
    WDF_DEVICE_IO_TYPE read_write, ioctl, preference;
    uint32_t length;
    wudf_io_stack_types(r->obj.host, &read_write, &ioctl);
    if (r->type == WdfRequestRead || r->type == WdfRequestWrite) {
        preference = read_write;
        length = r->type == WdfRequestRead ? r->output_length : r->input_length;
    } else if (is_ioctl(r->type)) {
        /* Only an IOCTL that asks for direct I/O can get it; its second buffer is the direct one.
         * METHOD_NEITHER reaches a driver only when the INF says Copy, and then buffered. */
        uint32_t method = r->ioctl_code & 3u;
        if (method != METHOD_IN_DIRECT && method != METHOD_OUT_DIRECT)
            return WdfDeviceIoBuffered;
        preference = ioctl;
        length = r->output_length;
    } else {
        return WdfDeviceIoBuffered;
    }
    /* Below DirectTransferThreshold copying is cheaper than mapping, so UMDF copies. */
    uint32_t threshold = r->obj.host->io.direct_threshold ? r->obj.host->io.direct_threshold
                                                          : IO_MIN_DIRECT_THRESHOLD;
    return preference == WdfDeviceIoDirect && length >= threshold ? WdfDeviceIoDirect : WdfDeviceIoBuffered;
}

NTSTATUS wudf_io_admit(const wudf_host *host, const wudf_request *r)
{
    if (!is_ioctl(r->type) || (r->ioctl_code & 3u) != METHOD_NEITHER || host->io.method_neither_copy)
        return STATUS_SUCCESS;
    /* UMDF completes the request itself, "with an error status value" that Microsoft Learn does not
     * name; STATUS_INVALID_DEVICE_REQUEST is what the framework answers for requests it does not
     * take (a request type no queue takes, here and in KMDF). */
    wudf_log(WUDF_LOG_DEBUG, "method-neither-refused", "irp=%llu ioctl=0x%08lx status=STATUS_INVALID_DEVICE_REQUEST",
             (unsigned long long)r->irp_id, (unsigned long)r->ioctl_code);
    return STATUS_INVALID_DEVICE_REQUEST;
}

int wudf_io_allows_unknown_files(const wudf_host *host)
{
    return host->io.allow_unknown_files;
}
