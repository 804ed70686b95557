/*++

Module Name:

    target.cpp

Abstract:

    The callback object of the monitor's remote targets and of the remote interfaces they are opened
    on: the removal of an echo device as UMDF reports it, and the device events another monitor
    posts. A query-remove is agreed to (the target closed for it, as the framework asks) unless the
    test asked the slot to veto; a canceled removal reopens the target; a completed one closes it.

--*/

#include "internal.h"
#include "target.tmh"

CMyTarget::CMyTarget(
    _In_ CMyDevice *Device,
    _In_ ULONG Slot
    ) : m_Device(Device), m_Slot(Slot)
{
    m_Device->AddRef();
}

CMyTarget::~CMyTarget()
{
    m_Device->Release();
}

HRESULT
CMyTarget::QueryInterface(
    __in REFIID InterfaceId,
    __deref_out PVOID *Object
    )
{
    if (IsEqualIID(InterfaceId, __uuidof(IRemoteTargetCallbackRemoval))) {
        *Object = static_cast<IRemoteTargetCallbackRemoval *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRemoteInterfaceCallbackRemoval))) {
        *Object = static_cast<IRemoteInterfaceCallbackRemoval *>(this);
    } else if (IsEqualIID(InterfaceId, __uuidof(IRemoteInterfaceCallbackEvent))) {
        *Object = static_cast<IRemoteInterfaceCallbackEvent *>(this);
    } else {
        return __super::QueryInterface(InterfaceId, Object);
    }
    AddRef();
    return S_OK;
}

BOOL
CMyTarget::OnRemoteTargetQueryRemove(
    _In_ IWDFRemoteTarget *FxTarget
    )
{
    MONITOR_SLOT_STATUS *status = m_Device->SlotStatus(m_Slot);
    InterlockedIncrement((LONG *)&status->QueryRemoves);
    if (m_Device->Veto(m_Slot)) {
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "slot %u: query-remove refused", (unsigned)m_Slot);
        return FALSE;
    }
    FxTarget->CloseForQueryRemove();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "slot %u: query-remove agreed, state %d", (unsigned)m_Slot,
                (int)FxTarget->GetState());
    return TRUE;
}

VOID
CMyTarget::OnRemoteTargetRemoveCanceled(
    _In_ IWDFRemoteTarget *FxTarget
    )
{
    MONITOR_SLOT_STATUS *status = m_Device->SlotStatus(m_Slot);
    InterlockedIncrement((LONG *)&status->RemoveCanceled);
    status->ReopenHr = FxTarget->Reopen();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "slot %u: removal canceled, reopened: %!HRESULT!",
                (unsigned)m_Slot, (HRESULT)status->ReopenHr);
}

VOID
CMyTarget::OnRemoteTargetRemoveComplete(
    _In_ IWDFRemoteTarget *FxTarget
    )
{
    MONITOR_SLOT_STATUS *status = m_Device->SlotStatus(m_Slot);
    InterlockedIncrement((LONG *)&status->RemoveCompletes);
    FxTarget->Close();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "slot %u: removal complete, target closed",
                (unsigned)m_Slot);
}

VOID
CMyTarget::OnRemoteInterfaceRemoval(
    _In_ IWDFRemoteInterface *FxInterface
    )
{
    UNREFERENCED_PARAMETER(FxInterface);
    m_Device->InterfaceRemoved();
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "slot %u: interface removed", (unsigned)m_Slot);
}

VOID
CMyTarget::OnRemoteInterfaceEvent(
    _In_ IWDFRemoteInterface *FxInterface,
    _In_ REFGUID EventGuid,
    _In_reads_bytes_opt_(DataSize) BYTE *Data,
    _In_ DWORD DataSize,
    _In_ DWORD NameBufferOffset
    )
{
    UNREFERENCED_PARAMETER(FxInterface);
    m_Device->EventReceived(EventGuid, Data, DataSize, NameBufferOffset);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "slot %u: device event of %u bytes", (unsigned)m_Slot,
                (unsigned)DataSize);
}
