/*++

Module Name:

    unknown.cpp

Abstract:

    The reference-counting base of every class of a WDK-style test driver (comsup.h), with the
    count of live objects DllCanUnloadNow reports.

--*/

#include "internal.h"

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
    //
    // Only IUnknown is answered here; the classes derived from CUnknown answer for the interfaces
    // they implement and pass IUnknown on with __super.
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
