/*++

Module Name:

    device.cpp

Abstract:

    The device callback object of the power-managed sample driver: it takes the power policy,
    assigns its idle settings (after trying settings a root-enumerated device cannot have), counts
    and traces the PnP, power and self-managed I/O callbacks, and answers OnQueryRemove as its test
    tells it to.

--*/

#include "internal.h"
#include "device.tmh"

POWERSAMPLE_COUNTS g_Counts;
HRESULT g_QueryRemoveAnswer = S_OK;
static WDF_POWER_DEVICE_STATE g_PreInterruptsTo; // what OnD0ExitPreInterruptsDisabled was told

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit
    )
{
    CMyDevice *device = new CMyDevice();
    IWDFDevice *fxDevice = NULL;
    IWDFDevice2 *fxDevice2 = NULL;

    FxDeviceInit->SetLockingConstraint(WdfDeviceLevel);
    FxDeviceInit->SetPowerPolicyOwnership(TRUE);
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallback *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = fxDevice->CreateSymbolicLink(L"\\DosDevices\\PowerSample0");
    }
    if (SUCCEEDED(hr)) {
        hr = fxDevice->QueryInterface(IID_PPV_ARGS(&fxDevice2));
    }
    if (SUCCEEDED(hr)) {
        //
        // What the framework refuses: waking from S0 or Sx (the root bus cannot signal wake), a
        // working state as the idle state, capabilities that are none.
        //
        g_Counts.WakeFromS0Hr = fxDevice2->AssignS0IdleSettings(IdleCanWakeFromS0, PowerDeviceMaximum,
                                                                IdleTimeoutDefaultValue, IdleAllowUserControl,
                                                                WdfUseDefault);
        g_Counts.SxWakeHr = fxDevice2->AssignSxWakeSettings(PowerDeviceMaximum, WakeAllowUserControl, WdfUseDefault);
        g_Counts.D0IdleStateHr = fxDevice2->AssignS0IdleSettings(IdleCannotWakeFromS0, PowerDeviceD0,
                                                                 POWERSAMPLE_IDLE_TIMEOUT_MS,
                                                                 IdleDoNotAllowUserControl, WdfTrue);
        g_Counts.BadCapsHr = fxDevice2->AssignS0IdleSettings(IdleCapsInvalid, PowerDeviceD3,
                                                             POWERSAMPLE_IDLE_TIMEOUT_MS,
                                                             IdleDoNotAllowUserControl, WdfTrue);
        IWDFDevice3 *fxDevice3 = NULL;
        g_Counts.Device3Hr = fxDevice->QueryInterface(IID_PPV_ARGS(&fxDevice3));
        if (SUCCEEDED(g_Counts.Device3Hr)) {
            WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS settings;
            PHYSICAL_ADDRESS registers;
            PVOID mapped = NULL;
            registers.QuadPart = 0xFED00000;
            g_Counts.MapIoSpaceHr = fxDevice3->MapIoSpace(registers, 0x400, MmNonCached, &mapped);
            WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&settings, IdleCannotWakeFromS0);
            settings.Size = sizeof(settings) - sizeof(ULONG);
            g_Counts.IdleExBadSizeHr = fxDevice3->AssignS0IdleSettingsEx(&settings);
            fxDevice3->Release();
        }
        //
        // The settings it keeps: a device that can wake (a USB one) idles armed for wake.
        //
        hr = fxDevice2->AssignS0IdleSettings(SUCCEEDED(g_Counts.WakeFromS0Hr) ? IdleCanWakeFromS0
                                                                               : IdleCannotWakeFromS0,
                                             PowerDeviceD3, POWERSAMPLE_IDLE_TIMEOUT_MS,
                                             IdleDoNotAllowUserControl, WdfTrue);
        g_Counts.IdleHr = hr;
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "idle settings: %!HRESULT!", hr);
    }
    if (SUCCEEDED(hr)) {
        hr = CControlQueue::CreateInstance(fxDevice);
    }
    if (SUCCEEDED(hr)) {
        hr = CIoQueue::CreateInstance(fxDevice);
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
    } else if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackSelfManagedIo))) {
        *Object = static_cast<IPnpCallbackSelfManagedIo *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IPnpCallbackHardwareInterrupt))) {
        *Object = static_cast<IPnpCallbackHardwareInterrupt *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IPowerPolicyCallbackWakeFromS0))) {
        *Object = static_cast<IPowerPolicyCallbackWakeFromS0 *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IPowerPolicyCallbackWakeFromSx))) {
        *Object = static_cast<IPowerPolicyCallbackWakeFromSx *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
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
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "D0 entry from %d", PreviousState);
    return S_OK;
}

HRESULT
CMyDevice::OnD0Exit(
    _In_ IWDFDevice *FxDevice,
    _In_ WDF_POWER_DEVICE_STATE NewState
    )
{
    IWDFDevice2 *fxDevice2 = NULL;
    LONG exits = InterlockedIncrement(&g_Counts.D0Exit);
    if (exits != g_Counts.PreInterruptsDisabled || NewState != g_PreInterruptsTo) {
        InterlockedIncrement(&g_Counts.InterruptOrderErrors);
    }
    g_Counts.LastExitTo = NewState;
    if (SUCCEEDED(FxDevice->QueryInterface(IID_PPV_ARGS(&fxDevice2)))) {
        g_Counts.LastExitAction = fxDevice2->GetSystemPowerAction();
        fxDevice2->Release();
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "D0 exit to %d, system action %d", NewState,
                g_Counts.LastExitAction);
    return S_OK;
}

VOID
CMyDevice::OnSurpriseRemoval(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
}

//
// Asked before the device is removed, disabled or restarted: the answer is the one the test set.
//
HRESULT
CMyDevice::OnQueryRemove(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    LONG asked = InterlockedIncrement(&g_Counts.QueryRemove);
    HRESULT hr = g_QueryRemoveAnswer;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "query remove %d: %!HRESULT!", asked, hr);
    return hr;
}

HRESULT
CMyDevice::OnQueryStop(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    InterlockedIncrement(&g_Counts.QueryStop);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "query stop");
    return S_OK;
}

VOID
CMyDevice::OnSelfManagedIoCleanup(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "self-managed I/O cleanup");
}

VOID
CMyDevice::OnSelfManagedIoFlush(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "self-managed I/O flush");
}

HRESULT
CMyDevice::OnSelfManagedIoInit(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    InterlockedIncrement(&g_Counts.SmioInit);
    if (g_Counts.PostInterruptsEnabled != g_Counts.D0Entry) {
        InterlockedIncrement(&g_Counts.InterruptOrderErrors);
    }
    return S_OK;
}

//
// Right after OnD0Entry, from the state it was told.
//
HRESULT
CMyDevice::OnD0EntryPostInterruptsEnabled(
    _In_ IWDFDevice3 *FxDevice,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    LONG calls = InterlockedIncrement(&g_Counts.PostInterruptsEnabled);
    if (FxDevice == NULL || calls != g_Counts.D0Entry || PreviousState != g_Counts.LastEntryFrom) {
        InterlockedIncrement(&g_Counts.InterruptOrderErrors);
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "D0 entry from %d: interrupts enabled", PreviousState);
    return S_OK;
}

//
// Right before OnD0Exit, to the state it will be told.
//
HRESULT
CMyDevice::OnD0ExitPreInterruptsDisabled(
    _In_ IWDFDevice3 *FxDevice,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    LONG calls = InterlockedIncrement(&g_Counts.PreInterruptsDisabled);
    if (FxDevice == NULL || calls != g_Counts.D0Exit + 1) {
        InterlockedIncrement(&g_Counts.InterruptOrderErrors);
    }
    g_PreInterruptsTo = TargetState;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "D0 exit to %d: interrupts to be disabled", TargetState);
    return S_OK;
}

HRESULT
CMyDevice::OnSelfManagedIoSuspend(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    LONG suspends = InterlockedIncrement(&g_Counts.SmioSuspend);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "self-managed I/O suspend %d", suspends);
    return S_OK;
}

HRESULT
CMyDevice::OnSelfManagedIoRestart(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    InterlockedIncrement(&g_Counts.SmioRestart);
    if (g_Counts.PostInterruptsEnabled != g_Counts.D0Entry) {
        InterlockedIncrement(&g_Counts.InterruptOrderErrors);
    }
    return S_OK;
}

HRESULT
CMyDevice::OnSelfManagedIoStop(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "self-managed I/O stop");
    return S_OK;
}

HRESULT
CMyDevice::OnArmWakeFromS0(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    InterlockedIncrement(&g_Counts.ArmWake);
    return S_OK;
}

VOID
CMyDevice::OnDisarmWakeFromS0(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    LONG disarms = InterlockedIncrement(&g_Counts.DisarmWake);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "disarm wake from S0 %d", disarms);
}

VOID
CMyDevice::OnWakeFromS0Triggered(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    LONG wakes = InterlockedIncrement(&g_Counts.WakeFromS0Triggered);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "wake from S0 triggered %d", wakes);
}

HRESULT
CMyDevice::OnArmWakeFromSx(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    InterlockedIncrement(&g_Counts.ArmWakeSx);
    return S_OK;
}

VOID
CMyDevice::OnDisarmWakeFromSx(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    LONG disarms = InterlockedIncrement(&g_Counts.DisarmWakeSx);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "disarm wake from Sx %d", disarms);
}

VOID
CMyDevice::OnWakeFromSxTriggered(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    LONG wakes = InterlockedIncrement(&g_Counts.WakeFromSxTriggered);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_POWER, "wake from Sx triggered %d", wakes);
}
