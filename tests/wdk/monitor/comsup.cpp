/*++

Module Name:

    comsup.cpp

Abstract:

    COM support of the monitor driver: the reference-counting base of its classes and its class
    factory.

--*/

#include "internal.h"
#include "comsup.tmh"

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
    //
    // Each derived class answers for its own interfaces and passes the rest here.
    //
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
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
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
