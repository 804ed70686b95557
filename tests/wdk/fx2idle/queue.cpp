/*++

Module Name:

    queue.cpp

Abstract:

    The queues of the FX2 selective-suspend sample driver: the power-managed default queue, which
    forwards reads to bulk IN 0x86 and writes to bulk OUT 0x02 (the kit loops one back to the other),
    and the control queue, not power-managed, which reports the counts.

--*/

#include "internal.h"
#include "queue.tmh"

// ---- the I/O queue ----

HRESULT
CIoQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice,
    _In_ CMyDevice *Device,
    _In_ BOOL PowerManaged
    )
{
    CIoQueue *queue = new CIoQueue();
    IWDFIoQueue *fxQueue = NULL;
    queue->m_Device = Device;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackRead *>(queue), TRUE,
                                         WdfIoQueueDispatchParallel, PowerManaged, FALSE, &fxQueue);
    if (fxQueue != NULL) {
        fxQueue->Release();
    }
    queue->Release();
    return hr;
}

HRESULT
CIoQueue::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackRead))) {
        *Object = static_cast<IQueueCallbackRead *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackWrite))) {
        *Object = static_cast<IQueueCallbackWrite *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRequestCallbackRequestCompletion))) {
        *Object = static_cast<IRequestCallbackRequestCompletion *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

//
// The request goes on to its pipe as it is; the completion callback completes it with the pipe's
// answer. A request that cannot be sent is completed here.
//
void
CIoQueue::Forward(
    _In_ IWDFIoRequest *FxRequest,
    _In_ BOOL Write
    )
{
    IWDFUsbTargetPipe *pipe = Write ? m_Device->BulkOutPipe() : m_Device->BulkInPipe();
    IWDFMemory *memory = NULL;
    HRESULT hr = pipe != NULL ? S_OK : HRESULT_FROM_WIN32(ERROR_DEVICE_NOT_CONNECTED);
    if (SUCCEEDED(hr)) {
        if (Write) {
            FxRequest->GetInputMemory(&memory);
            hr = pipe->FormatRequestForWrite(FxRequest, NULL, memory, NULL, NULL);
        } else {
            FxRequest->GetOutputMemory(&memory);
            hr = pipe->FormatRequestForRead(FxRequest, NULL, memory, NULL, NULL);
        }
        if (memory != NULL) {
            memory->Release();
        }
    }
    if (SUCCEEDED(hr)) {
        FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), NULL);
        hr = FxRequest->Send(pipe, 0, 0);
    }
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "%s not forwarded: %!HRESULT!", Write ? "write" : "read", hr);
        g_Counts.LastIoHr = hr;
        FxRequest->Complete(hr);
    }
}

VOID
CIoQueue::OnRead(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToRead
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    LONG reads = InterlockedIncrement(&g_Counts.Reads);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "read %d of %u bytes", reads, (ULONG)NumOfBytesToRead);
    Forward(FxRequest, FALSE);
}

VOID
CIoQueue::OnWrite(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToWrite
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    LONG writes = InterlockedIncrement(&g_Counts.Writes);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "write %d of %u bytes", writes, (ULONG)NumOfBytesToWrite);
    Forward(FxRequest, TRUE);
}

VOID
CIoQueue::OnCompletion(
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFIoTarget *FxIoTarget,
    _In_ IWDFRequestCompletionParams *Params,
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(FxIoTarget);
    UNREFERENCED_PARAMETER(Context);
    HRESULT hr = Params->GetCompletionStatus();
    ULONG_PTR information = Params->GetInformation();
    g_Counts.LastIoHr = hr;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "forwarded request done: %!HRESULT!, %u bytes", hr,
                (ULONG)information);
    FxRequest->CompleteWithInformation(hr, information);
}

// ---- the control queue ----

HRESULT
CControlQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice
    )
{
    CControlQueue *queue = new CControlQueue();
    IWDFIoQueue *fxQueue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(queue), FALSE,
                                         WdfIoQueueDispatchParallel, FALSE, FALSE, &fxQueue);
    if (SUCCEEDED(hr)) {
        hr = FxDevice->ConfigureRequestDispatching(fxQueue, WdfRequestDeviceIoControl, TRUE);
    }
    if (fxQueue != NULL) {
        fxQueue->Release();
    }
    queue->Release();
    return hr;
}

HRESULT
CControlQueue::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
        *Object = static_cast<IQueueCallbackDeviceIoControl *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

VOID
CControlQueue::OnDeviceIoControl(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ ULONG ControlCode,
    _In_ SIZE_T InputBufferSizeInBytes,
    _In_ SIZE_T OutputBufferSizeInBytes
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(InputBufferSizeInBytes);
    IWDFMemory *memory = NULL;
    HRESULT hr;
    SIZE_T written = 0;

    if (ControlCode != IOCTL_FX2IDLE_COUNTS) {
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION);
    } else if (OutputBufferSizeInBytes < sizeof(g_Counts)) {
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    } else {
        FX2IDLE_COUNTS counts = g_Counts;
        FxRequest->GetOutputMemory(&memory);
        hr = memory->CopyFromBuffer(0, &counts, sizeof(counts));
        memory->Release();
        written = SUCCEEDED(hr) ? sizeof(counts) : 0;
    }
    FxRequest->CompleteWithInformation(hr, written);
}
