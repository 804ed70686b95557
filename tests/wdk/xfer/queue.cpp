/*++

Module Name:

    queue.cpp

Abstract:

    The default queue of the transfer-type test driver. Every read, write and I/O control is
    described (struct xfer_report: its effective buffer access method, its lengths, its input added
    up, its file object, what the request says of its requestor, the device stack's preference, and
    the counts, the last write and the last create so far); reads (through RetrieveOutputBuffer) and
    I/O controls (through RetrieveOutputMemory) answer the description at the start of their output
    buffer. Creates are the driver's: it notes their parameters and lets them succeed.

--*/

#include "internal.h"
#include "queue.tmh"

CMyQueue::CMyQueue()
{
    ZeroMemory(&m_Counts, sizeof(m_Counts));
    ZeroMemory(&m_Info, sizeof(m_Info));
}

HRESULT
CMyQueue::CreateInstance(
    _In_ IWDFDevice *FxDevice
    )
{
    CMyQueue *queue = new CMyQueue();
    IWDFIoQueue *fxQueue = NULL;
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
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackCreate))) {
        *Object = static_cast<IQueueCallbackCreate *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackRead))) {
        *Object = static_cast<IQueueCallbackRead *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackWrite))) {
        *Object = static_cast<IQueueCallbackWrite *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
        *Object = static_cast<IQueueCallbackDeviceIoControl *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

void
CMyQueue::Describe(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize,
    _In_ SIZE_T OutputSize,
    _Out_ struct xfer_report *Report
    )
{
    CopyMemory(Report, &m_Counts, sizeof(*Report));
    Report->input_length = (uint32_t)InputSize;
    Report->output_length = (uint32_t)OutputSize;
    Report->input_sum = 0;

    IWDFIoRequest2 *request2 = NULL;
    if (SUCCEEDED(FxRequest->QueryInterface(__uuidof(IWDFIoRequest2), (PVOID *)&request2))) {
        Report->effective_io_type = (uint32_t)request2->GetEffectiveIoType();
        IWDFMemory *input = NULL;
        if (InputSize > 0 && SUCCEEDED(request2->RetrieveInputMemory(&input))) {
            SIZE_T size = 0;
            const BYTE *bytes = (const BYTE *)input->GetDataBuffer(&size);
            for (SIZE_T i = 0; i < size; i++) {
                Report->input_sum += bytes[i];
            }
            input->Release();
        }
        request2->Release();
    }

    IWDFFile *file = NULL;
    FxRequest->GetFileObject(&file);
    Report->has_file = file != NULL;
    if (file != NULL) {
        file->Release();
    }

    IWDFDevice *device = NULL;
    IWDFDevice2 *device2 = NULL;
    FxQueue->GetDevice(&device);
    if (SUCCEEDED(device->QueryInterface(__uuidof(IWDFDevice2), (PVOID *)&device2))) {
        WDF_DEVICE_IO_TYPE readWrite = WdfDeviceIoUndefined, ioctl = WdfDeviceIoUndefined;
        device2->GetDeviceStackIoTypePreference(&readWrite, &ioctl);
        Report->stack_read_write = (uint32_t)readWrite;
        Report->stack_ioctl = (uint32_t)ioctl;
        device2->Release();
    }
    device->Release();
}

HRESULT
CMyQueue::Answer(
    _In_ IWDFIoRequest *FxRequest,
    _In_ const struct xfer_report *Report
    )
{
    IWDFIoRequest2 *request2 = NULL;
    IWDFMemory *output = NULL;
    HRESULT hr = FxRequest->QueryInterface(__uuidof(IWDFIoRequest2), (PVOID *)&request2);
    if (SUCCEEDED(hr)) {
        hr = request2->RetrieveOutputMemory(&output);
        request2->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = output->CopyFromBuffer(0, (PVOID)Report, sizeof(*Report));
        output->Release();
    }
    return hr;
}

//
// Copies Size bytes of Answer to the start of the request's output, reached as a plain pointer.
//
HRESULT
CMyQueue::AnswerInBuffer(
    _In_ IWDFIoRequest *FxRequest,
    _In_reads_bytes_(Size) const void *Answer,
    _In_ SIZE_T Size
    )
{
    IWDFIoRequest2 *request2 = NULL;
    PVOID buffer = NULL;
    SIZE_T length = 0;
    HRESULT hr = FxRequest->QueryInterface(__uuidof(IWDFIoRequest2), (PVOID *)&request2);
    if (SUCCEEDED(hr)) {
        hr = request2->RetrieveOutputBuffer(Size, &buffer, &length);
        request2->Release();
    }
    if (SUCCEEDED(hr)) {
        CopyMemory(buffer, Answer, Size);
    }
    return hr;
}

//
// What this request says of itself, with the last write and create; its input is added up as a
// plain buffer.
//
HRESULT
CMyQueue::RequestInfo(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T InputSize
    )
{
    struct xfer_request_info info = m_Info;
    IWDFIoQueue *queue = NULL;
    IWDFIoRequest2 *request2 = NULL;
    FxRequest->GetIoQueue(&queue);
    info.same_queue = queue == FxQueue;
    if (queue != NULL) {
        queue->Release();
    }
    info.requestor_pid = FxRequest->GetRequestorProcessId();
    info.from_32bit = FxRequest->IsFrom32BitProcess();
    HRESULT hr = FxRequest->QueryInterface(__uuidof(IWDFIoRequest2), (PVOID *)&request2);
    if (SUCCEEDED(hr)) {
        PVOID buffer = NULL;
        SIZE_T length = 0;
        info.requestor_mode = (uint32_t)request2->GetRequestorMode();
        info.from_umdf = request2->IsFromUserModeDriver();
        if (InputSize > 0 && SUCCEEDED(request2->RetrieveInputBuffer(InputSize, &buffer, &length))) {
            info.input_length = (uint32_t)length;
            for (SIZE_T i = 0; i < length; i++) {
                info.input_sum += ((const BYTE *)buffer)[i];
            }
        }
        request2->Release();
    }
    return SUCCEEDED(hr) ? AnswerInBuffer(FxRequest, &info, sizeof(info)) : hr;
}

VOID
STDMETHODCALLTYPE
CMyQueue::OnCreateFile(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ IWDFFile *FxFile
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(FxFile);
    ULONG options = 0xFFFFFFFF, optionsEx = 0xFFFFFFFF;
    USHORT attributes = 0xFFFF, share = 0xFFFF, attributesEx = 0xFFFF, shareEx = 0xFFFF;
    ACCESS_MASK access = 0xFFFFFFFF;
    IWDFIoRequest2 *request2 = NULL;
    FxRequest->GetCreateParameters(&options, &attributes, &share);
    if (SUCCEEDED(FxRequest->QueryInterface(__uuidof(IWDFIoRequest2), (PVOID *)&request2))) {
        request2->GetCreateParametersEx(&optionsEx, &attributesEx, &shareEx, &access);
        request2->Release();
    }
    m_Info.creates++;
    m_Info.create_options = optionsEx;
    m_Info.create_attributes = attributesEx;
    m_Info.create_share = shareEx;
    m_Info.create_access = access;
    m_Info.create_same_as_ex = options == optionsEx && attributes == attributesEx && share == shareEx;
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "create %lu: options 0x%lx, access 0x%lx", (ULONG)m_Info.creates,
                optionsEx, (ULONG)access);
    FxRequest->Complete(S_OK);
}

VOID
STDMETHODCALLTYPE
CMyQueue::OnRead(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToRead
    )
{
    struct xfer_report report;
    m_Counts.reads++;
    Describe(FxQueue, FxRequest, 0, NumOfBytesToRead, &report);
    HRESULT hr = NumOfBytesToRead < sizeof(report) ? HRESULT_FROM_NT(STATUS_BUFFER_TOO_SMALL)
                                                   : AnswerInBuffer(FxRequest, &report, sizeof(report));
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? NumOfBytesToRead : 0);
}

VOID
STDMETHODCALLTYPE
CMyQueue::OnWrite(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ SIZE_T NumOfBytesToWrite
    )
{
    struct xfer_report report;
    SIZE_T size = 0;
    LONGLONG offset = 0;
    ULONG key = 0xFFFFFFFF;
    m_Counts.writes++;
    Describe(FxQueue, FxRequest, NumOfBytesToWrite, 0, &report);
    m_Counts.last_write_type = report.effective_io_type;
    FxRequest->GetWriteParameters(&size, &offset, &key);
    m_Info.last_write_size = (uint32_t)size;
    m_Info.last_write_offset_low = (uint32_t)offset;
    m_Info.last_write_key = key;
    FxRequest->CompleteWithInformation(S_OK, NumOfBytesToWrite);
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
    struct xfer_report report;
    HRESULT hr = S_OK;

    switch (ControlCode) {
    case IOCTL_XFER_BUFFERED:
    case IOCTL_XFER_IN_DIRECT:
    case IOCTL_XFER_OUT_DIRECT:
    case IOCTL_XFER_NEITHER:
        m_Counts.ioctls[ControlCode & 3]++;
        Describe(FxQueue, FxRequest, InputBufferSizeInBytes, OutputBufferSizeInBytes, &report);
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "ioctl %08lx: io type %lu, in %Iu, out %Iu", ControlCode,
                    report.effective_io_type, InputBufferSizeInBytes, OutputBufferSizeInBytes);
        hr = OutputBufferSizeInBytes < sizeof(report) ? HRESULT_FROM_NT(STATUS_BUFFER_TOO_SMALL)
                                                      : Answer(FxRequest, &report);
        break;
    case IOCTL_XFER_REQUEST_INFO:
        hr = RequestInfo(FxQueue, FxRequest, InputBufferSizeInBytes);
        break;
    default:
        hr = HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? OutputBufferSizeInBytes : 0);
}
