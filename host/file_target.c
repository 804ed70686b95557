/*
 * File-handle-based I/O targets (made by IWDFFileHandleTargetFactory,
 * file_target_factory.c): IWDFIoTarget(2) over a handle the driver opened
 * (file_target.h). A send
 * copies what it writes into a buffer of its own, goes to the platform part,
 * and comes back through wudf_file_io_done: the bytes read are copied into
 * the formatted memory, then the end reaches the driver as for any target
 * (request_send.c). A query or set of file information is the platform's
 * answer for the handle, after NT's checks of the class and the length
 * (file_info.c) (Windows: NtQuery/SetInformationFile; Linux: what fstat,
 * lseek, ftruncate and futimens tell, file_info_unix.c). UMDF's rules
 * (CreateFileHandleTarget's reference): no SEND_AND_FORGET; the handle stays
 * the driver's and must outlive the target.
 */
#include "file_target.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

static const IWDFIoTarget2Vtbl target_vtbl;
static const wudf_target_ops file_ops;

static wudf_file_target *target_of(IWDFIoTarget2 *This)
{
    return (wudf_file_target *)(void *)This;
}

wudf_target_state *wudf_file_target_state(IWDFIoTarget *target)
{
    return wudf_object_has_vtbl(target, &target_vtbl) ? &((wudf_file_target *)(void *)target)->state : NULL;
}

unsigned long long wudf_file_target_handle_id(const wudf_file_target *t)
{
    return (unsigned long long)(uintptr_t)t->handle;
}

/* ---- the end of a send ---- */

static void io_free(wudf_file_io *io)
{
    wudf_io_format_clear(&io->format);
    free(io->input);
    free(io->output);
    if (io->request)
        wudf_object_release(&io->request->obj);
    if (io->target)
        wudf_object_release(&io->target->obj);
    free(io);
}

/* The bytes that came in go into the memory the send was formatted with (checked again: SetBuffer). */
static void copy_back(wudf_file_io *io)
{
    wudf_memory *m = io->format.output;
    size_t n = io->information < io->output_length ? io->information : io->output_length;
    if (!m || !n || !io->output)
        return;
    size_t at = io->format.output_offset;
    size_t room = at <= m->size ? m->size - at : 0;
    memcpy(m->buffer + at, io->output, n < room ? n : room);
}

void wudf_file_io_done(wudf_file_io *io)
{
    wudf_file_target *t = io->target;
    wudf_host *host = t->obj.host;
    if (!NT_ERROR(io->status))
        copy_back(io); /* a warning (STATUS_BUFFER_OVERFLOW) comes with the part that fit */
    else if (io->type == WdfRequestRead)
        io->information = 0;
    uv_mutex_lock(&host->lock);
    if (io->timed_out && io->status == STATUS_CANCELLED)
        io->status = STATUS_IO_TIMEOUT; /* cancelled by its timeout: what WDF reports */
    wudf_list_remove(&io->link);
    io->request->file_io = NULL;
    int synchronous = (io->flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) != 0;
    NTSTATUS status = io->status;
    size_t information = io->information;
    wudf_request *r = io->request;
    ULONG flags = io->flags;
    wudf_log(WUDF_LOG_DEBUG, "file-target-done", "handle=%llu irp=%llu type=%d status=0x%08lX information=%lu",
             wudf_file_target_handle_id(t), (unsigned long long)r->irp_id, (int)io->type, (unsigned long)(ULONG)status,
             (unsigned long)information);
    io->finished = 1;
    /* Counted out before the driver hears of it: a Stop waiting for sent I/O may return first. */
    wudf_target_sent_done_locked(&t->state, flags);
    uv_mutex_unlock(&host->lock);
    if (synchronous)
        return; /* its sender, waiting in submit, delivers it; io is the sender's now */
    wudf_sent_complete(r, &t->obj, flags, status, information);
    io_free(io);
}

/* ---- the target's operations (io_target_state.h) ---- */

/* The send described by the request's format for t: own copies of what goes out, room for what comes in. */
static HRESULT io_build(wudf_file_target *t, wudf_request *r, ULONG flags, wudf_file_io **out)
{
    wudf_host *host = t->obj.host;
    wudf_file_io *io = calloc(1, sizeof *io);
    if (!io)
        return E_OUTOFMEMORY;
    uv_mutex_lock(&host->lock);
    HRESULT hr = wudf_io_format_current_locked(r, &t->obj, &io->format);
    uv_mutex_unlock(&host->lock);
    if (FAILED(hr)) {
        free(io);
        wudf_driver_bug("file-target-unformatted", "Send to a file-handle target of a request it cannot carry");
        return hr;
    }
    wudf_object_addref(&t->obj);
    wudf_object_addref(&r->obj);
    io->target = t;
    io->request = r;
    io->type = io->format.type;
    io->ioctl_code = io->format.ioctl_code;
    io->information_class = io->format.information_class;
    io->flags = flags;
    io->device_offset = io->format.device_offset;
    wudf_memory *in = io->format.input;
    size_t in_length = in ? io->format.input_length : 0;
    if (in && (io->format.input_offset > in->size || in->size - io->format.input_offset < in_length)) {
        io_free(io);
        return E_INVALIDARG; /* shrunk with SetBuffer after formatting */
    }
    io->input_length = in_length;
    io->output_length = io->format.output ? io->format.output_length : 0;
    io->input = malloc(in_length ? in_length : 1);
    io->output = calloc(1, io->output_length ? io->output_length : 1);
    if (!io->input || !io->output) {
        io_free(io);
        return E_OUTOFMEMORY;
    }
    if (in_length)
        memcpy(io->input, in->buffer + io->format.input_offset, in_length);
    *out = io;
    return S_OK;
}

/* Host lock held. */
static void cancel_locked(wudf_file_target *t, wudf_file_io *io, int timed_out)
{
    if (io->cancel_requested || io->finished)
        return;
    io->cancel_requested = 1;
    io->timed_out = timed_out;
    wudf_file_backend_cancel(t->backend, io);
}

static HRESULT file_submit(wudf_object *target, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    wudf_file_target *t = (wudf_file_target *)(void *)target;
    wudf_host *host = t->obj.host;
    if (flags & WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET) {
        /* "the driver must not set the WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET value" (CreateFileHandleTarget). */
        wudf_driver_bug("file-target-send-and-forget", "SEND_AND_FORGET to a file-handle target");
        return E_INVALIDARG;
    }
    wudf_file_io *io;
    HRESULT hr = io_build(t, r, flags, &io);
    if (FAILED(hr))
        return hr;
    int synchronous = (flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) != 0;
    uint64_t deadline = io->deadline = wudf_send_deadline(flags, timeout);
    uv_mutex_lock(&host->lock);
    wudf_list_add_tail(&t->in_flight, &io->link);
    r->file_io = io;
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_DEBUG, "file-target-send", "handle=%llu irp=%llu type=%d input=%lu output=%lu sync=%d",
             wudf_file_target_handle_id(t), (unsigned long long)r->irp_id, (int)io->type,
             (unsigned long)io->input_length, (unsigned long)io->output_length, synchronous);
    NTSTATUS status = wudf_file_backend_submit(t->backend, io);
    if (status != STATUS_SUCCESS) {
        uv_mutex_lock(&host->lock);
        wudf_list_remove(&io->link);
        r->file_io = NULL;
        uv_mutex_unlock(&host->lock);
        wudf_log(WUDF_LOG_WARN, "file-target-submit-failed", "handle=%llu irp=%llu status=0x%08lX",
                 wudf_file_target_handle_id(t), (unsigned long long)r->irp_id, (unsigned long)(ULONG)status);
        io_free(io);
        return HRESULT_FROM_NT(status);
    }
    if (!synchronous) {
        if (deadline)
            wudf_target_state_deadline_added(&t->state); /* io may be gone already: only its copy is used */
        return S_OK;
    }
    uv_mutex_lock(&host->lock);
    while (!io->finished) {
        uint64_t now = wudf_now_ms();
        if (deadline && now >= deadline)
            cancel_locked(t, io, 1);
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

static void file_cancel_sent(wudf_object *target, int all)
{
    wudf_file_target *t = (wudf_file_target *)(void *)target;
    uv_mutex_lock(&t->obj.host->lock);
    wudf_list *pos;
    for (pos = t->in_flight.next; pos != &t->in_flight; pos = pos->next) {
        wudf_file_io *io = WUDF_CONTAINER_OF(pos, wudf_file_io, link);
        if (all || !(io->flags & WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE))
            cancel_locked(t, io, 0);
    }
    uv_mutex_unlock(&t->obj.host->lock);
}

static uint64_t file_expire(wudf_object *target, uint64_t now)
{
    wudf_file_target *t = (wudf_file_target *)(void *)target;
    uint64_t next = 0;
    uv_mutex_lock(&t->obj.host->lock);
    wudf_list *pos;
    for (pos = t->in_flight.next; pos != &t->in_flight; pos = pos->next) {
        wudf_file_io *io = WUDF_CONTAINER_OF(pos, wudf_file_io, link);
        /* A synchronous sender watches its own deadline. */
        if (!io->deadline || io->cancel_requested || (io->flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS))
            continue;
        if (io->deadline <= now)
            cancel_locked(t, io, 1);
        else if (!next || io->deadline < next)
            next = io->deadline;
    }
    uv_mutex_unlock(&t->obj.host->lock);
    return next;
}

static const wudf_target_ops file_ops = {
    .submit = file_submit,
    .cancel_sent = file_cancel_sent,
    .expire = file_expire,
};

int wudf_file_target_cancel_sent(wudf_request *r)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_file_io *io = r->file_io;
    if (io)
        cancel_locked(io->target, io, 0);
    uv_mutex_unlock(&host->lock);
    return io != NULL;
}

/* ---- IWDFIoTarget(2) ---- */

WUDF_OBJECT_METHODS(target, IWDFIoTarget2)

static HRESULT STDMETHODCALLTYPE target_QueryInterfaceWithState(IWDFIoTarget2 *This, REFIID riid, void **ppv)
{
    if (riid && IsEqualIID(riid, &IID_IWDFIoTargetStateManagement))
        return wudf_target_state_query(&target_of(This)->state, ppv);
    return target_QueryInterface(This, riid, ppv);
}

static void STDMETHODCALLTYPE target_GetTargetFile(IWDFIoTarget2 *This, IWDFFile **file)
{
    if (file)
        *file = NULL; /* the handle is the driver's: no framework file stands for it */
}

static void STDMETHODCALLTYPE target_CancelSentRequestsForFile(IWDFIoTarget2 *This, IWDFFile *file)
{
    wudf_file_target *t = target_of(This);
    wudf_file *f = wudf_file_from(file);
    if (!f)
        return;
    wudf_target_cancel_pended_for_file(&t->state, f);
    uv_mutex_lock(&t->obj.host->lock);
    wudf_list *pos;
    for (pos = t->in_flight.next; pos != &t->in_flight; pos = pos->next) {
        wudf_file_io *io = WUDF_CONTAINER_OF(pos, wudf_file_io, link);
        if (io->request->file == f)
            cancel_locked(t, io, 0);
    }
    uv_mutex_unlock(&t->obj.host->lock);
}

/* pFile is optional for a file-handle target (FormatRequestForQueryInformation on Learn). */
WUDF_IO_TARGET_FORMAT_METHODS(target, IWDFIoTarget2, 0)

static const IWDFIoTarget2Vtbl target_vtbl = {
    .QueryInterface = target_QueryInterfaceWithState,
    .AddRef = target_AddRef,
    .Release = target_Release,
    .DeleteWdfObject = target_DeleteWdfObject,
    .AssignContext = target_AssignContext,
    .RetrieveContext = target_RetrieveContext,
    .AcquireLock = target_AcquireLock,
    .ReleaseLock = target_ReleaseLock,
    .GetTargetFile = target_GetTargetFile,
    .CancelSentRequestsForFile = target_CancelSentRequestsForFile,
    WUDF_IO_TARGET_FORMAT_VTBL(target),
};

/* Deletion: like Remove (sent I/O cancelled and waited for), then the platform part stops. */
static void target_cleanup(wudf_object *obj)
{
    wudf_file_target *t = (wudf_file_target *)(void *)obj;
    wudf_target_state_cleanup(&t->state);
    wudf_file_backend_close(t->backend);
    t->backend = NULL;
    wudf_log(WUDF_LOG_INFO, "file-target-deleted", "handle=%llu", wudf_file_target_handle_id(t));
}

static void target_destroy(wudf_object *obj)
{
    wudf_target_state_destroy(&((wudf_file_target *)(void *)obj)->state);
}

static const IID *const target_iids[] = {&IID_IWDFIoTarget, &IID_IWDFIoTarget2, NULL};
static const wudf_object_type target_type = {
    .name = "IWDFIoTarget",
    .iids = target_iids,
    .wdf_object = 1,
    .deletable = 1,
    .cleanup = target_cleanup,
    .destroy = target_destroy,
};

HRESULT wudf_file_target_create(wudf_device *device, HANDLE handle, IWDFIoTarget **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (handle == NULL || handle == (HANDLE)(intptr_t)-1) { /* INVALID_HANDLE_VALUE */
        wudf_log(WUDF_LOG_ERROR, "file-target-refused", "reason=\"the handle is NULL or INVALID_HANDLE_VALUE\"");
        return HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
    }
    wudf_file_target *t = calloc(1, sizeof *t);
    if (!t)
        return E_OUTOFMEMORY;
    t->device = device;
    t->handle = handle;
    wudf_list_init(&t->in_flight);
    char why[200] = "";
    HRESULT hr = wudf_file_backend_open(&t->backend, t, handle, why, sizeof why);
    if (FAILED(hr)) {
        wudf_log(WUDF_LOG_ERROR, "file-target-refused", "handle=%llu hr=0x%08lX reason=\"%s\"",
                 wudf_file_target_handle_id(t), (unsigned long)(ULONG)hr, why);
        free(t);
        return hr;
    }
    wudf_target_state_init(&t->state, &t->obj, &file_ops, "file-handle");
    /* The device is the parent: the target goes with it if the driver does not delete it first. */
    wudf_object_init(&t->obj, &target_vtbl, &target_type, device->obj.host, &device->obj, NULL);
    wudf_log(WUDF_LOG_INFO, "file-target-created", "handle=%llu", wudf_file_target_handle_id(t));
    wudf_object_addref(&t->obj);
    *out = (IWDFIoTarget *)(void *)t;
    return S_OK;
}

