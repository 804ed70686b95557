/*
 * Requests sent down the device stack. A Send to a default target whose
 * device has a lower layer gives that layer a request object of its own
 * (as each UMDF driver of a stack sees its own IWDFIoRequest): the type,
 * code, offset, information class and buffers the sender formatted
 * (FormatUsingCurrentType: its own), its memory a view of the sender's
 * memory, its file the lower layer's file of the same open. It enters the
 * lower device as a client's request enters the top (filters, dispatching,
 * the zero-length rule, power-managed queues; a query or set of file
 * information goes to IQueueCallbackDefaultIoHandler); when the lower driver completes it, the send ends
 * as the flags say (request_send.c's wudf_sent_complete). A cancel of the
 * sender's request, CancelSentRequest, CancelSentRequestsForFile, a target
 * stopped with WdfIoTargetCancelSentIo, a removal and a timeout cancel the
 * lower request, whose cancel routine or queue sees it as a client's cancel.
 */
#include "io_target_state.h"
#include "stack.h"

#include <stdlib.h>

#include "hresult.h"
#include "log.h"

struct wudf_stack_send {
    wudf_list link;          /* host->stack_sent while in flight */
    wudf_request *sender;    /* referenced until the send has ended */
    wudf_request *lower;     /* this send's request below; the record lives as long as it */
    wudf_io_target *target;  /* referenced; NULL for the framework's own forwarding */
    ULONG flags;
    uint64_t deadline;       /* 0: none */
    int timed_out;           /* cancelled because the deadline passed */
    int done;                /* the lower request completed (host lock) */
    NTSTATUS status;
    ULONG_PTR information;
};

/* What the lower request carries: the sender's format for target, else its own type and buffers. */
typedef struct send_format {
    WDF_REQUEST_TYPE type;
    ULONG ioctl_code;
    WDF_FILE_INFORMATION_CLASS information_class;
    wudf_memory *input, *output; /* referenced */
    size_t input_offset, input_length, output_offset, output_length;
    LONGLONG device_offset;
} send_format;

static int has_output(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestRead || type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl ||
           type == WdfRequestQueryInformation;
}

static int has_input(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestWrite || type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl ||
           type == WdfRequestSetInformation;
}

/* Host lock held. */
static void format_of_locked(wudf_request *r, wudf_object *target, send_format *f)
{
    wudf_io_format *io = r->io_format;
    if (io && io->target == target) {
        f->type = io->type;
        f->ioctl_code = io->ioctl_code;
        f->information_class = io->information_class;
        f->input = io->input;
        f->input_offset = io->input_offset;
        f->input_length = io->input ? io->input_length : 0;
        f->output = io->output;
        f->output_offset = io->output_offset;
        f->output_length = io->output ? io->output_length : 0;
        f->device_offset = io->device_offset;
    } else {
        /* FormatUsingCurrentType: the request goes on as it came, a create included. */
        f->type = r->type;
        f->ioctl_code = r->ioctl_code;
        f->information_class = r->information_class;
        f->input = has_input(r->type) ? r->input_memory : NULL;
        f->output = has_output(r->type) ? r->output_memory : NULL;
        f->input_offset = f->output_offset = 0;
        f->input_length = f->input ? f->input->size : 0;
        f->output_length = f->output ? f->output->size : 0;
        f->device_offset = (LONGLONG)r->offset;
    }
    if (f->input)
        wudf_object_addref(&f->input->obj);
    if (f->output)
        wudf_object_addref(&f->output->obj);
}

static void format_clear(send_format *f)
{
    if (f->input)
        wudf_object_release(&f->input->obj);
    if (f->output)
        wudf_object_release(&f->output->obj);
}

static int sendable(WDF_REQUEST_TYPE type)
{
    return type == WdfRequestCreate || type == WdfRequestRead || type == WdfRequestWrite ||
           type == WdfRequestDeviceIoControl || type == WdfRequestInternalIoctl || type == WdfRequestFlushBuffers ||
           type == WdfRequestQueryInformation || type == WdfRequestSetInformation;
}

/* The lower layer's request for sender, registered as in flight; NULL and *hr when it cannot be made. */
static wudf_request *lower_new(wudf_device *lower, wudf_request *sender, const send_format *f, wudf_stack_send *s,
                               HRESULT *hr)
{
    wudf_host *host = lower->obj.host;
    wudf_request *lr = wudf_request_create_empty(host, sender->irp_id, f->type);
    *hr = E_OUTOFMEMORY;
    if (!lr)
        return NULL;
    lr->ioctl_code = f->ioctl_code;
    lr->information_class = f->information_class;
    lr->offset = (uint64_t)f->device_offset;
    lr->input_length = (uint32_t)f->input_length;
    lr->output_length = (uint32_t)f->output_length;
    if (f->input_length)
        lr->input_memory = wudf_memory_create_view(lr, f->input, f->input_offset, f->input_length);
    if (f->output_length)
        lr->output_memory = wudf_memory_create_view(lr, f->output, f->output_offset, f->output_length);
    wudf_file *file = NULL;
    if (f->type == WdfRequestCreate) {
        file = sender->file ? wudf_file_create_lower(lower, sender->file) : NULL;
        *hr = sender->file ? E_OUTOFMEMORY : HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    }
    uv_mutex_lock(&host->lock);
    int ok = (!f->input_length || lr->input_memory) && (!f->output_length || lr->output_memory) &&
             (f->type != WdfRequestCreate || file) && !sender->sent_down;
    if (ok) {
        /* The request's own reference on its file: the create's new one, or the open's below. */
        if (f->type != WdfRequestCreate && sender->file)
            file = sender->file->lower;
        if (file)
            wudf_object_addref(&file->obj);
        lr->file = file;
        file = NULL;
        lr->stack_send = s;
        s->lower = lr;
        sender->sent_down = s;
        wudf_list_add_tail(&host->stack_sent, &s->link);
        wudf_list_add_tail(&host->pending, &lr->pending_link);
    } else if (sender->sent_down) {
        *hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    uv_mutex_unlock(&host->lock);
    if (!ok) {
        if (file)
            wudf_file_discard(file);
        wudf_object_release(&lr->obj);
        return NULL;
    }
    wudf_request_set_device(lr, lower);
    return lr;
}

/* The lower request enters its device as a client's request enters the top. */
static void lower_dispatch(wudf_device *lower, wudf_request *lr)
{
    wudf_host *host = lower->obj.host;
    if (lr->type == WdfRequestCreate) {
        wudf_stack_create(host, lower, lr);
        return;
    }
    /* UMDF requires a file object for each request, unless the INF allows null and unknown ones. */
    if (!lr->file && !wudf_io_allows_unknown_files(host)) {
        wudf_request_complete_nt(lr, STATUS_INVALID_HANDLE);
        return;
    }
    wudf_stack_dispatch(host, lower, lr);
}

/* The send has ended: the sender learns it as its flags say. */
static void finish(wudf_stack_send *s)
{
    wudf_request *sender = s->sender;
    wudf_io_target *t = s->target;
    s->sender = NULL;
    s->target = NULL;
    if (!t) {
        wudf_request_complete(sender, wudf_hresult_from_ntstatus(s->status), s->information);
    } else {
        wudf_sent_complete(sender, &t->obj, s->flags, s->status, s->information);
        wudf_target_sent_done(t->state, s->flags);
        wudf_object_release(&t->obj);
    }
    wudf_object_release(&sender->obj);
}

static wudf_stack_send *send_new(wudf_request *sender, wudf_io_target *t, ULONG flags, LONGLONG timeout)
{
    wudf_stack_send *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    wudf_list_init(&s->link);
    s->flags = flags;
    s->deadline = wudf_send_deadline(flags, timeout);
    s->sender = sender;
    wudf_object_addref(&sender->obj);
    s->target = t;
    if (t)
        wudf_object_addref(&t->obj);
    return s;
}

static void send_free(wudf_stack_send *s)
{
    if (s->target)
        wudf_object_release(&s->target->obj);
    if (s->sender)
        wudf_object_release(&s->sender->obj);
    free(s);
}

/* Makes and dispatches the lower request of s; S_OK, or what stops it (s is then freed). The caller
 * gets a reference on the lower request in *out. */
static HRESULT start(wudf_stack_send *s, wudf_device *lower, wudf_object *target, wudf_request **out)
{
    wudf_request *sender = s->sender;
    wudf_host *host = sender->obj.host;
    send_format f = {0};
    uv_mutex_lock(&host->lock);
    format_of_locked(sender, target, &f);
    uv_mutex_unlock(&host->lock);
    HRESULT hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    wudf_request *lr = sendable(f.type) ? lower_new(lower, sender, &f, s, &hr) : NULL;
    format_clear(&f);
    if (!lr) {
        send_free(s);
        return hr;
    }
    wudf_log(WUDF_LOG_DEBUG, "stack-send", "irp=%llu type=%d to=%s flags=0x%lx", (unsigned long long)sender->irp_id,
             (int)lr->type, wudf_device_service_name(lower), (unsigned long)s->flags);
    wudf_object_addref(&lr->obj);
    *out = lr;
    lower_dispatch(lower, lr);
    return S_OK;
}

int wudf_stack_target_has_lower(wudf_io_target *t)
{
    wudf_device *lower = t && t->device ? wudf_stack_lower(t->device) : NULL;
    if (lower)
        wudf_object_release(&lower->obj);
    return lower != NULL;
}

/* A synchronous send waits on its sender's thread; its deadline cancels the lower request. */
static void wait_done(wudf_stack_send *s, wudf_request *lr)
{
    wudf_host *host = lr->obj.host;
    uv_mutex_lock(&host->lock);
    while (!s->done) {
        uint64_t now = wudf_now_ms();
        if (s->deadline && !s->timed_out && now >= s->deadline) {
            s->timed_out = 1;
            uv_mutex_unlock(&host->lock);
            wudf_log(WUDF_LOG_INFO, "stack-send-timeout", "irp=%llu sync=1", (unsigned long long)lr->irp_id);
            wudf_request_cancel(lr);
            uv_mutex_lock(&host->lock);
        } else if (s->deadline && !s->timed_out) {
            uv_cond_timedwait(&host->changed, &host->lock, (s->deadline - now) * 1000000u);
        } else {
            uv_cond_wait(&host->changed, &host->lock);
        }
    }
    uv_mutex_unlock(&host->lock);
}

HRESULT wudf_stack_submit(wudf_io_target *t, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    wudf_device *lower = wudf_stack_lower(t->device);
    if (!lower)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    wudf_stack_send *s = send_new(r, t, flags, timeout);
    wudf_request *lr = NULL;
    HRESULT hr = s ? start(s, lower, &t->obj, &lr) : E_OUTOFMEMORY;
    wudf_object_release(&lower->obj);
    if (FAILED(hr))
        return hr;
    if (flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS) {
        wait_done(s, lr);
        finish(s);
    } else if (s->deadline) {
        wudf_target_state_deadline_added(t->state); /* its timer calls wudf_stack_expire */
    }
    wudf_object_release(&lr->obj);
    return S_OK;
}

void wudf_stack_forward(wudf_request *r, wudf_device *lower)
{
    wudf_host *host = r->obj.host;
    wudf_stack_send *s = send_new(r, NULL, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET, 0);
    uv_mutex_lock(&host->lock);
    r->state = REQUEST_DRIVER; /* the framework holds it for the driver: a cancel reaches the lower one */
    uv_mutex_unlock(&host->lock);
    wudf_request *lr = NULL;
    HRESULT hr = s ? start(s, lower, NULL, &lr) : E_OUTOFMEMORY;
    if (FAILED(hr)) {
        wudf_request_complete(r, hr, 0);
        return;
    }
    wudf_object_release(&lr->obj);
}

int wudf_stack_request_completed(wudf_request *lr, NTSTATUS status, ULONG_PTR information)
{
    wudf_stack_send *s = lr->stack_send;
    wudf_host *host = lr->obj.host;
    uv_mutex_lock(&host->lock);
    if (s->done) {
        uv_mutex_unlock(&host->lock);
        return 0; /* reused by its driver and completed again: the send ended the first time */
    }
    s->done = 1;
    /* A timeout ends the send with STATUS_IO_TIMEOUT, as WDF reports it, once the cancel has landed. */
    s->status = s->timed_out && status == STATUS_CANCELLED ? STATUS_IO_TIMEOUT : status;
    s->information = NT_ERROR(status) ? 0 : information;
    wudf_list_remove(&s->link);
    wudf_list_init(&s->link);
    if (s->sender && s->sender->sent_down == s)
        s->sender->sent_down = NULL;
    int waited = s->target && (s->flags & WDF_REQUEST_SEND_OPTION_SYNCHRONOUS);
    if (waited)
        uv_cond_broadcast(&host->changed);
    uv_mutex_unlock(&host->lock);
    if (!waited)
        finish(s);
    return 1;
}

void wudf_stack_request_destroy(wudf_request *lr)
{
    wudf_stack_send *s = lr->stack_send;
    lr->stack_send = NULL;
    if (s)
        send_free(s);
}

int wudf_stack_cancel_sent(wudf_request *r)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_request *lr = r->sent_down ? r->sent_down->lower : NULL;
    if (lr)
        wudf_object_addref(&lr->obj);
    uv_mutex_unlock(&host->lock);
    if (!lr)
        return 0;
    wudf_log(WUDF_LOG_DEBUG, "stack-cancel", "irp=%llu service=%s", (unsigned long long)lr->irp_id,
             wudf_device_service_name(lr->device));
    wudf_request_cancel(lr);
    wudf_object_release(&lr->obj);
    return 1;
}

/* Host lock held: the lower requests of target's sends that match, referenced, into a new array. */
static wudf_request **collect_locked(wudf_host *host, wudf_io_target *t, wudf_file *file, int all, uint64_t now,
                                     uint64_t *next, size_t *count)
{
    size_t n = 0, cap = 0;
    wudf_request **list = NULL;
    wudf_list *pos;
    for (pos = host->stack_sent.next; pos != &host->stack_sent; pos = pos->next) {
        wudf_stack_send *s = WUDF_CONTAINER_OF(pos, wudf_stack_send, link);
        if (s->target != t || (file && (!s->sender || s->sender->file != file)))
            continue;
        if (now) {
            if (!s->deadline || s->timed_out)
                continue;
            if (s->deadline > now) {
                if (!*next || s->deadline < *next)
                    *next = s->deadline;
                continue;
            }
        } else if (!all && (s->flags & (WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE |
                                        WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET))) {
            continue;
        }
        if (n == cap) {
            size_t grown_cap = cap ? cap * 2 : 8;
            wudf_request **grown = realloc(list, grown_cap * sizeof *grown);
            if (!grown)
                break; /* the rest is left in flight; Remove still waits for it */
            list = grown;
            cap = grown_cap;
        }
        if (now)
            s->timed_out = 1;
        wudf_object_addref(&s->lower->obj);
        list[n++] = s->lower;
    }
    *count = n;
    return list;
}

static void cancel_all(wudf_request **list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        wudf_request_cancel(list[i]);
        wudf_object_release(&list[i]->obj);
    }
    free(list);
}

void wudf_stack_cancel_target(wudf_io_target *t, wudf_file *file, int all)
{
    wudf_host *host = t->obj.host;
    size_t count;
    uint64_t next = 0;
    uv_mutex_lock(&host->lock);
    wudf_request **list = collect_locked(host, t, file, all, 0, &next, &count);
    uv_mutex_unlock(&host->lock);
    if (count)
        wudf_log(WUDF_LOG_DEBUG, "stack-cancel-target", "sends=%zu file=%d all=%d", count, file != NULL, all);
    cancel_all(list, count);
}

uint64_t wudf_stack_expire(wudf_io_target *t, uint64_t now)
{
    wudf_host *host = t->obj.host;
    size_t count;
    uint64_t next = 0;
    uv_mutex_lock(&host->lock);
    wudf_request **list = collect_locked(host, t, NULL, 1, now ? now : 1, &next, &count);
    uv_mutex_unlock(&host->lock);
    if (count)
        wudf_log(WUDF_LOG_INFO, "stack-send-timeout", "sends=%zu sync=0", count);
    cancel_all(list, count);
    return next;
}
