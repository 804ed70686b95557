/*++

Module Name:

    internal.h

Abstract:

    The monitor driver: a UMDF 1 driver written the WDK way that watches for echo devices. In
    OnDeviceAdd it registers for the echo device interface; on each arrival it makes a remote interface
    and a remote target and opens it, and its I/O controls write and read through that target (and
    through one opened by name), with completion callbacks, synchronously with a timeout, or held by
    echo until cancelled. It counts what the framework tells it about the target's removal. Each
    monitor also publishes the monitor interface, opens the one of another monitor, posts device
    events on request and keeps the last event another monitor posted.

--*/

#pragma once

#include <windows.h>
#include <wudfddi.h>

#include "echo_ioctl.h"
#include "monitor_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\Monitor"
#define MYDRIVER_CLASS_ID        {0xc41f7a26, 0x93e8, 0x4b5d, {0xa0, 0xc7, 0x1e, 0x6d, 0x2b, 0x95, 0xf3, 0x08}}

#define MONITOR_SLOTS 3
#define MONITOR_SLOT_INTERFACE 0
#define MONITOR_SLOT_NAMED 1
#define MONITOR_SLOT_PEER 2

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

class CMyDevice;

//
// The callback object of one remote target and of the remote interface it was opened on.
//
class CMyTarget : public CUnknown, public IRemoteTargetCallbackRemoval, public IRemoteInterfaceCallbackRemoval,
                  public IRemoteInterfaceCallbackEvent
{
public:
    CMyTarget(_In_ CMyDevice *Device, _In_ ULONG Slot);
    ~CMyTarget();

    COMSUP_IUNKNOWN
    STDMETHOD_(BOOL, OnRemoteTargetQueryRemove)(_In_ IWDFRemoteTarget *FxTarget);
    STDMETHOD_(void, OnRemoteTargetRemoveCanceled)(_In_ IWDFRemoteTarget *FxTarget);
    STDMETHOD_(void, OnRemoteTargetRemoveComplete)(_In_ IWDFRemoteTarget *FxTarget);
    STDMETHOD_(void, OnRemoteInterfaceRemoval)(_In_ IWDFRemoteInterface *FxInterface);
    STDMETHOD_(void, OnRemoteInterfaceEvent)(_In_ IWDFRemoteInterface *FxInterface, _In_ REFGUID EventGuid,
                                             _In_reads_bytes_opt_(DataSize) BYTE *Data, _In_ DWORD DataSize,
                                             _In_ DWORD NameBufferOffset);

private:
    CMyDevice *m_Device; // referenced
    ULONG m_Slot;
};

//
// One remote target the driver holds, with what it was opened on.
//
struct TARGET_SLOT {
    IWDFRemoteTarget *Target;
    IWDFRemoteInterface *Interface;
    CMyTarget *Callback;
    BOOL Veto;
};

class CMyDevice : public CUnknown, public IPnpCallbackHardware, public IPnpCallbackRemoteInterfaceNotification
{
public:
    CMyDevice();
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    COMSUP_IUNKNOWN
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnRemoteInterfaceArrival)(_In_ IWDFRemoteInterfaceInitialize *FxInit);

    // The slot's target, referenced, or NULL.
    IWDFRemoteTarget *Target(_In_ ULONG Slot);
    // Puts a target (and what it was opened on) in a slot; the old one is deleted. Takes the references.
    void Replace(_In_ ULONG Slot, _In_ IWDFRemoteTarget *Target, _In_opt_ IWDFRemoteInterface *Interface,
                 _In_ CMyTarget *Callback);
    // Opens a remote target by name in the named slot.
    HRESULT OpenByName(_In_ PCWSTR Name);
    BOOL Veto(_In_ ULONG Slot);
    void SetVeto(_In_ ULONG Slot, _In_ BOOL Veto);
    void Status(_Out_ MONITOR_STATUS *Status);
    MONITOR_SLOT_STATUS *SlotStatus(_In_ ULONG Slot) { return &m_Status.Slot[Slot]; }
    void InterfaceRemoved() { InterlockedIncrement((LONG *)&m_Status.InterfaceRemovals); }
    // Keeps what the last device event of a remote interface carried.
    void EventReceived(_In_ REFGUID EventGuid, _In_reads_bytes_opt_(DataSize) const BYTE *Data, _In_ DWORD DataSize,
                       _In_ DWORD NameBufferOffset);
    IWDFDevice2 *FxDevice() { return m_FxDevice; }

private:
    // A remote interface and a remote target opened on it, put in the slot.
    HRESULT OpenOnInterface(_In_ IWDFRemoteInterfaceInitialize *FxInit, _In_ ULONG Slot);

    IWDFDevice2 *m_FxDevice; // not referenced: the device holds this object
    WCHAR m_OwnLink[64];     // ROOT#MONITOR#000N#, what this device's own interface links contain
    TARGET_SLOT m_Slots[MONITOR_SLOTS];
    MONITOR_STATUS m_Status;
};

class CMyQueue : public CUnknown, public IQueueCallbackDeviceIoControl, public IRequestCallbackRequestCompletion
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice, _In_ CMyDevice *Device);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);
    STDMETHOD_(void, OnCompletion)(_In_ IWDFIoRequest *FxRequest, _In_ IWDFIoTarget *FxTarget,
                                   _In_ IWDFRequestCompletionParams *Params, _In_ PVOID Context);

private:
    CMyQueue(_In_ CMyDevice *Device);
    ~CMyQueue();
    HRESULT ReadOp(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ MONITOR_OP *Op,
                   _Out_ IWDFMemory **Input);
    HRESULT RoundTrip(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ BOOL *Sent);
    HRESULT LoopbackSync(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ SIZE_T *Written);
    HRESULT Pend(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ BOOL *Sent);
    HRESULT TargetOp(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ SIZE_T *Written);
    HRESULT Open(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ SIZE_T *Written);
    HRESULT FileInformation(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize);
    HRESULT PostEvent(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ SIZE_T *Written);

    CMyDevice *m_Device;         // referenced
    IWDFIoRequest *m_Pending;    // the IOCTL_MONITOR_PEND in flight (referenced), under the queue's lock
    IWDFIoQueue *m_FxQueue;      // not referenced
};

// What a completion callback is for (its Context).
enum MONITOR_STEP { STEP_WRITE = 1, STEP_READ, STEP_PEND };

struct STEP_CONTEXT {
    MONITOR_STEP Step;
    IWDFIoRequest *Client;       // the client's request (referenced)
    IWDFRemoteTarget *Target;    // referenced
};

// Writes a HRESULT or a count into a request's output.
HRESULT WriteOutput(_In_ IWDFIoRequest *FxRequest, _In_ const void *Data, _In_ SIZE_T Size);
// A request of the driver's own with memory of its own (a child of the request) holding Data.
HRESULT MakeRequest(_In_ IWDFDevice2 *FxDevice, _In_ const BYTE *Data, _In_ SIZE_T Length,
                    _Out_ IWDFIoRequest **Request, _Out_ IWDFMemory **Memory);
// The bytes after the MONITOR_OP at the start of an input memory.
const BYTE *DataAfterOp(_In_ IWDFMemory *Input);
void FreeContext(_In_ STEP_CONTEXT *Context);

extern const GUID GUID_ECHO_INTERFACE;
extern const GUID GUID_MONITOR_INTERFACE;
