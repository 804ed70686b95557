/*++

Module Name:

    queue.cpp

Abstract:

    The default queue of the stack filters sample. Every request a filter takes it counts, then
    answers (its own control codes) or sends on to the next driver down, the default I/O target,
    with a completion callback that counts what came back and completes the request with it.

--*/

#include "internal.h"
#include "queue.tmh"

//
// The echo driver's IOCTL_ECHO_PEND (drivers/echo/echo_ioctl.h): held until it is cancelled.
//
#define IOCTL_ECHO_PEND 0x00222004u

//
// Volatile, so the compiler cannot prove the pointer null and drop or trap the store; and the store
// must reach the MMU in a sanitizer build too, where UBSan would stop it first.
//
static LONG *volatile g_Nowhere;

//
// IOCTL_FILTER_REFUSE_CREATES was seen (the lower filter).
//
static LONG g_RefuseCreates;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((no_sanitize("null")))
#endif
static void
WriteThroughNull()
{
    *g_Nowhere = 1;
}

HRESULT
CMyQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice,
    _In_ FILTER_ROLE Role
    )
{
    CMyQueue *queue = new CMyQueue(Role);
    IWDFIoQueue *fxQueue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackRead *>(queue), TRUE, WdfIoQueueDispatchParallel,
                                         FALSE, FALSE, &fxQueue);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "%s: default queue: %!HRESULT!", RoleName(Role), hr);
    if (fxQueue != NULL) {
        fxQueue->Release();
    }
    queue->Release();
    return hr;
}

HRESULT
CMyQueue::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackCreate)) ||
        IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDefaultIoHandler))) {
        //
        // The upper filter lets creates and file information go down on their own; the lower one takes them.
        //
        if (m_Role != FilterLower) {
            *Object = NULL;
            return E_NOINTERFACE;
        }
        if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackCreate))) {
            *Object = static_cast<IQueueCallbackCreate *>(this);
        } else {
            *Object = static_cast<IQueueCallbackDefaultIoHandler *>(this);
        }
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackRead))) {
        *Object = static_cast<IQueueCallbackRead *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackWrite))) {
        *Object = static_cast<IQueueCallbackWrite *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
        *Object = static_cast<IQueueCallbackDeviceIoControl *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRequestCallbackRequestCompletion))) {
        *Object = static_cast<IRequestCallbackRequestCompletion *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

//
// The next driver down: the device's default I/O target (referenced).
//
static IWDFIoTarget *
DefaultTarget(
    _In_ IWDFIoQueue *FxQueue
    )
{
    IWDFDevice *device = NULL;
    IWDFIoTarget *target = NULL;
    FxQueue->GetDevice(&device);
    device->GetDefaultIoTarget(&target);
    device->Release();
    return target;
}

//
// What a synchronous send ended with: the status of its completion parameters.
//
static HRESULT
SentStatus(
    _In_ IWDFIoRequest *FxRequest
    )
{
    IWDFRequestCompletionParams *params = NULL;
    FxRequest->GetCompletionParams(&params);
    if (params == NULL) {
        return E_UNEXPECTED;
    }
    HRESULT hr = params->GetCompletionStatus();
    params->Release();
    return hr;
}

VOID
CMyQueue::OnCreateFile(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFFile *FxFile
    )
{
    UNREFERENCED_PARAMETER(FxFile);
    InterlockedIncrement(&Counts()->Creates);
    if (g_RefuseCreates) {
        FxRequest->Complete(E_ACCESSDENIED);
        return;
    }
    IWDFIoTarget *target = DefaultTarget(FxQueue);
    FxRequest->FormatUsingCurrentType();
    HRESULT hr = FxRequest->Send(target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
    if (SUCCEEDED(hr)) {
        hr = SentStatus(FxRequest);
    }
    target->Release();
    //
    // The lowest UMDF driver of a root-enumerated device has nothing below it that opens files:
    // the root PDO dispatches no creates. The filter opens the file itself then.
    //
    if (hr == HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST)) {
        hr = S_OK;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "%s: create: %!HRESULT!", RoleName(m_Role), hr);
    FxRequest->Complete(hr);
}

VOID
CMyQueue::OnRead(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToRead
    )
{
    UNREFERENCED_PARAMETER(NumOfBytesToRead);
    InterlockedIncrement(&Counts()->Reads);
    SendOn(FxQueue, FxRequest);
}

VOID
CMyQueue::OnWrite(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToWrite
    )
{
    UNREFERENCED_PARAMETER(NumOfBytesToWrite);
    InterlockedIncrement(&Counts()->Writes);
    SendOn(FxQueue, FxRequest);
}

VOID
CMyQueue::OnDeviceIoControl(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ ULONG ControlCode,
    _In_ SIZE_T InputBufferSizeInBytes,
    _In_ SIZE_T OutputBufferSizeInBytes
    )
{
    UNREFERENCED_PARAMETER(OutputBufferSizeInBytes);
    InterlockedIncrement(&Counts()->Ioctls);
    ULONG own = m_Role == FilterUpper ? IOCTL_FILTER_UPPER_COUNTS : IOCTL_FILTER_LOWER_COUNTS;
    if (ControlCode == own) {
        AnswerCounts(FxRequest);
    } else if (ControlCode == IOCTL_FILTER_CRASH && m_Role == FilterUpper) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_QUEUE, "%s: writing through a null pointer", RoleName(m_Role));
        WriteThroughNull();
    } else if ((ControlCode == IOCTL_FILTER_PEND_SYNC || ControlCode == IOCTL_FILTER_PEND_ASYNC) &&
               m_Role == FilterUpper) {
        SendPend(FxQueue, FxRequest, InputBufferSizeInBytes, ControlCode == IOCTL_FILTER_PEND_SYNC);
    } else if (ControlCode == IOCTL_FILTER_STOP_TARGET && m_Role == FilterUpper) {
        StopTarget(FxQueue, FxRequest);
    } else if (ControlCode == IOCTL_FILTER_FORGET && m_Role == FilterLower) {
        SendAndForget(FxQueue, FxRequest);
    } else if (ControlCode == IOCTL_FILTER_FILE_INFO && m_Role == FilterUpper) {
        SendFileInformation(FxQueue, FxRequest, InputBufferSizeInBytes);
    } else if (ControlCode == IOCTL_FILTER_REFUSE_CREATES && m_Role == FilterLower) {
        InterlockedExchange(&g_RefuseCreates, 1);
        FxRequest->Complete(S_OK);
    } else {
        SendOn(FxQueue, FxRequest);
    }
}

void
CMyQueue::SendOn(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest
    )
{
    IWDFIoTarget *target = DefaultTarget(FxQueue);
    HRESULT hr = S_OK;
    if (m_Role == FilterUpper && FxRequest->GetType() == WdfRequestRead) {
        //
        // Formatted for the target with the request's own buffer (NULL memory), as a read of it.
        //
        hr = target->FormatRequestForRead(FxRequest, NULL, NULL, NULL, NULL);
    } else {
        FxRequest->FormatUsingCurrentType();
    }
    if (SUCCEEDED(hr)) {
        FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), NULL);
        InterlockedIncrement(&Counts()->Sent);
        hr = FxRequest->Send(target, 0, 0);
    }
    target->Release();
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "%s: send: %!HRESULT!", RoleName(m_Role), hr);
        FxRequest->Complete(hr);
    }
}

void
CMyQueue::SendAndForget(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest
    )
{
    IWDFIoTarget *target = DefaultTarget(FxQueue);
    FxRequest->FormatUsingCurrentType();
    InterlockedIncrement(&Counts()->Forgotten);
    HRESULT hr = FxRequest->Send(target, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET, 0);
    target->Release();
    if (FAILED(hr)) {
        FxRequest->Complete(hr);
    }
}

void
CMyQueue::SendPend(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputBufferSizeInBytes,
    _In_ BOOL Synchronous
    )
{
    ULONG milliseconds = 0;
    IWDFMemory *input = NULL;
    HRESULT hr = InputBufferSizeInBytes >= sizeof milliseconds ? S_OK : E_INVALIDARG;
    if (SUCCEEDED(hr)) {
        FxRequest->GetInputMemory(&input);
        hr = input->CopyToBuffer(0, &milliseconds, sizeof milliseconds);
        input->Release();
    }
    IWDFIoTarget *target = DefaultTarget(FxQueue);
    if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForIoctl(FxRequest, IOCTL_ECHO_PEND, NULL, NULL, NULL, NULL, NULL);
    }
    if (SUCCEEDED(hr) && !Synchronous) {
        //
        // Its completion callback completes it, with STATUS_IO_TIMEOUT once the timeout passed.
        //
        FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), NULL);
        InterlockedIncrement(&Counts()->Sent);
        hr = FxRequest->Send(target, WDF_REQUEST_SEND_OPTION_TIMEOUT, -(LONGLONG)milliseconds * 10000);
        target->Release();
        if (FAILED(hr)) {
            FxRequest->Complete(hr);
        }
        return;
    }
    if (SUCCEEDED(hr)) {
        //
        // A relative timeout, in 100-nanosecond units.
        //
        hr = FxRequest->Send(target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS | WDF_REQUEST_SEND_OPTION_TIMEOUT,
                             -(LONGLONG)milliseconds * 10000);
    }
    if (SUCCEEDED(hr)) {
        hr = SentStatus(FxRequest);
    }
    target->Release();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "%s: synchronous send of a pending request: %!HRESULT!",
                RoleName(m_Role), hr);
    FxRequest->Complete(hr);
}

void
CMyQueue::StopTarget(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest
    )
{
    IWDFIoTarget *target = DefaultTarget(FxQueue);
    IWDFIoTargetStateManagement *state = NULL;
    HRESULT hr = target->QueryInterface(__uuidof(IWDFIoTargetStateManagement), (PVOID *)&state);
    if (SUCCEEDED(hr)) {
        //
        // What the filter sent down is cancelled; Stop returns once it came back.
        //
        hr = state->Stop(WdfIoTargetCancelSentIo);
        if (SUCCEEDED(hr)) {
            hr = state->Start();
        }
        state->Release();
    }
    target->Release();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "%s: default target stopped and started: %!HRESULT!",
                RoleName(m_Role), hr);
    FxRequest->Complete(hr);
}

void
CMyQueue::SendFileInformation(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputBufferSizeInBytes
    )
{
    FILTER_FILE_INFO info;
    IWDFMemory *input = NULL;
    IWDFFile *file = NULL;
    IWDFIoTarget2 *target2 = NULL;
    HRESULT hr = InputBufferSizeInBytes >= sizeof(info) ? S_OK : E_INVALIDARG;
    FxRequest->GetInputMemory(&input);
    if (SUCCEEDED(hr)) {
        hr = input->CopyToBuffer(0, &info, sizeof(info));
    }
    IWDFIoTarget *target = DefaultTarget(FxQueue);
    if (SUCCEEDED(hr)) {
        hr = target->QueryInterface(__uuidof(IWDFIoTarget2), (PVOID *)&target2);
    }
    FxRequest->GetFileObject(&file);
    if (SUCCEEDED(hr) && info.Set) {
        //
        // The information is the request's own input, from Data on.
        //
        WDFMEMORY_OFFSET data = {FIELD_OFFSET(FILTER_FILE_INFO, Data), sizeof(info.Data)};
        hr = target2->FormatRequestForSetInformation(FxRequest, (WDF_FILE_INFORMATION_CLASS)info.Class, file, input,
                                                     &data);
    } else if (SUCCEEDED(hr)) {
        hr = target2->FormatRequestForQueryInformation(FxRequest, (WDF_FILE_INFORMATION_CLASS)info.Class, file, NULL,
                                                       NULL);
    }
    if (SUCCEEDED(hr)) {
        hr = FxRequest->Send(target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
    }
    ULONG_PTR information = 0;
    if (SUCCEEDED(hr)) {
        IWDFRequestCompletionParams *params = NULL;
        FxRequest->GetCompletionParams(&params);
        hr = params->GetCompletionStatus();
        information = params->GetInformation();
        params->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "%s: file information (set %d, class %d) sent down: %!HRESULT!",
                RoleName(m_Role), (int)info.Set, (int)info.Class, hr);
    if (file != NULL) {
        file->Release();
    }
    if (target2 != NULL) {
        target2->Release();
    }
    target->Release();
    input->Release();
    FxRequest->CompleteWithInformation(hr, information);
}

VOID
CMyQueue::OnDefaultIoHandler(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest
    )
{
    WDF_REQUEST_TYPE type = FxRequest->GetType();
    IWDFIoRequest2 *request2 = NULL;
    HRESULT hr = type == WdfRequestQueryInformation || type == WdfRequestSetInformation
                     ? FxRequest->QueryInterface(__uuidof(IWDFIoRequest2), (PVOID *)&request2)
                     : HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    if (FAILED(hr)) {
        FxRequest->Complete(hr);
        return;
    }
    WDF_FILE_INFORMATION_CLASS informationClass = (WDF_FILE_INFORMATION_CLASS)0;
    SIZE_T size = 0;
    IWDFMemory *memory = NULL;
    if (type == WdfRequestQueryInformation) {
        request2->GetQueryInformationParameters(&informationClass, &size);
        hr = request2->RetrieveOutputMemory(&memory);
    } else {
        request2->GetSetInformationParameters(&informationClass, &size);
        hr = request2->RetrieveInputMemory(&memory);
    }
    FILTER_COUNTS *counts = Counts();
    InterlockedIncrement(&counts->InformationRequests);
    counts->LastInformationClass = (LONG)informationClass;
    counts->LastInformationSize = (LONG)size;

    //
    // The same request for the next driver down, formatted with its parameters and its own buffer.
    //
    IWDFIoTarget *target = DefaultTarget(FxQueue);
    IWDFIoTarget2 *target2 = NULL;
    IWDFFile *file = NULL;
    FxRequest->GetFileObject(&file);
    if (SUCCEEDED(hr)) {
        hr = target->QueryInterface(__uuidof(IWDFIoTarget2), (PVOID *)&target2);
    }
    if (SUCCEEDED(hr)) {
        hr = type == WdfRequestQueryInformation
                 ? target2->FormatRequestForQueryInformation(FxRequest, informationClass, file, memory, NULL)
                 : target2->FormatRequestForSetInformation(FxRequest, informationClass, file, memory, NULL);
    }
    if (SUCCEEDED(hr)) {
        FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), NULL);
        InterlockedIncrement(&counts->Sent);
        hr = FxRequest->Send(target, 0, 0);
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "%s: file information (type %d, class %d, %Iu bytes): %!HRESULT!",
                RoleName(m_Role), (int)type, (int)informationClass, size, hr);
    if (file != NULL) {
        file->Release();
    }
    if (memory != NULL) {
        memory->Release();
    }
    if (target2 != NULL) {
        target2->Release();
    }
    target->Release();
    request2->Release();
    if (FAILED(hr)) {
        FxRequest->Complete(hr);
    }
}

void
CMyQueue::AnswerCounts(
    _In_ IWDFIoRequest *FxRequest
    )
{
    IWDFMemory *output = NULL;
    FxRequest->GetOutputMemory(&output);
    HRESULT hr = output != NULL ? S_OK : HRESULT_FROM_NT(STATUS_BUFFER_TOO_SMALL);
    if (SUCCEEDED(hr)) {
        FILTER_COUNTS counts = *Counts();
        hr = output->CopyFromBuffer(0, &counts, sizeof counts);
        output->Release();
    }
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? sizeof(FILTER_COUNTS) : 0);
}

VOID
CMyQueue::OnCompletion(
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFIoTarget *FxIoTarget,
    _In_ IWDFRequestCompletionParams *Params,
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(FxIoTarget);
    UNREFERENCED_PARAMETER(Context);
    FILTER_COUNTS *counts = Counts();
    HRESULT hr = Params->GetCompletionStatus();
    ULONG_PTR information = Params->GetInformation();
    InterlockedIncrement(&counts->Completions);
    if (FAILED(hr)) {
        InterlockedIncrement(&counts->Failures);
        counts->LastFailure = hr;
    } else if (Params->GetCompletedRequestType() == WdfRequestRead) {
        InterlockedExchangeAdd(&counts->ReadBytes, (LONG)information);
    } else if (Params->GetCompletedRequestType() == WdfRequestWrite) {
        InterlockedExchangeAdd(&counts->WriteBytes, (LONG)information);
    }
    FxRequest->CompleteWithInformation(hr, information);
}
