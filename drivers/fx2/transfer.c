/*
 * Bulk I/O and the switch-change reader.
 *
 * A read or write request goes to its bulk pipe as it is, over the request's own memory; its completion
 * completes it with the bytes moved. A failed transfer that was neither cancelled nor cut off by a
 * removal leaves the pipe halted (a stall): the pipe is reset before the failure is reported, so the
 * next request finds it working.
 *
 * The switch reader is the framework's continuous reader on the interrupt pipe, configured in
 * OnPrepareHardware (and on each new interrupt pipe a setting change brings), started with the pipe's I/O
 * target in OnD0Entry and stopped in OnD0Exit, as WDK-era FX2 drivers do. Each report (one byte: the
 * switches) completes the oldest GET_INTERRUPT_MESSAGE waiting in the manual queue, or is kept for the next
 * one. A failed read has the framework reset the pipe and read on, up to FX2_READER_MAX_FAILURES failures
 * in a row; a removal fails the requests that wait instead.
 */
#include "fx2.h"

#include <stdlib.h>

/* The completion context of bulk requests. */
static char bulk_context;

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

void fx2_transfer_completed(fx2_device *dev, IWDFIoRequest *request, IWDFIoTarget *target,
                            IWDFRequestCompletionParams *params, void *context)
{
    bulk_completed(request, target, params);
}

HRESULT fx2_reader_configure(fx2_device *dev, IWDFUsbTargetPipe *pipe)
{
    IWDFUsbTargetPipe2 *pipe2 = NULL;
    HRESULT hr = IWDFUsbTargetPipe_QueryInterface(pipe, &IID_IWDFUsbTargetPipe2, (void **)&pipe2);
    if (FAILED(hr))
        return hr;
    WINUSB_PIPE_INFORMATION info;
    IWDFUsbTargetPipe_GetInformation(pipe, &info);
    /* One packet per read: a report is one byte. */
    hr = IWDFUsbTargetPipe2_ConfigureContinuousReader(pipe2, info.MaximumPacketSize ? info.MaximumPacketSize : 1, 0,
                                                      0, dev->pending_reads, NULL, &dev->reader_completion, NULL,
                                                      &dev->reader_failure);
    IWDFUsbTargetPipe2_Release(pipe2);
    return hr;
}

/* Start or Stop (cancelling) of the interrupt pipe's I/O target, which starts or stops its reader. */
static HRESULT reader_target(fx2_device *dev, int start)
{
    IWDFUsbTargetPipe *pipe = fx2_pipe(dev, FX2_PIPE_SWITCHES);
    if (!pipe)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    IWDFIoTargetStateManagement *state = NULL;
    HRESULT hr = IWDFUsbTargetPipe_QueryInterface(pipe, &IID_IWDFIoTargetStateManagement, (void **)&state);
    if (SUCCEEDED(hr)) {
        hr = start ? IWDFIoTargetStateManagement_Start(state)
                   : IWDFIoTargetStateManagement_Stop(state, WdfIoTargetCancelSentIo);
        IWDFIoTargetStateManagement_Release(state);
    }
    IWDFUsbTargetPipe_Release(pipe);
    return hr;
}

HRESULT fx2_reader_start(fx2_device *dev)
{
    fx2_lock_acquire(&dev->lock);
    dev->reader_failures = 0;
    fx2_lock_release(&dev->lock);
    return reader_target(dev, 1);
}

void fx2_reader_stop(fx2_device *dev)
{
    reader_target(dev, 0);
}

void fx2_reader_completed(fx2_device *dev, IWDFMemory *memory, SIZE_T bytes)
{
    UCHAR switches = 0;
    if (bytes < 1 || FAILED(IWDFMemory_CopyToBuffer(memory, 0, &switches, 1)))
        return;
    fx2_lock_acquire(&dev->lock);
    dev->reader_failures = 0;
    dev->reader_reports++;
    fx2_lock_release(&dev->lock);
    keep_report(dev, switches);
}

BOOL fx2_reader_failed(fx2_device *dev, HRESULT status)
{
    fx2_lock_acquire(&dev->lock);
    dev->reader_failure_calls++;
    dev->reader_last_failure = status;
    if (fx2_is_device_gone(status) && !dev->gone) {
        dev->gone = 1;
        dev->gone_status = status;
    }
    int gone = dev->gone;
    HRESULT gone_status = dev->gone_status;
    int again = !gone && ++dev->reader_failures < FX2_READER_MAX_FAILURES;
    fx2_lock_release(&dev->lock);
    if (gone)
        fx2_fail_interrupt_requests(dev, gone_status);
    return again ? TRUE : FALSE;
}

static void put_le32(UCHAR *out, ULONG value)
{
    for (int i = 0; i < 4; i++)
        out[i] = (UCHAR)(value >> (8 * i));
}

void fx2_reader_state(fx2_device *dev, UCHAR out[FX2_READER_STATE_SIZE])
{
    fx2_lock_acquire(&dev->lock);
    put_le32(out + FX2_READER_REPORTS, dev->reader_reports);
    put_le32(out + FX2_READER_FAILURES, dev->reader_failure_calls);
    put_le32(out + FX2_READER_LAST_FAILURE, (ULONG)dev->reader_last_failure);
    fx2_lock_release(&dev->lock);
}

HRESULT fx2_reader_configure_errors(fx2_device *dev, HRESULT results[3])
{
    IWDFUsbTargetPipe *out = fx2_pipe(dev, FX2_PIPE_BULK_OUT), *switches = fx2_pipe(dev, FX2_PIPE_SWITCHES);
    IWDFUsbTargetPipe *in = fx2_pipe(dev, FX2_PIPE_BULK_IN);
    HRESULT hr = out && switches && in ? S_OK : HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    if (SUCCEEDED(hr)) {
        results[0] = fx2_reader_configure(dev, out);
        results[1] = fx2_reader_configure(dev, switches);
        IWDFUsbTargetPipe2 *pipe2 = NULL;
        results[2] = IWDFUsbTargetPipe_QueryInterface(in, &IID_IWDFUsbTargetPipe2, (void **)&pipe2);
        if (SUCCEEDED(results[2])) {
            results[2] = IWDFUsbTargetPipe2_ConfigureContinuousReader(pipe2, 0, 0, 0, 0, NULL, &dev->reader_completion,
                                                                      NULL, NULL);
            IWDFUsbTargetPipe2_Release(pipe2);
        }
    }
    IWDFUsbTargetPipe *pipes[FX2_PIPES] = {in, out, switches};
    fx2_pipes_release(pipes);
    return hr;
}
