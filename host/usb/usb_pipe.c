/*
 * IWDFUsbTargetPipe: an endpoint of the selected setting as an I/O target.
 * Pipe policies are kept per pipe; SHORT_PACKET_TERMINATE, AUTO_CLEAR_STALL
 * and PIPE_TRANSFER_TIMEOUT change what a transfer does, the others are
 * accepted and reported back (libusb has no read-ahead or raw mode to turn).
 * MAXIMUM_TRANSFER_SIZE is read-only, as with WinUSB.
 */
#include "usb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/* What MAXIMUM_TRANSFER_SIZE reports: libusb splits larger transfers itself where it must. */
#define PIPE_MAXIMUM_TRANSFER_SIZE (4u * 1024u * 1024u)

/* IWDFUsbTargetPipe2's vtable: IWDFUsbTargetPipe's, then ConfigureContinuousReader (usb_reader.c). */
struct pipe_vtbl {
    IWDFUsbTargetPipeVtbl pipe;
    HRESULT(STDMETHODCALLTYPE *ConfigureContinuousReader)(IWDFUsbTargetPipe2 *, SIZE_T, SIZE_T, SIZE_T, UCHAR,
                                                           IUnknown *,
                                                           IUsbTargetPipeContinuousReaderCallbackReadComplete *, PVOID,
                                                           IUsbTargetPipeContinuousReaderCallbackReadersFailed *);
};
_Static_assert(sizeof(struct pipe_vtbl) == sizeof(IWDFUsbTargetPipe2Vtbl), "IWDFUsbTargetPipe2's slots");
static const struct pipe_vtbl pipe_vtbl;
static const wudf_object_type pipe_type;

static wudf_usb_pipe *pipe_of(IWDFUsbTargetPipe *This)
{
    return (wudf_usb_pipe *)(void *)This;
}

wudf_usb_pipe *wudf_usb_pipe_from(const void *target)
{
    return wudf_object_has_vtbl(target, &pipe_vtbl) ? (wudf_usb_pipe *)(void *)target : NULL;
}

WUDF_OBJECT_METHODS(pipe, IWDFUsbTargetPipe)

static HRESULT STDMETHODCALLTYPE pipe_QueryInterfaceWithState(IWDFUsbTargetPipe *This, REFIID riid, void **ppv)
{
    if (riid && IsEqualIID(riid, &IID_IWDFIoTargetStateManagement))
        return wudf_target_state_query(&pipe_of(This)->state, ppv);
    return pipe_QueryInterface(This, riid, ppv);
}

static void STDMETHODCALLTYPE pipe_GetTargetFile(IWDFUsbTargetPipe *This, IWDFFile **file)
{
    if (file)
        *file = NULL;
}

static void STDMETHODCALLTYPE pipe_CancelSentRequestsForFile(IWDFUsbTargetPipe *This, IWDFFile *file)
{
    wudf_file *f = wudf_file_from(file);
    if (f)
        wudf_target_cancel_pended_for_file(&pipe_of(This)->state, f);
    wudf_usb_cancel_for_file(pipe_of(This)->usb, &pipe_of(This)->obj, file);
}

static HRESULT STDMETHODCALLTYPE pipe_FormatRequestForRead(IWDFUsbTargetPipe *This, IWDFIoRequest *request,
                                                           IWDFFile *file, IWDFMemory *memory,
                                                           PWDFMEMORY_OFFSET memory_offset, PLONGLONG offset)
{
    return wudf_usb_format_pipe(pipe_of(This), request, memory, memory_offset, WdfUsbRequestTypePipeRead);
}

static HRESULT STDMETHODCALLTYPE pipe_FormatRequestForWrite(IWDFUsbTargetPipe *This, IWDFIoRequest *request,
                                                            IWDFFile *file, IWDFMemory *memory,
                                                            PWDFMEMORY_OFFSET memory_offset, PLONGLONG offset)
{
    return wudf_usb_format_pipe(pipe_of(This), request, memory, memory_offset, WdfUsbRequestTypePipeWrite);
}

static HRESULT STDMETHODCALLTYPE pipe_FormatRequestForIoctl(IWDFUsbTargetPipe *This, IWDFIoRequest *request, ULONG code,
                                                            IWDFFile *file, IWDFMemory *input,
                                                            PWDFMEMORY_OFFSET input_offset, IWDFMemory *output,
                                                            PWDFMEMORY_OFFSET output_offset)
{
    return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST); /* a pipe moves data; it has no ioctls */
}

static HRESULT STDMETHODCALLTYPE pipe_Abort(IWDFUsbTargetPipe *This)
{
    return wudf_usb_abort(pipe_of(This)->usb, &pipe_of(This)->obj, 5000) ? HRESULT_FROM_NT(STATUS_IO_TIMEOUT) : S_OK;
}

static HRESULT STDMETHODCALLTYPE pipe_Reset(IWDFUsbTargetPipe *This)
{
    wudf_usb_pipe *p = pipe_of(This);
    uv_mutex_lock(&p->usb->lock);
    int state = p->usb->state;
    uv_mutex_unlock(&p->usb->lock);
    if (state != USB_OPEN)
        return HRESULT_FROM_NT(state == USB_GONE ? STATUS_DEVICE_NOT_CONNECTED : STATUS_INVALID_DEVICE_STATE);
    /* CLEAR_FEATURE(ENDPOINT_HALT): the stall goes and the data toggle restarts, as WinUsb_ResetPipe does. */
    int rc = p->usb->backend->clear_halt(p->usb, p->endpoint.address);
    wudf_log(rc < 0 ? WUDF_LOG_WARN : WUDF_LOG_INFO, "usb-pipe-reset", "endpoint=0x%02x result=\"%s\"",
             p->endpoint.address, rc < 0 ? wudf_usb_error_name(rc) : "ok");
    if (rc == LIBUSB_ERROR_NO_DEVICE)
        wudf_usb_device_lost(p->usb, "pipe-reset");
    return rc < 0 ? HRESULT_FROM_NT(wudf_usb_status_from_error(rc)) : S_OK;
}

static HRESULT STDMETHODCALLTYPE pipe_Flush(IWDFUsbTargetPipe *This)
{
    return S_OK; /* nothing is read ahead, so nothing is cached to discard */
}

static void STDMETHODCALLTYPE pipe_GetInformation(IWDFUsbTargetPipe *This, PWINUSB_PIPE_INFORMATION info)
{
    if (!info)
        return;
    const wudf_usb_endpoint *e = &pipe_of(This)->endpoint;
    memset(info, 0, sizeof *info);
    info->PipeType = (USBD_PIPE_TYPE)(e->attributes & 3); /* USB's transfer type numbering is USBD_PIPE_TYPE's */
    info->PipeId = e->address;
    info->MaximumPacketSize = e->max_packet;
    info->Interval = e->interval;
}

static BOOL STDMETHODCALLTYPE pipe_IsInEndPoint(IWDFUsbTargetPipe *This)
{
    return (pipe_of(This)->endpoint.address & 0x80) ? TRUE : FALSE;
}

static BOOL STDMETHODCALLTYPE pipe_IsOutEndPoint(IWDFUsbTargetPipe *This)
{
    return (pipe_of(This)->endpoint.address & 0x80) ? FALSE : TRUE;
}

static USBD_PIPE_TYPE STDMETHODCALLTYPE pipe_GetType(IWDFUsbTargetPipe *This)
{
    return (USBD_PIPE_TYPE)(pipe_of(This)->endpoint.attributes & 3);
}

/* Where a policy lives and how big its value is (1: UCHAR, 4: ULONG); NULL for an unknown policy. */
static void *policy_slot(wudf_usb_pipe_policy *p, ULONG type, ULONG *size)
{
    *size = 1;
    switch (type) {
    case SHORT_PACKET_TERMINATE: return &p->short_packet_terminate;
    case AUTO_CLEAR_STALL: return &p->auto_clear_stall;
    case PIPE_TRANSFER_TIMEOUT: *size = 4; return &p->transfer_timeout;
    case IGNORE_SHORT_PACKETS: return &p->ignore_short_packets;
    case ALLOW_PARTIAL_READS: return &p->allow_partial_reads;
    case AUTO_FLUSH: return &p->auto_flush;
    case RAW_IO: return &p->raw_io;
    case RESET_PIPE_ON_RESUME: return &p->reset_pipe_on_resume;
    default: return NULL;
    }
}

static HRESULT STDMETHODCALLTYPE pipe_RetrievePipePolicy(IWDFUsbTargetPipe *This, ULONG type, ULONG *length,
                                                         PVOID value)
{
    wudf_usb_pipe *p = pipe_of(This);
    if (!length)
        return E_POINTER;
    ULONG size = 4;
    ULONG maximum = PIPE_MAXIMUM_TRANSFER_SIZE;
    void *slot = type == MAXIMUM_TRANSFER_SIZE ? &maximum : policy_slot(&p->policy, type, &size);
    if (!slot)
        return E_INVALIDARG;
    if (*length < size || !value) {
        *length = size;
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    uv_mutex_lock(&p->usb->lock);
    memcpy(value, slot, size);
    uv_mutex_unlock(&p->usb->lock);
    *length = size;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE pipe_SetPipePolicy(IWDFUsbTargetPipe *This, ULONG type, ULONG length, PVOID value)
{
    wudf_usb_pipe *p = pipe_of(This);
    ULONG size;
    void *slot = policy_slot(&p->policy, type, &size);
    if (!slot || !value || length < size)
        return E_INVALIDARG; /* MAXIMUM_TRANSFER_SIZE included: it cannot be set */
    uv_mutex_lock(&p->usb->lock);
    memcpy(slot, value, size);
    uv_mutex_unlock(&p->usb->lock);
    wudf_log(WUDF_LOG_DEBUG, "usb-pipe-policy", "endpoint=0x%02x policy=%lu", p->endpoint.address,
             (unsigned long)type);
    return S_OK;
}

static const struct pipe_vtbl pipe_vtbl = {
    .pipe = {
        WUDF_USB_TARGET_VTBL(pipe),
        .GetTargetFile = pipe_GetTargetFile,
        .CancelSentRequestsForFile = pipe_CancelSentRequestsForFile,
        .FormatRequestForRead = pipe_FormatRequestForRead,
        .FormatRequestForWrite = pipe_FormatRequestForWrite,
        .FormatRequestForIoctl = pipe_FormatRequestForIoctl,
        .Abort = pipe_Abort,
        .Reset = pipe_Reset,
        .Flush = pipe_Flush,
        .GetInformation = pipe_GetInformation,
        .IsInEndPoint = pipe_IsInEndPoint,
        .IsOutEndPoint = pipe_IsOutEndPoint,
        .GetType = pipe_GetType,
        .RetrievePipePolicy = pipe_RetrievePipePolicy,
        .SetPipePolicy = pipe_SetPipePolicy,
    },
    .ConfigureContinuousReader = wudf_usb_pipe_configure_reader,
};

static void pipe_cleanup(wudf_object *obj)
{
    wudf_usb_pipe *p = (wudf_usb_pipe *)(void *)obj;
    wudf_usb_reader_delete(p); /* first: its reads would be sent again after the abort */
    if (wudf_usb_abort(p->usb, obj, 5000))
        wudf_log(WUDF_LOG_ERROR, "usb-pipe-cleanup", "endpoint=0x%02x reason=\"transfers did not finish within 5 s\"",
                 p->endpoint.address);
    /* Then as Remove: sends waiting while the pipe was stopped end as cancelled. */
    wudf_target_state_cleanup(&p->state);
}

static void pipe_destroy(wudf_object *obj)
{
    wudf_target_state_destroy(&((wudf_usb_pipe *)(void *)obj)->state);
}

static const IID *const pipe_iids[] = {&IID_IWDFIoTarget, &IID_IWDFUsbTargetPipe, &IID_IWDFUsbTargetPipe2, NULL};
static const wudf_object_type pipe_type = {
    .name = "IWDFUsbTargetPipe",
    .iids = pipe_iids,
    .wdf_object = 1,
    .cleanup = pipe_cleanup,
    .destroy = pipe_destroy,
};

HRESULT wudf_usb_pipes_create(wudf_usb_interface *i)
{
    wudf_usb *usb = i->target->usb;
    const wudf_usb_setting *s = &usb->config.settings[i->first_setting + i->current];
    wudf_usb_pipe **pipes = calloc(s->endpoint_count ? s->endpoint_count : 1, sizeof *pipes);
    if (!pipes)
        return E_OUTOFMEMORY;
    size_t made = 0;
    HRESULT hr = S_OK;
    for (; made < s->endpoint_count; made++) {
        wudf_usb_pipe *p = calloc(1, sizeof *p);
        if (!p) {
            hr = E_OUTOFMEMORY;
            break;
        }
        p->usb = usb;
        p->owner = i;
        p->endpoint = usb->config.endpoints[s->first_endpoint + made];
        p->policy.allow_partial_reads = 1; /* WinUSB's defaults */
        wudf_target_state_init(&p->state, &p->obj, &wudf_usb_pipe_ops, "usb-pipe");
        wudf_object_init(&p->obj, &pipe_vtbl, &pipe_type, i->obj.host, &i->obj, NULL);
        pipes[made] = wudf_usb_referenced(&p->obj);
    }
    /* Installed even when short: the interface's destroy drops what was made. */
    uv_mutex_lock(&usb->lock);
    i->pipes = pipes;
    i->pipe_count = made;
    uv_mutex_unlock(&usb->lock);
    return hr;
}
