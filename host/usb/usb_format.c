/*
 * Formatting a request for a USB target: FormatRequestForRead/Write on a
 * pipe and FormatRequestForControlTransfer on the device record, in the
 * request, which target, which memory region and which setup packet Send
 * will use. The region is checked against the memory here, once.
 */
#include "usb_internal.h"

#include <stdlib.h>

#include "log.h"

void wudf_usb_format_free(wudf_usb_format *f)
{
    if (!f)
        return;
    if (f->memory)
        wudf_object_release(&f->memory->obj);
    if (f->target)
        wudf_object_release(f->target);
    free(f);
}

/* The region of memory a format describes: offset given or the whole memory. */
static HRESULT region(wudf_memory *m, PWDFMEMORY_OFFSET offset, size_t *start, size_t *length)
{
    size_t size = m ? m->size : 0;
    if (!offset) {
        *start = 0;
        *length = size;
        return S_OK;
    }
    if (offset->BufferOffset > size)
        return E_INVALIDARG;
    *start = offset->BufferOffset;
    /* A zero length means the rest of the memory, as WDFMEMORY_OFFSET users expect. */
    size_t rest = size - offset->BufferOffset;
    if (offset->BufferLength > rest)
        return E_INVALIDARG;
    *length = offset->BufferLength ? offset->BufferLength : rest;
    return S_OK;
}

/* Replaces the format the request carries; the request must be the driver's to format. */
static HRESULT install(wudf_request *r, wudf_usb_format *f)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    if (r->state != REQUEST_DRIVER) {
        uv_mutex_unlock(&host->lock);
        wudf_usb_format_free(f);
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    wudf_usb_format *old = r->usb_format;
    r->usb_format = f;
    uv_mutex_unlock(&host->lock);
    wudf_usb_format_free(old);
    return S_OK;
}

static wudf_usb_format *format_new(wudf_object *target, wudf_memory *m, size_t start, size_t length,
                                   WDF_USB_REQUEST_TYPE type)
{
    wudf_usb_format *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->type = type;
    f->target = wudf_usb_referenced(target);
    if (m)
        f->memory = wudf_usb_referenced(&m->obj);
    f->offset = start;
    f->length = length;
    return f;
}

HRESULT wudf_usb_format_pipe(wudf_usb_pipe *pipe, IWDFIoRequest *request, IWDFMemory *memory,
                             PWDFMEMORY_OFFSET offset, WDF_USB_REQUEST_TYPE type)
{
    wudf_request *r = wudf_request_from(request);
    if (!r)
        return E_INVALIDARG;
    int in = (pipe->endpoint.address & 0x80) != 0;
    if (in != (type == WdfUsbRequestTypePipeRead))
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST); /* a read on an OUT pipe or the reverse */
    wudf_memory *m = NULL;
    if (memory) {
        m = wudf_memory_from(memory);
        if (!m)
            return E_INVALIDARG;
    } else {
        /* No memory: the request's own buffer of that direction (none: a zero-length transfer). */
        m = type == WdfUsbRequestTypePipeRead ? r->output_memory : r->input_memory;
    }
    size_t start, length;
    HRESULT hr = region(m, offset, &start, &length);
    if (FAILED(hr))
        return hr;
    wudf_usb_format *f = format_new(&pipe->obj, m, start, length, type);
    return f ? install(r, f) : E_OUTOFMEMORY;
}

HRESULT wudf_usb_format_control(wudf_usb_target *target, IWDFIoRequest *request, PWINUSB_SETUP_PACKET setup,
                                IWDFMemory *memory, PWDFMEMORY_OFFSET offset)
{
    wudf_request *r = wudf_request_from(request);
    if (!r || !setup)
        return E_INVALIDARG;
    wudf_memory *m = NULL;
    if (memory && !(m = wudf_memory_from(memory)))
        return E_INVALIDARG;
    size_t start = 0, length = 0;
    if (m) {
        HRESULT hr = region(m, offset, &start, &length);
        if (FAILED(hr))
            return hr;
    }
    /* The setup packet's wLength is what moves; the region must hold it. */
    if (setup->Length > length)
        return E_INVALIDARG;
    wudf_usb_format *f = format_new(&target->obj, m, start, setup->Length, WdfUsbRequestTypeDeviceControlTransfer);
    if (!f)
        return E_OUTOFMEMORY;
    f->setup = *setup;
    return install(r, f);
}
