/*++

Module Name:

    device.cpp

Abstract:

    The device callback object of the requests sample driver: it creates the framework device with
    device-level locking, its symbolic link and the default queue, and notes what its hardware
    callbacks receive.

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
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallbackHardware2 *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateSymbolicLink(L"\\DosDevices\\WdkRequests0");
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
    } else if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardware2))) {
        *Object = static_cast<IPnpCallbackHardware2 *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    g_Hardware.Prepare1Calls++;
    return S_OK;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "IPnpCallbackHardware::OnReleaseHardware called");
    return S_OK;
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice3 *FxDevice,
    _In_ IWDFCmResourceList *RawResources,
    _In_ IWDFCmResourceList *TranslatedResources
    )
{
    WCHAR instanceId[200];
    DWORD cch = ARRAYSIZE(instanceId);
    g_Hardware.Prepare2Calls++;
    g_Hardware.RawCount = RawResources->GetCount();
    g_Hardware.TranslatedCount = TranslatedResources->GetCount();
    g_Hardware.DescriptorIsNull = TranslatedResources->GetDescriptor(0) == NULL;
    g_Hardware.InstanceIdRead = SUCCEEDED(FxDevice->RetrieveDeviceInstanceId(instanceId, &cch));
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "prepared hardware: %u raw, %u translated resources",
                g_Hardware.RawCount, g_Hardware.TranslatedCount);
    return S_OK;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice3 *FxDevice,
    _In_ IWDFCmResourceList *TranslatedResources
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "released hardware: %u translated resources",
                static_cast<unsigned int>(TranslatedResources->GetCount()));
    return S_OK;
}
