/*
 * IWDFIoTarget::FormatRequestForRead/Write/Ioctl (and IWDFIoTarget2's flush,
 * query and set information) for the targets that are not USB ones: the
 * request records which target, which memory regions, which device offset
 * and which file information class its next Send uses. Regions
 * are checked against the memory here, once; Send copies from the memory
 * into its own buffer, so a later SetBuffer cannot make it run off the end.
 */
#include "io_target_state.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

void wudf_io_format_clear(wudf_io_format *f)
{
    if (f->input)
        wudf_object_release(&f->input->obj);
    if (f->output)
        wudf_object_release(&f->output->obj);
    if (f->target)
        wudf_object_release(f->target);
    f->input = f->output = NULL;
    f->target = NULL;
}

void wudf_io_format_free(wudf_io_format *f)
{
    if (!f)
        return;
    wudf_io_format_clear(f);
    free(f);
}

/* The region of memory an offset names: all of it without one; a zero length means the rest. */
static HRESULT region(wudf_memory *m, PWDFMEMORY_OFFSET offset, size_t *start, size_t *length)
{
    size_t size = m ? m->size : 0;
    *start = 0;
    *length = size;
    if (!offset || !m)
        return S_OK;
    if (offset->BufferOffset > size || offset->BufferLength > size - offset->BufferOffset)
        return E_INVALIDARG;
    *start = offset->BufferOffset;
    *length = offset->BufferLength ? offset->BufferLength : size - offset->BufferOffset;
    return S_OK;
}

static wudf_memory *memory_or(IWDFMemory *memory, wudf_memory *fallback, HRESULT *hr)
{
    if (!memory)
        return fallback;
    wudf_memory *m = wudf_memory_from(memory);
    if (!m)
        *hr = E_INVALIDARG;
    return m;
}

/* Records f in the request the driver owns; frees f when it cannot. */
static HRESULT install(wudf_request *r, wudf_io_format *f)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    HRESULT hr = S_OK;
    wudf_io_format *old = NULL;
    if (r->state != REQUEST_DRIVER || r->pended || r->file_io) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE); /* not the driver's, or still sent */
    } else {
        old = r->io_format;
        r->io_format = f;
    }
    uv_mutex_unlock(&host->lock);
    if (FAILED(hr)) {
        wudf_log(WUDF_LOG_WARN, "format-refused", "irp=%llu reason=\"the request is not the driver's to format\"",
                 (unsigned long long)r->irp_id);
        wudf_io_format_free(f);
    }
    wudf_io_format_free(old);
    return hr;
}

static wudf_io_format *format_new(wudf_object *target, WDF_REQUEST_TYPE type)
{
    wudf_io_format *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->type = type;
    wudf_object_addref(target);
    f->target = target;
    return f;
}

static void keep(wudf_memory **slot, wudf_memory *m)
{
    if (m)
        wudf_object_addref(&m->obj);
    *slot = m;
}

/* A request of type with one buffer, the output (into_output) or the input: memory or, with none, the
 * request's own of that direction. *made: the format, for the caller's own fields, not yet installed. */
static HRESULT format_one_buffer(wudf_object *target, wudf_request *r, WDF_REQUEST_TYPE type, int into_output,
                                 IWDFMemory *memory, PWDFMEMORY_OFFSET memory_offset, wudf_io_format **made)
{
    HRESULT hr = S_OK;
    wudf_memory *m = memory_or(memory, into_output ? r->output_memory : r->input_memory, &hr);
    size_t start = 0, length = 0;
    if (SUCCEEDED(hr))
        hr = region(m, memory_offset, &start, &length);
    if (FAILED(hr))
        return hr;
    wudf_io_format *f = format_new(target, type);
    if (!f)
        return E_OUTOFMEMORY;
    keep(into_output ? &f->output : &f->input, m);
    if (into_output) {
        f->output_offset = start;
        f->output_length = length;
    } else {
        f->input_offset = start;
        f->input_length = length;
    }
    *made = f;
    return S_OK;
}

HRESULT wudf_io_format_rw(wudf_object *target, IWDFIoRequest *request, WDF_REQUEST_TYPE type, IWDFMemory *memory,
                          PWDFMEMORY_OFFSET memory_offset, PLONGLONG device_offset)
{
    wudf_request *r = wudf_request_from(request);
    if (!r)
        return E_INVALIDARG;
    wudf_io_format *f = NULL;
    HRESULT hr = format_one_buffer(target, r, type, type == WdfRequestRead, memory, memory_offset, &f);
    if (FAILED(hr))
        return hr;
    f->device_offset = device_offset ? *device_offset : 0;
    return install(r, f);
}

HRESULT wudf_io_format_ioctl(wudf_object *target, IWDFIoRequest *request, ULONG code, IWDFMemory *input,
                             PWDFMEMORY_OFFSET input_offset, IWDFMemory *output, PWDFMEMORY_OFFSET output_offset)
{
    wudf_request *r = wudf_request_from(request);
    if (!r)
        return E_INVALIDARG;
    HRESULT hr = S_OK;
    /* No memory given: no buffer of that direction, as for an ioctl sent with NULL buffers. */
    wudf_memory *in = memory_or(input, NULL, &hr);
    wudf_memory *out = memory_or(output, NULL, &hr);
    size_t in_start = 0, in_length = 0, out_start = 0, out_length = 0;
    if (SUCCEEDED(hr))
        hr = region(in, input_offset, &in_start, &in_length);
    if (SUCCEEDED(hr))
        hr = region(out, output_offset, &out_start, &out_length);
    if (FAILED(hr))
        return hr;
    wudf_io_format *f = format_new(target, WdfRequestDeviceIoControl);
    if (!f)
        return E_OUTOFMEMORY;
    f->ioctl_code = code;
    keep(&f->input, in);
    keep(&f->output, out);
    f->input_offset = in_start;
    f->input_length = in_length;
    f->output_offset = out_start;
    f->output_length = out_length;
    return install(r, f);
}

HRESULT wudf_io_format_flush(wudf_object *target, IWDFIoRequest *request)
{
    wudf_request *r = wudf_request_from(request);
    if (!r)
        return E_INVALIDARG;
    wudf_io_format *f = format_new(target, WdfRequestFlushBuffers);
    return f ? install(r, f) : E_OUTOFMEMORY;
}

HRESULT wudf_io_format_information(wudf_object *target, IWDFIoRequest *request, WDF_REQUEST_TYPE type,
                                   WDF_FILE_INFORMATION_CLASS information_class, IWDFFile *file, int file_required,
                                   IWDFMemory *memory, PWDFMEMORY_OFFSET memory_offset)
{
    wudf_request *r = wudf_request_from(request);
    if (!r)
        return E_INVALIDARG;
    if (file ? !wudf_file_from(file) : file_required) {
        wudf_driver_bug("format-information-file", file ? "pFile is not a framework file object"
                                                        : "pFile is NULL: a local or remote target needs the file");
        return E_INVALIDARG;
    }
    wudf_io_format *f = NULL;
    HRESULT hr = format_one_buffer(target, r, type, type == WdfRequestQueryInformation, memory, memory_offset, &f);
    if (FAILED(hr))
        return hr;
    /* The class goes as the driver gave it: the target answers one it does not know, as Windows' do. */
    f->information_class = information_class;
    return install(r, f);
}

/* The types a request may go on with as it came (FormatUsingCurrentType), and the buffers each has. */
static int goes_on_as_is(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestRead || type == WdfRequestWrite || type == WdfRequestDeviceIoControl ||
           type == WdfRequestQueryInformation || type == WdfRequestSetInformation;
}

static int reads_into_output(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestRead || type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl ||
           type == WdfRequestQueryInformation;
}

static int writes_from_input(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestWrite || type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl ||
           type == WdfRequestSetInformation;
}

HRESULT wudf_io_format_current_locked(wudf_request *r, wudf_object *target, wudf_io_format *out)
{
    memset(out, 0, sizeof *out);
    wudf_io_format *f = r->io_format;
    if (f && f->target == target) {
        *out = *f;
    } else {
        /* FormatUsingCurrentType: the request goes on as it came, with its own buffers. */
        out->type = r->type;
        out->ioctl_code = r->ioctl_code;
        out->information_class = r->information_class;
        if (reads_into_output(r->type))
            out->output = r->output_memory;
        if (writes_from_input(r->type))
            out->input = r->input_memory;
        if (r->type == WdfRequestInternalIoctl)
            out->type = WdfRequestDeviceIoControl;
        if (!goes_on_as_is(out->type))
            return E_INVALIDARG;
        out->input_length = out->input ? out->input->size : 0;
        out->output_length = out->output ? out->output->size : 0;
        out->device_offset = (LONGLONG)r->offset;
    }
    out->target = target;
    wudf_object_addref(target);
    if (out->input)
        wudf_object_addref(&out->input->obj);
    if (out->output)
        wudf_object_addref(&out->output->obj);
    return S_OK;
}
