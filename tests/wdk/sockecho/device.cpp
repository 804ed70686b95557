/*++

Module Name:

    device.cpp

Abstract:

    The device callback object of the socket-backed WDK-style driver. OnPrepareHardware connects the
    socket (the "Port" device setting) and makes its file-handle I/O target, or, on a USB devnode,
    takes the first bulk IN pipe; every target's IWDFIoTargetStateManagement is kept for
    IOCTL_SOCKECHO_TARGET. A client's cleanup cancels what its requests still have at the targets.

--*/

#include "internal.h"
#include "device.tmh"

CMyDevice::CMyDevice() : m_Socket(NULL), m_SocketOpen(FALSE)
{
    ZeroMemory(m_Slots, sizeof(m_Slots));
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
    // No framework locking: a read waits at the socket while writes and I/O controls go on, and
    // completion callbacks run beside the queue's callbacks.
    //
    FxDeviceInit->SetLockingConstraint(None);
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallbackHardware *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateSymbolicLink(L"\\DosDevices\\SockEcho0");
    }
    if (SUCCEEDED(hr)) {
        hr = CMyQueue::CreateInstance(fxDevice, device);
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
    if (IsEqualIID(InterfaceId, __uuidof(IFileCallbackCleanup))) {
        *Object = static_cast<IFileCallbackCleanup *>(this);
        AddRef();
        return S_OK;
    }
    return __super::QueryInterface(InterfaceId, Object);
}

TARGET_SLOT *
CMyDevice::Slot(
    _In_ ULONG Which
    )
{
    return (Which < ARRAYSIZE(m_Slots) && m_Slots[Which].Target != NULL) ? &m_Slots[Which] : NULL;
}

//
// The "Port" device setting (wudfctl install --setting Port=N), as a decimal string or a DWORD.
//
static USHORT
ReadPort(
    _In_ IWDFDevice *FxDevice
    )
{
    IWDFNamedPropertyStore *store = NULL;
    PROPVARIANT value;
    ULONG port = 0;

    PropVariantInit(&value);
    if (FAILED(FxDevice->RetrieveDevicePropertyStore(NULL, WdfPropertyStoreNormal, &store, NULL))) {
        return 0;
    }
    if (SUCCEEDED(store->GetNamedValue(L"Port", &value))) {
        if (value.vt == VT_UI4) {
            port = value.ulVal;
        } else if (value.vt == VT_LPWSTR && value.pwszVal != NULL) {
            for (PCWSTR p = value.pwszVal; *p >= L'0' && *p <= L'9' && port <= 65535; p++) {
                port = port * 10 + (ULONG)(*p - L'0');
            }
        }
    }
    PropVariantClear(&value);
    store->Release();
    return port <= 65535 ? (USHORT)port : 0;
}

HRESULT
CMyDevice::ConnectSocket(
    _In_ IWDFDevice *FxDevice
    )
{
    USHORT port = ReadPort(FxDevice);
    if (port == 0) {
        return S_FALSE;
    }
    HRESULT hr = SocketConnect(port, &m_Socket);
    m_SocketOpen = SUCCEEDED(hr);

    IWDFFileHandleTargetFactory *factory = NULL;
    if (SUCCEEDED(hr)) {
        hr = FxDevice->QueryInterface(__uuidof(IWDFFileHandleTargetFactory), (PVOID *)&factory);
    }
    TARGET_SLOT *slot = &m_Slots[SOCKECHO_TARGET_SOCKET];
    if (SUCCEEDED(hr)) {
        hr = factory->CreateFileHandleTarget(m_Socket, &slot->Target);
        factory->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = slot->Target->QueryInterface(__uuidof(IWDFIoTargetStateManagement), (PVOID *)&slot->State);
    }
    if (SUCCEEDED(hr)) {
        IWDFIoTarget2 *target2 = NULL;
        HRESULT hr2 = slot->Target->QueryInterface(__uuidof(IWDFIoTarget2), (PVOID *)&target2);
        if (target2 != NULL) {
            target2->Release();
        }
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "socket target ready on port %u, state %d, IWDFIoTarget2: %!HRESULT!",
                    port, slot->State->GetState(), hr2);
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "socket target on port %u: %!HRESULT!", port, hr);
    }
    return hr;
}

HRESULT
CMyDevice::OpenUsbPipe(
    _In_ IWDFDevice *FxDevice
    )
{
    IWDFUsbTargetFactory *factory = NULL;
    IWDFUsbTargetDevice *usbDevice = NULL;
    IWDFUsbInterface *usbInterface = NULL;

    HRESULT hr = FxDevice->QueryInterface(__uuidof(IWDFUsbTargetFactory), (PVOID *)&factory);
    if (SUCCEEDED(hr)) {
        hr = factory->CreateUsbTargetDevice(&usbDevice);
        factory->Release();
    }
    if (FAILED(hr)) {
        return S_FALSE; // not a USB devnode
    }
    hr = usbDevice->RetrieveUsbInterface(0, &usbInterface);
    TARGET_SLOT *slot = &m_Slots[SOCKECHO_TARGET_USB_PIPE];
    for (UCHAR i = 0; SUCCEEDED(hr) && slot->Target == NULL && i < usbInterface->GetNumEndPoints(); i++) {
        IWDFUsbTargetPipe *pipe = NULL;
        if (SUCCEEDED(usbInterface->RetrieveUsbPipeObject(i, &pipe))) {
            if (pipe->IsInEndPoint() && pipe->GetType() == UsbdPipeTypeBulk) {
                hr = pipe->QueryInterface(__uuidof(IWDFIoTarget), (PVOID *)&slot->Target);
                if (SUCCEEDED(hr)) {
                    hr = pipe->QueryInterface(__uuidof(IWDFIoTargetStateManagement), (PVOID *)&slot->State);
                }
            }
            pipe->Release();
        }
    }
    if (usbInterface != NULL) {
        usbInterface->Release();
    }
    usbDevice->Release();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "USB bulk IN pipe: %!HRESULT!, found %!bool!", hr,
                slot->Target != NULL);
    return hr;
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    TARGET_SLOT *slot = &m_Slots[SOCKECHO_TARGET_DEFAULT];
    FxDevice->GetDefaultIoTarget(&slot->Target);
    HRESULT hr = slot->Target->QueryInterface(__uuidof(IWDFIoTargetStateManagement), (PVOID *)&slot->State);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "default target state management: %!HRESULT!", hr);
    if (SUCCEEDED(hr)) {
        hr = ConnectSocket(FxDevice);
    }
    if (hr == S_FALSE) {
        hr = OpenUsbPipe(FxDevice);
    }
    return SUCCEEDED(hr) ? S_OK : hr;
}

void
CMyDevice::ReleaseSlot(
    _Inout_ TARGET_SLOT *Slot
    )
{
    if (Slot->State != NULL) {
        Slot->State->Release();
        Slot->State = NULL;
    }
    if (Slot->Target != NULL) {
        Slot->Target->Release();
        Slot->Target = NULL;
    }
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TARGET_SLOT *socket = &m_Slots[SOCKECHO_TARGET_SOCKET];
    if (socket->Target != NULL) {
        //
        // As CreateFileHandleTarget's reference asks: delete the target, then close the handle.
        //
        socket->Target->DeleteWdfObject();
    }
    for (ULONG i = 0; i < ARRAYSIZE(m_Slots); i++) {
        ReleaseSlot(&m_Slots[i]);
    }
    if (m_SocketOpen) {
        SocketClose(m_Socket);
        m_SocketOpen = FALSE;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! done");
    return S_OK;
}

VOID
CMyDevice::OnCleanupFile(
    _In_ IWDFFile *FxFile
    )
{
    //
    // The client closed its handle: what its requests still have at a target is cancelled, and their
    // completion callbacks complete them.
    //
    for (ULONG i = 0; i < ARRAYSIZE(m_Slots); i++) {
        if (m_Slots[i].Target != NULL) {
            m_Slots[i].Target->CancelSentRequestsForFile(FxFile);
        }
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! cancelled the file's sent requests");
}
