/*++

Module Name:

    driver.cpp

Abstract:

    The driver callback object of the WDK-style sample driver.

--*/

#include "internal.h"
#include "driver.tmh"

HRESULT
CMyDriver::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IDriverEntry))) {
        *Object = static_cast<IDriverEntry *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

HRESULT
CMyDriver::OnInitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    FuncEntry(TRACE_DRIVER);
    FuncExit(TRACE_DRIVER, S_OK);
    return S_OK;
}

HRESULT
CMyDriver::OnDeviceAdd(
    _In_ IWDFDriver *FxWdfDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    FuncEntry(TRACE_DRIVER);
    HRESULT hr = CMyDevice::CreateInstance(FxWdfDriver, FxDeviceInit);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "device added: %!HRESULT!, status %!STATUS!",
                hr, SUCCEEDED(hr) ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL);
    FuncExit(TRACE_DRIVER, hr);
    return hr;
}

VOID
CMyDriver::OnDeinitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");
}
