/*
 * IWDFIoRequest's life: created for an IRP from the reflector, presented to
 * the driver on a worker thread, completed exactly once (from any thread),
 * which sends COMPLETE to the reflector and lets the queue move on. The
 * methods a driver calls are in request_methods.c; cancellation and
 * forwarding in request_cancel.c; I/O targets in request_send.c.
 */
#include "ring_server.h"
#include "stack.h"
#include "usb_hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "hresult.h"

static void request_cleanup(wudf_object *obj)
{
    wudf_request *r = (wudf_request *)(void *)obj;
    WUDF_RELEASE(r->cancel_callback);
    WUDF_RELEASE(r->completion_callback);
    WUDF_RELEASE(r->completion_params);
    wudf_usb_format_free(r->usb_format);
    r->usb_format = NULL;
    wudf_io_format_free(r->io_format);
    r->io_format = NULL;
    /* The memory objects are children: already cleaned up, and may outlive us if the driver holds them. */
    r->input_memory = r->output_memory = NULL;
}

static void request_destroy(wudf_object *obj)
{
    wudf_request *r = (wudf_request *)(void *)obj;
    if (r->file)
        wudf_object_release(&r->file->obj);
    if (r->device)
        wudf_object_release(&r->device->obj);
    wudf_ring_release(r->ring);
    wudf_stack_request_destroy(r);
}

static const IID *const request_iids[] = {&IID_IWDFIoRequest, &IID_IWDFIoRequest2, &IID_IWDFIoRequest3, NULL};
static const wudf_object_type request_type = {
    .name = "IWDFIoRequest",
    .iids = request_iids,
    .wdf_object = 1,
    .cleanup = request_cleanup,
    .destroy = request_destroy,
};
/* Driver-created requests (IWDFDevice::CreateRequest) may be deleted by the driver. */
static const wudf_object_type driver_request_type = {
    .name = "IWDFIoRequest",
    .iids = request_iids,
    .wdf_object = 1,
    .deletable = 1,
    .cleanup = request_cleanup,
    .destroy = request_destroy,
};

static wudf_request *request_alloc(void)
{
    return calloc(1, sizeof(wudf_request));
}

wudf_request_more *wudf_request_more_of(wudf_request *r)
{
    return &r->more;
}

wudf_request *wudf_request_from(IWDFIoRequest *request)
{
    return wudf_object_has_vtbl(request, &wudf_request_vtbl) ? (wudf_request *)(void *)request : NULL;
}

/* The fields every request for an IRP has; memory objects are the caller's. */
static wudf_request *request_new(wudf_host *host, const wudf_msg *msg, WDF_REQUEST_TYPE type, wudf_file *file)
{
    wudf_request *r = request_alloc();
    if (!r)
        return NULL;
    r->from_reflector = 1;
    r->irp_id = msg->irp_id;
    r->type = type;
    r->ioctl_code = msg->ioctl_code;
    r->input_length = type == WdfRequestCreate ? 0 : msg->input_length;
    r->output_length = msg->output_length;
    r->offset = msg->offset;
    r->state = REQUEST_NEW;
    wudf_list_init(&r->queue_link);
    /* The framework's reference, dropped at completion. */
    wudf_object_init(&r->obj, &wudf_request_vtbl, &request_type, host, NULL, NULL);
    if (file) {
        wudf_object_addref(&file->obj);
        r->file = file;
    }
    return r;
}

/* Checks the memory objects and puts r on the pending list, or frees it. */
static wudf_request *request_ready(wudf_host *host, wudf_request *r)
{
    if ((r->input_length && !r->input_memory) || (r->output_length && !r->output_memory)) {
        wudf_object_release(&r->obj);
        return NULL;
    }
    uv_mutex_lock(&host->lock);
    wudf_list_add_tail(&host->pending, &r->pending_link);
    uv_mutex_unlock(&host->lock);
    return r;
}

wudf_request *wudf_request_create(wudf_host *host, const wudf_msg *msg, WDF_REQUEST_TYPE type, wudf_file *file)
{
    wudf_request *r = request_new(host, msg, type, file);
    if (!r)
        return NULL;
    /* Buffered I/O: the driver sees copies; a zero-length buffer has no memory object. */
    if (r->input_length)
        r->input_memory = wudf_memory_create_for_request(r, r->input_length, msg->payload);
    if (r->output_length)
        r->output_memory = wudf_memory_create_for_request(r, r->output_length, NULL);
    return request_ready(host, r);
}

wudf_request *wudf_request_create_empty(wudf_host *host, uint64_t irp_id, WDF_REQUEST_TYPE type)
{
    wudf_request *r = request_alloc();
    if (!r)
        return NULL;
    r->irp_id = irp_id;
    r->type = type;
    r->state = REQUEST_NEW;
    wudf_list_init(&r->queue_link);
    wudf_list_init(&r->pending_link);
    /* The framework's reference, dropped at completion. */
    wudf_object_init(&r->obj, &wudf_request_vtbl, &request_type, host, NULL, NULL);
    return r;
}

wudf_request *wudf_request_create_in_ring(wudf_host *host, const wudf_msg *msg, WDF_REQUEST_TYPE type,
                                          wudf_file *file, struct wudf_ring *ring, uint32_t slot, uint64_t tag,
                                          BYTE *input, BYTE *output)
{
    wudf_request *r = request_new(host, msg, type, file);
    if (!r)
        return NULL;
    wudf_ring_hold(ring);
    r->ring = ring;
    r->ring_slot = slot;
    r->ring_tag = tag;
    if (r->input_length)
        r->input_memory = wudf_memory_create_in_ring(r, ring, input, r->input_length);
    if (r->output_length)
        r->output_memory = wudf_memory_create_in_ring(r, ring, output, r->output_length);
    return request_ready(host, r);
}

HRESULT wudf_request_create_by_driver(wudf_device *d, IUnknown *callback, wudf_object *parent, IWDFIoRequest **out)
{
    if (!out)
        return E_POINTER;
    wudf_request *r = request_alloc();
    if (!r)
        return E_OUTOFMEMORY;
    r->type = WdfRequestUndefined;
    r->state = REQUEST_DRIVER;
    wudf_list_init(&r->queue_link);
    wudf_list_init(&r->pending_link);
    wudf_object_init(&r->obj, &wudf_request_vtbl, &driver_request_type, d->obj.host, parent ? parent : &d->obj,
                     callback);
    wudf_object_addref(&d->obj);
    r->device = d;
    wudf_object_addref(&r->obj);
    *out = (IWDFIoRequest *)(void *)r;
    return S_OK;
}

static int has_output(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestRead || type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl;
}

static void send_complete(wudf_request *r, NTSTATUS status)
{
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = r->irp_id;
    m.status = status;
    m.information = r->information;
    if (has_output(r->type)) {
        if (r->information > r->output_length) {
            char detail[128];
            snprintf(detail, sizeof detail, "irp %llu: information %llu exceeds the %u-byte output buffer",
                     (unsigned long long)r->irp_id, (unsigned long long)r->information, (unsigned)r->output_length);
            wudf_driver_bug("information-exceeds-buffer", detail);
            m.information = r->output_length;
        }
        /* Like the I/O manager: output bytes travel back unless the request failed. */
        if (!NT_ERROR(status) && m.information && r->output_memory) {
            m.payload = r->output_memory->buffer;
            m.payload_length = (uint32_t)m.information;
        }
    } else if (r->type == WdfRequestWrite && m.information > r->input_length) {
        m.information = r->input_length;
    }
    if (r->ring) {
        /* The output bytes are in the ring already. */
        wudf_ring_complete(r, status, m.information);
        return;
    }
    wudf_host_send(r->obj.host, &m);
}

void wudf_request_complete(wudf_request *r, HRESULT hr, ULONG_PTR information)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    if (r->state == REQUEST_COMPLETED) {
        uv_mutex_unlock(&host->lock);
        char detail[96];
        snprintf(detail, sizeof detail, "irp %llu completed again with 0x%08lX (ignored)",
                 (unsigned long long)r->irp_id, (unsigned long)(ULONG)hr);
        wudf_driver_bug("double-completion", detail);
        return;
    }
    int previous = r->state;
    wudf_queue *q = r->queue;
    r->queue = NULL;
    if (previous == REQUEST_QUEUED) {
        wudf_list_remove(&r->queue_link);
        q->waiting_count--;
    }
    r->state = REQUEST_COMPLETED;
    r->status = hr;
    r->information = information;
    if (q && previous == REQUEST_DRIVER)
        wudf_queue_request_left_locked(q);
    else if (q)
        wudf_queue_check_op_locked(q); /* Drain/Purge may finish now that nothing waits */
    wudf_list_remove(&r->pending_link);
    uv_cond_broadcast(&host->changed); /* DEVICE_STOP waits for the pending list to empty */
    IRequestCallbackCancel *cancel = r->cancel_callback;
    r->cancel_callback = NULL;
    uv_mutex_unlock(&host->lock);

    NTSTATUS status = wudf_ntstatus_from_hresult(hr);
    const char *name = wudf_status_name(status);
    wudf_log(WUDF_LOG_DEBUG, "request-complete", "irp=%llu status=%s information=%llu",
             (unsigned long long)r->irp_id, name ? name : "other", (unsigned long long)information);
    /* A refused open is forgotten before the reflector can send anything else for its file id. */
    if (r->type == WdfRequestCreate && r->file && NT_ERROR(status))
        wudf_file_discard(r->file);
    /* A lower layer's request ends the send it carries down the stack (stack_send.c). */
    int framework_reference = r->from_reflector;
    if (r->from_reflector)
        send_complete(r, status);
    else if (r->stack_send)
        framework_reference = wudf_stack_request_completed(r, status, information);
    WUDF_RELEASE(cancel);
    if (q)
        wudf_object_release(&q->obj); /* the request's hold on its queue */
    if (framework_reference)
        wudf_object_release(&r->obj); /* the framework's reference */
}

void wudf_request_complete_nt(wudf_request *r, NTSTATUS status)
{
    wudf_request_complete(r, status == STATUS_SUCCESS ? S_OK : HRESULT_FROM_NT(status), r->information);
}

void wudf_request_run_present(void *arg)
{
    wudf_request *r = arg;
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_queue *q = r->state == REQUEST_DRIVER ? r->queue : NULL;
    if (q)
        wudf_object_addref(&q->obj);
    uv_mutex_unlock(&host->lock);
    if (!q) {
        /* Completed before its turn came (stop timeout, purge): nothing to present. */
        wudf_object_release(&r->obj);
        return;
    }
    IWDFIoQueue *queue = (IWDFIoQueue *)(void *)q;
    IWDFIoRequest *request = (IWDFIoRequest *)(void *)r;
    int handled = 1;
    wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=present irp=%llu type=%d queue=%p",
             (unsigned long long)r->irp_id, (int)r->type, (void *)q);
    wudf_device_enter(q->device);
    switch (r->type) {
    case WdfRequestCreate:
        if (q->on_create)
            IQueueCallbackCreate_OnCreateFile(q->on_create, queue, request, (IWDFFile *)(void *)r->file);
        else
            handled = 0;
        break;
    case WdfRequestRead:
        if (q->on_read)
            IQueueCallbackRead_OnRead(q->on_read, queue, request, r->output_length);
        else
            handled = 0;
        break;
    case WdfRequestWrite:
        if (q->on_write)
            IQueueCallbackWrite_OnWrite(q->on_write, queue, request, r->input_length);
        else
            handled = 0;
        break;
    case WdfRequestDeviceIoControl:
    case WdfRequestInternalIoctl:
        if (q->on_ioctl)
            IQueueCallbackDeviceIoControl_OnDeviceIoControl(q->on_ioctl, queue, request, r->ioctl_code,
                                                            r->input_length, r->output_length);
        else
            handled = 0;
        break;
    default:
        handled = 0;
        break;
    }
    if (!handled && q->on_default) {
        IQueueCallbackDefaultIoHandler_OnDefaultIoHandler(q->on_default, queue, request);
        handled = 1;
    }
    wudf_device_leave(q->device);
    if (!handled)
        wudf_request_complete_nt(r, STATUS_INVALID_DEVICE_REQUEST);
    wudf_object_release(&q->obj);
    wudf_object_release(&r->obj);
}

void wudf_request_present(wudf_request *r)
{
    /* Called under the host lock by the queue: the reference keeps r alive until the callback returns. */
    wudf_object_addref(&r->obj);
    if (wudf_ring_present_inline(r))
        return;
    wudf_workers_post(r->obj.host->workers, wudf_request_run_present, r);
}

/*
 * IWDFIoRequest2::Reuse, after "the original request has been completed"
 * (Microsoft Learn): a driver-created request once its send came back, or a
 * request from a queue once the driver completed it. That one's IRP is gone:
 * the request is the driver's own from now on, and completing it again
 * reaches no client. What a send or a completion left is reset; the activity
 * id stays, as UMDF keeps it.
 */
void wudf_request_reuse(wudf_request *r, HRESULT status)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    const char *refused = NULL;
    if (r->obj.cleaned)
        refused = "IWDFIoRequest2::Reuse of a deleted request (ignored)";
    else if ((r->from_reflector || r->stack_send) && r->state != REQUEST_COMPLETED)
        refused = "IWDFIoRequest2::Reuse of a request from a queue before its completion (ignored)";
    else if (r->pended || r->file_io || r->sent_down)
        refused = "IWDFIoRequest2::Reuse of a request still sent to an I/O target (ignored)";
    if (refused) {
        uv_mutex_unlock(&host->lock);
        wudf_driver_bug("reuse-before-completion", refused);
        return;
    }
    IRequestCallbackRequestCompletion *callback = r->completion_callback;
    IWDFIoRequestCompletionParams *params = r->completion_params;
    IRequestCallbackCancel *cancel = r->cancel_callback;
    struct wudf_usb_format *usb_format = r->usb_format;
    struct wudf_io_format *io_format = r->io_format;
    r->completion_callback = NULL;
    r->completion_context = NULL;
    r->completion_params = NULL;
    r->cancel_callback = NULL;
    r->usb_format = NULL;
    r->io_format = NULL;
    r->canceled = r->cancel_started = 0;
    r->status = status;
    r->information = 0;
    r->from_reflector = 0;
    r->state = REQUEST_DRIVER;
    uv_mutex_unlock(&host->lock);
    WUDF_RELEASE(callback);
    WUDF_RELEASE(params);
    WUDF_RELEASE(cancel);
    wudf_usb_format_free(usb_format);
    wudf_io_format_free(io_format);
    wudf_log(WUDF_LOG_DEBUG, "request-reuse", "irp=%llu status=0x%08lX", (unsigned long long)r->irp_id,
             (unsigned long)(ULONG)status);
}
