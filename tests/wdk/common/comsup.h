/*++

Module Name:

    comsup.h

Abstract:

    COM support shared by the WDK-style test drivers, as a vendor's samples share a common folder:
    the reference-counting base of every class (CUnknown, unknown.h), the class factory, and the
    driver callback object (CMyDriver). A driver's internal.h includes this header and declares its
    CMyDevice, whose static CreateInstance(IWDFDriver *, IWDFDeviceInitialize *) OnDeviceAdd calls.

    The common sources include the driver's internal.h (the driver's folder is on their include
    path): they are compiled as part of each driver, traced with its trace.h (TraceEvents and its
    TRACE_DRIVER flag), or untraced (untraced.h) in a driver without WPP.
    unknown.cpp has CUnknown; comsup.cpp the class factory and CMyDriver's QueryInterface;
    dllsup.cpp the DLL's entry points; driver.cpp CMyDriver's callbacks. A DLL with classes of its
    own (the filters sample: one per filter) takes unknown.cpp only.

--*/

#pragma once

#include "unknown.h"

//
// The factory DllGetClassObject hands out for the driver's CLSID (MYDRIVER_CLASS_ID): it makes
// the driver callback object.
//
class CClassFactory : public CUnknown, public IClassFactory
{
public:
    COMSUP_IUNKNOWN
    STDMETHOD(CreateInstance)(_In_opt_ IUnknown *OuterObject, _In_ REFIID InterfaceId, _COM_Outptr_ PVOID *Object);
    STDMETHOD(LockServer)(_In_ BOOL Lock);
    static BOOL Locked();

private:
    static LONG s_cLocks;
};

//
// The driver callback object. common/driver.cpp has the callbacks most drivers want (OnDeviceAdd
// makes a CMyDevice); a driver with callbacks of its own defines them in its driver.cpp instead.
//
class CMyDriver : public CUnknown, public IDriverEntry
{
public:
    COMSUP_IUNKNOWN
    STDMETHOD(OnInitialize)(_In_ IWDFDriver *FxWdfDriver);
    STDMETHOD(OnDeviceAdd)(_In_ IWDFDriver *FxWdfDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);
    STDMETHOD_(void, OnDeinitialize)(_In_ IWDFDriver *FxWdfDriver);
};
