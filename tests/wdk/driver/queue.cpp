/*++

Module Name:

    queue.cpp

Abstract:

    The default queue of the WDK-style sample driver: I/O controls that work on wide strings with the
    C library's wide functions and <strsafe.h>, and one that traces at every level.

--*/

#include "internal.h"
#include "queue.tmh"

HRESULT
CMyQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice
    )
{
    CMyQueue *queue = new CMyQueue();
    IWDFIoQueue *fxQueue = NULL;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(queue), TRUE,
                                         WdfIoQueueDispatchSequential, TRUE, FALSE, &fxQueue);
    DoTraceMessage(TRACE_QUEUE, "default queue created: %!HRESULT!", hr);
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
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
        *Object = static_cast<IQueueCallbackDeviceIoControl *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

_Must_inspect_result_
HRESULT
CMyQueue::Greet(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _In_ SIZE_T OutputSize,
    _Out_ SIZE_T *Written
    )
{
    WCHAR name[64];
    WCHAR instanceId[200];
    WCHAR greeting[400];
    IWDFMemory *memory = NULL;
    IWDFDevice *device = NULL;
    HRESULT hr;

    *Written = 0;
    if (InputSize == 0 || InputSize % sizeof(WCHAR) != 0 || InputSize >= sizeof(name)) {
        return E_INVALIDARG;
    }
    FxRequest->GetInputMemory(&memory);
    hr = memory->CopyToBuffer(0, name, InputSize);
    memory->Release();
    if (FAILED(hr)) {
        return hr;
    }
    name[InputSize / sizeof(WCHAR)] = L'\0';

    FxQueue->GetDevice(&device);
    hr = RetrieveInstanceId(device, instanceId, ARRAYSIZE(instanceId));
    device->Release();
    if (FAILED(hr)) {
        return hr;
    }

    //
    // "world" is greeted as "World": the wide C functions work on the 16-bit strings.
    //
    if (_wcsicmp(name, L"WORLD") == 0) {
        wcscpy_s(name, ARRAYSIZE(name), L"World");
    }
    hr = StringCchPrintfW(greeting, ARRAYSIZE(greeting), L"Hello, %s! I am %ls.", name, instanceId);
    if (FAILED(hr)) {
        return hr;
    }
    size_t cch = 0;
    hr = StringCchLengthW(greeting, ARRAYSIZE(greeting), &cch);
    if (SUCCEEDED(hr) && wcslen(greeting) != cch) {
        hr = E_UNEXPECTED;
    }
    SIZE_T bytes = (cch + 1) * sizeof(WCHAR);
    if (SUCCEEDED(hr) && OutputSize < bytes) {
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    }
    if (SUCCEEDED(hr)) {
        FxRequest->GetOutputMemory(&memory);
        hr = memory->CopyFromBuffer(0, greeting, bytes);
        memory->Release();
    }
    if (SUCCEEDED(hr)) {
        *Written = bytes;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "greeted %ws with \"%ws\" (%Iu bytes)", name, greeting,
                *Written);
    return hr;
}

_Must_inspect_result_
HRESULT
CMyQueue::Identify(
    _In_ IWDFIoQueue *FxQueue,
    _In_ SIZE_T OutputSize,
    _Out_writes_bytes_(OutputSize) PBYTE Output,
    _Out_ SIZE_T *Written
    )
{
    WCHAR instanceId[200];
    CHAR narrow[200];
    IWDFDevice *device = NULL;

    *Written = 0;
    FxQueue->GetDevice(&device);
    HRESULT hr = RetrieveInstanceId(device, instanceId, ARRAYSIZE(instanceId));
    device->Release();
    if (SUCCEEDED(hr)) {
        hr = StringCchPrintfA(narrow, ARRAYSIZE(narrow), "%S", instanceId);
    }
    if (SUCCEEDED(hr)) {
        size_t length = strlen(narrow);
        if (length > OutputSize) {
            return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        }
        CopyMemory(Output, narrow, length);
        *Written = length;
    }
    return hr;
}

void
CMyQueue::TraceAll()
{
    FuncEntry(TRACE_QUEUE);
    Trace(TRACE_LEVEL_CRITICAL, "critical %d", 1);
    Trace(TRACE_LEVEL_ERROR, "error %d", 2);
    Trace(TRACE_LEVEL_WARNING, "warning %d", 3);
    Trace(TRACE_LEVEL_INFORMATION, "information %d", 4);
    Trace(TRACE_LEVEL_VERBOSE, "verbose %d", 5);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "driver flag, %!bool!", TRUE);
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "queue flag, verbose, %I64x", 0x123456789abcULL);
    FuncExit(TRACE_QUEUE, S_FALSE);
    TraceEvents(TRACE_LEVEL_CRITICAL, TRACE_QUEUE, "trace all: done");
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
    HRESULT hr = S_OK;
    SIZE_T written = 0;

    switch (ControlCode) {
    case IOCTL_WDKSAMPLE_GREET:
        hr = Greet(FxQueue, FxRequest, InputBufferSizeInBytes, OutputBufferSizeInBytes, &written);
        break;
    case IOCTL_WDKSAMPLE_IDENTIFY: {
        BYTE output[200];
        hr = Identify(FxQueue, min(OutputBufferSizeInBytes, sizeof(output)), output, &written);
        if (SUCCEEDED(hr) && written > 0) {
            IWDFMemory *memory = NULL;
            FxRequest->GetOutputMemory(&memory);
            hr = memory->CopyFromBuffer(0, output, written);
            memory->Release();
        }
        break;
    }
    case IOCTL_WDKSAMPLE_TRACE_ALL:
        TraceAll();
        break;
    case IOCTL_WDKSAMPLE_FILE_NAME: {
        //
        // The name the file was opened by after the device's: a device interface's reference
        // string, for one opened by its interface path.
        //
        IWDFFile *file = NULL;
        WCHAR name[128];
        DWORD length = ARRAYSIZE(name);
        FxRequest->GetFileObject(&file);
        hr = file != NULL ? file->RetrieveFileName(name, &length) : HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE);
        if (file != NULL) {
            file->Release();
        }
        if (SUCCEEDED(hr)) {
            CHAR text[128];
            hr = StringCchPrintfA(text, ARRAYSIZE(text), "%S", name);
            written = min(OutputBufferSizeInBytes, strlen(text));
            if (SUCCEEDED(hr) && written > 0) {
                IWDFMemory *memory = NULL;
                FxRequest->GetOutputMemory(&memory);
                hr = memory->CopyFromBuffer(0, text, written);
                memory->Release();
            }
        }
        break;
    }
    default:
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? written : 0);
}
