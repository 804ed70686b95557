// CMyDriver: the C++ sample's driver object (IDriverEntry). All state lives in the device and its
// queue, which belong to the framework once OnDeviceAdd returns.
#include "cppsample.h"

HRESULT CMyDriver::QueryInterface(REFIID riid, void **ppv)
{
    if (ppv == nullptr)
        return E_POINTER;
    if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IDriverEntry))) {
        AddRef();
        *ppv = static_cast<IDriverEntry *>(this);
        return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
}

HRESULT CMyDriver::OnInitialize(IWDFDriver *pWdfDriver)
{
    return S_OK;
}

HRESULT CMyDriver::OnDeviceAdd(IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit)
{
    return CMyDevice::CreateInstance(pWdfDriver, pWdfDeviceInit);
}

void CMyDriver::OnDeinitialize(IWDFDriver *pWdfDriver)
{
    // Nothing held: the driver object keeps no framework references.
}
