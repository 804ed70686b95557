/*
 * The echo device's I/O control queue (parallel, so a held PEND never delays the requests behind it):
 * the IOCTL_ECHO_* codes of echo_ioctl.h. The same object is the cancel callback of PEND requests.
 */
#include "echo.h"

#include <stdlib.h>
#include <string.h>

typedef struct echo_ioctl_queue {
    IQueueCallbackDeviceIoControl ioctl; /* first: the object's IUnknown identity */
    IRequestCallbackCancel cancel;
    atomic_uint_least32_t refs;
    echo_device *dev; /* a counted reference */
} echo_ioctl_queue;

static HRESULT ioctl_queue_query(echo_ioctl_queue *q, REFIID riid, void **ppv);

static ULONG ioctl_queue_addref(echo_ioctl_queue *q)
{
    return atomic_fetch_add(&q->refs, 1) + 1;
}

static ULONG ioctl_queue_release(echo_ioctl_queue *q)
{
    ULONG refs = atomic_fetch_sub(&q->refs, 1) - 1;
    if (refs == 0) {
        echo_device_release(q->dev);
        free(q);
        wudf_module_object_destroyed();
    }
    return refs;
}

/* --- The I/O controls -------------------------------------------------------------------------- */

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

#define PUT_STAT(bytes, stats, field) put_le32((bytes) + offsetof(struct echo_stats, field), (stats).field)

static void get_stats(echo_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    if (out_size < sizeof(struct echo_stats)) {
        IWDFIoRequest_Complete(request, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
        return;
    }
    struct echo_stats stats;
    echo_device_snapshot(dev, &stats);
    /* The contract is little-endian whatever the host's byte order. */
    unsigned char bytes[sizeof(struct echo_stats)];
    memset(bytes, 0, sizeof bytes);
    PUT_STAT(bytes, stats, creates);
    PUT_STAT(bytes, stats, cleanups);
    PUT_STAT(bytes, stats, closes);
    PUT_STAT(bytes, stats, reads);
    PUT_STAT(bytes, stats, writes);
    PUT_STAT(bytes, stats, ioctls);
    PUT_STAT(bytes, stats, cancels);
    PUT_STAT(bytes, stats, stored_bytes);
    PUT_STAT(bytes, stats, open_files);
    PUT_STAT(bytes, stats, pended);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetOutputMemory(request, &memory);
    HRESULT hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, bytes, sizeof bytes) : E_POINTER;
    if (memory)
        IWDFMemory_Release(memory);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? sizeof bytes : 0);
}

static void loopback(IWDFIoRequest *request, SIZE_T in_size, SIZE_T out_size)
{
    SIZE_T n = in_size < out_size ? in_size : out_size;
    HRESULT hr = S_OK;
    if (n > 0) {
        IWDFMemory *in = NULL, *out = NULL;
        IWDFIoRequest_GetInputMemory(request, &in);
        IWDFIoRequest_GetOutputMemory(request, &out);
        SIZE_T in_bytes = 0;
        void *data = in ? IWDFMemory_GetDataBuffer(in, &in_bytes) : NULL;
        if (!data || !out || in_bytes < n)
            hr = E_POINTER;
        else
            hr = IWDFMemory_CopyFromBuffer(out, 0, data, n);
        if (in)
            IWDFMemory_Release(in);
        if (out)
            IWDFMemory_Release(out);
    }
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? n : 0);
}

static void fail_with(IWDFIoRequest *request, SIZE_T in_size)
{
    unsigned char bytes[4];
    IWDFMemory *in = NULL;
    IWDFIoRequest_GetInputMemory(request, &in);
    HRESULT hr = in_size < sizeof bytes || !in ? HRESULT_FROM_NT(STATUS_INVALID_PARAMETER)
                                               : IWDFMemory_CopyToBuffer(in, 0, bytes, sizeof bytes);
    if (in)
        IWDFMemory_Release(in);
    if (SUCCEEDED(hr)) {
        uint32_t status = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
        hr = HRESULT_FROM_NT(status);
    }
    IWDFIoRequest_Complete(request, hr);
}

ECHO_IUNKNOWN_THUNKS(ioctl, IQueueCallbackDeviceIoControl, echo_ioctl_queue, ioctl, ioctl_queue_query,
                     ioctl_queue_addref, ioctl_queue_release)

static void STDMETHODCALLTYPE ioctl_OnDeviceIoControl(IQueueCallbackDeviceIoControl *This, IWDFIoQueue *queue,
                                                      IWDFIoRequest *request, ULONG code, SIZE_T in_size, SIZE_T out_size)
{
    echo_ioctl_queue *q = ECHO_CONTAINER(This, echo_ioctl_queue, ioctl);
    echo_device_count(q->dev, ECHO_COUNT_IOCTLS);
    switch (code) {
    case IOCTL_ECHO_GET_STATS:
        get_stats(q->dev, request, out_size);
        break;
    case IOCTL_ECHO_PEND:
        echo_held_add(q->dev, request, &q->cancel);
        break;
    case IOCTL_ECHO_LOOPBACK:
    case IOCTL_ECHO_LOOPBACK_IN_DIRECT:
    case IOCTL_ECHO_LOOPBACK_OUT_DIRECT:
    case IOCTL_ECHO_LOOPBACK_NEITHER:
        loopback(request, in_size, out_size);
        break;
    case IOCTL_ECHO_FAIL_WITH:
        fail_with(request, in_size);
        break;
    default:
        IWDFIoRequest_Complete(request, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        break;
    }
}

static const IQueueCallbackDeviceIoControlVtbl ioctl_vtbl = {
    ioctl_QueryInterface, ioctl_AddRef, ioctl_Release, ioctl_OnDeviceIoControl,
};

/* --- IRequestCallbackCancel: the client cancelled a held PEND ----------------------------------- */

ECHO_IUNKNOWN_THUNKS(cancel, IRequestCallbackCancel, echo_ioctl_queue, cancel, ioctl_queue_query, ioctl_queue_addref,
                     ioctl_queue_release)

static void STDMETHODCALLTYPE cancel_OnCancel(IRequestCallbackCancel *This, IWDFIoRequest *request)
{
    echo_held_cancel(ECHO_CONTAINER(This, echo_ioctl_queue, cancel)->dev, request);
}

static const IRequestCallbackCancelVtbl cancel_vtbl = {
    cancel_QueryInterface, cancel_AddRef, cancel_Release, cancel_OnCancel,
};

/* --- The object -------------------------------------------------------------------------------- */

static HRESULT ioctl_queue_query(echo_ioctl_queue *q, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IQueueCallbackDeviceIoControl))
        *ppv = &q->ioctl;
    else if (IsEqualIID(riid, &IID_IRequestCallbackCancel))
        *ppv = &q->cancel;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    ioctl_queue_addref(q);
    return S_OK;
}

HRESULT echo_ioctl_queue_create(echo_device *dev, IWDFDevice *device)
{
    echo_ioctl_queue *q = calloc(1, sizeof *q);
    if (!q)
        return E_OUTOFMEMORY;
    q->ioctl.lpVtbl = &ioctl_vtbl;
    q->cancel.lpVtbl = &cancel_vtbl;
    atomic_init(&q->refs, 1);
    echo_device_addref(dev);
    q->dev = dev;
    wudf_module_object_created();
    IWDFIoQueue *queue = NULL;
    HRESULT hr = IWDFDevice_CreateIoQueue(device, (IUnknown *)(void *)&q->ioctl, FALSE, WdfIoQueueDispatchParallel,
                                          TRUE, FALSE, &queue);
    if (SUCCEEDED(hr))
        hr = IWDFDevice_ConfigureRequestDispatching(device, queue, WdfRequestDeviceIoControl, TRUE);
    if (queue)
        IWDFIoQueue_Release(queue);
    ioctl_queue_release(q);
    return hr;
}
