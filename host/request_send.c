/*
 * IWDFIoRequest::Send to an I/O target and the completion parameters the
 * driver reads afterwards (IWDFIoRequestCompletionParams). Nothing lies
 * below a root-enumerated device, so every send completes at once with
 * STATUS_INVALID_DEVICE_REQUEST; the flags decide how the driver learns it:
 * SYNCHRONOUS returns after completion, SEND_AND_FORGET completes the request
 * to its sender, otherwise the completion callback runs on a worker (or,
 * without one, the framework completes the request for the driver).
 */
#include "framework.h"

#include <stdlib.h>

#include "log.h"
#include "hresult.h"

typedef struct completion_params {
    wudf_object obj;
    NTSTATUS status;
    WDF_REQUEST_TYPE type;
    ULONG ioctl_code;
    wudf_memory *input;   /* referenced */
    wudf_memory *output;  /* referenced */
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
    return 0;
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

static void STDMETHODCALLTYPE params_GetWriteParameters(IWDFIoRequestCompletionParams *This, IWDFMemory **memory,
                                                        SIZE_T *bytes, SIZE_T *offset)
{
    if (memory)
        *memory = referenced(params_of(This)->input);
    if (bytes)
        *bytes = 0;
    if (offset)
        *offset = 0;
}

static void STDMETHODCALLTYPE params_GetReadParameters(IWDFIoRequestCompletionParams *This, IWDFMemory **memory,
                                                       SIZE_T *bytes, SIZE_T *offset)
{
    if (memory)
        *memory = referenced(params_of(This)->output);
    if (bytes)
        *bytes = 0;
    if (offset)
        *offset = 0;
}

static void STDMETHODCALLTYPE params_GetIoctlParameters(IWDFIoRequestCompletionParams *This, ULONG *code,
                                                        IWDFMemory **input, SIZE_T *input_offset,
                                                        IWDFMemory **output, SIZE_T *output_offset,
                                                        SIZE_T *out_bytes)
{
    completion_params *p = params_of(This);
    if (code)
        *code = p->ioctl_code;
    if (input)
        *input = referenced(p->input);
    if (input_offset)
        *input_offset = 0;
    if (output)
        *output = referenced(p->output);
    if (output_offset)
        *output_offset = 0;
    if (out_bytes)
        *out_bytes = 0;
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

IWDFIoRequestCompletionParams *wudf_completion_params_create(wudf_request *r, NTSTATUS status)
{
    completion_params *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->status = status;
    p->type = r->type;
    p->ioctl_code = r->ioctl_code;
    /* The memory, not the request: the request keeps the parameters, so a back reference would be a cycle. */
    p->input = r->input_memory;
    p->output = r->output_memory;
    if (p->input)
        wudf_object_addref(&p->input->obj);
    if (p->output)
        wudf_object_addref(&p->output->obj);
    wudf_object_init(&p->obj, &params_vtbl, &params_type, r->obj.host, NULL, NULL);
    return (IWDFIoRequestCompletionParams *)(void *)p;
}

typedef struct sent_completion {
    wudf_request *request;
    wudf_io_target *target;
    IRequestCallbackRequestCompletion *callback;
    void *context;
    IWDFIoRequestCompletionParams *params;
} sent_completion;

static void run_completion(void *arg)
{
    sent_completion *sc = arg;
    wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=IRequestCallbackRequestCompletion::OnCompletion irp=%llu",
             (unsigned long long)sc->request->irp_id);
    wudf_device_enter(sc->target->device);
    IRequestCallbackRequestCompletion_OnCompletion(sc->callback, (IWDFIoRequest *)(void *)sc->request,
                                                   (IWDFIoTarget *)(void *)sc->target,
                                                   (IWDFRequestCompletionParams *)(void *)sc->params, sc->context);
    wudf_device_leave(sc->target->device);
    IRequestCallbackRequestCompletion_Release(sc->callback);
    IWDFIoRequestCompletionParams_Release(sc->params);
    wudf_object_release(&sc->target->obj);
    wudf_object_release(&sc->request->obj);
    free(sc);
}

HRESULT wudf_request_send(wudf_request *r, IWDFIoTarget *target, ULONG flags)
{
    wudf_io_target *t = wudf_io_target_from(target);
    wudf_host *host = r->obj.host;
    if (!t)
        return E_INVALIDARG;
    uv_mutex_lock(&host->lock);
    int owned = r->state == REQUEST_DRIVER;
    uv_mutex_unlock(&host->lock);
    if (!owned)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    const NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST; /* no lower device */
    if (flags & WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET) {
        if (r->from_reflector)
            wudf_request_complete_nt(r, status);
        return S_OK;
    }
    IWDFIoRequestCompletionParams *params = wudf_completion_params_create(r, status);
    if (!params)
        return E_OUTOFMEMORY;
    uv_mutex_lock(&host->lock);
    IWDFIoRequestCompletionParams *old = r->completion_params;
    r->completion_params = params;
    IRequestCallbackRequestCompletion *callback = r->completion_callback;
    void *context = r->completion_context;
    if (callback)
        IRequestCallbackRequestCompletion_AddRef(callback);
    uv_mutex_unlock(&host->lock);
    WUDF_RELEASE(old);
    if (flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) {
        WUDF_RELEASE(callback);
        return S_OK;
    }
    if (!callback) {
        if (r->from_reflector)
            wudf_request_complete_nt(r, status);
        return S_OK;
    }
    sent_completion *sc = malloc(sizeof *sc);
    if (!sc) {
        IRequestCallbackRequestCompletion_Release(callback);
        return E_OUTOFMEMORY;
    }
    wudf_object_addref(&r->obj);
    wudf_object_addref(&t->obj);
    IWDFIoRequestCompletionParams_AddRef(params);
    sc->request = r;
    sc->target = t;
    sc->callback = callback;
    sc->context = context;
    sc->params = params;
    wudf_workers_post(host->workers, run_completion, sc);
    return S_OK;
}
