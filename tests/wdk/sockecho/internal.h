/*++

Module Name:

    internal.h

Abstract:

    Common includes, definitions and classes of the socket-backed WDK-style driver: a UMDF 1 driver
    that connects a TCP socket in OnPrepareHardware (to the port of its "Port" device setting), makes
    a file-handle I/O target of it (IWDFFileHandleTargetFactory) and forwards the reads, writes and an
    I/O control of its clients to the socket through that target. Its IOCTL_SOCKECHO_TARGET drives
    IWDFIoTargetStateManagement on the socket's target, the default I/O target and, on a USB
    devnode, a bulk IN pipe; its IOCTL_SOCKECHO_FILE_INFO queries and sets file information through
    those targets or a file-handle target over a file it opens (IWDFIoTarget2). On Windows the socket is a Winsock socket (overlapped, as UMDF requires);
    on Linux it is a file descriptor cast to HANDLE.

--*/

#pragma once

#ifdef _WIN32
#include <winsock2.h>
#endif
#include <windows.h>
#include <wudfddi.h>
#include <wudfusb.h>

#include "sockecho_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\SockEcho"
#define MYDRIVER_CLASS_ID        {0x5d2e9c41, 0x7b3a, 0x4f68, {0x8c, 0x15, 0x2a, 0x9e, 0x6d, 0x40, 0xb7, 0x53}}

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

//
// One of the driver's I/O targets with its state management interface.
//
struct TARGET_SLOT {
    IWDFIoTarget *Target;
    IWDFIoTargetStateManagement *State;
};

class CMyDevice : public CUnknown, public IPnpCallbackHardware, public IFileCallbackCleanup
{
public:
    CMyDevice();
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    COMSUP_IUNKNOWN
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnCleanupFile)(_In_ IWDFFile *FxFile);

    // The target an IOCTL_SOCKECHO_TARGET names, or NULL (not referenced: the device keeps it).
    TARGET_SLOT *Slot(_In_ ULONG Which);

private:
    HRESULT ConnectSocket(_In_ IWDFDevice *FxDevice);
    HRESULT OpenUsbPipe(_In_ IWDFDevice *FxDevice);
    static void ReleaseSlot(_Inout_ TARGET_SLOT *Slot);

    HANDLE m_Socket;
    BOOL m_SocketOpen;
    TARGET_SLOT m_Slots[3];   // SOCKECHO_TARGET_SOCKET, _DEFAULT, _USB_PIPE
};

class CMyQueue : public CUnknown,
                 public IQueueCallbackRead,
                 public IQueueCallbackWrite,
                 public IQueueCallbackDeviceIoControl,
                 public IRequestCallbackRequestCompletion
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice, _In_ CMyDevice *Device);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnRead)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T Count);
    STDMETHOD_(void, OnWrite)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T Count);
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);
    STDMETHOD_(void, OnCompletion)(_In_ IWDFIoRequest *FxRequest, _In_ IWDFIoTarget *FxTarget,
                                   _In_ IWDFRequestCompletionParams *Params, _In_ PVOID Context);

private:
    CMyQueue(_In_ CMyDevice *Device);
    ~CMyQueue();
    HRESULT SendToSocket(_In_ IWDFIoRequest *FxRequest, _In_ BOOL Write, _In_ ULONG Flags, _In_ LONGLONG Timeout);
    HRESULT Forward(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize);
    HRESULT TargetOp(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _In_ SIZE_T OutputSize,
                     _Out_ BOOL *Sent, _Out_ SIZE_T *Written);
    HRESULT TimedRead(_In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize, _Out_ BOOL *Sent,
                      _Out_ SIZE_T *Read);
    // fileinfo.cpp: IOCTL_SOCKECHO_FILE_INFO.
    HRESULT FileInformation(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize,
                            _In_ SIZE_T OutputSize, _Out_ SIZE_T *Written);
    HRESULT OpenTarget(_In_ IWDFIoQueue *FxQueue, _In_ const SOCKECHO_FILE_INFO *Info, _Out_ IWDFIoTarget **Target,
                       _Out_ HANDLE *File);

    CMyDevice *m_Device;   // referenced
};

//
// sockplat.cpp: the platform's sockets. The HANDLE is what CreateFileHandleTarget takes: a SOCKET on
// Windows, a file descriptor cast to HANDLE on Linux.
//
HRESULT SocketConnect(_In_ USHORT Port, _Out_ HANDLE *Socket);
void SocketClose(_In_ HANDLE Socket);
//
// A file opened for reading and writing, as CreateFileHandleTarget takes it (overlapped on Windows).
//
HRESULT FileOpen(_In_z_ PCSTR Path, _Out_ HANDLE *File);
void FileClose(_In_ HANDLE File);
