/*
 * IWDFIoRequest::Send to a USB target: the request's format becomes a transfer
 * (a struct libusb_transfer, whichever backend carries it) with its own buffer (copied in for OUT, copied back into the
 * driver's memory for IN), submitted asynchronously. A synchronous send
 * waits for the callback; an asynchronous one gets its completion through
 * usb_params.c. Sends arrive through the target's state (io_target_state.c),
 * which holds them while the pipe or device is stopped. Cancellation
 * (CancelSentRequest, the client's CANCEL, Abort, Stop with cancel, Remove,
 * teardown) is the backend's cancel; timeouts come from the send options,
 * else from the pipe's PIPE_TRANSFER_TIMEOUT policy.
 */
#include "usb_internal.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

/* Control transfers without a timeout of their own: WinUSB's default for the default pipe. */
#define CONTROL_DEFAULT_TIMEOUT_MS 5000u

NTSTATUS wudf_usb_status_from_error(int e)
{
    switch (e) {
    case LIBUSB_SUCCESS: return STATUS_SUCCESS;
    case LIBUSB_ERROR_INVALID_PARAM: return STATUS_INVALID_PARAMETER;
    case LIBUSB_ERROR_ACCESS: return STATUS_ACCESS_DENIED;
    case LIBUSB_ERROR_NO_DEVICE: return STATUS_DEVICE_NOT_CONNECTED;
    case LIBUSB_ERROR_NOT_FOUND: return STATUS_NOT_FOUND;
    case LIBUSB_ERROR_BUSY: return STATUS_DEVICE_BUSY;
    case LIBUSB_ERROR_TIMEOUT: return STATUS_IO_TIMEOUT;
    case LIBUSB_ERROR_OVERFLOW: return STATUS_DEVICE_DATA_ERROR;
    case LIBUSB_ERROR_PIPE: return STATUS_UNSUCCESSFUL; /* a stall: what WinUSB reports as ERROR_GEN_FAILURE */
    case LIBUSB_ERROR_INTERRUPTED: return STATUS_CANCELLED;
    case LIBUSB_ERROR_NO_MEM: return STATUS_INSUFFICIENT_RESOURCES;
    case LIBUSB_ERROR_NOT_SUPPORTED: return STATUS_NOT_SUPPORTED;
    case LIBUSB_ERROR_IO: return STATUS_IO_DEVICE_ERROR;
    default: return STATUS_UNSUCCESSFUL;
    }
}

const char *wudf_usb_error_name(int e)
{
    switch (e) {
    case LIBUSB_SUCCESS: return "success";
    case LIBUSB_ERROR_IO: return "input/output error";
    case LIBUSB_ERROR_INVALID_PARAM: return "invalid parameter";
    case LIBUSB_ERROR_ACCESS: return "access denied";
    case LIBUSB_ERROR_NO_DEVICE: return "no such device (it may have been disconnected)";
    case LIBUSB_ERROR_NOT_FOUND: return "entity not found";
    case LIBUSB_ERROR_BUSY: return "resource busy";
    case LIBUSB_ERROR_TIMEOUT: return "operation timed out";
    case LIBUSB_ERROR_OVERFLOW: return "overflow";
    case LIBUSB_ERROR_PIPE: return "pipe error (stall)";
    case LIBUSB_ERROR_INTERRUPTED: return "interrupted";
    case LIBUSB_ERROR_NO_MEM: return "insufficient memory";
    case LIBUSB_ERROR_NOT_SUPPORTED: return "not supported";
    default: return "other error";
    }
}

static NTSTATUS status_from_transfer(enum libusb_transfer_status s)
{
    switch (s) {
    case LIBUSB_TRANSFER_COMPLETED: return STATUS_SUCCESS;
    case LIBUSB_TRANSFER_TIMED_OUT: return STATUS_IO_TIMEOUT;
    case LIBUSB_TRANSFER_CANCELLED: return STATUS_CANCELLED;
    case LIBUSB_TRANSFER_STALL: return STATUS_UNSUCCESSFUL;
    case LIBUSB_TRANSFER_NO_DEVICE: return STATUS_DEVICE_NOT_CONNECTED;
    case LIBUSB_TRANSFER_OVERFLOW: return STATUS_DEVICE_DATA_ERROR;
    default: return STATUS_IO_DEVICE_ERROR;
    }
}

/* WDF_REQUEST_SEND_OPTIONS' timeout (100 ns units: negative relative, positive absolute) in ms; 0 = none. */
static unsigned timeout_ms(ULONG flags, LONGLONG timeout, unsigned fallback)
{
    if (!(flags & WDF_REQUEST_SEND_OPTION_TIMEOUT) || timeout == 0)
        return fallback;
    uint64_t units;
    if (timeout < 0) {
        units = timeout == INT64_MIN ? (uint64_t)INT64_MAX : (uint64_t)(-timeout);
    } else {
        uv_timeval64_t tv;
        uv_gettimeofday(&tv);
        /* FILETIME: 100 ns intervals since 1601-01-01. */
        uint64_t now = ((uint64_t)tv.tv_sec + 11644473600ull) * 10000000ull + (uint64_t)tv.tv_usec * 10u;
        units = (uint64_t)timeout > now ? (uint64_t)timeout - now : 1;
    }
    uint64_t ms = (units + 9999u) / 10000u;
    return ms >= 0xFFFFFFFEu ? 0xFFFFFFFEu : (unsigned)(ms ? ms : 1);
}

static void transfer_free(wudf_usb_transfer *t)
{
    if (t->xfer)
        t->usb->backend->free_transfer(t->xfer);
    free(t->buffer);
    if (t->memory)
        wudf_object_release(&t->memory->obj);
    if (t->target)
        wudf_object_release(t->target);
    if (t->request)
        wudf_object_release(&t->request->obj);
    WUDF_RELEASE(t->callback);
    free(t);
}

void wudf_usb_transfer_put(wudf_usb_transfer *t)
{
    if (atomic_fetch_sub(&t->refs, 1) == 1)
        transfer_free(t);
}

static void copy_back(wudf_usb_transfer *t)
{
    int in = t->type == WdfUsbRequestTypePipeRead ||
             (t->type == WdfUsbRequestTypeDeviceControlTransfer && (t->setup.RequestType & 0x80));
    if (!in || !t->transferred || !t->memory)
        return;
    const uint8_t *data = t->type == WdfUsbRequestTypeDeviceControlTransfer ? t->buffer + LIBUSB_CONTROL_SETUP_SIZE
                                                                            : t->buffer;
    /* The memory was checked at format time; SetBuffer may have shrunk it since. */
    size_t room = t->offset <= t->memory->size ? t->memory->size - t->offset : 0;
    memcpy(t->memory->buffer + t->offset, data, t->transferred < room ? t->transferred : room);
}

/* libusb's callback: on the thread handling events. Records, wakes a waiter, hands the rest on. */
static void LIBUSB_CALL on_transfer_done(struct libusb_transfer *x)
{
    wudf_usb_transfer *t = x->user_data;
    wudf_usb *usb = t->usb;
    size_t actual = x->actual_length > 0 ? (size_t)x->actual_length : 0;
    t->transferred = actual < t->length ? actual : t->length;
    t->status = status_from_transfer(x->status);
    copy_back(t);
    wudf_usb_pipe *pipe = wudf_usb_pipe_from(t->target);
    if (x->status == LIBUSB_TRANSFER_STALL && pipe) {
        uv_mutex_lock(&usb->lock);
        int clear = pipe->policy.auto_clear_stall && usb->state == USB_OPEN;
        uv_mutex_unlock(&usb->lock);
        if (clear)
            usb->backend->clear_halt(usb, pipe->endpoint.address);
    }
    wudf_log(WUDF_LOG_DEBUG, "usb-transfer-done", "irp=%llu endpoint=0x%02x status=0x%08lx transferred=%lu",
             (unsigned long long)t->request->irp_id, x->endpoint, (unsigned long)(ULONG)t->status,
             (unsigned long)t->transferred);
    int lost = x->status == LIBUSB_TRANSFER_NO_DEVICE;
    int synchronous = t->synchronous; /* set before submission, read-only since */
    /* Out of the target's count before the driver hears of it: a Stop waiting for sent I/O may return first. */
    wudf_target_state *ts = wudf_usb_target_state((IWDFIoTarget *)(void *)t->target);
    if (ts)
        wudf_target_sent_done(ts, t->flags);
    uv_mutex_lock(&usb->lock);
    wudf_list_remove(&t->link);
    t->finished = 1;
    wudf_usb_activity_locked(usb);
    uv_cond_broadcast(&usb->changed);
    uv_mutex_unlock(&usb->lock);
    /* A synchronous transfer is delivered by its waiter. */
    if (!synchronous)
        wudf_usb_transfer_deliver(t);
    wudf_usb_transfer_put(t);
    if (lost)
        wudf_usb_device_lost(usb, "transfer");
}

/* Waits until done(usb, arg) holds or the deadline (0: none) passes; handles events where it must. */
static int wait_until(wudf_usb *usb, int (*done)(wudf_usb *, void *), void *arg, uint64_t deadline)
{
    int pump = usb->backend->pump && wudf_usb_events_must_pump(usb->events);
    uv_mutex_lock(&usb->lock);
    while (!done(usb, arg)) {
        uint64_t now = wudf_now_ms();
        if (deadline && now >= deadline)
            break;
        uint64_t slice = deadline && deadline - now < 50 ? deadline - now : 50;
        if (pump) {
            /* Nobody else handles libusb's events on this thread (the loop stopped, or this is the loop). */
            uv_mutex_unlock(&usb->lock);
            usb->backend->pump(usb, (unsigned)slice);
            uv_mutex_lock(&usb->lock);
        } else {
            uv_cond_timedwait(&usb->changed, &usb->lock, slice * 1000000u);
        }
    }
    int ok = done(usb, arg);
    uv_mutex_unlock(&usb->lock);
    return ok ? 0 : -1;
}

static int transfer_finished(wudf_usb *usb, void *arg)
{
    return ((wudf_usb_transfer *)arg)->finished;
}

/* usb->lock held. */
static void cancel_locked(wudf_usb_transfer *t)
{
    if (t->cancel_requested)
        return;
    t->cancel_requested = 1;
    int rc = t->usb->backend->cancel(t->usb, t->xfer);
    if (rc < 0 && rc != LIBUSB_ERROR_NOT_FOUND)
        wudf_log(WUDF_LOG_DEBUG, "usb-cancel", "irp=%llu result=\"%s\"", (unsigned long long)t->request->irp_id,
                 wudf_usb_error_name(rc));
}

/* The transfer description of a send: the request's format, or its own buffers (FormatUsingCurrentType). */
static HRESULT describe(wudf_request *r, wudf_object *target, wudf_usb_pipe *pipe, wudf_usb_transfer *t)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    HRESULT hr = S_OK;
    wudf_usb_format *f = r->usb_format;
    if (r->state != REQUEST_DRIVER) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    } else if (f && f->target == target) {
        t->type = f->type;
        t->memory = f->memory;
        t->offset = f->offset;
        t->length = f->length;
        t->setup = f->setup;
    } else if (!f && pipe && (r->type == WdfRequestRead) == ((pipe->endpoint.address & 0x80) != 0) &&
               (r->type == WdfRequestRead || r->type == WdfRequestWrite)) {
        t->type = r->type == WdfRequestRead ? WdfUsbRequestTypePipeRead : WdfUsbRequestTypePipeWrite;
        t->memory = r->type == WdfRequestRead ? r->output_memory : r->input_memory;
        t->length = t->memory ? t->memory->size : 0;
    } else {
        hr = E_INVALIDARG;
    }
    if (t->memory)
        wudf_object_addref(&t->memory->obj);
    uv_mutex_unlock(&host->lock);
    if (hr == E_INVALIDARG)
        wudf_driver_bug("usb-send-unformatted", "Send to a USB target of a request not formatted for it");
    return hr;
}

/* Builds the libusb transfer; 0 or an HRESULT. */
static HRESULT build(wudf_usb_transfer *t, wudf_usb_pipe *pipe, ULONG flags, LONGLONG timeout)
{
    wudf_usb *usb = t->usb;
    int control = t->type == WdfUsbRequestTypeDeviceControlTransfer;
    size_t size = t->length + (control ? LIBUSB_CONTROL_SETUP_SIZE : 0);
    if (size > (size_t)INT32_MAX)
        return E_INVALIDARG;
    t->buffer = malloc(size ? size : 1);
    t->xfer = usb->backend->alloc_transfer();
    if (!t->buffer || !t->xfer)
        return E_OUTOFMEMORY;
    int out = control ? !(t->setup.RequestType & 0x80) : t->type == WdfUsbRequestTypePipeWrite;
    uint8_t *data = t->buffer + (control ? LIBUSB_CONTROL_SETUP_SIZE : 0);
    if (out && t->length && t->memory) {
        size_t room = t->offset <= t->memory->size ? t->memory->size - t->offset : 0;
        if (room < t->length)
            return E_INVALIDARG; /* shrunk with SetBuffer after formatting */
        memcpy(data, t->memory->buffer + t->offset, t->length);
    }
    uv_mutex_lock(&usb->lock);
    ULONG pipe_timeout = pipe ? pipe->policy.transfer_timeout : CONTROL_DEFAULT_TIMEOUT_MS;
    int zero_packet = pipe && out && pipe->policy.short_packet_terminate;
    uv_mutex_unlock(&usb->lock);
    unsigned ms = timeout_ms(flags, timeout, pipe_timeout);
    if (control) {
        libusb_fill_control_setup(t->buffer, t->setup.RequestType, t->setup.Request, t->setup.Value, t->setup.Index,
                                  t->setup.Length);
        libusb_fill_control_transfer(t->xfer, usb->handle, t->buffer, on_transfer_done, t, ms);
        return S_OK;
    }
    switch (pipe->endpoint.attributes & 3) {
    case LIBUSB_TRANSFER_TYPE_BULK:
        libusb_fill_bulk_transfer(t->xfer, usb->handle, pipe->endpoint.address, t->buffer, (int)t->length,
                                  on_transfer_done, t, ms);
        break;
    case LIBUSB_TRANSFER_TYPE_INTERRUPT:
        libusb_fill_interrupt_transfer(t->xfer, usb->handle, pipe->endpoint.address, t->buffer, (int)t->length,
                                       on_transfer_done, t, ms);
        break;
    default:
        return HRESULT_FROM_NT(STATUS_NOT_SUPPORTED); /* isochronous pipes: not in UMDF 1's WinUSB either */
    }
    if (zero_packet)
        t->xfer->flags |= LIBUSB_TRANSFER_ADD_ZERO_PACKET;
    return S_OK;
}

int wudf_usb_is_target(IWDFIoTarget *target)
{
    return wudf_usb_target_from(target) || wudf_usb_pipe_from(target);
}

wudf_target_state *wudf_usb_target_state(IWDFIoTarget *target)
{
    wudf_usb_target *device = wudf_usb_target_from(target);
    if (device)
        return &device->state;
    wudf_usb_pipe *pipe = wudf_usb_pipe_from(target);
    return pipe ? &pipe->state : NULL;
}

static HRESULT usb_submit(wudf_object *target, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    return wudf_usb_send(r, (IWDFIoTarget *)(void *)target, flags, timeout);
}

static void usb_cancel_sent(wudf_object *target, int all)
{
    wudf_usb *usb = target->host->usb;
    if (usb)
        wudf_usb_cancel_target(usb, target, all);
}

const wudf_target_ops wudf_usb_target_ops = {
    .submit = usb_submit,
    .cancel_sent = usb_cancel_sent,
};

HRESULT wudf_usb_send(wudf_request *r, IWDFIoTarget *target, ULONG flags, LONGLONG timeout)
{
    wudf_host *host = r->obj.host;
    wudf_usb *usb = host->usb;
    wudf_usb_pipe *pipe = wudf_usb_pipe_from(target);
    wudf_object *target_obj = (wudf_object *)(void *)target;
    if (!usb || !wudf_usb_is_target(target))
        return E_INVALIDARG;
    if ((flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) && (flags & WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET))
        return E_INVALIDARG;
    wudf_usb_transfer *t = calloc(1, sizeof *t);
    if (!t)
        return E_OUTOFMEMORY;
    wudf_list_init(&t->link);
    atomic_init(&t->refs, 2);
    t->usb = usb;
    t->request = wudf_usb_referenced(&r->obj);
    t->target = wudf_usb_referenced(target_obj);
    t->synchronous = (flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) != 0;
    t->flags = flags;
    HRESULT hr = describe(r, target_obj, pipe, t);
    if (SUCCEEDED(hr))
        hr = build(t, pipe, flags, timeout);
    if (FAILED(hr)) {
        transfer_free(t);
        return hr;
    }
    if (!t->synchronous && !(flags & WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET)) {
        uv_mutex_lock(&host->lock);
        t->callback = r->completion_callback;
        t->context = r->completion_context;
        if (t->callback)
            IRequestCallbackRequestCompletion_AddRef(t->callback);
        uv_mutex_unlock(&host->lock);
    }
    hr = wudf_usb_resume_for_io(usb); /* WinUSB resumes a device it suspended before a transfer goes */
    if (FAILED(hr)) {
        transfer_free(t);
        return hr;
    }
    uv_mutex_lock(&usb->lock);
    int state = usb->state;
    if (state == USB_OPEN) {
        wudf_list_add_tail(&usb->transfers, &t->link);
        wudf_usb_activity_locked(usb);
    }
    uv_mutex_unlock(&usb->lock);
    if (state != USB_OPEN) {
        transfer_free(t);
        return HRESULT_FROM_NT(state == USB_GONE ? STATUS_DEVICE_NOT_CONNECTED : STATUS_INVALID_DEVICE_STATE);
    }
    wudf_log(WUDF_LOG_DEBUG, "usb-transfer", "irp=%llu endpoint=0x%02x length=%lu timeout_ms=%u sync=%d",
             (unsigned long long)r->irp_id, t->xfer->endpoint, (unsigned long)t->length, t->xfer->timeout,
             t->synchronous);
    /* Submitted without usb->lock: a cancel that comes first is caught up with just below. */
    int rc = usb->backend->submit(usb, t->xfer);
    uv_mutex_lock(&usb->lock);
    if (rc < 0) {
        wudf_list_remove(&t->link);
        uv_mutex_unlock(&usb->lock);
        transfer_free(t); /* libusb's callback never runs for it */
        if (rc == LIBUSB_ERROR_NO_DEVICE)
            wudf_usb_device_lost(usb, "submit");
        return HRESULT_FROM_NT(wudf_usb_status_from_error(rc));
    }
    if (t->cancel_requested && !t->finished)
        usb->backend->cancel(usb, t->xfer);
    uv_mutex_unlock(&usb->lock);
    wudf_usb_events_changed(usb->events);
    if (t->synchronous) {
        wait_until(usb, transfer_finished, t, 0);
        wudf_usb_transfer_deliver(t);
    }
    wudf_usb_transfer_put(t);
    return S_OK;
}

BOOL wudf_usb_cancel_sent(wudf_request *r)
{
    wudf_usb *usb = r->obj.host->usb;
    if (!usb)
        return FALSE;
    BOOL found = FALSE;
    uv_mutex_lock(&usb->lock);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &usb->transfers) {
        wudf_usb_transfer *t = WUDF_CONTAINER_OF(pos, wudf_usb_transfer, link);
        if (t->request == r && !t->cancel_requested) {
            cancel_locked(t);
            found = TRUE;
        }
    }
    uv_mutex_unlock(&usb->lock);
    return found;
}

void wudf_usb_cancel_for_file(wudf_usb *usb, wudf_object *target, IWDFFile *file)
{
    wudf_file *f = wudf_file_from(file);
    uv_mutex_lock(&usb->lock);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &usb->transfers) {
        wudf_usb_transfer *t = WUDF_CONTAINER_OF(pos, wudf_usb_transfer, link);
        if (t->target == target && t->request->file == f)
            cancel_locked(t);
    }
    uv_mutex_unlock(&usb->lock);
}

void wudf_usb_cancel_target(wudf_usb *usb, wudf_object *target, int all)
{
    uv_mutex_lock(&usb->lock);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &usb->transfers) {
        wudf_usb_transfer *t = WUDF_CONTAINER_OF(pos, wudf_usb_transfer, link);
        if (t->target == target && (all || !(t->flags & WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE)))
            cancel_locked(t);
    }
    uv_mutex_unlock(&usb->lock);
}

static int none_left(wudf_usb *usb, void *arg)
{
    wudf_object *target = arg;
    wudf_list *pos;
    for (pos = usb->transfers.next; pos != &usb->transfers; pos = pos->next)
        if (!target || WUDF_CONTAINER_OF(pos, wudf_usb_transfer, link)->target == target)
            return 0;
    return 1;
}

int wudf_usb_abort(wudf_usb *usb, wudf_object *target, unsigned timeout_ms)
{
    uv_mutex_lock(&usb->lock);
    wudf_list *pos, *tmp;
    WUDF_LIST_FOREACH_SAFE(pos, tmp, &usb->transfers) {
        wudf_usb_transfer *t = WUDF_CONTAINER_OF(pos, wudf_usb_transfer, link);
        if (!target || t->target == target)
            cancel_locked(t);
    }
    uv_mutex_unlock(&usb->lock);
    if (!timeout_ms)
        return 0;
    return wait_until(usb, none_left, target, wudf_now_ms() + timeout_ms);
}
