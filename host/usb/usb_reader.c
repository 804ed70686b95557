/*
 * IWDFUsbTargetPipe2::ConfigureContinuousReader (UMDF 1.9+): the framework keeps NumPendingReads reads in
 * flight on an IN bulk or interrupt pipe and hands each one's data to the driver (OnReaderCompletion);
 * when a read fails it ends the others and asks the driver (OnReaderFailure) whether to reset the pipe
 * and read on. The reader follows the pipe's target state: it reads from the first Start after the
 * configuration until Stop, whatever the Stop's action (the reads are cancelled and sent anew at the next
 * Start: WDF's FxUsbPipe::GotoStopState turns any action into a cancel for a pipe with a reader), Remove,
 * or the pipe's deletion.
 *
 * Each pending read is a thread of the reader that sends an ordinary framework request (created for the
 * pipe's device, formatted for a read into a fresh memory of HeaderLength + TransferLength +
 * TrailerLength bytes) synchronously through the pipe's target state. So the reader's callbacks take no
 * lock of the driver's ("the framework does not synchronize these callback functions with any other
 * callback functions"), and a Stop called under the device's callback lock (OnD0Exit) can wait for them.
 */
#include "usb_internal.h"
#include "watchdog.h"

#include <stdlib.h>

#include "hresult.h"
#include "log.h"

/* NumPendingReads 0 and the most it may be: Learn leaves both to the framework; these are the open
 * Windows-Driver-Frameworks' (NUM_PENDING_READS_DEFAULT and _MAX of its USB pipe). */
#define READER_DEFAULT_PENDING_READS 2u
#define READER_MAX_PENDING_READS 10u
/* How often a Stop renews its cancels while it waits (a read may be on its way out when it first looks). */
#define READER_CANCEL_RETRY_MS 20u

enum reader_state {
    READER_CONFIGURED, /* no Start since the configuration */
    READER_RUNNING,
    READER_FAILING,    /* a read failed: the others end, then OnReaderFailure */
    READER_FAILED,     /* OnReaderFailure said FALSE, or the reset failed: until the next Start */
    READER_STOPPED,    /* Stop, or a read cancelled by somebody else (Abort, the teardown): until the next Start */
    READER_QUIT,       /* Remove or the pipe's deletion */
};

typedef struct reader_slot {
    struct wudf_usb_reader *reader;
    uv_thread_t thread;
    int busy;               /* from the read's send to the return of the driver's callback */
    int ending_others;      /* in end_others_locked: the others do not wait for it, nor it for them */
    wudf_request *request;  /* the read in flight (referenced), for cancels */
} reader_slot;

struct wudf_usb_reader {
    wudf_usb_pipe *pipe;    /* not referenced: its cleanup ends the reader */
    wudf_device *device;    /* referenced: the reads are its requests */
    uv_mutex_t lock;
    uv_cond_t changed;      /* state changes, slots going idle */
    int state;
    size_t header_length, transfer_length, trailer_length;
    IUnknown *memory_callback;  /* referenced, or NULL */
    IUsbTargetPipeContinuousReaderCallbackReadComplete *on_completion;  /* referenced */
    void *context;
    IUsbTargetPipeContinuousReaderCallbackReadersFailed *on_failure;    /* referenced, or NULL */
    unsigned threads;       /* started */
    unsigned count;
    reader_slot slots[];
};

/* The slot whose thread this is: the pipe's submit tells the reader's reads from the driver's sends. */
static _Thread_local reader_slot *current_slot;

static const char *state_name(int state)
{
    static const char *const names[] = {"configured", "running", "failing", "failed", "stopped", "quit"};
    return names[state];
}

/* Reader lock held. */
static void set_state_locked(wudf_usb_reader *rd, int state)
{
    if (rd->state == state)
        return;
    wudf_log(WUDF_LOG_DEBUG, "usb-reader-state", "endpoint=0x%02x from=%s to=%s", rd->pipe->endpoint.address,
             state_name(rd->state), state_name(state));
    rd->state = state;
    uv_cond_broadcast(&rd->changed);
}

/*
 * Reader lock held: cancels the reads in flight of every slot but the caller's own and waits until those
 * slots are idle (their callbacks returned). The cancels are renewed while it waits, for a read that was
 * on its way out when they were first made. A slot doing the same (a Stop called from OnReaderCompletion
 * while another read fails) is not waited for, so that neither waits for the other.
 */
static void end_others_locked(wudf_usb_reader *rd)
{
    reader_slot *self = current_slot && current_slot->reader == rd ? current_slot : NULL;
    if (self)
        self->ending_others = 1;
    for (;;) {
        wudf_request *in_flight[READER_MAX_PENDING_READS];
        unsigned n = 0, busy = 0;
        for (unsigned i = 0; i < rd->count; i++) {
            reader_slot *s = &rd->slots[i];
            if (s == self || !s->busy || s->ending_others)
                continue;
            busy++;
            if (s->request) {
                wudf_object_addref(&s->request->obj);
                in_flight[n++] = s->request;
            }
        }
        if (!busy)
            break;
        uv_mutex_unlock(&rd->lock);
        for (unsigned i = 0; i < n; i++) {
            wudf_request_cancel_sent(in_flight[i]);
            wudf_object_release(&in_flight[i]->obj);
        }
        uv_mutex_lock(&rd->lock);
        uv_cond_timedwait(&rd->changed, &rd->lock, READER_CANCEL_RETRY_MS * 1000000ull);
    }
    if (self)
        self->ending_others = 0;
}

/* A read's request and memory, formatted for the pipe; S_OK or why not. */
static HRESULT make_read(wudf_usb_reader *rd, IWDFIoRequest **request, wudf_memory **memory)
{
    wudf_host *host = rd->pipe->obj.host;
    *memory = wudf_memory_create(host, NULL, rd->memory_callback,
                                 rd->header_length + rd->transfer_length + rd->trailer_length, NULL);
    if (!*memory)
        return E_OUTOFMEMORY;
    HRESULT hr = wudf_request_create_by_driver(rd->device, NULL, NULL, request);
    if (FAILED(hr))
        return hr;
    WDFMEMORY_OFFSET region = {rd->header_length, rd->transfer_length};
    return IWDFUsbTargetPipe_FormatRequestForRead((IWDFUsbTargetPipe *)(void *)rd->pipe, *request, NULL,
                                                  (IWDFMemory *)(void *)*memory, &region, NULL);
}

/* A read failed while the reader ran: the other reads end, then the driver decides (no callback: go on). */
static void reader_failed(wudf_usb_reader *rd, HRESULT status)
{
    IWDFUsbTargetPipe *pipe = (IWDFUsbTargetPipe *)(void *)rd->pipe;
    uv_mutex_lock(&rd->lock);
    if (rd->state != READER_RUNNING) {
        uv_mutex_unlock(&rd->lock); /* stopped meanwhile, or another read's failure is being handled */
        return;
    }
    set_state_locked(rd, READER_FAILING);
    end_others_locked(rd);
    uv_mutex_unlock(&rd->lock);
    BOOL again = TRUE;
    if (rd->on_failure) {
        wudf_log(WUDF_LOG_DEBUG, "driver-callback",
                 "callback=IUsbTargetPipeContinuousReaderCallbackReadersFailed::OnReaderFailure endpoint=0x%02x",
                 rd->pipe->endpoint.address);
        wudf_watchdog_enter();
        again = IUsbTargetPipeContinuousReaderCallbackReadersFailed_OnReaderFailure(rd->on_failure, pipe, status);
        wudf_watchdog_leave();
    }
    HRESULT reset = again ? IWDFUsbTargetPipe_Reset(pipe) : S_OK;
    wudf_log(WUDF_LOG_WARN, "usb-reader-failed", "endpoint=0x%02x hr=0x%08lX restart=%d reset_hr=0x%08lX",
             rd->pipe->endpoint.address, (unsigned long)(ULONG)status, again ? 1 : 0, (unsigned long)(ULONG)reset);
    uv_mutex_lock(&rd->lock);
    /* A Stop or Remove that came meanwhile wins; a pipe that cannot be reset would only fail again. */
    if (rd->state == READER_FAILING)
        set_state_locked(rd, again && SUCCEEDED(reset) ? READER_RUNNING : READER_FAILED);
    uv_mutex_unlock(&rd->lock);
}

/* One read of a slot: sent, waited for, handed to the driver. */
static void read_once(reader_slot *s)
{
    wudf_usb_reader *rd = s->reader;
    IWDFIoRequest *request = NULL;
    wudf_memory *memory = NULL;
    HRESULT hr = make_read(rd, &request, &memory);
    wudf_request *r = request ? wudf_request_from(request) : NULL;
    int sent = 0;
    if (SUCCEEDED(hr)) {
        uv_mutex_lock(&rd->lock);
        sent = rd->state == READER_RUNNING;
        if (sent) {
            wudf_object_addref(&r->obj);
            s->request = r;
        }
        uv_mutex_unlock(&rd->lock);
    }
    if (sent) {
        hr = IWDFIoRequest_Send(request, (IWDFIoTarget *)(void *)rd->pipe, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
        uv_mutex_lock(&rd->lock);
        s->request = NULL;
        uv_mutex_unlock(&rd->lock);
        wudf_object_release(&r->obj);
    }
    SIZE_T bytes = 0;
    if (sent && SUCCEEDED(hr)) {
        IWDFRequestCompletionParams *params = NULL;
        IWDFIoRequest_GetCompletionParams(request, &params);
        hr = params ? IWDFRequestCompletionParams_GetCompletionStatus(params) : E_UNEXPECTED;
        bytes = params ? IWDFRequestCompletionParams_GetInformation(params) : 0;
        if (params)
            IWDFRequestCompletionParams_Release(params);
    }
    if (request) {
        IWDFIoRequest_DeleteWdfObject(request);
        IWDFIoRequest_Release(request);
    }
    if (sent && SUCCEEDED(hr)) {
        wudf_log(WUDF_LOG_DEBUG, "driver-callback",
                 "callback=IUsbTargetPipeContinuousReaderCallbackReadComplete::OnReaderCompletion endpoint=0x%02x "
                 "bytes=%lu",
                 rd->pipe->endpoint.address, (unsigned long)bytes);
        wudf_watchdog_enter();
        IUsbTargetPipeContinuousReaderCallbackReadComplete_OnReaderCompletion(
            rd->on_completion, (IWDFUsbTargetPipe *)(void *)rd->pipe, (IWDFMemory *)(void *)memory, bytes,
            rd->context);
        wudf_watchdog_leave();
    } else if (sent && hr == wudf_hresult_from_ntstatus(STATUS_CANCELLED)) {
        /* No failure: the framework's Stop or Remove, an Abort, the device's teardown. Reading resumes at
         * Start. A read another slot sent just before is cancelled too, or an Abort would wait for it. */
        uv_mutex_lock(&rd->lock);
        if (rd->state == READER_RUNNING) {
            set_state_locked(rd, READER_STOPPED);
            end_others_locked(rd);
        }
        uv_mutex_unlock(&rd->lock);
    } else if (FAILED(hr) && wudf_target_state_get(&rd->pipe->state) == WdfIoTargetStarted) {
        reader_failed(rd, hr); /* a stopped or removed target refuses reads: that is no failure either */
    }
    /* The framework's reference: the memory goes now unless the driver took one (IWDFMemory::AddRef). */
    if (memory)
        wudf_object_release(&memory->obj);
}

static void slot_main(void *arg)
{
    reader_slot *s = arg;
    wudf_usb_reader *rd = s->reader;
    current_slot = s;
    uv_mutex_lock(&rd->lock);
    for (;;) {
        while (rd->state != READER_RUNNING && rd->state != READER_QUIT)
            uv_cond_wait(&rd->changed, &rd->lock);
        if (rd->state == READER_QUIT)
            break;
        s->busy = 1;
        uv_mutex_unlock(&rd->lock);
        read_once(s);
        uv_mutex_lock(&rd->lock);
        s->busy = 0;
        uv_cond_broadcast(&rd->changed);
    }
    uv_mutex_unlock(&rd->lock);
}

/* The pipe's reader, or NULL. */
static wudf_usb_reader *reader_of(wudf_usb_pipe *p)
{
    uv_mutex_lock(&p->usb->lock);
    wudf_usb_reader *rd = p->reader;
    uv_mutex_unlock(&p->usb->lock);
    return rd;
}

/* Ends the reads and waits for the slots to be idle (the caller's own slot aside); state is the one to keep. */
static void reader_halt(wudf_usb_reader *rd, int state)
{
    uv_mutex_lock(&rd->lock);
    if (rd->state != READER_QUIT && (state == READER_QUIT || rd->state != READER_CONFIGURED))
        set_state_locked(rd, state);
    end_others_locked(rd);
    uv_mutex_unlock(&rd->lock);
}

static void reader_free(wudf_usb_reader *rd)
{
    reader_halt(rd, READER_QUIT);
    for (unsigned i = 0; i < rd->threads; i++)
        uv_thread_join(&rd->slots[i].thread);
    uv_cond_destroy(&rd->changed);
    uv_mutex_destroy(&rd->lock);
    IUsbTargetPipeContinuousReaderCallbackReadComplete_Release(rd->on_completion);
    WUDF_RELEASE(rd->on_failure);
    WUDF_RELEASE(rd->memory_callback);
    wudf_object_release(&rd->device->obj);
    free(rd);
}

void wudf_usb_reader_delete(wudf_usb_pipe *p)
{
    uv_mutex_lock(&p->usb->lock);
    wudf_usb_reader *rd = p->reader;
    p->reader = NULL;
    uv_mutex_unlock(&p->usb->lock);
    if (rd)
        reader_free(rd);
}

/* ---- The pipe's target operations: the reader follows its Start, Stop and Remove ---- */

static HRESULT pipe_submit(wudf_object *target, wudf_request *r, ULONG flags, LONGLONG timeout)
{
    wudf_usb_pipe *p = (wudf_usb_pipe *)(void *)target;
    wudf_usb_reader *rd = reader_of(p);
    int refused = 0;
    if (rd && !(current_slot && current_slot->reader == rd)) {
        uv_mutex_lock(&rd->lock);
        refused = rd->state != READER_FAILED;
        uv_mutex_unlock(&rd->lock);
    }
    if (refused) {
        /* "the driver cannot use IWDFIoRequest::Send ... unless OnReaderFailure is called and returns FALSE" */
        wudf_driver_bug("send-to-reader-pipe", "Send to a USB pipe whose continuous reader is configured");
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    return wudf_usb_target_ops.submit(target, r, flags, timeout);
}

static void pipe_cancel_sent(wudf_object *target, int all)
{
    wudf_usb_target_ops.cancel_sent(target, all);
}

static void pipe_started(wudf_object *target)
{
    wudf_usb_reader *rd = reader_of((wudf_usb_pipe *)(void *)target);
    if (!rd)
        return;
    uv_mutex_lock(&rd->lock);
    /* A failure being handled restarts the reader itself, if the driver wants. */
    if (rd->state != READER_QUIT && rd->state != READER_FAILING)
        set_state_locked(rd, READER_RUNNING);
    uv_mutex_unlock(&rd->lock);
}

static void pipe_stopping(wudf_object *target, int removed)
{
    wudf_usb_reader *rd = reader_of((wudf_usb_pipe *)(void *)target);
    if (rd)
        reader_halt(rd, removed ? READER_QUIT : READER_STOPPED);
}

const wudf_target_ops wudf_usb_pipe_ops = {
    .submit = pipe_submit,
    .cancel_sent = pipe_cancel_sent,
    .started = pipe_started,
    .stopping = pipe_stopping,
};

/* ---- IWDFUsbTargetPipe2::ConfigureContinuousReader ---- */

static HRESULT check_lengths(size_t transfer, size_t header, size_t trailer)
{
    /* "too large or otherwise invalid": nothing to read, or more than one transfer can carry. */
    const size_t most = (size_t)INT32_MAX;
    if (!transfer || transfer > most || header > most - transfer || trailer > most - transfer - header)
        return HRESULT_FROM_WIN32(ERROR_ARITHMETIC_OVERFLOW);
    return S_OK;
}

HRESULT STDMETHODCALLTYPE wudf_usb_pipe_configure_reader(
    IWDFUsbTargetPipe2 *This, SIZE_T TransferLength, SIZE_T HeaderLength, SIZE_T TrailerLength, UCHAR NumPendingReads,
    IUnknown *pMemoryCleanupCallbackInterface, IUsbTargetPipeContinuousReaderCallbackReadComplete *pOnCompletion,
    PVOID pCompletionContext, IUsbTargetPipeContinuousReaderCallbackReadersFailed *pOnFailure)
{
    wudf_usb_pipe *p = (wudf_usb_pipe *)(void *)This;
    unsigned type = p->endpoint.attributes & 3;
    if (!pOnCompletion)
        return E_INVALIDARG;
    /* An IN bulk or interrupt pipe only, and one reader per pipe. */
    if (!(p->endpoint.address & 0x80) || (type != LIBUSB_TRANSFER_TYPE_BULK && type != LIBUSB_TRANSFER_TYPE_INTERRUPT))
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    if (reader_of(p))
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    HRESULT hr = check_lengths(TransferLength, HeaderLength, TrailerLength);
    if (FAILED(hr))
        return hr;
    unsigned count = NumPendingReads ? NumPendingReads : READER_DEFAULT_PENDING_READS;
    if (count > READER_MAX_PENDING_READS)
        count = READER_MAX_PENDING_READS;
    wudf_usb_reader *rd = calloc(1, sizeof *rd + count * sizeof rd->slots[0]);
    if (!rd)
        return E_OUTOFMEMORY;
    rd->pipe = p;
    rd->device = p->owner->target->device;
    wudf_object_addref(&rd->device->obj);
    rd->transfer_length = TransferLength;
    rd->header_length = HeaderLength;
    rd->trailer_length = TrailerLength;
    rd->count = count;
    rd->state = READER_CONFIGURED;
    rd->context = pCompletionContext;
    rd->on_completion = pOnCompletion;
    IUsbTargetPipeContinuousReaderCallbackReadComplete_AddRef(pOnCompletion);
    rd->on_failure = pOnFailure;
    if (pOnFailure)
        IUsbTargetPipeContinuousReaderCallbackReadersFailed_AddRef(pOnFailure);
    rd->memory_callback = pMemoryCleanupCallbackInterface;
    if (pMemoryCleanupCallbackInterface)
        IUnknown_AddRef(pMemoryCleanupCallbackInterface);
    uv_mutex_init(&rd->lock);
    uv_cond_init(&rd->changed);
    for (; rd->threads < count; rd->threads++) {
        reader_slot *s = &rd->slots[rd->threads];
        s->reader = rd;
        if (uv_thread_create(&s->thread, slot_main, s)) {
            hr = E_OUTOFMEMORY;
            break;
        }
    }
    uv_mutex_lock(&p->usb->lock);
    int taken = p->reader != NULL; /* by a call on another thread meanwhile */
    if (!taken && SUCCEEDED(hr))
        p->reader = rd;
    uv_mutex_unlock(&p->usb->lock);
    if (taken || FAILED(hr)) {
        reader_free(rd);
        return taken ? HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE) : hr;
    }
    wudf_log(WUDF_LOG_INFO, "usb-reader-configured",
             "endpoint=0x%02x transfer_length=%lu header_length=%lu trailer_length=%lu pending_reads=%u",
             p->endpoint.address, (unsigned long)TransferLength, (unsigned long)HeaderLength,
             (unsigned long)TrailerLength, count);
    return S_OK;
}
