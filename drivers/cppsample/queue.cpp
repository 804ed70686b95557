// CMyQueue: the C++ sample's default queue (sequential). IOCTL_CPPSAMPLE_IDENTIFY answers a magic
// number and the device instance id, IOCTL_CPPSAMPLE_REVERSE reverses bytes; a write stores its bytes
// and a read returns as many of them as fit, like the echo driver.
#include "cppsample.h"

#include <algorithm>
#include <new>

HRESULT CMyQueue::CreateInstance(IWDFDevice *pWdfDevice)
{
    CMyQueue *callback = new (std::nothrow) CMyQueue();
    if (callback == nullptr)
        return E_OUTOFMEMORY;
    IWDFIoQueue *queue = nullptr;
    HRESULT hr = pWdfDevice->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(callback), TRUE,
                                           WdfIoQueueDispatchSequential, TRUE, FALSE, &queue);
    // The queue belongs to the device; the framework holds its own references to the callback object.
    if (queue != nullptr)
        queue->Release();
    callback->Release();
    return hr;
}

HRESULT CMyQueue::QueryInterface(REFIID riid, void **ppv)
{
    if (ppv == nullptr)
        return E_POINTER;
    if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IQueueCallbackDeviceIoControl)))
        *ppv = static_cast<IQueueCallbackDeviceIoControl *>(this);
    else if (IsEqualIID(riid, __uuidof(IQueueCallbackRead)))
        *ppv = static_cast<IQueueCallbackRead *>(this);
    else if (IsEqualIID(riid, __uuidof(IQueueCallbackWrite)))
        *ppv = static_cast<IQueueCallbackWrite *>(this);
    else {
        *ppv = nullptr;
        return E_NOINTERFACE;
    }
    AddRef();
    return S_OK;
}

void CMyQueue::OnDeviceIoControl(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ControlCode,
                                 SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes)
{
    switch (ControlCode) {
    case IOCTL_CPPSAMPLE_IDENTIFY:
        Identify(pWdfQueue, pWdfRequest, OutputBufferSizeInBytes);
        break;
    case IOCTL_CPPSAMPLE_REVERSE:
        Reverse(pWdfRequest, InputBufferSizeInBytes, OutputBufferSizeInBytes);
        break;
    default:
        pWdfRequest->Complete(HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST));
        break;
    }
}

// The instance id as UTF-8, asked of the device each time (it is short and asked rarely).
static HRESULT RetrieveInstanceIdUtf8(IWDFIoQueue *pWdfQueue, std::string &id)
{
    IWDFDevice *device = nullptr;
    pWdfQueue->GetDevice(&device);
    if (device == nullptr)
        return E_UNEXPECTED;
    DWORD cch = 0;
    HRESULT hr = device->RetrieveDeviceInstanceId(nullptr, &cch);
    if (SUCCEEDED(hr) || hr == HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER))
        hr = cch > 0 ? S_OK : E_UNEXPECTED;
    try {
        std::vector<WCHAR> buffer(cch);
        if (SUCCEEDED(hr))
            hr = device->RetrieveDeviceInstanceId(buffer.data(), &cch);
        if (SUCCEEDED(hr)) {
            size_t length = std::find(buffer.begin(), buffer.end(), WCHAR(0)) - buffer.begin();
            id = Utf16ToUtf8(buffer.data(), length);
        }
    } catch (const std::bad_alloc &) {
        hr = E_OUTOFMEMORY;
    }
    device->Release();
    return hr;
}

// Copies bytes to the request's output memory and completes it with their count.
static void CompleteWithOutput(IWDFIoRequest *pWdfRequest, const BYTE *bytes, SIZE_T count)
{
    HRESULT hr = S_OK;
    if (count > 0) {
        IWDFMemory *memory = nullptr;
        pWdfRequest->GetOutputMemory(&memory);
        if (memory == nullptr)
            hr = E_POINTER;
        else {
            hr = memory->CopyFromBuffer(0, const_cast<BYTE *>(bytes), count);
            memory->Release();
        }
    }
    pWdfRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? count : 0);
}

void CMyQueue::Identify(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T OutputBufferSizeInBytes)
{
    std::string id;
    HRESULT hr = RetrieveInstanceIdUtf8(pWdfQueue, id);
    if (SUCCEEDED(hr) && OutputBufferSizeInBytes < 4 + id.size())
        hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    if (FAILED(hr)) {
        pWdfRequest->Complete(hr);
        return;
    }
    try {
        std::vector<BYTE> reply{ BYTE(CPPSAMPLE_MAGIC & 0xff), BYTE((CPPSAMPLE_MAGIC >> 8) & 0xff),
                                 BYTE((CPPSAMPLE_MAGIC >> 16) & 0xff), BYTE(CPPSAMPLE_MAGIC >> 24) };
        reply.insert(reply.end(), id.begin(), id.end());
        CompleteWithOutput(pWdfRequest, reply.data(), reply.size());
    } catch (const std::bad_alloc &) {
        pWdfRequest->Complete(E_OUTOFMEMORY);
    }
}

void CMyQueue::Reverse(IWDFIoRequest *pWdfRequest, SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes)
{
    if (OutputBufferSizeInBytes < InputBufferSizeInBytes) {
        pWdfRequest->Complete(HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
        return;
    }
    if (InputBufferSizeInBytes == 0) {
        pWdfRequest->CompleteWithInformation(S_OK, 0);
        return;
    }
    IWDFMemory *input = nullptr;
    pWdfRequest->GetInputMemory(&input);
    if (input == nullptr) {
        pWdfRequest->Complete(E_POINTER);
        return;
    }
    SIZE_T size = 0;
    const BYTE *data = static_cast<const BYTE *>(input->GetDataBuffer(&size));
    try {
        if (data == nullptr || size < InputBufferSizeInBytes) {
            pWdfRequest->Complete(E_POINTER);
        } else {
            std::vector<BYTE> reversed(data, data + InputBufferSizeInBytes);
            std::reverse(reversed.begin(), reversed.end());
            CompleteWithOutput(pWdfRequest, reversed.data(), reversed.size());
        }
    } catch (const std::bad_alloc &) {
        pWdfRequest->Complete(E_OUTOFMEMORY);
    }
    input->Release();
}

void CMyQueue::OnRead(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToRead)
{
    CompleteWithOutput(pWdfRequest, m_Buffer.data(), std::min<SIZE_T>(m_Buffer.size(), NumOfBytesToRead));
}

void CMyQueue::OnWrite(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToWrite)
{
    if (NumOfBytesToWrite > CPPSAMPLE_MAX_STORED_BYTES) {
        pWdfRequest->CompleteWithInformation(HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), 0);
        return;
    }
    HRESULT hr = S_OK;
    IWDFMemory *input = nullptr;
    if (NumOfBytesToWrite > 0)
        pWdfRequest->GetInputMemory(&input);
    try {
        std::vector<BYTE> bytes(NumOfBytesToWrite);
        if (NumOfBytesToWrite > 0)
            hr = input == nullptr ? E_POINTER : input->CopyToBuffer(0, bytes.data(), bytes.size());
        if (SUCCEEDED(hr))
            m_Buffer.swap(bytes);
    } catch (const std::bad_alloc &) {
        hr = E_OUTOFMEMORY;
    }
    if (input != nullptr)
        input->Release();
    pWdfRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? NumOfBytesToWrite : 0);
}
