/*++

Module Name:

    device.cpp

Abstract:

    The device of the virtual serial port driver. OnDeviceAdd reads the port name the class
    installer left in Device Parameters and gives the device its names: \DosDevices\<PortName>, the
    COM port interface class. While its hardware is prepared the port is listed in
    HARDWARE\DEVICEMAP\SERIALCOMM (value: its device name, data: its port name), where programs
    look for the machine's serial ports; OnReleaseHardware takes the entry out again.

--*/

#include "internal.h"
#include "device.tmh"

CMyDevice::CMyDevice() : m_Queue(NULL)
{
    m_PortName[0] = L'\0';
    m_DeviceName[0] = L'\0';
}

CMyDevice::~CMyDevice()
{
    if (m_Queue != NULL) {
        m_Queue->Release();
    }
}

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
        hr = device->Configure(fxDevice);
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
    _In_ REFIID InterfaceId,
    _Out_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardware))) {
        *Object = static_cast<IPnpCallbackHardware *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IFileCallbackCleanup))) {
        *Object = static_cast<IFileCallbackCleanup *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

//
// Reads one string of Device Parameters into Buffer.
//
static
HRESULT
ReadString(
    _In_ IWDFNamedPropertyStore2 *Store,
    _In_z_ PCWSTR Name,
    _Out_writes_(Count) PWSTR Buffer,
    _In_ size_t Count
    )
{
    PROPVARIANT value;
    PropVariantInit(&value);
    HRESULT hr = Store->GetNamedValue(Name, &value);
    if (SUCCEEDED(hr)) {
        hr = value.vt == VT_LPWSTR && value.pwszVal[0] != L'\0' ? StringCchCopyW(Buffer, Count, value.pwszVal)
                                                                : HRESULT_FROM_WIN32(ERROR_INVALID_DATA);
    }
    PropVariantClear(&value);
    return hr;
}

//
// PortName is what the Ports class installer assigned (here the INF's AddReg); the device's own
// name is \Device\VSerial<n>, n the instance's number, unless Device Parameters names it.
//
HRESULT
CMyDevice::ReadSettings(
    _In_ IWDFDevice *FxDevice
    )
{
    IWDFPropertyStoreFactory *factory = NULL;
    IWDFNamedPropertyStore2 *store = NULL;
    WDF_PROPERTY_STORE_ROOT root;

    ZeroMemory(&root, sizeof(root));
    root.LengthCb = sizeof(root);
    root.RootClass = WdfPropertyStoreRootClassHardwareKey;
    root.Qualifier.HardwareKey.ServiceName = WDF_PROPERTY_STORE_HARDWARE_KEY_ROOT;
    HRESULT hr = FxDevice->QueryInterface(IID_PPV_ARGS(&factory));
    if (SUCCEEDED(hr)) {
        hr = factory->RetrieveDevicePropertyStore(&root, WdfPropertyStoreNormal, KEY_QUERY_VALUE, NULL, &store, NULL);
        factory->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = ReadString(store, L"PortName", m_PortName, ARRAYSIZE(m_PortName));
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "PortName %ws: %!HRESULT!", m_PortName, hr);
    }
    if (SUCCEEDED(hr) && FAILED(ReadString(store, L"DeviceName", m_DeviceName, ARRAYSIZE(m_DeviceName)))) {
        WCHAR instanceId[200];
        DWORD cch = ARRAYSIZE(instanceId);
        hr = FxDevice->RetrieveDeviceInstanceId(instanceId, &cch);
        if (SUCCEEDED(hr)) {
            PCWSTR number = wcsrchr(instanceId, L'\\');
            ULONG index = static_cast<ULONG>(wcstoul(number != NULL ? number + 1 : instanceId, NULL, 10));
            hr = StringCchPrintfW(m_DeviceName, ARRAYSIZE(m_DeviceName), L"\\Device\\VSerial%u",
                                  static_cast<unsigned int>(index));
        }
    }
    if (store != NULL) {
        store->Release();
    }
    return hr;
}

HRESULT
CMyDevice::Configure(
    _In_ IWDFDevice *FxDevice
    )
{
    WCHAR link[PORT_NAME_CCH + 16];
    HRESULT hr = ReadSettings(FxDevice);
    if (SUCCEEDED(hr)) {
        hr = StringCchPrintfW(link, ARRAYSIZE(link), L"\\DosDevices\\%ws", m_PortName);
    }
    if (SUCCEEDED(hr)) {
        hr = FxDevice->CreateSymbolicLink(link);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "symbolic link %ws: %!HRESULT!", link, hr);
    }
    if (SUCCEEDED(hr)) {
        hr = FxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_COMPORT, NULL);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "interface %!GUID!: %!HRESULT!",
                    &GUID_DEVINTERFACE_COMPORT, hr);
    }
    if (SUCCEEDED(hr)) {
        hr = CMyQueue::CreateInstance(FxDevice, &m_Queue);
    }
    return hr;
}

//
// SERIALCOMM is created volatile if it is missing, as the framework asks of DEVICEMAP keys.
//
HRESULT
CMyDevice::UpdateDeviceMap(
    _In_ IWDFDevice *FxDevice,
    _In_ BOOL Listed
    )
{
    IWDFPropertyStoreFactory *factory = NULL;
    IWDFNamedPropertyStore2 *map = NULL;
    WDF_PROPERTY_STORE_ROOT root;

    ZeroMemory(&root, sizeof(root));
    root.LengthCb = sizeof(root);
    root.RootClass = WdfPropertyStoreRootClassLegacyHardwareKey;
    root.Qualifier.LegacyHardwareKey.LegacyMapName = SERIAL_DEVICE_MAP;
    HRESULT hr = FxDevice->QueryInterface(IID_PPV_ARGS(&factory));
    if (SUCCEEDED(hr)) {
        hr = factory->RetrieveDevicePropertyStore(&root, WdfPropertyStoreCreateVolatile,
                                                  KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &map, NULL);
        factory->Release();
    }
    if (SUCCEEDED(hr) && Listed) {
        //
        // A host that went down without OnReleaseHardware left the entry behind: seen, then rewritten.
        //
        PROPVARIANT value;
        PropVariantInit(&value);
        if (SUCCEEDED(map->GetNamedValue(m_DeviceName, &value)) && value.vt == VT_LPWSTR) {
            TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%ws already lists %ws as %ws", SERIAL_DEVICE_MAP,
                        m_DeviceName, value.pwszVal);
        }
        PropVariantClear(&value);
        value.vt = VT_LPWSTR;
        value.pwszVal = m_PortName;
        hr = map->SetNamedValue(m_DeviceName, &value);
    } else if (SUCCEEDED(hr)) {
        hr = map->DeleteNamedValue(m_DeviceName);
    }
    if (map != NULL) {
        map->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%ws %ws %ws %ws: %!HRESULT!", SERIAL_DEVICE_MAP,
                Listed ? L"lists" : L"drops", m_DeviceName, m_PortName, hr);
    return hr;
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    return UpdateDeviceMap(FxDevice, TRUE);
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    //
    // The port goes away whether or not its entry could be taken out.
    //
    (void)UpdateDeviceMap(FxDevice, FALSE);
    return S_OK;
}

VOID
CMyDevice::OnCleanupFile(
    _In_ IWDFFile *FxFile
    )
{
    UNREFERENCED_PARAMETER(FxFile);
    if (m_Queue != NULL) {
        m_Queue->OnFileCleanup();
    }
}
