/*
 * IWDFIoQueue: holds requests and presents them to the driver according to
 * the dispatch type: sequential (one at a time: the next only after the
 * previous is completed or forwarded), parallel (as they arrive), manual
 * (only through RetrieveNextRequest). Presentation itself runs on a worker
 * (request.c); everything here runs under the host lock and never calls the
 * driver directly. Stop/Drain/Purge are in queue_state.c.
 */
#include "framework.h"

#include <stdlib.h>

#include "log.h"

extern const IWDFIoQueueVtbl wudf_queue_vtbl; /* queue_state.c */

wudf_queue *wudf_queue_from(IWDFIoQueue *queue)
{
    return wudf_object_has_vtbl(queue, &wudf_queue_vtbl) ? (wudf_queue *)(void *)queue : NULL;
}

/* Host lock held: a manual queue's IQueueCallbackStateChange hears of requests in the empty queue. */
static void notify_ready_locked(wudf_queue *q)
{
    if (q->waiting_count == 0) {
        q->ready_notified = 0;
        return;
    }
    if (!q->on_state_change || q->ready_notified)
        return;
    q->ready_notified = 1;
    IQueueCallbackStateChange_AddRef(q->on_state_change);
    wudf_queue_post_state_change_locked(q, q->on_state_change);
}

void wudf_queue_pump_locked(wudf_queue *q)
{
    if (!q->dispatching || q->obj.cleaned)
        return;
    /* A power-managed queue presents only in D0; a request for it brings the device back. */
    if (q->power_managed && !wudf_power_queue_may_dispatch_locked(q))
        return;
    if (q->dispatch_type == WdfIoQueueDispatchManual) {
        notify_ready_locked(q);
        return;
    }
    while (!wudf_list_empty(&q->waiting)) {
        if (q->dispatch_type == WdfIoQueueDispatchSequential && q->in_driver > 0)
            return;
        wudf_request *r = WUDF_CONTAINER_OF(q->waiting.next, wudf_request, queue_link);
        wudf_list_remove(&r->queue_link);
        q->waiting_count--;
        r->state = REQUEST_DRIVER;
        r->delivered = 1;
        q->in_driver++;
        wudf_request_present(r);
    }
}

void wudf_queue_request_left_locked(wudf_queue *q)
{
    if (q->in_driver > 0)
        q->in_driver--;
    uv_cond_broadcast(&q->obj.host->changed);
    wudf_queue_pump_locked(q);
    wudf_queue_check_op_locked(q);
}

void wudf_queue_insert(wudf_queue *q, wudf_request *r)
{
    wudf_host *host = q->obj.host;
    uv_mutex_lock(&host->lock);
    if (!q->accepting || q->obj.cleaned) {
        uv_mutex_unlock(&host->lock);
        wudf_log(WUDF_LOG_DEBUG, "queue-refused", "irp=%llu reason=not-accepting", (unsigned long long)r->irp_id);
        wudf_request_complete_nt(r, STATUS_INVALID_DEVICE_STATE);
        return;
    }
    if (r->canceled) {
        /* Cancelled on its way here (another thread dispatched it): as if cancelled in the queue. */
        uv_mutex_unlock(&host->lock);
        wudf_log(WUDF_LOG_DEBUG, "cancel", "irp=%llu action=completed-before-queue", (unsigned long long)r->irp_id);
        wudf_request_complete_nt(r, STATUS_CANCELLED);
        return;
    }
    wudf_object_addref(&q->obj); /* the request's reference on its queue */
    r->queue = q;
    r->state = REQUEST_QUEUED;
    wudf_list_add_tail(&q->waiting, &r->queue_link);
    q->waiting_count++;
    wudf_queue_pump_locked(q);
    uv_mutex_unlock(&host->lock);
}

static int configurable(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestCreate || type == WdfRequestRead || type == WdfRequestWrite ||
           type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl;
}

HRESULT wudf_queue_configure(wudf_device *d, wudf_queue *q, WDF_REQUEST_TYPE type, BOOL forward)
{
    if (!configurable(type))
        return E_INVALIDARG;
    uv_mutex_lock(&d->obj.host->lock);
    if (forward)
        d->dispatch[type] = q;
    else if (d->dispatch[type] == q)
        d->dispatch[type] = NULL;
    uv_mutex_unlock(&d->obj.host->lock);
    return S_OK;
}

wudf_queue *wudf_queue_for(wudf_device *d, WDF_REQUEST_TYPE type)
{
    uv_mutex_lock(&d->obj.host->lock);
    wudf_queue *q = type < WdfRequestMaximum ? d->dispatch[type] : NULL;
    if (!q) {
        q = d->default_queue;
        /* A function driver that does not ask for creates gets them completed for it. */
        if (q && type == WdfRequestCreate && !q->on_create)
            q = NULL;
    }
    if (q)
        wudf_object_addref(&q->obj);
    uv_mutex_unlock(&d->obj.host->lock);
    return q;
}

/* Host lock held: takes waiting requests of file (NULL: all) off q into out. */
static void take_waiting_locked(wudf_queue *q, wudf_file *file, wudf_request ***out, size_t *count, size_t *cap)
{
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &q->waiting)
    {
        wudf_request *r = WUDF_CONTAINER_OF(pos, wudf_request, queue_link);
        if (file && r->file != file)
            continue;
        if (*count == *cap) {
            size_t n = *cap ? *cap * 2 : 8;
            wudf_request **grown = realloc(*out, n * sizeof *grown);
            if (!grown)
                return; /* left waiting: they still complete when the queue is purged */
            *out = grown;
            *cap = n;
        }
        wudf_list_remove(&r->queue_link);
        if (--q->waiting_count == 0)
            q->ready_notified = 0;
        r->state = REQUEST_NEW; /* off the queue, completion pending */
        (*out)[(*count)++] = r;
    }
}

static void complete_cancelled(wudf_request **list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        wudf_request_complete_nt(list[i], STATUS_CANCELLED);
}

static void complete_all_cancelled(wudf_request **list, size_t count)
{
    complete_cancelled(list, count);
    free(list);
}

void wudf_queue_cancel_waiting(wudf_device *d, wudf_file *file)
{
    wudf_request **list = NULL;
    size_t count = 0, cap = 0, given = 0;
    uv_mutex_lock(&d->obj.host->lock);
    wudf_list *pos;
    for (pos = d->queues.next; pos != &d->queues; pos = pos->next) {
        wudf_queue *q = WUDF_CONTAINER_OF(pos, wudf_queue, device_link);
        size_t first = count;
        take_waiting_locked(q, file, &list, &count, &cap);
        /* Cancelled as a client's cancel would: what the driver gave back goes to OnIoCanceledOnQueue,
         * kept at the front of the list. */
        for (size_t i = first; i < count; i++) {
            wudf_request *r = list[i];
            r->canceled = 1;
            if (wudf_request_give_back_cancelled_locked(r)) {
                list[i] = list[given];
                list[given++] = r;
            }
        }
        wudf_queue_check_op_locked(q);
    }
    uv_mutex_unlock(&d->obj.host->lock);
    for (size_t i = 0; i < given; i++)
        wudf_request_run_canceled_on_queue(list[i]);
    complete_cancelled(list + given, count - given);
    free(list);
}

/* Purge of q (NULL: every queue of d): waiting requests cancelled, held cancelable ones get OnCancel. */
void wudf_queue_purge(wudf_device *d, wudf_queue *only, int for_removal)
{
    wudf_host *host = d->obj.host;
    wudf_request **list = NULL, **cancels = NULL;
    size_t count = 0, cap = 0, ncancel = 0, cancel_cap = 0;
    uv_mutex_lock(&host->lock);
    wudf_list *pos;
    for (pos = d->queues.next; pos != &d->queues; pos = pos->next) {
        wudf_queue *q = WUDF_CONTAINER_OF(pos, wudf_queue, device_link);
        if (only && q != only)
            continue;
        q->accepting = 0;
        if (for_removal)
            q->dispatching = 0;
        take_waiting_locked(q, NULL, &list, &count, &cap);
    }
    for (pos = host->pending.next; pos != &host->pending; pos = pos->next) {
        wudf_request *r = WUDF_CONTAINER_OF(pos, wudf_request, pending_link);
        if (r->state != REQUEST_DRIVER || !r->queue || r->queue->device != d || (only && r->queue != only))
            continue;
        wudf_request *run = wudf_request_cancel_held_locked(r);
        if (!run)
            continue;
        if (ncancel == cancel_cap) {
            size_t n = cancel_cap ? cancel_cap * 2 : 8;
            wudf_request **grown = realloc(cancels, n * sizeof *grown);
            if (!grown) {
                wudf_object_release(&run->obj); /* not under the lock in practice: refs > 1 here */
                continue;
            }
            cancels = grown;
            cancel_cap = n;
        }
        cancels[ncancel++] = run;
    }
    uv_mutex_unlock(&host->lock);
    complete_all_cancelled(list, count);
    for (size_t i = 0; i < ncancel; i++)
        wudf_request_run_cancel(cancels[i]);
    free(cancels);
    uv_mutex_lock(&host->lock);
    for (pos = d->queues.next; pos != &d->queues; pos = pos->next)
        wudf_queue_check_op_locked(WUDF_CONTAINER_OF(pos, wudf_queue, device_link));
    uv_mutex_unlock(&host->lock);
}

void wudf_queues_stop_for_removal(wudf_device *d)
{
    wudf_queue_purge(d, NULL, 1);
}

static void queue_cleanup(wudf_object *obj)
{
    wudf_queue *q = (wudf_queue *)(void *)obj;
    wudf_device *d = q->device;
    wudf_request **list = NULL;
    size_t count = 0, cap = 0;
    uv_mutex_lock(&obj->host->lock);
    wudf_list_remove(&q->device_link);
    if (d->default_queue == q)
        d->default_queue = NULL;
    for (int t = 0; t < WdfRequestMaximum; t++)
        if (d->dispatch[t] == q)
            d->dispatch[t] = NULL;
    q->accepting = 0;
    q->dispatching = 0;
    take_waiting_locked(q, NULL, &list, &count, &cap);
    IQueueCallbackStateChange *op_callback = q->op_callback;
    q->op_callback = NULL;
    q->op = QUEUE_OP_NONE;
    uv_mutex_unlock(&obj->host->lock);
    complete_all_cancelled(list, count);
    WUDF_RELEASE(op_callback);
    WUDF_RELEASE(q->on_create);
    WUDF_RELEASE(q->on_read);
    WUDF_RELEASE(q->on_write);
    WUDF_RELEASE(q->on_ioctl);
    WUDF_RELEASE(q->on_default);
    WUDF_RELEASE(q->on_io_stop);
    WUDF_RELEASE(q->on_io_resume);
    WUDF_RELEASE(q->on_state_change);
    WUDF_RELEASE(q->on_canceled_on_queue);
}

static const IID *const queue_iids[] = {&IID_IWDFIoQueue, NULL};
static const wudf_object_type queue_type = {
    .name = "IWDFIoQueue",
    .iids = queue_iids,
    .wdf_object = 1,
    .deletable = 1,
    .cleanup = queue_cleanup,
};

HRESULT wudf_queue_create(wudf_device *d, IUnknown *callback, BOOL default_queue, WDF_IO_QUEUE_DISPATCH_TYPE type,
                          BOOL power_managed, BOOL allow_zero_length, wudf_queue **out)
{
    wudf_host *host = d->obj.host;
    if (type < WdfIoQueueDispatchSequential || type > WdfIoQueueDispatchManual)
        return E_INVALIDARG;
    uv_mutex_lock(&host->lock);
    int has_default = d->default_queue != NULL;
    uv_mutex_unlock(&host->lock);
    if (default_queue && has_default)
        return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
    wudf_queue *q = calloc(1, sizeof *q);
    if (!q)
        return E_OUTOFMEMORY;
    q->device = d;
    q->dispatch_type = type;
    q->default_queue = default_queue;
    q->power_managed = power_managed;
    q->allow_zero_length = allow_zero_length;
    q->accepting = q->dispatching = 1;
    wudf_list_init(&q->waiting);
    wudf_object_init(&q->obj, &wudf_queue_vtbl, &queue_type, host, &d->obj, callback);
    q->on_create = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackCreate);
    q->on_read = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackRead);
    q->on_write = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackWrite);
    q->on_ioctl = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackDeviceIoControl);
    q->on_default = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackDefaultIoHandler);
    q->on_io_stop = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackIoStop);
    q->on_io_resume = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackIoResume);
    q->on_canceled_on_queue = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackIoCanceledOnQueue);
    /* UMDF takes it for manual queues only; registered on another kind it is never called. */
    if (type == WdfIoQueueDispatchManual)
        q->on_state_change = wudf_object_query_callback(&q->obj, &IID_IQueueCallbackStateChange);
    uv_mutex_lock(&host->lock);
    wudf_list_add_tail(&d->queues, &q->device_link);
    if (default_queue)
        d->default_queue = q;
    uv_mutex_unlock(&host->lock);
    static const char *const names[] = {"?", "sequential", "parallel", "manual"};
    wudf_log(WUDF_LOG_DEBUG, "queue-created", "queue=%p dispatch=%s default=%d zero_length=%d", (void *)q,
             names[type], default_queue ? 1 : 0, allow_zero_length ? 1 : 0);
    *out = q;
    return S_OK;
}
