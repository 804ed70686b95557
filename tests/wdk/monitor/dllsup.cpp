/*++

Module Name:

    dllsup.cpp

Abstract:

    The DLL entry points of the monitor driver: DllMain starts and stops WPP tracing,
    DllGetClassObject serves the driver's CLSID, DllCanUnloadNow reports live objects. The echo
    interface GUID is defined here, once (initguid.h).

--*/

#include <initguid.h>
#include "internal.h"
#include "dllsup.tmh"

const CLSID CLSID_MyDriverCoClass = MYDRIVER_CLASS_ID;
const GUID GUID_ECHO_INTERFACE = ECHO_INTERFACE_GUID_INIT;
const GUID GUID_MONITOR_INTERFACE = MONITOR_INTERFACE_GUID_INIT;

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
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    CClassFactory *factory = new CClassFactory();
    HRESULT hr = factory->QueryInterface(InterfaceId, Interface);
    factory->Release();
    return hr;
}
