/*
 * UMDF 1 USB interfaces (wudfusb.h): the framework's USB I/O targets and the continuous-reader
 * callbacks, binary compatible with Microsoft's header (same IIDs and slot order), plus the WinUSB
 * types their methods take. Bindings as in wudfddi.h: C++ abstract structs, or C vtables with
 * COBJMACROS call macros.
 */
#ifndef OPENWUDF_WUDFUSB_H
#define OPENWUDF_WUDFUSB_H

#include <wudfddi.h>

/* ====================================================================================================
 * WinUSB types (winusb.h / winusbio.h / usb100.h on Windows)
 * ================================================================================================== */
#ifdef _WIN32

#include <winusb.h>

#else /* !_WIN32 */

typedef PVOID WINUSB_INTERFACE_HANDLE, *PWINUSB_INTERFACE_HANDLE;

typedef enum _USBD_PIPE_TYPE {
    UsbdPipeTypeControl = 0,
    UsbdPipeTypeIsochronous = 1,
    UsbdPipeTypeBulk = 2,
    UsbdPipeTypeInterrupt = 3
} USBD_PIPE_TYPE;

/* Natural alignment: 12 bytes. PipeId is the endpoint address (bit 7 set = IN). */
typedef struct _WINUSB_PIPE_INFORMATION {
    USBD_PIPE_TYPE PipeType;
    UCHAR PipeId;
    USHORT MaximumPacketSize;
    UCHAR Interval;
} WINUSB_PIPE_INFORMATION, *PWINUSB_PIPE_INFORMATION;

/* USB descriptors and the setup packet are wire formats: 1-byte packed. */
#pragma pack(push, 1)
typedef struct _WINUSB_SETUP_PACKET {
    UCHAR RequestType;
    UCHAR Request;
    USHORT Value;
    USHORT Index;
    USHORT Length;
} WINUSB_SETUP_PACKET, *PWINUSB_SETUP_PACKET;

typedef struct _USB_DEVICE_DESCRIPTOR {
    UCHAR bLength;
    UCHAR bDescriptorType;
    USHORT bcdUSB;
    UCHAR bDeviceClass;
    UCHAR bDeviceSubClass;
    UCHAR bDeviceProtocol;
    UCHAR bMaxPacketSize0;
    USHORT idVendor;
    USHORT idProduct;
    USHORT bcdDevice;
    UCHAR iManufacturer;
    UCHAR iProduct;
    UCHAR iSerialNumber;
    UCHAR bNumConfigurations;
} USB_DEVICE_DESCRIPTOR, *PUSB_DEVICE_DESCRIPTOR;

typedef struct _USB_CONFIGURATION_DESCRIPTOR {
    UCHAR bLength;
    UCHAR bDescriptorType;
    USHORT wTotalLength;
    UCHAR bNumInterfaces;
    UCHAR bConfigurationValue;
    UCHAR iConfiguration;
    UCHAR bmAttributes;
    UCHAR MaxPower;
} USB_CONFIGURATION_DESCRIPTOR, *PUSB_CONFIGURATION_DESCRIPTOR;

typedef struct _USB_INTERFACE_DESCRIPTOR {
    UCHAR bLength;
    UCHAR bDescriptorType;
    UCHAR bInterfaceNumber;
    UCHAR bAlternateSetting;
    UCHAR bNumEndpoints;
    UCHAR bInterfaceClass;
    UCHAR bInterfaceSubClass;
    UCHAR bInterfaceProtocol;
    UCHAR iInterface;
} USB_INTERFACE_DESCRIPTOR, *PUSB_INTERFACE_DESCRIPTOR;

typedef struct _USB_ENDPOINT_DESCRIPTOR {
    UCHAR bLength;
    UCHAR bDescriptorType;
    UCHAR bEndpointAddress;
    UCHAR bmAttributes;
    USHORT wMaxPacketSize;
    UCHAR bInterval;
} USB_ENDPOINT_DESCRIPTOR, *PUSB_ENDPOINT_DESCRIPTOR;
#pragma pack(pop)

#define USB_DEVICE_DESCRIPTOR_TYPE 0x01
#define USB_CONFIGURATION_DESCRIPTOR_TYPE 0x02
#define USB_STRING_DESCRIPTOR_TYPE 0x03
#define USB_INTERFACE_DESCRIPTOR_TYPE 0x04
#define USB_ENDPOINT_DESCRIPTOR_TYPE 0x05

/* RetrieveDeviceInformation information type and its answers. */
#define DEVICE_SPEED 0x01
#define LowSpeed 0x01
#define FullSpeed 0x02
#define HighSpeed 0x03

/* Pipe policies (RetrievePipePolicy / SetPipePolicy). */
#define SHORT_PACKET_TERMINATE 0x01
#define AUTO_CLEAR_STALL 0x02
#define PIPE_TRANSFER_TIMEOUT 0x03
#define IGNORE_SHORT_PACKETS 0x04
#define ALLOW_PARTIAL_READS 0x05
#define AUTO_FLUSH 0x06
#define RAW_IO 0x07
#define MAXIMUM_TRANSFER_SIZE 0x08
#define RESET_PIPE_ON_RESUME 0x09

/* Device power policies (RetrievePowerPolicy / SetPowerPolicy). */
#define AUTO_SUSPEND 0x81
#define SUSPEND_DELAY 0x83

#endif /* !_WIN32 */

/* ====================================================================================================
 * USB request types
 * ================================================================================================== */

typedef enum _WDF_USB_REQUEST_TYPE {
    WdfUsbRequestTypeInvalid = 0,
    WdfUsbRequestTypeNoFormat = 1,
    WdfUsbRequestTypeDeviceControlTransfer = 2,
    WdfUsbRequestTypePipeWrite = 3,
    WdfUsbRequestTypePipeRead = 4
} WDF_USB_REQUEST_TYPE, *PWDF_USB_REQUEST_TYPE;

/* ====================================================================================================
 * Interface forward declarations and IIDs
 * ================================================================================================== */

typedef struct IWDFUsbTargetFactory IWDFUsbTargetFactory;
typedef struct IWDFUsbTargetDevice IWDFUsbTargetDevice;
typedef struct IWDFUsbInterface IWDFUsbInterface;
typedef struct IWDFUsbTargetPipe IWDFUsbTargetPipe;
typedef struct IWDFUsbRequestCompletionParams IWDFUsbRequestCompletionParams;
typedef struct IUsbTargetPipeContinuousReaderCallbackReadComplete IUsbTargetPipeContinuousReaderCallbackReadComplete;
typedef struct IUsbTargetPipeContinuousReaderCallbackReadersFailed IUsbTargetPipeContinuousReaderCallbackReadersFailed;
typedef struct IWDFUsbTargetPipe2 IWDFUsbTargetPipe2;

WUDF_DEFINE_IID(IWDFUsbTargetFactory, 0x3f7becf9, 0x3a65, 0x4348, 0xa4, 0xf3, 0x33, 0x9d, 0x57, 0x34, 0xa9, 0xc6)
WUDF_DEFINE_IID(IWDFUsbTargetDevice, 0x4cd12e96, 0x900a, 0x44c3, 0xa1, 0xb7, 0x05, 0xb8, 0x95, 0x4d, 0xab, 0x76)
WUDF_DEFINE_IID(IWDFUsbInterface, 0xa6714a4d, 0xc764, 0x498f, 0xb6, 0xd2, 0x03, 0x2f, 0x10, 0xca, 0x4e, 0x36)
WUDF_DEFINE_IID(IWDFUsbTargetPipe, 0xf373216e, 0x8c42, 0x4c5c, 0x95, 0xb4, 0xd2, 0xa4, 0x0b, 0x99, 0xc0, 0xfa)
WUDF_DEFINE_IID(IWDFUsbRequestCompletionParams, 0x5cb1d859, 0xf7ee, 0x411e, 0x9f, 0xa5, 0x01, 0x59, 0xcc, 0x11, 0x83, 0x24)
WUDF_DEFINE_IID(IUsbTargetPipeContinuousReaderCallbackReadComplete, 0xe44fc7cc, 0x0037, 0x45fe, 0xb2, 0x7c, 0x39, 0x63, 0xfd, 0xf1, 0x39, 0x97)
WUDF_DEFINE_IID(IUsbTargetPipeContinuousReaderCallbackReadersFailed, 0x4b891219, 0x3c53, 0x4a8c, 0x87, 0x31, 0x4e, 0x1b, 0x4b, 0xe0, 0xe2, 0x33)
WUDF_DEFINE_IID(IWDFUsbTargetPipe2, 0x8efe1ab4, 0xf4a2, 0x42bb, 0x9b, 0x2b, 0xbb, 0xad, 0xa1, 0x9d, 0x8b, 0x80)

/* ====================================================================================================
 * Interfaces (the first five are the UMDF 1.5 set; the continuous reader came later)
 * ================================================================================================== */

/* ---- IWDFUsbTargetFactory (UMDF 1.5), derives from IUnknown ---- */

typedef struct IWDFUsbTargetFactoryVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUsbTargetFactory *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUsbTargetFactory *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUsbTargetFactory *This);
    /* IWDFUsbTargetFactory */
    HRESULT (STDMETHODCALLTYPE *CreateUsbTargetDevice)(IWDFUsbTargetFactory *This, IWDFUsbTargetDevice **ppDevice);
    END_INTERFACE
} IWDFUsbTargetFactoryVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUsbTargetFactory : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE CreateUsbTargetDevice(IWDFUsbTargetDevice **ppDevice) = 0;
};
#else
struct IWDFUsbTargetFactory {
    const struct IWDFUsbTargetFactoryVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUsbTargetFactory_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUsbTargetFactory_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUsbTargetFactory_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUsbTargetFactory_CreateUsbTargetDevice(This, ppDevice) ((This)->lpVtbl->CreateUsbTargetDevice(This, ppDevice))
#endif
#endif

/* ---- IWDFUsbTargetDevice (UMDF 1.5), derives from IWDFIoTarget ---- */

typedef struct IWDFUsbTargetDeviceVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUsbTargetDevice *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUsbTargetDevice *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUsbTargetDevice *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFUsbTargetDevice *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFUsbTargetDevice *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFUsbTargetDevice *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFUsbTargetDevice *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFUsbTargetDevice *This);
    /* IWDFIoTarget */
    void (STDMETHODCALLTYPE *GetTargetFile)(IWDFUsbTargetDevice *This, IWDFFile **ppWdfFile);
    void (STDMETHODCALLTYPE *CancelSentRequestsForFile)(IWDFUsbTargetDevice *This, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForRead)(IWDFUsbTargetDevice *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForWrite)(IWDFUsbTargetDevice *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForIoctl)(IWDFUsbTargetDevice *This, IWDFIoRequest *pRequest, ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset);
    /* IWDFUsbTargetDevice */
    WINUSB_INTERFACE_HANDLE (STDMETHODCALLTYPE *GetWinUsbHandle)(IWDFUsbTargetDevice *This);
    UCHAR (STDMETHODCALLTYPE *GetNumInterfaces)(IWDFUsbTargetDevice *This);
    HRESULT (STDMETHODCALLTYPE *RetrieveUsbInterface)(IWDFUsbTargetDevice *This, UCHAR InterfaceIndex, IWDFUsbInterface **ppUsbInterface);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForControlTransfer)(IWDFUsbTargetDevice *This, IWDFIoRequest *pRequest, PWINUSB_SETUP_PACKET SetupPacket, IWDFMemory *pMemory, PWDFMEMORY_OFFSET TransferOffset);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceInformation)(IWDFUsbTargetDevice *This, ULONG InformationType, ULONG *BufferLength, PVOID Buffer);
    HRESULT (STDMETHODCALLTYPE *RetrieveDescriptor)(IWDFUsbTargetDevice *This, UCHAR DescriptorType, UCHAR Index, USHORT LanguageID, ULONG *BufferLength, PVOID Buffer);
    HRESULT (STDMETHODCALLTYPE *RetrievePowerPolicy)(IWDFUsbTargetDevice *This, ULONG PolicyType, ULONG *ValueLength, PVOID Value);
    HRESULT (STDMETHODCALLTYPE *SetPowerPolicy)(IWDFUsbTargetDevice *This, ULONG PolicyType, ULONG ValueLength, PVOID Value);
    END_INTERFACE
} IWDFUsbTargetDeviceVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUsbTargetDevice : public IWDFIoTarget {
    virtual WINUSB_INTERFACE_HANDLE STDMETHODCALLTYPE GetWinUsbHandle(void) = 0;
    virtual UCHAR STDMETHODCALLTYPE GetNumInterfaces(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveUsbInterface(UCHAR InterfaceIndex, IWDFUsbInterface **ppUsbInterface) = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForControlTransfer(IWDFIoRequest *pRequest, PWINUSB_SETUP_PACKET SetupPacket, IWDFMemory *pMemory, PWDFMEMORY_OFFSET TransferOffset) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDeviceInformation(ULONG InformationType, ULONG *BufferLength, PVOID Buffer) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDescriptor(UCHAR DescriptorType, UCHAR Index, USHORT LanguageID, ULONG *BufferLength, PVOID Buffer) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrievePowerPolicy(ULONG PolicyType, ULONG *ValueLength, PVOID Value) = 0;
    virtual HRESULT STDMETHODCALLTYPE SetPowerPolicy(ULONG PolicyType, ULONG ValueLength, PVOID Value) = 0;
};
#else
struct IWDFUsbTargetDevice {
    const struct IWDFUsbTargetDeviceVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUsbTargetDevice_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUsbTargetDevice_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUsbTargetDevice_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUsbTargetDevice_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFUsbTargetDevice_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFUsbTargetDevice_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFUsbTargetDevice_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFUsbTargetDevice_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFUsbTargetDevice_GetTargetFile(This, ppWdfFile) ((This)->lpVtbl->GetTargetFile(This, ppWdfFile))
#define IWDFUsbTargetDevice_CancelSentRequestsForFile(This, pFile) ((This)->lpVtbl->CancelSentRequestsForFile(This, pFile))
#define IWDFUsbTargetDevice_FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset))
#define IWDFUsbTargetDevice_FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset))
#define IWDFUsbTargetDevice_FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset) ((This)->lpVtbl->FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset))
#define IWDFUsbTargetDevice_GetWinUsbHandle(This) ((This)->lpVtbl->GetWinUsbHandle(This))
#define IWDFUsbTargetDevice_GetNumInterfaces(This) ((This)->lpVtbl->GetNumInterfaces(This))
#define IWDFUsbTargetDevice_RetrieveUsbInterface(This, InterfaceIndex, ppUsbInterface) ((This)->lpVtbl->RetrieveUsbInterface(This, InterfaceIndex, ppUsbInterface))
#define IWDFUsbTargetDevice_FormatRequestForControlTransfer(This, pRequest, SetupPacket, pMemory, TransferOffset) ((This)->lpVtbl->FormatRequestForControlTransfer(This, pRequest, SetupPacket, pMemory, TransferOffset))
#define IWDFUsbTargetDevice_RetrieveDeviceInformation(This, InformationType, BufferLength, Buffer) ((This)->lpVtbl->RetrieveDeviceInformation(This, InformationType, BufferLength, Buffer))
#define IWDFUsbTargetDevice_RetrieveDescriptor(This, DescriptorType, Index, LanguageID, BufferLength, Buffer) ((This)->lpVtbl->RetrieveDescriptor(This, DescriptorType, Index, LanguageID, BufferLength, Buffer))
#define IWDFUsbTargetDevice_RetrievePowerPolicy(This, PolicyType, ValueLength, Value) ((This)->lpVtbl->RetrievePowerPolicy(This, PolicyType, ValueLength, Value))
#define IWDFUsbTargetDevice_SetPowerPolicy(This, PolicyType, ValueLength, Value) ((This)->lpVtbl->SetPowerPolicy(This, PolicyType, ValueLength, Value))
#endif
#endif

/* ---- IWDFUsbInterface (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFUsbInterfaceVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUsbInterface *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUsbInterface *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUsbInterface *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFUsbInterface *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFUsbInterface *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFUsbInterface *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFUsbInterface *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFUsbInterface *This);
    /* IWDFUsbInterface */
    void (STDMETHODCALLTYPE *GetInterfaceDescriptor)(IWDFUsbInterface *This, PUSB_INTERFACE_DESCRIPTOR UsbAltInterfaceDescriptor);
    UCHAR (STDMETHODCALLTYPE *GetInterfaceNumber)(IWDFUsbInterface *This);
    UCHAR (STDMETHODCALLTYPE *GetNumEndPoints)(IWDFUsbInterface *This);
    UCHAR (STDMETHODCALLTYPE *GetConfiguredSettingIndex)(IWDFUsbInterface *This);
    HRESULT (STDMETHODCALLTYPE *SelectSetting)(IWDFUsbInterface *This, UCHAR SettingNumber);
    WINUSB_INTERFACE_HANDLE (STDMETHODCALLTYPE *GetWinUsbHandle)(IWDFUsbInterface *This);
    HRESULT (STDMETHODCALLTYPE *RetrieveUsbPipeObject)(IWDFUsbInterface *This, UCHAR PipeIndex, IWDFUsbTargetPipe **ppPipe);
    END_INTERFACE
} IWDFUsbInterfaceVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUsbInterface : public IWDFObject {
    virtual void STDMETHODCALLTYPE GetInterfaceDescriptor(PUSB_INTERFACE_DESCRIPTOR UsbAltInterfaceDescriptor) = 0;
    virtual UCHAR STDMETHODCALLTYPE GetInterfaceNumber(void) = 0;
    virtual UCHAR STDMETHODCALLTYPE GetNumEndPoints(void) = 0;
    virtual UCHAR STDMETHODCALLTYPE GetConfiguredSettingIndex(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE SelectSetting(UCHAR SettingNumber) = 0;
    virtual WINUSB_INTERFACE_HANDLE STDMETHODCALLTYPE GetWinUsbHandle(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveUsbPipeObject(UCHAR PipeIndex, IWDFUsbTargetPipe **ppPipe) = 0;
};
#else
struct IWDFUsbInterface {
    const struct IWDFUsbInterfaceVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUsbInterface_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUsbInterface_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUsbInterface_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUsbInterface_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFUsbInterface_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFUsbInterface_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFUsbInterface_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFUsbInterface_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFUsbInterface_GetInterfaceDescriptor(This, UsbAltInterfaceDescriptor) ((This)->lpVtbl->GetInterfaceDescriptor(This, UsbAltInterfaceDescriptor))
#define IWDFUsbInterface_GetInterfaceNumber(This) ((This)->lpVtbl->GetInterfaceNumber(This))
#define IWDFUsbInterface_GetNumEndPoints(This) ((This)->lpVtbl->GetNumEndPoints(This))
#define IWDFUsbInterface_GetConfiguredSettingIndex(This) ((This)->lpVtbl->GetConfiguredSettingIndex(This))
#define IWDFUsbInterface_SelectSetting(This, SettingNumber) ((This)->lpVtbl->SelectSetting(This, SettingNumber))
#define IWDFUsbInterface_GetWinUsbHandle(This) ((This)->lpVtbl->GetWinUsbHandle(This))
#define IWDFUsbInterface_RetrieveUsbPipeObject(This, PipeIndex, ppPipe) ((This)->lpVtbl->RetrieveUsbPipeObject(This, PipeIndex, ppPipe))
#endif
#endif

/* ---- IWDFUsbTargetPipe (UMDF 1.5), derives from IWDFIoTarget ---- */

typedef struct IWDFUsbTargetPipeVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUsbTargetPipe *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUsbTargetPipe *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUsbTargetPipe *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFUsbTargetPipe *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFUsbTargetPipe *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFUsbTargetPipe *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFUsbTargetPipe *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFUsbTargetPipe *This);
    /* IWDFIoTarget */
    void (STDMETHODCALLTYPE *GetTargetFile)(IWDFUsbTargetPipe *This, IWDFFile **ppWdfFile);
    void (STDMETHODCALLTYPE *CancelSentRequestsForFile)(IWDFUsbTargetPipe *This, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForRead)(IWDFUsbTargetPipe *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForWrite)(IWDFUsbTargetPipe *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForIoctl)(IWDFUsbTargetPipe *This, IWDFIoRequest *pRequest, ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset);
    /* IWDFUsbTargetPipe */
    HRESULT (STDMETHODCALLTYPE *Abort)(IWDFUsbTargetPipe *This);
    HRESULT (STDMETHODCALLTYPE *Reset)(IWDFUsbTargetPipe *This);
    HRESULT (STDMETHODCALLTYPE *Flush)(IWDFUsbTargetPipe *This);
    void (STDMETHODCALLTYPE *GetInformation)(IWDFUsbTargetPipe *This, PWINUSB_PIPE_INFORMATION pInfo);
    BOOL (STDMETHODCALLTYPE *IsInEndPoint)(IWDFUsbTargetPipe *This);
    BOOL (STDMETHODCALLTYPE *IsOutEndPoint)(IWDFUsbTargetPipe *This);
    USBD_PIPE_TYPE (STDMETHODCALLTYPE *GetType)(IWDFUsbTargetPipe *This);
    HRESULT (STDMETHODCALLTYPE *RetrievePipePolicy)(IWDFUsbTargetPipe *This, ULONG PolicyType, ULONG *ValueLength, PVOID Value);
    HRESULT (STDMETHODCALLTYPE *SetPipePolicy)(IWDFUsbTargetPipe *This, ULONG PolicyType, ULONG ValueLength, PVOID Value);
    END_INTERFACE
} IWDFUsbTargetPipeVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUsbTargetPipe : public IWDFIoTarget {
    virtual HRESULT STDMETHODCALLTYPE Abort(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE Reset(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE Flush(void) = 0;
    virtual void STDMETHODCALLTYPE GetInformation(PWINUSB_PIPE_INFORMATION pInfo) = 0;
    virtual BOOL STDMETHODCALLTYPE IsInEndPoint(void) = 0;
    virtual BOOL STDMETHODCALLTYPE IsOutEndPoint(void) = 0;
    virtual USBD_PIPE_TYPE STDMETHODCALLTYPE GetType(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrievePipePolicy(ULONG PolicyType, ULONG *ValueLength, PVOID Value) = 0;
    virtual HRESULT STDMETHODCALLTYPE SetPipePolicy(ULONG PolicyType, ULONG ValueLength, PVOID Value) = 0;
};
#else
struct IWDFUsbTargetPipe {
    const struct IWDFUsbTargetPipeVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUsbTargetPipe_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUsbTargetPipe_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUsbTargetPipe_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUsbTargetPipe_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFUsbTargetPipe_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFUsbTargetPipe_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFUsbTargetPipe_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFUsbTargetPipe_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFUsbTargetPipe_GetTargetFile(This, ppWdfFile) ((This)->lpVtbl->GetTargetFile(This, ppWdfFile))
#define IWDFUsbTargetPipe_CancelSentRequestsForFile(This, pFile) ((This)->lpVtbl->CancelSentRequestsForFile(This, pFile))
#define IWDFUsbTargetPipe_FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset))
#define IWDFUsbTargetPipe_FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset))
#define IWDFUsbTargetPipe_FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset) ((This)->lpVtbl->FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset))
#define IWDFUsbTargetPipe_Abort(This) ((This)->lpVtbl->Abort(This))
#define IWDFUsbTargetPipe_Reset(This) ((This)->lpVtbl->Reset(This))
#define IWDFUsbTargetPipe_Flush(This) ((This)->lpVtbl->Flush(This))
#define IWDFUsbTargetPipe_GetInformation(This, pInfo) ((This)->lpVtbl->GetInformation(This, pInfo))
#define IWDFUsbTargetPipe_IsInEndPoint(This) ((This)->lpVtbl->IsInEndPoint(This))
#define IWDFUsbTargetPipe_IsOutEndPoint(This) ((This)->lpVtbl->IsOutEndPoint(This))
#define IWDFUsbTargetPipe_GetType(This) ((This)->lpVtbl->GetType(This))
#define IWDFUsbTargetPipe_RetrievePipePolicy(This, PolicyType, ValueLength, Value) ((This)->lpVtbl->RetrievePipePolicy(This, PolicyType, ValueLength, Value))
#define IWDFUsbTargetPipe_SetPipePolicy(This, PolicyType, ValueLength, Value) ((This)->lpVtbl->SetPipePolicy(This, PolicyType, ValueLength, Value))
#endif
#endif

/* ---- IWDFUsbRequestCompletionParams (UMDF 1.5), derives from IWDFRequestCompletionParams ---- */

typedef struct IWDFUsbRequestCompletionParamsVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUsbRequestCompletionParams *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUsbRequestCompletionParams *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUsbRequestCompletionParams *This);
    /* IWDFRequestCompletionParams */
    HRESULT (STDMETHODCALLTYPE *GetCompletionStatus)(IWDFUsbRequestCompletionParams *This);
    ULONG_PTR (STDMETHODCALLTYPE *GetInformation)(IWDFUsbRequestCompletionParams *This);
    WDF_REQUEST_TYPE (STDMETHODCALLTYPE *GetCompletedRequestType)(IWDFUsbRequestCompletionParams *This);
    /* IWDFUsbRequestCompletionParams */
    WDF_USB_REQUEST_TYPE (STDMETHODCALLTYPE *GetCompletedUsbRequestType)(IWDFUsbRequestCompletionParams *This);
    void (STDMETHODCALLTYPE *GetDeviceControlTransferParameters)(IWDFUsbRequestCompletionParams *This, IWDFMemory **ppMemory, ULONG *pLengthTransferred, SIZE_T *pOffset, PWINUSB_SETUP_PACKET pSetupPacket);
    void (STDMETHODCALLTYPE *GetPipeWriteParameters)(IWDFUsbRequestCompletionParams *This, IWDFMemory **ppWriteMemory, SIZE_T *pBytesWritten, SIZE_T *pWriteMemoryOffset);
    void (STDMETHODCALLTYPE *GetPipeReadParameters)(IWDFUsbRequestCompletionParams *This, IWDFMemory **ppReadMemory, SIZE_T *pBytesRead, SIZE_T *pReadMemoryOffset);
    END_INTERFACE
} IWDFUsbRequestCompletionParamsVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUsbRequestCompletionParams : public IWDFRequestCompletionParams {
    virtual WDF_USB_REQUEST_TYPE STDMETHODCALLTYPE GetCompletedUsbRequestType(void) = 0;
    virtual void STDMETHODCALLTYPE GetDeviceControlTransferParameters(IWDFMemory **ppMemory, ULONG *pLengthTransferred, SIZE_T *pOffset, PWINUSB_SETUP_PACKET pSetupPacket) = 0;
    virtual void STDMETHODCALLTYPE GetPipeWriteParameters(IWDFMemory **ppWriteMemory, SIZE_T *pBytesWritten, SIZE_T *pWriteMemoryOffset) = 0;
    virtual void STDMETHODCALLTYPE GetPipeReadParameters(IWDFMemory **ppReadMemory, SIZE_T *pBytesRead, SIZE_T *pReadMemoryOffset) = 0;
};
#else
struct IWDFUsbRequestCompletionParams {
    const struct IWDFUsbRequestCompletionParamsVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUsbRequestCompletionParams_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUsbRequestCompletionParams_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUsbRequestCompletionParams_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUsbRequestCompletionParams_GetCompletionStatus(This) ((This)->lpVtbl->GetCompletionStatus(This))
#define IWDFUsbRequestCompletionParams_GetInformation(This) ((This)->lpVtbl->GetInformation(This))
#define IWDFUsbRequestCompletionParams_GetCompletedRequestType(This) ((This)->lpVtbl->GetCompletedRequestType(This))
#define IWDFUsbRequestCompletionParams_GetCompletedUsbRequestType(This) ((This)->lpVtbl->GetCompletedUsbRequestType(This))
#define IWDFUsbRequestCompletionParams_GetDeviceControlTransferParameters(This, ppMemory, pLengthTransferred, pOffset, pSetupPacket) ((This)->lpVtbl->GetDeviceControlTransferParameters(This, ppMemory, pLengthTransferred, pOffset, pSetupPacket))
#define IWDFUsbRequestCompletionParams_GetPipeWriteParameters(This, ppWriteMemory, pBytesWritten, pWriteMemoryOffset) ((This)->lpVtbl->GetPipeWriteParameters(This, ppWriteMemory, pBytesWritten, pWriteMemoryOffset))
#define IWDFUsbRequestCompletionParams_GetPipeReadParameters(This, ppReadMemory, pBytesRead, pReadMemoryOffset) ((This)->lpVtbl->GetPipeReadParameters(This, ppReadMemory, pBytesRead, pReadMemoryOffset))
#endif
#endif

/* ---- IUsbTargetPipeContinuousReaderCallbackReadComplete (later UMDF 1.x), derives from IUnknown ---- */

typedef struct IUsbTargetPipeContinuousReaderCallbackReadCompleteVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IUsbTargetPipeContinuousReaderCallbackReadComplete *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IUsbTargetPipeContinuousReaderCallbackReadComplete *This);
    ULONG (STDMETHODCALLTYPE *Release)(IUsbTargetPipeContinuousReaderCallbackReadComplete *This);
    /* IUsbTargetPipeContinuousReaderCallbackReadComplete */
    void (STDMETHODCALLTYPE *OnReaderCompletion)(IUsbTargetPipeContinuousReaderCallbackReadComplete *This, IWDFUsbTargetPipe *pPipe, IWDFMemory *pMemory, SIZE_T NumBytesTransferred, PVOID Context);
    END_INTERFACE
} IUsbTargetPipeContinuousReaderCallbackReadCompleteVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IUsbTargetPipeContinuousReaderCallbackReadComplete : public IUnknown {
    virtual void STDMETHODCALLTYPE OnReaderCompletion(IWDFUsbTargetPipe *pPipe, IWDFMemory *pMemory, SIZE_T NumBytesTransferred, PVOID Context) = 0;
};
#else
struct IUsbTargetPipeContinuousReaderCallbackReadComplete {
    const struct IUsbTargetPipeContinuousReaderCallbackReadCompleteVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IUsbTargetPipeContinuousReaderCallbackReadComplete_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IUsbTargetPipeContinuousReaderCallbackReadComplete_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IUsbTargetPipeContinuousReaderCallbackReadComplete_Release(This) ((This)->lpVtbl->Release(This))
#define IUsbTargetPipeContinuousReaderCallbackReadComplete_OnReaderCompletion(This, pPipe, pMemory, NumBytesTransferred, Context) ((This)->lpVtbl->OnReaderCompletion(This, pPipe, pMemory, NumBytesTransferred, Context))
#endif
#endif

/* ---- IUsbTargetPipeContinuousReaderCallbackReadersFailed (later UMDF 1.x), derives from IUnknown ---- */

typedef struct IUsbTargetPipeContinuousReaderCallbackReadersFailedVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IUsbTargetPipeContinuousReaderCallbackReadersFailed *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IUsbTargetPipeContinuousReaderCallbackReadersFailed *This);
    ULONG (STDMETHODCALLTYPE *Release)(IUsbTargetPipeContinuousReaderCallbackReadersFailed *This);
    /* IUsbTargetPipeContinuousReaderCallbackReadersFailed */
    BOOL (STDMETHODCALLTYPE *OnReaderFailure)(IUsbTargetPipeContinuousReaderCallbackReadersFailed *This, IWDFUsbTargetPipe *pPipe, HRESULT hrStatus);
    END_INTERFACE
} IUsbTargetPipeContinuousReaderCallbackReadersFailedVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IUsbTargetPipeContinuousReaderCallbackReadersFailed : public IUnknown {
    virtual BOOL STDMETHODCALLTYPE OnReaderFailure(IWDFUsbTargetPipe *pPipe, HRESULT hrStatus) = 0;
};
#else
struct IUsbTargetPipeContinuousReaderCallbackReadersFailed {
    const struct IUsbTargetPipeContinuousReaderCallbackReadersFailedVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IUsbTargetPipeContinuousReaderCallbackReadersFailed_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IUsbTargetPipeContinuousReaderCallbackReadersFailed_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IUsbTargetPipeContinuousReaderCallbackReadersFailed_Release(This) ((This)->lpVtbl->Release(This))
#define IUsbTargetPipeContinuousReaderCallbackReadersFailed_OnReaderFailure(This, pPipe, hrStatus) ((This)->lpVtbl->OnReaderFailure(This, pPipe, hrStatus))
#endif
#endif

/* ---- IWDFUsbTargetPipe2 (later UMDF 1.x), derives from IWDFUsbTargetPipe ---- */

typedef struct IWDFUsbTargetPipe2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUsbTargetPipe2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUsbTargetPipe2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUsbTargetPipe2 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFUsbTargetPipe2 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFUsbTargetPipe2 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFUsbTargetPipe2 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFUsbTargetPipe2 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFUsbTargetPipe2 *This);
    /* IWDFIoTarget */
    void (STDMETHODCALLTYPE *GetTargetFile)(IWDFUsbTargetPipe2 *This, IWDFFile **ppWdfFile);
    void (STDMETHODCALLTYPE *CancelSentRequestsForFile)(IWDFUsbTargetPipe2 *This, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForRead)(IWDFUsbTargetPipe2 *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForWrite)(IWDFUsbTargetPipe2 *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForIoctl)(IWDFUsbTargetPipe2 *This, IWDFIoRequest *pRequest, ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset);
    /* IWDFUsbTargetPipe */
    HRESULT (STDMETHODCALLTYPE *Abort)(IWDFUsbTargetPipe2 *This);
    HRESULT (STDMETHODCALLTYPE *Reset)(IWDFUsbTargetPipe2 *This);
    HRESULT (STDMETHODCALLTYPE *Flush)(IWDFUsbTargetPipe2 *This);
    void (STDMETHODCALLTYPE *GetInformation)(IWDFUsbTargetPipe2 *This, PWINUSB_PIPE_INFORMATION pInfo);
    BOOL (STDMETHODCALLTYPE *IsInEndPoint)(IWDFUsbTargetPipe2 *This);
    BOOL (STDMETHODCALLTYPE *IsOutEndPoint)(IWDFUsbTargetPipe2 *This);
    USBD_PIPE_TYPE (STDMETHODCALLTYPE *GetType)(IWDFUsbTargetPipe2 *This);
    HRESULT (STDMETHODCALLTYPE *RetrievePipePolicy)(IWDFUsbTargetPipe2 *This, ULONG PolicyType, ULONG *ValueLength, PVOID Value);
    HRESULT (STDMETHODCALLTYPE *SetPipePolicy)(IWDFUsbTargetPipe2 *This, ULONG PolicyType, ULONG ValueLength, PVOID Value);
    /* IWDFUsbTargetPipe2 */
    HRESULT (STDMETHODCALLTYPE *ConfigureContinuousReader)(IWDFUsbTargetPipe2 *This, SIZE_T TransferLength, SIZE_T HeaderLength, SIZE_T TrailerLength, UCHAR NumPendingReads, IUnknown *pMemoryCleanupCallbackInterface, IUsbTargetPipeContinuousReaderCallbackReadComplete *pOnCompletion, PVOID pCompletionContext, IUsbTargetPipeContinuousReaderCallbackReadersFailed *pOnFailure);
    END_INTERFACE
} IWDFUsbTargetPipe2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUsbTargetPipe2 : public IWDFUsbTargetPipe {
    virtual HRESULT STDMETHODCALLTYPE ConfigureContinuousReader(SIZE_T TransferLength, SIZE_T HeaderLength, SIZE_T TrailerLength, UCHAR NumPendingReads, IUnknown *pMemoryCleanupCallbackInterface, IUsbTargetPipeContinuousReaderCallbackReadComplete *pOnCompletion, PVOID pCompletionContext, IUsbTargetPipeContinuousReaderCallbackReadersFailed *pOnFailure) = 0;
};
#else
struct IWDFUsbTargetPipe2 {
    const struct IWDFUsbTargetPipe2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUsbTargetPipe2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUsbTargetPipe2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUsbTargetPipe2_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUsbTargetPipe2_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFUsbTargetPipe2_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFUsbTargetPipe2_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFUsbTargetPipe2_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFUsbTargetPipe2_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFUsbTargetPipe2_GetTargetFile(This, ppWdfFile) ((This)->lpVtbl->GetTargetFile(This, ppWdfFile))
#define IWDFUsbTargetPipe2_CancelSentRequestsForFile(This, pFile) ((This)->lpVtbl->CancelSentRequestsForFile(This, pFile))
#define IWDFUsbTargetPipe2_FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset))
#define IWDFUsbTargetPipe2_FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset))
#define IWDFUsbTargetPipe2_FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset) ((This)->lpVtbl->FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset))
#define IWDFUsbTargetPipe2_Abort(This) ((This)->lpVtbl->Abort(This))
#define IWDFUsbTargetPipe2_Reset(This) ((This)->lpVtbl->Reset(This))
#define IWDFUsbTargetPipe2_Flush(This) ((This)->lpVtbl->Flush(This))
#define IWDFUsbTargetPipe2_GetInformation(This, pInfo) ((This)->lpVtbl->GetInformation(This, pInfo))
#define IWDFUsbTargetPipe2_IsInEndPoint(This) ((This)->lpVtbl->IsInEndPoint(This))
#define IWDFUsbTargetPipe2_IsOutEndPoint(This) ((This)->lpVtbl->IsOutEndPoint(This))
#define IWDFUsbTargetPipe2_GetType(This) ((This)->lpVtbl->GetType(This))
#define IWDFUsbTargetPipe2_RetrievePipePolicy(This, PolicyType, ValueLength, Value) ((This)->lpVtbl->RetrievePipePolicy(This, PolicyType, ValueLength, Value))
#define IWDFUsbTargetPipe2_SetPipePolicy(This, PolicyType, ValueLength, Value) ((This)->lpVtbl->SetPipePolicy(This, PolicyType, ValueLength, Value))
#define IWDFUsbTargetPipe2_ConfigureContinuousReader(This, TransferLength, HeaderLength, TrailerLength, NumPendingReads, pMemoryCleanupCallbackInterface, pOnCompletion, pCompletionContext, pOnFailure) ((This)->lpVtbl->ConfigureContinuousReader(This, TransferLength, HeaderLength, TrailerLength, NumPendingReads, pMemoryCleanupCallbackInterface, pOnCompletion, pCompletionContext, pOnFailure))
#endif
#endif

#endif /* OPENWUDF_WUDFUSB_H */
