/*++

Module Name:

    driver.cpp

Abstract:

    The driver object: the framework's way into the module. It keeps no state; each device
    holds its own.

--*/

#include "internal.h"
#include "driver.tmh"

HRESULT STDMETHODCALLTYPE CMyDriver::QueryInterface(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object)
{
    if (IsEqualIID(InterfaceId, __uuidof(IDriverEntry))) {
        AddRef();
        *Object = static_cast<IDriverEntry *>(this);
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

HRESULT STDMETHODCALLTYPE CMyDriver::OnInitialize(_In_ IWDFDriver *FxWdfDriver)
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Thermo driver initialized");
    return S_OK;
}

HRESULT STDMETHODCALLTYPE CMyDriver::OnDeviceAdd(_In_ IWDFDriver *FxWdfDriver, _In_ IWDFDeviceInitialize *FxDeviceInit)
{
    HRESULT hr = CMyDevice::CreateInstance(FxWdfDriver, FxDeviceInit);
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%!FUNC! cannot add the device: %!HRESULT!", hr);
    }
    return hr;
}

VOID STDMETHODCALLTYPE CMyDriver::OnDeinitialize(_In_ IWDFDriver *FxWdfDriver)
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Thermo driver deinitialized");
}
