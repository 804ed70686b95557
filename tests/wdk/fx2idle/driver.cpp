/*++

Module Name:

    driver.cpp

Abstract:

    The driver callbacks of the FX2 selective-suspend sample driver: OnInitialize marks the counts
    not yet read (the driver callback object and the rest of its COM support are in
    tests/wdk/common).

--*/

#include "internal.h"
#include "driver.tmh"

FX2IDLE_COUNTS g_Counts;

HRESULT
CMyDriver::OnInitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    g_Counts.LastSwitches = -1;
    g_Counts.SwitchesAtD0Entry = -1;
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
