/*++

Module Name:

    dllsup.cpp

Abstract:

    The module's entry points: DllMain starts and stops tracing, DllGetClassObject hands out the
    class factory for the INF's DriverCLSID, DllCanUnloadNow tells whether anything is still alive.

--*/

#include "internal.h"
#include "dllsup.tmh"

#include <new>

//
// {A2C4E6F8-1B3D-4F5A-8C7E-9D0B1A2C3E4F}: the DriverCLSID of Thermo.inx.
//
static const CLSID CLSID_ThermoDriver =
    { 0xa2c4e6f8, 0x1b3d, 0x4f5a, { 0x8c, 0x7e, 0x9d, 0x0b, 0x1a, 0x2c, 0x3e, 0x4f } };

extern "C"
BOOL
WINAPI
DllMain(
    _In_ HINSTANCE ModuleHandle,
    _In_ DWORD Reason,
    _In_opt_ LPVOID Reserved
    )
{
    UNREFERENCED_PARAMETER(ModuleHandle);
    UNREFERENCED_PARAMETER(Reserved);

    if (Reason == DLL_PROCESS_ATTACH) {
        WPP_INIT_TRACING(MYDRIVER_TRACING_ID);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Thermo module loaded");
    } else if (Reason == DLL_PROCESS_DETACH) {
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Thermo module unloading");
        WPP_CLEANUP();
    }
    return TRUE;
}

STDAPI
DllGetClassObject(
    _In_ REFCLSID ClassId,
    _In_ REFIID InterfaceId,
    _Outptr_ LPVOID *Interface
    )
{
    *Interface = NULL;

    if (!IsEqualCLSID(ClassId, CLSID_ThermoDriver)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%!FUNC! unknown class %!GUID!", &ClassId);
        return CLASS_E_CLASSNOTAVAILABLE;
    }

    CClassFactory *factory = new (std::nothrow) CClassFactory();
    if (factory == NULL) {
        return E_OUTOFMEMORY;
    }

    HRESULT hr = factory->QueryInterface(InterfaceId, Interface);
    factory->Release();
    return hr;
}

STDAPI
DllCanUnloadNow(
    VOID
    )
{
    return (CUnknown::ObjectsAlive() || CClassFactory::Locked()) ? S_FALSE : S_OK;
}
