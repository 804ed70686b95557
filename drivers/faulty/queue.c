/*
 * The faulty device's default queue (parallel, so a held request never delays the ones behind it):
 * opens, and the IOCTL_FAULTY_* codes of faulty_ioctl.h. The same object is the cancel callback of held
 * requests. Every request it is given counts towards FaultAfter, which may turn it into a fault.
 */
#include "faulty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct faulty_queue {
    IQueueCallbackDeviceIoControl ioctl; /* first: the object's IUnknown identity */
    IQueueCallbackCreate create;
    IRequestCallbackCancel cancel;
    atomic_uint_least32_t refs;
    faulty_device *dev; /* a counted reference: the callbacks use the device's state */
} faulty_queue;

static HRESULT queue_query(faulty_queue *q, REFIID riid, void **ppv);

static ULONG queue_addref(faulty_queue *q)
{
    return atomic_fetch_add(&q->refs, 1) + 1;
}

static ULONG queue_release(faulty_queue *q)
{
    ULONG refs = atomic_fetch_sub(&q->refs, 1) - 1;
    if (refs == 0) {
        faulty_device_release(q->dev);
        free(q);
        wudf_module_object_destroyed();
    }
    return refs;
}

/* The trigger named in the log line of a fault FaultAfter scheduled. */
static void commit_scheduled(faulty_device *dev, IWDFIoRequest *request, uint32_t kind, SIZE_T out_size)
{
    char trigger[48];
    faulty_lock_acquire(&dev->lock);
    unsigned long number = (unsigned long)dev->settings.after;
    faulty_lock_release(&dev->lock);
    snprintf(trigger, sizeof trigger, "FaultAfter=%lu", number);
    faulty_fault_commit(dev, request, kind, 0, out_size, trigger);
}

/* --- IQueueCallbackCreate: every open succeeds ----------------------------------------------------- */

FAULTY_IUNKNOWN_THUNKS(create, IQueueCallbackCreate, faulty_queue, create, queue_query, queue_addref, queue_release)

static void STDMETHODCALLTYPE create_OnCreateFile(IQueueCallbackCreate *This, IWDFIoQueue *queue,
                                                  IWDFIoRequest *request, IWDFFile *file)
{
    faulty_device *dev = FAULTY_CONTAINER(This, faulty_queue, create)->dev;
    uint32_t scheduled = faulty_device_begin_request(dev);
    if (scheduled != FAULTY_NONE)
        commit_scheduled(dev, request, scheduled, 0);
    else
        IWDFIoRequest_Complete(request, S_OK);
}

static const IQueueCallbackCreateVtbl create_vtbl = {
    create_QueryInterface, create_AddRef, create_Release, create_OnCreateFile,
};

/* --- The I/O controls ------------------------------------------------------------------------------ */

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void inject(faulty_device *dev, IWDFIoRequest *request, SIZE_T in_size, SIZE_T out_size)
{
    unsigned char bytes[sizeof(struct faulty_inject)];
    IWDFMemory *in = NULL;
    IWDFIoRequest_GetInputMemory(request, &in);
    HRESULT hr = in_size < sizeof bytes || !in ? HRESULT_FROM_NT(STATUS_INVALID_PARAMETER)
                                               : IWDFMemory_CopyToBuffer(in, 0, bytes, sizeof bytes);
    if (in)
        IWDFMemory_Release(in);
    if (FAILED(hr)) {
        IWDFIoRequest_Complete(request, hr);
        return;
    }
    uint32_t kind = get_le32(bytes + offsetof(struct faulty_inject, kind));
    uint32_t arg = get_le32(bytes + offsetof(struct faulty_inject, arg));
    faulty_fault_commit(dev, request, kind, arg, out_size, "ioctl");
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

#define PUT_STAT(bytes, stats, field) put_le32((bytes) + offsetof(struct faulty_stats, field), (stats).field)

static void get_stats(faulty_device *dev, IWDFIoRequest *request, SIZE_T out_size)
{
    if (out_size < sizeof(struct faulty_stats)) {
        IWDFIoRequest_Complete(request, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
        return;
    }
    struct faulty_stats stats;
    faulty_device_snapshot(dev, &stats);
    /* The contract is little-endian whatever the host's byte order. */
    unsigned char bytes[sizeof(struct faulty_stats)];
    memset(bytes, 0, sizeof bytes);
    PUT_STAT(bytes, stats, requests);
    PUT_STAT(bytes, stats, injected);
    PUT_STAT(bytes, stats, held);
    PUT_STAT(bytes, stats, cancels);
    PUT_STAT(bytes, stats, generation_pid);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetOutputMemory(request, &memory);
    HRESULT hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, bytes, sizeof bytes) : E_POINTER;
    if (memory)
        IWDFMemory_Release(memory);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? sizeof bytes : 0);
}

FAULTY_IUNKNOWN_THUNKS(ioctl, IQueueCallbackDeviceIoControl, faulty_queue, ioctl, queue_query, queue_addref,
                       queue_release)

static void STDMETHODCALLTYPE ioctl_OnDeviceIoControl(IQueueCallbackDeviceIoControl *This, IWDFIoQueue *queue,
                                                      IWDFIoRequest *request, ULONG code, SIZE_T in_size,
                                                      SIZE_T out_size)
{
    faulty_queue *q = FAULTY_CONTAINER(This, faulty_queue, ioctl);
    uint32_t scheduled = faulty_device_begin_request(q->dev);
    if (scheduled != FAULTY_NONE) {
        commit_scheduled(q->dev, request, scheduled, out_size);
        return;
    }
    switch (code) {
    case IOCTL_FAULTY_INJECT:
        inject(q->dev, request, in_size, out_size);
        break;
    case IOCTL_FAULTY_LOOPBACK:
        loopback(request, in_size, out_size);
        break;
    case IOCTL_FAULTY_HOLD:
        faulty_held_add(q->dev, request, &q->cancel);
        break;
    case IOCTL_FAULTY_GET_STATS:
        get_stats(q->dev, request, out_size);
        break;
    default:
        IWDFIoRequest_Complete(request, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        break;
    }
}

static const IQueueCallbackDeviceIoControlVtbl ioctl_vtbl = {
    ioctl_QueryInterface, ioctl_AddRef, ioctl_Release, ioctl_OnDeviceIoControl,
};

/* --- IRequestCallbackCancel: the client cancelled a held request ----------------------------------- */

FAULTY_IUNKNOWN_THUNKS(cancel, IRequestCallbackCancel, faulty_queue, cancel, queue_query, queue_addref, queue_release)

static void STDMETHODCALLTYPE cancel_OnCancel(IRequestCallbackCancel *This, IWDFIoRequest *request)
{
    faulty_held_cancel(FAULTY_CONTAINER(This, faulty_queue, cancel)->dev, request);
}

static const IRequestCallbackCancelVtbl cancel_vtbl = {
    cancel_QueryInterface, cancel_AddRef, cancel_Release, cancel_OnCancel,
};

/* --- The object -------------------------------------------------------------------------------- */

static HRESULT queue_query(faulty_queue *q, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IQueueCallbackDeviceIoControl))
        *ppv = &q->ioctl;
    else if (IsEqualIID(riid, &IID_IQueueCallbackCreate))
        *ppv = &q->create;
    else if (IsEqualIID(riid, &IID_IRequestCallbackCancel))
        *ppv = &q->cancel;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    queue_addref(q);
    return S_OK;
}

HRESULT faulty_queue_create(faulty_device *dev, IWDFDevice *device)
{
    faulty_queue *q = calloc(1, sizeof *q);
    if (!q)
        return E_OUTOFMEMORY;
    q->ioctl.lpVtbl = &ioctl_vtbl;
    q->create.lpVtbl = &create_vtbl;
    q->cancel.lpVtbl = &cancel_vtbl;
    atomic_init(&q->refs, 1);
    faulty_device_addref(dev);
    q->dev = dev;
    wudf_module_object_created();
    /* Default, parallel, power-managed; reads and writes have no callback, so the framework refuses them. */
    IWDFIoQueue *queue = NULL;
    HRESULT hr = IWDFDevice_CreateIoQueue(device, (IUnknown *)(void *)&q->ioctl, TRUE, WdfIoQueueDispatchParallel,
                                          TRUE, FALSE, &queue);
    /* The queue belongs to the device; the framework holds its own reference to our callbacks. */
    if (queue)
        IWDFIoQueue_Release(queue);
    queue_release(q);
    return hr;
}
