/*++

Module Name:

    queue.cpp

Abstract:

    The default I/O queue (parallel). IOCTL_THERMO_READ goes to the sampling thread, which
    completes it; the name controls are answered here.

--*/

#include "internal.h"
#include "queue.tmh"

#include <new>

HRESULT CMyQueue::CreateInstance(_In_ IWDFDevice *FxDevice, _In_ CMyDevice *Device)
{
    CMyQueue *queue = new (std::nothrow) CMyQueue(Device);
    if (queue == NULL) {
        return E_OUTOFMEMORY;
    }

    IWDFIoQueue *fxQueue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(queue->QueryIUnknown(), TRUE, WdfIoQueueDispatchParallel, FALSE, FALSE,
                                         &fxQueue);
    queue->Release(); // the reference QueryIUnknown added
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "%!FUNC! CreateIoQueue failed: %!HRESULT!", hr);
    }
    if (fxQueue != NULL) {
        fxQueue->Release(); // the device keeps the queue
    }
    queue->Release();
    return hr;
}

HRESULT STDMETHODCALLTYPE CMyQueue::QueryInterface(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object)
{
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
        AddRef();
        *Object = static_cast<IQueueCallbackDeviceIoControl *>(this);
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

VOID STDMETHODCALLTYPE CMyQueue::OnDeviceIoControl(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                                   _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                                   _In_ SIZE_T OutputBufferSizeInBytes)
{
    UNREFERENCED_PARAMETER(FxQueue);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "%!FUNC! control 0x%08X in %Iu out %Iu", ControlCode,
                InputBufferSizeInBytes, OutputBufferSizeInBytes);

    switch (ControlCode) {
    case IOCTL_THERMO_READ:
        if (OutputBufferSizeInBytes < sizeof(THERMO_READING)) {
            FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
            return;
        }
        m_Device->Sampler().Submit(FxRequest);
        return;

    case IOCTL_THERMO_GET_NAME:
        GetName(FxRequest, OutputBufferSizeInBytes);
        return;

    case IOCTL_THERMO_SET_NAME:
        SetName(FxRequest, InputBufferSizeInBytes);
        return;

    default:
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_QUEUE, "%!FUNC! unknown control code 0x%08X", ControlCode);
        FxRequest->Complete(HRESULT_FROM_WIN32(ERROR_INVALID_FUNCTION));
        return;
    }
}

VOID CMyQueue::GetName(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T OutputBufferSizeInBytes)
{
    WCHAR name[THERMO_MAX_NAME + 1];
    size_t cch = 0;

    m_Device->GetName(name, ARRAYSIZE(name));
    HRESULT hr = StringCchLengthW(name, ARRAYSIZE(name), &cch);
    SIZE_T bytes = cch * sizeof(WCHAR);
    if (SUCCEEDED(hr) && OutputBufferSizeInBytes < bytes) {
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }

    IWDFMemory *memory = NULL;
    if (SUCCEEDED(hr)) {
        FxRequest->GetOutputMemory(&memory);
        hr = (memory == NULL) ? E_UNEXPECTED : memory->CopyFromBuffer(0, name, bytes);
    }
    if (memory != NULL) {
        memory->Release();
    }
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? bytes : 0);
}

VOID CMyQueue::SetName(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputBufferSizeInBytes)
{
    WCHAR name[THERMO_MAX_NAME + 1];
    HRESULT hr = S_OK;

    if (InputBufferSizeInBytes == 0 || InputBufferSizeInBytes % sizeof(WCHAR) != 0 ||
        InputBufferSizeInBytes > sizeof(name)) {
        hr = E_INVALIDARG;
    }

    IWDFMemory *memory = NULL;
    if (SUCCEEDED(hr)) {
        FxRequest->GetInputMemory(&memory);
        hr = (memory == NULL) ? E_UNEXPECTED : memory->CopyToBuffer(0, name, InputBufferSizeInBytes);
    }
    if (memory != NULL) {
        memory->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = m_Device->SetName(name, InputBufferSizeInBytes / sizeof(WCHAR));
    }
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "%!FUNC! name of %Iu bytes refused: %!HRESULT!",
                    InputBufferSizeInBytes, hr);
    }
    FxRequest->CompleteWithInformation(hr, 0);
}
