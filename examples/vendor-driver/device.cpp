/*++

Module Name:

    device.cpp

Abstract:

    The device callback object. CreateInstance makes the framework device, the \DosDevices\Thermo0
    link and the default queue; the sampling thread runs between OnPrepareHardware and
    OnReleaseHardware.

--*/

#include "internal.h"
#include "device.tmh"

#include <new>

CMyDevice::CMyDevice()
{
#ifdef _WIN32
    InitializeCriticalSection(&m_NameLock);
#endif
    (VOID)StringCchCopyW(m_Name, ARRAYSIZE(m_Name), THERMO_DEFAULT_NAME);
}

CMyDevice::~CMyDevice()
{
#ifdef _WIN32
    DeleteCriticalSection(&m_NameLock);
#endif
}

HRESULT CMyDevice::CreateInstance(_In_ IWDFDriver *FxWdfDriver, _In_ IWDFDeviceInitialize *FxDeviceInit)
{
    CMyDevice *device = new (std::nothrow) CMyDevice();
    if (device == NULL) {
        return E_OUTOFMEMORY;
    }

    //
    // The queue is parallel and the driver locks what it shares itself.
    //
    FxDeviceInit->SetLockingConstraint(None);

    IWDFDevice *fxDevice = NULL;
    HRESULT hr = FxWdfDriver->CreateDevice(FxDeviceInit, device->QueryIUnknown(), &fxDevice);
    device->Release(); // the reference QueryIUnknown added: the framework holds its own now

    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateSymbolicLink(THERMO_SYMBOLIC_LINK);
    }
    if (SUCCEEDED(hr)) {
        hr = CMyQueue::CreateInstance(fxDevice, device);
    }
    if (SUCCEEDED(hr)) {
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! device %p created, link %ws", fxDevice,
                    THERMO_SYMBOLIC_LINK);
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "%!FUNC! failed: %!HRESULT!", hr);
    }

    if (fxDevice != NULL) {
        fxDevice->Release();
    }
    device->Release();
    return hr;
}

HRESULT STDMETHODCALLTYPE CMyDevice::QueryInterface(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object)
{
    if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardware))) {
        AddRef();
        *Object = static_cast<IPnpCallbackHardware *>(this);
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

HRESULT STDMETHODCALLTYPE CMyDevice::OnPrepareHardware(_In_ IWDFDevice *FxDevice)
{
    UNREFERENCED_PARAMETER(FxDevice);
    HRESULT hr = m_Sampler.Start();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! sampler started: %!HRESULT!", hr);
    return hr;
}

HRESULT STDMETHODCALLTYPE CMyDevice::OnReleaseHardware(_In_ IWDFDevice *FxDevice)
{
    UNREFERENCED_PARAMETER(FxDevice);
    m_Sampler.Stop();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! sampler stopped");
    return S_OK;
}

VOID CMyDevice::GetName(_Out_writes_(Count) PWSTR Name, _In_ size_t Count)
{
#ifdef _WIN32
    EnterCriticalSection(&m_NameLock);
    (VOID)StringCchCopyW(Name, Count, m_Name);
    LeaveCriticalSection(&m_NameLock);
#else
    std::lock_guard<std::mutex> hold(m_NameLock);
    (VOID)StringCchCopyW(Name, Count, m_Name);
#endif
}

HRESULT CMyDevice::SetName(_In_reads_(Count) PCWSTR Name, _In_ size_t Count)
{
    WCHAR name[THERMO_MAX_NAME + 1];
    HRESULT hr = StringCchCopyNW(name, ARRAYSIZE(name), Name, Count);
    if (FAILED(hr) || name[0] == L'\0') {
        return E_INVALIDARG;
    }
    if (_wcsicmp(name, L"default") == 0) {
        hr = StringCchCopyW(name, ARRAYSIZE(name), THERMO_DEFAULT_NAME);
    }
#ifdef _WIN32
    EnterCriticalSection(&m_NameLock);
    hr = StringCchCopyW(m_Name, ARRAYSIZE(m_Name), name);
    LeaveCriticalSection(&m_NameLock);
#else
    {
        std::lock_guard<std::mutex> hold(m_NameLock);
        hr = StringCchCopyW(m_Name, ARRAYSIZE(m_Name), name);
    }
#endif
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! name is now \"%ws\" (%Iu characters)", name,
                wcslen(name));
    return hr;
}
