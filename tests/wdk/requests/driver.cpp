/*++

Module Name:

    driver.cpp

Abstract:

    COM support, DLL entry points, the driver callback object and small helpers of the requests
    sample driver.

--*/

#include <initguid.h>
#include "internal.h"
#include "driver.tmh"

const CLSID CLSID_MyDriverCoClass = MYDRIVER_CLASS_ID;
REQUESTS_HARDWARE_OUT g_Hardware;
REQUESTS_DEVICE_OUT g_Device;

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

class CClassFactory : public CUnknown, public IClassFactory
{
public:
    REQUESTS_IUNKNOWN
    STDMETHOD(CreateInstance)(_In_opt_ IUnknown *OuterObject, _In_ REFIID InterfaceId, _COM_Outptr_ PVOID *Object)
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
    STDMETHOD(LockServer)(_In_ BOOL Lock)
    {
        UNREFERENCED_PARAMETER(Lock);
        return S_OK;
    }
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
    if (!IsEqualCLSID(ClassId, CLSID_MyDriverCoClass)) {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    CClassFactory *factory = new CClassFactory();
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
    return S_OK;
}

HRESULT
CMyDriver::OnDeviceAdd(
    _In_ IWDFDriver *FxWdfDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    HRESULT hr = CMyDevice::CreateInstance(FxWdfDriver, FxDeviceInit);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "device added: %!HRESULT!", hr);
    return hr;
}

VOID
CMyDriver::OnDeinitialize(
    _In_ IWDFDriver *FxWdfDriver
    )
{
    UNREFERENCED_PARAMETER(FxWdfDriver);
}

HRESULT
CCleanupWatch::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IObjectCleanup))) {
        *Object = static_cast<IObjectCleanup *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

VOID
CCleanupWatch::OnCleanup(
    _In_ IWDFObject *FxObject
    )
{
    UNREFERENCED_PARAMETER(FxObject);
    InterlockedIncrement(&m_Cleaned);
}

//
// Completes a request with a result structure in its output buffer.
//
void
CompleteWith(
    _In_ IWDFIoRequest *FxRequest,
    _In_ HRESULT Hr,
    _In_reads_bytes_(Size) const void *Out,
    _In_ SIZE_T Size
    )
{
    IWDFMemory *memory = NULL;
    SIZE_T written = 0;
    if (SUCCEEDED(Hr)) {
        FxRequest->GetOutputMemory(&memory);
        if (memory == NULL || memory->GetSize() < Size) {
            Hr = HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
        }
    }
    if (SUCCEEDED(Hr)) {
        Hr = memory->CopyFromBuffer(0, const_cast<void *>(Out), Size);
        written = Size;
    }
    if (memory != NULL) {
        memory->Release();
    }
    FxRequest->CompleteWithInformation(Hr, SUCCEEDED(Hr) ? written : 0);
}

//
// COM identity: two interface pointers are the same object when their IUnknowns are.
//
BOOL
SameObject(
    _In_opt_ IUnknown *A,
    _In_opt_ IUnknown *B
    )
{
    IUnknown *a = NULL;
    IUnknown *b = NULL;
    if (A == NULL || B == NULL) {
        return FALSE;
    }
    A->QueryInterface(IID_PPV_ARGS(&a));
    B->QueryInterface(IID_PPV_ARGS(&b));
    BOOL same = a != NULL && a == b;
    if (a != NULL) {
        a->Release();
    }
    if (b != NULL) {
        b->Release();
    }
    return same;
}
