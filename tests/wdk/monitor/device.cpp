/*++

Module Name:

    device.cpp

Abstract:

    The device callback object of the monitor driver. OnDeviceAdd registers for the echo device
    interface (existing ones included); each arrival gets a remote interface and a remote target opened
    on it, which replaces the one before. It does the same for the monitor interface of other monitor
    devices (slot 2), whose device events it keeps. The targets live until OnReleaseHardware.

--*/

#include "internal.h"
#include "device.tmh"

const GUID GUID_ECHO_INTERFACE = ECHO_INTERFACE_GUID_INIT;
const GUID GUID_MONITOR_INTERFACE = MONITOR_INTERFACE_GUID_INIT;

CMyDevice::CMyDevice() : m_FxDevice(NULL)
{
    ZeroMemory(m_Slots, sizeof(m_Slots));
    ZeroMemory(&m_Status, sizeof(m_Status));
    ZeroMemory(m_OwnLink, sizeof(m_OwnLink));
}

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CMyDevice *device = new CMyDevice();
    IWDFDevice *fxDevice = NULL;

    //
    // No framework locking: arrivals and removals come while I/O controls wait on the targets.
    //
    FxDeviceInit->SetLockingConstraint(None);
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallbackHardware *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = fxDevice->QueryInterface(IID_PPV_ARGS(&device->m_FxDevice));
    }
    WCHAR instance[64];
    DWORD chars = ARRAYSIZE(instance);
    if (SUCCEEDED(hr)) {
        device->m_FxDevice->Release(); // the device holds us; we do not hold it
        hr = fxDevice->RetrieveDeviceInstanceId(instance, &chars);
    }
    if (SUCCEEDED(hr)) {
        //
        // \\.\MonitorN after the instance's last digit; its interface links name the instance with '#'.
        //
        size_t length = wcslen(instance);
        WCHAR link[] = L"\\DosDevices\\Monitor0";
        link[ARRAYSIZE(link) - 2] = length > 0 ? instance[length - 1] : L'0';
        for (size_t i = 0; i < length && i + 2 < ARRAYSIZE(device->m_OwnLink); i++) {
            device->m_OwnLink[i] = instance[i] == L'\\' ? L'#' : instance[i];
            device->m_OwnLink[i + 1] = L'#';
        }
        hr = fxDevice->CreateSymbolicLink(link);
    }
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateDeviceInterface(&GUID_MONITOR_INTERFACE, NULL);
    }
    if (SUCCEEDED(hr)) {
        device->m_Status.RegisterHr = device->m_FxDevice->RegisterRemoteInterfaceNotification(&GUID_ECHO_INTERFACE,
                                                                                             TRUE);
        hr = device->m_Status.RegisterHr;
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "registered for echo interfaces: %!HRESULT!", hr);
    }
    if (SUCCEEDED(hr)) {
        hr = device->m_FxDevice->RegisterRemoteInterfaceNotification(&GUID_MONITOR_INTERFACE, TRUE);
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "registered for monitor interfaces: %!HRESULT!", hr);
    }
    if (SUCCEEDED(hr)) {
        hr = CMyQueue::CreateInstance(fxDevice, device);
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
    } else if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackRemoteInterfaceNotification))) {
        *Object = static_cast<IPnpCallbackRemoteInterfaceNotification *>(this);
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
    return S_OK;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    for (ULONG slot = 0; slot < MONITOR_SLOTS; slot++) {
        m_FxDevice->AcquireLock();
        TARGET_SLOT old = m_Slots[slot];
        ZeroMemory(&m_Slots[slot], sizeof(m_Slots[slot]));
        m_FxDevice->ReleaseLock();
        if (old.Target != NULL) {
            old.Target->DeleteWdfObject();
            old.Target->Release();
        }
        if (old.Interface != NULL) {
            old.Interface->Release();
        }
        if (old.Callback != NULL) {
            old.Callback->Release();
        }
    }
    return S_OK;
}

IWDFRemoteTarget *
CMyDevice::Target(
    _In_ ULONG Slot
    )
{
    IWDFRemoteTarget *target = NULL;
    if (Slot < MONITOR_SLOTS) {
        m_FxDevice->AcquireLock();
        target = m_Slots[Slot].Target;
        if (target != NULL) {
            target->AddRef();
        }
        m_FxDevice->ReleaseLock();
    }
    return target;
}

void
CMyDevice::Replace(
    _In_ ULONG Slot,
    _In_ IWDFRemoteTarget *Target,
    _In_opt_ IWDFRemoteInterface *Interface,
    _In_ CMyTarget *Callback
    )
{
    m_FxDevice->AcquireLock();
    TARGET_SLOT old = m_Slots[Slot];
    m_Slots[Slot].Target = Target;
    m_Slots[Slot].Interface = Interface;
    m_Slots[Slot].Callback = Callback;
    m_FxDevice->ReleaseLock();
    if (old.Target != NULL) {
        old.Target->DeleteWdfObject();
        old.Target->Release();
    }
    if (old.Interface != NULL) {
        old.Interface->DeleteWdfObject();
        old.Interface->Release();
    }
    if (old.Callback != NULL) {
        old.Callback->Release();
    }
}

BOOL
CMyDevice::Veto(
    _In_ ULONG Slot
    )
{
    m_FxDevice->AcquireLock();
    BOOL veto = Slot < MONITOR_SLOTS && m_Slots[Slot].Veto;
    m_FxDevice->ReleaseLock();
    return veto;
}

void
CMyDevice::SetVeto(
    _In_ ULONG Slot,
    _In_ BOOL Veto
    )
{
    m_FxDevice->AcquireLock();
    m_Slots[Slot].Veto = Veto;
    m_FxDevice->ReleaseLock();
}

void
CMyDevice::Status(
    _Out_ MONITOR_STATUS *Status
    )
{
    for (ULONG slot = 0; slot < MONITOR_SLOTS; slot++) {
        IWDFRemoteTarget *target = Target(slot);
        m_Status.Slot[slot].State = target != NULL ? (ULONG)target->GetState() : 0;
        if (target != NULL) {
            target->Release();
        }
    }
    m_FxDevice->AcquireLock();
    *Status = m_Status;
    m_FxDevice->ReleaseLock();
}

//
// A remote interface and a remote target opened on it, in a slot (replacing what it held).
//
HRESULT
CMyDevice::OpenOnInterface(
    _In_ IWDFRemoteInterfaceInitialize *FxInit,
    _In_ ULONG Slot
    )
{
    CMyTarget *callback = new CMyTarget(this, Slot);
    IWDFRemoteInterface *fxInterface = NULL;
    IWDFRemoteTarget *fxTarget = NULL;
    HRESULT hr = m_FxDevice->CreateRemoteInterface(FxInit, static_cast<IRemoteInterfaceCallbackRemoval *>(callback),
                                                   &fxInterface);
    if (SUCCEEDED(hr)) {
        hr = m_FxDevice->CreateRemoteTarget(static_cast<IRemoteTargetCallbackRemoval *>(callback), NULL, &fxTarget);
    }
    if (SUCCEEDED(hr)) {
        hr = fxTarget->OpenRemoteInterface(fxInterface, NULL, GENERIC_READ | GENERIC_WRITE, NULL);
    }
    m_Status.Slot[Slot].OpenHr = hr;
    if (SUCCEEDED(hr)) {
        Replace(Slot, fxTarget, fxInterface, callback);
        return hr;
    }
    if (fxTarget != NULL) {
        fxTarget->DeleteWdfObject();
        fxTarget->Release();
    }
    if (fxInterface != NULL) {
        fxInterface->DeleteWdfObject();
        fxInterface->Release();
    }
    callback->Release();
    return hr;
}

//
// An echo interface arrived: a remote interface, a remote target opened on it, in slot 0. Another
// monitor's interface: the same in slot 2; this device's own is left alone.
//
VOID
CMyDevice::OnRemoteInterfaceArrival(
    _In_ IWDFRemoteInterfaceInitialize *FxInit
    )
{
    GUID guid;
    WCHAR link[ARRAYSIZE(m_Status.Link)];
    DWORD chars = 0;

    FxInit->GetInterfaceGuid(&guid);
    HRESULT hr = FxInit->RetrieveSymbolicLink(NULL, &chars);
    DWORD size = ARRAYSIZE(link);
    if (SUCCEEDED(hr)) {
        hr = FxInit->RetrieveSymbolicLink(link, &size);
    }
    if (IsEqualGUID(guid, GUID_MONITOR_INTERFACE)) {
        if (FAILED(hr) || wcsstr(link, m_OwnLink) != NULL) {
            return;
        }
        InterlockedIncrement((LONG *)&m_Status.PeerArrivals);
        hr = OpenOnInterface(FxInit, MONITOR_SLOT_PEER);
        //
        // Traced last, without the link's \\?\: the test waits for this line before it posts.
        //
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "peer interface opened %S: %!HRESULT!", link + 4, hr);
        return;
    }

    LONG arrival = InterlockedIncrement((LONG *)&m_Status.Arrivals);
    if (IsEqualGUID(guid, GUID_ECHO_INTERFACE)) {
        InterlockedIncrement((LONG *)&m_Status.GuidMatched);
    }
    m_FxDevice->AcquireLock();
    m_Status.LinkChars = chars;
    for (ULONG i = 0; SUCCEEDED(hr) && i < ARRAYSIZE(m_Status.Link); i++) {
        m_Status.Link[i] = link[i] < 0x80 ? (char)link[i] : '?';
        if (link[i] == 0) {
            break;
        }
    }
    m_FxDevice->ReleaseLock();

    if (SUCCEEDED(hr)) {
        hr = OpenOnInterface(FxInit, MONITOR_SLOT_INTERFACE);
    } else {
        m_Status.Slot[MONITOR_SLOT_INTERFACE].OpenHr = hr;
    }
    //
    // Traced last: the test waits for this line before it uses the target.
    //
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "echo interface arrival %d handled: %!HRESULT!", (int)arrival,
                hr);
}

HRESULT
CMyDevice::OpenByName(
    _In_ PCWSTR Name
    )
{
    CMyTarget *callback = new CMyTarget(this, MONITOR_SLOT_NAMED);
    IWDFRemoteTarget *fxTarget = NULL;
    HRESULT hr = m_FxDevice->CreateRemoteTarget(static_cast<IRemoteTargetCallbackRemoval *>(callback), NULL,
                                                &fxTarget);
    if (SUCCEEDED(hr)) {
        hr = fxTarget->OpenFileByName(Name, GENERIC_READ | GENERIC_WRITE, NULL);
    }
    m_Status.Slot[MONITOR_SLOT_NAMED].OpenHr = hr;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "opened %S by name: %!HRESULT!", Name, hr);
    if (SUCCEEDED(hr)) {
        Replace(MONITOR_SLOT_NAMED, fxTarget, NULL, callback);
        return hr;
    }
    if (fxTarget != NULL) {
        fxTarget->DeleteWdfObject();
        fxTarget->Release();
    }
    callback->Release();
    return hr;
}

void
CMyDevice::EventReceived(
    _In_ REFGUID EventGuid,
    _In_reads_bytes_opt_(DataSize) const BYTE *Data,
    _In_ DWORD DataSize,
    _In_ DWORD NameBufferOffset
    )
{
    m_FxDevice->AcquireLock();
    m_Status.EventSize = DataSize;
    m_Status.EventNameOffset = NameBufferOffset;
    CopyMemory(m_Status.EventGuid, &EventGuid, sizeof(m_Status.EventGuid));
    ZeroMemory(m_Status.EventData, sizeof(m_Status.EventData));
    if (Data != NULL) {
        CopyMemory(m_Status.EventData, Data, min(DataSize, (DWORD)sizeof(m_Status.EventData)));
    }
    m_Status.Events++;
    m_FxDevice->ReleaseLock();
}
