/*++

Module Name:

    device.cpp

Abstract:

    The device callback object of the stack filters sample: it marks the device a filter, makes
    its queue, numbers its start and stop callbacks in the stack-wide order and counts the file
    cleanups and closes that reach it.

--*/

#include "internal.h"
#include "device.tmh"

HRESULT
CMyDevice::CreateInstance(
    _In_ IWDFDriver *FxDriver,
    _In_ IWDFDeviceInitialize *FxDeviceInit,
    _In_ FILTER_ROLE Role
    )
{
    CMyDevice *device = new CMyDevice(Role);
    IWDFDevice *fxDevice = NULL;

    //
    // A filter: request types without a callback go past it, and creates, cleanups and closes go
    // down the stack unless it takes them (AutoForwardCreateCleanupClose's default for a filter).
    //
    FxDeviceInit->SetFilter();
    FxDeviceInit->SetLockingConstraint(WdfDeviceLevel);
    HRESULT hr = FxDriver->CreateDevice(FxDeviceInit, static_cast<IPnpCallback *>(device), &fxDevice);
    if (SUCCEEDED(hr)) {
        hr = CMyQueue::CreateInstance(fxDevice, Role);
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
    } else if (IsEqualIID(InterfaceId, __uuidof(IPnpCallback))) {
        *Object = static_cast<IPnpCallback *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IFileCallbackCleanup))) {
        *Object = static_cast<IFileCallbackCleanup *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IFileCallbackClose))) {
        *Object = static_cast<IFileCallbackClose *>(this);
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
    LONG order = NextOrder();
    g_Counts[m_Role].PrepareOrder = order;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%s: OnPrepareHardware order %d", RoleName(m_Role), order);
    return S_OK;
}

HRESULT
CMyDevice::OnReleaseHardware(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    FILTER_COUNTS *counts = &g_Counts[m_Role];
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE,
                "%s: OnReleaseHardware order %d: creates %d cleanups %d closes %d reads %d writes %d ioctls %d",
                RoleName(m_Role), NextOrder(), counts->Creates, counts->Cleanups, counts->Closes, counts->Reads,
                counts->Writes, counts->Ioctls);
    return S_OK;
}

HRESULT
CMyDevice::OnD0Entry(
    _In_ IWDFDevice *FxDevice,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    LONG order = NextOrder();
    g_Counts[m_Role].D0EntryOrder = order;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%s: OnD0Entry from %d order %d", RoleName(m_Role),
                PreviousState, order);
    return S_OK;
}

HRESULT
CMyDevice::OnD0Exit(
    _In_ IWDFDevice *FxDevice,
    _In_ WDF_POWER_DEVICE_STATE NewState
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%s: OnD0Exit to %d order %d", RoleName(m_Role), NewState,
                NextOrder());
    return S_OK;
}

VOID
CMyDevice::OnSurpriseRemoval(
    _In_ IWDFDevice *FxDevice
    )
{
    UNREFERENCED_PARAMETER(FxDevice);
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

VOID
CMyDevice::OnCleanupFile(
    _In_ IWDFFile *FxFile
    )
{
    InterlockedIncrement(&g_Counts[m_Role].Cleanups);
    if (m_Role != FilterUpper) {
        return;
    }
    //
    // The upper filter ends what it sent down for the file: the handle is going away.
    //
    IWDFDevice *device = NULL;
    IWDFIoTarget *target = NULL;
    FxFile->GetDevice(&device);
    device->GetDefaultIoTarget(&target);
    target->CancelSentRequestsForFile(FxFile);
    target->Release();
    device->Release();
}

VOID
CMyDevice::OnCloseFile(
    _In_ IWDFFile *FxFile
    )
{
    UNREFERENCED_PARAMETER(FxFile);
    InterlockedIncrement(&g_Counts[m_Role].Closes);
}
