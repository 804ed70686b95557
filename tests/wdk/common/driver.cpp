/*++

Module Name:

    driver.cpp

Abstract:

    The driver callbacks of a WDK-style test driver that needs no others: nothing to set up or
    tear down, and OnDeviceAdd makes the driver's device (CMyDevice::CreateInstance, internal.h).

--*/

#include "internal.h"
#ifdef WPP_CONTROL_GUIDS
#include "driver.tmh"
#else
#include "untraced.h"
#endif

HRESULT
CMyDriver::OnInitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    return S_OK;
}

HRESULT
CMyDriver::OnDeviceAdd(
    _In_ IWDFDriver *FxWdfDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    HRESULT hr = CMyDevice::CreateInstance(FxWdfDriver, FxDeviceInit);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "device added: %!HRESULT!", hr);
    return hr;
}

VOID
CMyDriver::OnDeinitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
}
