/*
 * The dispatcher thread's side of the protocol: each message from the
 * reflector, in arrival order. IRPs become requests and go to the queue
 * configured for their type (presentation to the driver happens on the
 * workers); CREATE/CLEANUP/CLOSE drive the file objects; CANCEL, DEVICE_START
 * and DEVICE_STOP go to request_cancel.c and pnp.c.
 */
#include <openwudf/ring.h>

#include "ring_server.h"
#include "stack.h"

#include "log.h"

static WDF_REQUEST_TYPE request_type_of(uint8_t major)
{
    switch (major) {
    case WUDF_IRP_MJ_CREATE: return WdfRequestCreate;
    case WUDF_IRP_MJ_READ: return WdfRequestRead;
    case WUDF_IRP_MJ_WRITE: return WdfRequestWrite;
    case WUDF_IRP_MJ_DEVICE_CONTROL: return WdfRequestDeviceIoControl;
    case WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL: return WdfRequestInternalIoctl;
    case WUDF_IRP_MJ_CLEANUP: return WdfRequestCleanup;
    case WUDF_IRP_MJ_CLOSE: return WdfRequestClose;
    default: return WdfRequestUndefined;
    }
}

static void dispatch_create(wudf_host *host, wudf_device *d, const wudf_msg *msg)
{
    wudf_file *existing = wudf_file_lookup(host, msg->file_id);
    if (existing) {
        wudf_object_release(&existing->obj);
        wudf_log(WUDF_LOG_WARN, "create-refused", "file=%lu reason=file-id-in-use", (unsigned long)msg->file_id);
        wudf_host_complete_irp(host, msg->irp_id, STATUS_OBJECT_NAME_COLLISION);
        return;
    }
    wudf_file *f = wudf_file_create(d, msg->file_id, (const char *)msg->payload, msg->payload_length);
    if (f) {
        /* The opener's process id, which the reflector puts in a CREATE's information. */
        f->initiator_pid = msg->information <= UINT32_MAX ? (DWORD)msg->information : 0;
        wudf_ring_bind(host, f);
    }
    wudf_request *r = f ? wudf_request_create(host, msg, WdfRequestCreate, f) : NULL;
    if (!r) {
        if (f)
            wudf_file_discard(f);
        wudf_host_complete_irp(host, msg->irp_id, STATUS_INSUFFICIENT_RESOURCES);
        return;
    }
    /* The top device's driver takes it, or its framework forwards it down or opens the file. */
    wudf_stack_create(host, d, r);
}

/* The host's state and its device (referenced, may be NULL). */
static wudf_device *host_device(wudf_host *host, int *state)
{
    uv_mutex_lock(&host->lock);
    *state = host->state;
    wudf_device *d = host->device;
    if (d)
        wudf_object_addref(&d->obj);
    uv_mutex_unlock(&host->lock);
    return d;
}

void wudf_dispatch_request(wudf_host *host, wudf_request *r)
{
    int state;
    wudf_device *d = host_device(host, &state);
    if (!d || state != WUDF_HOST_STARTED) {
        if (d)
            wudf_object_release(&d->obj);
        wudf_request_complete_nt(r, state == WUDF_HOST_STOPPED ? STATUS_DELETE_PENDING : STATUS_INVALID_DEVICE_STATE);
        return;
    }
    /* What UMDF refuses before any driver sees it (the reflector does it on Windows; here both the
     * socket and the fast path meet in this function). */
    NTSTATUS refused = wudf_io_admit(host, r);
    if (refused != STATUS_SUCCESS) {
        wudf_object_release(&d->obj);
        wudf_request_complete_nt(r, refused);
        return;
    }
    /* Into the top device, and down through filters that take no requests of its type (stack.c). */
    wudf_stack_dispatch(host, d, r);
    wudf_object_release(&d->obj);
}

static void dispatch_io(wudf_host *host, const wudf_msg *msg, WDF_REQUEST_TYPE type)
{
    wudf_file *f = wudf_file_lookup(host, msg->file_id);
    /* A file the driver never saw created: refused unless UmdfFileObjectPolicy allows unknown file
     * objects, and then the driver gets the request without one (GetFileObject gives NULL). */
    if (!f && !wudf_io_allows_unknown_files(host)) {
        wudf_host_complete_irp(host, msg->irp_id, STATUS_INVALID_HANDLE);
        return;
    }
    wudf_request *r = wudf_request_create(host, msg, type, f);
    if (f)
        wudf_object_release(&f->obj);
    if (!r) {
        wudf_host_complete_irp(host, msg->irp_id, STATUS_INSUFFICIENT_RESOURCES);
        return;
    }
    wudf_order_dispatch(host, r, msg->information);
}

static void dispatch_irp(wudf_host *host, const wudf_msg *msg)
{
    int state;
    wudf_device *d = host_device(host, &state);
    if (state != WUDF_HOST_STARTED || !d) {
        wudf_host_complete_irp(host, msg->irp_id,
                               state == WUDF_HOST_STOPPED ? STATUS_DELETE_PENDING : STATUS_INVALID_DEVICE_STATE);
        if (d)
            wudf_object_release(&d->obj);
        return;
    }
    WDF_REQUEST_TYPE type = request_type_of(msg->major);
    wudf_log(WUDF_LOG_DEBUG, "irp", "irp=%llu major=%s file=%lu in=%u out=%u", (unsigned long long)msg->irp_id,
             wudf_irp_major_name(msg->major), (unsigned long)msg->file_id, (unsigned)msg->input_length,
             (unsigned)msg->output_length);
    if (type == WdfRequestCreate) {
        dispatch_create(host, d, msg);
    } else if (type == WdfRequestCleanup || type == WdfRequestClose) {
        wudf_file *f = wudf_file_lookup(host, msg->file_id);
        if (!f) {
            wudf_host_complete_irp(host, msg->irp_id, STATUS_INVALID_HANDLE);
        } else {
            /* What the client put in the ring before it closed is dispatched first, then cleaned up. */
            wudf_ring_drain(host, msg->file_id);
            wudf_order_close(f);
            if (type == WdfRequestCleanup) {
                wudf_file_cleanup(f);
            } else {
                wudf_ring_unbind(host, msg->file_id);
                wudf_file_close(f);
            }
            wudf_object_release(&f->obj);
            wudf_host_complete_irp(host, msg->irp_id, STATUS_SUCCESS);
        }
    } else {
        dispatch_io(host, msg, type);
    }
    wudf_object_release(&d->obj);
}

void wudf_dispatch_message(wudf_host *host, const wudf_msg *msg)
{
    switch (msg->type) {
    case WUDF_MSG_DEVICE_START:
        wudf_pnp_start(host, msg);
        break;
    case WUDF_MSG_DEVICE_STOP:
        if (msg->minor == WUDF_STOP_MINOR_QUERY_REMOVE)
            wudf_pnp_query_remove(host);
        else
            wudf_pnp_stop(host);
        break;
    case WUDF_MSG_IRP:
        dispatch_irp(host, msg);
        break;
    case WUDF_MSG_POWER:
        wudf_power_system(host, msg->minor);
        break;
    case WUDF_MSG_REMOTE_COMPLETE:
    case WUDF_MSG_REMOTE_EVENT:
        wudf_remote_message(host, msg);
        break;
    case WUDF_MSG_CANCEL:
        if (msg->minor == WUDF_CANCEL_MINOR_FAST_PATH)
            wudf_ring_cancel(host, msg->file_id, msg->irp_id);
        else
            wudf_request_cancel_irp(host, msg->irp_id);
        break;
    default:
        wudf_log(WUDF_LOG_WARN, "message-ignored", "type=%s", wudf_msg_type_name(msg->type));
        break;
    }
}
