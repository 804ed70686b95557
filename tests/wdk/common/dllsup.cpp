/*++

Module Name:

    dllsup.cpp

Abstract:

    The DLL entry points of a WDK-style test driver: DllMain starts and stops WPP tracing under the
    driver's MYDRIVER_TRACING_ID, DllGetClassObject serves the driver's CLSID (MYDRIVER_CLASS_ID),
    DllCanUnloadNow reports live objects and locks. The GUIDs the driver's internal.h declares
    with DEFINE_GUID are defined here, once (initguid.h).

--*/

#include <initguid.h>
#include "internal.h"
#ifdef WPP_CONTROL_GUIDS
#include "dllsup.tmh"
#else
#include "untraced.h"
#endif

const CLSID CLSID_MyDriverCoClass = MYDRIVER_CLASS_ID;

BOOL
WINAPI
DllMain(
    HINSTANCE ModuleHandle,
    DWORD Reason,
    PVOID Reserved
    )
{
    UNREFERENCED_PARAMETER(ModuleHandle);
    UNREFERENCED_PARAMETER(Reserved);

    if (DLL_PROCESS_ATTACH == Reason) {
        WPP_INIT_TRACING(MYDRIVER_TRACING_ID);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! attached, tracing id %S", MYDRIVER_TRACING_ID);
    } else if (DLL_PROCESS_DETACH == Reason) {
        WPP_CLEANUP();
    }
    return TRUE;
}

__control_entrypoint(DllExport)
HRESULT
STDAPICALLTYPE
DllCanUnloadNow(
    VOID
    )
{
    return (CUnknown::ObjectsAlive() || CClassFactory::Locked()) ? S_FALSE : S_OK;
}

_Check_return_
STDAPI
DllGetClassObject(
    _In_ REFCLSID ClassId,
    _In_ REFIID InterfaceId,
    _Outptr_ LPVOID *Interface
    )
{
    *Interface = NULL;
    if (!IsEqualCLSID(ClassId, CLSID_MyDriverCoClass)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%!FUNC! asked for class %!GUID!", &ClassId);
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    CClassFactory *factory = new CClassFactory();
    HRESULT hr = factory->QueryInterface(InterfaceId, Interface);
    factory->Release();
    return hr;
}
