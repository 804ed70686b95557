/*++

Module Name:

    internal.h

Abstract:

    The stack filters sample: two UMDF 1 filter drivers written the WDK way and shipped in one
    DLL, one class each, installed around a function driver with
    UmdfServiceOrder = lower filter, function driver, upper filter. Both call SetFilter and count
    what passes them. The upper filter takes only reads, writes and I/O controls (everything else
    goes past it) and sends them on with a completion callback. The lower filter also takes
    creates, formats with FormatUsingCurrentType, sends with a completion callback that checks the
    status, and sends one I/O control with SEND_AND_FORGET. Each answers its own control codes
    (filters_ioctl.h) and sends the rest on.

--*/

#pragma once

#include <windows.h>
#include <wudfddi.h>

#include "filters_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\FilterSample"
#define LOWER_FILTER_CLASS_ID    {0x5c2e7a19, 0x83d4, 0x4b6f, {0x9e, 0x12, 0x4a, 0x7d, 0x0c, 0x6b, 0x21, 0xe3}}
#define UPPER_FILTER_CLASS_ID    {0x7f41b0d8, 0x2a6c, 0x4e95, {0xb3, 0x07, 0x1d, 0x58, 0xe2, 0x9c, 0x46, 0xa0}}

typedef enum _FILTER_ROLE {
    FilterLower = 0,
    FilterUpper = 1,
} FILTER_ROLE;

//
// What each filter counted (one device of each per host), and the stack-wide order of start and
// stop callbacks the two filters share.
//
extern FILTER_COUNTS g_Counts[2];
LONG NextOrder();
const char *RoleName(_In_ FILTER_ROLE Role);

//
// CUnknown and COMSUP_IUNKNOWN: tests/wdk/common/unknown.h.
//
#include "unknown.h"

class CMyDriver : public CUnknown, public IDriverEntry
{
public:
    CMyDriver(_In_ FILTER_ROLE Role) : m_Role(Role) {}

    COMSUP_IUNKNOWN
    STDMETHOD(OnInitialize)(_In_ IWDFDriver *FxWdfDriver);
    STDMETHOD(OnDeviceAdd)(_In_ IWDFDriver *FxWdfDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);
    STDMETHOD_(void, OnDeinitialize)(_In_ IWDFDriver *FxWdfDriver);

private:
    FILTER_ROLE m_Role;
};

class CMyDevice : public CUnknown, public IPnpCallbackHardware, public IPnpCallback, public IFileCallbackCleanup,
                  public IFileCallbackClose
{
public:
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit,
                                  _In_ FILTER_ROLE Role);

    COMSUP_IUNKNOWN
    // IPnpCallbackHardware
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
    // IPnpCallback
    STDMETHOD(OnD0Entry)(_In_ IWDFDevice *FxDevice, _In_ WDF_POWER_DEVICE_STATE PreviousState);
    STDMETHOD(OnD0Exit)(_In_ IWDFDevice *FxDevice, _In_ WDF_POWER_DEVICE_STATE NewState);
    STDMETHOD_(void, OnSurpriseRemoval)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnQueryRemove)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnQueryStop)(_In_ IWDFDevice *FxDevice);
    // IFileCallbackCleanup, IFileCallbackClose
    STDMETHOD_(void, OnCleanupFile)(_In_ IWDFFile *FxFile);
    STDMETHOD_(void, OnCloseFile)(_In_ IWDFFile *FxFile);

private:
    CMyDevice(_In_ FILTER_ROLE Role) : m_Role(Role) {}
    FILTER_ROLE m_Role;
};

//
// The default queue, parallel. Its callback object answers the queue interfaces of its role only:
// the framework asks which ones it has, and a filter without IQueueCallbackCreate gets no creates
// (nor, without IQueueCallbackDefaultIoHandler, a query or set of file information).
//
class CMyQueue : public CUnknown, public IQueueCallbackCreate, public IQueueCallbackRead,
                 public IQueueCallbackWrite, public IQueueCallbackDeviceIoControl,
                 public IQueueCallbackDefaultIoHandler, public IRequestCallbackRequestCompletion
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice, _In_ FILTER_ROLE Role);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnCreateFile)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ IWDFFile *FxFile);
    STDMETHOD_(void, OnRead)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToRead);
    STDMETHOD_(void, OnWrite)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T NumOfBytesToWrite);
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);
    STDMETHOD_(void, OnDefaultIoHandler)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest);
    STDMETHOD_(void, OnCompletion)(_In_ IWDFIoRequest *FxRequest, _In_ IWDFIoTarget *FxIoTarget,
                                   _In_ IWDFRequestCompletionParams *Params, _In_ PVOID Context);

private:
    CMyQueue(_In_ FILTER_ROLE Role) : m_Role(Role) {}
    FILTER_ROLE m_Role;

    FILTER_COUNTS *Counts() { return &g_Counts[m_Role]; }
    void SendOn(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest);
    void SendAndForget(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest);
    void SendPend(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputBufferSizeInBytes,
                  _In_ BOOL Synchronous);
    void StopTarget(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest);
    void AnswerCounts(_In_ IWDFIoRequest *FxRequest);
    void SendFileInformation(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                             _In_ SIZE_T InputBufferSizeInBytes);
};
