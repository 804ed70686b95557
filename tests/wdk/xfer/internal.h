/*++

Module Name:

    internal.h

Abstract:

    Common includes, definitions and classes of the transfer-type test driver: a UMDF 1 driver that
    states a buffer access preference in OnDeviceAdd (IWDFDeviceInitialize2::SetIoTypePreference,
    from the device's settings) and answers, for reads, writes and an I/O control of each transfer
    method, what the framework made of the request (IWDFIoRequest2::GetEffectiveIoType, lengths,
    IWDFDevice2::GetDeviceStackIoTypePreference) and how many requests it was given.

--*/

#pragma once

#include <windows.h>
#include <wudfddi.h>

#include "xfer_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\Xfer"
#define MYDRIVER_CLASS_ID        {0x6b0e2c71, 0x94d3, 0x4a8f, {0xb1, 0xe5, 0x3c, 0x7a, 0x9d, 0x20, 0xf4, 0x61}}

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

//
// The device's callback object answers no callback interface: CreateInstance configures the device
// and makes its queue.
//
class CMyDevice : public CUnknown
{
public:
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

private:
    static HRESULT ApplyIoTypePreference(_In_ IWDFDeviceInitialize *FxDeviceInit);
};

class CMyQueue : public CUnknown,
                 public IQueueCallbackCreate,
                 public IQueueCallbackRead,
                 public IQueueCallbackWrite,
                 public IQueueCallbackDeviceIoControl
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnCreateFile)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ IWDFFile *FxFile);
    STDMETHOD_(void, OnRead)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToRead);
    STDMETHOD_(void, OnWrite)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                              _In_ SIZE_T NumOfBytesToWrite);
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);

private:
    CMyQueue();
    void Describe(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize,
                  _In_ SIZE_T OutputSize, _Out_ struct xfer_report *Report);
    HRESULT Answer(_In_ IWDFIoRequest *FxRequest, _In_ const struct xfer_report *Report);
    HRESULT AnswerInBuffer(_In_ IWDFIoRequest *FxRequest, _In_reads_bytes_(Size) const void *Answer, _In_ SIZE_T Size);
    HRESULT RequestInfo(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize);

    //
    // The queue is sequential: its callbacks never run at once, so the counts need no lock.
    //
    struct xfer_report m_Counts;
    struct xfer_request_info m_Info;    // the last write and create
};
