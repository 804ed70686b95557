/*
 * The echo device's default queue (sequential): creates, reads and writes. A write replaces the stored
 * bytes, a read returns as many of them as fit; every request completes before its callback returns.
 */
#include "echo.h"

#include <stdlib.h>

typedef struct echo_io_queue {
    IQueueCallbackCreate create; /* first: the object's IUnknown identity */
    IQueueCallbackRead read;
    IQueueCallbackWrite write;
    atomic_uint_least32_t refs;
    echo_device *dev; /* a counted reference: the queue's callbacks use the device's state */
} echo_io_queue;

static HRESULT io_queue_query(echo_io_queue *q, REFIID riid, void **ppv);

static ULONG io_queue_addref(echo_io_queue *q)
{
    return atomic_fetch_add(&q->refs, 1) + 1;
}

static ULONG io_queue_release(echo_io_queue *q)
{
    ULONG refs = atomic_fetch_sub(&q->refs, 1) - 1;
    if (refs == 0) {
        echo_device_release(q->dev);
        free(q);
        wudf_module_object_destroyed();
    }
    return refs;
}

/* --- IQueueCallbackCreate ---------------------------------------------------------------------- */

ECHO_IUNKNOWN_THUNKS(create, IQueueCallbackCreate, echo_io_queue, create, io_queue_query, io_queue_addref,
                     io_queue_release)

static void STDMETHODCALLTYPE create_OnCreateFile(IQueueCallbackCreate *This, IWDFIoQueue *queue, IWDFIoRequest *request,
                                                  IWDFFile *file)
{
    echo_device_count(ECHO_CONTAINER(This, echo_io_queue, create)->dev, ECHO_COUNT_CREATES);
    IWDFIoRequest_Complete(request, S_OK);
}

static const IQueueCallbackCreateVtbl create_vtbl = {
    create_QueryInterface, create_AddRef, create_Release, create_OnCreateFile,
};

/* --- IQueueCallbackRead ------------------------------------------------------------------------ */

ECHO_IUNKNOWN_THUNKS(read, IQueueCallbackRead, echo_io_queue, read, io_queue_query, io_queue_addref, io_queue_release)

static void STDMETHODCALLTYPE read_OnRead(IQueueCallbackRead *This, IWDFIoQueue *queue, IWDFIoRequest *request,
                                          SIZE_T to_read)
{
    echo_device *dev = ECHO_CONTAINER(This, echo_io_queue, read)->dev;
    echo_device_count(dev, ECHO_COUNT_READS);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetOutputMemory(request, &memory);
    SIZE_T n = dev->stored_size;
    if (n > to_read)
        n = to_read;
    if (!memory)
        n = 0;
    else if (n > IWDFMemory_GetSize(memory))
        n = IWDFMemory_GetSize(memory);
    HRESULT hr = S_OK;
    if (n > 0)
        hr = IWDFMemory_CopyFromBuffer(memory, 0, dev->stored, n);
    if (memory)
        IWDFMemory_Release(memory);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? n : 0);
}

static const IQueueCallbackReadVtbl read_vtbl = {
    read_QueryInterface, read_AddRef, read_Release, read_OnRead,
};

/* --- IQueueCallbackWrite ----------------------------------------------------------------------- */

ECHO_IUNKNOWN_THUNKS(write, IQueueCallbackWrite, echo_io_queue, write, io_queue_query, io_queue_addref,
                     io_queue_release)

static void STDMETHODCALLTYPE write_OnWrite(IQueueCallbackWrite *This, IWDFIoQueue *queue, IWDFIoRequest *request,
                                            SIZE_T to_write)
{
    echo_device *dev = ECHO_CONTAINER(This, echo_io_queue, write)->dev;
    echo_device_count(dev, ECHO_COUNT_WRITES);
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetInputMemory(request, &memory);
    SIZE_T n = to_write;
    if (!memory)
        n = 0;
    else if (n > IWDFMemory_GetSize(memory))
        n = IWDFMemory_GetSize(memory);
    HRESULT hr = n > ECHO_MAX_STORED_BYTES ? HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER)
                                           : echo_device_store(dev, memory, (uint32_t)n);
    if (memory)
        IWDFMemory_Release(memory);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? n : 0);
}

static const IQueueCallbackWriteVtbl write_vtbl = {
    write_QueryInterface, write_AddRef, write_Release, write_OnWrite,
};

/* --- The object -------------------------------------------------------------------------------- */

static HRESULT io_queue_query(echo_io_queue *q, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IQueueCallbackCreate))
        *ppv = &q->create;
    else if (IsEqualIID(riid, &IID_IQueueCallbackRead))
        *ppv = &q->read;
    else if (IsEqualIID(riid, &IID_IQueueCallbackWrite))
        *ppv = &q->write;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    io_queue_addref(q);
    return S_OK;
}

HRESULT echo_io_queue_create(echo_device *dev, IWDFDevice *device)
{
    echo_io_queue *q = calloc(1, sizeof *q);
    if (!q)
        return E_OUTOFMEMORY;
    q->create.lpVtbl = &create_vtbl;
    q->read.lpVtbl = &read_vtbl;
    q->write.lpVtbl = &write_vtbl;
    atomic_init(&q->refs, 1);
    echo_device_addref(dev);
    q->dev = dev;
    wudf_module_object_created();
    /* Default, sequential, power-managed; zero-length reads and writes are completed by the framework. */
    IWDFIoQueue *queue = NULL;
    HRESULT hr = IWDFDevice_CreateIoQueue(device, (IUnknown *)(void *)&q->create, TRUE, WdfIoQueueDispatchSequential,
                                          TRUE, FALSE, &queue);
    /* The queue belongs to the device; the framework holds its own reference to our callbacks. */
    if (queue)
        IWDFIoQueue_Release(queue);
    io_queue_release(q);
    return hr;
}
