/*++

Module Name:

    device.cpp

Abstract:

    The device callback object of the FX2 selective-suspend sample driver: it takes the power policy
    and idles the device with USB selective suspend (or, told so by its hardware key, leaves the
    power policy to WinUSB and sets WinUSB's AUTO_SUSPEND), finds the kit's pipes in OnPrepareHardware,
    configures the continuous reader on the interrupt pipe, and starts that pipe in OnD0Entry and
    stops it in OnD0Exit, so that no read waits at a suspended device.

--*/

#include "internal.h"
#include "device.tmh"

FX2IDLE_COUNTS g_Counts;

CMyDevice::CMyDevice() :
    m_UsbDevice(NULL),
    m_BulkIn(NULL),
    m_BulkOut(NULL),
    m_Interrupt(NULL),
    m_InterruptState(NULL),
    m_InD0(FALSE),
    m_PowerPolicyOwner(TRUE)
{
}

//
// A DWORD of the device's hardware key (the INF's HW AddReg), as TRUE or FALSE; Default when it is
// absent or unreadable. FX2IDLE_OWNER_VALUE 0 leaves the power policy to WinUSB.
//
static BOOL
ReadHardwareSetting(
    _In_ IWDFDeviceInitialize *FxDeviceInit,
    _In_ PCWSTR Name,
    _In_ BOOL Default
    )
{
    IWDFNamedPropertyStore *store = NULL;
    BOOL setting = Default;
    if (SUCCEEDED(FxDeviceInit->RetrieveDevicePropertyStore(NULL, WdfPropertyStoreNormal, &store, NULL))) {
        PROPVARIANT value;
        PropVariantInit(&value);
        if (SUCCEEDED(store->GetNamedValue(Name, &value)) && value.vt == VT_UI4) {
            setting = value.ulVal != 0;
        }
        PropVariantClear(&value);
        store->Release();
    }
    return setting;
}

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CMyDevice *device = new CMyDevice();
    IWDFDevice *fxDevice = NULL;
    IWDFDevice2 *fxDevice2 = NULL;
    //
    // Nothing read from the kit yet.
    //
    g_Counts.LastSwitches = -1;
    g_Counts.SwitchesAtD0Entry = -1;
    BOOL owner = ReadHardwareSetting(FxDeviceInit, FX2IDLE_OWNER_VALUE, TRUE);
    BOOL managedQueue = owner || ReadHardwareSetting(FxDeviceInit, FX2IDLE_MANAGED_QUEUE_VALUE, FALSE);

    g_Counts.PowerPolicyOwner = owner;
    device->m_PowerPolicyOwner = owner;
    FxDeviceInit->SetLockingConstraint(WdfDeviceLevel);
    if (owner) {
        FxDeviceInit->SetPowerPolicyOwnership(TRUE);
    }
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallback *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateSymbolicLink(L"\\DosDevices\\Fx2IdleSample0");
    }
    if (SUCCEEDED(hr)) {
        hr = fxDevice->QueryInterface(IID_PPV_ARGS(&fxDevice2));
    }
    if (SUCCEEDED(hr) && owner) {
        //
        // The deepest state the device can wake from; the user may turn idling off.
        //
        hr = fxDevice2->AssignS0IdleSettings(IdleUsbSelectiveSuspend, PowerDeviceMaximum,
                                             FX2IDLE_IDLE_TIMEOUT_MS, IdleAllowUserControl, WdfTrue);
        g_Counts.IdleHr = hr;
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "selective suspend after %u ms: %!HRESULT!",
                    FX2IDLE_IDLE_TIMEOUT_MS, hr);
    }
    if (SUCCEEDED(hr)) {
        hr = CIoQueue::CreateInstance(fxDevice, device, managedQueue);
    }
    if (SUCCEEDED(hr)) {
        hr = CControlQueue::CreateInstance(fxDevice);
    }
    if (fxDevice2 != NULL) {
        fxDevice2->Release();
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
    if (IsEqualIID(InterfaceId, __uuidof(IPnpCallback))) {
        *Object = static_cast<IPnpCallback *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardware))) {
        *Object = static_cast<IPnpCallbackHardware *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IUsbTargetPipeContinuousReaderCallbackReadComplete))) {
        *Object = static_cast<IUsbTargetPipeContinuousReaderCallbackReadComplete *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IUsbTargetPipeContinuousReaderCallbackReadersFailed))) {
        *Object = static_cast<IUsbTargetPipeContinuousReaderCallbackReadersFailed *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

//
// The kit's interface 0: bulk OUT 0x02, bulk IN 0x86, interrupt IN 0x81 (in its endpoint order).
//
HRESULT
CMyDevice::RetrievePipes(
    _In_ IWDFUsbInterface *UsbInterface
    )
{
    UCHAR endpoints = UsbInterface->GetNumEndPoints();
    for (UCHAR i = 0; i < endpoints; i++) {
        IWDFUsbTargetPipe *pipe = NULL;
        HRESULT hr = UsbInterface->RetrieveUsbPipeObject(i, &pipe);
        if (FAILED(hr)) {
            return hr;
        }
        IWDFUsbTargetPipe **slot = NULL;
        if (pipe->GetType() == UsbdPipeTypeInterrupt && pipe->IsInEndPoint()) {
            slot = &m_Interrupt;
        } else if (pipe->GetType() == UsbdPipeTypeBulk && pipe->IsInEndPoint()) {
            slot = &m_BulkIn;
        } else if (pipe->GetType() == UsbdPipeTypeBulk && pipe->IsOutEndPoint()) {
            slot = &m_BulkOut;
        }
        if (slot != NULL && *slot == NULL) {
            *slot = pipe;   // keeps the reference until OnReleaseHardware
        } else {
            pipe->Release();
        }
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%u endpoints: bulk in %!bool!, bulk out %!bool!, interrupt %!bool!",
                endpoints, m_BulkIn != NULL, m_BulkOut != NULL, m_Interrupt != NULL);
    if (m_BulkIn == NULL || m_BulkOut == NULL || m_Interrupt == NULL) {
        return HRESULT_FROM_WIN32(ERROR_DEVICE_NOT_CONNECTED);
    }
    return S_OK;
}

//
// One-byte switch reports, a few reads always at the device while the pipe runs. The reader starts
// with the pipe's first Start, in OnD0Entry.
//
HRESULT
CMyDevice::ConfigureSwitchReader()
{
    IWDFUsbTargetPipe2 *pipe2 = NULL;
    HRESULT hr = m_Interrupt->QueryInterface(IID_PPV_ARGS(&pipe2));
    if (SUCCEEDED(hr)) {
        hr = pipe2->ConfigureContinuousReader(sizeof(UCHAR), 0, 0, FX2IDLE_READER_PENDING_READS, NULL,
                                              static_cast<IUsbTargetPipeContinuousReaderCallbackReadComplete *>(this),
                                              NULL,
                                              static_cast<IUsbTargetPipeContinuousReaderCallbackReadersFailed *>(this));
        pipe2->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = m_Interrupt->QueryInterface(IID_PPV_ARGS(&m_InterruptState));
    }
    g_Counts.ReaderConfigHr = hr;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_READER, "switch reader configured: %!HRESULT!", hr);
    return hr;
}

HRESULT
CMyDevice::OnPrepareHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    IWDFUsbTargetFactory *factory = NULL;
    IWDFUsbInterface *usbInterface = NULL;

    HRESULT hr = FxDevice->QueryInterface(IID_PPV_ARGS(&factory));
    if (SUCCEEDED(hr)) {
        hr = factory->CreateUsbTargetDevice(&m_UsbDevice);
        factory->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = m_UsbDevice->RetrieveUsbInterface(0, &usbInterface);
    }
    if (SUCCEEDED(hr)) {
        hr = RetrievePipes(usbInterface);
        usbInterface->Release();
    }
    if (SUCCEEDED(hr)) {
        hr = ConfigureSwitchReader();
    }
    if (SUCCEEDED(hr) && !m_PowerPolicyOwner) {
        hr = ConfigureWinUsbSuspend();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!: %!HRESULT!", hr);
    return hr;
}

//
// Not the power policy owner: WinUSB suspends the device once it has been idle for the suspend delay.
//
HRESULT
CMyDevice::ConfigureWinUsbSuspend()
{
    UCHAR autoSuspend = TRUE;
    ULONG delay = FX2IDLE_IDLE_TIMEOUT_MS;
    HRESULT hr = m_UsbDevice->SetPowerPolicy(AUTO_SUSPEND, sizeof(autoSuspend), &autoSuspend);
    if (SUCCEEDED(hr)) {
        hr = m_UsbDevice->SetPowerPolicy(SUSPEND_DELAY, sizeof(delay), &delay);
    }
    if (SUCCEEDED(hr)) {
        ULONG length = sizeof(delay);
        delay = 0;
        hr = m_UsbDevice->RetrievePowerPolicy(SUSPEND_DELAY, &length, &delay);
        g_Counts.SuspendDelay = (LONG)delay;
    }
    g_Counts.PolicyHr = hr;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "WinUSB selective suspend after %u ms: %!HRESULT!", delay, hr);
    return hr;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    IUnknown **held[] = {
        (IUnknown **)&m_InterruptState, (IUnknown **)&m_Interrupt, (IUnknown **)&m_BulkIn,
        (IUnknown **)&m_BulkOut, (IUnknown **)&m_UsbDevice,
    };
    for (ULONG i = 0; i < ARRAYSIZE(held); i++) {
        if (*held[i] != NULL) {
            (*held[i])->Release();
            *held[i] = NULL;
        }
    }
    return S_OK;
}

HRESULT
CMyDevice::OnD0Entry(
    _In_ IWDFDevice *FxDevice,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    InterlockedIncrement(&g_Counts.D0Entry);
    g_Counts.LastEntryFrom = PreviousState;
    g_Counts.SwitchesAtD0Entry = g_Counts.LastSwitches;
    InterlockedExchange(&m_InD0, TRUE);
    HRESULT hr = m_InterruptState->Start();
    g_Counts.StartHr = hr;
    g_Counts.StateAfterStart = m_InterruptState->GetState();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "D0 entry from %d: switch reader start %!HRESULT!, state %d",
                PreviousState, hr, g_Counts.StateAfterStart);
    return hr;
}

HRESULT
CMyDevice::OnD0Exit(
    _In_ IWDFDevice *FxDevice,
    _In_ WDF_POWER_DEVICE_STATE NewState
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    //
    // The reads waiting at the interrupt endpoint are cancelled, or the bus could not suspend the
    // device; Stop returns once the reader's callbacks in progress have returned.
    //
    HRESULT hr = m_InterruptState->Stop(WdfIoTargetCancelSentIo);
    InterlockedExchange(&m_InD0, FALSE);
    g_Counts.StopHr = hr;
    g_Counts.StateAfterStop = m_InterruptState->GetState();
    g_Counts.LastExitTo = NewState;
    InterlockedIncrement(&g_Counts.D0Exit);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "D0 exit to %d: switch reader stop %!HRESULT!, state %d",
                NewState, hr, g_Counts.StateAfterStop);
    return S_OK;
}

VOID
CMyDevice::OnSurpriseRemoval(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_WARNING, TRACE_DEVICE, "surprise removal");
}

HRESULT
CMyDevice::OnQueryRemove(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    return S_OK;
}

HRESULT
CMyDevice::OnQueryStop(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    return S_OK;
}

//
// On a thread of the reader, under no lock of the driver's: the counts it touches are interlocked or
// written by this callback only.
//
VOID
CMyDevice::OnReaderCompletion(
    _In_ IWDFUsbTargetPipe *Pipe,
    _In_ IWDFMemory *Memory,
    _In_ SIZE_T NumBytesTransferred,
    _In_opt_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Pipe);
    UNREFERENCED_PARAMETER(Context);
    LONG reports = InterlockedIncrement(&g_Counts.ReadComplete);
    if (!m_InD0) {
        InterlockedIncrement(&g_Counts.ReadCompleteOutsideD0);
    }
    if (NumBytesTransferred >= sizeof(UCHAR)) {
        SIZE_T size = 0;
        UCHAR *data = (UCHAR *)Memory->GetDataBuffer(&size);
        if (data != NULL && size >= sizeof(UCHAR)) {
            InterlockedExchange(&g_Counts.LastSwitches, data[0]);
        }
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_READER, "switch report %d: %u bytes, switches 0x%02x", reports,
                (ULONG)NumBytesTransferred, (ULONG)g_Counts.LastSwitches);
}

//
// A failed read ended the others: the framework resets the pipe and reads on when told TRUE.
//
BOOL
CMyDevice::OnReaderFailure(
    _In_ IWDFUsbTargetPipe *Pipe,
    _In_ HRESULT Status
    )
{
    UNREFERENCED_PARAMETER(Pipe);
    LONG failures = InterlockedIncrement(&g_Counts.ReadersFailed);
    g_Counts.LastFailureHr = Status;
    TraceEvents(TRACE_LEVEL_WARNING, TRACE_READER, "switch reader failed (%d): %!HRESULT!, restarting", failures,
                Status);
    return TRUE;
}
