/*++

Module Name:

    queue.cpp

Abstract:

    The queues of the power-managed sample driver: the control queue (not power-managed), which
    also takes the park queue through its states, the power-managed I/O queue that keeps reads
    pending until a write comes and stops them for a system sleep, and the manual park queue, which
    completes what is cancelled while parked.

--*/

#include "internal.h"
#include "queue.tmh"

static const char s_ReadData[] = "woken";

// ---- the control queue ----

HRESULT
CControlQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice
    )
{
    CControlQueue *queue = new CControlQueue();
    IWDFIoQueue *fxQueue = NULL;
    queue->m_FxDevice = FxDevice;
    queue->m_ParkQueue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(queue), TRUE,
                                         WdfIoQueueDispatchParallel, FALSE, FALSE, &fxQueue);
    if (SUCCEEDED(hr)) {
        fxQueue->Release();
        hr = CParkQueue::CreateInstance(FxDevice, &queue->m_ParkQueue);
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
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackStateChange))) {
        *Object = static_cast<IQueueCallbackStateChange *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

VOID
CControlQueue::OnStateChange(
    _In_ IWDFIoQueue *FxQueue,
    _In_ WDF_IO_QUEUE_STATE QueueState
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    LONG done = InterlockedIncrement(&g_Counts.QueueOpsDone);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "queue op done (%d): state 0x%x", done, QueueState);
}

//
// The park queue through its states; what waits in it is purged. Called from this (other) queue's
// callback, so the synchronous forms wait only for the park queue.
//
void
CControlQueue::QueueStates(
    _Out_ POWERSAMPLE_QUEUE_STATES *States
    )
{
    IWDFIoRequest *request = NULL;
    ZeroMemory(States, sizeof(*States));
    States->ConfigureHr = m_ParkQueue->ConfigureRequestDispatching(WdfRequestInternalIoctl, TRUE);
    States->UnconfigureHr = m_ParkQueue->ConfigureRequestDispatching(WdfRequestInternalIoctl, FALSE);
    States->ConfigureCleanupHr = m_ParkQueue->ConfigureRequestDispatching(WdfRequestCleanup, TRUE);

    m_ParkQueue->StopSynchronously();
    States->StoppedState = m_ParkQueue->GetState(NULL, NULL);
    States->PausedHr = m_ParkQueue->RetrieveNextRequest(&request);
    if (request != NULL) {
        request->Complete(E_UNEXPECTED);
        request->Release();
    }
    m_ParkQueue->Start();

    m_ParkQueue->Purge(static_cast<IQueueCallbackStateChange *>(this));
    States->PurgedState = m_ParkQueue->GetState(NULL, NULL);
    m_ParkQueue->Start();

    m_ParkQueue->DrainSynchronously();
    States->DrainedState = m_ParkQueue->GetState(NULL, NULL);
    m_ParkQueue->Start();
    m_ParkQueue->Drain(static_cast<IQueueCallbackStateChange *>(this));
    m_ParkQueue->Start();
    States->StartedState = m_ParkQueue->GetState(NULL, NULL);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "park queue states: stopped 0x%x, purged 0x%x, drained 0x%x",
                States->StoppedState, States->PurgedState, States->DrainedState);
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
    IWDFMemory *memory = NULL;
    IWDFDevice2 *fxDevice2 = NULL;
    HRESULT hr = S_OK;
    SIZE_T written = 0;

    switch (ControlCode) {
    case IOCTL_POWERSAMPLE_COUNTS:
        if (OutputBufferSizeInBytes < sizeof(g_Counts)) {
            hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
            break;
        }
        FxRequest->GetOutputMemory(&memory);
        hr = memory->CopyFromBuffer(0, &g_Counts, sizeof(g_Counts));
        memory->Release();
        written = sizeof(g_Counts);
        break;
    case IOCTL_POWERSAMPLE_STOP_IDLE: {
        ULONG wait = 0;
        LONG result;
        if (InputBufferSizeInBytes < sizeof(wait) || OutputBufferSizeInBytes < sizeof(result)) {
            hr = E_INVALIDARG;
            break;
        }
        FxRequest->GetInputMemory(&memory);
        hr = memory->CopyToBuffer(0, &wait, sizeof(wait));
        memory->Release();
        if (SUCCEEDED(hr)) {
            hr = m_FxDevice->QueryInterface(IID_PPV_ARGS(&fxDevice2));
        }
        if (SUCCEEDED(hr)) {
            result = fxDevice2->StopIdle(wait != 0);
            fxDevice2->Release();
            TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "StopIdle(%d): %!HRESULT!", wait != 0, result);
            FxRequest->GetOutputMemory(&memory);
            hr = memory->CopyFromBuffer(0, &result, sizeof(result));
            memory->Release();
            written = sizeof(result);
        }
        break;
    }
    case IOCTL_POWERSAMPLE_RESUME_IDLE:
        hr = m_FxDevice->QueryInterface(IID_PPV_ARGS(&fxDevice2));
        if (SUCCEEDED(hr)) {
            fxDevice2->ResumeIdle();
            fxDevice2->Release();
        }
        break;
    case IOCTL_POWERSAMPLE_PARK:
        hr = FxRequest->ForwardToIoQueue(m_ParkQueue);
        if (SUCCEEDED(hr)) {
            return;
        }
        break;
    case IOCTL_POWERSAMPLE_UNPARK:
        Unpark(FxRequest);
        return;
    case IOCTL_POWERSAMPLE_QUEUE_STATES: {
        POWERSAMPLE_QUEUE_STATES states;
        if (OutputBufferSizeInBytes < sizeof(states)) {
            hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
            break;
        }
        QueueStates(&states);
        FxRequest->GetOutputMemory(&memory);
        hr = memory->CopyFromBuffer(0, &states, sizeof(states));
        memory->Release();
        written = sizeof(states);
        break;
    }
    case IOCTL_POWERSAMPLE_QUERY_REMOVE_ANSWER: {
        LONG answer = 0;
        if (InputBufferSizeInBytes < sizeof(answer)) {
            hr = E_INVALIDARG;
            break;
        }
        FxRequest->GetInputMemory(&memory);
        hr = memory->CopyToBuffer(0, &answer, sizeof(answer));
        memory->Release();
        if (SUCCEEDED(hr)) {
            g_QueryRemoveAnswer = (HRESULT)answer;
        }
        break;
    }
    default:
        hr = HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION);
        break;
    }
    FxRequest->CompleteWithInformation(hr, written);
}

//
// Takes the parked request, gives it back to the head of the park queue (Requeue), takes it again,
// this time as the next one of this request's file, and completes it: the framework keeps what it
// was given back.
//
void
CControlQueue::Unpark(
    _In_ IWDFIoRequest *FxRequest
    )
{
    IWDFIoRequest *parked = NULL;
    IWDFIoRequest2 *parked2 = NULL;
    IWDFFile *file = NULL;
    HRESULT hr = m_ParkQueue->RetrieveNextRequest(&parked);
    if (SUCCEEDED(hr)) {
        hr = parked->QueryInterface(IID_PPV_ARGS(&parked2));
    }
    if (SUCCEEDED(hr)) {
        g_Counts.RequeueHr = parked2->Requeue();
        parked2->Release();
        parked->Release();
        parked = NULL;
        FxRequest->GetFileObject(&file);
        hr = m_ParkQueue->RetrieveNextRequestByFileObject(file, &parked);
        file->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "unpark: requeue %!HRESULT!, retrieved again %!HRESULT!",
                g_Counts.RequeueHr, hr);
    if (SUCCEEDED(hr)) {
        parked->CompleteWithInformation(S_OK, 0);
        parked->Release();
    }
    FxRequest->Complete(hr);
}

// ---- the power-managed I/O queue ----

CIoQueue::CIoQueue()
{
    for (int i = 0; i < MAX_HELD_READS; i++) {
        m_Held[i] = NULL;
    }
}

HRESULT
CIoQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice
    )
{
    CIoQueue *queue = new CIoQueue();
    IWDFIoQueue *fxQueue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackRead *>(queue), FALSE,
                                         WdfIoQueueDispatchParallel, TRUE, FALSE, &fxQueue);
    if (SUCCEEDED(hr)) {
        hr = FxDevice->ConfigureRequestDispatching(fxQueue, WdfRequestRead, TRUE);
    }
    if (SUCCEEDED(hr)) {
        hr = FxDevice->ConfigureRequestDispatching(fxQueue, WdfRequestWrite, TRUE);
    }
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
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackIoStop))) {
        *Object = static_cast<IQueueCallbackIoStop *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackIoResume))) {
        *Object = static_cast<IQueueCallbackIoResume *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRequestCallbackCancel))) {
        *Object = static_cast<IRequestCallbackCancel *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

BOOL
CIoQueue::Forget(
    _In_ IWDFIoRequest *FxRequest
    )
{
    for (int i = 0; i < MAX_HELD_READS; i++) {
        if (m_Held[i] == FxRequest) {
            m_Held[i] = NULL;
            return TRUE;
        }
    }
    return FALSE;
}

VOID
CIoQueue::OnRead(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToRead
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(NumOfBytesToRead);
    for (int i = 0; i < MAX_HELD_READS; i++) {
        if (m_Held[i] == NULL) {
            m_Held[i] = FxRequest;
            FxRequest->MarkCancelable(static_cast<IRequestCallbackCancel *>(this));
            LONG held = InterlockedIncrement(&g_Counts.ReadsHeld);
            TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "read held (%d so far)", held);
            return;
        }
    }
    FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_BUSY));
}

VOID
CIoQueue::OnWrite(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToWrite
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    InterlockedIncrement(&g_Counts.Writes);
    //
    // A write releases the reads held: each gets the same few bytes.
    //
    for (int i = 0; i < MAX_HELD_READS; i++) {
        IWDFIoRequest *read = m_Held[i];
        if (read != NULL && SUCCEEDED(read->UnmarkCancelable())) {
            IWDFMemory *memory = NULL;
            m_Held[i] = NULL;
            read->GetOutputMemory(&memory);
            HRESULT hr = memory->CopyFromBuffer(0, (void *)s_ReadData, sizeof(s_ReadData) - 1);
            memory->Release();
            read->CompleteWithInformation(hr, SUCCEEDED(hr) ? sizeof(s_ReadData) - 1 : 0);
        }
    }
    FxRequest->CompleteWithInformation(S_OK, NumOfBytesToWrite);
}

VOID
CIoQueue::OnIoStop(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ ULONG ActionFlags
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    IWDFIoRequest2 *request2 = NULL;
    InterlockedIncrement(&g_Counts.IoStop);
    g_Counts.LastIoStopFlags = (LONG)ActionFlags;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "I/O stop, flags 0x%08x", ActionFlags);
    if (ActionFlags & WdfRequestStopActionSuspend) {
        //
        // Kept across the sleep: it stays cancelable and pending, and is acknowledged as such.
        //
        if (SUCCEEDED(FxRequest->QueryInterface(IID_PPV_ARGS(&request2)))) {
            request2->StopAcknowledge(FALSE);
            request2->Release();
        }
    } else if ((ActionFlags & WdfRequestStopActionPurge) && SUCCEEDED(FxRequest->UnmarkCancelable())) {
        Forget(FxRequest);
        FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
    }
}

VOID
CIoQueue::OnIoResume(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(FxRequest);
    InterlockedIncrement(&g_Counts.IoResume);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "I/O resume");
}

VOID
CIoQueue::OnCancel(
    _In_ IWDFIoRequest *FxRequest
    )
{
    Forget(FxRequest);
    FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
}

// ---- the manual park queue ----

HRESULT
CParkQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice,
    _Out_ IWDFIoQueue **FxQueue
    )
{
    CParkQueue *queue = new CParkQueue();
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackStateChange *>(queue), FALSE,
                                         WdfIoQueueDispatchManual, FALSE, FALSE, FxQueue);
    if (SUCCEEDED(hr)) {
        (*FxQueue)->Release(); // the device holds the queue; a weak pointer is enough
    }
    queue->Release();
    return hr;
}

HRESULT
CParkQueue::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackStateChange))) {
        *Object = static_cast<IQueueCallbackStateChange *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackIoCanceledOnQueue))) {
        *Object = static_cast<IQueueCallbackIoCanceledOnQueue *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

VOID
CParkQueue::OnStateChange(
    _In_ IWDFIoQueue *FxQueue,
    _In_ WDF_IO_QUEUE_STATE QueueState
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    LONG changes = InterlockedIncrement(&g_Counts.StateChange);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "park queue state 0x%x (%d changes)", QueueState, changes);
}

//
// A request forwarded here was cancelled while it waited: the framework gives it back, and it is
// the driver's to complete.
//
VOID
CParkQueue::OnIoCanceledOnQueue(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    LONG canceled = InterlockedIncrement(&g_Counts.CanceledOnQueue);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "canceled on the park queue (%d so far)", canceled);
    FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_OPERATION_ABORTED));
}
