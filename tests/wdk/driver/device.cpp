/*++

Module Name:

    device.cpp

Abstract:

    The device callback object of the WDK-style sample driver: it creates the framework device, its
    symbolic link and device interface (wide strings handed to the framework) and the default queue.

--*/

#include "internal.h"
#include "device.tmh"

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CMyDevice *device = new CMyDevice();
    IWDFDevice *fxDevice = NULL;

    FxDeviceInit->SetLockingConstraint(WdfDeviceLevel);
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallbackHardware *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateSymbolicLink(L"\\DosDevices\\WdkSample0");
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "symbolic link %ws: %!HRESULT!",
                    L"\\DosDevices\\WdkSample0", hr);
    }
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_WDKSAMPLE, L"wdk");
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "interface %!GUID! reference %S: %!HRESULT!",
                    &GUID_DEVINTERFACE_WDKSAMPLE, L"wdk", hr);
    }
    if (SUCCEEDED(hr)) {
        hr = CMyQueue::CreateInstance(fxDevice);
    }
    if (FAILED(hr)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "%!FUNC! failed: %!HRESULT!", hr);
    }
    if (fxDevice != NULL) {
        fxDevice->Release();
    }
    device->Release();
    return hr;
}

HRESULT
CMyDevice::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardware))) {
        *Object = static_cast<IPnpCallbackHardware *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

_Success_(return == S_OK)
HRESULT
RetrieveInstanceId(
    _In_ IWDFDevice *FxDevice,
    _Out_writes_(Count) PWSTR Buffer,
    _In_ DWORD Count
    )
{
    DWORD cch = Count;
    HRESULT hr = FxDevice->RetrieveDeviceInstanceId(Buffer, &cch);
    if (FAILED(hr) && Count > 0) {
        Buffer[0] = L'\0';
    }
    return hr;
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    WCHAR instanceId[200];
    HRESULT hr = RetrieveInstanceId(FxDevice, instanceId, ARRAYSIZE(instanceId));
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! device %ws (%Iu characters): %!HRESULT!",
                instanceId, wcslen(instanceId), hr);
    return S_OK;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_WARNING, TRACE_DEVICE, "%!FUNC! at %!irql!", PASSIVE_LEVEL);
    return S_OK;
}
