/*++

Module Name:

    internal.h

Abstract:

    The virtual serial port driver: a UMDF 1 driver of the Ports class, written the way vendors write
    a virtual COM port. It takes its port name from its hardware key, makes itself \DosDevices\COMn
    and a GUID_DEVINTERFACE_COMPORT interface, lists itself in HARDWARE\DEVICEMAP\SERIALCOMM while
    its hardware is prepared, and loops what is written back to the reader, answering the serial
    I/O controls a program's comm functions send.

--*/

#pragma once

#include <windows.h>
#include <winreg.h>
#include <strsafe.h>
#include <wudfddi.h>

#include "vserial_ioctl.h"
#include "trace.h"

#ifndef _WIN32
//
// Serial ports' device interface class, as ntddser.h has it (winioctl.h on Windows).
//
DEFINE_GUID(GUID_DEVINTERFACE_COMPORT, 0x86e0d1e0, 0x8089, 0x11d0, 0x9c, 0xe4, 0x08, 0x00, 0x3e, 0x30, 0x1f, 0x73);
#endif

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\VSerial"
#define MYDRIVER_CLASS_ID        {0x2852f171, 0x824b, 0x4ba4, {0xa9, 0x50, 0x29, 0x15, 0xce, 0x6d, 0x8d, 0x5c}}

//
// The DEVICEMAP key serial ports are listed in, and the longest port name the driver takes.
//
#define SERIAL_DEVICE_MAP        L"SERIALCOMM"
#define PORT_NAME_CCH            16
#define DEVICE_NAME_CCH          64

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

//
// The port: the default queue (reads, writes, I/O controls), the receive buffer and the settings.
// The device-level locking constraint serializes its callbacks with each other, with the file
// callbacks and with cancellation, so the port's state needs no lock of its own.
//
class CMyQueue : public CUnknown, public IQueueCallbackRead, public IQueueCallbackWrite,
                 public IQueueCallbackDeviceIoControl
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice, _Out_ CMyQueue **Queue);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnRead)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToRead);
    STDMETHOD_(void, OnWrite)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                              _In_ SIZE_T NumOfBytesToWrite);
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);

    // A handle closed: its requests already left the queues; the port forgets its wait and data.
    void OnFileCleanup();

private:
    CMyQueue();

    // queue.cpp: the loop from writer to reader
    _Must_inspect_result_ HRESULT Receive(_In_ IWDFMemory *Memory, _In_ SIZE_T Offset, _In_ SIZE_T Size,
                                          _Out_ ULONG *Events);
    SIZE_T Deliver(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T Length);
    void ServePendingReads();
    void SignalEvents(_In_ ULONG Events);
    ULONG CancelPending(_In_ IWDFIoQueue *FxQueue);
    BOOL ReturnsAtOnce() const;

    // serial.cpp: the serial I/O controls
    HRESULT Control(_In_ IWDFIoRequest *FxRequest, _In_ ULONG ControlCode, _In_ SIZE_T InputSize,
                    _In_ SIZE_T OutputSize, _Out_ SIZE_T *Information);
    HRESULT SetLineControl(_In_ const VSERIAL_LINE_CONTROL *Line);
    HRESULT SetHandFlow(_In_ const VSERIAL_HANDFLOW *HandFlow);
    HRESULT SetTimeouts(_In_ const VSERIAL_TIMEOUTS *Timeouts);
    HRESULT SetWaitMask(_In_ ULONG Mask);
    HRESULT WaitOnMask(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T OutputSize, _Out_ SIZE_T *Information);
    HRESULT Purge(_In_ ULONG Flags);
    HRESULT SetLines(_In_ ULONG ControlCode);
    void GetProperties(_Out_ VSERIAL_COMMPROP *Properties) const;
    void GetStatus(_Out_ VSERIAL_STATUS *Status);
    ULONG ModemStatus() const;

    IWDFIoQueue *m_ReadQueue;       // manual: reads waiting for data (weak: the device holds it)
    IWDFIoQueue *m_WaitQueue;       // manual: the WAIT_ON_MASK waiting for an event (weak)

    BYTE m_Buffer[VSERIAL_BUFFER_SIZE];
    ULONG m_Head;                   // the oldest byte not read
    ULONG m_Count;                  // bytes in the buffer

    VSERIAL_BAUD_RATE m_Baud;
    VSERIAL_LINE_CONTROL m_Line;
    VSERIAL_CHARS m_Chars;
    VSERIAL_HANDFLOW m_HandFlow;
    VSERIAL_TIMEOUTS m_Timeouts;
    VSERIAL_QUEUE_SIZE m_QueueSize;
    ULONG m_WaitMask;
    ULONG m_History;                // events in the mask that came with no wait pending
    ULONG m_Errors;                 // VSERIAL_ERROR_*, until GET_COMMSTATUS reads them
    ULONG m_Lines;                  // VSERIAL_DTR_STATE | VSERIAL_RTS_STATE
    BOOL m_Break;
};

//
// The device: its port name, names and DEVICEMAP entry.
//
class CMyDevice : public CUnknown, public IPnpCallbackHardware, public IFileCallbackCleanup
{
public:
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    COMSUP_IUNKNOWN
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnCleanupFile)(_In_ IWDFFile *FxFile);

private:
    CMyDevice();
    virtual ~CMyDevice();

    HRESULT Configure(_In_ IWDFDevice *FxDevice);
    HRESULT ReadSettings(_In_ IWDFDevice *FxDevice);
    HRESULT UpdateDeviceMap(_In_ IWDFDevice *FxDevice, _In_ BOOL Listed);

    WCHAR m_PortName[PORT_NAME_CCH];     // "COM7"
    WCHAR m_DeviceName[DEVICE_NAME_CCH]; // "\Device\VSerial0": the value's name in SERIALCOMM
    CMyQueue *m_Queue;
};

PCSTR IoctlName(_In_ ULONG ControlCode);
