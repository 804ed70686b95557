/*++

Module Name:

    comsup.cpp

Abstract:

    COM support and DLL entry points of the serial-port-style test driver: the reference-counting
    base, the class factory, DllGetClassObject and DllCanUnloadNow, and the driver callback object.

--*/

#include <initguid.h>
#include "internal.h"

const CLSID CLSID_MyDriverCoClass = MYDRIVER_CLASS_ID;

LONG CUnknown::s_cObjects = 0;

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
    UNREFERENCED_PARAMETER(Lock);
    return S_OK;
}

HRESULT
CMyDriver::QueryInterface(
    _In_ REFIID InterfaceId,
    _Out_ PVOID *Object
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
    return S_OK;
}

HRESULT
CMyDriver::OnDeviceAdd(
    _In_ IWDFDriver *FxWdfDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    return CMyDevice::CreateInstance(FxWdfDriver, FxDeviceInit);
}

VOID
CMyDriver::OnDeinitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
}

__control_entrypoint(DllExport)
HRESULT
STDAPICALLTYPE
DllCanUnloadNow(
    VOID
    )
{
    return CUnknown::ObjectsAlive() ? S_FALSE : S_OK;
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
