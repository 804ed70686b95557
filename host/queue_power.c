/*
 * The queues' side of a power transition, as UMDF 1 does it: before the device leaves D0 for a
 * system sleep, every request the driver holds from a power-managed queue gets
 * IQueueCallbackIoStop::OnIoStop (with WdfRequestStopRequestCancelable when it is cancelable), and
 * the transition waits until each is acknowledged (IWDFIoRequest2::StopAcknowledge), requeued or
 * completed; a queue without OnIoStop has its requests completed before the device leaves D0.
 * After the device is back, requests acknowledged without requeue get OnIoResume.
 * Requeue (of a request from a manual queue) puts it back at the head of its queue.
 */
#include "framework.h"

#include <stdlib.h>

#include "log.h"

typedef struct held {
    wudf_request *request;
    ULONG flags;
} held;

/* Host lock held: the requests of d the driver holds from q (power-managed ones unless all). */
static int holds(const wudf_request *r, const wudf_device *d, int power_managed_only)
{
    return r->state == REQUEST_DRIVER && r->queue && r->queue->device == d &&
           (!power_managed_only || r->queue->power_managed);
}

/* Host lock held: the requests matching, referenced, with their OnIoStop flags. */
static held *collect_locked(wudf_device *d, int power_managed_only, int stop_state, ULONG action, size_t *count)
{
    wudf_host *host = d->obj.host;
    held *list = NULL;
    size_t n = 0, cap = 0;
    wudf_list *pos;
    for (pos = host->pending.next; pos != &host->pending; pos = pos->next) {
        wudf_request *r = WUDF_CONTAINER_OF(pos, wudf_request, pending_link);
        if (!holds(r, d, power_managed_only) || r->stop_state != stop_state)
            continue;
        if (stop_state == STOP_NONE && !r->queue->on_io_stop)
            continue; /* no OnIoStop: the transition waits for its completion */
        if (stop_state == STOP_ACKNOWLEDGED && !r->queue->on_io_resume) {
            r->stop_state = STOP_NONE;
            continue;
        }
        if (n == cap) {
            size_t grown_cap = cap ? cap * 2 : 8;
            held *grown = realloc(list, grown_cap * sizeof *grown);
            if (!grown)
                break; /* those left out are waited for like requests without OnIoStop */
            list = grown;
            cap = grown_cap;
        }
        wudf_object_addref(&r->obj);
        list[n].request = r;
        list[n].flags = action;
        if (r->cancel_callback && !r->cancel_started)
            list[n].flags |= WdfRequestStopRequestCancelable;
        r->stop_state = stop_state == STOP_NONE ? STOP_DELIVERED : STOP_NONE;
        n++;
    }
    *count = n;
    return list;
}

unsigned wudf_queue_power_stop(wudf_device *d, ULONG action, int power_managed_only)
{
    size_t n;
    uv_mutex_lock(&d->obj.host->lock);
    held *list = collect_locked(d, power_managed_only, STOP_NONE, action, &n);
    uv_mutex_unlock(&d->obj.host->lock);
    for (size_t i = 0; i < n; i++) {
        wudf_request *r = list[i].request;
        wudf_log(WUDF_LOG_DEBUG, "io-stop", "irp=%llu flags=0x%lx", (unsigned long long)r->irp_id,
                 (unsigned long)list[i].flags);
        wudf_device_enter(d);
        IQueueCallbackIoStop_OnIoStop(r->queue->on_io_stop, (IWDFIoQueue *)(void *)r->queue,
                                      (IWDFIoRequest *)(void *)r, list[i].flags);
        wudf_device_leave(d);
        wudf_object_release(&r->obj);
    }
    free(list);
    return (unsigned)n;
}

/* Host lock held: requests still keeping the device in D0. */
static unsigned outstanding_locked(wudf_device *d)
{
    unsigned n = 0;
    wudf_list *pos;
    for (pos = d->obj.host->pending.next; pos != &d->obj.host->pending; pos = pos->next) {
        wudf_request *r = WUDF_CONTAINER_OF(pos, wudf_request, pending_link);
        if (holds(r, d, 1) && r->stop_state != STOP_ACKNOWLEDGED)
            n++;
    }
    return n;
}

unsigned wudf_queue_power_wait_stopped(wudf_device *d, uint64_t deadline)
{
    wudf_host *host = d->obj.host;
    uv_mutex_lock(&host->lock);
    unsigned left;
    while ((left = outstanding_locked(d)) > 0) {
        uint64_t now = wudf_now_ms();
        if (now >= deadline || uv_cond_timedwait(&host->changed, &host->lock, (deadline - now) * 1000000u))
            break;
    }
    left = outstanding_locked(d);
    uv_mutex_unlock(&host->lock);
    return left;
}

void wudf_queue_power_resume(wudf_device *d)
{
    size_t n;
    uv_mutex_lock(&d->obj.host->lock);
    held *list = collect_locked(d, 1, STOP_ACKNOWLEDGED, 0, &n);
    uv_mutex_unlock(&d->obj.host->lock);
    for (size_t i = 0; i < n; i++) {
        wudf_request *r = list[i].request;
        wudf_log(WUDF_LOG_DEBUG, "io-resume", "irp=%llu", (unsigned long long)r->irp_id);
        wudf_device_enter(d);
        IQueueCallbackIoResume_OnIoResume(r->queue->on_io_resume, (IWDFIoQueue *)(void *)r->queue,
                                          (IWDFIoRequest *)(void *)r);
        wudf_device_leave(d);
        wudf_object_release(&r->obj);
    }
    free(list);
}

/* Host lock held: r goes back to the head of its queue, as the next to be presented. One that was cancelled
 * meanwhile goes at once to the queue's OnIoCanceledOnQueue, if it has one: then r is returned referenced
 * (for wudf_request_run_canceled_on_queue), still the driver's. */
static wudf_request *requeue_locked(wudf_request *r)
{
    wudf_queue *q = r->queue;
    r->stop_state = STOP_NONE;
    if (r->canceled && q->on_canceled_on_queue && !q->obj.cleaned) {
        wudf_object_addref(&r->obj);
        return r;
    }
    r->state = REQUEST_QUEUED;
    wudf_list_add_tail(q->waiting.next, &r->queue_link); /* before the first: at the head */
    q->waiting_count++;
    wudf_queue_request_left_locked(q);
    return NULL;
}

HRESULT wudf_request_stop_acknowledge(wudf_request *r, BOOL requeue)
{
    wudf_host *host = r->obj.host;
    const char *bug = NULL;
    wudf_request *given = NULL;
    uv_mutex_lock(&host->lock);
    if (r->state != REQUEST_DRIVER || !r->queue)
        bug = "StopAcknowledge on a request the driver does not hold from a queue";
    else if (r->stop_state != STOP_DELIVERED)
        bug = "StopAcknowledge outside OnIoStop";
    else if (requeue && r->cancel_callback)
        bug = "StopAcknowledge(TRUE) on a cancelable request: UnmarkCancelable first";
    else if (requeue)
        given = requeue_locked(r);
    else
        r->stop_state = STOP_ACKNOWLEDGED;
    uv_cond_broadcast(&host->changed);
    uv_mutex_unlock(&host->lock);
    if (given)
        wudf_request_run_canceled_on_queue(given);
    if (bug) {
        wudf_driver_bug(bug, "ignored");
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    }
    wudf_log(WUDF_LOG_DEBUG, "io-stop-acknowledged", "irp=%llu requeue=%d", (unsigned long long)r->irp_id,
             requeue ? 1 : 0);
    return S_OK;
}

HRESULT wudf_request_requeue(wudf_request *r)
{
    wudf_host *host = r->obj.host;
    HRESULT hr = S_OK;
    wudf_request *given = NULL;
    uv_mutex_lock(&host->lock);
    /* UMDF allows it for a request the driver got from a manual queue and has not made cancelable. */
    if (r->state != REQUEST_DRIVER || !r->queue || r->queue->dispatch_type != WdfIoQueueDispatchManual ||
        r->cancel_callback)
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    else
        given = requeue_locked(r);
    uv_mutex_unlock(&host->lock);
    if (given)
        wudf_request_run_canceled_on_queue(given);
    if (FAILED(hr))
        wudf_log(WUDF_LOG_WARN, "requeue-refused", "irp=%llu reason=\"not held from a manual queue, or cancelable\"",
                 (unsigned long long)r->irp_id);
    return hr;
}
