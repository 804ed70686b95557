/*
 * Cancellation and requeueing of requests. A CANCEL from the reflector
 * completes a request still waiting in a queue with STATUS_CANCELLED, or,
 * when the driver had it before (forwarded or requeued it there) and the
 * queue has IQueueCallbackIoCanceledOnQueue, gives it back to the driver
 * through OnIoCanceledOnQueue; it runs the driver's IRequestCallbackCancel
 * once (on a worker) for a request marked cancelable, and otherwise is
 * remembered (IsCanceled) so that a later MarkCancelable runs OnCancel at
 * once, as UMDF does.
 */
#include "stack.h"
#include "usb_hooks.h"

#include <stdio.h>

#include "log.h"

void wudf_request_cancel(wudf_request *found)
{
    wudf_host *host = found->obj.host;
    wudf_request *run = NULL, *held = NULL, *given = NULL;
    int was_queued = 0, was_parked = 0;
    uv_mutex_lock(&host->lock);
    if (found->state == REQUEST_COMPLETED) {
        uv_mutex_unlock(&host->lock);
        return;
    }
    found->canceled = 1;
    if (wudf_order_cancel_locked(found)) {
        was_parked = 1;
    } else if (found->state == REQUEST_QUEUED) {
        wudf_list_remove(&found->queue_link);
        if (--found->queue->waiting_count == 0)
            found->queue->ready_notified = 0;
        given = wudf_request_give_back_cancelled_locked(found); /* else off the queue, completed below */
        was_queued = 1;
    } else {
        run = wudf_request_cancel_held_locked(found);
        if (!run && found->state == REQUEST_DRIVER) {
            held = found; /* may be sent to an I/O target */
            wudf_object_addref(&held->obj);
        }
    }
    uv_mutex_unlock(&host->lock);
    /* Sent to an I/O target, or down the stack: the send is cancelled, and the driver's completion
     * callback sees it. */
    int sent = held && (wudf_stack_cancel_sent(held) || wudf_request_cancel_sent(held));
    if (held)
        wudf_object_release(&held->obj);
    wudf_log(WUDF_LOG_DEBUG, "cancel", "irp=%llu action=%s", (unsigned long long)found->irp_id,
             given ? "canceled-on-queue" : was_queued ? "completed-from-queue" : was_parked ? "completed-while-parked"
             : run ? "cancel-routine" : sent ? "sent-io-cancelled" : "remembered");
    if (given)
        wudf_request_run_canceled_on_queue(given);
    else if (was_queued || was_parked)
        wudf_request_complete_nt(found, STATUS_CANCELLED);
    else if (run)
        wudf_request_run_cancel(run);
}

wudf_request *wudf_request_give_back_cancelled_locked(wudf_request *r)
{
    wudf_queue *q = r->queue;
    /* UMDF gives back only what it had delivered to the driver before, to a queue that asked for it. */
    if (!q || !q->on_canceled_on_queue || !r->delivered || q->obj.cleaned) {
        r->state = REQUEST_NEW;
        return NULL;
    }
    r->state = REQUEST_DRIVER;
    q->in_driver++; /* whatever the dispatch type: a sequential queue may have two in the driver now */
    wudf_object_addref(&r->obj);
    return r;
}

static void run_canceled_on_queue(void *arg)
{
    wudf_request *r = arg;
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_queue *q = r->state == REQUEST_DRIVER ? r->queue : NULL;
    IQueueCallbackIoCanceledOnQueue *callback = q && !q->obj.cleaned ? q->on_canceled_on_queue : NULL;
    if (callback) {
        IQueueCallbackIoCanceledOnQueue_AddRef(callback);
        wudf_object_addref(&q->obj);
    }
    int orphan = q && !callback; /* its queue went meanwhile: nobody else will complete it */
    uv_mutex_unlock(&host->lock);
    if (callback) {
        wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=IQueueCallbackIoCanceledOnQueue::OnIoCanceledOnQueue "
                 "irp=%llu queue=%p", (unsigned long long)r->irp_id, (void *)q);
        wudf_device_enter(q->device);
        IQueueCallbackIoCanceledOnQueue_OnIoCanceledOnQueue(callback, (IWDFIoQueue *)(void *)q,
                                                            (IWDFIoRequest *)(void *)r);
        wudf_device_leave(q->device);
        IQueueCallbackIoCanceledOnQueue_Release(callback);
        wudf_object_release(&q->obj);
    } else if (orphan) {
        wudf_request_complete_nt(r, STATUS_CANCELLED);
    }
    wudf_object_release(&r->obj);
}

void wudf_request_run_canceled_on_queue(wudf_request *r)
{
    wudf_workers_post(r->obj.host->workers, run_canceled_on_queue, r);
}

void wudf_request_cancel_irp(wudf_host *host, uint64_t irp_id)
{
    wudf_request *found = NULL;
    uv_mutex_lock(&host->lock);
    wudf_list *pos;
    for (pos = host->pending.next; pos != &host->pending; pos = pos->next) {
        wudf_request *r = WUDF_CONTAINER_OF(pos, wudf_request, pending_link);
        /* The client's own request: those of the layers below carry its id for the logs only. */
        if (r->irp_id == irp_id && !r->stack_send) {
            found = r;
            wudf_object_addref(&found->obj);
            break;
        }
    }
    uv_mutex_unlock(&host->lock);
    if (!found) {
        wudf_log(WUDF_LOG_DEBUG, "cancel-ignored", "irp=%llu reason=unknown-or-completed", (unsigned long long)irp_id);
        return;
    }
    wudf_request_cancel(found);
    wudf_object_release(&found->obj);
}

wudf_request *wudf_request_cancel_held_locked(wudf_request *r)
{
    r->canceled = 1;
    if (r->state != REQUEST_DRIVER || !r->cancel_callback || r->cancel_started)
        return NULL;
    r->cancel_started = 1;
    wudf_object_addref(&r->obj);
    return r;
}

static void call_on_cancel(wudf_request *r, IRequestCallbackCancel *callback)
{
    /* Under the callback lock of the device whose driver holds it (each layer has its own). */
    wudf_device *device = wudf_request_device(r);
    wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=IRequestCallbackCancel::OnCancel irp=%llu",
             (unsigned long long)r->irp_id);
    wudf_device_enter(device);
    IRequestCallbackCancel_OnCancel(callback, (IWDFIoRequest *)(void *)r);
    wudf_device_leave(device);
    if (device)
        wudf_object_release(&device->obj);
}

static void run_cancel(void *arg)
{
    wudf_request *r = arg;
    uv_mutex_lock(&r->obj.host->lock);
    IRequestCallbackCancel *callback = r->cancel_callback;
    r->cancel_callback = NULL;
    uv_mutex_unlock(&r->obj.host->lock);
    /* NULL when the driver completed the request in the meantime: nothing left to cancel. */
    if (callback) {
        call_on_cancel(r, callback);
        IRequestCallbackCancel_Release(callback);
    }
    wudf_object_release(&r->obj);
}

void wudf_request_run_cancel(wudf_request *r)
{
    wudf_workers_post(r->obj.host->workers, run_cancel, r);
}

void wudf_request_mark_cancelable(wudf_request *r, IRequestCallbackCancel *callback)
{
    wudf_host *host = r->obj.host;
    if (!callback) {
        wudf_driver_bug("mark-cancelable-without-callback", "MarkCancelable(NULL)");
        return;
    }
    uv_mutex_lock(&host->lock);
    if (r->state != REQUEST_DRIVER) {
        uv_mutex_unlock(&host->lock);
        wudf_driver_bug("mark-cancelable-not-owned", "MarkCancelable on a request the driver does not own");
        return;
    }
    if (r->canceled && !r->cancel_started) {
        /* Already cancelled: UMDF calls the cancel routine right away. */
        r->cancel_started = 1;
        wudf_object_addref(&r->obj);
        uv_mutex_unlock(&host->lock);
        IRequestCallbackCancel_AddRef(callback);
        wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=IRequestCallbackCancel::OnCancel irp=%llu when=mark",
                 (unsigned long long)r->irp_id);
        IRequestCallbackCancel_OnCancel(callback, (IWDFIoRequest *)(void *)r);
        IRequestCallbackCancel_Release(callback);
        wudf_object_release(&r->obj);
        return;
    }
    IRequestCallbackCancel_AddRef(callback);
    IRequestCallbackCancel *old = r->cancel_callback;
    r->cancel_callback = callback;
    uv_mutex_unlock(&host->lock);
    WUDF_RELEASE(old);
}

HRESULT wudf_request_unmark_cancelable(wudf_request *r)
{
    uv_mutex_lock(&r->obj.host->lock);
    if (r->cancel_started) {
        uv_mutex_unlock(&r->obj.host->lock);
        return HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED);
    }
    IRequestCallbackCancel *old = r->cancel_callback;
    r->cancel_callback = NULL;
    uv_mutex_unlock(&r->obj.host->lock);
    WUDF_RELEASE(old);
    return S_OK;
}

HRESULT wudf_request_forward(wudf_request *r, IWDFIoQueue *destination)
{
    wudf_queue *dest = wudf_queue_from(destination);
    wudf_host *host = r->obj.host;
    if (!dest)
        return E_INVALIDARG;
    uv_mutex_lock(&host->lock);
    HRESULT hr = S_OK;
    if (r->state != REQUEST_DRIVER || !r->queue || dest == r->queue)
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    else if (r->cancel_callback)
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST); /* unmark it first, as UMDF requires */
    else if (!dest->accepting || dest->obj.cleaned)
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    if (FAILED(hr)) {
        uv_mutex_unlock(&host->lock);
        return hr;
    }
    wudf_queue *source = r->queue;
    wudf_object_addref(&dest->obj);
    r->queue = dest;
    int cancel_now = r->canceled;
    wudf_request *given = NULL;
    if (cancel_now) {
        /* A cancelled request does not wait again: completed, or given back at once (OnIoCanceledOnQueue). */
        given = wudf_request_give_back_cancelled_locked(r);
    } else {
        r->state = REQUEST_QUEUED;
        wudf_list_add_tail(&dest->waiting, &r->queue_link);
        dest->waiting_count++;
    }
    wudf_queue_request_left_locked(source);
    wudf_queue_pump_locked(dest);
    uv_mutex_unlock(&host->lock);
    wudf_object_release(&source->obj);
    if (given)
        wudf_request_run_canceled_on_queue(given);
    else if (cancel_now)
        wudf_request_complete_nt(r, STATUS_CANCELLED);
    return S_OK;
}
