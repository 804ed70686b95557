/*++

Module Name:

    settings.cpp

Abstract:

    How the serial-port-style test driver keeps its settings: it reads what its INF put in its
    hardware key (Device Parameters and a subkey) and software key, keeps a start counter and the
    port name it took in a subkey of its own, names itself in the unified device properties, and
    reports all of it.

--*/

#include "internal.h"

#include <stdio.h>

void
TextOf(
    _In_ const PROPVARIANT *Value,
    _Out_writes_(Size) PSTR Text,
    _In_ size_t Size
    )
{
    CHAR item[256];
    Text[0] = '\0';
    switch (Value->vt) {
    case VT_LPWSTR:
        (void)StringCchPrintfA(Text, Size, "%S", Value->pwszVal);
        break;
    case VT_UI4:
        (void)StringCchPrintfA(Text, Size, "%lu", (unsigned long)Value->ulVal);
        break;
    case VT_UI8:
        (void)StringCchPrintfA(Text, Size, "%llu", (unsigned long long)Value->uhVal.QuadPart);
        break;
    case VT_VECTOR | VT_LPWSTR:
        for (ULONG i = 0; i < Value->calpwstr.cElems; i++) {
            (void)StringCchPrintfA(item, ARRAYSIZE(item), "%s%S", i ? "," : "", Value->calpwstr.pElems[i]);
            (void)StringCchCatA(Text, Size, item);
        }
        break;
    case VT_VECTOR | VT_UI1:
        for (ULONG i = 0; i < Value->caub.cElems; i++) {
            (void)StringCchPrintfA(item, ARRAYSIZE(item), "%02x", Value->caub.pElems[i]);
            (void)StringCchCatA(Text, Size, item);
        }
        break;
    default:
        (void)StringCchPrintfA(Text, Size, "vt%u", (unsigned)Value->vt);
        break;
    }
}

HRESULT
ReadValue(
    _In_ IWDFNamedPropertyStore *Store,
    _In_z_ PCWSTR Name,
    _Out_writes_(Size) PSTR Text,
    _In_ size_t Size
    )
{
    PROPVARIANT value;
    PropVariantInit(&value);
    HRESULT hr = Store->GetNamedValue(Name, &value);
    if (SUCCEEDED(hr)) {
        TextOf(&value, Text, Size);
        PropVariantClear(&value);
    } else {
        (void)StringCchPrintfA(Text, Size, "0x%08lx", (unsigned long)hr);
    }
    return hr;
}

void
NamesOf(
    _In_ IWDFNamedPropertyStore *Store,
    _Out_writes_(Size) PSTR Names,
    _In_ size_t Size
    )
{
    DWORD count = 0;
    Names[0] = '\0';
    if (FAILED(Store->GetNameCount(&count))) {
        return;
    }
    for (DWORD i = 0; i < count; i++) {
        PWSTR name = NULL;
        CHAR item[128];
        if (SUCCEEDED(Store->GetNameAt(i, &name))) {
            (void)StringCchPrintfA(item, ARRAYSIZE(item), "%s%S", i ? "," : "", name);
            (void)StringCchCatA(Names, Size, item);
            CoTaskMemFree(name);
        }
    }
}

static HRESULT
OpenStore(
    _In_ IWDFPropertyStoreFactory *Factory,
    _In_ WDF_PROPERTY_STORE_ROOT_CLASS RootClass,
    _In_opt_z_ PCWSTR ServiceName,
    _In_ WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags,
    _In_ REGSAM Access,
    _In_opt_z_ PCWSTR Subkey,
    _Out_ IWDFNamedPropertyStore2 **Store,
    _Out_opt_ WDF_PROPERTY_STORE_DISPOSITION *Disposition
    )
{
    WDF_PROPERTY_STORE_ROOT root;
    RtlZeroMemory(&root, sizeof(root));
    root.LengthCb = sizeof(root);
    root.RootClass = RootClass;
    if (RootClass == WdfPropertyStoreRootClassHardwareKey) {
        root.Qualifier.HardwareKey.ServiceName = ServiceName;
    }
    return Factory->RetrieveDevicePropertyStore(&root, Flags, Access, Subkey, Store, Disposition);
}

HRESULT
CMyDevice::ReadHardwareKey(
    _In_ IWDFPropertyStoreFactory *Factory
    )
{
    IWDFNamedPropertyStore2 *store = NULL;
    CHAR text[512];
    HRESULT hr = OpenStore(Factory, WdfPropertyStoreRootClassHardwareKey, WDF_PROPERTY_STORE_HARDWARE_KEY_ROOT,
                           WdfPropertyStoreNormal, KEY_QUERY_VALUE, NULL, &store, NULL);
    if (FAILED(hr)) {
        return hr;
    }
    static const struct {
        PCSTR Report;
        PCWSTR Name;
    } values[] = {
        {"baud", L"BaudRate"}, {"port", L"PortName"}, {"protocols", L"Protocols"},
        {"signature", L"Signature"}, {"capacity", L"Capacity"}, {"obsolete", L"Obsolete"},
    };
    for (size_t i = 0; i < ARRAYSIZE(values); i++) {
        (void)ReadValue(store, values[i].Name, text, sizeof(text));
        Report(values[i].Report, "%s", text);
    }
    NamesOf(store, text, sizeof(text));
    Report("root_names", "%s", text);

    //
    // Device Parameters itself is read-only to drivers.
    //
    PROPVARIANT value;
    PropVariantInit(&value);
    value.vt = VT_UI4;
    value.ulVal = 1;
    Report("root_write", "0x%08lx", (unsigned long)store->SetNamedValue(L"BaudRate", &value));
    store->Release();

    hr = OpenStore(Factory, WdfPropertyStoreRootClassHardwareKey, WDF_PROPERTY_STORE_HARDWARE_KEY_ROOT,
                   WdfPropertyStoreNormal, KEY_QUERY_VALUE, L"Advanced", &store, NULL);
    if (SUCCEEDED(hr)) {
        (void)ReadValue(store, L"FifoSize", text, sizeof(text));
        Report("fifo", "%s", text);
        store->Release();
    }
    return hr;
}

HRESULT
CMyDevice::ReadSoftwareKey(
    _In_ IWDFPropertyStoreFactory *Factory
    )
{
    IWDFNamedPropertyStore2 *store = NULL;
    CHAR text[256];
    HRESULT hr = OpenStore(Factory, WdfPropertyStoreRootClassSoftwareKey, NULL, WdfPropertyStoreNormal,
                           KEY_QUERY_VALUE, NULL, &store, NULL);
    if (SUCCEEDED(hr)) {
        PROPVARIANT value;
        PropVariantInit(&value);
        if (SUCCEEDED(store->GetNamedValue(L"PreferredPort", &value)) && value.vt == VT_LPWSTR) {
            (void)StringCchCopyW(m_Assigned, ARRAYSIZE(m_Assigned), value.pwszVal);
        }
        PropVariantClear(&value);
        ReportWide("preferred", m_Assigned);
        store->Release();
        hr = OpenStore(Factory, WdfPropertyStoreRootClassSoftwareKey, NULL, WdfPropertyStoreNormal, KEY_QUERY_VALUE,
                       L"Modes", &store, NULL);
    }
    if (SUCCEEDED(hr)) {
        NamesOf(store, text, sizeof(text));
        Report("modes", "%s", text);
        store->Release();
    }
    return hr;
}

HRESULT
CMyDevice::KeepOwnValues(
    _In_ IWDFDevice *FxDevice,
    _In_ IWDFPropertyStoreFactory *Factory
    )
{
    IWDFNamedPropertyStore2 *store = NULL;
    WDF_PROPERTY_STORE_DISPOSITION disposition = OpenedExistingStore;
    PROPVARIANT value;
    CHAR text[256];

    //
    // Its own subkey of Device Parameters, named after its service (the default), made at its
    // first start.
    //
    HRESULT hr = OpenStore(Factory, WdfPropertyStoreRootClassHardwareKey, WDF_PROPERTY_STORE_HARDWARE_KEY_DEFAULT,
                           WdfPropertyStoreCreateIfMissing, KEY_QUERY_VALUE | KEY_SET_VALUE, NULL, &store,
                           &disposition);
    if (FAILED(hr)) {
        return hr;
    }
    Report("own_key", "%d", (int)disposition);
    PropVariantInit(&value);
    if (SUCCEEDED(store->GetNamedValue(L"StartCount", &value)) && value.vt == VT_UI4) {
        m_Starts = value.ulVal;
    }
    PropVariantClear(&value);
    m_Starts++;
    value.vt = VT_UI4;
    value.ulVal = m_Starts;
    hr = store->SetNamedValue(L"StartCount", &value);
    Report("starts", "%lu", (unsigned long)m_Starts);
    if (SUCCEEDED(hr)) {
        value.vt = VT_LPWSTR;
        value.pwszVal = m_Assigned;
        hr = store->SetNamedValue(L"AssignedPort", &value);
        ReportWide("assigned", m_Assigned);
    }
    if (SUCCEEDED(hr)) {
        value.vt = VT_LPWSTR;
        value.pwszVal = const_cast<PWSTR>(L"scratch");
        hr = store->SetNamedValue(L"Scratch", &value);
    }
    if (SUCCEEDED(hr)) {
        hr = store->DeleteNamedValue(L"Scratch");
        Report("deleted_again", "0x%08lx", (unsigned long)store->DeleteNamedValue(L"Scratch"));
    }
    NamesOf(store, text, sizeof(text));
    Report("own_names", "%s", text);
    store->Release();
    if (FAILED(hr)) {
        return hr;
    }

    //
    // A volatile key: it lasts while the system runs (here, the reflector), not across restarts.
    //
    hr = OpenStore(Factory, WdfPropertyStoreRootClassHardwareKey, NULL,
                   (WDF_PROPERTY_STORE_RETRIEVE_FLAGS)(WdfPropertyStoreCreateIfMissing | WdfPropertyStoreCreateVolatile),
                   KEY_QUERY_VALUE, L"Session", &store, &disposition);
    if (SUCCEEDED(hr)) {
        Report("session", "%d", (int)disposition);
        store->Release();
    }

    //
    // IWDFDevice's own store, with a subkey name: a key that is not there is not made without
    // WdfPropertyStoreCreateIfMissing.
    //
    IWDFNamedPropertyStore *legacy = NULL;
    Report("legacy_missing", "0x%08lx",
           (unsigned long)FxDevice->RetrieveDevicePropertyStore(L"NoSuchKey", WdfPropertyStoreNormal, &legacy, NULL));
    if (legacy != NULL) {
        legacy->Release();
        legacy = NULL;
    }
    if (SUCCEEDED(hr)) {
        hr = FxDevice->RetrieveDevicePropertyStore(L"Advanced", WdfPropertyStoreNormal, &legacy, NULL);
    }
    if (SUCCEEDED(hr)) {
        (void)ReadValue(legacy, L"FifoSize", text, sizeof(text));
        Report("legacy_fifo", "%s", text);
        legacy->Release();
    }
    return hr;
}

HRESULT
CMyDevice::UseUnifiedStore(
    _In_ IWDFDevice *FxDevice
    )
{
    IWDFUnifiedPropertyStoreFactory *factory = NULL;
    IWDFUnifiedPropertyStore *store = NULL;
    WDF_PROPERTY_STORE_ROOT root;
    BYTE data[512];
    ULONG required = 0;
    DEVPROPTYPE type = DEVPROP_TYPE_EMPTY;
    CHAR text[512];

    HRESULT hr = FxDevice->QueryInterface(IID_PPV_ARGS(&factory));
    if (SUCCEEDED(hr)) {
        RtlZeroMemory(&root, sizeof(root));
        root.LengthCb = sizeof(root);
        root.RootClass = WdfPropertyStoreRootClassHardwareKey;
        hr = factory->RetrieveUnifiedDevicePropertyStore(&root, &store);
        factory->Release();
    }
    if (FAILED(hr)) {
        return hr;
    }

    //
    // The hardware ids, asked for their size first: a string list, UTF-16, double-terminated.
    //
    hr = store->GetPropertyData(&DEVPKEY_Device_HardwareIds, LOCALE_NEUTRAL, 0, 0, NULL, &required, &type);
    Report("hwids_size", "0x%08lx %lu %lu", (unsigned long)hr, (unsigned long)required, (unsigned long)type);
    hr = store->GetPropertyData(&DEVPKEY_Device_HardwareIds, LOCALE_NEUTRAL, 0, sizeof(data), data, &required, &type);
    text[0] = '\0';
    if (SUCCEEDED(hr) && type == DEVPROP_TYPE_STRING_LIST) {
        for (PCWSTR id = reinterpret_cast<PCWSTR>(data); *id; id += wcslen(id) + 1) {
            CHAR item[128];
            (void)StringCchPrintfA(item, ARRAYSIZE(item), "%s%S", text[0] ? "," : "", id);
            (void)StringCchCatA(text, ARRAYSIZE(text), item);
        }
    }
    Report("hwids", "%s", text);

    hr = store->GetPropertyData(&DEVPKEY_Device_FriendlyName, LOCALE_NEUTRAL, 0, sizeof(data), data, &required, &type);
    ReportWide("friendly_before", SUCCEEDED(hr) ? reinterpret_cast<PCWSTR>(data) : L"");

    WCHAR friendly[96];
    (void)StringCchPrintfW(friendly, ARRAYSIZE(friendly), L"openwudf serial port (%s)", m_Assigned);
    hr = store->SetPropertyData(&DEVPKEY_Device_FriendlyName, LOCALE_NEUTRAL, 0, DEVPROP_TYPE_STRING,
                                (ULONG)((wcslen(friendly) + 1) * sizeof(WCHAR)), friendly);
    if (SUCCEEDED(hr)) {
        hr = store->GetPropertyData(&DEVPKEY_Device_FriendlyName, LOCALE_NEUTRAL, 0, sizeof(data), data, &required,
                                    &type);
        ReportWide("friendly", SUCCEEDED(hr) ? reinterpret_cast<PCWSTR>(data) : L"");
    }
    if (SUCCEEDED(hr)) {
        ULONG starts = m_Starts;
        hr = store->SetPropertyData(&DEVPKEY_SerialPort_Starts, LOCALE_NEUTRAL, 0, DEVPROP_TYPE_UINT32, sizeof(starts),
                                    &starts);
    }
    Report("hwids_write", "0x%08lx",
           (unsigned long)store->SetPropertyData(&DEVPKEY_Device_HardwareIds, LOCALE_NEUTRAL, 0, DEVPROP_TYPE_STRING_LIST,
                                                 sizeof(L"X\0"), const_cast<PWSTR>(L"X\0")));
    store->Release();
    return hr;
}

//
// The COM port interface's own key (WdfPropertyStoreRootClassDeviceInterfaceKey), as serial drivers keep
// per-port values where the interface's users find them.
//
static HRESULT
OpenInterfaceStore(
    _In_ IWDFPropertyStoreFactory *Factory,
    _In_opt_ LPCGUID Guid,
    _In_opt_z_ PCWSTR Reference,
    _In_ WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags,
    _In_opt_z_ PCWSTR Subkey,
    _Out_ IWDFNamedPropertyStore2 **Store,
    _Out_opt_ WDF_PROPERTY_STORE_DISPOSITION *Disposition
    )
{
    WDF_PROPERTY_STORE_ROOT root;
    RtlZeroMemory(&root, sizeof(root));
    root.LengthCb = sizeof(root);
    root.RootClass = WdfPropertyStoreRootClassDeviceInterfaceKey;
    root.Qualifier.DeviceInterfaceKey.InterfaceGUID = Guid;
    root.Qualifier.DeviceInterfaceKey.ReferenceString = Reference;
    *Store = NULL;
    return Factory->RetrieveDevicePropertyStore(&root, Flags, KEY_QUERY_VALUE | KEY_SET_VALUE, Subkey, Store,
                                                Disposition);
}

HRESULT
CMyDevice::UseInterfaceKey(
    _In_ IWDFDevice *FxDevice,
    _In_ IWDFPropertyStoreFactory *Factory
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    IWDFNamedPropertyStore2 *store = NULL;
    WDF_PROPERTY_STORE_DISPOSITION disposition = OpenedExistingStore;
    PROPVARIANT value;
    ULONG starts = 0;

    HRESULT hr = OpenInterfaceStore(Factory, &GUID_DEVINTERFACE_COMPORT, NULL, WdfPropertyStoreNormal, NULL, &store,
                                    NULL);
    if (FAILED(hr)) {
        Report("if_open", "0x%08lx", (unsigned long)hr);
        return hr;
    }
    PropVariantInit(&value);
    if (SUCCEEDED(store->GetNamedValue(L"InterfaceStarts", &value)) && value.vt == VT_UI4) {
        starts = value.ulVal;
    }
    PropVariantClear(&value);
    value.vt = VT_UI4;
    value.ulVal = starts + 1;
    hr = store->SetNamedValue(L"InterfaceStarts", &value);
    Report("if_starts", "%lu", SUCCEEDED(hr) ? (unsigned long)value.ulVal : 0ul);
    store->Release();

    if (SUCCEEDED(hr)) {
        hr = OpenInterfaceStore(Factory, &GUID_DEVINTERFACE_COMPORT, NULL, WdfPropertyStoreCreateIfMissing, L"Ports",
                                &store, &disposition);
    }
    if (SUCCEEDED(hr)) {
        Report("if_sub", "%d", (int)disposition);
        store->Release();
    }

    //
    // An interface the device did not create, one it created with another reference string, and none.
    //
    static const GUID notCreated = {0x3b1c9f27, 0x5e0a, 0x4d86, {0xa1, 0x4f, 0x62, 0x9d, 0x07, 0xc3, 0xe8, 0x15}};
    IWDFNamedPropertyStore2 *other = NULL;
    Report("if_wrong_guid", "0x%08lx",
           (unsigned long)OpenInterfaceStore(Factory, &notCreated, NULL, WdfPropertyStoreNormal, NULL, &other, NULL));
    Report("if_wrong_ref", "0x%08lx",
           (unsigned long)OpenInterfaceStore(Factory, &GUID_DEVINTERFACE_COMPORT, L"COM9",
                                             WdfPropertyStoreCreateIfMissing, NULL, &other, NULL));
    Report("if_no_guid", "0x%08lx",
           (unsigned long)OpenInterfaceStore(Factory, NULL, NULL, WdfPropertyStoreNormal, NULL, &other, NULL));
    if (other != NULL) {
        other->Release();
    }
    return hr;
}

//
// The interface's unified property store: its state and class from the system, a friendly name of the
// driver's own.
//
HRESULT
CMyDevice::UseInterfaceProperties(
    _In_ IWDFDevice *FxDevice
    )
{
    IWDFUnifiedPropertyStoreFactory *factory = NULL;
    IWDFUnifiedPropertyStore *store = NULL;
    WDF_PROPERTY_STORE_ROOT root;
    BYTE data[256];
    ULONG required = 0;
    DEVPROPTYPE type = DEVPROP_TYPE_EMPTY;

    HRESULT hr = FxDevice->QueryInterface(IID_PPV_ARGS(&factory));
    if (SUCCEEDED(hr)) {
        RtlZeroMemory(&root, sizeof(root));
        root.LengthCb = sizeof(root);
        root.RootClass = WdfPropertyStoreRootClassDeviceInterfaceKey;
        root.Qualifier.DeviceInterfaceKey.InterfaceGUID = &GUID_DEVINTERFACE_COMPORT;
        hr = factory->RetrieveUnifiedDevicePropertyStore(&root, &store);
        factory->Release();
    }
    if (FAILED(hr)) {
        Report("if_unified", "0x%08lx", (unsigned long)hr);
        return hr;
    }
    hr = store->GetPropertyData(&DEVPKEY_SerialPort_InterfaceEnabled, LOCALE_NEUTRAL, 0, sizeof(data), data, &required,
                                &type);
    Report("if_enabled", "%lu 0x%02x", (unsigned long)type, SUCCEEDED(hr) ? data[0] : 0);
    hr = store->GetPropertyData(&DEVPKEY_SerialPort_InterfaceClass, LOCALE_NEUTRAL, 0, sizeof(data), data, &required,
                                &type);
    Report("if_class", "%s", SUCCEEDED(hr) && type == DEVPROP_TYPE_GUID && required == sizeof(GUID) &&
                                     IsEqualGUID(*reinterpret_cast<GUID *>(data), GUID_DEVINTERFACE_COMPORT)
                                 ? "yes"
                                 : "no");
    Report("if_class_write", "0x%08lx",
           (unsigned long)store->SetPropertyData(&DEVPKEY_SerialPort_InterfaceClass, LOCALE_NEUTRAL, 0,
                                                 DEVPROP_TYPE_GUID, sizeof(GUID), data));

    hr = store->GetPropertyData(&DEVPKEY_SerialPort_InterfaceName, LOCALE_NEUTRAL, 0, sizeof(data), data, &required,
                                &type);
    ReportWide("if_friendly_before", SUCCEEDED(hr) && type == DEVPROP_TYPE_STRING ? reinterpret_cast<PCWSTR>(data)
                                                                                  : L"");
    WCHAR friendly[64];
    (void)StringCchPrintfW(friendly, ARRAYSIZE(friendly), L"%s (start %lu)", m_Assigned, (unsigned long)m_Starts);
    hr = store->SetPropertyData(&DEVPKEY_SerialPort_InterfaceName, LOCALE_NEUTRAL, 0, DEVPROP_TYPE_STRING,
                                (ULONG)((wcslen(friendly) + 1) * sizeof(WCHAR)), friendly);
    if (SUCCEEDED(hr)) {
        hr = store->GetPropertyData(&DEVPKEY_SerialPort_InterfaceName, LOCALE_NEUTRAL, 0, sizeof(data), data,
                                    &required, &type);
    }
    ReportWide("if_friendly", SUCCEEDED(hr) ? reinterpret_cast<PCWSTR>(data) : L"");
    store->Release();
    return hr;
}
