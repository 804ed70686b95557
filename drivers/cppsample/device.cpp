// CMyDevice: the C++ sample's device callback object. CreateInstance makes the framework device with
// it, the \DosDevices\CppSample0 link and the default queue.
#include "cppsample.h"

#include <new>

HRESULT CMyDevice::CreateInstance(IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit)
{
    CMyDevice *callback = new (std::nothrow) CMyDevice();
    if (callback == nullptr)
        return E_OUTOFMEMORY;
    IWDFDevice *device = nullptr;
    HRESULT hr = pWdfDriver->CreateDevice(pWdfDeviceInit, static_cast<IPnpCallbackHardware *>(callback), &device);
    if (SUCCEEDED(hr))
        hr = device->CreateSymbolicLink(WUDF_WSTR("\\DosDevices\\CppSample0"));
    if (SUCCEEDED(hr))
        hr = CMyQueue::CreateInstance(device);
    // The framework owns the device and holds its own references to the callback object.
    if (device != nullptr)
        device->Release();
    callback->Release();
    return hr;
}

HRESULT CMyDevice::QueryInterface(REFIID riid, void **ppv)
{
    if (ppv == nullptr)
        return E_POINTER;
    if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IPnpCallbackHardware)) {
        AddRef();
        *ppv = static_cast<IPnpCallbackHardware *>(this);
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

HRESULT CMyDevice::OnPrepareHardware(IWDFDevice *pWdfDevice)
{
    return S_OK; // a virtual device: no hardware
}

HRESULT CMyDevice::OnReleaseHardware(IWDFDevice *pWdfDevice)
{
    return S_OK;
}
