/*++

Module Name:

    internal.h

Abstract:

    The serial-port-style test driver: a UMDF 1 driver that keeps its settings the way serial port
    drivers do, in its device's registry keys, and reads and writes them with the framework's
    property stores (IWDFNamedPropertyStore(2), IWDFPropertyStoreFactory,
    IWDFUnifiedPropertyStoreFactory). Written the WDK way, built by openwudf_add_driver(... WDK ...).

--*/

#pragma once

#include <windows.h>
#include <winreg.h>
#include <strsafe.h>
#include <devpropdef.h>
#include <devpkey.h>
#include <wudfddi.h>
#ifdef _WIN32
#include <setupapi.h>
#include <cfgmgr32.h>
/* GUID_DEVINTERFACE_COMPORT: winioctl.h, through windows.h */
#else
//
// Serial ports' device interface class, as ntddser.h has it.
//
DEFINE_GUID(GUID_DEVINTERFACE_COMPORT, 0x86e0d1e0, 0x8089, 0x11d0, 0x9c, 0xe4, 0x08, 0x00, 0x3e, 0x30, 0x1f, 0x73);
#endif

#include "serialport_ioctl.h"

#define MYDRIVER_CLASS_ID {0x6b0e2c4a, 0x91d7, 0x4e3b, {0xa5, 0xf2, 0x0c, 0x8d, 0x3e, 0x7b, 0x1a, 0x94}}

//
// A property of the driver's own, in the unified store: how often the device started.
// {5C7E3A10-2B64-4F0D-9E83-71A2C4D6B8F1}, 2
//
DEFINE_DEVPROPKEY(DEVPKEY_SerialPort_Starts, 0x5c7e3a10, 0x2b64, 0x4f0d, 0x9e, 0x83, 0x71, 0xa2, 0xc4, 0xd6, 0xb8, 0xf1, 2);

//
// A device interface's system properties, with devpkey.h's values of DEVPKEY_DeviceInterface_FriendlyName,
// _Enabled and _ClassGuid (named here, as not every SDK's devpkey.h has them).
//
DEFINE_DEVPROPKEY(DEVPKEY_SerialPort_InterfaceName, 0x026e516e, 0xb814, 0x414b, 0x83, 0xcd, 0x85, 0x6d, 0x6f, 0xef, 0x48, 0x22, 2);
DEFINE_DEVPROPKEY(DEVPKEY_SerialPort_InterfaceEnabled, 0x026e516e, 0xb814, 0x414b, 0x83, 0xcd, 0x85, 0x6d, 0x6f, 0xef, 0x48, 0x22, 3);
DEFINE_DEVPROPKEY(DEVPKEY_SerialPort_InterfaceClass, 0x026e516e, 0xb814, 0x414b, 0x83, 0xcd, 0x85, 0x6d, 0x6f, 0xef, 0x48, 0x22, 4);

#define REPORT_SIZE 4096

//
// CUnknown, the class factory and the driver callback object: tests/wdk/common/comsup.h.
//
#include "comsup.h"

//
// The device callback object: it reads its settings when it is added and when its hardware is
// prepared, and keeps what it read in a report its queue hands out.
//
class CMyDevice : public CUnknown, public IPnpCallbackHardware, public IQueueCallbackDeviceIoControl
{
public:
    CMyDevice();
    static HRESULT CreateInstance(_In_ IWDFDriver *FxDriver, _In_ IWDFDeviceInitialize *FxDeviceInit);

    COMSUP_IUNKNOWN
    STDMETHOD(OnPrepareHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD(OnReleaseHardware)(_In_ IWDFDevice *FxDevice);
    STDMETHOD_(void, OnDeviceIoControl)(_In_ IWDFIoQueue *FxQueue, _In_ IWDFIoRequest *FxRequest,
                                        _In_ ULONG ControlCode, _In_ SIZE_T InputBufferSizeInBytes,
                                        _In_ SIZE_T OutputBufferSizeInBytes);

    void Report(_In_z_ PCSTR Name, _In_z_ PCSTR Format, ...);
    void LookUpDevnode(_In_ IWDFDevice *FxDevice);
    void ReportWide(_In_z_ PCSTR Name, _In_opt_z_ PCWSTR Value);

private:
    HRESULT ReadHardwareKey(_In_ IWDFPropertyStoreFactory *Factory);
    HRESULT ReadSoftwareKey(_In_ IWDFPropertyStoreFactory *Factory);
    HRESULT KeepOwnValues(_In_ IWDFDevice *FxDevice, _In_ IWDFPropertyStoreFactory *Factory);
    HRESULT UseUnifiedStore(_In_ IWDFDevice *FxDevice);
    HRESULT UseInterfaceKey(_In_ IWDFDevice *FxDevice, _In_ IWDFPropertyStoreFactory *Factory);
    HRESULT UseInterfaceProperties(_In_ IWDFDevice *FxDevice);

    CHAR m_Report[REPORT_SIZE];
    ULONG m_Starts;
    WCHAR m_Assigned[32];
};

// settings.cpp: values as text for the report.
void NamesOf(_In_ IWDFNamedPropertyStore *Store, _Out_writes_(Size) PSTR Names, _In_ size_t Size);
void TextOf(_In_ const PROPVARIANT *Value, _Out_writes_(Size) PSTR Text, _In_ size_t Size);
HRESULT ReadValue(_In_ IWDFNamedPropertyStore *Store, _In_z_ PCWSTR Name, _Out_writes_(Size) PSTR Text,
                  _In_ size_t Size);
