/*++

Module Name:

    requests.cpp

Abstract:

    The monitor driver's other I/O controls on its remote targets: echo's loopback sent synchronously
    with a timeout; echo's IOCTL_ECHO_PEND, which echo holds until it is cancelled (by
    CancelSentRequest, the send's timeout, the client or echo's host going away); a target opened by
    name; the target's state, through IWDFIoTargetStateManagement or its own methods; and a query or
    set of file information sent to it.

--*/

#include "internal.h"
#include "requests.tmh"

HRESULT
CMyQueue::LoopbackSync(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ SIZE_T *Written
    )
{
    MONITOR_OP op;
    IWDFMemory *input = NULL;
    *Written = 0;
    HRESULT hr = ReadOp(FxRequest, InputSize, &op, &input);
    SIZE_T length = SUCCEEDED(hr) ? InputSize - sizeof(op) : 0;
    if (SUCCEEDED(hr) && length == 0) {
        hr = E_INVALIDARG;
    }
    IWDFRemoteTarget *target = SUCCEEDED(hr) ? m_Device->Target(op.Slot) : NULL;
    if (SUCCEEDED(hr) && target == NULL) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    IWDFIoRequest *request = NULL;
    IWDFMemory *in = NULL;
    IWDFMemory *out = NULL;
    if (SUCCEEDED(hr)) {
        hr = MakeRequest(m_Device->FxDevice(), DataAfterOp(input), length, &request, &in);
    }
    if (input != NULL) {
        input->Release();
    }
    if (SUCCEEDED(hr)) {
        IWDFDriver *driver = NULL;
        m_Device->FxDevice()->GetDriver(&driver);
        hr = driver->CreateWdfMemory(length, NULL, request, &out);
        driver->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForIoctl(request, IOCTL_ECHO_LOOPBACK, NULL, in, NULL, out, NULL);
    }
    if (SUCCEEDED(hr)) {
        ULONG flags = WDF_REQUEST_SEND_OPTION_SYNCHRONOUS | (op.TimeoutMs ? WDF_REQUEST_SEND_OPTION_TIMEOUT : 0);
        hr = request->Send(target, flags, -(LONGLONG)op.TimeoutMs * 10000);
    }
    if (SUCCEEDED(hr)) {
        IWDFRequestCompletionParams *params = NULL;
        request->GetCompletionParams(&params);
        hr = params->GetCompletionStatus();
        SIZE_T returned = params->GetInformation();
        params->Release();
        SIZE_T size = 0;
        const void *data = out->GetDataBuffer(&size);
        if (SUCCEEDED(hr) && returned <= size && SUCCEEDED(WriteOutput(FxRequest, data, returned))) {
            *Written = returned;
        }
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "synchronous loopback on slot %u, timeout %u ms: %!HRESULT!",
                (unsigned)op.Slot, (unsigned)op.TimeoutMs, hr);
    if (in != NULL) {
        in->Release();
    }
    if (out != NULL) {
        out->Release();
    }
    if (request != NULL) {
        request->DeleteWdfObject();
        request->Release();
    }
    if (target != NULL) {
        target->Release();
    }
    return hr;
}

HRESULT
CMyQueue::Pend(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ BOOL *Sent
    )
{
    MONITOR_OP op;
    IWDFMemory *input = NULL;
    *Sent = FALSE;
    HRESULT hr = ReadOp(FxRequest, InputSize, &op, &input);
    if (input != NULL) {
        input->Release();
    }
    IWDFRemoteTarget *target = SUCCEEDED(hr) ? m_Device->Target(op.Slot) : NULL;
    if (SUCCEEDED(hr) && target == NULL) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForIoctl(FxRequest, IOCTL_ECHO_PEND, NULL, NULL, NULL, NULL, NULL);
    }
    if (FAILED(hr)) {
        if (target != NULL) {
            target->Release();
        }
        return hr;
    }
    BOOL synchronous = op.Arg == 1;
    ULONG flags = (synchronous ? WDF_REQUEST_SEND_OPTION_SYNCHRONOUS : 0) |
                  (op.TimeoutMs ? WDF_REQUEST_SEND_OPTION_TIMEOUT : 0);
    STEP_CONTEXT *context = NULL;
    if (!synchronous) {
        context = new STEP_CONTEXT;
        context->Step = STEP_PEND;
        context->Client = FxRequest;
        context->Target = target;
        FxRequest->AddRef();
        target->AddRef();
        FxRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this), context);
    }
    m_Device->FxDevice()->AcquireLock();
    if (m_Pending != NULL) {
        m_Pending->Release();
    }
    m_Pending = FxRequest;
    m_Pending->AddRef();
    m_Device->FxDevice()->ReleaseLock();
    hr = FxRequest->Send(target, flags, -(LONGLONG)op.TimeoutMs * 10000);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "pending request sent on slot %u (flags 0x%x): %!HRESULT!",
                (unsigned)op.Slot, (unsigned)flags, hr);
    if (synchronous || FAILED(hr)) {
        m_Device->FxDevice()->AcquireLock();
        if (m_Pending == FxRequest) {
            m_Pending->Release();
            m_Pending = NULL;
        }
        m_Device->FxDevice()->ReleaseLock();
    }
    if (synchronous && SUCCEEDED(hr)) {
        IWDFRequestCompletionParams *params = NULL;
        FxRequest->GetCompletionParams(&params);
        hr = params->GetCompletionStatus();
        params->Release();
    }
    if (context != NULL && FAILED(hr) && !synchronous) {
        FreeContext(context);
    }
    *Sent = !synchronous && SUCCEEDED(hr);
    target->Release();
    return hr;
}

HRESULT
CMyQueue::Open(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ SIZE_T *Written
    )
{
    MONITOR_OP op;
    IWDFMemory *input = NULL;
    WCHAR name[260];
    *Written = 0;
    HRESULT hr = ReadOp(FxRequest, InputSize, &op, &input);
    SIZE_T length = SUCCEEDED(hr) ? InputSize - sizeof(op) : 0;
    if (SUCCEEDED(hr) && (op.Slot != MONITOR_SLOT_NAMED || length == 0 || length >= ARRAYSIZE(name))) {
        hr = E_INVALIDARG;
    }
    if (SUCCEEDED(hr)) {
        const BYTE *text = DataAfterOp(input);
        for (SIZE_T i = 0; i < length; i++) {
            name[i] = (WCHAR)text[i];
        }
        name[length] = 0;
    }
    if (input != NULL) {
        input->Release();
    }
    if (FAILED(hr)) {
        return hr;
    }
    LONG opened = m_Device->OpenByName(name);
    hr = WriteOutput(FxRequest, &opened, sizeof(opened));
    if (SUCCEEDED(hr)) {
        *Written = sizeof(opened);
    }
    return hr;
}

HRESULT
CMyQueue::TargetOp(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _Out_ SIZE_T *Written
    )
{
    MONITOR_OP op;
    IWDFMemory *input = NULL;
    *Written = 0;
    HRESULT hr = ReadOp(FxRequest, InputSize, &op, &input);
    if (input != NULL) {
        input->Release();
    }
    if (FAILED(hr)) {
        return hr;
    }
    if (op.Op == MONITOR_OP_VETO) {
        m_Device->SetVeto(op.Slot, op.Arg != 0);
        return S_OK;
    }
    IWDFRemoteTarget *target = m_Device->Target(op.Slot);
    if (target == NULL) {
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    IWDFIoTargetStateManagement *state = NULL;
    switch (op.Op) {
    case MONITOR_OP_STATE:
        break;
    case MONITOR_OP_STOP:
    case MONITOR_OP_START:
        hr = target->QueryInterface(IID_PPV_ARGS(&state));
        if (SUCCEEDED(hr)) {
            hr = op.Op == MONITOR_OP_STOP ? state->Stop((WDF_IO_TARGET_SENT_IO_ACTION)op.Arg) : state->Start();
            state->Release();
        }
        break;
    case MONITOR_OP_REMOTE_START:
        hr = target->Start();
        break;
    case MONITOR_OP_CLOSE:
        hr = target->Close();
        break;
    default:
        hr = E_INVALIDARG;
        break;
    }
    ULONG now = (ULONG)target->GetState();
    target->Release();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "slot %u op %u arg %u: %!HRESULT!, state %u", (unsigned)op.Slot,
                (unsigned)op.Op, (unsigned)op.Arg, hr, (unsigned)now);
    if (SUCCEEDED(WriteOutput(FxRequest, &now, sizeof(now)))) {
        *Written = sizeof(now);
    }
    return hr;
}

HRESULT
CMyQueue::FileInformation(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize
    )
{
    MONITOR_OP op;
    IWDFMemory *input = NULL;
    HRESULT hr = ReadOp(FxRequest, InputSize, &op, &input);
    if (input != NULL) {
        input->Release();
    }
    IWDFRemoteTarget *target = SUCCEEDED(hr) ? m_Device->Target(op.Slot) : NULL;
    if (SUCCEEDED(hr) && target == NULL) {
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    }
    IWDFFile *file = NULL;
    if (SUCCEEDED(hr) && op.Arg != 2) {
        FxRequest->GetFileObject(&file);
    }
    //
    // No memory of its own: the request's output takes what a query returns, its input is what a set sets.
    //
    if (SUCCEEDED(hr) && op.Arg == 1) {
        hr = target->FormatRequestForSetInformation(FxRequest, WdfFileInformationEndOfFile, file, NULL, NULL);
    } else if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForQueryInformation(FxRequest, WdfFileInformationStandard, file, NULL, NULL);
    }
    if (SUCCEEDED(hr)) {
        hr = FxRequest->Send(target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
    }
    if (SUCCEEDED(hr)) {
        IWDFRequestCompletionParams *params = NULL;
        FxRequest->GetCompletionParams(&params);
        hr = params->GetCompletionStatus();
        params->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "file information on slot %u (arg %u): %!HRESULT!",
                (unsigned)op.Slot, (unsigned)op.Arg, hr);
    if (file != NULL) {
        file->Release();
    }
    if (target != NULL) {
        target->Release();
    }
    return hr;
}
