/*++

Module Name:

    internal.h

Abstract:

    The FX2 selective-suspend sample driver: a UMDF 1 driver for the OSR USB-FX2 kit that owns its
    device's power policy and idles it with USB selective suspend after FX2IDLE_IDLE_TIMEOUT_MS. It
    reads the kit's switches with the framework's continuous reader on interrupt pipe 0x81, started
    in OnD0Entry and stopped in OnD0Exit, forwards reads and writes from a power-managed queue to the
    bulk loopback pipes, and answers IOCTL_FX2IDLE_COUNTS from a queue that is not power-managed.

--*/

#pragma once

#include <windows.h>
#include <wudfddi.h>
#include <wudfusb.h>

#include "fx2idle_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\Fx2IdleSample"
#define MYDRIVER_CLASS_ID        {0x15ed727c, 0xc26e, 0x49d6, {0xba, 0x5b, 0x2d, 0xad, 0x14, 0x7a, 0xe5, 0x45}}

extern FX2IDLE_COUNTS g_Counts;

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

class CMyDevice : public CUnknown, public IPnpCallback, public IPnpCallbackHardware,
                  public IUsbTargetPipeContinuousReaderCallbackReadComplete,
                  public IUsbTargetPipeContinuousReaderCallbackReadersFailed
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
    // IPnpCallbackHardware
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
    // The continuous reader on the interrupt pipe
    STDMETHOD_(void, OnReaderCompletion)(_In_ IWDFUsbTargetPipe *Pipe, _In_ IWDFMemory *Memory,
                                         _In_ SIZE_T NumBytesTransferred, _In_opt_ PVOID Context);
    STDMETHOD_(BOOL, OnReaderFailure)(_In_ IWDFUsbTargetPipe *Pipe, _In_ HRESULT Status);

    // For the I/O queue: the bulk loopback pipes (NULL until OnPrepareHardware found them).
    IWDFUsbTargetPipe *BulkInPipe() { return m_BulkIn; }
    IWDFUsbTargetPipe *BulkOutPipe() { return m_BulkOut; }

private:
    CMyDevice();
    HRESULT RetrievePipes(_In_ IWDFUsbInterface *UsbInterface);
    HRESULT ConfigureSwitchReader();
    HRESULT ConfigureWinUsbSuspend();

    IWDFUsbTargetDevice *m_UsbDevice;
    IWDFUsbTargetPipe *m_BulkIn;
    IWDFUsbTargetPipe *m_BulkOut;
    IWDFUsbTargetPipe *m_Interrupt;
    IWDFIoTargetStateManagement *m_InterruptState;
    volatile LONG m_InD0;   // from just before the reader's Start to just after its Stop returned
    BOOL m_PowerPolicyOwner;
};

//
// The default queue: parallel, and power-managed when the driver owns the power policy, so that a read
// or a write brings an idle device back to D0 before it reaches the driver (left to WinUSB, the transfer
// it sends does). Each is forwarded to its bulk pipe and completed from the
// completion callback with what the pipe answered.
//
class CIoQueue : public CUnknown, public IQueueCallbackRead, public IQueueCallbackWrite,
                 public IRequestCallbackRequestCompletion
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice, _In_ CMyDevice *Device, _In_ BOOL PowerManaged);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnRead)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToRead);
    STDMETHOD_(void, OnWrite)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToWrite);
    STDMETHOD_(void, OnCompletion)(_In_ IWDFIoRequest *FxRequest, _In_ IWDFIoTarget *FxIoTarget,
                                   _In_ IWDFRequestCompletionParams *Params, _In_ PVOID Context);

private:
    void Forward(_In_ IWDFIoRequest *FxRequest, _In_ BOOL Write);

    CMyDevice *m_Device;    // weak: the device outlives its queues
};

//
// The control queue: parallel and not power-managed, the one I/O controls are dispatched to, so that
// the test reads the counts of an idle device without waking it.
//
class CControlQueue : public CUnknown, public IQueueCallbackDeviceIoControl
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);
};
