/*
 * IWDFIoQueue's methods: state (Start, Stop, Drain, Purge and their
 * synchronous forms, GetState), manual retrieval (RetrieveNextRequest) and
 * configuration. A state change completes when the queue has nothing left
 * in the driver (and, for Drain/Purge, nothing waiting); its
 * IQueueCallbackStateChange runs on a worker.
 */
#include "framework.h"

#include <stdlib.h>

#include "log.h"

static wudf_queue *queue_of(IWDFIoQueue *This)
{
    return (wudf_queue *)(void *)This;
}

static WDF_IO_QUEUE_STATE wudf_queue_state_locked(wudf_queue *q)
{
    int state = 0;
    if (q->accepting)
        state |= WdfIoQueueAcceptRequests;
    if (q->dispatching)
        state |= WdfIoQueueDispatchRequests;
    if (q->in_driver == 0) {
        state |= WdfIoQueueDriverNoRequests;
        if (q->waiting_count == 0)
            state |= WdfIoQueueNoRequests;
    }
    return (WDF_IO_QUEUE_STATE)state;
}

typedef struct state_change {
    wudf_queue *queue;
    IQueueCallbackStateChange *callback;
    WDF_IO_QUEUE_STATE state;
} state_change;

static void run_state_change(void *arg)
{
    state_change *sc = arg;
    wudf_device_enter(sc->queue->device);
    IQueueCallbackStateChange_OnStateChange(sc->callback, (IWDFIoQueue *)(void *)sc->queue, sc->state);
    wudf_device_leave(sc->queue->device);
    IQueueCallbackStateChange_Release(sc->callback);
    wudf_object_release(&sc->queue->obj);
    free(sc);
}

void wudf_queue_check_op_locked(wudf_queue *q)
{
    if (q->op == QUEUE_OP_NONE || q->in_driver > 0)
        return;
    if (q->op != QUEUE_OP_STOP && q->waiting_count > 0)
        return;
    q->op = QUEUE_OP_NONE;
    q->op_serial++;
    uv_cond_broadcast(&q->obj.host->changed);
    IQueueCallbackStateChange *cb = q->op_callback;
    q->op_callback = NULL;
    if (cb)
        wudf_queue_post_state_change_locked(q, cb);
}

void wudf_queue_post_state_change_locked(wudf_queue *q, IQueueCallbackStateChange *cb)
{
    state_change *sc = malloc(sizeof *sc);
    if (!sc) {
        IQueueCallbackStateChange_Release(cb); /* the callback holds no framework lock: safe here */
        return;
    }
    wudf_object_addref(&q->obj);
    sc->queue = q;
    sc->callback = cb;
    sc->state = wudf_queue_state_locked(q);
    wudf_workers_post(q->obj.host->workers, run_state_change, sc);
}

/* Starts op on q; returns the serial a synchronous caller waits to see pass. */
static unsigned begin_op(wudf_queue *q, int op, IQueueCallbackStateChange *callback)
{
    wudf_host *host = q->obj.host;
    if (callback)
        IQueueCallbackStateChange_AddRef(callback);
    uv_mutex_lock(&host->lock);
    IQueueCallbackStateChange *previous = q->op_callback;
    if (q->op != QUEUE_OP_NONE)
        wudf_log(WUDF_LOG_WARN, "queue-op-replaced", "queue=%p", (void *)q);
    q->op = op;
    q->op_callback = callback;
    if (op == QUEUE_OP_STOP)
        q->dispatching = 0;
    else
        q->accepting = 0;
    unsigned serial = q->op_serial;
    uv_mutex_unlock(&host->lock);
    WUDF_RELEASE(previous);
    return serial;
}

static void check_op(wudf_queue *q)
{
    uv_mutex_lock(&q->obj.host->lock);
    wudf_queue_check_op_locked(q);
    uv_mutex_unlock(&q->obj.host->lock);
}

static void wait_op(wudf_queue *q, unsigned serial)
{
    /* Unbounded, like UMDF: a driver that never completes its requests never gets here. */
    wudf_host *host = q->obj.host;
    uv_mutex_lock(&host->lock);
    while (q->op_serial == serial)
        uv_cond_wait(&host->changed, &host->lock);
    uv_mutex_unlock(&host->lock);
}

WUDF_OBJECT_METHODS(queue, IWDFIoQueue)

static void STDMETHODCALLTYPE queue_GetDevice(IWDFIoQueue *This, IWDFDevice **device)
{
    if (!device)
        return;
    wudf_object_addref(&queue_of(This)->device->obj);
    *device = (IWDFDevice *)(void *)queue_of(This)->device;
}

static HRESULT STDMETHODCALLTYPE queue_ConfigureRequestDispatching(IWDFIoQueue *This, WDF_REQUEST_TYPE type,
                                                                   BOOL forward)
{
    return wudf_queue_configure(queue_of(This)->device, queue_of(This), type, forward);
}

static WDF_IO_QUEUE_STATE STDMETHODCALLTYPE queue_GetState(IWDFIoQueue *This, ULONG *in_queue, ULONG *in_driver)
{
    wudf_queue *q = queue_of(This);
    uv_mutex_lock(&q->obj.host->lock);
    WDF_IO_QUEUE_STATE state = wudf_queue_state_locked(q);
    if (in_queue)
        *in_queue = q->waiting_count;
    if (in_driver)
        *in_driver = q->in_driver;
    uv_mutex_unlock(&q->obj.host->lock);
    return state;
}

static HRESULT retrieve(wudf_queue *q, wudf_file *file, IWDFIoRequest **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (q->dispatch_type == WdfIoQueueDispatchParallel)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    uv_mutex_lock(&q->obj.host->lock);
    if (!q->dispatching) {
        uv_mutex_unlock(&q->obj.host->lock);
        return HRESULT_FROM_NT(STATUS_WDF_PAUSED);
    }
    wudf_list *pos;
    for (pos = q->waiting.next; pos != &q->waiting; pos = pos->next) {
        wudf_request *r = WUDF_CONTAINER_OF(pos, wudf_request, queue_link);
        if (file && r->file != file)
            continue;
        wudf_list_remove(&r->queue_link);
        if (--q->waiting_count == 0)
            q->ready_notified = 0;
        r->state = REQUEST_DRIVER;
        r->delivered = 1;
        q->in_driver++;
        wudf_object_addref(&r->obj); /* the driver's reference, released by the driver */
        uv_mutex_unlock(&q->obj.host->lock);
        *out = (IWDFIoRequest *)(void *)r;
        return S_OK;
    }
    uv_mutex_unlock(&q->obj.host->lock);
    return HRESULT_FROM_WIN32(ERROR_NO_MORE_ITEMS);
}

static HRESULT STDMETHODCALLTYPE queue_RetrieveNextRequest(IWDFIoQueue *This, IWDFIoRequest **request)
{
    return retrieve(queue_of(This), NULL, request);
}

static HRESULT STDMETHODCALLTYPE queue_RetrieveNextRequestByFileObject(IWDFIoQueue *This, IWDFFile *file,
                                                                       IWDFIoRequest **request)
{
    wudf_file *f = wudf_file_from(file);
    if (!f)
        return E_INVALIDARG;
    return retrieve(queue_of(This), f, request);
}

static void STDMETHODCALLTYPE queue_Start(IWDFIoQueue *This)
{
    wudf_queue *q = queue_of(This);
    uv_mutex_lock(&q->obj.host->lock);
    q->accepting = q->dispatching = 1;
    wudf_queue_pump_locked(q);
    uv_mutex_unlock(&q->obj.host->lock);
}

static void STDMETHODCALLTYPE queue_Stop(IWDFIoQueue *This, IQueueCallbackStateChange *done)
{
    begin_op(queue_of(This), QUEUE_OP_STOP, done);
    check_op(queue_of(This));
}

static void STDMETHODCALLTYPE queue_StopSynchronously(IWDFIoQueue *This)
{
    unsigned serial = begin_op(queue_of(This), QUEUE_OP_STOP, NULL);
    check_op(queue_of(This));
    wait_op(queue_of(This), serial);
}

static void STDMETHODCALLTYPE queue_Drain(IWDFIoQueue *This, IQueueCallbackStateChange *done)
{
    begin_op(queue_of(This), QUEUE_OP_DRAIN, done);
    check_op(queue_of(This));
}

static void STDMETHODCALLTYPE queue_DrainSynchronously(IWDFIoQueue *This)
{
    unsigned serial = begin_op(queue_of(This), QUEUE_OP_DRAIN, NULL);
    check_op(queue_of(This));
    wait_op(queue_of(This), serial);
}

static void STDMETHODCALLTYPE queue_Purge(IWDFIoQueue *This, IQueueCallbackStateChange *done)
{
    begin_op(queue_of(This), QUEUE_OP_PURGE, done);
    wudf_queue_purge(queue_of(This)->device, queue_of(This), 0);
}

static void STDMETHODCALLTYPE queue_PurgeSynchronously(IWDFIoQueue *This)
{
    unsigned serial = begin_op(queue_of(This), QUEUE_OP_PURGE, NULL);
    wudf_queue_purge(queue_of(This)->device, queue_of(This), 0);
    wait_op(queue_of(This), serial);
}

const IWDFIoQueueVtbl wudf_queue_vtbl = {
    WUDF_OBJECT_VTBL(queue),
    .GetDevice = queue_GetDevice,
    .ConfigureRequestDispatching = queue_ConfigureRequestDispatching,
    .GetState = queue_GetState,
    .RetrieveNextRequest = queue_RetrieveNextRequest,
    .RetrieveNextRequestByFileObject = queue_RetrieveNextRequestByFileObject,
    .Start = queue_Start,
    .Stop = queue_Stop,
    .StopSynchronously = queue_StopSynchronously,
    .Drain = queue_Drain,
    .DrainSynchronously = queue_DrainSynchronously,
    .Purge = queue_Purge,
    .PurgeSynchronously = queue_PurgeSynchronously,
};
