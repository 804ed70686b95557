/*++

Module Name:

    comsup.cpp

Abstract:

    COM support of the virtual serial port driver: the reference-counting base class, the class
    factory and the DLL's entry points.

--*/

#include <initguid.h>
#include "internal.h"
#include "comsup.tmh"

const CLSID CLSID_MyDriverCoClass = MYDRIVER_CLASS_ID;

LONG CUnknown::s_cObjects = 0;
LONG CClassFactory::s_cLocks = 0;

CUnknown::CUnknown() : m_cRefs(1)
{
    InterlockedIncrement(&s_cObjects);
}

CUnknown::~CUnknown()
{
    InterlockedDecrement(&s_cObjects);
}

HRESULT
STDMETHODCALLTYPE
CUnknown::QueryInterface(
    _In_ REFIID InterfaceId,
    _Out_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IUnknown))) {
        *Object = static_cast<IUnknown *>(this);
        AddRef();
        return S_OK;
    }
    *Object = NULL;
    return E_NOINTERFACE;
}

ULONG
STDMETHODCALLTYPE
CUnknown::AddRef()
{
    return InterlockedIncrement(&m_cRefs);
}

ULONG
STDMETHODCALLTYPE
CUnknown::Release()
{
    LONG cRefs = InterlockedDecrement(&m_cRefs);
    if (cRefs == 0) {
        delete this;
    }
    return cRefs;
}

BOOL
CUnknown::ObjectsAlive()
{
    return s_cObjects != 0;
}

HRESULT
CClassFactory::QueryInterface(
    _In_ REFIID InterfaceId,
    _Out_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IClassFactory))) {
        *Object = static_cast<IClassFactory *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

HRESULT
CClassFactory::CreateInstance(
    _In_opt_ IUnknown *OuterObject,
    _In_ REFIID InterfaceId,
    _COM_Outptr_ PVOID *Object
    )
{
    *Object = NULL;
    if (OuterObject != NULL) {
        return CLASS_E_NOAGGREGATION;
    }
    CMyDriver *driver = new CMyDriver();
    HRESULT hr = driver->QueryInterface(InterfaceId, Object);
    driver->Release();
    return hr;
}

HRESULT
CClassFactory::LockServer(
    _In_ BOOL Lock
    )
{
    if (Lock) {
        InterlockedIncrement(&s_cLocks);
    } else {
        InterlockedDecrement(&s_cLocks);
    }
    return S_OK;
}

BOOL
CClassFactory::Locked()
{
    return s_cLocks != 0;
}

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
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%!FUNC! asked for class %!GUID!", &ClassId);
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    CClassFactory *factory = new CClassFactory();
    HRESULT hr = factory->QueryInterface(InterfaceId, Interface);
    factory->Release();
    return hr;
}
