/*++

Module Name:

    internal.h

Abstract:

    The power-managed sample driver: a UMDF 1 driver written the WDK way that owns its device's
    power policy. It idles down after POWERSAMPLE_IDLE_TIMEOUT_MS, keeps reads pending in a
    power-managed queue (acknowledging OnIoStop, hearing OnIoResume), parks requests in a manual
    queue (IQueueCallbackStateChange, Requeue, IQueueCallbackIoCanceledOnQueue) that it can take
    through its states, answers OnQueryRemove as told, and counts every power callback for its test.

--*/

#pragma once

#include <windows.h>
#include <wudfddi.h>

#include "power_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\PowerSample"
#define MYDRIVER_CLASS_ID        {0xa3d61f0c, 0x5e27, 0x4b98, {0x8c, 0x41, 0x7f, 0x2e, 0x0b, 0x9d, 0x6c, 0x35}}

#define MAX_HELD_READS 4

extern POWERSAMPLE_COUNTS g_Counts;
extern HRESULT g_QueryRemoveAnswer;     // what OnQueryRemove returns (IOCTL_POWERSAMPLE_QUERY_REMOVE_ANSWER)

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

class CMyDevice : public CUnknown, public IPnpCallback, public IPnpCallbackSelfManagedIo,
                  public IPnpCallbackHardwareInterrupt, public IPowerPolicyCallbackWakeFromS0,
                  public IPowerPolicyCallbackWakeFromSx
{
public:
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    COMSUP_IUNKNOWN
    // IPnpCallback
    STDMETHOD(OnD0Entry)(_In_ IWDFDevice *FxDevice, _In_ WDF_POWER_DEVICE_STATE PreviousState);
    STDMETHOD(OnD0Exit)(_In_ IWDFDevice *FxDevice, _In_ WDF_POWER_DEVICE_STATE NewState);
    STDMETHOD_(void, OnSurpriseRemoval)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnQueryRemove)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnQueryStop)(_In_ IWDFDevice *FxDevice);
    // IPnpCallbackSelfManagedIo
    STDMETHOD_(void, OnSelfManagedIoCleanup)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnSelfManagedIoFlush)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnSelfManagedIoInit)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnSelfManagedIoSuspend)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnSelfManagedIoRestart)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnSelfManagedIoStop)(_In_ IWDFDevice *FxDevice);
    // IPnpCallbackHardwareInterrupt: WDF's D0 entry and exit call it whether or not there are
    // interrupts; the sample checks its place
    STDMETHOD(OnD0EntryPostInterruptsEnabled)(_In_ IWDFDevice3 *FxDevice, _In_ WDF_POWER_DEVICE_STATE PreviousState);
    STDMETHOD(OnD0ExitPreInterruptsDisabled)(_In_ IWDFDevice3 *FxDevice, _In_ WDF_POWER_DEVICE_STATE TargetState);
    // IPowerPolicyCallbackWakeFromS0 and Sx: never called for a root-enumerated device, which
    // cannot wake; on a USB devnode the device idles and sleeps armed
    STDMETHOD(OnArmWakeFromS0)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnDisarmWakeFromS0)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnWakeFromS0Triggered)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnArmWakeFromSx)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnDisarmWakeFromSx)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnWakeFromSxTriggered)(_In_ IWDFDevice *FxDevice);
};

//
// The default queue: parallel and not power-managed, so that the test's control requests never
// wake the device. Reads and writes go to the power-managed CIoQueue; PARK forwards to the manual
// CParkQueue.
//
class CControlQueue : public CUnknown, public IQueueCallbackDeviceIoControl, public IQueueCallbackStateChange
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);
    // The park queue's Purge and Drain end here (this queue is parallel: never its own state change)
    STDMETHOD_(void, OnStateChange)(_In_ IWDFIoQueue *FxQueue, _In_ WDF_IO_QUEUE_STATE QueueState);

private:
    IWDFDevice *m_FxDevice;     // weak: the device outlives its queues
    IWDFIoQueue *m_ParkQueue;   // weak
    void Unpark(_In_ IWDFIoRequest *FxRequest);
    void QueueStates(_Out_ POWERSAMPLE_QUEUE_STATES *States);
};

class CIoQueue : public CUnknown, public IQueueCallbackRead, public IQueueCallbackWrite,
                 public IQueueCallbackIoStop, public IQueueCallbackIoResume, public IRequestCallbackCancel
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnRead)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToRead);
    STDMETHOD_(void, OnWrite)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToWrite);
    STDMETHOD_(void, OnIoStop)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ ULONG ActionFlags);
    STDMETHOD_(void, OnIoResume)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest);
    STDMETHOD_(void, OnCancel)(_In_ IWDFIoRequest *FxRequest);

private:
    CIoQueue();
    IWDFIoRequest *m_Held[MAX_HELD_READS];
    BOOL Forget(_In_ IWDFIoRequest *FxRequest);
};

//
// The manual park queue: it hears of a parked request (IQueueCallbackStateChange), and of the
// cancellation of one it holds (IQueueCallbackIoCanceledOnQueue), which it then completes.
//
class CParkQueue : public CUnknown, public IQueueCallbackStateChange, public IQueueCallbackIoCanceledOnQueue
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice, _Out_ IWDFIoQueue **FxQueue);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnStateChange)(_In_ IWDFIoQueue *FxQueue, _In_ WDF_IO_QUEUE_STATE QueueState);
    STDMETHOD_(void, OnIoCanceledOnQueue)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest);
};
