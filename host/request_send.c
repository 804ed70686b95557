/*
 * IWDFIoRequest::Send to an I/O target, and the end of a send as the driver
 * sees it (IWDFIoRequestCompletionParams, then its completion callback).
 * Every send goes through the target's state (io_target_state.c), which
 * sends it, holds it while the target is stopped, or fails it; the target's
 * submit moves it (the default target: down the stack, stack_send.c, or at
 * once below the lowest layer; host/usb/: libusb; file_target.c: the
 * handle's I/O). The flags decide how
 * the driver learns the end: SYNCHRONOUS returns after it, SEND_AND_FORGET
 * completes the request to its sender, otherwise the completion callback
 * runs on a worker (or, without one, the framework completes the request).
 */
#include "io_target_state.h"
#include "stack.h"
#include "usb_hooks.h"
#include "file_target.h"

#include <stdlib.h>

#include "log.h"
#include "hresult.h"

typedef struct completion_params {
    wudf_object obj;
    NTSTATUS status;
    ULONG_PTR information;
    WDF_REQUEST_TYPE type;
    ULONG ioctl_code;
    wudf_memory *input;   /* referenced */
    size_t input_offset;
    wudf_memory *output;  /* referenced */
    size_t output_offset;
} completion_params;

static completion_params *params_of(IWDFIoRequestCompletionParams *This)
{
    return (completion_params *)(void *)This;
}

WUDF_UNKNOWN_METHODS(params, IWDFIoRequestCompletionParams)

static HRESULT STDMETHODCALLTYPE params_GetCompletionStatus(IWDFIoRequestCompletionParams *This)
{
    return wudf_hresult_from_ntstatus(params_of(This)->status);
}

static ULONG_PTR STDMETHODCALLTYPE params_GetInformation(IWDFIoRequestCompletionParams *This)
{
    return params_of(This)->information;
}

static WDF_REQUEST_TYPE STDMETHODCALLTYPE params_GetCompletedRequestType(IWDFIoRequestCompletionParams *This)
{
    return params_of(This)->type;
}

static IWDFMemory *referenced(wudf_memory *m)
{
    if (m)
        wudf_object_addref(&m->obj);
    return (IWDFMemory *)(void *)m;
}

/* One direction's parameters; nothing when the completed request was of another type. */
static void fill(completion_params *p, WDF_REQUEST_TYPE type, wudf_memory *m, size_t memory_offset,
                 IWDFMemory **memory, SIZE_T *bytes, SIZE_T *offset)
{
    int matches = p->type == type;
    if (memory)
        *memory = matches ? referenced(m) : NULL;
    if (bytes)
        *bytes = matches ? p->information : 0;
    if (offset)
        *offset = matches ? memory_offset : 0;
}

static void STDMETHODCALLTYPE params_GetWriteParameters(IWDFIoRequestCompletionParams *This, IWDFMemory **memory,
                                                        SIZE_T *bytes, SIZE_T *offset)
{
    completion_params *p = params_of(This);
    fill(p, WdfRequestWrite, p->input, p->input_offset, memory, bytes, offset);
}

static void STDMETHODCALLTYPE params_GetReadParameters(IWDFIoRequestCompletionParams *This, IWDFMemory **memory,
                                                       SIZE_T *bytes, SIZE_T *offset)
{
    completion_params *p = params_of(This);
    fill(p, WdfRequestRead, p->output, p->output_offset, memory, bytes, offset);
}

static void STDMETHODCALLTYPE params_GetIoctlParameters(IWDFIoRequestCompletionParams *This, ULONG *code,
                                                        IWDFMemory **input, SIZE_T *input_offset,
                                                        IWDFMemory **output, SIZE_T *output_offset,
                                                        SIZE_T *out_bytes)
{
    completion_params *p = params_of(This);
    int ioctl = p->type == WdfRequestDeviceIoControl || p->type == WdfRequestInternalIoctl;
    if (code)
        *code = ioctl ? p->ioctl_code : 0;
    if (input)
        *input = ioctl ? referenced(p->input) : NULL;
    if (input_offset)
        *input_offset = ioctl ? p->input_offset : 0;
    if (output)
        *output = ioctl ? referenced(p->output) : NULL;
    if (output_offset)
        *output_offset = ioctl ? p->output_offset : 0;
    if (out_bytes)
        *out_bytes = ioctl ? p->information : 0;
}

static const IWDFIoRequestCompletionParamsVtbl params_vtbl = {
    WUDF_UNKNOWN_VTBL(params),
    .GetCompletionStatus = params_GetCompletionStatus,
    .GetInformation = params_GetInformation,
    .GetCompletedRequestType = params_GetCompletedRequestType,
    .GetWriteParameters = params_GetWriteParameters,
    .GetReadParameters = params_GetReadParameters,
    .GetIoctlParameters = params_GetIoctlParameters,
};

static void params_destroy(wudf_object *obj)
{
    completion_params *p = (completion_params *)(void *)obj;
    if (p->input)
        wudf_object_release(&p->input->obj);
    if (p->output)
        wudf_object_release(&p->output->obj);
}

static const IID *const params_iids[] = {&IID_IWDFRequestCompletionParams, &IID_IWDFIoRequestCompletionParams, NULL};
static const wudf_object_type params_type = {
    .name = "IWDFIoRequestCompletionParams",
    .iids = params_iids,
    .destroy = params_destroy,
};

/* The parameters of a send of r to target (NULL: the request's own type and buffers). */
static IWDFIoRequestCompletionParams *params_create(wudf_request *r, wudf_object *target, NTSTATUS status,
                                                    ULONG_PTR information)
{
    completion_params *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->status = status;
    p->information = information;
    wudf_io_format f;
    uv_mutex_lock(&r->obj.host->lock);
    HRESULT hr = target ? wudf_io_format_current_locked(r, target, &f) : E_INVALIDARG;
    if (SUCCEEDED(hr)) {
        /* The memory, not the request: the request keeps the parameters, so a back reference would be a cycle. */
        p->type = f.type;
        p->ioctl_code = f.ioctl_code;
        p->input = f.input;
        p->input_offset = f.input_offset;
        p->output = f.output;
        p->output_offset = f.output_offset;
        f.input = f.output = NULL; /* moved */
    } else {
        p->type = r->type;
        p->ioctl_code = r->ioctl_code;
        p->input = r->input_memory;
        p->output = r->output_memory;
        if (p->input)
            wudf_object_addref(&p->input->obj);
        if (p->output)
            wudf_object_addref(&p->output->obj);
    }
    uv_mutex_unlock(&r->obj.host->lock);
    if (SUCCEEDED(hr))
        wudf_io_format_clear(&f);
    wudf_object_init(&p->obj, &params_vtbl, &params_type, r->obj.host, NULL, NULL);
    return (IWDFIoRequestCompletionParams *)(void *)p;
}

IWDFIoRequestCompletionParams *wudf_completion_params_create(wudf_request *r, NTSTATUS status)
{
    return params_create(r, NULL, status, 0);
}

typedef struct sent_completion {
    wudf_request *request;
    wudf_object *target;
    IRequestCallbackRequestCompletion *callback;
    void *context;
    IWDFIoRequestCompletionParams *params;
} sent_completion;

static void run_completion(void *arg)
{
    sent_completion *sc = arg;
    /* Under the callback lock of the sender's device (each layer of a stack has its own). */
    wudf_device *device = wudf_request_device(sc->request);
    wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=IRequestCallbackRequestCompletion::OnCompletion irp=%llu",
             (unsigned long long)sc->request->irp_id);
    wudf_device_enter(device);
    IRequestCallbackRequestCompletion_OnCompletion(sc->callback, (IWDFIoRequest *)(void *)sc->request,
                                                   (IWDFIoTarget *)(void *)sc->target,
                                                   (IWDFRequestCompletionParams *)(void *)sc->params, sc->context);
    wudf_device_leave(device);
    if (device)
        wudf_object_release(&device->obj);
    IRequestCallbackRequestCompletion_Release(sc->callback);
    IWDFIoRequestCompletionParams_Release(sc->params);
    wudf_object_release(sc->target);
    wudf_object_release(&sc->request->obj);
    free(sc);
}

void wudf_sent_complete(wudf_request *r, wudf_object *target, ULONG flags, NTSTATUS status, ULONG_PTR information)
{
    wudf_host *host = r->obj.host;
    HRESULT hr = wudf_hresult_from_ntstatus(status);
    if (flags & WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET) {
        if (wudf_request_from_queue(r))
            wudf_request_complete(r, hr, information);
        return;
    }
    IWDFIoRequestCompletionParams *params = params_create(r, target, status, information);
    uv_mutex_lock(&host->lock);
    IWDFIoRequestCompletionParams *old = NULL;
    if (params && !r->obj.cleaned) {
        /* The request keeps them for GetCompletionParams; a request already cleaned up would never let go. */
        old = r->completion_params;
        r->completion_params = params;
        IWDFIoRequestCompletionParams_AddRef(params);
    }
    IRequestCallbackRequestCompletion *callback = r->completion_callback;
    void *context = r->completion_context;
    if (callback)
        IRequestCallbackRequestCompletion_AddRef(callback);
    uv_mutex_unlock(&host->lock);
    WUDF_RELEASE(old);
    sent_completion *sc = NULL;
    if ((flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) || !callback || !params ||
        !(sc = malloc(sizeof *sc))) {
        if (callback && !(flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS))
            wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=complete-without-callback irp=%llu",
                     (unsigned long long)r->irp_id);
        WUDF_RELEASE(callback);
        WUDF_RELEASE(params);
        /* No callback: the framework completes a request from a queue with the send's outcome. */
        if (!(flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) && wudf_request_from_queue(r))
            wudf_request_complete(r, hr, information);
        return;
    }
    wudf_object_addref(&r->obj);
    wudf_object_addref(target);
    sc->request = r;
    sc->target = target;
    sc->callback = callback;
    sc->context = context;
    sc->params = params; /* the creation reference */
    wudf_workers_post(host->workers, run_completion, sc);
}

/* The state of the target a driver sends to, whatever its kind; NULL when it is none of ours. */
static wudf_target_state *state_of(IWDFIoTarget *target)
{
    wudf_io_target *t = wudf_io_target_from(target);
    if (t)
        return t->state;
    wudf_target_state *ts = wudf_file_target_state(target);
    ts = ts ? ts : wudf_remote_target_state(target);
    return ts ? ts : wudf_usb_target_state(target);
}

HRESULT wudf_request_send(wudf_request *r, IWDFIoTarget *target, ULONG flags, LONGLONG timeout)
{
    wudf_target_state *ts = state_of(target);
    if (!ts) {
        wudf_driver_bug("send-to-unknown-target", "Send to an IWDFIoTarget that is not one of the framework's");
        return E_INVALIDARG;
    }
    if ((flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) && (flags & WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET)) {
        /* "If the driver sets this flag, it cannot set any other flags" (WDF_REQUEST_SEND_OPTIONS_FLAGS). */
        wudf_driver_bug("send-flags", "SEND_AND_FORGET with SYNCHRONOUS");
        return E_INVALIDARG;
    }
    return wudf_target_state_send(ts, r, flags, timeout);
}

BOOL wudf_request_cancel_sent(wudf_request *r)
{
    if (wudf_target_cancel_pended(r))
        return TRUE;
    if (wudf_file_target_cancel_sent(r))
        return TRUE;
    if (wudf_remote_cancel_sent(r))
        return TRUE;
    return wudf_usb_cancel_sent(r);
}
