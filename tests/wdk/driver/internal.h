/*++

Module Name:

    internal.h

Abstract:

    Common includes, definitions and classes of the WDK-style sample driver: a UMDF 1 driver written
    the way the WDK's UMDF samples are (SAL 1 and SAL 2 annotations, __super, WPP tracing, wide
    string literals, <strsafe.h>), built unmodified by openwudf_add_driver(... WDK ...).

--*/

#pragma once

#include <windows.h>
#include <strsafe.h>
#include <wudfddi.h>

#include "wdksample_ioctl.h"
#include "trace.h"

#define MYDRIVER_TRACING_ID      L"Microsoft\\UMDF\\WdkSample"
#define MYDRIVER_CLASS_ID        {0x4f1c8b2e, 0x73a5, 0x4d61, {0x9e, 0x0b, 0x52, 0xd7, 0x3c, 0x16, 0xa4, 0x88}}

// {B1E7D5A2-3C84-4E9F-8A6B-0D2F4C6E8A10}
DEFINE_GUID(GUID_DEVINTERFACE_WDKSAMPLE,
            0xb1e7d5a2, 0x3c84, 0x4e9f, 0x8a, 0x6b, 0x0d, 0x2f, 0x4c, 0x6e, 0x8a, 0x10);

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

class CMyDevice : public CUnknown, public IPnpCallbackHardware
{
public:
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    COMSUP_IUNKNOWN
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
};

class CMyQueue : public CUnknown, public IQueueCallbackDeviceIoControl
{
public:
    static HRESULT CreateInstance(_In_ IWDFDevice *FxDevice);

    COMSUP_IUNKNOWN
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);

private:
    _Must_inspect_result_
    HRESULT Greet(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest, _In_ SIZE_T InputSize,
                  _In_ SIZE_T OutputSize, _Out_ SIZE_T *Written);
    _Must_inspect_result_
    HRESULT Identify(_In_ IWDFIoQueue *FxQueue, _In_ SIZE_T OutputSize, _Out_writes_bytes_(OutputSize) PBYTE Output,
                     _Out_ SIZE_T *Written);
    void TraceAll();
};

_Success_(return == S_OK)
HRESULT RetrieveInstanceId(_In_ IWDFDevice *FxDevice, _Out_writes_(Count) PWSTR Buffer, _In_ DWORD Count);
