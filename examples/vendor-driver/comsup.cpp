/*++

Module Name:

    comsup.cpp

Abstract:

    COM support: the reference count every object of the driver shares, and the class factory
    the framework asks for the driver object.

--*/

#include "internal.h"
#include "comsup.tmh"

#include <new>

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

ULONG STDMETHODCALLTYPE CUnknown::AddRef(VOID)
{
    return (ULONG)InterlockedIncrement(&m_cRefs);
}

ULONG STDMETHODCALLTYPE CUnknown::Release(VOID)
{
    LONG cRefs = InterlockedDecrement(&m_cRefs);
    if (cRefs == 0) {
        delete this;
    }
    return (ULONG)cRefs;
}

HRESULT STDMETHODCALLTYPE CUnknown::QueryInterface(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object)
{
    if (IsEqualIID(InterfaceId, __uuidof(IUnknown))) {
        *Object = QueryIUnknown();
        return S_OK;
    }
    *Object = NULL;
    return E_NOINTERFACE;
}

bool CUnknown::ObjectsAlive()
{
    return InterlockedCompareExchange(&s_cObjects, 0, 0) != 0;
}

HRESULT STDMETHODCALLTYPE CClassFactory::QueryInterface(_In_ REFIID InterfaceId, _Outptr_ PVOID *Object)
{
    if (IsEqualIID(InterfaceId, __uuidof(IClassFactory))) {
        AddRef();
        *Object = static_cast<IClassFactory *>(this);
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

HRESULT STDMETHODCALLTYPE CClassFactory::CreateInstance(_In_opt_ IUnknown *OuterObject, _In_ REFIID InterfaceId,
                                                        _Outptr_ PVOID *Object)
{
    *Object = NULL;
    if (OuterObject != NULL) {
        return CLASS_E_NOAGGREGATION;
    }

    CMyDriver *driver = new (std::nothrow) CMyDriver();
    if (driver == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%!FUNC! no memory for the driver object");
        return E_OUTOFMEMORY;
    }

    HRESULT hr = driver->QueryInterface(InterfaceId, Object);
    driver->Release();
    return hr;
}

HRESULT STDMETHODCALLTYPE CClassFactory::LockServer(_In_ BOOL Lock)
{
    if (Lock) {
        InterlockedIncrement(&s_cLocks);
    } else {
        InterlockedDecrement(&s_cLocks);
    }
    return S_OK;
}

bool CClassFactory::Locked()
{
    return InterlockedCompareExchange(&s_cLocks, 0, 0) != 0;
}
