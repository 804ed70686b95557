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
    //
    // A function driver whose opens stay with the framework: the last word is WdfFalse (forwarded,
    // an open would reach the root PDO, which refuses it).
    //
    FxDeviceInit->AutoForwardCreateCleanupClose(WdfTrue);
    FxDeviceInit->AutoForwardCreateCleanupClose(WdfFalse);
    FxDeviceInit->SetPnpCapability(WdfPnpCapSurpriseRemovalOk, WdfTrue);
    FxDeviceInit->SetPnpCapability(WdfPnpCapRemovable, WdfFalse);
    FxDeviceInit->SetPnpCapability(WdfPnpCapMaximum, WdfTrue);
    g_Device.CapSurpriseRemovalOk = FxDeviceInit->GetPnpCapability(WdfPnpCapSurpriseRemovalOk);
    g_Device.CapRemovable = FxDeviceInit->GetPnpCapability(WdfPnpCapRemovable);
    g_Device.CapNoDisplayInUI = FxDeviceInit->GetPnpCapability(WdfPnpCapNoDisplayInUI);
    g_Device.CapInvalid = FxDeviceInit->GetPnpCapability(WdfPnpCapMaximum);
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallbackHardware2 *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateSymbolicLink(L"\\DosDevices\\WdkRequests0");
    }
    if (SUCCEEDED(hr)) {
        NameAndReferenceLink(fxDevice);
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

//
// The device's name, and two more links, each with a reference string of its own.
//
void
CMyDevice::NameAndReferenceLink(
    _In_ IWDFDevice *FxDevice
    )
{
    WCHAR name[REQUESTS_DEVICE_NAME_CHARS];
    DWORD cch = 0;
    IWDFDevice2 *device2 = NULL;
    g_Device.SizeQueryHr = FxDevice->RetrieveDeviceName(NULL, &cch);
    g_Device.SizeQueryLength = cch;
    cch = ARRAYSIZE(name);
    g_Device.NameHr = FxDevice->RetrieveDeviceName(name, &cch);
    g_Device.NameLength = cch;
    if (SUCCEEDED(g_Device.NameHr)) {
        for (DWORD i = 0; i + 1 < ARRAYSIZE(g_Device.Name) && name[i] != L'\0'; i++) {
            g_Device.Name[i] = static_cast<char>(name[i] < 0x80 ? name[i] : '?');
        }
    }
    g_Device.ReferenceLinkHr = E_NOINTERFACE;
    g_Device.BadReferenceHr = E_NOINTERFACE;
    g_Device.SecondReferenceLinkHr = E_NOINTERFACE;
    if (SUCCEEDED(FxDevice->QueryInterface(IID_PPV_ARGS(&device2)))) {
        g_Device.ReferenceLinkHr = device2->CreateSymbolicLinkWithReferenceString(
            L"\\DosDevices\\WdkRequestsRef0", L"Instance3");
        g_Device.SecondReferenceLinkHr = device2->CreateSymbolicLinkWithReferenceString(
            L"\\DosDevices\\WdkRequestsRef2", L"Instance5");
        //
        // A reference string is one name under the device: a path is refused.
        //
        g_Device.BadReferenceHr = device2->CreateSymbolicLinkWithReferenceString(
            L"\\DosDevices\\WdkRequestsRef1", L"Instance3\\sub");
        device2->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "device name: %!HRESULT!, reference link: %!HRESULT!",
                g_Device.NameHr, g_Device.ReferenceLinkHr);
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
