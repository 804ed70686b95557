/*
 * The end of a USB send: IWDFUsbRequestCompletionParams (what the driver
 * reads with GetCompletionParams) and the hand-over to the driver. As for
 * other targets (request_send.c): the completion callback runs on a worker
 * under the device's callback lock; without one the framework completes a
 * request from the reflector itself, with the transfer's status and length.
 */
#include "usb_internal.h"
#include "stack.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "hresult.h"

typedef struct usb_params {
    wudf_object obj;
    NTSTATUS status;
    size_t transferred;
    WDF_USB_REQUEST_TYPE type;
    wudf_memory *memory;  /* referenced */
    size_t offset;
    WINUSB_SETUP_PACKET setup;
} usb_params;

static usb_params *params_of(IWDFUsbRequestCompletionParams *This)
{
    return (usb_params *)(void *)This;
}

WUDF_UNKNOWN_METHODS(params, IWDFUsbRequestCompletionParams)

static HRESULT STDMETHODCALLTYPE params_GetCompletionStatus(IWDFUsbRequestCompletionParams *This)
{
    return wudf_hresult_from_ntstatus(params_of(This)->status);
}

static ULONG_PTR STDMETHODCALLTYPE params_GetInformation(IWDFUsbRequestCompletionParams *This)
{
    return params_of(This)->transferred;
}

static WDF_REQUEST_TYPE STDMETHODCALLTYPE params_GetCompletedRequestType(IWDFUsbRequestCompletionParams *This)
{
    return WdfRequestUsb;
}

static WDF_USB_REQUEST_TYPE STDMETHODCALLTYPE params_GetCompletedUsbRequestType(IWDFUsbRequestCompletionParams *This)
{
    return params_of(This)->type;
}

/* Out-parameters of one kind of transfer; NULL/0 when the transfer was of another kind. */
static void fill(usb_params *p, int matches, IWDFMemory **memory, SIZE_T *bytes, SIZE_T *offset)
{
    if (memory) {
        *memory = NULL;
        if (matches && p->memory)
            *memory = wudf_usb_referenced(&p->memory->obj);
    }
    if (bytes)
        *bytes = matches ? p->transferred : 0;
    if (offset)
        *offset = matches ? p->offset : 0;
}

static void STDMETHODCALLTYPE params_GetDeviceControlTransferParameters(IWDFUsbRequestCompletionParams *This,
                                                                        IWDFMemory **memory, ULONG *length,
                                                                        SIZE_T *offset, PWINUSB_SETUP_PACKET setup)
{
    usb_params *p = params_of(This);
    int matches = p->type == WdfUsbRequestTypeDeviceControlTransfer;
    SIZE_T bytes;
    fill(p, matches, memory, &bytes, offset);
    if (length)
        *length = (ULONG)bytes;
    if (setup) {
        if (matches)
            *setup = p->setup;
        else
            memset(setup, 0, sizeof *setup);
    }
}

static void STDMETHODCALLTYPE params_GetPipeWriteParameters(IWDFUsbRequestCompletionParams *This, IWDFMemory **memory,
                                                            SIZE_T *bytes, SIZE_T *offset)
{
    fill(params_of(This), params_of(This)->type == WdfUsbRequestTypePipeWrite, memory, bytes, offset);
}

static void STDMETHODCALLTYPE params_GetPipeReadParameters(IWDFUsbRequestCompletionParams *This, IWDFMemory **memory,
                                                           SIZE_T *bytes, SIZE_T *offset)
{
    fill(params_of(This), params_of(This)->type == WdfUsbRequestTypePipeRead, memory, bytes, offset);
}

static const IWDFUsbRequestCompletionParamsVtbl params_vtbl = {
    WUDF_UNKNOWN_VTBL(params),
    .GetCompletionStatus = params_GetCompletionStatus,
    .GetInformation = params_GetInformation,
    .GetCompletedRequestType = params_GetCompletedRequestType,
    .GetCompletedUsbRequestType = params_GetCompletedUsbRequestType,
    .GetDeviceControlTransferParameters = params_GetDeviceControlTransferParameters,
    .GetPipeWriteParameters = params_GetPipeWriteParameters,
    .GetPipeReadParameters = params_GetPipeReadParameters,
};

static void params_destroy(wudf_object *obj)
{
    usb_params *p = (usb_params *)(void *)obj;
    if (p->memory)
        wudf_object_release(&p->memory->obj);
}

static const IID *const params_iids[] = {&IID_IWDFRequestCompletionParams, &IID_IWDFUsbRequestCompletionParams, NULL};
static const wudf_object_type params_type = {
    .name = "IWDFUsbRequestCompletionParams",
    .iids = params_iids,
    .destroy = params_destroy,
};

IWDFRequestCompletionParams *wudf_usb_params_create(wudf_usb_transfer *t)
{
    usb_params *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->status = t->status;
    p->transferred = t->transferred;
    p->type = t->type;
    p->offset = t->offset;
    p->setup = t->setup;
    if (t->memory)
        p->memory = wudf_usb_referenced(&t->memory->obj);
    wudf_object_init(&p->obj, &params_vtbl, &params_type, t->request->obj.host, NULL, NULL);
    return (IWDFRequestCompletionParams *)(void *)p;
}

typedef struct usb_completion {
    wudf_request *request;      /* referenced */
    wudf_object *target;        /* referenced */
    IRequestCallbackRequestCompletion *callback;  /* referenced */
    void *context;
    IWDFRequestCompletionParams *params;          /* referenced */
} usb_completion;

static void run_completion(void *arg)
{
    usb_completion *c = arg;
    /* Under the callback lock of the device whose driver sent it (each layer of a stack has its own). */
    wudf_device *device = wudf_request_device(c->request);
    wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=IRequestCallbackRequestCompletion::OnCompletion irp=%llu target=usb",
             (unsigned long long)c->request->irp_id);
    wudf_device_enter(device);
    IRequestCallbackRequestCompletion_OnCompletion(c->callback, (IWDFIoRequest *)(void *)c->request,
                                                   (IWDFIoTarget *)(void *)c->target, c->params, c->context);
    wudf_device_leave(device);
    if (device)
        wudf_object_release(&device->obj);
    IRequestCallbackRequestCompletion_Release(c->callback);
    IUnknown_Release((IUnknown *)(void *)c->params);
    wudf_object_release(c->target);
    wudf_object_release(&c->request->obj);
    free(c);
}

void wudf_usb_transfer_deliver(wudf_usb_transfer *t)
{
    wudf_request *r = t->request;
    wudf_host *host = r->obj.host;
    IWDFRequestCompletionParams *params = wudf_usb_params_create(t);
    if (params) {
        /* The request keeps them for GetCompletionParams (their first slots are IWDFRequestCompletionParams');
         * a request already cleaned up (its device went) would never let go of them. */
        IUnknown_AddRef((IUnknown *)(void *)params);
        uv_mutex_lock(&host->lock);
        IWDFIoRequestCompletionParams *old = NULL;
        if (!r->obj.cleaned) {
            old = r->completion_params;
            r->completion_params = (IWDFIoRequestCompletionParams *)(void *)params;
        }
        int kept = !r->obj.cleaned;
        uv_mutex_unlock(&host->lock);
        WUDF_RELEASE(old);
        if (!kept)
            IUnknown_Release((IUnknown *)(void *)params);
    }
    usb_completion *c = !t->synchronous && t->callback && params ? malloc(sizeof *c) : NULL;
    if (c) {
        c->request = wudf_usb_referenced(&r->obj);
        c->target = wudf_usb_referenced(t->target);
        c->callback = t->callback;
        IRequestCallbackRequestCompletion_AddRef(c->callback);
        c->context = t->context;
        c->params = params; /* the creation reference */
        wudf_workers_post(host->workers, run_completion, c);
        return;
    }
    if (params)
        IUnknown_Release((IUnknown *)(void *)params);
    if (t->synchronous)
        return;
    if (t->callback)
        wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=complete-without-callback irp=%llu",
                 (unsigned long long)r->irp_id);
    /* No callback (or SEND_AND_FORGET): the request goes back to its sender with the transfer's result. */
    if (wudf_request_from_queue(r))
        wudf_request_complete(r, wudf_hresult_from_ntstatus(t->status), t->transferred);
}
