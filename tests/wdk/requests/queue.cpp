/*++

Module Name:

    queue.cpp

Abstract:

    The default queue of the requests sample driver: impersonation, a driver-created request sent
    and reused, a file object on the lower stack, custom events and the client's file object.

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
    queue->m_FxDevice = FxDevice;
    HRESULT hr = FxDevice->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(queue), TRUE,
                                         WdfIoQueueDispatchSequential, TRUE, FALSE, &fxQueue);
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
    } else if (IsEqualIID(InterfaceId, __uuidof(IImpersonateCallback))) {
        *Object = static_cast<IImpersonateCallback *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRequestCallbackRequestCompletion))) {
        *Object = static_cast<IRequestCallbackRequestCompletion *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

//
// No framework method in here, as Microsoft Learn asks: only the context the driver passed.
//
VOID
CMyQueue::OnImpersonate(
    _In_opt_ PVOID Context
    )
{
    InterlockedIncrement(static_cast<LONG *>(Context));
}

void
CMyQueue::Impersonate(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize
    )
{
    REQUESTS_IMPERSONATE_OUT out = {};
    ULONG level = 0;
    LONG called = 0;
    IWDFMemory *memory = NULL;
    if (InputSize != sizeof(level)) {
        FxRequest->Complete(E_INVALIDARG);
        return;
    }
    FxRequest->GetInputMemory(&memory);
    HRESULT hr = memory->CopyToBuffer(0, &level, sizeof(level));
    memory->Release();
    if (SUCCEEDED(hr)) {
        out.Hr = FxRequest->Impersonate(static_cast<SECURITY_IMPERSONATION_LEVEL>(level),
                                        static_cast<IImpersonateCallback *>(this), &called);
        out.CalledBeforeReturn = called;
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "Impersonate(%u): %!HRESULT!, callback %s",
                    static_cast<unsigned int>(level), out.Hr, called ? "ran" : "did not run");
    }
    CompleteWith(FxRequest, hr, &out, sizeof(out));
}

void
CMyQueue::ImpersonateMisuse(
    _In_ IWDFIoRequest *FxRequest
    )
{
    REQUESTS_IMPERSONATE_MISUSE_OUT out = {};
    LONG called = 0;
    IWDFIoRequest *own = NULL;
    out.NoCallbackHr = FxRequest->Impersonate(SecurityIdentification, NULL, &called);
    out.BadLevelHr = FxRequest->Impersonate(static_cast<SECURITY_IMPERSONATION_LEVEL>(7),
                                            static_cast<IImpersonateCallback *>(this), &called);
    HRESULT hr = m_FxDevice->CreateRequest(NULL, NULL, &own);
    if (SUCCEEDED(hr)) {
        out.DriverCreatedHr = own->Impersonate(SecurityIdentification, static_cast<IImpersonateCallback *>(this),
                                               &called);
        own->DeleteWdfObject();
        own->Release();
    }
    out.Called = called;
    CompleteWith(FxRequest, hr, &out, sizeof(out));
}

//
// Formats the driver's request for the default target and sends it; OnCompletion gets Context.
//
HRESULT
CMyQueue::SendDriverRequest(
    _In_ ULONG Context
    )
{
    IWDFIoTarget *target = NULL;
    m_FxDevice->GetDefaultIoTarget(&target);
    HRESULT hr = target->FormatRequestForIoctl(m_DriverRequest, IOCTL_REQUESTS_REUSE, NULL, NULL, NULL, NULL, NULL);
    if (SUCCEEDED(hr)) {
        m_DriverRequest->SetCompletionCallback(static_cast<IRequestCallbackRequestCompletion *>(this),
                                               reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(Context)));
        hr = m_DriverRequest->Send(target, 0, 0);
    }
    target->Release();
    return hr;
}

void
CMyQueue::StartReuse(
    _In_ IWDFIoRequest *FxRequest
    )
{
    IWDFIoRequest2 *client2 = NULL;
    IWDFIoRequest3 *own3 = NULL;
    GUID activity = GUID_REQUESTS_EVENT;
    GUID before;

    ZeroMemory(&m_Reuse, sizeof(m_Reuse));
    //
    // Reusing a request from a queue before completing it is a driver bug the framework ignores.
    //
    if (SUCCEEDED(FxRequest->QueryInterface(IID_PPV_ARGS(&client2)))) {
        client2->Reuse(S_OK);
        client2->Release();
    }
    HRESULT hr = m_FxDevice->CreateRequest(NULL, NULL, &m_DriverRequest);
    if (SUCCEEDED(hr)) {
        hr = m_DriverRequest->QueryInterface(IID_PPV_ARGS(&own3));
    }
    if (SUCCEEDED(hr)) {
        m_Reuse.ActivityBeforeSetHr = own3->RetrieveActivityId(&before);
        own3->SetActivityId(&activity);
        own3->SetUserModeDriverInitiatedIo(TRUE);
        m_Reuse.UmdfInitiated = own3->GetUserModeDriverInitiatedIo();
        own3->Release();
        m_Pending = FxRequest;
        m_Pending->AddRef();
        m_Reuse.FirstSendHr = SendDriverRequest(1);
        hr = m_Reuse.FirstSendHr;
    }
    if (FAILED(hr)) {
        // Nothing was sent: no completion is coming to complete the client's request.
        if (m_Pending != NULL) {
            m_Pending->Release();
            m_Pending = NULL;
        }
        FxRequest->Complete(hr);
    }
}

VOID
CMyQueue::OnCompletion(
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFIoTarget *FxTarget,
    _In_ IWDFRequestCompletionParams *Params,
    _In_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(FxTarget);
    ULONG context = static_cast<ULONG>(reinterpret_cast<ULONG_PTR>(Context));
    m_Reuse.Contexts = m_Reuse.Contexts * 16 + context;
    if (context == 1) {
        IWDFIoRequest2 *request2 = NULL;
        IWDFIoRequest3 *request3 = NULL;
        IWDFRequestCompletionParams *after = NULL;
        GUID activity;
        m_Reuse.FirstStatus = Params->GetCompletionStatus();
        FxRequest->QueryInterface(IID_PPV_ARGS(&request2));
        request2->Reuse(S_FALSE);
        m_Reuse.StatusAfterReuse = request2->GetStatus();
        request2->GetCompletionParams(&after);
        m_Reuse.ParamsAfterReuse = after != NULL;
        if (after != NULL) {
            after->Release();
        }
        request2->QueryInterface(IID_PPV_ARGS(&request3));
        m_Reuse.ActivityAfterReuseHr = request3->RetrieveActivityId(&activity);
        m_Reuse.ActivitySame = SUCCEEDED(m_Reuse.ActivityAfterReuseHr) && IsEqualGUID(activity, GUID_REQUESTS_EVENT);
        request3->Release();
        request2->Release();
        m_Reuse.SecondSendHr = SendDriverRequest(2);
        if (SUCCEEDED(m_Reuse.SecondSendHr)) {
            return;
        }
    } else {
        m_Reuse.SecondStatus = Params->GetCompletionStatus();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "reused request: sends %!HRESULT! then %!HRESULT!",
                m_Reuse.FirstStatus, m_Reuse.SecondStatus);
    m_DriverRequest->DeleteWdfObject();
    m_DriverRequest->Release();
    m_DriverRequest = NULL;
    IWDFIoRequest *pending = m_Pending;
    m_Pending = NULL;
    CompleteWith(pending, S_OK, &m_Reuse, sizeof(m_Reuse));
    pending->Release();
}

void
CMyQueue::CreateLowerFile(
    _In_ IWDFIoRequest *FxRequest
    )
{
    REQUESTS_CREATE_FILE_OUT out = {};
    IWDFDriverCreatedFile *file = NULL;
    IWDFDriverCreatedFile *badFile = NULL;
    out.BadNameHr = m_FxDevice->CreateWdfFile(L"lower\\stack", &badFile);
    if (badFile != NULL) {
        badFile->Close();
        badFile->Release();
    }
    out.CreateHr = m_FxDevice->CreateWdfFile(L"lower", &file);
    out.FileReturned = file != NULL;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_QUEUE, "CreateWdfFile: %!HRESULT!", out.CreateHr);
    if (SUCCEEDED(out.CreateHr) && file != NULL) {
        WCHAR name[16];
        DWORD cch = ARRAYSIZE(name);
        IWDFDevice *device = NULL;
        IWDFIoTarget *target = NULL;
        IWDFIoRequest *request = NULL;
        IWDFRequestCompletionParams *params = NULL;
        out.NameMatches = SUCCEEDED(file->RetrieveFileName(name, &cch)) && wcscmp(name, L"lower") == 0;
        file->GetDevice(&device);
        out.DeviceMatches = SameObject(device, m_FxDevice);
        if (device != NULL) {
            device->Release();
        }
        m_FxDevice->GetDefaultIoTarget(&target);
        HRESULT hr = m_FxDevice->CreateRequest(NULL, NULL, &request);
        if (SUCCEEDED(hr)) {
            out.FormatHr = target->FormatRequestForIoctl(request, IOCTL_REQUESTS_CREATE_FILE, file, NULL, NULL, NULL,
                                                         NULL);
        }
        if (SUCCEEDED(hr) && SUCCEEDED(out.FormatHr)) {
            out.SendHr = request->Send(target, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, 0);
            request->GetCompletionParams(&params);
            if (params != NULL) {
                out.SendStatus = params->GetCompletionStatus();
                params->Release();
            }
        }
        if (request != NULL) {
            request->DeleteWdfObject();
            request->Release();
        }
        target->Release();
        file->Close();
        file->Release();
    }
    CompleteWith(FxRequest, S_OK, &out, sizeof(out));
}

void
CMyQueue::PostEvent(
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize
    )
{
    REQUESTS_POST_EVENT_OUT out = {};
    BYTE *data = NULL;
    SIZE_T size = 0;
    IWDFMemory *input = NULL;
    if (InputSize > 0) {
        FxRequest->GetInputMemory(&input);
        data = static_cast<BYTE *>(input->GetDataBuffer(&size));
    }
    BYTE *big = new BYTE[REQUESTS_EVENT_MAX_DATA + 1];
    for (ULONG i = 0; i <= REQUESTS_EVENT_MAX_DATA; i++) {
        big[i] = static_cast<BYTE>(i);
    }
    out.PostHr = m_FxDevice->PostEvent(GUID_REQUESTS_EVENT, WdfEventBroadcast, data, static_cast<DWORD>(size));
    out.MaxSizeHr = m_FxDevice->PostEvent(GUID_REQUESTS_EVENT, WdfEventBroadcast, big, REQUESTS_EVENT_MAX_DATA);
    out.ReservedTypeHr = m_FxDevice->PostEvent(GUID_REQUESTS_EVENT, WdfEventReserved, data, static_cast<DWORD>(size));
    out.TooBigHr = m_FxDevice->PostEvent(GUID_REQUESTS_EVENT, WdfEventBroadcast, big, REQUESTS_EVENT_MAX_DATA + 1);
    delete[] big;
    if (input != NULL) {
        input->Release();
    }
    CompleteWith(FxRequest, S_OK, &out, sizeof(out));
}

void
CMyQueue::FileObject(
    _In_ IWDFIoRequest *FxRequest
    )
{
    REQUESTS_FILE_OUT out = {};
    IWDFFile *file = NULL;
    IWDFFile2 *file2 = NULL;
    IWDFFile3 *file3 = NULL;
    FxRequest->GetFileObject(&file);
    if (file != NULL && SUCCEEDED(file->QueryInterface(IID_PPV_ARGS(&file2)))) {
        DWORD cch = 0;
        out.File2 = TRUE;
        file2->RetrieveCountedFileName(NULL, &cch);
        out.CountedNameLength = cch;
        file2->Release();
    }
    if (file != NULL && SUCCEEDED(file->QueryInterface(IID_PPV_ARGS(&file3)))) {
        DWORD pid = 0xFFFFFFFF;
        out.File3 = TRUE;
        file3->GetInitiatorProcessId(&pid);
        out.InitiatorProcessId = pid;
        file3->Release();
    }
    if (file != NULL && SUCCEEDED(file->QueryInterface(IID_PPV_ARGS(&file2)))) {
        // Starts non-NULL so that an answer of NULL is the framework's.
        IWDFFile *related = file;
        file2->GetRelatedFileObject(&related);
        out.RelatedIsNull = related == NULL;
        if (related != NULL && related != file) {
            related->Release();
        }
        file2->Release();
    }
    out.NameHr = E_POINTER;
    if (file != NULL) {
        WCHAR name[REQUESTS_FILE_NAME_CHARS];
        DWORD cch = ARRAYSIZE(name);
        out.NameHr = file->RetrieveFileName(name, &cch);
        for (DWORD i = 0; SUCCEEDED(out.NameHr) && i + 1 < ARRAYSIZE(out.Name) && name[i] != L'\0'; i++) {
            out.Name[i] = static_cast<char>(name[i] < 0x80 ? name[i] : '?');
        }
        file->Release();
    }
    CompleteWith(FxRequest, S_OK, &out, sizeof(out));
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
    switch (ControlCode) {
    case IOCTL_REQUESTS_IMPERSONATE:
        Impersonate(FxRequest, InputBufferSizeInBytes);
        break;
    case IOCTL_REQUESTS_IMPERSONATE_MISUSE:
        ImpersonateMisuse(FxRequest);
        break;
    case IOCTL_REQUESTS_REUSE:
        StartReuse(FxRequest);
        break;
    case IOCTL_REQUESTS_CREATE_FILE:
        CreateLowerFile(FxRequest);
        break;
    case IOCTL_REQUESTS_POST_EVENT:
        PostEvent(FxRequest, InputBufferSizeInBytes);
        break;
    case IOCTL_REQUESTS_WORKITEM_SERIALIZED:
        WorkItem(FxRequest, TRUE);
        break;
    case IOCTL_REQUESTS_WORKITEM_CONCURRENT:
        WorkItem(FxRequest, FALSE);
        break;
    case IOCTL_REQUESTS_WORKITEM_FLUSH:
        Flush(FxRequest);
        break;
    case IOCTL_REQUESTS_HARDWARE:
        CompleteWith(FxRequest, S_OK, &g_Hardware, sizeof(g_Hardware));
        break;
    case IOCTL_REQUESTS_FILE:
        FileObject(FxRequest);
        break;
    case IOCTL_REQUESTS_DEVICE:
        CompleteWith(FxRequest, S_OK, &g_Device, sizeof(g_Device));
        break;
    case IOCTL_REQUESTS_PNP_STATE:
        PnpState(FxRequest);
        break;
    case IOCTL_REQUESTS_SET_INFORMATION:
        SetInformation(FxRequest, InputBufferSizeInBytes);
        break;
    case IOCTL_REQUESTS_COMPLETION_PARAMS:
        CompletionParams(FxRequest);
        break;
    default:
        FxRequest->Complete(HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        break;
    }
}
