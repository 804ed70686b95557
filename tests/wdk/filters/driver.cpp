/*++

Module Name:

    driver.cpp

Abstract:

    The class factory, DLL entry points and driver callback objects of the stack filters sample:
    two classes in one DLL, one class factory per filter, each making a driver object of its role.
    (The reference-counting base of its classes is in tests/wdk/common.)

--*/

#include <initguid.h>
#include "internal.h"
#include "driver.tmh"

const CLSID CLSID_LowerFilter = LOWER_FILTER_CLASS_ID;
const CLSID CLSID_UpperFilter = UPPER_FILTER_CLASS_ID;

FILTER_COUNTS g_Counts[2];
static LONG g_Order;

LONG
NextOrder()
{
    return InterlockedIncrement(&g_Order);
}

const char *
RoleName(
    _In_ FILTER_ROLE Role
    )
{
    return Role == FilterUpper ? "upper filter" : "lower filter";
}

class CClassFactory : public CUnknown, public IClassFactory
{
public:
    CClassFactory(_In_ FILTER_ROLE Role) : m_Role(Role) {}

    COMSUP_IUNKNOWN
    STDMETHOD(CreateInstance)(_In_opt_ IUnknown *OuterObject, _In_ REFIID InterfaceId, _COM_Outptr_ PVOID *Object)
    {
        *Object = NULL;
        if (OuterObject != NULL) {
            return CLASS_E_NOAGGREGATION;
        }
        CMyDriver *driver = new CMyDriver(m_Role);
        HRESULT hr = driver->QueryInterface(InterfaceId, Object);
        driver->Release();
        return hr;
    }
    STDMETHOD(LockServer)(_In_ BOOL Lock)
    {
        UNREFERENCED_PARAMETER(Lock);
        return S_OK;
    }

private:
    FILTER_ROLE m_Role;
};

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
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "filters module attached");
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
    return S_OK;
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
    FILTER_ROLE role;
    if (IsEqualCLSID(ClassId, CLSID_LowerFilter)) {
        role = FilterLower;
    } else if (IsEqualCLSID(ClassId, CLSID_UpperFilter)) {
        role = FilterUpper;
    } else {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    CClassFactory *factory = new CClassFactory(role);
    HRESULT hr = factory->QueryInterface(InterfaceId, Interface);
    factory->Release();
    return hr;
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

HRESULT
CMyDriver::OnInitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%s: OnInitialize", RoleName(m_Role));
    return S_OK;
}

HRESULT
CMyDriver::OnDeviceAdd(
    _In_ IWDFDriver *FxWdfDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    HRESULT hr = CMyDevice::CreateInstance(FxWdfDriver, FxDeviceInit, m_Role);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%s: device added: %!HRESULT!", RoleName(m_Role), hr);
    return hr;
}

VOID
CMyDriver::OnDeinitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%s: OnDeinitialize", RoleName(m_Role));
}
