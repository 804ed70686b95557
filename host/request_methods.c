/*
 * The IWDFIoRequest(2, 3) methods a driver calls: parameters,
 * buffers, completion. Requests use buffered I/O: input and output memory
 * are framework copies, so any bounds a driver breaks stay in our buffers.
 */
#include "stack.h"
#include "usb_hooks.h"

#include <stddef.h>
#include <string.h>

#include "log.h"

static wudf_request *req_of(IWDFIoRequest2 *This)
{
    return (wudf_request *)(void *)This;
}

WUDF_OBJECT_METHODS(request, IWDFIoRequest2)

static void STDMETHODCALLTYPE request_CompleteWithInformation(IWDFIoRequest2 *This, HRESULT status,
                                                              SIZE_T information)
{
    wudf_request_complete(req_of(This), status, information);
}

static void STDMETHODCALLTYPE request_SetInformation(IWDFIoRequest2 *This, ULONG_PTR information)
{
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    if (r->state != REQUEST_COMPLETED)
        r->information = information;
    uv_mutex_unlock(&r->obj.host->lock);
}

static void STDMETHODCALLTYPE request_Complete(IWDFIoRequest2 *This, HRESULT status)
{
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    ULONG_PTR information = r->information;
    uv_mutex_unlock(&r->obj.host->lock);
    wudf_request_complete(r, status, information);
}

static void STDMETHODCALLTYPE request_SetCompletionCallback(IWDFIoRequest2 *This,
                                                            IRequestCallbackRequestCompletion *callback,
                                                            void *context)
{
    wudf_request *r = req_of(This);
    if (callback)
        IRequestCallbackRequestCompletion_AddRef(callback);
    uv_mutex_lock(&r->obj.host->lock);
    IRequestCallbackRequestCompletion *old = r->completion_callback;
    r->completion_callback = callback;
    r->completion_context = context;
    uv_mutex_unlock(&r->obj.host->lock);
    WUDF_RELEASE(old);
}

static WDF_REQUEST_TYPE STDMETHODCALLTYPE request_GetType(IWDFIoRequest2 *This)
{
    return req_of(This)->type;
}

static void STDMETHODCALLTYPE request_GetCreateParameters(IWDFIoRequest2 *This, ULONG *options, USHORT *attributes,
                                                          USHORT *share)
{
    /* The wire carries no create options yet: report a plain open. */
    if (options)
        *options = 0;
    if (attributes)
        *attributes = 0;
    if (share)
        *share = 0;
}

static void STDMETHODCALLTYPE request_GetReadParameters(IWDFIoRequest2 *This, SIZE_T *size, LONGLONG *offset,
                                                        ULONG *key)
{
    wudf_request *r = req_of(This);
    int read = r->type == WdfRequestRead;
    if (size)
        *size = read ? r->output_length : 0;
    if (offset)
        *offset = read ? (LONGLONG)r->offset : 0;
    if (key)
        *key = 0;
}

static void STDMETHODCALLTYPE request_GetWriteParameters(IWDFIoRequest2 *This, SIZE_T *size, LONGLONG *offset,
                                                         ULONG *key)
{
    wudf_request *r = req_of(This);
    int write = r->type == WdfRequestWrite;
    if (size)
        *size = write ? r->input_length : 0;
    if (offset)
        *offset = write ? (LONGLONG)r->offset : 0;
    if (key)
        *key = 0;
}

static void STDMETHODCALLTYPE request_GetDeviceIoControlParameters(IWDFIoRequest2 *This, ULONG *code,
                                                                   SIZE_T *in_size, SIZE_T *out_size)
{
    wudf_request *r = req_of(This);
    int ioctl = r->type == WdfRequestDeviceIoControl || r->type == WdfRequestInternalIoctl;
    if (code)
        *code = ioctl ? r->ioctl_code : 0;
    if (in_size)
        *in_size = ioctl ? r->input_length : 0;
    if (out_size)
        *out_size = ioctl ? r->output_length : 0;
}

static IWDFMemory *referenced(wudf_memory *m)
{
    if (!m)
        return NULL;
    wudf_object_addref(&m->obj);
    return (IWDFMemory *)(void *)m;
}

static void STDMETHODCALLTYPE request_GetOutputMemory(IWDFIoRequest2 *This, IWDFMemory **memory)
{
    if (memory)
        *memory = referenced(req_of(This)->output_memory);
}

static void STDMETHODCALLTYPE request_GetInputMemory(IWDFIoRequest2 *This, IWDFMemory **memory)
{
    if (memory)
        *memory = referenced(req_of(This)->input_memory);
}

static void STDMETHODCALLTYPE request_MarkCancelable(IWDFIoRequest2 *This, IRequestCallbackCancel *callback)
{
    wudf_request_mark_cancelable(req_of(This), callback);
}

static HRESULT STDMETHODCALLTYPE request_UnmarkCancelable(IWDFIoRequest2 *This)
{
    return wudf_request_unmark_cancelable(req_of(This));
}

static BOOL STDMETHODCALLTYPE request_CancelSentRequest(IWDFIoRequest2 *This)
{
    /* In flight at a target (USB, file handle, a lower layer of the stack) or waiting in a stopped one:
     * it ends with STATUS_CANCELLED. */
    wudf_request *r = req_of(This);
    return wudf_stack_cancel_sent(r) || wudf_request_cancel_sent(r);
}

static HRESULT STDMETHODCALLTYPE request_ForwardToIoQueue(IWDFIoRequest2 *This, IWDFIoQueue *destination)
{
    return wudf_request_forward(req_of(This), destination);
}

static HRESULT STDMETHODCALLTYPE request_Send(IWDFIoRequest2 *This, IWDFIoTarget *target, ULONG flags,
                                              LONGLONG timeout)
{
    return wudf_request_send(req_of(This), target, flags, timeout);
}

static void STDMETHODCALLTYPE request_GetFileObject(IWDFIoRequest2 *This, IWDFFile **file)
{
    if (!file)
        return;
    wudf_file *f = req_of(This)->file;
    if (f)
        wudf_object_addref(&f->obj);
    *file = (IWDFFile *)(void *)f;
}

static void STDMETHODCALLTYPE request_FormatUsingCurrentType(IWDFIoRequest2 *This)
{
    /* The request's own type and buffers for the next send: an earlier Format* for a target is dropped. */
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    struct wudf_io_format *old = NULL;
    if (r->state == REQUEST_DRIVER && !r->pended && !r->file_io && !r->sent_down) {
        old = r->io_format;
        r->io_format = NULL;
    }
    uv_mutex_unlock(&r->obj.host->lock);
    wudf_io_format_free(old);
}

/* A request comes from the process that opened its file (a connection is one process), in every layer
 * of the stack; one without a file, or on a file the driver made, has none (0). */
static ULONG STDMETHODCALLTYPE request_GetRequestorProcessId(IWDFIoRequest2 *This)
{
    wudf_request *r = req_of(This);
    return r->file ? r->file->initiator_pid : 0;
}

static void STDMETHODCALLTYPE request_GetIoQueue(IWDFIoRequest2 *This, IWDFIoQueue **queue)
{
    if (!queue)
        return;
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    wudf_queue *q = r->queue;
    if (q)
        wudf_object_addref(&q->obj);
    uv_mutex_unlock(&r->obj.host->lock);
    *queue = (IWDFIoQueue *)(void *)q;
}

static HRESULT STDMETHODCALLTYPE request_Impersonate(IWDFIoRequest2 *This, SECURITY_IMPERSONATION_LEVEL level,
                                                     IImpersonateCallback *callback, void *context)
{
    return wudf_request_impersonate(req_of(This), level, callback, context);
}

static BOOL STDMETHODCALLTYPE request_IsFrom32BitProcess(IWDFIoRequest2 *This)
{
    return FALSE;
}

static void STDMETHODCALLTYPE request_GetCompletionParams(IWDFIoRequest2 *This, IWDFRequestCompletionParams **params)
{
    if (!params)
        return;
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    IWDFIoRequestCompletionParams *p = r->completion_params;
    if (p)
        IWDFIoRequestCompletionParams_AddRef(p);
    uv_mutex_unlock(&r->obj.host->lock);
    *params = (IWDFRequestCompletionParams *)(void *)p;
}

static void STDMETHODCALLTYPE request_Reuse(IWDFIoRequest2 *This, HRESULT status)
{
    wudf_request_reuse(req_of(This), status);
}

static WDF_KPROCESSOR_MODE STDMETHODCALLTYPE request_GetRequestorMode(IWDFIoRequest2 *This)
{
    return WdfUserMode;
}

static BOOL STDMETHODCALLTYPE request_IsFromUserModeDriver(IWDFIoRequest2 *This)
{
    return FALSE;
}

static HRESULT retrieve_buffer(wudf_memory *m, int allowed, SIZE_T minimum, PVOID *buffer, SIZE_T *size)
{
    if (!buffer)
        return E_POINTER;
    *buffer = NULL;
    if (size)
        *size = 0;
    if (!allowed)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    if (!m || m->size < minimum || m->size == 0)
        return HRESULT_FROM_NT(STATUS_BUFFER_TOO_SMALL);
    *buffer = m->buffer;
    if (size)
        *size = m->size;
    return S_OK;
}

/* A set-information request's information is its input, a query's goes to its output (Learn:
 * GetSetInformationParameters / GetQueryInformationParameters). */
static int has_input(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestWrite || type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl ||
           type == WdfRequestSetInformation;
}

static int has_output(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestRead || type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl ||
           type == WdfRequestQueryInformation;
}

static HRESULT STDMETHODCALLTYPE request_RetrieveInputBuffer(IWDFIoRequest2 *This, SIZE_T minimum, PVOID *buffer,
                                                             SIZE_T *size)
{
    wudf_request *r = req_of(This);
    return retrieve_buffer(r->input_memory, has_input(r->type), minimum, buffer, size);
}

static HRESULT STDMETHODCALLTYPE request_RetrieveOutputBuffer(IWDFIoRequest2 *This, SIZE_T minimum, PVOID *buffer,
                                                              SIZE_T *size)
{
    wudf_request *r = req_of(This);
    return retrieve_buffer(r->output_memory, has_output(r->type), minimum, buffer, size);
}

static HRESULT retrieve_memory(wudf_memory *m, int allowed, IWDFMemory **memory)
{
    if (!memory)
        return E_POINTER;
    *memory = NULL;
    if (!allowed)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    if (!m)
        return HRESULT_FROM_NT(STATUS_BUFFER_TOO_SMALL);
    *memory = referenced(m);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE request_RetrieveInputMemory(IWDFIoRequest2 *This, IWDFMemory **memory)
{
    return retrieve_memory(req_of(This)->input_memory, has_input(req_of(This)->type), memory);
}

static HRESULT STDMETHODCALLTYPE request_RetrieveOutputMemory(IWDFIoRequest2 *This, IWDFMemory **memory)
{
    return retrieve_memory(req_of(This)->output_memory, has_output(req_of(This)->type), memory);
}

static WDF_DEVICE_IO_TYPE STDMETHODCALLTYPE request_GetEffectiveIoType(IWDFIoRequest2 *This)
{
    return wudf_io_effective_type(req_of(This));
}

static void STDMETHODCALLTYPE request_GetCreateParametersEx(IWDFIoRequest2 *This, ULONG *options, USHORT *attributes,
                                                            USHORT *share, ACCESS_MASK *access)
{
    request_GetCreateParameters(This, options, attributes, share);
    if (access)
        *access = 0;
}

/* Such requests reach a driver only from a layer above it in its stack (stack_send.c): the wire carries
 * no IRP_MJ_QUERY_INFORMATION or IRP_MJ_SET_INFORMATION. A request of another type reports nothing. */
static void information_parameters(wudf_request *r, WDF_REQUEST_TYPE type, uint32_t length,
                                   WDF_FILE_INFORMATION_CLASS *information_class, SIZE_T *size)
{
    int match = r->type == type;
    if (information_class)
        *information_class = match ? r->information_class : (WDF_FILE_INFORMATION_CLASS)0;
    if (size)
        *size = match ? length : 0;
}

static void STDMETHODCALLTYPE request_GetQueryInformationParameters(IWDFIoRequest2 *This,
                                                                    WDF_FILE_INFORMATION_CLASS *information_class,
                                                                    SIZE_T *size)
{
    wudf_request *r = req_of(This);
    information_parameters(r, WdfRequestQueryInformation, r->output_length, information_class, size);
}

static void STDMETHODCALLTYPE request_GetSetInformationParameters(IWDFIoRequest2 *This,
                                                                  WDF_FILE_INFORMATION_CLASS *information_class,
                                                                  SIZE_T *size)
{
    wudf_request *r = req_of(This);
    information_parameters(r, WdfRequestSetInformation, r->input_length, information_class, size);
}

static BOOL STDMETHODCALLTYPE request_IsCanceled(IWDFIoRequest2 *This)
{
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    BOOL canceled = r->canceled ? TRUE : FALSE;
    uv_mutex_unlock(&r->obj.host->lock);
    return canceled;
}

static HRESULT STDMETHODCALLTYPE request_GetStatus(IWDFIoRequest2 *This)
{
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    /* A send's status, else the completion's or Reuse's (S_OK before either). */
    HRESULT hr = r->status;
    if (r->completion_params)
        hr = IWDFIoRequestCompletionParams_GetCompletionStatus(r->completion_params);
    uv_mutex_unlock(&r->obj.host->lock);
    return hr;
}

static void STDMETHODCALLTYPE request_StopAcknowledge(IWDFIoRequest2 *This, BOOL requeue)
{
    wudf_request_stop_acknowledge(req_of(This), requeue);
}

static HRESULT STDMETHODCALLTYPE request_Requeue(IWDFIoRequest2 *This)
{
    return wudf_request_requeue(req_of(This));
}

/* IWDFIoRequest3 (UMDF 1.11): the two marks a driver puts on a request for the drivers below. */
static void STDMETHODCALLTYPE request_SetUserModeDriverInitiatedIo(IWDFIoRequest2 *This, BOOL initiated)
{
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    wudf_request_more_of(r)->umdf_initiated = initiated ? 1 : 0;
    uv_mutex_unlock(&r->obj.host->lock);
}

static BOOL STDMETHODCALLTYPE request_GetUserModeDriverInitiatedIo(IWDFIoRequest2 *This)
{
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    BOOL initiated = wudf_request_more_of(r)->umdf_initiated ? TRUE : FALSE;
    uv_mutex_unlock(&r->obj.host->lock);
    return initiated;
}

static HRESULT STDMETHODCALLTYPE request_RetrieveActivityId(IWDFIoRequest2 *This, LPGUID activity)
{
    if (!activity)
        return E_POINTER;
    wudf_request *r = req_of(This);
    uv_mutex_lock(&r->obj.host->lock);
    wudf_request_more *more = wudf_request_more_of(r);
    /* No ETW kernel provider hands ids to requests here: only SetActivityId gives one. */
    HRESULT hr = more->activity_set ? S_OK : HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
    if (more->activity_set)
        *activity = more->activity_id;
    uv_mutex_unlock(&r->obj.host->lock);
    return hr;
}

static void STDMETHODCALLTYPE request_SetActivityId(IWDFIoRequest2 *This, LPGUID activity)
{
    wudf_request *r = req_of(This);
    if (!activity) {
        wudf_driver_bug("activity-id-null", "IWDFIoRequest3::SetActivityId without an id (ignored)");
        return;
    }
    uv_mutex_lock(&r->obj.host->lock);
    wudf_request_more_of(r)->activity_id = *activity;
    wudf_request_more_of(r)->activity_set = 1;
    uv_mutex_unlock(&r->obj.host->lock);
}

const wudf_request_vtable wudf_request_vtbl = {
    .v2 = {
        WUDF_OBJECT_VTBL(request),
        .CompleteWithInformation = request_CompleteWithInformation,
        .SetInformation = request_SetInformation,
        .Complete = request_Complete,
        .SetCompletionCallback = request_SetCompletionCallback,
        .GetType = request_GetType,
        .GetCreateParameters = request_GetCreateParameters,
        .GetReadParameters = request_GetReadParameters,
        .GetWriteParameters = request_GetWriteParameters,
        .GetDeviceIoControlParameters = request_GetDeviceIoControlParameters,
        .GetOutputMemory = request_GetOutputMemory,
        .GetInputMemory = request_GetInputMemory,
        .MarkCancelable = request_MarkCancelable,
        .UnmarkCancelable = request_UnmarkCancelable,
        .CancelSentRequest = request_CancelSentRequest,
        .ForwardToIoQueue = request_ForwardToIoQueue,
        .Send = request_Send,
        .GetFileObject = request_GetFileObject,
        .FormatUsingCurrentType = request_FormatUsingCurrentType,
        .GetRequestorProcessId = request_GetRequestorProcessId,
        .GetIoQueue = request_GetIoQueue,
        .Impersonate = request_Impersonate,
        .IsFrom32BitProcess = request_IsFrom32BitProcess,
        .GetCompletionParams = request_GetCompletionParams,
        .Reuse = request_Reuse,
        .GetRequestorMode = request_GetRequestorMode,
        .IsFromUserModeDriver = request_IsFromUserModeDriver,
        .RetrieveInputBuffer = request_RetrieveInputBuffer,
        .RetrieveOutputBuffer = request_RetrieveOutputBuffer,
        .RetrieveInputMemory = request_RetrieveInputMemory,
        .RetrieveOutputMemory = request_RetrieveOutputMemory,
        .GetEffectiveIoType = request_GetEffectiveIoType,
        .GetCreateParametersEx = request_GetCreateParametersEx,
        .GetQueryInformationParameters = request_GetQueryInformationParameters,
        .GetSetInformationParameters = request_GetSetInformationParameters,
        .IsCanceled = request_IsCanceled,
        .GetStatus = request_GetStatus,
        .StopAcknowledge = request_StopAcknowledge,
        .Requeue = request_Requeue,
    },
    .SetUserModeDriverInitiatedIo = request_SetUserModeDriverInitiatedIo,
    .GetUserModeDriverInitiatedIo = request_GetUserModeDriverInitiatedIo,
    .RetrieveActivityId = request_RetrieveActivityId,
    .SetActivityId = request_SetActivityId,
};
_Static_assert(offsetof(wudf_request_vtable, SetActivityId) == offsetof(IWDFIoRequest3Vtbl, SetActivityId) &&
                   sizeof(wudf_request_vtable) == sizeof(IWDFIoRequest3Vtbl),
               "the requests' vtable has IWDFIoRequest3's layout");
