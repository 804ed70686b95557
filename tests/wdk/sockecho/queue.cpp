/*++

Module Name:

    queue.cpp

Abstract:

    The default queue of the socket-backed WDK-style driver (parallel): reads and writes go to the
    socket through its file-handle I/O target and complete in the completion callback with what the
    send saw; I/O controls forward an I/O control to the socket, drive the targets' states
    (IWDFIoTargetStateManagement), send with a timeout, synchronously, ignoring the target's state
    or as send-and-forget, and query or set file information (fileinfo.cpp).

--*/

#include "internal.h"
#include "queue.tmh"

CMyQueue::CMyQueue(
    _In_ CMyDevice *Device
    ) : m_Device(Device)
{
    m_Device->AddRef();
}

CMyQueue::~CMyQueue()
{
    m_Device->Release();
}

HRESULT
CMyQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice,
    _In_ CMyDevice *Device
    )
{
    CMyQueue *queue = new CMyQueue(Device);
    IWDFIoQueue *fxQueue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackRead *>(queue), TRUE, WdfIoQueueDispatchParallel,
                                         TRUE, FALSE, &fxQueue);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "default queue created: %!HRESULT!", hr);
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
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackRead))) {
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
// A read of the socket into the request's output memory, or a write of its input memory, through the
// socket's target. The completion callback completes the request unless Flags make it synchronous.
//
HRESULT
CMyQueue::SendToSocket(
    _In_ IWDFIoRequest *FxRequest,
    _In_ BOOL Write,
    _In_ ULONG Flags,
    _In_ LONGLONG Timeout
    )
{
    TARGET_SLOT *slot = m_Device->Slot(SOCKECHO_TARGET_SOCKET);
    if (slot == NULL) {
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    IWDFMemory *memory = NULL;
    HRESULT hr;
    if (Write) {
        FxRequest->GetInputMemory(&memory);
        hr = slot->Target->FormatRequestForWrite(FxRequest, NULL, memory, NULL, NULL);
    } else {
        FxRequest->GetOutputMemory(&memory);
        hr = slot->Target->FormatRequestForRead(FxRequest, NULL, memory, NULL, NULL);
    }
    if (memory != NULL) {
        memory->Release();
    }
    if (SUCCEEDED(hr) && !(Flags & (WDF_REQUEST_SEND_OPTION_SYNCHRONOUS | WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET))) {
        FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), NULL);
    }
    if (SUCCEEDED(hr)) {
        hr = FxRequest->Send(slot->Target, Flags, Timeout);
    }
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_QUEUE, "send to the socket (flags 0x%x): %!HRESULT!", Flags, hr);
    }
    return hr;
}

VOID
STDMETHODCALLTYPE
CMyQueue::OnRead(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T Count
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(Count);
    HRESULT hr = SendToSocket(FxRequest, FALSE, 0, 0);
    if (FAILED(hr)) {
        FxRequest->Complete(hr);
    }
}

VOID
STDMETHODCALLTYPE
CMyQueue::OnWrite(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T Count
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(Count);
    HRESULT hr = SendToSocket(FxRequest, TRUE, 0, 0);
    if (FAILED(hr)) {
        FxRequest->Complete(hr);
    }
}

VOID
STDMETHODCALLTYPE
CMyQueue::OnCompletion(
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFIoTarget *FxTarget,
    _In_ IWDFRequestCompletionParams *Params,
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(FxTarget);
    UNREFERENCED_PARAMETER(Context);
    HRESULT hr = Params->GetCompletionStatus();
    ULONG_PTR information = Params->GetInformation();
    if (FxRequest->GetType() == WdfRequestDeviceIoControl && Params->GetCompletedRequestType() == WdfRequestWrite) {
        //
        // An I/O control whose input went to the socket: its information counts output bytes, and it has none.
        //
        information = 0;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "send of a type %d request completed: %!HRESULT!, %Iu bytes",
                FxRequest->GetType(), hr, information);
    FxRequest->CompleteWithInformation(hr, information);
}

//
// IOCTL_SOCKECHO_FORWARD: the code in the first 4 bytes, that control's input after them (a memory
// offset into the request's input), its output in the request's output.
//
HRESULT
CMyQueue::Forward(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize
    )
{
    TARGET_SLOT *slot = m_Device->Slot(SOCKECHO_TARGET_SOCKET);
    if (slot == NULL) {
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    if (InputSize < sizeof(ULONG)) {
        return E_INVALIDARG;
    }
    IWDFMemory *input = NULL;
    IWDFMemory *output = NULL;
    ULONG code = 0;
    FxRequest->GetInputMemory(&input);
    HRESULT hr = input->CopyToBuffer(0, &code, sizeof(code));
    WDFMEMORY_OFFSET inputOffset = {sizeof(ULONG), InputSize - sizeof(ULONG)};
    BOOL hasInput = InputSize > sizeof(ULONG);
    FxRequest->GetOutputMemory(&output);
    if (SUCCEEDED(hr)) {
        hr = slot->Target->FormatRequestForIoctl(FxRequest, code, NULL, hasInput ? input : NULL,
                                                 hasInput ? &inputOffset : NULL, output, NULL);
    }
    input->Release();
    if (output != NULL) {
        output->Release();
    }
    if (SUCCEEDED(hr)) {
        FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), NULL);
        hr = FxRequest->Send(slot->Target, 0, 0);
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "forwarded I/O control 0x%08x: %!HRESULT!", code, hr);
    return hr;
}

//
// IOCTL_SOCKECHO_TARGET: one IWDFIoTargetStateManagement call on one target, or this request sent to it.
//
HRESULT
CMyQueue::TargetOp(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _In_ SIZE_T OutputSize,
    _Out_ BOOL *Sent,
    _Out_ SIZE_T *Written
    )
{
    SOCKECHO_TARGET_OP op;
    IWDFMemory *input = NULL;
    *Sent = FALSE;
    *Written = 0;
    if (InputSize < sizeof(op)) {
        return E_INVALIDARG;
    }
    FxRequest->GetInputMemory(&input);
    HRESULT hr = input->CopyToBuffer(0, &op, sizeof(op));
    input->Release();
    TARGET_SLOT *slot = m_Device->Slot(op.Target);
    if (SUCCEEDED(hr) && slot == NULL) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
    }
    if (FAILED(hr)) {
        return hr;
    }
    switch (op.Op) {
    case SOCKECHO_OP_STATE:
        break;
    case SOCKECHO_OP_STOP:
        hr = slot->State->Stop((WDF_IO_TARGET_SENT_IO_ACTION)op.Arg);
        break;
    case SOCKECHO_OP_START:
        hr = slot->State->Start();
        break;
    case SOCKECHO_OP_REMOVE:
        hr = slot->State->Remove(FALSE);
        break;
    case SOCKECHO_OP_SEND_SELF:
    case SOCKECHO_OP_SEND_SELF_FORGET: {
        BOOL forget = op.Op == SOCKECHO_OP_SEND_SELF_FORGET;
        IWDFMemory *output = NULL;
        FxRequest->GetOutputMemory(&output);
        if (op.Target == SOCKECHO_TARGET_DEFAULT) {
            FxRequest->GetInputMemory(&input);
            hr = slot->Target->FormatRequestForIoctl(FxRequest, IOCTL_SOCKECHO_TARGET, NULL, input, NULL, output, NULL);
            input->Release();
        } else {
            hr = slot->Target->FormatRequestForRead(FxRequest, NULL, output, NULL, NULL);
        }
        if (output != NULL) {
            output->Release();
        }
        if (SUCCEEDED(hr) && !forget) {
            FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), NULL);
        }
        if (SUCCEEDED(hr)) {
            hr = FxRequest->Send(slot->Target, forget ? WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET : 0, 0);
        }
        *Sent = SUCCEEDED(hr);
        break;
    }
    default:
        hr = E_INVALIDARG;
        break;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "target %u op %u arg %u: %!HRESULT!", op.Target, op.Op, op.Arg,
                hr);
    if (!*Sent && OutputSize >= sizeof(ULONG)) {
        ULONG state = (ULONG)slot->State->GetState();
        IWDFMemory *output = NULL;
        FxRequest->GetOutputMemory(&output);
        if (SUCCEEDED(output->CopyFromBuffer(0, &state, sizeof(state)))) {
            *Written = sizeof(state);
        }
        output->Release();
    }
    return hr;
}

//
// IOCTL_SOCKECHO_TIMED_READ: a read of the socket with a relative timeout, asynchronous (the completion
// callback completes it) or synchronous (its completion parameters are read at once).
//
HRESULT
CMyQueue::TimedRead(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ BOOL *Sent,
    _Out_ SIZE_T *Read
    )
{
    SOCKECHO_TIMED_READ timed;
    IWDFMemory *input = NULL;
    *Sent = FALSE;
    *Read = 0;
    if (InputSize < sizeof(timed)) {
        return E_INVALIDARG;
    }
    FxRequest->GetInputMemory(&input);
    HRESULT hr = input->CopyToBuffer(0, &timed, sizeof(timed));
    input->Release();
    if (FAILED(hr)) {
        return hr;
    }
    ULONG flags = WDF_REQUEST_SEND_OPTION_TIMEOUT | (timed.Synchronous ? WDF_REQUEST_SEND_OPTION_SYNCHRONOUS : 0);
    LONGLONG timeout = -(LONGLONG)timed.TimeoutMs * 10000;
    hr = SendToSocket(FxRequest, FALSE, flags, timeout);
    if (FAILED(hr) || !timed.Synchronous) {
        *Sent = SUCCEEDED(hr);
        return hr;
    }
    IWDFRequestCompletionParams *params = NULL;
    FxRequest->GetCompletionParams(&params);
    hr = params->GetCompletionStatus();
    *Read = params->GetInformation();
    params->Release();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "synchronous read, timeout %u ms: %!HRESULT!, %Iu bytes",
                timed.TimeoutMs, hr, *Read);
    return hr;
}

VOID
STDMETHODCALLTYPE
CMyQueue::OnDeviceIoControl(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ ULONG ControlCode,
    _In_ SIZE_T InputBufferSizeInBytes,
    _In_ SIZE_T OutputBufferSizeInBytes
    )
{
    HRESULT hr;
    BOOL sent = FALSE;
    SIZE_T written = 0;

    switch (ControlCode) {
    case IOCTL_SOCKECHO_FORWARD:
        hr = Forward(FxRequest, InputBufferSizeInBytes);
        sent = SUCCEEDED(hr);
        break;
    case IOCTL_SOCKECHO_TARGET:
        hr = TargetOp(FxRequest, InputBufferSizeInBytes, OutputBufferSizeInBytes, &sent, &written);
        break;
    case IOCTL_SOCKECHO_TIMED_READ:
        hr = TimedRead(FxRequest, InputBufferSizeInBytes, &sent, &written);
        break;
    case IOCTL_SOCKECHO_WRITE_IGNORING_STATE:
        hr = SendToSocket(FxRequest, TRUE, WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE, 0);
        sent = SUCCEEDED(hr);
        break;
    case IOCTL_SOCKECHO_SEND_AND_FORGET:
        hr = SendToSocket(FxRequest, TRUE, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET, 0);
        sent = SUCCEEDED(hr);
        break;
    case IOCTL_SOCKECHO_FILE_INFO:
        hr = FileInformation(FxQueue, FxRequest, InputBufferSizeInBytes, OutputBufferSizeInBytes, &written);
        break;
    default:
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
    if (!sent) {
        FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? written : 0);
    }
}
