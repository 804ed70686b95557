/*
 * IWDFIoTarget: the device's default I/O target. A root-enumerated device
 * has nothing below it, so formatting succeeds and every send completes with
 * STATUS_INVALID_DEVICE_REQUEST (request_send.c).
 */
#include "framework.h"

#include <stdlib.h>

static const IWDFIoTargetVtbl target_vtbl;

WUDF_OBJECT_METHODS(target, IWDFIoTarget)

static void STDMETHODCALLTYPE target_GetTargetFile(IWDFIoTarget *This, IWDFFile **file)
{
    if (file)
        *file = NULL;
}

static void STDMETHODCALLTYPE target_CancelSentRequestsForFile(IWDFIoTarget *This, IWDFFile *file)
{
    /* Sends complete at once: nothing is in flight to cancel. */
}

static HRESULT check_request(IWDFIoRequest *request)
{
    return wudf_request_from(request) ? S_OK : E_INVALIDARG;
}

static HRESULT STDMETHODCALLTYPE target_FormatRequestForRead(IWDFIoTarget *This, IWDFIoRequest *request,
                                                             IWDFFile *file, IWDFMemory *memory,
                                                             PWDFMEMORY_OFFSET memory_offset, PLONGLONG offset)
{
    return check_request(request);
}

static HRESULT STDMETHODCALLTYPE target_FormatRequestForWrite(IWDFIoTarget *This, IWDFIoRequest *request,
                                                              IWDFFile *file, IWDFMemory *memory,
                                                              PWDFMEMORY_OFFSET memory_offset, PLONGLONG offset)
{
    return check_request(request);
}

static HRESULT STDMETHODCALLTYPE target_FormatRequestForIoctl(IWDFIoTarget *This, IWDFIoRequest *request, ULONG code,
                                                              IWDFFile *file, IWDFMemory *input,
                                                              PWDFMEMORY_OFFSET input_offset, IWDFMemory *output,
                                                              PWDFMEMORY_OFFSET output_offset)
{
    return check_request(request);
}

static const IWDFIoTargetVtbl target_vtbl = {
    WUDF_OBJECT_VTBL(target),
    .GetTargetFile = target_GetTargetFile,
    .CancelSentRequestsForFile = target_CancelSentRequestsForFile,
    .FormatRequestForRead = target_FormatRequestForRead,
    .FormatRequestForWrite = target_FormatRequestForWrite,
    .FormatRequestForIoctl = target_FormatRequestForIoctl,
};

static const IID *const target_iids[] = {&IID_IWDFIoTarget, NULL};
static const wudf_object_type target_type = {
    .name = "IWDFIoTarget",
    .iids = target_iids,
    .wdf_object = 1,
};

wudf_io_target *wudf_io_target_from(IWDFIoTarget *target)
{
    return wudf_object_has_vtbl(target, &target_vtbl) ? (wudf_io_target *)(void *)target : NULL;
}

wudf_io_target *wudf_io_target_create(wudf_device *device)
{
    wudf_io_target *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->device = device;
    wudf_object_init(&t->obj, &target_vtbl, &target_type, device->obj.host, &device->obj, NULL);
    return t;
}
