/*++

Module Name:

    params.cpp

Abstract:

    The requests sample driver's PnP states, the information of a completed request, and the
    completion parameters of requests it sends to its default I/O target as a read, a write, an
    I/O control and a flush.

--*/

#include "internal.h"
#include "params.tmh"

#define PARAMS_BUFFER_SIZE 16

void
CMyQueue::PnpState(
    _In_ IWDFIoRequest *FxRequest
    )
{
    REQUESTS_PNP_STATE_OUT out = {};
    m_FxDevice->SetPnpState(WdfPnpStateNotDisableable, WdfTrue);
    m_FxDevice->SetPnpState(WdfPnpStateDontDisplayInUI, WdfFalse);
    m_FxDevice->SetPnpState(WdfPnpStateMaximum, WdfTrue);
    out.NotDisableable = m_FxDevice->GetPnpState(WdfPnpStateNotDisableable);
    out.DontDisplayInUI = m_FxDevice->GetPnpState(WdfPnpStateDontDisplayInUI);
    out.Failed = m_FxDevice->GetPnpState(WdfPnpStateFailed);
    out.Invalid = m_FxDevice->GetPnpState(WdfPnpStateMaximum);
    m_FxDevice->CommitPnpState();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "committed PnP state: not disableable %u",
                static_cast<unsigned int>(out.NotDisableable));
    CompleteWith(FxRequest, S_OK, &out, sizeof(out));
}

//
// The information travels with Complete: no CompleteWithInformation here.
//
void
CMyQueue::SetInformation(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize
    )
{
    ULONG count = 0;
    IWDFMemory *input = NULL;
    IWDFMemory *output = NULL;
    HRESULT hr = InputSize == sizeof(count) ? S_OK : E_INVALIDARG;
    if (SUCCEEDED(hr)) {
        FxRequest->GetInputMemory(&input);
        hr = input->CopyToBuffer(0, &count, sizeof(count));
        input->Release();
    }
    if (SUCCEEDED(hr)) {
        FxRequest->GetOutputMemory(&output);
        if (output == NULL || output->GetSize() < count) {
            hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        }
    }
    if (SUCCEEDED(hr) && count > 0) {
        BYTE *fill = new BYTE[count];
        FillMemory(fill, count, REQUESTS_FILL);
        hr = output->CopyFromBuffer(0, fill, count);
        delete[] fill;
    }
    if (output != NULL) {
        output->Release();
    }
    if (SUCCEEDED(hr)) {
        FxRequest->SetInformation(count);
    }
    FxRequest->Complete(hr);
}

HRESULT
CMyQueue::SendSynchronously(
    _In_ IWDFIoTarget *FxTarget,
    _In_ IWDFIoRequest *FxRequest,
    _Out_ IWDFIoRequestCompletionParams **Params
    )
{
    IWDFRequestCompletionParams *params = NULL;
    *Params = NULL;
    HRESULT hr = FxRequest->Send(FxTarget, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
    if (SUCCEEDED(hr)) {
        FxRequest->GetCompletionParams(&params);
        hr = params != NULL ? params->QueryInterface(IID_PPV_ARGS(Params)) : E_UNEXPECTED;
    }
    if (params != NULL) {
        params->Release();
    }
    return hr;
}

//
// Each send uses a request of its own, deleted afterwards, as a driver that does not reuse them.
//
void
CMyQueue::CompletionParams(
    _In_ IWDFIoRequest *FxRequest
    )
{
    REQUESTS_PARAMS_OUT out = {};
    IWDFDriver *driver = NULL;
    IWDFIoTarget *target = NULL;
    IWDFIoTarget2 *target2 = NULL;
    IWDFMemory *readMemory = NULL;
    IWDFMemory *writeMemory = NULL;
    IWDFMemory *ioctlOutput = NULL;
    IWDFIoRequest *request = NULL;
    IWDFIoRequestCompletionParams *params = NULL;
    IWDFMemory *memory = NULL;
    IWDFMemory *other = NULL;
    IWDFFile *targetFile = NULL;
    SIZE_T bytes = 0;
    SIZE_T offset = 0;

    m_FxDevice->GetDriver(&driver);
    m_FxDevice->GetDefaultIoTarget(&target);
    HRESULT hr = driver->CreateWdfMemory(PARAMS_BUFFER_SIZE, NULL, NULL, &readMemory);
    if (SUCCEEDED(hr)) {
        hr = driver->CreateWdfMemory(PARAMS_BUFFER_SIZE, NULL, NULL, &writeMemory);
    }
    if (SUCCEEDED(hr)) {
        hr = driver->CreateWdfMemory(PARAMS_BUFFER_SIZE, NULL, NULL, &ioctlOutput);
    }

    // Read.
    if (SUCCEEDED(hr)) {
        hr = m_FxDevice->CreateRequest(NULL, NULL, &request);
    }
    if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForRead(request, NULL, readMemory, NULL, NULL);
    }
    if (SUCCEEDED(hr)) {
        hr = SendSynchronously(target, request, &params);
    }
    if (SUCCEEDED(hr)) {
        out.ReadStatus = params->GetCompletionStatus();
        out.ReadType = params->GetCompletedRequestType();
        params->GetReadParameters(&memory, &bytes, &offset);
        out.ReadMemorySame = SameObject(memory, readMemory);
        out.ReadBytes = static_cast<uint32_t>(bytes);
        if (memory != NULL) {
            memory->Release();
            memory = NULL;
        }
        params->Release();
        params = NULL;
    }
    if (request != NULL) {
        request->DeleteWdfObject();
        request->Release();
        request = NULL;
    }

    // Write.
    if (SUCCEEDED(hr)) {
        hr = m_FxDevice->CreateRequest(NULL, NULL, &request);
    }
    if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForWrite(request, NULL, writeMemory, NULL, NULL);
    }
    if (SUCCEEDED(hr)) {
        hr = SendSynchronously(target, request, &params);
    }
    if (SUCCEEDED(hr)) {
        out.WriteStatus = params->GetCompletionStatus();
        out.WriteType = params->GetCompletedRequestType();
        params->GetWriteParameters(&memory, &bytes, &offset);
        out.WriteMemorySame = SameObject(memory, writeMemory);
        out.WriteBytes = static_cast<uint32_t>(bytes);
        if (memory != NULL) {
            memory->Release();
            memory = NULL;
        }
        params->Release();
        params = NULL;
    }
    if (request != NULL) {
        request->DeleteWdfObject();
        request->Release();
        request = NULL;
    }

    // I/O control: the write memory as input, its own output.
    if (SUCCEEDED(hr)) {
        hr = m_FxDevice->CreateRequest(NULL, NULL, &request);
    }
    if (SUCCEEDED(hr)) {
        hr = target->FormatRequestForIoctl(request, IOCTL_REQUESTS_COMPLETION_PARAMS, NULL, writeMemory, NULL,
                                           ioctlOutput, NULL);
    }
    if (SUCCEEDED(hr)) {
        hr = SendSynchronously(target, request, &params);
    }
    if (SUCCEEDED(hr)) {
        ULONG code = 0;
        SIZE_T inputOffset = 0;
        SIZE_T outputOffset = 0;
        out.IoctlStatus = params->GetCompletionStatus();
        out.IoctlType = params->GetCompletedRequestType();
        params->GetIoctlParameters(&code, &memory, &inputOffset, &other, &outputOffset, &bytes);
        out.IoctlCode = code;
        out.IoctlInputSame = SameObject(memory, writeMemory);
        out.IoctlOutputSame = SameObject(other, ioctlOutput);
        out.IoctlBytes = static_cast<uint32_t>(bytes);
        if (memory != NULL) {
            memory->Release();
            memory = NULL;
        }
        if (other != NULL) {
            other->Release();
            other = NULL;
        }
        // An I/O control has no read or write parameters.
        SIZE_T readBytes = 1;
        SIZE_T writeBytes = 1;
        params->GetReadParameters(&memory, &readBytes, &offset);
        params->GetWriteParameters(&other, &writeBytes, &offset);
        out.OtherTypesEmpty = memory == NULL && other == NULL && readBytes == 0 && writeBytes == 0;
        if (memory != NULL) {
            memory->Release();
            memory = NULL;
        }
        if (other != NULL) {
            other->Release();
            other = NULL;
        }
        params->Release();
        params = NULL;
    }
    if (request != NULL) {
        request->DeleteWdfObject();
        request->Release();
        request = NULL;
    }

    // Flush, through IWDFIoTarget2.
    if (SUCCEEDED(hr)) {
        hr = target->QueryInterface(IID_PPV_ARGS(&target2));
    }
    if (SUCCEEDED(hr)) {
        hr = m_FxDevice->CreateRequest(NULL, NULL, &request);
    }
    if (SUCCEEDED(hr)) {
        out.FlushFormatHr = target2->FormatRequestForFlush(request, NULL);
        hr = out.FlushFormatHr;
    }
    if (SUCCEEDED(hr)) {
        hr = SendSynchronously(target, request, &params);
    }
    if (SUCCEEDED(hr)) {
        out.FlushStatus = params->GetCompletionStatus();
        out.FlushType = params->GetCompletedRequestType();
        params->Release();
        params = NULL;
    }
    if (request != NULL) {
        request->DeleteWdfObject();
        request->Release();
        request = NULL;
    }

    // Starts non-NULL so that an answer of NULL is the framework's.
    targetFile = reinterpret_cast<IWDFFile *>(readMemory);
    target->GetTargetFile(&targetFile);
    out.TargetFileIsNull = targetFile == NULL;
    if (targetFile != NULL && targetFile != reinterpret_cast<IWDFFile *>(readMemory)) {
        targetFile->Release();
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "completion params: read %!HRESULT!, ioctl %!HRESULT!: %!HRESULT!",
                out.ReadStatus, out.IoctlStatus, hr);
    if (target2 != NULL) {
        target2->Release();
    }
    if (readMemory != NULL) {
        readMemory->Release();
    }
    if (writeMemory != NULL) {
        writeMemory->Release();
    }
    if (ioctlOutput != NULL) {
        ioctlOutput->Release();
    }
    target->Release();
    driver->Release();
    CompleteWith(FxRequest, hr, &out, sizeof(out));
}
