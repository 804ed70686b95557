/*++

Module Name:

    fileinfo.cpp

Abstract:

    IOCTL_SOCKECHO_FILE_INFO of the socket-backed WDK-style driver: the request itself is formatted for
    a query or a set of file information (IWDFIoTarget2::FormatRequestForQueryInformation and
    FormatRequestForSetInformation) on the socket's target, the default I/O target, or a file-handle
    target over a file the driver opens for the request, and sent synchronously. The request completes
    with what the send saw and the information that came back, or with the format's failure; some
    requests make a wrong call on purpose (SOCKECHO_MISUSE_*) to see the framework refuse it.

--*/

#include "internal.h"
#include "fileinfo.tmh"

//
// The target Info names (referenced); a file-handle target also gets the file it was made over.
//
HRESULT
CMyQueue::OpenTarget(
    _In_ IWDFIoQueue *FxQueue,
    _In_ const SOCKECHO_FILE_INFO *Info,
    _Out_ IWDFIoTarget **Target,
    _Out_ HANDLE *File
    )
{
    *Target = NULL;
    *File = NULL;
    if (Info->Target != SOCKECHO_TARGET_PATH) {
        TARGET_SLOT *slot = m_Device->Slot(Info->Target);
        if (slot == NULL || Info->Target == SOCKECHO_TARGET_USB_PIPE) {
            return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
        }
        *Target = slot->Target;
        (*Target)->AddRef();
        return S_OK;
    }
    HRESULT hr = FileOpen(Info->Path, File);
    IWDFDevice *device = NULL;
    IWDFFileHandleTargetFactory *factory = NULL;
    if (SUCCEEDED(hr)) {
        FxQueue->GetDevice(&device);
        hr = device->QueryInterface(__uuidof(IWDFFileHandleTargetFactory), (PVOID *)&factory);
        device->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = factory->CreateFileHandleTarget(*File, Target);
        factory->Release();
    }
    if (FAILED(hr) && *File != NULL) {
        FileClose(*File);
        *File = NULL;
    }
    return hr;
}

//
// The memory the information goes to or comes from: Length bytes, a set's filled from Data. NULL
// (and S_OK) when the driver is to pass none.
//
static HRESULT
InformationMemory(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ const SOCKECHO_FILE_INFO *Info,
    _Out_ IWDFMemory **Memory
    )
{
    IWDFDevice *device = NULL;
    IWDFDriver *driver = NULL;
    *Memory = NULL;
    if (Info->Misuse == SOCKECHO_MISUSE_OWN_BUFFER) {
        return S_OK;
    }
    if (Info->Length == 0 || (Info->Set && Info->Length > SOCKECHO_INFO_DATA)) {
        return E_INVALIDARG;
    }
    FxQueue->GetDevice(&device);
    device->GetDriver(&driver);
    device->Release();
    HRESULT hr = driver->CreateWdfMemory(Info->Length, NULL, FxRequest, Memory);
    driver->Release();
    if (SUCCEEDED(hr) && Info->Set) {
        hr = (*Memory)->CopyFromBuffer(0, const_cast<uint8_t *>(Info->Data), Info->Length);
    }
    return hr;
}

//
// The request, formatted for Target as Info says (with the misuse it asks for).
//
static HRESULT
Format(
    _In_ IWDFIoTarget *Target,
    _In_ IWDFIoRequest *FxRequest,
    _In_ const SOCKECHO_FILE_INFO *Info,
    _In_ BOOL Set,
    _In_opt_ IWDFMemory *Memory
    )
{
    IWDFIoTarget2 *target2 = NULL;
    HRESULT hr = Target->QueryInterface(__uuidof(IWDFIoTarget2), (PVOID *)&target2);
    if (FAILED(hr)) {
        return hr;
    }
    IWDFFile *file = NULL;
    if (Info->Misuse != SOCKECHO_MISUSE_NO_FILE) {
        FxRequest->GetFileObject(&file);
    }
    WDFMEMORY_OFFSET beyond = {Info->Length, 1};
    PWDFMEMORY_OFFSET offset = Info->Misuse == SOCKECHO_MISUSE_BAD_OFFSET ? &beyond : NULL;
    IWDFIoRequest *request = Info->Misuse == SOCKECHO_MISUSE_NULL_REQUEST ? NULL : FxRequest;
    WDF_FILE_INFORMATION_CLASS informationClass = (WDF_FILE_INFORMATION_CLASS)Info->Class;
    if (Set) {
        hr = target2->FormatRequestForSetInformation(request, informationClass, file, Memory, offset);
    } else {
        hr = target2->FormatRequestForQueryInformation(request, informationClass, file, Memory, offset);
    }
    if (file != NULL) {
        file->Release();
    }
    target2->Release();
    return hr;
}

//
// What the synchronous send saw; a query's information is copied to the request's output.
//
static HRESULT
SentInformation(
    _In_ IWDFIoRequest *FxRequest,
    _In_ const SOCKECHO_FILE_INFO *Info,
    _In_ BOOL Set,
    _In_opt_ IWDFMemory *Memory,
    _In_ SIZE_T OutputSize,
    _Out_ SIZE_T *Written
    )
{
    IWDFRequestCompletionParams *params = NULL;
    FxRequest->GetCompletionParams(&params);
    if (params == NULL) {
        return E_UNEXPECTED;
    }
    HRESULT hr = params->GetCompletionStatus();
    SIZE_T information = params->GetInformation();
    WDF_REQUEST_TYPE type = params->GetCompletedRequestType();
    params->Release();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE,
                "file information: target %u, type %d, class %u: %!HRESULT!, %Iu bytes",
                Info->Target, type, Info->Class, hr, information);
    if (SUCCEEDED(hr) && !Set) {
        SIZE_T n = information < OutputSize ? information : OutputSize;
        if (Memory != NULL && n > 0) {
            IWDFMemory *output = NULL;
            FxRequest->GetOutputMemory(&output);
            hr = output->CopyFromBuffer(0, Memory->GetDataBuffer(NULL), n);
            output->Release();
        }
        *Written = n;
    }
    return hr;
}

HRESULT
CMyQueue::FileInformation(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _In_ SIZE_T OutputSize,
    _Out_ SIZE_T *Written
    )
{
    SOCKECHO_FILE_INFO info;
    IWDFMemory *input = NULL;
    *Written = 0;
    if (InputSize < sizeof(info)) {
        return E_INVALIDARG;
    }
    FxRequest->GetInputMemory(&input);
    HRESULT hr = input->CopyToBuffer(0, &info, sizeof(info));
    input->Release();
    if (FAILED(hr)) {
        return hr;
    }
    info.Path[SOCKECHO_INFO_PATH - 1] = '\0';

    IWDFIoTarget *target = NULL;
    HANDLE file = NULL;
    IWDFMemory *memory = NULL;
    hr = OpenTarget(FxQueue, &info, &target, &file);
    if (SUCCEEDED(hr)) {
        hr = InformationMemory(FxQueue, FxRequest, &info, &memory);
    }
    //
    // A set, a query, or a set and then a query of what it set, each a send of the request.
    //
    for (ULONG step = 0; SUCCEEDED(hr) && step < (info.Set == 2 ? 2u : 1u); step++) {
        BOOL set = info.Set == 1 || (info.Set == 2 && step == 0);
        hr = Format(target, FxRequest, &info, set, memory);
        if (FAILED(hr)) {
            TraceEvents(TRACE_LEVEL_WARNING, TRACE_QUEUE, "file information format (misuse %u): %!HRESULT!",
                        info.Misuse, hr);
        }
        if (SUCCEEDED(hr)) {
            hr = FxRequest->Send(target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
        }
        if (SUCCEEDED(hr)) {
            hr = SentInformation(FxRequest, &info, set, memory, OutputSize, Written);
        }
    }
    if (memory != NULL) {
        memory->Release();
    }
    if (target != NULL) {
        //
        // As CreateFileHandleTarget's reference asks: delete the target, then close the handle.
        //
        if (file != NULL) {
            target->DeleteWdfObject();
        }
        target->Release();
    }
    if (file != NULL) {
        FileClose(file);
    }
    return hr;
}
