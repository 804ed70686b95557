/*
 * Bulk I/O and the switch-change reader.
 *
 * A read or write request goes to its bulk pipe as it is, over the request's own memory; its completion
 * completes it with the bytes moved. A failed transfer that was neither cancelled nor cut off by a
 * removal leaves the pipe halted (a stall): the pipe is reset before the failure is reported, so the
 * next request finds it working.
 *
 * The reader keeps one read of the interrupt pipe in flight while the device is in D0. Each report (one
 * byte: the switches) completes the oldest GET_INTERRUPT_MESSAGE waiting in the manual queue, or is
 * kept for the next one; then the next read goes out. Cancellation stops the reader; a removal also
 * fails the requests that wait. A setting change stops it and starts it again on the new pipe once the
 * cancelled read has come back.
 */
#include "fx2.h"

#include <stdlib.h>

/* Completion contexts: what a completed request was sent for. */
static char bulk_context;
static char reader_context;

/* The reader gives up after this many failures in a row (a pipe that stays broken). */
#define FX2_READER_MAX_FAILURES 3

void fx2_bulk_send(fx2_device *dev, IWDFIoRequest *request, int read)
{
    IWDFUsbTargetPipe *pipe = fx2_pipe(dev, read ? FX2_PIPE_BULK_IN : FX2_PIPE_BULK_OUT);
    IWDFMemory *memory = NULL;
    if (read)
        IWDFIoRequest_GetOutputMemory(request, &memory);
    else
        IWDFIoRequest_GetInputMemory(request, &memory);
    HRESULT hr = pipe ? S_OK : HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    if (SUCCEEDED(hr))
        hr = read ? IWDFUsbTargetPipe_FormatRequestForRead(pipe, request, NULL, memory, NULL, NULL)
                  : IWDFUsbTargetPipe_FormatRequestForWrite(pipe, request, NULL, memory, NULL, NULL);
    if (memory)
        IWDFMemory_Release(memory);
    if (SUCCEEDED(hr)) {
        IWDFIoRequest_SetCompletionCallback(request, &dev->completion, &bulk_context);
        hr = IWDFIoRequest_Send(request, (IWDFIoTarget *)pipe, 0, 0);
    }
    if (pipe)
        IWDFUsbTargetPipe_Release(pipe);
    if (FAILED(hr))
        IWDFIoRequest_Complete(request, hr);
}

/* Status and bytes of a completed pipe transfer. */
static HRESULT pipe_result(IWDFRequestCompletionParams *params, IWDFMemory **memory, SIZE_T *bytes, SIZE_T *offset)
{
    HRESULT status = IWDFRequestCompletionParams_GetCompletionStatus(params);
    IWDFUsbRequestCompletionParams *usb = NULL;
    *bytes = 0;
    if (memory)
        *memory = NULL;
    if (FAILED(IWDFRequestCompletionParams_QueryInterface(params, &IID_IWDFUsbRequestCompletionParams, (void **)&usb)))
        return FAILED(status) ? status : E_UNEXPECTED;
    if (IWDFUsbRequestCompletionParams_GetCompletedUsbRequestType(usb) == WdfUsbRequestTypePipeRead)
        IWDFUsbRequestCompletionParams_GetPipeReadParameters(usb, memory, bytes, offset);
    else
        IWDFUsbRequestCompletionParams_GetPipeWriteParameters(usb, memory, bytes, offset);
    IWDFUsbRequestCompletionParams_Release(usb);
    return status;
}

static void reset_pipe(IWDFIoTarget *target)
{
    IWDFUsbTargetPipe *pipe = NULL;
    if (SUCCEEDED(IWDFIoTarget_QueryInterface(target, &IID_IWDFUsbTargetPipe, (void **)&pipe))) {
        IWDFUsbTargetPipe_Reset(pipe);
        IWDFUsbTargetPipe_Release(pipe);
    }
}

static void bulk_completed(IWDFIoRequest *request, IWDFIoTarget *target, IWDFRequestCompletionParams *params)
{
    SIZE_T bytes = 0;
    HRESULT hr = pipe_result(params, NULL, &bytes, NULL);
    if (FAILED(hr) && !fx2_is_cancelled(hr) && !fx2_is_device_gone(hr))
        reset_pipe(target);
    IWDFIoRequest_CompleteWithInformation(request, hr, SUCCEEDED(hr) ? bytes : 0);
}

void fx2_fail_interrupt_requests(fx2_device *dev, HRESULT status)
{
    IWDFIoRequest *waiting = NULL;
    while (dev->interrupt_queue && SUCCEEDED(IWDFIoQueue_RetrieveNextRequest(dev->interrupt_queue, &waiting)) && waiting) {
        IWDFIoRequest_Complete(waiting, status);
        IWDFIoRequest_Release(waiting);
        waiting = NULL;
    }
}

/*
 * A switch change is kept until a GET_INTERRUPT_MESSAGE takes it (a newer change replaces it), so a
 * change that comes while no request waits is not lost. Taking the report and the request happens
 * under the lock, and both the reader and a newly queued request try it: whichever comes second
 * completes the pair.
 */
void fx2_deliver_report(fx2_device *dev)
{
    IWDFIoRequest *waiting = NULL;
    fx2_lock_acquire(&dev->lock);
    UCHAR switches = dev->report;
    if (dev->report_kept && SUCCEEDED(IWDFIoQueue_RetrieveNextRequest(dev->interrupt_queue, &waiting)) && waiting)
        dev->report_kept = 0;
    fx2_lock_release(&dev->lock);
    if (!waiting)
        return;
    IWDFMemory *memory = NULL;
    IWDFIoRequest_GetOutputMemory(waiting, &memory);
    HRESULT hr = memory ? IWDFMemory_CopyFromBuffer(memory, 0, &switches, 1) : E_POINTER;
    if (memory)
        IWDFMemory_Release(memory);
    IWDFIoRequest_CompleteWithInformation(waiting, hr, SUCCEEDED(hr) ? 1 : 0);
    IWDFIoRequest_Release(waiting);
}

static void keep_report(fx2_device *dev, UCHAR switches)
{
    fx2_lock_acquire(&dev->lock);
    dev->report = switches;
    dev->report_kept = 1;
    fx2_lock_release(&dev->lock);
    fx2_deliver_report(dev);
}

static void reader_completed(fx2_device *dev, IWDFIoRequest *request, IWDFIoTarget *target,
                             IWDFRequestCompletionParams *params)
{
    IWDFMemory *memory = NULL;
    SIZE_T bytes = 0, offset = 0;
    HRESULT hr = pipe_result(params, &memory, &bytes, &offset);
    UCHAR switches = 0;
    if (SUCCEEDED(hr) && bytes >= 1 && memory)
        hr = IWDFMemory_CopyToBuffer(memory, offset, &switches, 1);
    if (memory)
        IWDFMemory_Release(memory);

    fx2_lock_acquire(&dev->lock);
    int restart = 0;
    if (dev->reader == request) {
        dev->reader = NULL;
        restart = dev->reader_restart;
        dev->reader_restart = 0;
    }
    int again = !dev->reader_stopped && !dev->gone && (restart || !fx2_is_cancelled(hr)) && !fx2_is_device_gone(hr);
    dev->reader_failures = SUCCEEDED(hr) ? 0 : dev->reader_failures + 1;
    if (dev->reader_failures >= FX2_READER_MAX_FAILURES)
        again = 0;
    if (fx2_is_device_gone(hr) && !dev->gone) {
        dev->gone = 1;
        dev->gone_status = hr;
    }
    int gone = dev->gone;
    HRESULT gone_status = dev->gone_status;
    fx2_lock_release(&dev->lock);

    IWDFIoRequest_DeleteWdfObject(request);
    IWDFIoRequest_Release(request); /* the reader's reference */
    if (SUCCEEDED(hr) && bytes >= 1)
        keep_report(dev, switches);
    else if (FAILED(hr) && again && !fx2_is_cancelled(hr))
        reset_pipe(target);
    if (gone)
        fx2_fail_interrupt_requests(dev, gone_status);
    else if (again)
        fx2_reader_start(dev);
}

void fx2_transfer_completed(fx2_device *dev, IWDFIoRequest *request, IWDFIoTarget *target,
                            IWDFRequestCompletionParams *params, void *context)
{
    if (context == &reader_context)
        reader_completed(dev, request, target, params);
    else
        bulk_completed(request, target, params);
}

void fx2_reader_start(fx2_device *dev)
{
    fx2_lock_acquire(&dev->lock);
    int allowed = !dev->reader_stopped && !dev->gone && !dev->reader;
    fx2_lock_release(&dev->lock);
    IWDFUsbTargetPipe *pipe = allowed ? fx2_pipe(dev, FX2_PIPE_SWITCHES) : NULL;
    if (!pipe)
        return;
    IWDFIoRequest *request = NULL;
    IWDFMemory *memory = NULL;
    WINUSB_PIPE_INFORMATION info;
    IWDFUsbTargetPipe_GetInformation(pipe, &info);
    HRESULT hr = IWDFDevice_CreateRequest(dev->device, NULL, NULL, &request);
    if (SUCCEEDED(hr))
        hr = IWDFDriver_CreateWdfMemory(dev->driver, info.MaximumPacketSize ? info.MaximumPacketSize : 1, NULL,
                                        (IWDFObject *)request, &memory);
    if (SUCCEEDED(hr))
        hr = IWDFUsbTargetPipe_FormatRequestForRead(pipe, request, NULL, memory, NULL, NULL);
    if (memory)
        IWDFMemory_Release(memory);
    if (SUCCEEDED(hr)) {
        IWDFIoRequest_SetCompletionCallback(request, &dev->completion, &reader_context);
        fx2_lock_acquire(&dev->lock);
        dev->reader = request; /* the creation reference is the reader's */
        fx2_lock_release(&dev->lock);
        hr = IWDFIoRequest_Send(request, (IWDFIoTarget *)pipe, 0, 0);
        if (FAILED(hr)) {
            fx2_lock_acquire(&dev->lock);
            if (dev->reader == request)
                dev->reader = NULL;
            fx2_lock_release(&dev->lock);
        }
    }
    IWDFUsbTargetPipe_Release(pipe);
    if (FAILED(hr) && request) {
        IWDFIoRequest_DeleteWdfObject(request);
        IWDFIoRequest_Release(request);
    }
}

void fx2_reader_stop(fx2_device *dev)
{
    fx2_lock_acquire(&dev->lock);
    dev->reader_stopped = 1;
    IWDFIoRequest *reader = dev->reader;
    if (reader)
        IWDFIoRequest_AddRef(reader);
    fx2_lock_release(&dev->lock);
    if (reader) {
        IWDFIoRequest_CancelSentRequest(reader); /* its completion sees the cancellation and stops */
        IWDFIoRequest_Release(reader);
    }
}

void fx2_reader_resume(fx2_device *dev)
{
    fx2_lock_acquire(&dev->lock);
    dev->reader_stopped = 0;
    dev->reader_failures = 0;
    /* A cancelled read still on its way back restarts the reader when it arrives. */
    int busy = dev->reader != NULL;
    dev->reader_restart = busy;
    fx2_lock_release(&dev->lock);
    if (!busy)
        fx2_reader_start(dev);
}
