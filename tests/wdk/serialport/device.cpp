/*++

Module Name:

    device.cpp

Abstract:

    The device of the serial-port-style test driver: created in OnDeviceAdd after a first look at
    its settings through IWDFDeviceInitialize's property store, with a symbolic link and a default
    queue whose one I/O control hands out the report of what the driver read and wrote.

--*/

#include "internal.h"

#include <stdarg.h>
#include <stdio.h>

CMyDevice::CMyDevice() : m_Starts(0)
{
    m_Report[0] = '\0';
    m_Assigned[0] = L'\0';
}

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CMyDevice *device = new CMyDevice();
    IWDFNamedPropertyStore *store = NULL;
    IWDFDevice *fxDevice = NULL;
    IWDFIoQueue *fxQueue = NULL;
    CHAR text[256];

    //
    // The device's Device Parameters, before the device exists: what the INF put there.
    //
    HRESULT hr = FxDeviceInit->RetrieveDevicePropertyStore(NULL, WdfPropertyStoreNormal, &store, NULL);
    if (SUCCEEDED(hr)) {
        hr = ReadValue(store, L"BaudRate", text, sizeof(text));
        store->Release();
    }
    device->Report("add_baud", "%s", SUCCEEDED(hr) ? text : "missing");

    FxDeviceInit->SetLockingConstraint(WdfDeviceLevel);
    hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallbackHardware *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        device->LookUpDevnode(fxDevice);
        hr = fxDevice->CreateSymbolicLink(L"\\DosDevices\\SerialPort0");
    }
    //
    // Applications find serial ports by their interface class, as Windows' serial drivers register it.
    //
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateDeviceInterface(&GUID_DEVINTERFACE_COMPORT, NULL);
    }
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateIoQueue(static_cast<IQueueCallbackDeviceIoControl *>(device), TRUE,
                                     WdfIoQueueDispatchSequential, TRUE, FALSE, &fxQueue);
    }
    if (fxQueue != NULL) {
        fxQueue->Release();
    }
    if (fxDevice != NULL) {
        fxDevice->Release();
    }
    device->Release();
    return hr;
}

//
// Serial and modem drivers look their devnode up by the id the framework gives them, with SetupAPI,
// to find its description and class. What it found goes into the report; a driver of a vendor's
// would fail OnDeviceAdd when the devnode is not there.
//
void
CMyDevice::LookUpDevnode(
    _In_ IWDFDevice *FxDevice
    )
{
#ifdef _WIN32
    WCHAR id[MAX_DEVICE_ID_LEN];
    ULONG length = ARRAYSIZE(id);
    HRESULT hr = FxDevice->RetrieveDeviceInstanceId(id, &length);
    if (FAILED(hr)) {
        Report("devnode", "no instance id 0x%08lx", (unsigned long)hr);
        return;
    }
    HDEVINFO set = SetupDiCreateDeviceInfoList(NULL, NULL);
    SP_DEVINFO_DATA data;
    ZeroMemory(&data, sizeof(data));
    data.cbSize = sizeof(data);
    if (set == INVALID_HANDLE_VALUE || !SetupDiOpenDeviceInfoW(set, id, NULL, 0, &data)) {
        Report("devnode", "error 0x%08lx", (unsigned long)GetLastError());
    } else {
        static const struct { PCSTR Name; DWORD Property; } properties[] = {
            {"devnode_desc", SPDRP_DEVICEDESC},
            {"devnode_class", SPDRP_CLASS},
            {"devnode_mfg", SPDRP_MFG},
            {"devnode_hwid", SPDRP_HARDWAREID},
        };
        Report("devnode", "found");
        for (ULONG i = 0; i < ARRAYSIZE(properties); i++) {
            WCHAR value[256] = L"";
            DWORD type = 0;
            if (!SetupDiGetDeviceRegistryPropertyW(set, &data, properties[i].Property, &type, (PBYTE)value,
                                                   sizeof(value) - sizeof(WCHAR), NULL)) {
                Report(properties[i].Name, "error %lu", GetLastError());
            } else {
                ReportWide(properties[i].Name, value);
            }
        }
    }
    if (set != INVALID_HANDLE_VALUE) {
        SetupDiDestroyDeviceInfoList(set);
    }
#else
    UNREFERENCED_PARAMETER(FxDevice);
    Report("devnode", "no SetupAPI here");
#endif
}

HRESULT
CMyDevice::QueryInterface(
    _In_ REFIID InterfaceId,
    _Out_ PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardware))) {
        *Object = static_cast<IPnpCallbackHardware *>(this);
        AddRef();
        return S_OK;
    }
    if (IsEqualIID(InterfaceId, __uuidof(IQueueCallbackDeviceIoControl))) {
        *Object = static_cast<IQueueCallbackDeviceIoControl *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

void
CMyDevice::Report(
    _In_z_ PCSTR Name,
    _In_z_ PCSTR Format,
    ...
    )
{
    CHAR value[512];
    va_list args;
    va_start(args, Format);
    (void)StringCchVPrintfA(value, ARRAYSIZE(value), Format, args);
    va_end(args);
    (void)StringCchCatA(m_Report, ARRAYSIZE(m_Report), Name);
    (void)StringCchCatA(m_Report, ARRAYSIZE(m_Report), "=");
    (void)StringCchCatA(m_Report, ARRAYSIZE(m_Report), value);
    (void)StringCchCatA(m_Report, ARRAYSIZE(m_Report), "\n");
}

void
CMyDevice::ReportWide(
    _In_z_ PCSTR Name,
    _In_opt_z_ PCWSTR Value
    )
{
    Report(Name, "%S", Value != NULL ? Value : L"");
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    IWDFPropertyStoreFactory *factory = NULL;

    //
    // The factory is a tear-off of the device: it is found with QueryInterface, as the WDK's
    // samples find it.
    //
    HRESULT hr = FxDevice->QueryInterface(IID_PPV_ARGS(&factory));
    if (SUCCEEDED(hr)) {
        hr = ReadHardwareKey(factory);
    }
    if (SUCCEEDED(hr)) {
        hr = ReadSoftwareKey(factory);
    }
    if (SUCCEEDED(hr)) {
        hr = KeepOwnValues(FxDevice, factory);
    }
    if (SUCCEEDED(hr)) {
        hr = UseUnifiedStore(FxDevice);
    }
    if (SUCCEEDED(hr)) {
        hr = UseInterfaceKey(FxDevice, factory);
    }
    if (SUCCEEDED(hr)) {
        hr = UseInterfaceProperties(FxDevice);
    }
    if (factory != NULL) {
        factory->Release();
    }
    if (FAILED(hr)) {
        Report("prepare_failed", "0x%08lx", (unsigned long)hr);
    }
    return hr;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    return S_OK;
}

VOID
STDMETHODCALLTYPE
CMyDevice::OnDeviceIoControl(
    _In_ IWDFIoQueue *FxQueue,
    _In_ IWDFIoRequest *FxRequest,
    _In_ ULONG ControlCode,
    _In_ SIZE_T InputBufferSizeInBytes,
    _In_ SIZE_T OutputBufferSizeInBytes
    )
{
    UNREFERENCED_PARAMETER(FxQueue);
    UNREFERENCED_PARAMETER(InputBufferSizeInBytes);
    HRESULT hr = HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED);
    SIZE_T length = 0;

    if (ControlCode == IOCTL_SERIALPORT_REPORT) {
        length = strlen(m_Report);
        hr = OutputBufferSizeInBytes < length ? HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) : S_OK;
        if (SUCCEEDED(hr)) {
            IWDFMemory *memory = NULL;
            FxRequest->GetOutputMemory(&memory);
            hr = memory->CopyFromBuffer(0, m_Report, length);
            memory->Release();
        }
    }
    FxRequest->CompleteWithInformation(hr, SUCCEEDED(hr) ? length : 0);
}
