/*++

Module Name:

    comsup.cpp

Abstract:

    The class factory of a WDK-style test driver, which makes its driver callback object, and that
    object's QueryInterface (comsup.h).

--*/

#include "internal.h"
#ifdef WPP_CONTROL_GUIDS
#include "comsup.tmh"
#else
#include "untraced.h"
#endif

LONG CClassFactory::s_cLocks = 0;

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
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! made the driver object: %!HRESULT!", hr);
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

HRESULT
CMyDriver::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IDriverEntry))) {
        *Object = static_cast<IDriverEntry *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}
