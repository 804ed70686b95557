/*++

Module Name:

    unknown.h

Abstract:

    The reference-counting base of every class of a WDK-style test driver (unknown.cpp), and
    COMSUP_IUNKNOWN, the IUnknown methods a derived class declares. Included by comsup.h; a DLL
    with a class factory and driver objects of its own (the filters sample) includes it alone.

--*/

#pragma once

//
// The IUnknown of every class of the driver, with its reference count. Derived classes answer
// QueryInterface for their own interfaces and pass the rest on with __super, and forward AddRef and
// Release to it: each of their interfaces' IUnknown methods lands here.
//
class CUnknown : public IUnknown
{
public:
    CUnknown();
    virtual ~CUnknown();

    STDMETHOD(QueryInterface)(_In_ REFIID InterfaceId, _Out_ PVOID *Object);
    STDMETHOD_(ULONG, AddRef)();
    STDMETHOD_(ULONG, Release)();
    static BOOL ObjectsAlive();

private:
    LONG m_cRefs;
    static LONG s_cObjects;
};

#define COMSUP_IUNKNOWN                                                                 \
    STDMETHOD(QueryInterface)(__in REFIID InterfaceId, __deref_out PVOID *Object);      \
    STDMETHOD_(ULONG, AddRef)() { return __super::AddRef(); }                           \
    STDMETHOD_(ULONG, Release)() { return __super::Release(); }
