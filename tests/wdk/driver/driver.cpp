/*++

Module Name:

    driver.cpp

Abstract:

    The driver callbacks of the WDK-style sample driver, traced on entry and exit (the driver
    callback object itself and the rest of its COM support are in tests/wdk/common).

--*/

#include "internal.h"
#include "driver.tmh"

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
