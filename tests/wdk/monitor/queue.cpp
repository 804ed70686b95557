/*++

Module Name:

    queue.cpp

Abstract:

    The default queue of the monitor driver (parallel): its I/O controls talk to echo devices through
    the driver's remote targets (the other controls are in requests.cpp). A round trip is a write in a
    request of the driver's own, then a read with the client's request itself, each ended in the
    completion callback.

--*/

#include "internal.h"
#include "queue.tmh"

HRESULT
WriteOutput(
    _In_ IWDFIoRequest *FxRequest,
    _In_ const void *Data,
    _In_ SIZE_T Size
    )
{
    IWDFMemory *output = NULL;
    FxRequest->GetOutputMemory(&output);
    if (output == NULL) {
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    HRESULT hr = output->CopyFromBuffer(0, const_cast<void *>(Data), Size);
    output->Release();
    return hr;
}

CMyQueue::CMyQueue(
    _In_ CMyDevice *Device
    ) : m_Device(Device), m_Pending(NULL), m_FxQueue(NULL)
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
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(queue), TRUE,
                                         WdfIoQueueDispatchParallel, FALSE, FALSE, &fxQueue);
    if (fxQueue != NULL) {
        queue->m_FxQueue = fxQueue;
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
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
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
// The MONITOR_OP at the start of the input; the input memory (referenced) for what follows it.
//
HRESULT
CMyQueue::ReadOp(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ MONITOR_OP *Op,
    _Out_ IWDFMemory **Input
    )
{
    *Input = NULL;
    ZeroMemory(Op, sizeof(*Op));
    if (InputSize < sizeof(*Op)) {
        return E_INVALIDARG;
    }
    FxRequest->GetInputMemory(Input);
    HRESULT hr = (*Input)->CopyToBuffer(0, Op, sizeof(*Op));
    if (SUCCEEDED(hr) && Op->Slot >= MONITOR_SLOTS) {
        hr = E_INVALIDARG;
    }
    if (FAILED(hr)) {
        (*Input)->Release();
        *Input = NULL;
    }
    return hr;
}

//
// A request of the driver's own with memory of its own (children of the request) holding Data.
//
HRESULT
MakeRequest(
    _In_ IWDFDevice2 *FxDevice,
    _In_ const BYTE *Data,
    _In_ SIZE_T Length,
    _Out_ IWDFIoRequest **Request,
    _Out_ IWDFMemory **Memory
    )
{
    IWDFDriver *driver = NULL;
    *Memory = NULL;
    HRESULT hr = FxDevice->CreateRequest(NULL, NULL, Request);
    if (FAILED(hr)) {
        return hr;
    }
    FxDevice->GetDriver(&driver);
    hr = driver->CreateWdfMemory(Length, NULL, *Request, Memory);
    driver->Release();
    if (SUCCEEDED(hr)) {
        hr = (*Memory)->CopyFromBuffer(0, const_cast<BYTE *>(Data), Length);
    }
    if (FAILED(hr)) {
        if (*Memory != NULL) {
            (*Memory)->Release();
            *Memory = NULL;
        }
        (*Request)->DeleteWdfObject();
        (*Request)->Release();
        *Request = NULL;
    }
    return hr;
}

const BYTE *
DataAfterOp(
    _In_ IWDFMemory *Input
    )
{
    SIZE_T size = 0;
    return (const BYTE *)Input->GetDataBuffer(&size) + sizeof(MONITOR_OP);
}

void
FreeContext(
    _In_ STEP_CONTEXT *Context
    )
{
    Context->Client->Release();
    Context->Target->Release();
    delete Context;
}

HRESULT
CMyQueue::RoundTrip(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ BOOL *Sent
    )
{
    MONITOR_OP op;
    IWDFMemory *input = NULL;
    *Sent = FALSE;
    HRESULT hr = ReadOp(FxRequest, InputSize, &op, &input);
    if (SUCCEEDED(hr) && InputSize == sizeof(op)) {
        hr = E_INVALIDARG;
    }
    IWDFRemoteTarget *target = SUCCEEDED(hr) ? m_Device->Target(op.Slot) : NULL;
    if (SUCCEEDED(hr) && target == NULL) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    IWDFIoRequest *write = NULL;
    IWDFMemory *memory = NULL;
    if (SUCCEEDED(hr)) {
        hr = MakeRequest(m_Device->FxDevice(), DataAfterOp(input), InputSize - sizeof(op), &write, &memory);
    }
    if (input != NULL) {
        input->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForWrite(write, NULL, memory, NULL, NULL);
        memory->Release();
    }
    if (SUCCEEDED(hr)) {
        STEP_CONTEXT *context = new STEP_CONTEXT;
        context->Step = STEP_WRITE;
        context->Client = FxRequest;
        context->Target = target;
        FxRequest->AddRef();
        target->AddRef();
        write->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), context);
        hr = write->Send(target, 0, 0);
        if (FAILED(hr)) {
            FreeContext(context);
        }
    }
    if (write != NULL) {
        if (FAILED(hr)) {
            write->DeleteWdfObject();
        }
        write->Release();
    }
    if (target != NULL) {
        target->Release();
    }
    *Sent = SUCCEEDED(hr);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "round trip on slot %u: write sent: %!HRESULT!",
                (unsigned)op.Slot, hr);
    return hr;
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
    STEP_CONTEXT *context = (STEP_CONTEXT *)Context;
    HRESULT hr = Params->GetCompletionStatus();
    ULONG_PTR information = Params->GetInformation();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "step %d completed: %!HRESULT!, %Iu bytes",
                (int)context->Step, hr, information);
    if (context->Step == STEP_WRITE) {
        FxRequest->DeleteWdfObject(); // the driver's own write request
        IWDFMemory *output = NULL;
        context->Client->GetOutputMemory(&output);
        if (SUCCEEDED(hr)) {
            hr = output != NULL ? context->Target->FormatRequestForRead(context->Client, NULL, output, NULL, NULL)
                                : HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        }
        if (output != NULL) {
            output->Release();
        }
        if (SUCCEEDED(hr)) {
            context->Step = STEP_READ;
            context->Client->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), context);
            hr = context->Client->Send(context->Target, 0, 0);
            if (SUCCEEDED(hr)) {
                return;
            }
        }
        information = 0;
    } else if (context->Step == STEP_PEND) {
        m_Device->FxDevice()->AcquireLock();
        if (m_Pending == context->Client) {
            m_Pending->Release();
            m_Pending = NULL;
        }
        m_Device->FxDevice()->ReleaseLock();
    }
    context->Client->CompleteWithInformation(hr, information);
    FreeContext(context);
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
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(OutputBufferSizeInBytes);
    HRESULT hr;
    BOOL sent = FALSE;
    SIZE_T written = 0;

    switch (ControlCode) {
    case IOCTL_MONITOR_STATUS: {
        MONITOR_STATUS status;
        m_Device->Status(&status);
        hr = WriteOutput(FxRequest, &status, sizeof(status));
        written = SUCCEEDED(hr) ? sizeof(status) : 0;
        break;
    }
    case IOCTL_MONITOR_ROUNDTRIP:
        hr = RoundTrip(FxRequest, InputBufferSizeInBytes, &sent);
        break;
    case IOCTL_MONITOR_LOOPBACK_SYNC:
        hr = LoopbackSync(FxRequest, InputBufferSizeInBytes, &written);
        break;
    case IOCTL_MONITOR_PEND:
        hr = Pend(FxRequest, InputBufferSizeInBytes, &sent);
        break;
    case IOCTL_MONITOR_CANCEL: {
        m_Device->FxDevice()->AcquireLock();
        IWDFIoRequest *pending = m_Pending;
        if (pending != NULL) {
            pending->AddRef();
        }
        m_Device->FxDevice()->ReleaseLock();
        ULONG cancelled = pending != NULL ? (ULONG)pending->CancelSentRequest() : 0;
        if (pending != NULL) {
            pending->Release();
        }
        hr = WriteOutput(FxRequest, &cancelled, sizeof(cancelled));
        written = SUCCEEDED(hr) ? sizeof(cancelled) : 0;
        break;
    }
    case IOCTL_MONITOR_OPEN:
        hr = Open(FxRequest, InputBufferSizeInBytes, &written);
        break;
    case IOCTL_MONITOR_FILE_INFO:
        hr = FileInformation(FxRequest, InputBufferSizeInBytes);
        break;
    case IOCTL_MONITOR_TARGET:
        hr = TargetOp(FxRequest, InputBufferSizeInBytes, &written);
        break;
    case IOCTL_MONITOR_POST_EVENT:
        hr = PostEvent(FxRequest, InputBufferSizeInBytes, &written);
        break;
    default:
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
    if (!sent) {
        FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? written : 0);
    }
}

//
// A device event of this device, with the GUID and data the test gave.
//
HRESULT
CMyQueue::PostEvent(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ SIZE_T *Written
    )
{
    *Written = 0;
    if (InputSize < sizeof(GUID)) {
        return E_INVALIDARG;
    }
    IWDFMemory *input = NULL;
    FxRequest->GetInputMemory(&input);
    if (input == NULL) {
        return E_INVALIDARG;
    }
    SIZE_T size = 0;
    BYTE *bytes = static_cast<BYTE *>(input->GetDataBuffer(&size));
    GUID guid;
    CopyMemory(&guid, bytes, sizeof(guid));
    DWORD dataSize = static_cast<DWORD>(size - sizeof(guid));
    LONG posted = m_Device->FxDevice()->PostEvent(guid, WdfEventBroadcast, dataSize ? bytes + sizeof(guid) : NULL,
                                                  dataSize);
    input->Release();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "posted an event of %u bytes: %!HRESULT!", (unsigned)dataSize,
                (HRESULT)posted);
    HRESULT hr = WriteOutput(FxRequest, &posted, sizeof(posted));
    if (SUCCEEDED(hr)) {
        *Written = sizeof(posted);
    }
    return hr;
}
