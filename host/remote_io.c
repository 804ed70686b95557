/*
 * Sends to a remote target (its wudf_target_ops): a send goes to the reflector as a REMOTE_IRP on the
 * target's file, with the bytes of the memory it was formatted with; its REMOTE_COMPLETE brings the
 * status, the count and what was read, copied into that memory, and the end reaches the driver as for
 * any target (request_send.c). Cancels (CancelSentRequest, a client's cancel, Stop, Close, a timeout)
 * go as REMOTE_CANCEL and end with the other device's answer.
 */
#include "remote.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

static void io_free(wudf_remote_io *io)
{
    wudf_io_format_clear(&io->format);
    wudf_object_release(&io->request->obj);
    wudf_object_release(&io->target->obj);
    free(io);
}

void wudf_remote_io_cancel_locked(wudf_remote_io *io, int timed_out)
{
    if (io->cancel_requested || io->finished)
        return;
    io->cancel_requested = 1;
    io->timed_out = timed_out;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_REMOTE_CANCEL);
    m.irp_id = io->id;
    wudf_host_send(io->target->obj.host, &m);
}

/* Host lock held: the send of r in flight at any remote target of hub, or NULL. */
static wudf_remote_io *find_locked(wudf_remote_hub *hub, const wudf_request *r, uint64_t id)
{
    for (wudf_list *t = hub->targets.next; t != &hub->targets; t = t->next) {
        wudf_remote_target *target = WUDF_CONTAINER_OF(t, wudf_remote_target, hub_link);
        for (wudf_list *pos = target->in_flight.next; pos != &target->in_flight; pos = pos->next) {
            wudf_remote_io *io = WUDF_CONTAINER_OF(pos, wudf_remote_io, link);
            if (r ? io->request == r : io->id == id)
                return io;
        }
    }
    return NULL;
}

/* The send's end without a trip: a flush or a query or set of file information (no such requests on the
 * wire), or a target with no file. */
static HRESULT end_now(wudf_remote_target *t, wudf_request *r, ULONG flags, NTSTATUS status)
{
    wudf_sent_complete(r, &t->obj, flags, status, 0);
    wudf_target_sent_done(&t->state, flags);
    return S_OK;
}

static uint8_t major_of(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestRead ? WUDF_IRP_MJ_READ
           : type == WdfRequestWrite ? WUDF_IRP_MJ_WRITE
                                     : WUDF_IRP_MJ_DEVICE_CONTROL;
}

static HRESULT remote_submit(wudf_object *target, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    wudf_remote_target *t = (wudf_remote_target *)(void *)target;
    wudf_host *host = t->obj.host;
    wudf_remote_io *io = calloc(1, sizeof *io);
    if (!io)
        return E_OUTOFMEMORY;
    uv_mutex_lock(&host->lock);
    HRESULT hr = find_locked(t->hub, r, 0) ? HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE)
                                           : wudf_io_format_current_locked(r, &t->obj, &io->format);
    uint32_t file_id = t->file_id;
    uv_mutex_unlock(&host->lock);
    if (FAILED(hr)) {
        free(io);
        wudf_driver_bug("remote-target-send", hr == E_INVALIDARG ? "Send to a remote target of a request it cannot carry"
                                                                : "Send of a request already at a remote target");
        return hr;
    }
    WDF_REQUEST_TYPE type = io->format.type;
    if (type == WdfRequestFlushBuffers || type == WdfRequestQueryInformation || type == WdfRequestSetInformation ||
        !file_id) {
        wudf_io_format_clear(&io->format);
        free(io);
        /* These reach no other device through the reflector: the send ends as it ends at a device that serves
         * none of them (docs/vendor-guide.md). A target without a file sends nothing. */
        return end_now(t, r, flags, file_id ? STATUS_INVALID_DEVICE_REQUEST : STATUS_INVALID_DEVICE_STATE);
    }
    wudf_memory *in = io->format.input, *out = io->format.output;
    size_t in_length = in ? io->format.input_length : 0, out_length = out ? io->format.output_length : 0;
    if (io->format.type == WdfRequestRead)
        in_length = 0;
    if (io->format.type == WdfRequestWrite)
        out_length = 0;
    if ((in && (io->format.input_offset > in->size || in->size - io->format.input_offset < in_length)) ||
        in_length > WUDF_MSG_MAX_PAYLOAD || out_length > WUDF_MSG_MAX_PAYLOAD) {
        wudf_io_format_clear(&io->format);
        free(io);
        return in_length > WUDF_MSG_MAX_PAYLOAD || out_length > WUDF_MSG_MAX_PAYLOAD
                   ? HRESULT_FROM_NT(STATUS_INVALID_BUFFER_SIZE)
                   : E_INVALIDARG; /* shrunk with SetBuffer after formatting */
    }
    wudf_object_addref(&t->obj);
    wudf_object_addref(&r->obj);
    io->target = t;
    io->request = r;
    io->flags = flags;
    io->id = wudf_remote_next_id();
    uint64_t deadline = io->deadline = wudf_send_deadline(flags, timeout);
    int synchronous = (flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) != 0;
    uv_mutex_lock(&host->lock);
    wudf_list_add_tail(&t->in_flight, &io->link);
    /* Encoded (copied) by the outbox before it returns, under the lock so that no completion overtakes it. */
    wudf_remote_send_irp(host, io->id, major_of(io->format.type), file_id,
                         io->format.type == WdfRequestDeviceIoControl ? io->format.ioctl_code : 0,
                         in_length ? in->buffer + io->format.input_offset : NULL, (uint32_t)in_length,
                         (uint32_t)out_length,
                         io->format.type == WdfRequestDeviceIoControl ? 0 : (uint64_t)io->format.device_offset);
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_DEBUG, "remote-target-send", "file=%u irp=%llu id=%llu type=%d input=%lu output=%lu sync=%d",
             (unsigned)file_id, (unsigned long long)r->irp_id, (unsigned long long)io->id, (int)io->format.type,
             (unsigned long)in_length, (unsigned long)out_length, synchronous);
    if (!synchronous) {
        if (deadline)
            wudf_target_state_deadline_added(&t->state);
        return S_OK;
    }
    uv_mutex_lock(&host->lock);
    while (!io->finished) {
        uint64_t now = wudf_now_ms();
        if (deadline && now >= deadline)
            wudf_remote_io_cancel_locked(io, 1);
        if (deadline && now < deadline)
            uv_cond_timedwait(&t->state.changed, &host->lock, (deadline - now) * 1000000u);
        else
            uv_cond_wait(&t->state.changed, &host->lock);
    }
    uv_mutex_unlock(&host->lock);
    wudf_sent_complete(r, &t->obj, flags, io->status, io->information);
    io_free(io);
    return S_OK;
}

int wudf_remote_io_done(wudf_remote_hub *hub, const wudf_msg *msg)
{
    wudf_host *host = hub->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_remote_io *io = find_locked(hub, NULL, msg->irp_id);
    if (io)
        wudf_list_remove(&io->link); /* no cancel reaches it any more */
    uv_mutex_unlock(&host->lock);
    if (!io)
        return 0;
    NTSTATUS status = msg->status;
    if (io->timed_out && status == STATUS_CANCELLED)
        status = STATUS_IO_TIMEOUT; /* cancelled by its timeout: what WDF reports */
    size_t information = (size_t)msg->information;
    wudf_memory *m = io->format.output;
    size_t room = io->format.type == WdfRequestWrite || !m ? 0 : io->format.output_length;
    if (m && io->format.output_offset <= m->size && m->size - io->format.output_offset < room)
        room = m->size - io->format.output_offset; /* shrunk with SetBuffer meanwhile */
    size_t n = msg->payload_length < room ? msg->payload_length : room;
    if (n)
        memcpy(m->buffer + io->format.output_offset, msg->payload, n);
    /* What came in is what the driver may see: a read or an ioctl reports no more than was copied. */
    if (io->format.type != WdfRequestWrite && information > n)
        information = n;
    if (io->format.type == WdfRequestRead && !NT_SUCCESS(status))
        information = 0;
    wudf_remote_target *t = io->target;
    ULONG flags = io->flags;
    wudf_request *r = io->request;
    wudf_log(WUDF_LOG_DEBUG, "remote-target-done", "irp=%llu id=%llu status=0x%08lX information=%lu",
             (unsigned long long)r->irp_id, (unsigned long long)msg->irp_id, (unsigned long)(ULONG)status,
             (unsigned long)information);
    uv_mutex_lock(&host->lock);
    io->status = status;
    io->information = information;
    io->finished = 1;
    /* Counted out before the driver hears of it: a Stop waiting for sent I/O may return first. */
    wudf_target_sent_done_locked(&t->state, flags);
    uv_mutex_unlock(&host->lock);
    /* A synchronous sender may have freed io, its request and its target by now: nothing of them is touched. */
    if (flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS)
        return 1; /* its sender, waiting in submit, delivers it; io is the sender's now */
    wudf_sent_complete(r, &t->obj, flags, status, information);
    io_free(io);
    return 1;
}

static void remote_cancel_sent(wudf_object *target, int all)
{
    wudf_remote_target *t = (wudf_remote_target *)(void *)target;
    uv_mutex_lock(&t->obj.host->lock);
    for (wudf_list *pos = t->in_flight.next; pos != &t->in_flight; pos = pos->next) {
        wudf_remote_io *io = WUDF_CONTAINER_OF(pos, wudf_remote_io, link);
        if (all || !(io->flags & WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE))
            wudf_remote_io_cancel_locked(io, 0);
    }
    uv_mutex_unlock(&t->obj.host->lock);
}

static uint64_t remote_expire(wudf_object *target, uint64_t now)
{
    wudf_remote_target *t = (wudf_remote_target *)(void *)target;
    uint64_t next = 0;
    uv_mutex_lock(&t->obj.host->lock);
    for (wudf_list *pos = t->in_flight.next; pos != &t->in_flight; pos = pos->next) {
        wudf_remote_io *io = WUDF_CONTAINER_OF(pos, wudf_remote_io, link);
        /* A synchronous sender watches its own deadline. */
        if (!io->deadline || io->cancel_requested || (io->flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS))
            continue;
        if (io->deadline <= now)
            wudf_remote_io_cancel_locked(io, 1);
        else if (!next || io->deadline < next)
            next = io->deadline;
    }
    uv_mutex_unlock(&t->obj.host->lock);
    return next;
}

const wudf_target_ops wudf_remote_ops = {
    .submit = remote_submit,
    .cancel_sent = remote_cancel_sent,
    .expire = remote_expire,
};

int wudf_remote_cancel_sent(wudf_request *r)
{
    wudf_remote_hub *hub = wudf_remote_hub_find(r->obj.host);
    if (!hub)
        return 0;
    uv_mutex_lock(&r->obj.host->lock);
    wudf_remote_io *io = find_locked(hub, r, 0);
    if (io)
        wudf_remote_io_cancel_locked(io, 0);
    uv_mutex_unlock(&r->obj.host->lock);
    wudf_object_release(&hub->obj);
    return io != NULL;
}
