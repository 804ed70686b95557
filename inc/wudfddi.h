/*
 * UMDF 1 driver interfaces (wudfddi.h): the COM interfaces between a user-mode driver and the
 * framework, binary compatible with Microsoft's UMDF 1.5 header and its 1.9-1.11 additions (same
 * IIDs, base interfaces, vtable slot order, enum values and struct layouts).
 *
 * Two bindings, as MIDL-generated headers have them:
 *  - C++: `struct IFoo : public IBase` with pure virtual methods in slot order. A driver class derives
 *    from the callback interfaces it implements; `__uuidof(IFoo)` gives the IID.
 *  - C (or C++ with CINTERFACE): `struct IFoo { const IFooVtbl *lpVtbl; }`, the vtable listing every
 *    slot including inherited ones with `IFoo *This` first; define COBJMACROS for the call macros
 *    `IFoo_Method(This, ...)`. The IFooVtbl structs are declared in C++ too, so C++ code can look at
 *    any object through its C vtable.
 * `IID_IFoo` is defined in every file that includes this header (the linker keeps one copy), so no
 * import library is needed; compare IIDs by value with IsEqualIID.
 *
 * Every driver module that includes this header exports Microsoft_WDF_UMDF_Version, the framework
 * version it was built for, and gets DllGetClassObject / DllCanUnloadNow declared exported.
 */
#ifndef OPENWUDF_WUDFDDI_H
#define OPENWUDF_WUDFDDI_H

#include <openwudf/wintypes.h>

/* ====================================================================================================
 * Version data
 * ================================================================================================== */

typedef struct _UMDF_VERSION_DATA {
    ULONG MajorNumber;
    ULONG MinorNumber;
    ULONG ServiceNumber;
} UMDF_VERSION_DATA, *PUMDF_VERSION_DATA;

/* This header declares the UMDF 1.11 interfaces, so a driver built with it says it was built for 1.11,
 * as a driver built with Microsoft's 1.11 header does; the framework refuses drivers newer than itself
 * and may offer 1.9+/1.11 interfaces only to drivers that asked for them. */
#define WUDF_UMDF_VERSION_MAJOR 1
#define WUDF_UMDF_VERSION_MINOR 11
#define WUDF_UMDF_VERSION_SERVICE 0

/* A data export of every driver module, read by the framework when it loads the module. Defined in each
 * file that includes the header (selectany on Windows, weak on ELF) so modules of several files link;
 * exported even from modules built with -fvisibility=hidden. Framework code that includes this header
 * but is not a driver defines WUDF_NO_VERSION_DATA to leave it out. */
#ifndef WUDF_NO_VERSION_DATA
#ifdef _WIN32
#define WUDF_VERSION_DATA_ATTR __declspec(dllexport) __declspec(selectany)
#else
#define WUDF_VERSION_DATA_ATTR __attribute__((weak, used, visibility("default")))
#endif
WUDF_DATA_DEFINITION WUDF_VERSION_DATA_ATTR const UMDF_VERSION_DATA Microsoft_WDF_UMDF_Version = {
    WUDF_UMDF_VERSION_MAJOR, WUDF_UMDF_VERSION_MINOR, WUDF_UMDF_VERSION_SERVICE
};
#endif

/* ====================================================================================================
 * Driver module entry points
 * ================================================================================================== */

/* Declared here with WUDF_DRIVER_EXPORT, so a driver's plain definition
 *     STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv) { ... }
 * is exported from a module built with -fvisibility=hidden (Linux) and, with mingw-w64 gcc, without a
 * .def file. clang and MSVC refuse to add dllexport to objbase.h's earlier declaration, so Windows
 * builds with those export the two functions through a .def file, as Microsoft's samples do.
 * Put WUDF_DRIVER_EXPORT after STDAPI on any other function a module must export. */
#if !defined(_WIN32) || !defined(__clang__)
EXTERN_C WUDF_DRIVER_EXPORT HRESULT STDAPICALLTYPE DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv);
EXTERN_C WUDF_DRIVER_EXPORT HRESULT STDAPICALLTYPE DllCanUnloadNow(void);
#endif

/* ====================================================================================================
 * Enums and structs
 * ================================================================================================== */

typedef enum _WDF_CALLBACK_CONSTRAINT {
    None = 0,
    WdfDeviceLevel = 1,
    WdfLevelReserved = 2,
    WdfLevelMaximum = 3
} WDF_CALLBACK_CONSTRAINT;

typedef enum _WDF_IO_QUEUE_DISPATCH_TYPE {
    WdfIoQueueDispatchSequential = 1,
    WdfIoQueueDispatchParallel = 2,
    WdfIoQueueDispatchManual = 3,
    WdfIoQueueDispatchMaximum = 4
} WDF_IO_QUEUE_DISPATCH_TYPE;

/* Bit flags. */
typedef enum _WDF_IO_QUEUE_STATE {
    WdfIoQueueAcceptRequests = 0x1,
    WdfIoQueueDispatchRequests = 0x2,
    WdfIoQueueNoRequests = 0x4,
    WdfIoQueueDriverNoRequests = 0x8,
    WdfIoQueuePnpHeld = 0x10
} WDF_IO_QUEUE_STATE, *PWDF_IO_QUEUE_STATE;

/* 0-10 as in UMDF 1.5; the 1.9+ flush / query / set information types follow, which moved
 * WdfRequestMaximum from 11 to 14 (IWDFIoTarget2 formats those requests). */
typedef enum _WDF_REQUEST_TYPE {
    WdfRequestUndefined = 0,
    WdfRequestCreate = 1,
    WdfRequestCleanup = 2,
    WdfRequestRead = 3,
    WdfRequestWrite = 4,
    WdfRequestDeviceIoControl = 5,
    WdfRequestClose = 6,
    WdfRequestUsb = 7,
    WdfRequestOther = 8,
    WdfRequestInternalIoctl = 9,
    WdfRequestTypeNoFormat = 10,
    WdfRequestFlushBuffers = 11,
    WdfRequestQueryInformation = 12,
    WdfRequestSetInformation = 13,
    WdfRequestMaximum = 14
} WDF_REQUEST_TYPE, *PWDF_REQUEST_TYPE;

/* Bit flags, passed as ULONG ActionFlags to IQueueCallbackIoStop::OnIoStop. */
typedef enum _WDF_REQUEST_STOP_ACTION_FLAGS {
    WdfRequestStopActionInvalid = 0,
    WdfRequestStopActionSuspend = 0x1,
    WdfRequestStopActionPurge = 0x2,
    WdfRequestStopRequestCancelable = 0x10000000
} WDF_REQUEST_STOP_ACTION_FLAGS;

/* Bit flags, passed as ULONG Flags to IWDFIoRequest::Send. */
typedef enum _WDF_REQUEST_SEND_OPTIONS_FLAGS {
    WDF_REQUEST_SEND_OPTION_TIMEOUT = 0x1,
    WDF_REQUEST_SEND_OPTION_SYNCHRONOUS = 0x2,
    WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE = 0x4,
    WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET = 0x8
} WDF_REQUEST_SEND_OPTIONS_FLAGS;

typedef enum _WDF_IO_TARGET_STATE {
    WdfIoTargetStateUndefined = 0,
    WdfIoTargetStarted = 1,
    WdfIoTargetStopped = 2,
    WdfIoTargetClosedForQueryRemove = 3,
    WdfIoTargetClosed = 4,
    WdfIoTargetDeleted = 5,
    WdfIoTargetStateMaximum = 6
} WDF_IO_TARGET_STATE, *PWDF_IO_TARGET_STATE;

typedef enum _WDF_IO_TARGET_SENT_IO_ACTION {
    WdfIoTargetSentIoUndefined = 0,
    WdfIoTargetCancelSentIo = 1,
    WdfIoTargetWaitForSentIoToComplete = 2,
    WdfIoTargetLeaveSentIoPending = 3,
    WdfIoTargetSentIoMaximum = 4
} WDF_IO_TARGET_SENT_IO_ACTION;

typedef struct _WDFMEMORY_OFFSET {
    ULONG_PTR BufferOffset;
    ULONG_PTR BufferLength;
} WDFMEMORY_OFFSET, *PWDFMEMORY_OFFSET;

typedef enum _WDF_TRI_STATE {
    WdfUseDefault = 0,
    WdfFalse = 1,
    WdfTrue = 2
} WDF_TRI_STATE, *PWDF_TRI_STATE;

typedef enum _WDF_PNP_STATE {
    WdfPnpStateInvalid = 0,
    WdfPnpStateDisabled = 1,
    WdfPnpStateFailed = 2,
    WdfPnpStateRemoved = 3,
    WdfPnpStateResourcesChanged = 4,
    WdfPnpStateDontDisplayInUI = 5,
    WdfPnpStateNotDisableable = 6,
    WdfPnpStateMaximum = 7
} WDF_PNP_STATE;

typedef enum _WDF_PNP_CAPABILITY {
    WdfPnpCapInvalid = 0,
    WdfPnpCapLockSupported = 1,
    WdfPnpCapEjectSupported = 2,
    WdfPnpCapRemovable = 3,
    WdfPnpCapDockDevice = 4,
    WdfPnpCapSurpriseRemovalOk = 5,
    WdfPnpCapNoDisplayInUI = 6,
    WdfPnpCapMaximum = 7
} WDF_PNP_CAPABILITY;

typedef enum _WDF_POWER_DEVICE_STATE {
    WdfPowerDeviceInvalid = 0,
    WdfPowerDeviceD0 = 1,
    WdfPowerDeviceD1 = 2,
    WdfPowerDeviceD2 = 3,
    WdfPowerDeviceD3 = 4,
    WdfPowerDeviceD3Final = 5,
    WdfPowerDevicePrepareForHibernation = 6,
    WdfPowerDeviceMaximum = 7
} WDF_POWER_DEVICE_STATE, *PWDF_POWER_DEVICE_STATE;

typedef enum _WDF_EVENT_TYPE {
    WdfEventReserved = 0,
    WdfEventBroadcast = 1,
    WdfEventMaximum = 2
} WDF_EVENT_TYPE;

/* Normal and CreateIfMissing are UMDF 1.5; CreateVolatile and the mask are 1.9+. */
typedef enum _WDF_PROPERTY_STORE_RETRIEVE_FLAGS {
    WdfPropertyStoreNormal = 0,
    WdfPropertyStoreCreateIfMissing = 0x1,
    WdfPropertyStoreCreateVolatile = 0x2,
    WdfPropertyStoreRetrieveFlagsMask = 0x3
} WDF_PROPERTY_STORE_RETRIEVE_FLAGS;

typedef enum _WDF_PROPERTY_STORE_DISPOSITION {
    CreatedNewStore = 0x1,
    OpenedExistingStore = 0x2
} WDF_PROPERTY_STORE_DISPOSITION;

/* --- UMDF 1.9-1.11 types ------------------------------------------------------------------------ */

typedef enum _WDF_INTERRUPT_POLICY {
    WdfIrqPolicyMachineDefault = 0,
    WdfIrqPolicyAllCloseProcessors = 1,
    WdfIrqPolicyOneCloseProcessor = 2,
    WdfIrqPolicyAllProcessorsInMachine = 3,
    WdfIrqPolicySpecifiedProcessors = 4,
    WdfIrqPolicySpreadMessagesAcrossAllProcessors = 5
} WDF_INTERRUPT_POLICY, *PWDF_INTERRUPT_POLICY;

typedef enum _WDF_INTERRUPT_PRIORITY {
    WdfIrqPriorityUndefined = 0,
    WdfIrqPriorityLow = 1,
    WdfIrqPriorityNormal = 2,
    WdfIrqPriorityHigh = 3
} WDF_INTERRUPT_PRIORITY, *PWDF_INTERRUPT_PRIORITY;

typedef enum _WDF_DEVICE_IO_TYPE {
    WdfDeviceIoUndefined = 0,
    WdfDeviceIoNeither = 1,
    WdfDeviceIoBuffered = 2,
    WdfDeviceIoDirect = 3,
    WdfDeviceIoBufferedOrDirect = 4,
    WdfDeviceIoMaximum = 5
} WDF_DEVICE_IO_TYPE, *PWDF_DEVICE_IO_TYPE;

/* Direct and BufferedOrDirect I/O types require the Deferred retrieval mode. */
typedef enum _WDF_DEVICE_IO_BUFFER_RETRIEVAL {
    WdfDeviceIoBufferRetrievalInvalid = 0,
    WdfDeviceIoBufferRetrievalCopyImmediately = 1,
    WdfDeviceIoBufferRetrievalDeferred = 2,
    WdfDeviceIoBufferRetrievalMaximum = 3
} WDF_DEVICE_IO_BUFFER_RETRIEVAL, *PWDF_DEVICE_IO_BUFFER_RETRIEVAL;

/* Not the kernel's KPROCESSOR_MODE (KernelMode 0, UserMode 1). */
typedef enum _WDF_KPROCESSOR_MODE {
    WdfKProcessorModeInvalid = 0,
    WdfKernelMode = 1,
    WdfUserMode = 2,
    WdfKProcessorModeMaximum = 3
} WDF_KPROCESSOR_MODE, *PWDF_KPROCESSOR_MODE;

/* The NT FILE_INFORMATION_CLASS numbering. */
typedef enum _WDF_FILE_INFORMATION_CLASS {
    WdfFileInformationDirectory = 1,
    WdfFileInformationFullDirectory = 2,
    WdfFileInformationBothDirectory = 3,
    WdfFileInformationBasic = 4,
    WdfFileInformationStandard = 5,
    WdfFileInformationInternal = 6,
    WdfFileInformationEa = 7,
    WdfFileInformationAccess = 8,
    WdfFileInformationName = 9,
    WdfFileInformationRename = 10,
    WdfFileInformationLink = 11,
    WdfFileInformationNames = 12,
    WdfFileInformationDisposition = 13,
    WdfFileInformationPosition = 14,
    WdfFileInformationFullEa = 15,
    WdfFileInformationMode = 16,
    WdfFileInformationAlignment = 17,
    WdfFileInformationAll = 18,
    WdfFileInformationAllocation = 19,
    WdfFileInformationEndOfFile = 20,
    WdfFileInformationAlternateName = 21,
    WdfFileInformationStream = 22,
    WdfFileInformationPipe = 23,
    WdfFileInformationPipeLocal = 24,
    WdfFileInformationPipeRemote = 25,
    WdfFileInformationMailslotQuery = 26,
    WdfFileInformationMailslotSet = 27,
    WdfFileInformationCompression = 28,
    WdfFileInformationObjectId = 29,
    WdfFileInformationCompletion = 30,
    WdfFileInformationMoveCluster = 31,
    WdfFileInformationQuota = 32,
    WdfFileInformationReparsePoint = 33,
    WdfFileInformationNetworkOpen = 34,
    WdfFileInformationAttributeTag = 35,
    WdfFileInformationTracking = 36,
    WdfFileInformationIdBothDirectory = 37,
    WdfFileInformationIdFullDirectory = 38,
    WdfFileInformationValidDataLength = 39,
    WdfFileInformationShortName = 40,
    WdfFileInformationIoCompletionNotification = 41,
    WdfFileInformationIoStatusBlockRange = 42,
    WdfFileInformationIoPriorityHint = 43,
    WdfFileInformationSfioReserve = 44,
    WdfFileInformationSfioVolume = 45,
    WdfFileInformationHardLink = 46,
    WdfFileInformationProcessIdsUsingFile = 47,
    WdfFileInformationNormalizedName = 48,
    WdfFileInformationNetworkPhysicalName = 49,
    WdfFileInformationIdGlobalTxDirectory = 50,
    WdfFileInformationIsRemoteDevice = 51,
    WdfFileInformationAttributeCache = 52,
    WdfFileInformationMaximum = 53
} WDF_FILE_INFORMATION_CLASS, *PWDF_FILE_INFORMATION_CLASS;

typedef enum _WDF_POWER_POLICY_S0_IDLE_CAPABILITIES {
    IdleCapsInvalid = 0,
    IdleCannotWakeFromS0 = 1,
    IdleCanWakeFromS0 = 2,
    IdleUsbSelectiveSuspend = 3
} WDF_POWER_POLICY_S0_IDLE_CAPABILITIES;

typedef enum _WDF_POWER_POLICY_S0_IDLE_USER_CONTROL {
    IdleUserControlInvalid = 0,
    IdleDoNotAllowUserControl = 1,
    IdleAllowUserControl = 2
} WDF_POWER_POLICY_S0_IDLE_USER_CONTROL;

typedef enum _WDF_POWER_POLICY_IDLE_TIMEOUT_CONSTANTS {
    IdleTimeoutDefaultConstant = 0
} WDF_POWER_POLICY_IDLE_TIMEOUT_CONSTANTS;
#define IdleTimeoutDefaultValue ((ULONG)IdleTimeoutDefaultConstant)

typedef enum _WDF_POWER_POLICY_SX_WAKE_USER_CONTROL {
    WakeUserControlInvalid = 0,
    WakeDoNotAllowUserControl = 1,
    WakeAllowUserControl = 2
} WDF_POWER_POLICY_SX_WAKE_USER_CONTROL;

typedef enum _WDF_PROPERTY_STORE_ROOT_CLASS {
    WdfPropertyStoreRootClassHardwareKey = 0,
    WdfPropertyStoreRootClassSoftwareKey = 1,
    WdfPropertyStoreRootClassDeviceInterfaceKey = 2,
    WdfPropertyStoreRootClassLegacyHardwareKey = 3
} WDF_PROPERTY_STORE_ROOT_CLASS;

/* LengthCb is the size of the struct (versioning): 16 bytes on 32-bit, 24 on 64-bit. The software-key
 * class uses no qualifier. */
typedef struct _WDF_PROPERTY_STORE_ROOT {
    ULONG LengthCb;
    WDF_PROPERTY_STORE_ROOT_CLASS RootClass;
    union {
        struct {
            PCWSTR ServiceName;
        } HardwareKey;
        struct {
            LPCGUID InterfaceGUID;
            PCWSTR ReferenceString;
        } DeviceInterfaceKey;
        struct {
            PCWSTR LegacyMapName;
        } LegacyHardwareKey;
    } Qualifier;
} WDF_PROPERTY_STORE_ROOT, *PWDF_PROPERTY_STORE_ROOT;

#define WDF_PROPERTY_STORE_HARDWARE_KEY_ROOT WUDF_WSTR("\\")
#define WDF_PROPERTY_STORE_HARDWARE_KEY_DEFAULT NULL

typedef struct _UMDF_IO_TARGET_OPEN_PARAMS {
    DWORD dwShareMode;
    DWORD dwCreationDisposition;
    DWORD dwFlagsAndAttributes;
} UMDF_IO_TARGET_OPEN_PARAMS, *PUMDF_IO_TARGET_OPEN_PARAMS;

/* Hardware access (IWDFDevice3). MEMORY_CACHING_TYPE is the WDM enum, which user-mode Windows headers
 * do not declare. */
typedef enum _MEMORY_CACHING_TYPE {
    MmNonCached = 0,
    MmCached = 1,
    MmWriteCombined = 2,
    MmHardwareCoherentCached = 3,
    MmNonCachedUnordered = 4,
    MmUSWCCached = 5,
    MmMaximumCacheType = 6
} MEMORY_CACHING_TYPE;

typedef enum _WDF_DEVICE_HWACCESS_TARGET_TYPE {
    WdfDeviceHwAccessTargetTypeInvalid = 0,
    WdfDeviceHwAccessTargetTypeRegister = 1,
    WdfDeviceHwAccessTargetTypeRegisterBuffer = 2,
    WdfDeviceHwAccessTargetTypePort = 3,
    WdfDeviceHwAccessTargetTypePortBuffer = 4,
    WdfDeviceHwAccessTargetTypeMaximum = 5
} WDF_DEVICE_HWACCESS_TARGET_TYPE, *PWDF_DEVICE_HWACCESS_TARGET_TYPE;

typedef enum _WDF_DEVICE_HWACCESS_TARGET_SIZE {
    WdfDeviceHwAccessTargetSizeInvalid = 0,
    WdfDeviceHwAccessTargetSizeUchar = 1,
    WdfDeviceHwAccessTargetSizeUshort = 2,
    WdfDeviceHwAccessTargetSizeUlong = 3,
    WdfDeviceHwAccessTargetSizeUlong64 = 4,
    WdfDeviceHwAccessTargetSizeMaximum = 5
} WDF_DEVICE_HWACCESS_TARGET_SIZE, *PWDF_DEVICE_HWACCESS_TARGET_SIZE;

/* Passed by pointer only. Their layouts come from Microsoft's companion headers and are not part of
 * this ABI reference, so they stay incomplete here: WUDF_WORKITEM_CONFIG is in wudfworkitem.h; a
 * driver that needs interrupts, hardware resource descriptors or extended idle settings cannot be
 * built against these headers yet. */
typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;
typedef struct _WUDF_INTERRUPT_CONFIG WUDF_INTERRUPT_CONFIG, *PWUDF_INTERRUPT_CONFIG;
typedef struct _WDF_INTERRUPT_INFO WDF_INTERRUPT_INFO, *PWDF_INTERRUPT_INFO;
typedef struct _WDF_INTERRUPT_EXTENDED_POLICY WDF_INTERRUPT_EXTENDED_POLICY, *PWDF_INTERRUPT_EXTENDED_POLICY;
typedef struct _WUDF_WORKITEM_CONFIG WUDF_WORKITEM_CONFIG, *PWUDF_WORKITEM_CONFIG;
typedef struct _WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS,
    *PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS;

/* IWDFDevice3::AssignS0IdleSettingsEx (UMDF 1.11, wudfddi_types.h in the WDK): AssignS0IdleSettings'
 * arguments, and whether the device comes back to D0 when the system wakes and may use D3cold. */
struct _WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS {
    ULONG Size;
    WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps;
    DEVICE_POWER_STATE DxState;
    ULONG IdleTimeout;
    WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings;
    WDF_TRI_STATE Enabled;
    WDF_TRI_STATE PowerUpIdleDeviceOnSystemWake;
    WDF_TRI_STATE ExcludeD3Cold;
};

/* As the WDK's: every member set, the default timeout, user control allowed, the tri-states left to the
 * framework, and the deepest state the device can wake from (D3 when it cannot wake). */
static inline void WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS Settings,
                                                               WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps)
{
    Settings->Size = sizeof(*Settings);
    Settings->IdleCaps = IdleCaps;
    Settings->IdleTimeout = IdleTimeoutDefaultValue;
    Settings->UserControlOfIdleSettings = IdleAllowUserControl;
    Settings->Enabled = WdfUseDefault;
    Settings->PowerUpIdleDeviceOnSystemWake = WdfUseDefault;
    Settings->ExcludeD3Cold = WdfUseDefault;
    Settings->DxState = IdleCaps == IdleCannotWakeFromS0 ? PowerDeviceD3 : PowerDeviceMaximum;
}

/* ====================================================================================================
 * Interface forward declarations and IIDs
 * ================================================================================================== */

typedef struct IWDFObject IWDFObject;
typedef struct IWDFDriver IWDFDriver;
typedef struct IWDFDeviceInitialize IWDFDeviceInitialize;
typedef struct IWDFDevice IWDFDevice;
typedef struct IWDFNamedPropertyStore IWDFNamedPropertyStore;
typedef struct IWDFIoQueue IWDFIoQueue;
typedef struct IWDFIoRequest IWDFIoRequest;
typedef struct IWDFRequestCompletionParams IWDFRequestCompletionParams;
typedef struct IWDFIoRequestCompletionParams IWDFIoRequestCompletionParams;
typedef struct IWDFFile IWDFFile;
typedef struct IWDFDriverCreatedFile IWDFDriverCreatedFile;
typedef struct IWDFIoTarget IWDFIoTarget;
typedef struct IWDFIoTargetStateManagement IWDFIoTargetStateManagement;
typedef struct IWDFFileHandleTargetFactory IWDFFileHandleTargetFactory;
typedef struct IWDFMemory IWDFMemory;
typedef struct IObjectCleanup IObjectCleanup;
typedef struct IDriverEntry IDriverEntry;
typedef struct IPnpCallback IPnpCallback;
typedef struct IPnpCallbackSelfManagedIo IPnpCallbackSelfManagedIo;
typedef struct IPnpCallbackHardware IPnpCallbackHardware;
typedef struct IQueueCallbackCreate IQueueCallbackCreate;
typedef struct IQueueCallbackRead IQueueCallbackRead;
typedef struct IQueueCallbackWrite IQueueCallbackWrite;
typedef struct IQueueCallbackDeviceIoControl IQueueCallbackDeviceIoControl;
typedef struct IQueueCallbackDefaultIoHandler IQueueCallbackDefaultIoHandler;
typedef struct IQueueCallbackStateChange IQueueCallbackStateChange;
typedef struct IQueueCallbackIoStop IQueueCallbackIoStop;
typedef struct IQueueCallbackIoResume IQueueCallbackIoResume;
typedef struct IRequestCallbackCancel IRequestCallbackCancel;
typedef struct IRequestCallbackRequestCompletion IRequestCallbackRequestCompletion;
typedef struct IFileCallbackCleanup IFileCallbackCleanup;
typedef struct IFileCallbackClose IFileCallbackClose;
typedef struct IImpersonateCallback IImpersonateCallback;
typedef struct IWDFDeviceInitialize2 IWDFDeviceInitialize2;
typedef struct IWDFDevice2 IWDFDevice2;
typedef struct IWDFDevice3 IWDFDevice3;
typedef struct IWDFIoRequest2 IWDFIoRequest2;
typedef struct IWDFIoRequest3 IWDFIoRequest3;
typedef struct IWDFFile2 IWDFFile2;
typedef struct IWDFFile3 IWDFFile3;
typedef struct IWDFIoTarget2 IWDFIoTarget2;
typedef struct IWDFRemoteTarget IWDFRemoteTarget;
typedef struct IWDFWorkItem IWDFWorkItem;
typedef struct IWDFInterrupt IWDFInterrupt;
typedef struct IQueueCallbackIoCanceledOnQueue IQueueCallbackIoCanceledOnQueue;
typedef struct IPnpCallbackHardware2 IPnpCallbackHardware2;
typedef struct IWDFNamedPropertyStore2 IWDFNamedPropertyStore2;
typedef struct IWDFPropertyStoreFactory IWDFPropertyStoreFactory;
typedef struct IWDFUnifiedPropertyStore IWDFUnifiedPropertyStore;
typedef struct IWDFUnifiedPropertyStoreFactory IWDFUnifiedPropertyStoreFactory;
typedef struct IWDFCmResourceList IWDFCmResourceList;
typedef struct IWDFRemoteInterfaceInitialize IWDFRemoteInterfaceInitialize;
typedef struct IWDFRemoteInterface IWDFRemoteInterface;
typedef struct IPnpCallbackHardwareInterrupt IPnpCallbackHardwareInterrupt;
typedef struct IPnpCallbackRemoteInterfaceNotification IPnpCallbackRemoteInterfaceNotification;
typedef struct IRemoteInterfaceCallbackEvent IRemoteInterfaceCallbackEvent;
typedef struct IRemoteInterfaceCallbackRemoval IRemoteInterfaceCallbackRemoval;
typedef struct IRemoteTargetCallbackRemoval IRemoteTargetCallbackRemoval;
typedef struct IPowerPolicyCallbackWakeFromS0 IPowerPolicyCallbackWakeFromS0;
typedef struct IPowerPolicyCallbackWakeFromSx IPowerPolicyCallbackWakeFromSx;

WUDF_DEFINE_IID(IWDFObject, 0x64275c66, 0x2e71, 0x4060, 0xb5, 0xf4, 0x3a, 0x76, 0xdf, 0x96, 0xed, 0x3c)
WUDF_DEFINE_IID(IWDFDriver, 0xad368ebe, 0x4139, 0x43e3, 0xa8, 0x75, 0x69, 0xb2, 0x66, 0xa9, 0x13, 0x9c)
WUDF_DEFINE_IID(IWDFDeviceInitialize, 0x74cc381c, 0x0871, 0x43c1, 0x87, 0x8b, 0x3f, 0x7c, 0x9d, 0x16, 0x93, 0x3d)
WUDF_DEFINE_IID(IWDFDevice, 0xd657fe45, 0x460a, 0x49c3, 0x82, 0x19, 0x76, 0x6a, 0xe8, 0x03, 0x2a, 0x80)
WUDF_DEFINE_IID(IWDFNamedPropertyStore, 0x394b48c9, 0xbca0, 0x498f, 0x8e, 0x2c, 0x01, 0x22, 0x54, 0x64, 0xa9, 0x32)
WUDF_DEFINE_IID(IWDFIoQueue, 0xae1162b9, 0x8b11, 0x4714, 0x99, 0x3d, 0x93, 0xdc, 0x48, 0xcc, 0x9e, 0x8a)
WUDF_DEFINE_IID(IWDFIoRequest, 0x896df312, 0x22b4, 0x4a9d, 0x95, 0xdd, 0xa3, 0x64, 0xaa, 0xf5, 0x97, 0x69)
WUDF_DEFINE_IID(IWDFRequestCompletionParams, 0x707a2b42, 0x69b8, 0x4971, 0xa4, 0x9c, 0x40, 0x31, 0x86, 0x1e, 0x7a, 0xff)
WUDF_DEFINE_IID(IWDFIoRequestCompletionParams, 0x723d4f3c, 0x7722, 0x4c49, 0x99, 0xae, 0x19, 0x59, 0x37, 0xbd, 0x95, 0x82)
WUDF_DEFINE_IID(IWDFFile, 0xcc8fe04b, 0xfe8b, 0x4245, 0xaf, 0xd6, 0xc3, 0x1b, 0xc8, 0x30, 0xc7, 0x91)
WUDF_DEFINE_IID(IWDFDriverCreatedFile, 0xb7615d26, 0x494b, 0x47a6, 0xb4, 0xcf, 0x02, 0x71, 0xbc, 0xc3, 0xda, 0x4b)
WUDF_DEFINE_IID(IWDFIoTarget, 0xcc060d79, 0xc0c2, 0x407f, 0x8b, 0x10, 0xa5, 0xe9, 0x00, 0xfc, 0x34, 0x74)
WUDF_DEFINE_IID(IWDFIoTargetStateManagement, 0x88b077aa, 0xeff6, 0x4eba, 0x9e, 0x4d, 0x06, 0x4c, 0x70, 0x82, 0x2b, 0x98)
WUDF_DEFINE_IID(IWDFFileHandleTargetFactory, 0x1427b7e8, 0xe365, 0x400b, 0x9b, 0x92, 0x5a, 0xce, 0x55, 0x16, 0x8e, 0x25)
WUDF_DEFINE_IID(IWDFMemory, 0xab098f88, 0x8f16, 0x472a, 0xb0, 0xbc, 0xec, 0xa4, 0x64, 0x86, 0xc1, 0x02)
WUDF_DEFINE_IID(IObjectCleanup, 0x244abe3a, 0xabbc, 0x43b1, 0xa8, 0x77, 0xf0, 0x00, 0x77, 0x55, 0x0e, 0x6a)
WUDF_DEFINE_IID(IDriverEntry, 0x1bec7499, 0x8881, 0x4f2b, 0xb0, 0x1c, 0xa1, 0xa9, 0x07, 0x30, 0x4a, 0xfc)
WUDF_DEFINE_IID(IPnpCallback, 0x27c32374, 0xcc45, 0x4840, 0x85, 0x7e, 0x8e, 0x5e, 0xf7, 0xc0, 0xeb, 0xff)
WUDF_DEFINE_IID(IPnpCallbackSelfManagedIo, 0xd1c9ca4c, 0x46aa, 0x46f8, 0xbd, 0x8c, 0x6c, 0xa9, 0xde, 0xb1, 0x33, 0x40)
WUDF_DEFINE_IID(IPnpCallbackHardware, 0x51433bd3, 0xc7c1, 0x4bd8, 0xb4, 0xc1, 0xab, 0x1e, 0x03, 0x46, 0x26, 0xcc)
WUDF_DEFINE_IID(IQueueCallbackCreate, 0x7d8899f0, 0x8da9, 0x435f, 0x98, 0x3c, 0x7e, 0x17, 0xd4, 0x35, 0x69, 0x97)
WUDF_DEFINE_IID(IQueueCallbackRead, 0xc3072620, 0x1da6, 0x48fb, 0xb4, 0xfe, 0xed, 0x65, 0x2b, 0x16, 0xae, 0xb2)
WUDF_DEFINE_IID(IQueueCallbackWrite, 0x4888cbc5, 0x3fa2, 0x4ea3, 0x89, 0xa3, 0xc2, 0x0e, 0xd6, 0xe0, 0x47, 0x78)
WUDF_DEFINE_IID(IQueueCallbackDeviceIoControl, 0xc5411408, 0x0f1e, 0x4ed6, 0xa4, 0x12, 0x36, 0xdd, 0x15, 0xee, 0xe7, 0x07)
WUDF_DEFINE_IID(IQueueCallbackDefaultIoHandler, 0x15fb6d38, 0xfdd8, 0x4005, 0x8e, 0x55, 0xeb, 0x0b, 0x98, 0x31, 0x34, 0x99)
WUDF_DEFINE_IID(IQueueCallbackStateChange, 0xe7ece381, 0x7cb1, 0x468a, 0xbc, 0x43, 0xab, 0xd5, 0x94, 0x8f, 0xfc, 0x75)
WUDF_DEFINE_IID(IQueueCallbackIoStop, 0x3de3b961, 0x88fb, 0x435a, 0x9c, 0x14, 0x08, 0x68, 0xfb, 0x4f, 0xc6, 0x23)
WUDF_DEFINE_IID(IQueueCallbackIoResume, 0xbee9fd3c, 0x3dda, 0x4d9d, 0xa8, 0xfc, 0x02, 0xc3, 0x8d, 0x79, 0xf6, 0x63)
WUDF_DEFINE_IID(IRequestCallbackCancel, 0x4e9f1a77, 0x4587, 0x4235, 0x81, 0xc4, 0xe6, 0xd2, 0x45, 0x45, 0xa6, 0x56)
WUDF_DEFINE_IID(IRequestCallbackRequestCompletion, 0x8a7cc8cb, 0xceb2, 0x46f6, 0x98, 0x51, 0x77, 0xbd, 0x34, 0x7a, 0x15, 0xc2)
WUDF_DEFINE_IID(IFileCallbackCleanup, 0x35c5f79c, 0x6d81, 0x4819, 0xaa, 0x64, 0xd6, 0xa8, 0x93, 0x9d, 0x94, 0xd6)
WUDF_DEFINE_IID(IFileCallbackClose, 0xc28fd731, 0xf3f1, 0x4573, 0x97, 0xdc, 0x62, 0x0f, 0x72, 0xd0, 0x13, 0xa6)
WUDF_DEFINE_IID(IImpersonateCallback, 0x99b01d17, 0x9fbd, 0x4aa6, 0xb1, 0x6d, 0x82, 0xda, 0xb6, 0xa4, 0x10, 0x7f)
WUDF_DEFINE_IID(IWDFDeviceInitialize2, 0x424c00ba, 0xfcd0, 0x4c52, 0xbd, 0x4a, 0x6c, 0x5d, 0x3e, 0xc0, 0xdf, 0xd9)
WUDF_DEFINE_IID(IWDFDevice2, 0x1b0d07b1, 0xf596, 0x4a76, 0x99, 0xb3, 0xb9, 0x49, 0x2a, 0xd8, 0xdf, 0x9f)
WUDF_DEFINE_IID(IWDFDevice3, 0x863d943a, 0xc9cd, 0x4655, 0xa8, 0xd6, 0xc8, 0x4e, 0xf4, 0x11, 0xcc, 0x0d)
WUDF_DEFINE_IID(IWDFIoRequest2, 0x1b67f4cd, 0xb278, 0x4085, 0x93, 0xe7, 0x57, 0x97, 0x0d, 0x98, 0xb9, 0x2b)
WUDF_DEFINE_IID(IWDFIoRequest3, 0x92795040, 0xb8aa, 0x487a, 0xb1, 0x10, 0xb8, 0x0e, 0xbb, 0xd4, 0x0b, 0x44)
WUDF_DEFINE_IID(IWDFFile2, 0x97893137, 0xce7f, 0x4918, 0xbc, 0x43, 0xa9, 0x1a, 0xef, 0x84, 0xb0, 0x43)
WUDF_DEFINE_IID(IWDFFile3, 0x7188ca4f, 0x1bd4, 0x4fbc, 0xa3, 0x4a, 0x2d, 0xc7, 0xb5, 0x7f, 0x17, 0xcc)
WUDF_DEFINE_IID(IWDFIoTarget2, 0xeaebcbbb, 0xdeb5, 0x4849, 0x8a, 0xcf, 0xfb, 0x38, 0x33, 0x6b, 0x94, 0xc7)
WUDF_DEFINE_IID(IWDFRemoteTarget, 0xd3ddb29d, 0xbb46, 0x48de, 0x90, 0x1b, 0x96, 0xbe, 0xd7, 0xb1, 0xd3, 0x50)
WUDF_DEFINE_IID(IWDFWorkItem, 0xe3142542, 0x5259, 0x4f20, 0xa1, 0xed, 0xf5, 0x70, 0x55, 0xaf, 0x92, 0x65)
WUDF_DEFINE_IID(IWDFInterrupt, 0xaa2ad894, 0x1c27, 0x4ef4, 0xb6, 0x48, 0x0d, 0x22, 0x23, 0x52, 0x6b, 0x87)
WUDF_DEFINE_IID(IQueueCallbackIoCanceledOnQueue, 0x746383c4, 0x00a7, 0x4200, 0x80, 0x73, 0xc0, 0x2d, 0x07, 0x69, 0x76, 0xbe)
WUDF_DEFINE_IID(IPnpCallbackHardware2, 0x1493cd1b, 0xc546, 0x46bb, 0xbf, 0x47, 0xb2, 0x74, 0x65, 0x09, 0x33, 0x93)
WUDF_DEFINE_IID(IWDFNamedPropertyStore2, 0x1464ee0e, 0x8e0f, 0x4fda, 0xb1, 0xa0, 0xb3, 0x61, 0x4c, 0x40, 0x5d, 0x56)
WUDF_DEFINE_IID(IWDFPropertyStoreFactory, 0x45be7e06, 0x9b65, 0x434d, 0xa7, 0xd6, 0x95, 0x72, 0xd7, 0xf7, 0x3d, 0x53)
WUDF_DEFINE_IID(IWDFUnifiedPropertyStore, 0x6b966713, 0xac73, 0x4975, 0xac, 0x3c, 0x9d, 0xf3, 0x1c, 0x68, 0xda, 0x73)
WUDF_DEFINE_IID(IWDFUnifiedPropertyStoreFactory, 0x6ad8fac3, 0x8b77, 0x4997, 0x99, 0xe4, 0x6b, 0x78, 0xc5, 0xf5, 0x48, 0xd6)
WUDF_DEFINE_IID(IWDFCmResourceList, 0x9f4546e9, 0xfb4f, 0x4df6, 0xb8, 0xb8, 0xb3, 0x9e, 0x5d, 0x7d, 0x1a, 0xd4)
WUDF_DEFINE_IID(IWDFRemoteInterfaceInitialize, 0x8073d34c, 0x4a21, 0x4321, 0xb6, 0xc7, 0xa9, 0x63, 0xfb, 0xec, 0xb6, 0xad)
WUDF_DEFINE_IID(IWDFRemoteInterface, 0x49cbab14, 0xe7cf, 0x490b, 0x8c, 0xdd, 0xe0, 0xe6, 0xb2, 0xac, 0x02, 0x47)
WUDF_DEFINE_IID(IPnpCallbackHardwareInterrupt, 0x3856fef1, 0xa858, 0x41fd, 0x9b, 0xe4, 0xfa, 0x90, 0x01, 0x09, 0x99, 0xb1)
WUDF_DEFINE_IID(IPnpCallbackRemoteInterfaceNotification, 0xf9d48f27, 0xbdbe, 0x4a96, 0xaf, 0x96, 0x0e, 0x53, 0xe2, 0xa4, 0x36, 0xec)
WUDF_DEFINE_IID(IRemoteInterfaceCallbackEvent, 0xc50a4804, 0x7a31, 0x4c81, 0x9a, 0xb7, 0xe6, 0x60, 0x82, 0xf7, 0x99, 0x56)
WUDF_DEFINE_IID(IRemoteInterfaceCallbackRemoval, 0xee9baeed, 0xb8d7, 0x4097, 0xbe, 0x80, 0x04, 0x2d, 0xf7, 0x8f, 0xfb, 0xfd)
WUDF_DEFINE_IID(IRemoteTargetCallbackRemoval, 0xb3a0d163, 0xc4dd, 0x49cc, 0xae, 0xd2, 0xff, 0x52, 0x05, 0xc6, 0x7c, 0xe1)
WUDF_DEFINE_IID(IPowerPolicyCallbackWakeFromS0, 0x7ee9f0fa, 0x5a1a, 0x48df, 0xa3, 0x5e, 0x8d, 0xb4, 0x2f, 0x51, 0x9b, 0x66)
WUDF_DEFINE_IID(IPowerPolicyCallbackWakeFromSx, 0x3ab1426d, 0x689c, 0x4220, 0x90, 0x1e, 0x03, 0xc6, 0xd9, 0x09, 0xb5, 0xf5)

/* ====================================================================================================
 * Interfaces, in dependency order (a base before the interfaces derived from it)
 * ================================================================================================== */

/* ---- IWDFObject (UMDF 1.5), derives from IUnknown ---- */

typedef struct IWDFObjectVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFObject *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFObject *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFObject *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFObject *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFObject *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFObject *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFObject *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFObject *This);
    END_INTERFACE
} IWDFObjectVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFObject : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE DeleteWdfObject(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignContext(IObjectCleanup *pCleanupCallback, void *pContext) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveContext(void **ppvContext) = 0;
    virtual void STDMETHODCALLTYPE AcquireLock(void) = 0;
    virtual void STDMETHODCALLTYPE ReleaseLock(void) = 0;
};
#else
struct IWDFObject {
    const struct IWDFObjectVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFObject_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFObject_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFObject_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFObject_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFObject_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFObject_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFObject_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFObject_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#endif
#endif

/* ---- IWDFDriver (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFDriverVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFDriver *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFDriver *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFDriver *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFDriver *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFDriver *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFDriver *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFDriver *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFDriver *This);
    /* IWDFDriver */
    HRESULT (STDMETHODCALLTYPE *CreateDevice)(IWDFDriver *This, IWDFDeviceInitialize *pDeviceInit, IUnknown *pCallbackInterface, IWDFDevice **ppDevice);
    HRESULT (STDMETHODCALLTYPE *CreateWdfObject)(IWDFDriver *This, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFObject **ppWdfObject);
    HRESULT (STDMETHODCALLTYPE *CreatePreallocatedWdfMemory)(IWDFDriver *This, BYTE *pBuff, SIZE_T BufferSize, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory);
    HRESULT (STDMETHODCALLTYPE *CreateWdfMemory)(IWDFDriver *This, SIZE_T BufferSize, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory);
    BOOL (STDMETHODCALLTYPE *IsVersionAvailable)(IWDFDriver *This, UMDF_VERSION_DATA *pMinimumVersion);
    HRESULT (STDMETHODCALLTYPE *RetrieveVersionString)(IWDFDriver *This, PWSTR pVersion, DWORD *pdwVersionLength);
    END_INTERFACE
} IWDFDriverVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFDriver : public IWDFObject {
    virtual HRESULT STDMETHODCALLTYPE CreateDevice(IWDFDeviceInitialize *pDeviceInit, IUnknown *pCallbackInterface, IWDFDevice **ppDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWdfObject(IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFObject **ppWdfObject) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreatePreallocatedWdfMemory(BYTE *pBuff, SIZE_T BufferSize, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWdfMemory(SIZE_T BufferSize, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFMemory **ppWdfMemory) = 0;
    virtual BOOL STDMETHODCALLTYPE IsVersionAvailable(UMDF_VERSION_DATA *pMinimumVersion) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveVersionString(PWSTR pVersion, DWORD *pdwVersionLength) = 0;
};
#else
struct IWDFDriver {
    const struct IWDFDriverVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFDriver_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFDriver_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFDriver_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFDriver_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFDriver_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFDriver_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFDriver_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFDriver_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFDriver_CreateDevice(This, pDeviceInit, pCallbackInterface, ppDevice) ((This)->lpVtbl->CreateDevice(This, pDeviceInit, pCallbackInterface, ppDevice))
#define IWDFDriver_CreateWdfObject(This, pCallbackInterface, pParentObject, ppWdfObject) ((This)->lpVtbl->CreateWdfObject(This, pCallbackInterface, pParentObject, ppWdfObject))
#define IWDFDriver_CreatePreallocatedWdfMemory(This, pBuff, BufferSize, pCallbackInterface, pParentObject, ppWdfMemory) ((This)->lpVtbl->CreatePreallocatedWdfMemory(This, pBuff, BufferSize, pCallbackInterface, pParentObject, ppWdfMemory))
#define IWDFDriver_CreateWdfMemory(This, BufferSize, pCallbackInterface, pParentObject, ppWdfMemory) ((This)->lpVtbl->CreateWdfMemory(This, BufferSize, pCallbackInterface, pParentObject, ppWdfMemory))
#define IWDFDriver_IsVersionAvailable(This, pMinimumVersion) ((This)->lpVtbl->IsVersionAvailable(This, pMinimumVersion))
#define IWDFDriver_RetrieveVersionString(This, pVersion, pdwVersionLength) ((This)->lpVtbl->RetrieveVersionString(This, pVersion, pdwVersionLength))
#endif
#endif

/* ---- IWDFDeviceInitialize (UMDF 1.5), derives from IUnknown ---- */

typedef struct IWDFDeviceInitializeVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFDeviceInitialize *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFDeviceInitialize *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFDeviceInitialize *This);
    /* IWDFDeviceInitialize */
    void (STDMETHODCALLTYPE *SetFilter)(IWDFDeviceInitialize *This);
    void (STDMETHODCALLTYPE *SetLockingConstraint)(IWDFDeviceInitialize *This, WDF_CALLBACK_CONSTRAINT LockType);
    HRESULT (STDMETHODCALLTYPE *RetrieveDevicePropertyStore)(IWDFDeviceInitialize *This, PCWSTR pcwszServiceName, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore, WDF_PROPERTY_STORE_DISPOSITION *pDisposition);
    void (STDMETHODCALLTYPE *SetPowerPolicyOwnership)(IWDFDeviceInitialize *This, BOOL fTrue);
    void (STDMETHODCALLTYPE *AutoForwardCreateCleanupClose)(IWDFDeviceInitialize *This, WDF_TRI_STATE State);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceInstanceId)(IWDFDeviceInitialize *This, PWSTR Buffer, DWORD *pdwSizeInChars);
    void (STDMETHODCALLTYPE *SetPnpCapability)(IWDFDeviceInitialize *This, WDF_PNP_CAPABILITY Capability, WDF_TRI_STATE Value);
    WDF_TRI_STATE (STDMETHODCALLTYPE *GetPnpCapability)(IWDFDeviceInitialize *This, WDF_PNP_CAPABILITY Capability);
    END_INTERFACE
} IWDFDeviceInitializeVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFDeviceInitialize : public IUnknown {
    virtual void STDMETHODCALLTYPE SetFilter(void) = 0;
    virtual void STDMETHODCALLTYPE SetLockingConstraint(WDF_CALLBACK_CONSTRAINT LockType) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDevicePropertyStore(PCWSTR pcwszServiceName, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore, WDF_PROPERTY_STORE_DISPOSITION *pDisposition) = 0;
    virtual void STDMETHODCALLTYPE SetPowerPolicyOwnership(BOOL fTrue) = 0;
    virtual void STDMETHODCALLTYPE AutoForwardCreateCleanupClose(WDF_TRI_STATE State) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDeviceInstanceId(PWSTR Buffer, DWORD *pdwSizeInChars) = 0;
    virtual void STDMETHODCALLTYPE SetPnpCapability(WDF_PNP_CAPABILITY Capability, WDF_TRI_STATE Value) = 0;
    virtual WDF_TRI_STATE STDMETHODCALLTYPE GetPnpCapability(WDF_PNP_CAPABILITY Capability) = 0;
};
#else
struct IWDFDeviceInitialize {
    const struct IWDFDeviceInitializeVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFDeviceInitialize_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFDeviceInitialize_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFDeviceInitialize_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFDeviceInitialize_SetFilter(This) ((This)->lpVtbl->SetFilter(This))
#define IWDFDeviceInitialize_SetLockingConstraint(This, LockType) ((This)->lpVtbl->SetLockingConstraint(This, LockType))
#define IWDFDeviceInitialize_RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition) ((This)->lpVtbl->RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition))
#define IWDFDeviceInitialize_SetPowerPolicyOwnership(This, fTrue) ((This)->lpVtbl->SetPowerPolicyOwnership(This, fTrue))
#define IWDFDeviceInitialize_AutoForwardCreateCleanupClose(This, State) ((This)->lpVtbl->AutoForwardCreateCleanupClose(This, State))
#define IWDFDeviceInitialize_RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars) ((This)->lpVtbl->RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars))
#define IWDFDeviceInitialize_SetPnpCapability(This, Capability, Value) ((This)->lpVtbl->SetPnpCapability(This, Capability, Value))
#define IWDFDeviceInitialize_GetPnpCapability(This, Capability) ((This)->lpVtbl->GetPnpCapability(This, Capability))
#endif
#endif

/* ---- IWDFDevice (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFDeviceVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFDevice *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFDevice *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFDevice *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFDevice *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFDevice *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFDevice *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFDevice *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFDevice *This);
    /* IWDFDevice */
    HRESULT (STDMETHODCALLTYPE *RetrieveDevicePropertyStore)(IWDFDevice *This, PCWSTR pcwszServiceName, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore, WDF_PROPERTY_STORE_DISPOSITION *pDisposition);
    void (STDMETHODCALLTYPE *GetDriver)(IWDFDevice *This, IWDFDriver **ppWdfDriver);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceInstanceId)(IWDFDevice *This, PWSTR Buffer, DWORD *pdwSizeInChars);
    void (STDMETHODCALLTYPE *GetDefaultIoTarget)(IWDFDevice *This, IWDFIoTarget **ppWdfIoTarget);
    HRESULT (STDMETHODCALLTYPE *CreateWdfFile)(IWDFDevice *This, LPCWSTR pcwszFileName, IWDFDriverCreatedFile **ppFile);
    void (STDMETHODCALLTYPE *GetDefaultIoQueue)(IWDFDevice *This, IWDFIoQueue **ppWdfIoQueue);
    HRESULT (STDMETHODCALLTYPE *CreateIoQueue)(IWDFDevice *This, IUnknown *pCallbackInterface, BOOL bDefaultQueue, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType, BOOL bPowerManaged, BOOL bAllowZeroLengthRequests, IWDFIoQueue **ppIoQueue);
    HRESULT (STDMETHODCALLTYPE *CreateDeviceInterface)(IWDFDevice *This, LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString);
    HRESULT (STDMETHODCALLTYPE *AssignDeviceInterfaceState)(IWDFDevice *This, LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString, BOOL Enable);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceName)(IWDFDevice *This, PWSTR pDeviceName, DWORD *pdwDeviceNameLength);
    HRESULT (STDMETHODCALLTYPE *PostEvent)(IWDFDevice *This, REFGUID EventGuid, WDF_EVENT_TYPE EventType, BYTE *pbData, DWORD cbDataSize);
    HRESULT (STDMETHODCALLTYPE *ConfigureRequestDispatching)(IWDFDevice *This, IWDFIoQueue *pQueue, WDF_REQUEST_TYPE RequestType, BOOL Forward);
    void (STDMETHODCALLTYPE *SetPnpState)(IWDFDevice *This, WDF_PNP_STATE State, WDF_TRI_STATE Value);
    WDF_TRI_STATE (STDMETHODCALLTYPE *GetPnpState)(IWDFDevice *This, WDF_PNP_STATE State);
    void (STDMETHODCALLTYPE *CommitPnpState)(IWDFDevice *This);
    HRESULT (STDMETHODCALLTYPE *CreateRequest)(IWDFDevice *This, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFIoRequest **ppRequest);
    HRESULT (STDMETHODCALLTYPE *CreateSymbolicLink)(IWDFDevice *This, PCWSTR pSymbolicLink);
    END_INTERFACE
} IWDFDeviceVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFDevice : public IWDFObject {
    virtual HRESULT STDMETHODCALLTYPE RetrieveDevicePropertyStore(PCWSTR pcwszServiceName, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore, WDF_PROPERTY_STORE_DISPOSITION *pDisposition) = 0;
    virtual void STDMETHODCALLTYPE GetDriver(IWDFDriver **ppWdfDriver) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDeviceInstanceId(PWSTR Buffer, DWORD *pdwSizeInChars) = 0;
    virtual void STDMETHODCALLTYPE GetDefaultIoTarget(IWDFIoTarget **ppWdfIoTarget) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWdfFile(LPCWSTR pcwszFileName, IWDFDriverCreatedFile **ppFile) = 0;
    virtual void STDMETHODCALLTYPE GetDefaultIoQueue(IWDFIoQueue **ppWdfIoQueue) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateIoQueue(IUnknown *pCallbackInterface, BOOL bDefaultQueue, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType, BOOL bPowerManaged, BOOL bAllowZeroLengthRequests, IWDFIoQueue **ppIoQueue) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateDeviceInterface(LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString) = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignDeviceInterfaceState(LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString, BOOL Enable) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveDeviceName(PWSTR pDeviceName, DWORD *pdwDeviceNameLength) = 0;
    virtual HRESULT STDMETHODCALLTYPE PostEvent(REFGUID EventGuid, WDF_EVENT_TYPE EventType, BYTE *pbData, DWORD cbDataSize) = 0;
    virtual HRESULT STDMETHODCALLTYPE ConfigureRequestDispatching(IWDFIoQueue *pQueue, WDF_REQUEST_TYPE RequestType, BOOL Forward) = 0;
    virtual void STDMETHODCALLTYPE SetPnpState(WDF_PNP_STATE State, WDF_TRI_STATE Value) = 0;
    virtual WDF_TRI_STATE STDMETHODCALLTYPE GetPnpState(WDF_PNP_STATE State) = 0;
    virtual void STDMETHODCALLTYPE CommitPnpState(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateRequest(IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFIoRequest **ppRequest) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateSymbolicLink(PCWSTR pSymbolicLink) = 0;
};
#else
struct IWDFDevice {
    const struct IWDFDeviceVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFDevice_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFDevice_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFDevice_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFDevice_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFDevice_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFDevice_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFDevice_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFDevice_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFDevice_RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition) ((This)->lpVtbl->RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition))
#define IWDFDevice_GetDriver(This, ppWdfDriver) ((This)->lpVtbl->GetDriver(This, ppWdfDriver))
#define IWDFDevice_RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars) ((This)->lpVtbl->RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars))
#define IWDFDevice_GetDefaultIoTarget(This, ppWdfIoTarget) ((This)->lpVtbl->GetDefaultIoTarget(This, ppWdfIoTarget))
#define IWDFDevice_CreateWdfFile(This, pcwszFileName, ppFile) ((This)->lpVtbl->CreateWdfFile(This, pcwszFileName, ppFile))
#define IWDFDevice_GetDefaultIoQueue(This, ppWdfIoQueue) ((This)->lpVtbl->GetDefaultIoQueue(This, ppWdfIoQueue))
#define IWDFDevice_CreateIoQueue(This, pCallbackInterface, bDefaultQueue, DispatchType, bPowerManaged, bAllowZeroLengthRequests, ppIoQueue) ((This)->lpVtbl->CreateIoQueue(This, pCallbackInterface, bDefaultQueue, DispatchType, bPowerManaged, bAllowZeroLengthRequests, ppIoQueue))
#define IWDFDevice_CreateDeviceInterface(This, pDeviceInterfaceGuid, pReferenceString) ((This)->lpVtbl->CreateDeviceInterface(This, pDeviceInterfaceGuid, pReferenceString))
#define IWDFDevice_AssignDeviceInterfaceState(This, pDeviceInterfaceGuid, pReferenceString, Enable) ((This)->lpVtbl->AssignDeviceInterfaceState(This, pDeviceInterfaceGuid, pReferenceString, Enable))
#define IWDFDevice_RetrieveDeviceName(This, pDeviceName, pdwDeviceNameLength) ((This)->lpVtbl->RetrieveDeviceName(This, pDeviceName, pdwDeviceNameLength))
#define IWDFDevice_PostEvent(This, EventGuid, EventType, pbData, cbDataSize) ((This)->lpVtbl->PostEvent(This, EventGuid, EventType, pbData, cbDataSize))
#define IWDFDevice_ConfigureRequestDispatching(This, pQueue, RequestType, Forward) ((This)->lpVtbl->ConfigureRequestDispatching(This, pQueue, RequestType, Forward))
#define IWDFDevice_SetPnpState(This, State, Value) ((This)->lpVtbl->SetPnpState(This, State, Value))
#define IWDFDevice_GetPnpState(This, State) ((This)->lpVtbl->GetPnpState(This, State))
#define IWDFDevice_CommitPnpState(This) ((This)->lpVtbl->CommitPnpState(This))
#define IWDFDevice_CreateRequest(This, pCallbackInterface, pParentObject, ppRequest) ((This)->lpVtbl->CreateRequest(This, pCallbackInterface, pParentObject, ppRequest))
#define IWDFDevice_CreateSymbolicLink(This, pSymbolicLink) ((This)->lpVtbl->CreateSymbolicLink(This, pSymbolicLink))
#endif
#endif

/* ---- IWDFNamedPropertyStore (UMDF 1.5), derives from IUnknown ---- */

typedef struct IWDFNamedPropertyStoreVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFNamedPropertyStore *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFNamedPropertyStore *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFNamedPropertyStore *This);
    /* IWDFNamedPropertyStore */
    HRESULT (STDMETHODCALLTYPE *GetNamedValue)(IWDFNamedPropertyStore *This, LPCWSTR pszName, PROPVARIANT *pv);
    HRESULT (STDMETHODCALLTYPE *SetNamedValue)(IWDFNamedPropertyStore *This, LPCWSTR pszName, const PROPVARIANT *pv);
    HRESULT (STDMETHODCALLTYPE *GetNameCount)(IWDFNamedPropertyStore *This, DWORD *pdwCount);
    HRESULT (STDMETHODCALLTYPE *GetNameAt)(IWDFNamedPropertyStore *This, DWORD iProp, PWSTR *ppwszName);
    END_INTERFACE
} IWDFNamedPropertyStoreVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFNamedPropertyStore : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE GetNamedValue(LPCWSTR pszName, PROPVARIANT *pv) = 0;
    virtual HRESULT STDMETHODCALLTYPE SetNamedValue(LPCWSTR pszName, const PROPVARIANT *pv) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetNameCount(DWORD *pdwCount) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetNameAt(DWORD iProp, PWSTR *ppwszName) = 0;
};
#else
struct IWDFNamedPropertyStore {
    const struct IWDFNamedPropertyStoreVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFNamedPropertyStore_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFNamedPropertyStore_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFNamedPropertyStore_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFNamedPropertyStore_GetNamedValue(This, pszName, pv) ((This)->lpVtbl->GetNamedValue(This, pszName, pv))
#define IWDFNamedPropertyStore_SetNamedValue(This, pszName, pv) ((This)->lpVtbl->SetNamedValue(This, pszName, pv))
#define IWDFNamedPropertyStore_GetNameCount(This, pdwCount) ((This)->lpVtbl->GetNameCount(This, pdwCount))
#define IWDFNamedPropertyStore_GetNameAt(This, iProp, ppwszName) ((This)->lpVtbl->GetNameAt(This, iProp, ppwszName))
#endif
#endif

/* ---- IWDFIoQueue (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFIoQueueVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoQueue *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoQueue *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoQueue *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFIoQueue *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFIoQueue *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFIoQueue *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFIoQueue *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFIoQueue *This);
    /* IWDFIoQueue */
    void (STDMETHODCALLTYPE *GetDevice)(IWDFIoQueue *This, IWDFDevice **ppWdfDevice);
    HRESULT (STDMETHODCALLTYPE *ConfigureRequestDispatching)(IWDFIoQueue *This, WDF_REQUEST_TYPE RequestType, BOOL Forward);
    WDF_IO_QUEUE_STATE (STDMETHODCALLTYPE *GetState)(IWDFIoQueue *This, ULONG *pulNumOfRequestsInQueue, ULONG *pulNumOfRequestsInDriver);
    HRESULT (STDMETHODCALLTYPE *RetrieveNextRequest)(IWDFIoQueue *This, IWDFIoRequest **ppRequest);
    HRESULT (STDMETHODCALLTYPE *RetrieveNextRequestByFileObject)(IWDFIoQueue *This, IWDFFile *pFile, IWDFIoRequest **ppRequest);
    void (STDMETHODCALLTYPE *Start)(IWDFIoQueue *This);
    void (STDMETHODCALLTYPE *Stop)(IWDFIoQueue *This, IQueueCallbackStateChange *pStopComplete);
    void (STDMETHODCALLTYPE *StopSynchronously)(IWDFIoQueue *This);
    void (STDMETHODCALLTYPE *Drain)(IWDFIoQueue *This, IQueueCallbackStateChange *pDrainComplete);
    void (STDMETHODCALLTYPE *DrainSynchronously)(IWDFIoQueue *This);
    void (STDMETHODCALLTYPE *Purge)(IWDFIoQueue *This, IQueueCallbackStateChange *pPurgeComplete);
    void (STDMETHODCALLTYPE *PurgeSynchronously)(IWDFIoQueue *This);
    END_INTERFACE
} IWDFIoQueueVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoQueue : public IWDFObject {
    virtual void STDMETHODCALLTYPE GetDevice(IWDFDevice **ppWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE ConfigureRequestDispatching(WDF_REQUEST_TYPE RequestType, BOOL Forward) = 0;
    virtual WDF_IO_QUEUE_STATE STDMETHODCALLTYPE GetState(ULONG *pulNumOfRequestsInQueue, ULONG *pulNumOfRequestsInDriver) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveNextRequest(IWDFIoRequest **ppRequest) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveNextRequestByFileObject(IWDFFile *pFile, IWDFIoRequest **ppRequest) = 0;
    virtual void STDMETHODCALLTYPE Start(void) = 0;
    virtual void STDMETHODCALLTYPE Stop(IQueueCallbackStateChange *pStopComplete) = 0;
    virtual void STDMETHODCALLTYPE StopSynchronously(void) = 0;
    virtual void STDMETHODCALLTYPE Drain(IQueueCallbackStateChange *pDrainComplete) = 0;
    virtual void STDMETHODCALLTYPE DrainSynchronously(void) = 0;
    virtual void STDMETHODCALLTYPE Purge(IQueueCallbackStateChange *pPurgeComplete) = 0;
    virtual void STDMETHODCALLTYPE PurgeSynchronously(void) = 0;
};
#else
struct IWDFIoQueue {
    const struct IWDFIoQueueVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoQueue_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoQueue_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoQueue_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoQueue_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFIoQueue_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFIoQueue_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFIoQueue_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFIoQueue_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFIoQueue_GetDevice(This, ppWdfDevice) ((This)->lpVtbl->GetDevice(This, ppWdfDevice))
#define IWDFIoQueue_ConfigureRequestDispatching(This, RequestType, Forward) ((This)->lpVtbl->ConfigureRequestDispatching(This, RequestType, Forward))
#define IWDFIoQueue_GetState(This, pulNumOfRequestsInQueue, pulNumOfRequestsInDriver) ((This)->lpVtbl->GetState(This, pulNumOfRequestsInQueue, pulNumOfRequestsInDriver))
#define IWDFIoQueue_RetrieveNextRequest(This, ppRequest) ((This)->lpVtbl->RetrieveNextRequest(This, ppRequest))
#define IWDFIoQueue_RetrieveNextRequestByFileObject(This, pFile, ppRequest) ((This)->lpVtbl->RetrieveNextRequestByFileObject(This, pFile, ppRequest))
#define IWDFIoQueue_Start(This) ((This)->lpVtbl->Start(This))
#define IWDFIoQueue_Stop(This, pStopComplete) ((This)->lpVtbl->Stop(This, pStopComplete))
#define IWDFIoQueue_StopSynchronously(This) ((This)->lpVtbl->StopSynchronously(This))
#define IWDFIoQueue_Drain(This, pDrainComplete) ((This)->lpVtbl->Drain(This, pDrainComplete))
#define IWDFIoQueue_DrainSynchronously(This) ((This)->lpVtbl->DrainSynchronously(This))
#define IWDFIoQueue_Purge(This, pPurgeComplete) ((This)->lpVtbl->Purge(This, pPurgeComplete))
#define IWDFIoQueue_PurgeSynchronously(This) ((This)->lpVtbl->PurgeSynchronously(This))
#endif
#endif

/* ---- IWDFIoRequest (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFIoRequestVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoRequest *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoRequest *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoRequest *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFIoRequest *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFIoRequest *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFIoRequest *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFIoRequest *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFIoRequest *This);
    /* IWDFIoRequest */
    void (STDMETHODCALLTYPE *CompleteWithInformation)(IWDFIoRequest *This, HRESULT CompletionStatus, SIZE_T Information);
    void (STDMETHODCALLTYPE *SetInformation)(IWDFIoRequest *This, ULONG_PTR Information);
    void (STDMETHODCALLTYPE *Complete)(IWDFIoRequest *This, HRESULT CompletionStatus);
    void (STDMETHODCALLTYPE *SetCompletionCallback)(IWDFIoRequest *This, IRequestCallbackRequestCompletion *pCompletionCallback, void *pContext);
    WDF_REQUEST_TYPE (STDMETHODCALLTYPE *GetType)(IWDFIoRequest *This);
    void (STDMETHODCALLTYPE *GetCreateParameters)(IWDFIoRequest *This, ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess);
    void (STDMETHODCALLTYPE *GetReadParameters)(IWDFIoRequest *This, SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey);
    void (STDMETHODCALLTYPE *GetWriteParameters)(IWDFIoRequest *This, SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey);
    void (STDMETHODCALLTYPE *GetDeviceIoControlParameters)(IWDFIoRequest *This, ULONG *pControlCode, SIZE_T *pInBufferSize, SIZE_T *pOutBufferSize);
    void (STDMETHODCALLTYPE *GetOutputMemory)(IWDFIoRequest *This, IWDFMemory **ppWdfMemory);
    void (STDMETHODCALLTYPE *GetInputMemory)(IWDFIoRequest *This, IWDFMemory **ppWdfMemory);
    void (STDMETHODCALLTYPE *MarkCancelable)(IWDFIoRequest *This, IRequestCallbackCancel *pCancelCallback);
    HRESULT (STDMETHODCALLTYPE *UnmarkCancelable)(IWDFIoRequest *This);
    BOOL (STDMETHODCALLTYPE *CancelSentRequest)(IWDFIoRequest *This);
    HRESULT (STDMETHODCALLTYPE *ForwardToIoQueue)(IWDFIoRequest *This, IWDFIoQueue *pDestination);
    HRESULT (STDMETHODCALLTYPE *Send)(IWDFIoRequest *This, IWDFIoTarget *pIoTarget, ULONG Flags, LONGLONG Timeout);
    void (STDMETHODCALLTYPE *GetFileObject)(IWDFIoRequest *This, IWDFFile **ppFileObject);
    void (STDMETHODCALLTYPE *FormatUsingCurrentType)(IWDFIoRequest *This);
    ULONG (STDMETHODCALLTYPE *GetRequestorProcessId)(IWDFIoRequest *This);
    void (STDMETHODCALLTYPE *GetIoQueue)(IWDFIoRequest *This, IWDFIoQueue **ppWdfIoQueue);
    HRESULT (STDMETHODCALLTYPE *Impersonate)(IWDFIoRequest *This, SECURITY_IMPERSONATION_LEVEL ImpersonationLevel, IImpersonateCallback *pCallback, void *pvCallbackContext);
    BOOL (STDMETHODCALLTYPE *IsFrom32BitProcess)(IWDFIoRequest *This);
    void (STDMETHODCALLTYPE *GetCompletionParams)(IWDFIoRequest *This, IWDFRequestCompletionParams **ppCompletionParams);
    END_INTERFACE
} IWDFIoRequestVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoRequest : public IWDFObject {
    virtual void STDMETHODCALLTYPE CompleteWithInformation(HRESULT CompletionStatus, SIZE_T Information) = 0;
    virtual void STDMETHODCALLTYPE SetInformation(ULONG_PTR Information) = 0;
    virtual void STDMETHODCALLTYPE Complete(HRESULT CompletionStatus) = 0;
    virtual void STDMETHODCALLTYPE SetCompletionCallback(IRequestCallbackRequestCompletion *pCompletionCallback, void *pContext) = 0;
    virtual WDF_REQUEST_TYPE STDMETHODCALLTYPE GetType(void) = 0;
    virtual void STDMETHODCALLTYPE GetCreateParameters(ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess) = 0;
    virtual void STDMETHODCALLTYPE GetReadParameters(SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey) = 0;
    virtual void STDMETHODCALLTYPE GetWriteParameters(SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey) = 0;
    virtual void STDMETHODCALLTYPE GetDeviceIoControlParameters(ULONG *pControlCode, SIZE_T *pInBufferSize, SIZE_T *pOutBufferSize) = 0;
    virtual void STDMETHODCALLTYPE GetOutputMemory(IWDFMemory **ppWdfMemory) = 0;
    virtual void STDMETHODCALLTYPE GetInputMemory(IWDFMemory **ppWdfMemory) = 0;
    virtual void STDMETHODCALLTYPE MarkCancelable(IRequestCallbackCancel *pCancelCallback) = 0;
    virtual HRESULT STDMETHODCALLTYPE UnmarkCancelable(void) = 0;
    virtual BOOL STDMETHODCALLTYPE CancelSentRequest(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE ForwardToIoQueue(IWDFIoQueue *pDestination) = 0;
    virtual HRESULT STDMETHODCALLTYPE Send(IWDFIoTarget *pIoTarget, ULONG Flags, LONGLONG Timeout) = 0;
    virtual void STDMETHODCALLTYPE GetFileObject(IWDFFile **ppFileObject) = 0;
    virtual void STDMETHODCALLTYPE FormatUsingCurrentType(void) = 0;
    virtual ULONG STDMETHODCALLTYPE GetRequestorProcessId(void) = 0;
    virtual void STDMETHODCALLTYPE GetIoQueue(IWDFIoQueue **ppWdfIoQueue) = 0;
    virtual HRESULT STDMETHODCALLTYPE Impersonate(SECURITY_IMPERSONATION_LEVEL ImpersonationLevel, IImpersonateCallback *pCallback, void *pvCallbackContext) = 0;
    virtual BOOL STDMETHODCALLTYPE IsFrom32BitProcess(void) = 0;
    virtual void STDMETHODCALLTYPE GetCompletionParams(IWDFRequestCompletionParams **ppCompletionParams) = 0;
};
#else
struct IWDFIoRequest {
    const struct IWDFIoRequestVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoRequest_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoRequest_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoRequest_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoRequest_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFIoRequest_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFIoRequest_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFIoRequest_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFIoRequest_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFIoRequest_CompleteWithInformation(This, CompletionStatus, Information) ((This)->lpVtbl->CompleteWithInformation(This, CompletionStatus, Information))
#define IWDFIoRequest_SetInformation(This, Information) ((This)->lpVtbl->SetInformation(This, Information))
#define IWDFIoRequest_Complete(This, CompletionStatus) ((This)->lpVtbl->Complete(This, CompletionStatus))
#define IWDFIoRequest_SetCompletionCallback(This, pCompletionCallback, pContext) ((This)->lpVtbl->SetCompletionCallback(This, pCompletionCallback, pContext))
#define IWDFIoRequest_GetType(This) ((This)->lpVtbl->GetType(This))
#define IWDFIoRequest_GetCreateParameters(This, pOptions, pFileAttributes, pShareAccess) ((This)->lpVtbl->GetCreateParameters(This, pOptions, pFileAttributes, pShareAccess))
#define IWDFIoRequest_GetReadParameters(This, pSizeInBytes, pullOffset, pulKey) ((This)->lpVtbl->GetReadParameters(This, pSizeInBytes, pullOffset, pulKey))
#define IWDFIoRequest_GetWriteParameters(This, pSizeInBytes, pullOffset, pulKey) ((This)->lpVtbl->GetWriteParameters(This, pSizeInBytes, pullOffset, pulKey))
#define IWDFIoRequest_GetDeviceIoControlParameters(This, pControlCode, pInBufferSize, pOutBufferSize) ((This)->lpVtbl->GetDeviceIoControlParameters(This, pControlCode, pInBufferSize, pOutBufferSize))
#define IWDFIoRequest_GetOutputMemory(This, ppWdfMemory) ((This)->lpVtbl->GetOutputMemory(This, ppWdfMemory))
#define IWDFIoRequest_GetInputMemory(This, ppWdfMemory) ((This)->lpVtbl->GetInputMemory(This, ppWdfMemory))
#define IWDFIoRequest_MarkCancelable(This, pCancelCallback) ((This)->lpVtbl->MarkCancelable(This, pCancelCallback))
#define IWDFIoRequest_UnmarkCancelable(This) ((This)->lpVtbl->UnmarkCancelable(This))
#define IWDFIoRequest_CancelSentRequest(This) ((This)->lpVtbl->CancelSentRequest(This))
#define IWDFIoRequest_ForwardToIoQueue(This, pDestination) ((This)->lpVtbl->ForwardToIoQueue(This, pDestination))
#define IWDFIoRequest_Send(This, pIoTarget, Flags, Timeout) ((This)->lpVtbl->Send(This, pIoTarget, Flags, Timeout))
#define IWDFIoRequest_GetFileObject(This, ppFileObject) ((This)->lpVtbl->GetFileObject(This, ppFileObject))
#define IWDFIoRequest_FormatUsingCurrentType(This) ((This)->lpVtbl->FormatUsingCurrentType(This))
#define IWDFIoRequest_GetRequestorProcessId(This) ((This)->lpVtbl->GetRequestorProcessId(This))
#define IWDFIoRequest_GetIoQueue(This, ppWdfIoQueue) ((This)->lpVtbl->GetIoQueue(This, ppWdfIoQueue))
#define IWDFIoRequest_Impersonate(This, ImpersonationLevel, pCallback, pvCallbackContext) ((This)->lpVtbl->Impersonate(This, ImpersonationLevel, pCallback, pvCallbackContext))
#define IWDFIoRequest_IsFrom32BitProcess(This) ((This)->lpVtbl->IsFrom32BitProcess(This))
#define IWDFIoRequest_GetCompletionParams(This, ppCompletionParams) ((This)->lpVtbl->GetCompletionParams(This, ppCompletionParams))
#endif
#endif

/* ---- IWDFRequestCompletionParams (UMDF 1.5), derives from IUnknown ---- */

typedef struct IWDFRequestCompletionParamsVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFRequestCompletionParams *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFRequestCompletionParams *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFRequestCompletionParams *This);
    /* IWDFRequestCompletionParams */
    HRESULT (STDMETHODCALLTYPE *GetCompletionStatus)(IWDFRequestCompletionParams *This);
    ULONG_PTR (STDMETHODCALLTYPE *GetInformation)(IWDFRequestCompletionParams *This);
    WDF_REQUEST_TYPE (STDMETHODCALLTYPE *GetCompletedRequestType)(IWDFRequestCompletionParams *This);
    END_INTERFACE
} IWDFRequestCompletionParamsVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFRequestCompletionParams : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE GetCompletionStatus(void) = 0;
    virtual ULONG_PTR STDMETHODCALLTYPE GetInformation(void) = 0;
    virtual WDF_REQUEST_TYPE STDMETHODCALLTYPE GetCompletedRequestType(void) = 0;
};
#else
struct IWDFRequestCompletionParams {
    const struct IWDFRequestCompletionParamsVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFRequestCompletionParams_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFRequestCompletionParams_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFRequestCompletionParams_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFRequestCompletionParams_GetCompletionStatus(This) ((This)->lpVtbl->GetCompletionStatus(This))
#define IWDFRequestCompletionParams_GetInformation(This) ((This)->lpVtbl->GetInformation(This))
#define IWDFRequestCompletionParams_GetCompletedRequestType(This) ((This)->lpVtbl->GetCompletedRequestType(This))
#endif
#endif

/* ---- IWDFIoRequestCompletionParams (UMDF 1.5), derives from IWDFRequestCompletionParams ---- */

typedef struct IWDFIoRequestCompletionParamsVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoRequestCompletionParams *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoRequestCompletionParams *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoRequestCompletionParams *This);
    /* IWDFRequestCompletionParams */
    HRESULT (STDMETHODCALLTYPE *GetCompletionStatus)(IWDFIoRequestCompletionParams *This);
    ULONG_PTR (STDMETHODCALLTYPE *GetInformation)(IWDFIoRequestCompletionParams *This);
    WDF_REQUEST_TYPE (STDMETHODCALLTYPE *GetCompletedRequestType)(IWDFIoRequestCompletionParams *This);
    /* IWDFIoRequestCompletionParams */
    void (STDMETHODCALLTYPE *GetWriteParameters)(IWDFIoRequestCompletionParams *This, IWDFMemory **ppWriteMemory, SIZE_T *pBytesWritten, SIZE_T *pWriteMemoryOffset);
    void (STDMETHODCALLTYPE *GetReadParameters)(IWDFIoRequestCompletionParams *This, IWDFMemory **ppReadMemory, SIZE_T *pBytesRead, SIZE_T *pReadMemoryOffset);
    void (STDMETHODCALLTYPE *GetIoctlParameters)(IWDFIoRequestCompletionParams *This, ULONG *pIoControlCode, IWDFMemory **ppInputMemory, SIZE_T *pInputMemoryOffset, IWDFMemory **ppOutputMemory, SIZE_T *pOutputMemoryOffset, SIZE_T *pOutBytes);
    END_INTERFACE
} IWDFIoRequestCompletionParamsVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoRequestCompletionParams : public IWDFRequestCompletionParams {
    virtual void STDMETHODCALLTYPE GetWriteParameters(IWDFMemory **ppWriteMemory, SIZE_T *pBytesWritten, SIZE_T *pWriteMemoryOffset) = 0;
    virtual void STDMETHODCALLTYPE GetReadParameters(IWDFMemory **ppReadMemory, SIZE_T *pBytesRead, SIZE_T *pReadMemoryOffset) = 0;
    virtual void STDMETHODCALLTYPE GetIoctlParameters(ULONG *pIoControlCode, IWDFMemory **ppInputMemory, SIZE_T *pInputMemoryOffset, IWDFMemory **ppOutputMemory, SIZE_T *pOutputMemoryOffset, SIZE_T *pOutBytes) = 0;
};
#else
struct IWDFIoRequestCompletionParams {
    const struct IWDFIoRequestCompletionParamsVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoRequestCompletionParams_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoRequestCompletionParams_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoRequestCompletionParams_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoRequestCompletionParams_GetCompletionStatus(This) ((This)->lpVtbl->GetCompletionStatus(This))
#define IWDFIoRequestCompletionParams_GetInformation(This) ((This)->lpVtbl->GetInformation(This))
#define IWDFIoRequestCompletionParams_GetCompletedRequestType(This) ((This)->lpVtbl->GetCompletedRequestType(This))
#define IWDFIoRequestCompletionParams_GetWriteParameters(This, ppWriteMemory, pBytesWritten, pWriteMemoryOffset) ((This)->lpVtbl->GetWriteParameters(This, ppWriteMemory, pBytesWritten, pWriteMemoryOffset))
#define IWDFIoRequestCompletionParams_GetReadParameters(This, ppReadMemory, pBytesRead, pReadMemoryOffset) ((This)->lpVtbl->GetReadParameters(This, ppReadMemory, pBytesRead, pReadMemoryOffset))
#define IWDFIoRequestCompletionParams_GetIoctlParameters(This, pIoControlCode, ppInputMemory, pInputMemoryOffset, ppOutputMemory, pOutputMemoryOffset, pOutBytes) ((This)->lpVtbl->GetIoctlParameters(This, pIoControlCode, ppInputMemory, pInputMemoryOffset, ppOutputMemory, pOutputMemoryOffset, pOutBytes))
#endif
#endif

/* ---- IWDFFile (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFFileVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFFile *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFFile *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFFile *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFFile *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFFile *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFFile *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFFile *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFFile *This);
    /* IWDFFile */
    HRESULT (STDMETHODCALLTYPE *RetrieveFileName)(IWDFFile *This, PWSTR pFileName, DWORD *pdwFileNameLengthInChars);
    void (STDMETHODCALLTYPE *GetDevice)(IWDFFile *This, IWDFDevice **ppWdfDevice);
    END_INTERFACE
} IWDFFileVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFFile : public IWDFObject {
    virtual HRESULT STDMETHODCALLTYPE RetrieveFileName(PWSTR pFileName, DWORD *pdwFileNameLengthInChars) = 0;
    virtual void STDMETHODCALLTYPE GetDevice(IWDFDevice **ppWdfDevice) = 0;
};
#else
struct IWDFFile {
    const struct IWDFFileVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFFile_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFFile_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFFile_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFFile_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFFile_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFFile_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFFile_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFFile_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFFile_RetrieveFileName(This, pFileName, pdwFileNameLengthInChars) ((This)->lpVtbl->RetrieveFileName(This, pFileName, pdwFileNameLengthInChars))
#define IWDFFile_GetDevice(This, ppWdfDevice) ((This)->lpVtbl->GetDevice(This, ppWdfDevice))
#endif
#endif

/* ---- IWDFDriverCreatedFile (UMDF 1.5), derives from IWDFFile ---- */

typedef struct IWDFDriverCreatedFileVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFDriverCreatedFile *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFDriverCreatedFile *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFDriverCreatedFile *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFDriverCreatedFile *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFDriverCreatedFile *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFDriverCreatedFile *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFDriverCreatedFile *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFDriverCreatedFile *This);
    /* IWDFFile */
    HRESULT (STDMETHODCALLTYPE *RetrieveFileName)(IWDFDriverCreatedFile *This, PWSTR pFileName, DWORD *pdwFileNameLengthInChars);
    void (STDMETHODCALLTYPE *GetDevice)(IWDFDriverCreatedFile *This, IWDFDevice **ppWdfDevice);
    /* IWDFDriverCreatedFile */
    void (STDMETHODCALLTYPE *Close)(IWDFDriverCreatedFile *This);
    END_INTERFACE
} IWDFDriverCreatedFileVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFDriverCreatedFile : public IWDFFile {
    virtual void STDMETHODCALLTYPE Close(void) = 0;
};
#else
struct IWDFDriverCreatedFile {
    const struct IWDFDriverCreatedFileVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFDriverCreatedFile_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFDriverCreatedFile_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFDriverCreatedFile_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFDriverCreatedFile_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFDriverCreatedFile_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFDriverCreatedFile_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFDriverCreatedFile_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFDriverCreatedFile_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFDriverCreatedFile_RetrieveFileName(This, pFileName, pdwFileNameLengthInChars) ((This)->lpVtbl->RetrieveFileName(This, pFileName, pdwFileNameLengthInChars))
#define IWDFDriverCreatedFile_GetDevice(This, ppWdfDevice) ((This)->lpVtbl->GetDevice(This, ppWdfDevice))
#define IWDFDriverCreatedFile_Close(This) ((This)->lpVtbl->Close(This))
#endif
#endif

/* ---- IWDFIoTarget (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFIoTargetVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoTarget *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoTarget *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoTarget *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFIoTarget *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFIoTarget *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFIoTarget *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFIoTarget *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFIoTarget *This);
    /* IWDFIoTarget */
    void (STDMETHODCALLTYPE *GetTargetFile)(IWDFIoTarget *This, IWDFFile **ppWdfFile);
    void (STDMETHODCALLTYPE *CancelSentRequestsForFile)(IWDFIoTarget *This, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForRead)(IWDFIoTarget *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForWrite)(IWDFIoTarget *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForIoctl)(IWDFIoTarget *This, IWDFIoRequest *pRequest, ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset);
    END_INTERFACE
} IWDFIoTargetVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoTarget : public IWDFObject {
    virtual void STDMETHODCALLTYPE GetTargetFile(IWDFFile **ppWdfFile) = 0;
    virtual void STDMETHODCALLTYPE CancelSentRequestsForFile(IWDFFile *pFile) = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForRead(IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset) = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForWrite(IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG DeviceOffset) = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForIoctl(IWDFIoRequest *pRequest, ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset) = 0;
};
#else
struct IWDFIoTarget {
    const struct IWDFIoTargetVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoTarget_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoTarget_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoTarget_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoTarget_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFIoTarget_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFIoTarget_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFIoTarget_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFIoTarget_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFIoTarget_GetTargetFile(This, ppWdfFile) ((This)->lpVtbl->GetTargetFile(This, ppWdfFile))
#define IWDFIoTarget_CancelSentRequestsForFile(This, pFile) ((This)->lpVtbl->CancelSentRequestsForFile(This, pFile))
#define IWDFIoTarget_FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset))
#define IWDFIoTarget_FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset))
#define IWDFIoTarget_FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset) ((This)->lpVtbl->FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset))
#endif
#endif

/* ---- IWDFIoTargetStateManagement (UMDF 1.5), derives from IUnknown ---- */

typedef struct IWDFIoTargetStateManagementVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoTargetStateManagement *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoTargetStateManagement *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoTargetStateManagement *This);
    /* IWDFIoTargetStateManagement */
    WDF_IO_TARGET_STATE (STDMETHODCALLTYPE *GetState)(IWDFIoTargetStateManagement *This);
    HRESULT (STDMETHODCALLTYPE *Start)(IWDFIoTargetStateManagement *This);
    HRESULT (STDMETHODCALLTYPE *Stop)(IWDFIoTargetStateManagement *This, WDF_IO_TARGET_SENT_IO_ACTION Action);
    HRESULT (STDMETHODCALLTYPE *Remove)(IWDFIoTargetStateManagement *This, BOOL bIsSurpriseRemove);
    END_INTERFACE
} IWDFIoTargetStateManagementVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoTargetStateManagement : public IUnknown {
    virtual WDF_IO_TARGET_STATE STDMETHODCALLTYPE GetState(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE Start(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE Stop(WDF_IO_TARGET_SENT_IO_ACTION Action) = 0;
    virtual HRESULT STDMETHODCALLTYPE Remove(BOOL bIsSurpriseRemove) = 0;
};
#else
struct IWDFIoTargetStateManagement {
    const struct IWDFIoTargetStateManagementVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoTargetStateManagement_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoTargetStateManagement_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoTargetStateManagement_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoTargetStateManagement_GetState(This) ((This)->lpVtbl->GetState(This))
#define IWDFIoTargetStateManagement_Start(This) ((This)->lpVtbl->Start(This))
#define IWDFIoTargetStateManagement_Stop(This, Action) ((This)->lpVtbl->Stop(This, Action))
#define IWDFIoTargetStateManagement_Remove(This, bIsSurpriseRemove) ((This)->lpVtbl->Remove(This, bIsSurpriseRemove))
#endif
#endif

/* ---- IWDFFileHandleTargetFactory (UMDF 1.5), derives from IUnknown ---- */

typedef struct IWDFFileHandleTargetFactoryVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFFileHandleTargetFactory *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFFileHandleTargetFactory *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFFileHandleTargetFactory *This);
    /* IWDFFileHandleTargetFactory */
    HRESULT (STDMETHODCALLTYPE *CreateFileHandleTarget)(IWDFFileHandleTargetFactory *This, HANDLE hTarget, IWDFIoTarget **ppTarget);
    END_INTERFACE
} IWDFFileHandleTargetFactoryVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFFileHandleTargetFactory : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE CreateFileHandleTarget(HANDLE hTarget, IWDFIoTarget **ppTarget) = 0;
};
#else
struct IWDFFileHandleTargetFactory {
    const struct IWDFFileHandleTargetFactoryVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFFileHandleTargetFactory_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFFileHandleTargetFactory_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFFileHandleTargetFactory_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFFileHandleTargetFactory_CreateFileHandleTarget(This, hTarget, ppTarget) ((This)->lpVtbl->CreateFileHandleTarget(This, hTarget, ppTarget))
#endif
#endif

/* ---- IWDFMemory (UMDF 1.5), derives from IWDFObject ---- */

typedef struct IWDFMemoryVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFMemory *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFMemory *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFMemory *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFMemory *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFMemory *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFMemory *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFMemory *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFMemory *This);
    /* IWDFMemory */
    HRESULT (STDMETHODCALLTYPE *CopyFromMemory)(IWDFMemory *This, IWDFMemory *Source, PWDFMEMORY_OFFSET SourceOffset);
    HRESULT (STDMETHODCALLTYPE *CopyToBuffer)(IWDFMemory *This, ULONG_PTR SourceOffset, void *TargetBuffer, SIZE_T NumOfBytesToCopyTo);
    HRESULT (STDMETHODCALLTYPE *CopyFromBuffer)(IWDFMemory *This, ULONG_PTR DestOffset, void *SourceBuffer, SIZE_T NumOfBytesToCopyFrom);
    SIZE_T (STDMETHODCALLTYPE *GetSize)(IWDFMemory *This);
    void *(STDMETHODCALLTYPE *GetDataBuffer)(IWDFMemory *This, SIZE_T *BufferSize);
    void (STDMETHODCALLTYPE *SetBuffer)(IWDFMemory *This, void *Buffer, SIZE_T BufferSize);
    END_INTERFACE
} IWDFMemoryVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFMemory : public IWDFObject {
    virtual HRESULT STDMETHODCALLTYPE CopyFromMemory(IWDFMemory *Source, PWDFMEMORY_OFFSET SourceOffset) = 0;
    virtual HRESULT STDMETHODCALLTYPE CopyToBuffer(ULONG_PTR SourceOffset, void *TargetBuffer, SIZE_T NumOfBytesToCopyTo) = 0;
    virtual HRESULT STDMETHODCALLTYPE CopyFromBuffer(ULONG_PTR DestOffset, void *SourceBuffer, SIZE_T NumOfBytesToCopyFrom) = 0;
    virtual SIZE_T STDMETHODCALLTYPE GetSize(void) = 0;
    virtual void *STDMETHODCALLTYPE GetDataBuffer(SIZE_T *BufferSize) = 0;
    virtual void STDMETHODCALLTYPE SetBuffer(void *Buffer, SIZE_T BufferSize) = 0;
};
#else
struct IWDFMemory {
    const struct IWDFMemoryVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFMemory_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFMemory_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFMemory_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFMemory_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFMemory_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFMemory_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFMemory_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFMemory_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFMemory_CopyFromMemory(This, Source, SourceOffset) ((This)->lpVtbl->CopyFromMemory(This, Source, SourceOffset))
#define IWDFMemory_CopyToBuffer(This, SourceOffset, TargetBuffer, NumOfBytesToCopyTo) ((This)->lpVtbl->CopyToBuffer(This, SourceOffset, TargetBuffer, NumOfBytesToCopyTo))
#define IWDFMemory_CopyFromBuffer(This, DestOffset, SourceBuffer, NumOfBytesToCopyFrom) ((This)->lpVtbl->CopyFromBuffer(This, DestOffset, SourceBuffer, NumOfBytesToCopyFrom))
#define IWDFMemory_GetSize(This) ((This)->lpVtbl->GetSize(This))
#define IWDFMemory_GetDataBuffer(This, BufferSize) ((This)->lpVtbl->GetDataBuffer(This, BufferSize))
#define IWDFMemory_SetBuffer(This, Buffer, BufferSize) ((This)->lpVtbl->SetBuffer(This, Buffer, BufferSize))
#endif
#endif

/* ---- IObjectCleanup (UMDF 1.5), derives from IUnknown ---- */

typedef struct IObjectCleanupVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IObjectCleanup *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IObjectCleanup *This);
    ULONG (STDMETHODCALLTYPE *Release)(IObjectCleanup *This);
    /* IObjectCleanup */
    void (STDMETHODCALLTYPE *OnCleanup)(IObjectCleanup *This, IWDFObject *pWdfObject);
    END_INTERFACE
} IObjectCleanupVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IObjectCleanup : public IUnknown {
    virtual void STDMETHODCALLTYPE OnCleanup(IWDFObject *pWdfObject) = 0;
};
#else
struct IObjectCleanup {
    const struct IObjectCleanupVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IObjectCleanup_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IObjectCleanup_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IObjectCleanup_Release(This) ((This)->lpVtbl->Release(This))
#define IObjectCleanup_OnCleanup(This, pWdfObject) ((This)->lpVtbl->OnCleanup(This, pWdfObject))
#endif
#endif

/* ---- IDriverEntry (UMDF 1.5), derives from IUnknown ---- */

typedef struct IDriverEntryVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IDriverEntry *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IDriverEntry *This);
    ULONG (STDMETHODCALLTYPE *Release)(IDriverEntry *This);
    /* IDriverEntry */
    HRESULT (STDMETHODCALLTYPE *OnInitialize)(IDriverEntry *This, IWDFDriver *pWdfDriver);
    HRESULT (STDMETHODCALLTYPE *OnDeviceAdd)(IDriverEntry *This, IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit);
    void (STDMETHODCALLTYPE *OnDeinitialize)(IDriverEntry *This, IWDFDriver *pWdfDriver);
    END_INTERFACE
} IDriverEntryVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IDriverEntry : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE OnInitialize(IWDFDriver *pWdfDriver) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnDeviceAdd(IWDFDriver *pWdfDriver, IWDFDeviceInitialize *pWdfDeviceInit) = 0;
    virtual void STDMETHODCALLTYPE OnDeinitialize(IWDFDriver *pWdfDriver) = 0;
};
#else
struct IDriverEntry {
    const struct IDriverEntryVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IDriverEntry_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IDriverEntry_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IDriverEntry_Release(This) ((This)->lpVtbl->Release(This))
#define IDriverEntry_OnInitialize(This, pWdfDriver) ((This)->lpVtbl->OnInitialize(This, pWdfDriver))
#define IDriverEntry_OnDeviceAdd(This, pWdfDriver, pWdfDeviceInit) ((This)->lpVtbl->OnDeviceAdd(This, pWdfDriver, pWdfDeviceInit))
#define IDriverEntry_OnDeinitialize(This, pWdfDriver) ((This)->lpVtbl->OnDeinitialize(This, pWdfDriver))
#endif
#endif

/* ---- IPnpCallback (UMDF 1.5), derives from IUnknown ---- */

typedef struct IPnpCallbackVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPnpCallback *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPnpCallback *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPnpCallback *This);
    /* IPnpCallback */
    HRESULT (STDMETHODCALLTYPE *OnD0Entry)(IPnpCallback *This, IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE previousState);
    HRESULT (STDMETHODCALLTYPE *OnD0Exit)(IPnpCallback *This, IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE newState);
    void (STDMETHODCALLTYPE *OnSurpriseRemoval)(IPnpCallback *This, IWDFDevice *pWdfDevice);
    HRESULT (STDMETHODCALLTYPE *OnQueryRemove)(IPnpCallback *This, IWDFDevice *pWdfDevice);
    HRESULT (STDMETHODCALLTYPE *OnQueryStop)(IPnpCallback *This, IWDFDevice *pWdfDevice);
    END_INTERFACE
} IPnpCallbackVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPnpCallback : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE OnD0Entry(IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE previousState) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnD0Exit(IWDFDevice *pWdfDevice, WDF_POWER_DEVICE_STATE newState) = 0;
    virtual void STDMETHODCALLTYPE OnSurpriseRemoval(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnQueryRemove(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnQueryStop(IWDFDevice *pWdfDevice) = 0;
};
#else
struct IPnpCallback {
    const struct IPnpCallbackVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPnpCallback_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPnpCallback_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPnpCallback_Release(This) ((This)->lpVtbl->Release(This))
#define IPnpCallback_OnD0Entry(This, pWdfDevice, previousState) ((This)->lpVtbl->OnD0Entry(This, pWdfDevice, previousState))
#define IPnpCallback_OnD0Exit(This, pWdfDevice, newState) ((This)->lpVtbl->OnD0Exit(This, pWdfDevice, newState))
#define IPnpCallback_OnSurpriseRemoval(This, pWdfDevice) ((This)->lpVtbl->OnSurpriseRemoval(This, pWdfDevice))
#define IPnpCallback_OnQueryRemove(This, pWdfDevice) ((This)->lpVtbl->OnQueryRemove(This, pWdfDevice))
#define IPnpCallback_OnQueryStop(This, pWdfDevice) ((This)->lpVtbl->OnQueryStop(This, pWdfDevice))
#endif
#endif

/* ---- IPnpCallbackSelfManagedIo (UMDF 1.5), derives from IUnknown ---- */

typedef struct IPnpCallbackSelfManagedIoVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPnpCallbackSelfManagedIo *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPnpCallbackSelfManagedIo *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPnpCallbackSelfManagedIo *This);
    /* IPnpCallbackSelfManagedIo */
    void (STDMETHODCALLTYPE *OnSelfManagedIoCleanup)(IPnpCallbackSelfManagedIo *This, IWDFDevice *pWdfDevice);
    void (STDMETHODCALLTYPE *OnSelfManagedIoFlush)(IPnpCallbackSelfManagedIo *This, IWDFDevice *pWdfDevice);
    HRESULT (STDMETHODCALLTYPE *OnSelfManagedIoInit)(IPnpCallbackSelfManagedIo *This, IWDFDevice *pWdfDevice);
    HRESULT (STDMETHODCALLTYPE *OnSelfManagedIoSuspend)(IPnpCallbackSelfManagedIo *This, IWDFDevice *pWdfDevice);
    HRESULT (STDMETHODCALLTYPE *OnSelfManagedIoRestart)(IPnpCallbackSelfManagedIo *This, IWDFDevice *pWdfDevice);
    HRESULT (STDMETHODCALLTYPE *OnSelfManagedIoStop)(IPnpCallbackSelfManagedIo *This, IWDFDevice *pWdfDevice);
    END_INTERFACE
} IPnpCallbackSelfManagedIoVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPnpCallbackSelfManagedIo : public IUnknown {
    virtual void STDMETHODCALLTYPE OnSelfManagedIoCleanup(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnSelfManagedIoFlush(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoInit(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoSuspend(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoRestart(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnSelfManagedIoStop(IWDFDevice *pWdfDevice) = 0;
};
#else
struct IPnpCallbackSelfManagedIo {
    const struct IPnpCallbackSelfManagedIoVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPnpCallbackSelfManagedIo_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPnpCallbackSelfManagedIo_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPnpCallbackSelfManagedIo_Release(This) ((This)->lpVtbl->Release(This))
#define IPnpCallbackSelfManagedIo_OnSelfManagedIoCleanup(This, pWdfDevice) ((This)->lpVtbl->OnSelfManagedIoCleanup(This, pWdfDevice))
#define IPnpCallbackSelfManagedIo_OnSelfManagedIoFlush(This, pWdfDevice) ((This)->lpVtbl->OnSelfManagedIoFlush(This, pWdfDevice))
#define IPnpCallbackSelfManagedIo_OnSelfManagedIoInit(This, pWdfDevice) ((This)->lpVtbl->OnSelfManagedIoInit(This, pWdfDevice))
#define IPnpCallbackSelfManagedIo_OnSelfManagedIoSuspend(This, pWdfDevice) ((This)->lpVtbl->OnSelfManagedIoSuspend(This, pWdfDevice))
#define IPnpCallbackSelfManagedIo_OnSelfManagedIoRestart(This, pWdfDevice) ((This)->lpVtbl->OnSelfManagedIoRestart(This, pWdfDevice))
#define IPnpCallbackSelfManagedIo_OnSelfManagedIoStop(This, pWdfDevice) ((This)->lpVtbl->OnSelfManagedIoStop(This, pWdfDevice))
#endif
#endif

/* ---- IPnpCallbackHardware (UMDF 1.5), derives from IUnknown ---- */

typedef struct IPnpCallbackHardwareVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPnpCallbackHardware *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPnpCallbackHardware *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPnpCallbackHardware *This);
    /* IPnpCallbackHardware */
    HRESULT (STDMETHODCALLTYPE *OnPrepareHardware)(IPnpCallbackHardware *This, IWDFDevice *pWdfDevice);
    HRESULT (STDMETHODCALLTYPE *OnReleaseHardware)(IPnpCallbackHardware *This, IWDFDevice *pWdfDevice);
    END_INTERFACE
} IPnpCallbackHardwareVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPnpCallbackHardware : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE OnPrepareHardware(IWDFDevice *pWdfDevice) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnReleaseHardware(IWDFDevice *pWdfDevice) = 0;
};
#else
struct IPnpCallbackHardware {
    const struct IPnpCallbackHardwareVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPnpCallbackHardware_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPnpCallbackHardware_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPnpCallbackHardware_Release(This) ((This)->lpVtbl->Release(This))
#define IPnpCallbackHardware_OnPrepareHardware(This, pWdfDevice) ((This)->lpVtbl->OnPrepareHardware(This, pWdfDevice))
#define IPnpCallbackHardware_OnReleaseHardware(This, pWdfDevice) ((This)->lpVtbl->OnReleaseHardware(This, pWdfDevice))
#endif
#endif

/* ---- IQueueCallbackCreate (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackCreateVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackCreate *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackCreate *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackCreate *This);
    /* IQueueCallbackCreate */
    void (STDMETHODCALLTYPE *OnCreateFile)(IQueueCallbackCreate *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWDFRequest, IWDFFile *pWdfFileObject);
    END_INTERFACE
} IQueueCallbackCreateVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackCreate : public IUnknown {
    virtual void STDMETHODCALLTYPE OnCreateFile(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWDFRequest, IWDFFile *pWdfFileObject) = 0;
};
#else
struct IQueueCallbackCreate {
    const struct IQueueCallbackCreateVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackCreate_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackCreate_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackCreate_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackCreate_OnCreateFile(This, pWdfQueue, pWDFRequest, pWdfFileObject) ((This)->lpVtbl->OnCreateFile(This, pWdfQueue, pWDFRequest, pWdfFileObject))
#endif
#endif

/* ---- IQueueCallbackRead (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackReadVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackRead *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackRead *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackRead *This);
    /* IQueueCallbackRead */
    void (STDMETHODCALLTYPE *OnRead)(IQueueCallbackRead *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToRead);
    END_INTERFACE
} IQueueCallbackReadVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackRead : public IUnknown {
    virtual void STDMETHODCALLTYPE OnRead(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToRead) = 0;
};
#else
struct IQueueCallbackRead {
    const struct IQueueCallbackReadVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackRead_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackRead_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackRead_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackRead_OnRead(This, pWdfQueue, pWdfRequest, NumOfBytesToRead) ((This)->lpVtbl->OnRead(This, pWdfQueue, pWdfRequest, NumOfBytesToRead))
#endif
#endif

/* ---- IQueueCallbackWrite (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackWriteVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackWrite *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackWrite *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackWrite *This);
    /* IQueueCallbackWrite */
    void (STDMETHODCALLTYPE *OnWrite)(IQueueCallbackWrite *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToWrite);
    END_INTERFACE
} IQueueCallbackWriteVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackWrite : public IUnknown {
    virtual void STDMETHODCALLTYPE OnWrite(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, SIZE_T NumOfBytesToWrite) = 0;
};
#else
struct IQueueCallbackWrite {
    const struct IQueueCallbackWriteVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackWrite_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackWrite_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackWrite_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackWrite_OnWrite(This, pWdfQueue, pWdfRequest, NumOfBytesToWrite) ((This)->lpVtbl->OnWrite(This, pWdfQueue, pWdfRequest, NumOfBytesToWrite))
#endif
#endif

/* ---- IQueueCallbackDeviceIoControl (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackDeviceIoControlVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackDeviceIoControl *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackDeviceIoControl *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackDeviceIoControl *This);
    /* IQueueCallbackDeviceIoControl */
    void (STDMETHODCALLTYPE *OnDeviceIoControl)(IQueueCallbackDeviceIoControl *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ControlCode, SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes);
    END_INTERFACE
} IQueueCallbackDeviceIoControlVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackDeviceIoControl : public IUnknown {
    virtual void STDMETHODCALLTYPE OnDeviceIoControl(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ControlCode, SIZE_T InputBufferSizeInBytes, SIZE_T OutputBufferSizeInBytes) = 0;
};
#else
struct IQueueCallbackDeviceIoControl {
    const struct IQueueCallbackDeviceIoControlVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackDeviceIoControl_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackDeviceIoControl_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackDeviceIoControl_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackDeviceIoControl_OnDeviceIoControl(This, pWdfQueue, pWdfRequest, ControlCode, InputBufferSizeInBytes, OutputBufferSizeInBytes) ((This)->lpVtbl->OnDeviceIoControl(This, pWdfQueue, pWdfRequest, ControlCode, InputBufferSizeInBytes, OutputBufferSizeInBytes))
#endif
#endif

/* ---- IQueueCallbackDefaultIoHandler (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackDefaultIoHandlerVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackDefaultIoHandler *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackDefaultIoHandler *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackDefaultIoHandler *This);
    /* IQueueCallbackDefaultIoHandler */
    void (STDMETHODCALLTYPE *OnDefaultIoHandler)(IQueueCallbackDefaultIoHandler *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest);
    END_INTERFACE
} IQueueCallbackDefaultIoHandlerVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackDefaultIoHandler : public IUnknown {
    virtual void STDMETHODCALLTYPE OnDefaultIoHandler(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest) = 0;
};
#else
struct IQueueCallbackDefaultIoHandler {
    const struct IQueueCallbackDefaultIoHandlerVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackDefaultIoHandler_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackDefaultIoHandler_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackDefaultIoHandler_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackDefaultIoHandler_OnDefaultIoHandler(This, pWdfQueue, pWdfRequest) ((This)->lpVtbl->OnDefaultIoHandler(This, pWdfQueue, pWdfRequest))
#endif
#endif

/* ---- IQueueCallbackStateChange (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackStateChangeVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackStateChange *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackStateChange *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackStateChange *This);
    /* IQueueCallbackStateChange */
    void (STDMETHODCALLTYPE *OnStateChange)(IQueueCallbackStateChange *This, IWDFIoQueue *pWdfQueue, WDF_IO_QUEUE_STATE QueueState);
    END_INTERFACE
} IQueueCallbackStateChangeVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackStateChange : public IUnknown {
    virtual void STDMETHODCALLTYPE OnStateChange(IWDFIoQueue *pWdfQueue, WDF_IO_QUEUE_STATE QueueState) = 0;
};
#else
struct IQueueCallbackStateChange {
    const struct IQueueCallbackStateChangeVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackStateChange_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackStateChange_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackStateChange_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackStateChange_OnStateChange(This, pWdfQueue, QueueState) ((This)->lpVtbl->OnStateChange(This, pWdfQueue, QueueState))
#endif
#endif

/* ---- IQueueCallbackIoStop (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackIoStopVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackIoStop *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackIoStop *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackIoStop *This);
    /* IQueueCallbackIoStop */
    void (STDMETHODCALLTYPE *OnIoStop)(IQueueCallbackIoStop *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ActionFlags);
    END_INTERFACE
} IQueueCallbackIoStopVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackIoStop : public IUnknown {
    virtual void STDMETHODCALLTYPE OnIoStop(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest, ULONG ActionFlags) = 0;
};
#else
struct IQueueCallbackIoStop {
    const struct IQueueCallbackIoStopVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackIoStop_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackIoStop_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackIoStop_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackIoStop_OnIoStop(This, pWdfQueue, pWdfRequest, ActionFlags) ((This)->lpVtbl->OnIoStop(This, pWdfQueue, pWdfRequest, ActionFlags))
#endif
#endif

/* ---- IQueueCallbackIoResume (UMDF 1.5), derives from IUnknown ---- */

typedef struct IQueueCallbackIoResumeVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackIoResume *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackIoResume *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackIoResume *This);
    /* IQueueCallbackIoResume */
    void (STDMETHODCALLTYPE *OnIoResume)(IQueueCallbackIoResume *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest);
    END_INTERFACE
} IQueueCallbackIoResumeVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackIoResume : public IUnknown {
    virtual void STDMETHODCALLTYPE OnIoResume(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest) = 0;
};
#else
struct IQueueCallbackIoResume {
    const struct IQueueCallbackIoResumeVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackIoResume_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackIoResume_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackIoResume_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackIoResume_OnIoResume(This, pWdfQueue, pWdfRequest) ((This)->lpVtbl->OnIoResume(This, pWdfQueue, pWdfRequest))
#endif
#endif

/* ---- IRequestCallbackCancel (UMDF 1.5), derives from IUnknown ---- */

typedef struct IRequestCallbackCancelVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IRequestCallbackCancel *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IRequestCallbackCancel *This);
    ULONG (STDMETHODCALLTYPE *Release)(IRequestCallbackCancel *This);
    /* IRequestCallbackCancel */
    void (STDMETHODCALLTYPE *OnCancel)(IRequestCallbackCancel *This, IWDFIoRequest *pWdfRequest);
    END_INTERFACE
} IRequestCallbackCancelVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IRequestCallbackCancel : public IUnknown {
    virtual void STDMETHODCALLTYPE OnCancel(IWDFIoRequest *pWdfRequest) = 0;
};
#else
struct IRequestCallbackCancel {
    const struct IRequestCallbackCancelVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IRequestCallbackCancel_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IRequestCallbackCancel_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IRequestCallbackCancel_Release(This) ((This)->lpVtbl->Release(This))
#define IRequestCallbackCancel_OnCancel(This, pWdfRequest) ((This)->lpVtbl->OnCancel(This, pWdfRequest))
#endif
#endif

/* ---- IRequestCallbackRequestCompletion (UMDF 1.5), derives from IUnknown ---- */

typedef struct IRequestCallbackRequestCompletionVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IRequestCallbackRequestCompletion *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IRequestCallbackRequestCompletion *This);
    ULONG (STDMETHODCALLTYPE *Release)(IRequestCallbackRequestCompletion *This);
    /* IRequestCallbackRequestCompletion */
    void (STDMETHODCALLTYPE *OnCompletion)(IRequestCallbackRequestCompletion *This, IWDFIoRequest *pWdfRequest, IWDFIoTarget *pIoTarget, IWDFRequestCompletionParams *pParams, void *pContext);
    END_INTERFACE
} IRequestCallbackRequestCompletionVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IRequestCallbackRequestCompletion : public IUnknown {
    virtual void STDMETHODCALLTYPE OnCompletion(IWDFIoRequest *pWdfRequest, IWDFIoTarget *pIoTarget, IWDFRequestCompletionParams *pParams, void *pContext) = 0;
};
#else
struct IRequestCallbackRequestCompletion {
    const struct IRequestCallbackRequestCompletionVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IRequestCallbackRequestCompletion_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IRequestCallbackRequestCompletion_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IRequestCallbackRequestCompletion_Release(This) ((This)->lpVtbl->Release(This))
#define IRequestCallbackRequestCompletion_OnCompletion(This, pWdfRequest, pIoTarget, pParams, pContext) ((This)->lpVtbl->OnCompletion(This, pWdfRequest, pIoTarget, pParams, pContext))
#endif
#endif

/* ---- IFileCallbackCleanup (UMDF 1.5), derives from IUnknown ---- */

typedef struct IFileCallbackCleanupVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IFileCallbackCleanup *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IFileCallbackCleanup *This);
    ULONG (STDMETHODCALLTYPE *Release)(IFileCallbackCleanup *This);
    /* IFileCallbackCleanup */
    void (STDMETHODCALLTYPE *OnCleanupFile)(IFileCallbackCleanup *This, IWDFFile *pWdfFileObject);
    END_INTERFACE
} IFileCallbackCleanupVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IFileCallbackCleanup : public IUnknown {
    virtual void STDMETHODCALLTYPE OnCleanupFile(IWDFFile *pWdfFileObject) = 0;
};
#else
struct IFileCallbackCleanup {
    const struct IFileCallbackCleanupVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IFileCallbackCleanup_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IFileCallbackCleanup_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IFileCallbackCleanup_Release(This) ((This)->lpVtbl->Release(This))
#define IFileCallbackCleanup_OnCleanupFile(This, pWdfFileObject) ((This)->lpVtbl->OnCleanupFile(This, pWdfFileObject))
#endif
#endif

/* ---- IFileCallbackClose (UMDF 1.5), derives from IUnknown ---- */

typedef struct IFileCallbackCloseVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IFileCallbackClose *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IFileCallbackClose *This);
    ULONG (STDMETHODCALLTYPE *Release)(IFileCallbackClose *This);
    /* IFileCallbackClose */
    void (STDMETHODCALLTYPE *OnCloseFile)(IFileCallbackClose *This, IWDFFile *pWdfFileObject);
    END_INTERFACE
} IFileCallbackCloseVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IFileCallbackClose : public IUnknown {
    virtual void STDMETHODCALLTYPE OnCloseFile(IWDFFile *pWdfFileObject) = 0;
};
#else
struct IFileCallbackClose {
    const struct IFileCallbackCloseVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IFileCallbackClose_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IFileCallbackClose_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IFileCallbackClose_Release(This) ((This)->lpVtbl->Release(This))
#define IFileCallbackClose_OnCloseFile(This, pWdfFileObject) ((This)->lpVtbl->OnCloseFile(This, pWdfFileObject))
#endif
#endif

/* ---- IImpersonateCallback (UMDF 1.5), derives from IUnknown ---- */

typedef struct IImpersonateCallbackVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IImpersonateCallback *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IImpersonateCallback *This);
    ULONG (STDMETHODCALLTYPE *Release)(IImpersonateCallback *This);
    /* IImpersonateCallback */
    void (STDMETHODCALLTYPE *OnImpersonate)(IImpersonateCallback *This, void *Context);
    END_INTERFACE
} IImpersonateCallbackVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IImpersonateCallback : public IUnknown {
    virtual void STDMETHODCALLTYPE OnImpersonate(void *Context) = 0;
};
#else
struct IImpersonateCallback {
    const struct IImpersonateCallbackVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IImpersonateCallback_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IImpersonateCallback_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IImpersonateCallback_Release(This) ((This)->lpVtbl->Release(This))
#define IImpersonateCallback_OnImpersonate(This, Context) ((This)->lpVtbl->OnImpersonate(This, Context))
#endif
#endif

/* ---- IWDFDeviceInitialize2 (UMDF 1.9+), derives from IWDFDeviceInitialize ---- */

typedef struct IWDFDeviceInitialize2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFDeviceInitialize2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFDeviceInitialize2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFDeviceInitialize2 *This);
    /* IWDFDeviceInitialize */
    void (STDMETHODCALLTYPE *SetFilter)(IWDFDeviceInitialize2 *This);
    void (STDMETHODCALLTYPE *SetLockingConstraint)(IWDFDeviceInitialize2 *This, WDF_CALLBACK_CONSTRAINT LockType);
    HRESULT (STDMETHODCALLTYPE *RetrieveDevicePropertyStore)(IWDFDeviceInitialize2 *This, PCWSTR pcwszServiceName, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore, WDF_PROPERTY_STORE_DISPOSITION *pDisposition);
    void (STDMETHODCALLTYPE *SetPowerPolicyOwnership)(IWDFDeviceInitialize2 *This, BOOL fTrue);
    void (STDMETHODCALLTYPE *AutoForwardCreateCleanupClose)(IWDFDeviceInitialize2 *This, WDF_TRI_STATE State);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceInstanceId)(IWDFDeviceInitialize2 *This, PWSTR Buffer, DWORD *pdwSizeInChars);
    void (STDMETHODCALLTYPE *SetPnpCapability)(IWDFDeviceInitialize2 *This, WDF_PNP_CAPABILITY Capability, WDF_TRI_STATE Value);
    WDF_TRI_STATE (STDMETHODCALLTYPE *GetPnpCapability)(IWDFDeviceInitialize2 *This, WDF_PNP_CAPABILITY Capability);
    /* IWDFDeviceInitialize2 */
    void (STDMETHODCALLTYPE *SetIoTypePreference)(IWDFDeviceInitialize2 *This, WDF_DEVICE_IO_BUFFER_RETRIEVAL RetrievalMode, WDF_DEVICE_IO_TYPE ReadWritePreference, WDF_DEVICE_IO_TYPE IoControlPreference);
    END_INTERFACE
} IWDFDeviceInitialize2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFDeviceInitialize2 : public IWDFDeviceInitialize {
    virtual void STDMETHODCALLTYPE SetIoTypePreference(WDF_DEVICE_IO_BUFFER_RETRIEVAL RetrievalMode, WDF_DEVICE_IO_TYPE ReadWritePreference, WDF_DEVICE_IO_TYPE IoControlPreference) = 0;
};
#else
struct IWDFDeviceInitialize2 {
    const struct IWDFDeviceInitialize2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFDeviceInitialize2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFDeviceInitialize2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFDeviceInitialize2_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFDeviceInitialize2_SetFilter(This) ((This)->lpVtbl->SetFilter(This))
#define IWDFDeviceInitialize2_SetLockingConstraint(This, LockType) ((This)->lpVtbl->SetLockingConstraint(This, LockType))
#define IWDFDeviceInitialize2_RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition) ((This)->lpVtbl->RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition))
#define IWDFDeviceInitialize2_SetPowerPolicyOwnership(This, fTrue) ((This)->lpVtbl->SetPowerPolicyOwnership(This, fTrue))
#define IWDFDeviceInitialize2_AutoForwardCreateCleanupClose(This, State) ((This)->lpVtbl->AutoForwardCreateCleanupClose(This, State))
#define IWDFDeviceInitialize2_RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars) ((This)->lpVtbl->RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars))
#define IWDFDeviceInitialize2_SetPnpCapability(This, Capability, Value) ((This)->lpVtbl->SetPnpCapability(This, Capability, Value))
#define IWDFDeviceInitialize2_GetPnpCapability(This, Capability) ((This)->lpVtbl->GetPnpCapability(This, Capability))
#define IWDFDeviceInitialize2_SetIoTypePreference(This, RetrievalMode, ReadWritePreference, IoControlPreference) ((This)->lpVtbl->SetIoTypePreference(This, RetrievalMode, ReadWritePreference, IoControlPreference))
#endif
#endif

/* ---- IWDFDevice2 (UMDF 1.9+), derives from IWDFDevice ---- */

typedef struct IWDFDevice2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFDevice2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFDevice2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFDevice2 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFDevice2 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFDevice2 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFDevice2 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFDevice2 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFDevice2 *This);
    /* IWDFDevice */
    HRESULT (STDMETHODCALLTYPE *RetrieveDevicePropertyStore)(IWDFDevice2 *This, PCWSTR pcwszServiceName, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore, WDF_PROPERTY_STORE_DISPOSITION *pDisposition);
    void (STDMETHODCALLTYPE *GetDriver)(IWDFDevice2 *This, IWDFDriver **ppWdfDriver);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceInstanceId)(IWDFDevice2 *This, PWSTR Buffer, DWORD *pdwSizeInChars);
    void (STDMETHODCALLTYPE *GetDefaultIoTarget)(IWDFDevice2 *This, IWDFIoTarget **ppWdfIoTarget);
    HRESULT (STDMETHODCALLTYPE *CreateWdfFile)(IWDFDevice2 *This, LPCWSTR pcwszFileName, IWDFDriverCreatedFile **ppFile);
    void (STDMETHODCALLTYPE *GetDefaultIoQueue)(IWDFDevice2 *This, IWDFIoQueue **ppWdfIoQueue);
    HRESULT (STDMETHODCALLTYPE *CreateIoQueue)(IWDFDevice2 *This, IUnknown *pCallbackInterface, BOOL bDefaultQueue, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType, BOOL bPowerManaged, BOOL bAllowZeroLengthRequests, IWDFIoQueue **ppIoQueue);
    HRESULT (STDMETHODCALLTYPE *CreateDeviceInterface)(IWDFDevice2 *This, LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString);
    HRESULT (STDMETHODCALLTYPE *AssignDeviceInterfaceState)(IWDFDevice2 *This, LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString, BOOL Enable);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceName)(IWDFDevice2 *This, PWSTR pDeviceName, DWORD *pdwDeviceNameLength);
    HRESULT (STDMETHODCALLTYPE *PostEvent)(IWDFDevice2 *This, REFGUID EventGuid, WDF_EVENT_TYPE EventType, BYTE *pbData, DWORD cbDataSize);
    HRESULT (STDMETHODCALLTYPE *ConfigureRequestDispatching)(IWDFDevice2 *This, IWDFIoQueue *pQueue, WDF_REQUEST_TYPE RequestType, BOOL Forward);
    void (STDMETHODCALLTYPE *SetPnpState)(IWDFDevice2 *This, WDF_PNP_STATE State, WDF_TRI_STATE Value);
    WDF_TRI_STATE (STDMETHODCALLTYPE *GetPnpState)(IWDFDevice2 *This, WDF_PNP_STATE State);
    void (STDMETHODCALLTYPE *CommitPnpState)(IWDFDevice2 *This);
    HRESULT (STDMETHODCALLTYPE *CreateRequest)(IWDFDevice2 *This, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFIoRequest **ppRequest);
    HRESULT (STDMETHODCALLTYPE *CreateSymbolicLink)(IWDFDevice2 *This, PCWSTR pSymbolicLink);
    /* IWDFDevice2 */
    HRESULT (STDMETHODCALLTYPE *AssignS0IdleSettings)(IWDFDevice2 *This, WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps, DEVICE_POWER_STATE DxState, ULONG IdleTimeout, WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings, WDF_TRI_STATE Enabled);
    HRESULT (STDMETHODCALLTYPE *StopIdle)(IWDFDevice2 *This, BOOL WaitForD0);
    void (STDMETHODCALLTYPE *ResumeIdle)(IWDFDevice2 *This);
    HRESULT (STDMETHODCALLTYPE *CreateSymbolicLinkWithReferenceString)(IWDFDevice2 *This, PCWSTR pSymbolicLink, PCWSTR pReferenceString);
    HRESULT (STDMETHODCALLTYPE *RegisterRemoteInterfaceNotification)(IWDFDevice2 *This, LPCGUID pDeviceInterfaceGuid, BOOL IncludeExistingInterfaces);
    HRESULT (STDMETHODCALLTYPE *CreateRemoteInterface)(IWDFDevice2 *This, IWDFRemoteInterfaceInitialize *pRemoteInterfaceInit, IUnknown *pCallbackInterface, IWDFRemoteInterface **ppRemoteInterface);
    HRESULT (STDMETHODCALLTYPE *CreateRemoteTarget)(IWDFDevice2 *This, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFRemoteTarget **ppRemoteTarget);
    void (STDMETHODCALLTYPE *GetDeviceStackIoTypePreference)(IWDFDevice2 *This, WDF_DEVICE_IO_TYPE *ReadWritePreference, WDF_DEVICE_IO_TYPE *IoControlPreference);
    HRESULT (STDMETHODCALLTYPE *AssignSxWakeSettings)(IWDFDevice2 *This, DEVICE_POWER_STATE DxState, WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings, WDF_TRI_STATE Enabled);
    POWER_ACTION (STDMETHODCALLTYPE *GetSystemPowerAction)(IWDFDevice2 *This);
    END_INTERFACE
} IWDFDevice2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFDevice2 : public IWDFDevice {
    virtual HRESULT STDMETHODCALLTYPE AssignS0IdleSettings(WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps, DEVICE_POWER_STATE DxState, ULONG IdleTimeout, WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings, WDF_TRI_STATE Enabled) = 0;
    virtual HRESULT STDMETHODCALLTYPE StopIdle(BOOL WaitForD0) = 0;
    virtual void STDMETHODCALLTYPE ResumeIdle(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateSymbolicLinkWithReferenceString(PCWSTR pSymbolicLink, PCWSTR pReferenceString) = 0;
    virtual HRESULT STDMETHODCALLTYPE RegisterRemoteInterfaceNotification(LPCGUID pDeviceInterfaceGuid, BOOL IncludeExistingInterfaces) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateRemoteInterface(IWDFRemoteInterfaceInitialize *pRemoteInterfaceInit, IUnknown *pCallbackInterface, IWDFRemoteInterface **ppRemoteInterface) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateRemoteTarget(IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFRemoteTarget **ppRemoteTarget) = 0;
    virtual void STDMETHODCALLTYPE GetDeviceStackIoTypePreference(WDF_DEVICE_IO_TYPE *ReadWritePreference, WDF_DEVICE_IO_TYPE *IoControlPreference) = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignSxWakeSettings(DEVICE_POWER_STATE DxState, WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings, WDF_TRI_STATE Enabled) = 0;
    virtual POWER_ACTION STDMETHODCALLTYPE GetSystemPowerAction(void) = 0;
};
#else
struct IWDFDevice2 {
    const struct IWDFDevice2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFDevice2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFDevice2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFDevice2_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFDevice2_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFDevice2_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFDevice2_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFDevice2_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFDevice2_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFDevice2_RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition) ((This)->lpVtbl->RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition))
#define IWDFDevice2_GetDriver(This, ppWdfDriver) ((This)->lpVtbl->GetDriver(This, ppWdfDriver))
#define IWDFDevice2_RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars) ((This)->lpVtbl->RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars))
#define IWDFDevice2_GetDefaultIoTarget(This, ppWdfIoTarget) ((This)->lpVtbl->GetDefaultIoTarget(This, ppWdfIoTarget))
#define IWDFDevice2_CreateWdfFile(This, pcwszFileName, ppFile) ((This)->lpVtbl->CreateWdfFile(This, pcwszFileName, ppFile))
#define IWDFDevice2_GetDefaultIoQueue(This, ppWdfIoQueue) ((This)->lpVtbl->GetDefaultIoQueue(This, ppWdfIoQueue))
#define IWDFDevice2_CreateIoQueue(This, pCallbackInterface, bDefaultQueue, DispatchType, bPowerManaged, bAllowZeroLengthRequests, ppIoQueue) ((This)->lpVtbl->CreateIoQueue(This, pCallbackInterface, bDefaultQueue, DispatchType, bPowerManaged, bAllowZeroLengthRequests, ppIoQueue))
#define IWDFDevice2_CreateDeviceInterface(This, pDeviceInterfaceGuid, pReferenceString) ((This)->lpVtbl->CreateDeviceInterface(This, pDeviceInterfaceGuid, pReferenceString))
#define IWDFDevice2_AssignDeviceInterfaceState(This, pDeviceInterfaceGuid, pReferenceString, Enable) ((This)->lpVtbl->AssignDeviceInterfaceState(This, pDeviceInterfaceGuid, pReferenceString, Enable))
#define IWDFDevice2_RetrieveDeviceName(This, pDeviceName, pdwDeviceNameLength) ((This)->lpVtbl->RetrieveDeviceName(This, pDeviceName, pdwDeviceNameLength))
#define IWDFDevice2_PostEvent(This, EventGuid, EventType, pbData, cbDataSize) ((This)->lpVtbl->PostEvent(This, EventGuid, EventType, pbData, cbDataSize))
#define IWDFDevice2_ConfigureRequestDispatching(This, pQueue, RequestType, Forward) ((This)->lpVtbl->ConfigureRequestDispatching(This, pQueue, RequestType, Forward))
#define IWDFDevice2_SetPnpState(This, State, Value) ((This)->lpVtbl->SetPnpState(This, State, Value))
#define IWDFDevice2_GetPnpState(This, State) ((This)->lpVtbl->GetPnpState(This, State))
#define IWDFDevice2_CommitPnpState(This) ((This)->lpVtbl->CommitPnpState(This))
#define IWDFDevice2_CreateRequest(This, pCallbackInterface, pParentObject, ppRequest) ((This)->lpVtbl->CreateRequest(This, pCallbackInterface, pParentObject, ppRequest))
#define IWDFDevice2_CreateSymbolicLink(This, pSymbolicLink) ((This)->lpVtbl->CreateSymbolicLink(This, pSymbolicLink))
#define IWDFDevice2_AssignS0IdleSettings(This, IdleCaps, DxState, IdleTimeout, UserControlOfIdleSettings, Enabled) ((This)->lpVtbl->AssignS0IdleSettings(This, IdleCaps, DxState, IdleTimeout, UserControlOfIdleSettings, Enabled))
#define IWDFDevice2_StopIdle(This, WaitForD0) ((This)->lpVtbl->StopIdle(This, WaitForD0))
#define IWDFDevice2_ResumeIdle(This) ((This)->lpVtbl->ResumeIdle(This))
#define IWDFDevice2_CreateSymbolicLinkWithReferenceString(This, pSymbolicLink, pReferenceString) ((This)->lpVtbl->CreateSymbolicLinkWithReferenceString(This, pSymbolicLink, pReferenceString))
#define IWDFDevice2_RegisterRemoteInterfaceNotification(This, pDeviceInterfaceGuid, IncludeExistingInterfaces) ((This)->lpVtbl->RegisterRemoteInterfaceNotification(This, pDeviceInterfaceGuid, IncludeExistingInterfaces))
#define IWDFDevice2_CreateRemoteInterface(This, pRemoteInterfaceInit, pCallbackInterface, ppRemoteInterface) ((This)->lpVtbl->CreateRemoteInterface(This, pRemoteInterfaceInit, pCallbackInterface, ppRemoteInterface))
#define IWDFDevice2_CreateRemoteTarget(This, pCallbackInterface, pParentObject, ppRemoteTarget) ((This)->lpVtbl->CreateRemoteTarget(This, pCallbackInterface, pParentObject, ppRemoteTarget))
#define IWDFDevice2_GetDeviceStackIoTypePreference(This, ReadWritePreference, IoControlPreference) ((This)->lpVtbl->GetDeviceStackIoTypePreference(This, ReadWritePreference, IoControlPreference))
#define IWDFDevice2_AssignSxWakeSettings(This, DxState, UserControlOfWakeSettings, Enabled) ((This)->lpVtbl->AssignSxWakeSettings(This, DxState, UserControlOfWakeSettings, Enabled))
#define IWDFDevice2_GetSystemPowerAction(This) ((This)->lpVtbl->GetSystemPowerAction(This))
#endif
#endif

/* ---- IWDFDevice3 (UMDF 1.11), derives from IWDFDevice2 ---- */

typedef struct IWDFDevice3Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFDevice3 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFDevice3 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFDevice3 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFDevice3 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFDevice3 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFDevice3 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFDevice3 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFDevice3 *This);
    /* IWDFDevice */
    HRESULT (STDMETHODCALLTYPE *RetrieveDevicePropertyStore)(IWDFDevice3 *This, PCWSTR pcwszServiceName, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, IWDFNamedPropertyStore **ppPropStore, WDF_PROPERTY_STORE_DISPOSITION *pDisposition);
    void (STDMETHODCALLTYPE *GetDriver)(IWDFDevice3 *This, IWDFDriver **ppWdfDriver);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceInstanceId)(IWDFDevice3 *This, PWSTR Buffer, DWORD *pdwSizeInChars);
    void (STDMETHODCALLTYPE *GetDefaultIoTarget)(IWDFDevice3 *This, IWDFIoTarget **ppWdfIoTarget);
    HRESULT (STDMETHODCALLTYPE *CreateWdfFile)(IWDFDevice3 *This, LPCWSTR pcwszFileName, IWDFDriverCreatedFile **ppFile);
    void (STDMETHODCALLTYPE *GetDefaultIoQueue)(IWDFDevice3 *This, IWDFIoQueue **ppWdfIoQueue);
    HRESULT (STDMETHODCALLTYPE *CreateIoQueue)(IWDFDevice3 *This, IUnknown *pCallbackInterface, BOOL bDefaultQueue, WDF_IO_QUEUE_DISPATCH_TYPE DispatchType, BOOL bPowerManaged, BOOL bAllowZeroLengthRequests, IWDFIoQueue **ppIoQueue);
    HRESULT (STDMETHODCALLTYPE *CreateDeviceInterface)(IWDFDevice3 *This, LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString);
    HRESULT (STDMETHODCALLTYPE *AssignDeviceInterfaceState)(IWDFDevice3 *This, LPCGUID pDeviceInterfaceGuid, PCWSTR pReferenceString, BOOL Enable);
    HRESULT (STDMETHODCALLTYPE *RetrieveDeviceName)(IWDFDevice3 *This, PWSTR pDeviceName, DWORD *pdwDeviceNameLength);
    HRESULT (STDMETHODCALLTYPE *PostEvent)(IWDFDevice3 *This, REFGUID EventGuid, WDF_EVENT_TYPE EventType, BYTE *pbData, DWORD cbDataSize);
    HRESULT (STDMETHODCALLTYPE *ConfigureRequestDispatching)(IWDFDevice3 *This, IWDFIoQueue *pQueue, WDF_REQUEST_TYPE RequestType, BOOL Forward);
    void (STDMETHODCALLTYPE *SetPnpState)(IWDFDevice3 *This, WDF_PNP_STATE State, WDF_TRI_STATE Value);
    WDF_TRI_STATE (STDMETHODCALLTYPE *GetPnpState)(IWDFDevice3 *This, WDF_PNP_STATE State);
    void (STDMETHODCALLTYPE *CommitPnpState)(IWDFDevice3 *This);
    HRESULT (STDMETHODCALLTYPE *CreateRequest)(IWDFDevice3 *This, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFIoRequest **ppRequest);
    HRESULT (STDMETHODCALLTYPE *CreateSymbolicLink)(IWDFDevice3 *This, PCWSTR pSymbolicLink);
    /* IWDFDevice2 */
    HRESULT (STDMETHODCALLTYPE *AssignS0IdleSettings)(IWDFDevice3 *This, WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps, DEVICE_POWER_STATE DxState, ULONG IdleTimeout, WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings, WDF_TRI_STATE Enabled);
    HRESULT (STDMETHODCALLTYPE *StopIdle)(IWDFDevice3 *This, BOOL WaitForD0);
    void (STDMETHODCALLTYPE *ResumeIdle)(IWDFDevice3 *This);
    HRESULT (STDMETHODCALLTYPE *CreateSymbolicLinkWithReferenceString)(IWDFDevice3 *This, PCWSTR pSymbolicLink, PCWSTR pReferenceString);
    HRESULT (STDMETHODCALLTYPE *RegisterRemoteInterfaceNotification)(IWDFDevice3 *This, LPCGUID pDeviceInterfaceGuid, BOOL IncludeExistingInterfaces);
    HRESULT (STDMETHODCALLTYPE *CreateRemoteInterface)(IWDFDevice3 *This, IWDFRemoteInterfaceInitialize *pRemoteInterfaceInit, IUnknown *pCallbackInterface, IWDFRemoteInterface **ppRemoteInterface);
    HRESULT (STDMETHODCALLTYPE *CreateRemoteTarget)(IWDFDevice3 *This, IUnknown *pCallbackInterface, IWDFObject *pParentObject, IWDFRemoteTarget **ppRemoteTarget);
    void (STDMETHODCALLTYPE *GetDeviceStackIoTypePreference)(IWDFDevice3 *This, WDF_DEVICE_IO_TYPE *ReadWritePreference, WDF_DEVICE_IO_TYPE *IoControlPreference);
    HRESULT (STDMETHODCALLTYPE *AssignSxWakeSettings)(IWDFDevice3 *This, DEVICE_POWER_STATE DxState, WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings, WDF_TRI_STATE Enabled);
    POWER_ACTION (STDMETHODCALLTYPE *GetSystemPowerAction)(IWDFDevice3 *This);
    /* IWDFDevice3 */
    HRESULT (STDMETHODCALLTYPE *MapIoSpace)(IWDFDevice3 *This, PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType, void **pPseudoBaseAddress);
    void (STDMETHODCALLTYPE *UnmapIoSpace)(IWDFDevice3 *This, void *PseudoBaseAddress, SIZE_T NumberOfBytes);
    void *(STDMETHODCALLTYPE *GetHardwareRegisterMappedAddress)(IWDFDevice3 *This, void *PseudoBaseAddress);
    SIZE_T (STDMETHODCALLTYPE *ReadFromHardware)(IWDFDevice3 *This, WDF_DEVICE_HWACCESS_TARGET_TYPE Type, WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, void *Buffer, ULONG Count);
    void (STDMETHODCALLTYPE *WriteToHardware)(IWDFDevice3 *This, WDF_DEVICE_HWACCESS_TARGET_TYPE Type, WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, SIZE_T Value, void *Buffer, ULONG Count);
    HRESULT (STDMETHODCALLTYPE *CreateInterrupt)(IWDFDevice3 *This, PWUDF_INTERRUPT_CONFIG Configuration, IWDFInterrupt **ppInterrupt);
    HRESULT (STDMETHODCALLTYPE *CreateWorkItem)(IWDFDevice3 *This, PWUDF_WORKITEM_CONFIG pConfig, IWDFObject *pParentObject, IWDFWorkItem **ppWorkItem);
    HRESULT (STDMETHODCALLTYPE *AssignS0IdleSettingsEx)(IWDFDevice3 *This, PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS IdleSettings);
    END_INTERFACE
} IWDFDevice3Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFDevice3 : public IWDFDevice2 {
    virtual HRESULT STDMETHODCALLTYPE MapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType, void **pPseudoBaseAddress) = 0;
    virtual void STDMETHODCALLTYPE UnmapIoSpace(void *PseudoBaseAddress, SIZE_T NumberOfBytes) = 0;
    virtual void *STDMETHODCALLTYPE GetHardwareRegisterMappedAddress(void *PseudoBaseAddress) = 0;
    virtual SIZE_T STDMETHODCALLTYPE ReadFromHardware(WDF_DEVICE_HWACCESS_TARGET_TYPE Type, WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, void *Buffer, ULONG Count) = 0;
    virtual void STDMETHODCALLTYPE WriteToHardware(WDF_DEVICE_HWACCESS_TARGET_TYPE Type, WDF_DEVICE_HWACCESS_TARGET_SIZE Size, void *Address, SIZE_T Value, void *Buffer, ULONG Count) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateInterrupt(PWUDF_INTERRUPT_CONFIG Configuration, IWDFInterrupt **ppInterrupt) = 0;
    virtual HRESULT STDMETHODCALLTYPE CreateWorkItem(PWUDF_WORKITEM_CONFIG pConfig, IWDFObject *pParentObject, IWDFWorkItem **ppWorkItem) = 0;
    virtual HRESULT STDMETHODCALLTYPE AssignS0IdleSettingsEx(PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS IdleSettings) = 0;
};
#else
struct IWDFDevice3 {
    const struct IWDFDevice3Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFDevice3_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFDevice3_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFDevice3_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFDevice3_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFDevice3_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFDevice3_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFDevice3_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFDevice3_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFDevice3_RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition) ((This)->lpVtbl->RetrieveDevicePropertyStore(This, pcwszServiceName, Flags, ppPropStore, pDisposition))
#define IWDFDevice3_GetDriver(This, ppWdfDriver) ((This)->lpVtbl->GetDriver(This, ppWdfDriver))
#define IWDFDevice3_RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars) ((This)->lpVtbl->RetrieveDeviceInstanceId(This, Buffer, pdwSizeInChars))
#define IWDFDevice3_GetDefaultIoTarget(This, ppWdfIoTarget) ((This)->lpVtbl->GetDefaultIoTarget(This, ppWdfIoTarget))
#define IWDFDevice3_CreateWdfFile(This, pcwszFileName, ppFile) ((This)->lpVtbl->CreateWdfFile(This, pcwszFileName, ppFile))
#define IWDFDevice3_GetDefaultIoQueue(This, ppWdfIoQueue) ((This)->lpVtbl->GetDefaultIoQueue(This, ppWdfIoQueue))
#define IWDFDevice3_CreateIoQueue(This, pCallbackInterface, bDefaultQueue, DispatchType, bPowerManaged, bAllowZeroLengthRequests, ppIoQueue) ((This)->lpVtbl->CreateIoQueue(This, pCallbackInterface, bDefaultQueue, DispatchType, bPowerManaged, bAllowZeroLengthRequests, ppIoQueue))
#define IWDFDevice3_CreateDeviceInterface(This, pDeviceInterfaceGuid, pReferenceString) ((This)->lpVtbl->CreateDeviceInterface(This, pDeviceInterfaceGuid, pReferenceString))
#define IWDFDevice3_AssignDeviceInterfaceState(This, pDeviceInterfaceGuid, pReferenceString, Enable) ((This)->lpVtbl->AssignDeviceInterfaceState(This, pDeviceInterfaceGuid, pReferenceString, Enable))
#define IWDFDevice3_RetrieveDeviceName(This, pDeviceName, pdwDeviceNameLength) ((This)->lpVtbl->RetrieveDeviceName(This, pDeviceName, pdwDeviceNameLength))
#define IWDFDevice3_PostEvent(This, EventGuid, EventType, pbData, cbDataSize) ((This)->lpVtbl->PostEvent(This, EventGuid, EventType, pbData, cbDataSize))
#define IWDFDevice3_ConfigureRequestDispatching(This, pQueue, RequestType, Forward) ((This)->lpVtbl->ConfigureRequestDispatching(This, pQueue, RequestType, Forward))
#define IWDFDevice3_SetPnpState(This, State, Value) ((This)->lpVtbl->SetPnpState(This, State, Value))
#define IWDFDevice3_GetPnpState(This, State) ((This)->lpVtbl->GetPnpState(This, State))
#define IWDFDevice3_CommitPnpState(This) ((This)->lpVtbl->CommitPnpState(This))
#define IWDFDevice3_CreateRequest(This, pCallbackInterface, pParentObject, ppRequest) ((This)->lpVtbl->CreateRequest(This, pCallbackInterface, pParentObject, ppRequest))
#define IWDFDevice3_CreateSymbolicLink(This, pSymbolicLink) ((This)->lpVtbl->CreateSymbolicLink(This, pSymbolicLink))
#define IWDFDevice3_AssignS0IdleSettings(This, IdleCaps, DxState, IdleTimeout, UserControlOfIdleSettings, Enabled) ((This)->lpVtbl->AssignS0IdleSettings(This, IdleCaps, DxState, IdleTimeout, UserControlOfIdleSettings, Enabled))
#define IWDFDevice3_StopIdle(This, WaitForD0) ((This)->lpVtbl->StopIdle(This, WaitForD0))
#define IWDFDevice3_ResumeIdle(This) ((This)->lpVtbl->ResumeIdle(This))
#define IWDFDevice3_CreateSymbolicLinkWithReferenceString(This, pSymbolicLink, pReferenceString) ((This)->lpVtbl->CreateSymbolicLinkWithReferenceString(This, pSymbolicLink, pReferenceString))
#define IWDFDevice3_RegisterRemoteInterfaceNotification(This, pDeviceInterfaceGuid, IncludeExistingInterfaces) ((This)->lpVtbl->RegisterRemoteInterfaceNotification(This, pDeviceInterfaceGuid, IncludeExistingInterfaces))
#define IWDFDevice3_CreateRemoteInterface(This, pRemoteInterfaceInit, pCallbackInterface, ppRemoteInterface) ((This)->lpVtbl->CreateRemoteInterface(This, pRemoteInterfaceInit, pCallbackInterface, ppRemoteInterface))
#define IWDFDevice3_CreateRemoteTarget(This, pCallbackInterface, pParentObject, ppRemoteTarget) ((This)->lpVtbl->CreateRemoteTarget(This, pCallbackInterface, pParentObject, ppRemoteTarget))
#define IWDFDevice3_GetDeviceStackIoTypePreference(This, ReadWritePreference, IoControlPreference) ((This)->lpVtbl->GetDeviceStackIoTypePreference(This, ReadWritePreference, IoControlPreference))
#define IWDFDevice3_AssignSxWakeSettings(This, DxState, UserControlOfWakeSettings, Enabled) ((This)->lpVtbl->AssignSxWakeSettings(This, DxState, UserControlOfWakeSettings, Enabled))
#define IWDFDevice3_GetSystemPowerAction(This) ((This)->lpVtbl->GetSystemPowerAction(This))
#define IWDFDevice3_MapIoSpace(This, PhysicalAddress, NumberOfBytes, CacheType, pPseudoBaseAddress) ((This)->lpVtbl->MapIoSpace(This, PhysicalAddress, NumberOfBytes, CacheType, pPseudoBaseAddress))
#define IWDFDevice3_UnmapIoSpace(This, PseudoBaseAddress, NumberOfBytes) ((This)->lpVtbl->UnmapIoSpace(This, PseudoBaseAddress, NumberOfBytes))
#define IWDFDevice3_GetHardwareRegisterMappedAddress(This, PseudoBaseAddress) ((This)->lpVtbl->GetHardwareRegisterMappedAddress(This, PseudoBaseAddress))
#define IWDFDevice3_ReadFromHardware(This, Type, Size, Address, Buffer, Count) ((This)->lpVtbl->ReadFromHardware(This, Type, Size, Address, Buffer, Count))
#define IWDFDevice3_WriteToHardware(This, Type, Size, Address, Value, Buffer, Count) ((This)->lpVtbl->WriteToHardware(This, Type, Size, Address, Value, Buffer, Count))
#define IWDFDevice3_CreateInterrupt(This, Configuration, ppInterrupt) ((This)->lpVtbl->CreateInterrupt(This, Configuration, ppInterrupt))
#define IWDFDevice3_CreateWorkItem(This, pConfig, pParentObject, ppWorkItem) ((This)->lpVtbl->CreateWorkItem(This, pConfig, pParentObject, ppWorkItem))
#define IWDFDevice3_AssignS0IdleSettingsEx(This, IdleSettings) ((This)->lpVtbl->AssignS0IdleSettingsEx(This, IdleSettings))
#endif
#endif

/* ---- IWDFIoRequest2 (UMDF 1.9+), derives from IWDFIoRequest ---- */

typedef struct IWDFIoRequest2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoRequest2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoRequest2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoRequest2 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFIoRequest2 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFIoRequest2 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFIoRequest2 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFIoRequest2 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFIoRequest2 *This);
    /* IWDFIoRequest */
    void (STDMETHODCALLTYPE *CompleteWithInformation)(IWDFIoRequest2 *This, HRESULT CompletionStatus, SIZE_T Information);
    void (STDMETHODCALLTYPE *SetInformation)(IWDFIoRequest2 *This, ULONG_PTR Information);
    void (STDMETHODCALLTYPE *Complete)(IWDFIoRequest2 *This, HRESULT CompletionStatus);
    void (STDMETHODCALLTYPE *SetCompletionCallback)(IWDFIoRequest2 *This, IRequestCallbackRequestCompletion *pCompletionCallback, void *pContext);
    WDF_REQUEST_TYPE (STDMETHODCALLTYPE *GetType)(IWDFIoRequest2 *This);
    void (STDMETHODCALLTYPE *GetCreateParameters)(IWDFIoRequest2 *This, ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess);
    void (STDMETHODCALLTYPE *GetReadParameters)(IWDFIoRequest2 *This, SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey);
    void (STDMETHODCALLTYPE *GetWriteParameters)(IWDFIoRequest2 *This, SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey);
    void (STDMETHODCALLTYPE *GetDeviceIoControlParameters)(IWDFIoRequest2 *This, ULONG *pControlCode, SIZE_T *pInBufferSize, SIZE_T *pOutBufferSize);
    void (STDMETHODCALLTYPE *GetOutputMemory)(IWDFIoRequest2 *This, IWDFMemory **ppWdfMemory);
    void (STDMETHODCALLTYPE *GetInputMemory)(IWDFIoRequest2 *This, IWDFMemory **ppWdfMemory);
    void (STDMETHODCALLTYPE *MarkCancelable)(IWDFIoRequest2 *This, IRequestCallbackCancel *pCancelCallback);
    HRESULT (STDMETHODCALLTYPE *UnmarkCancelable)(IWDFIoRequest2 *This);
    BOOL (STDMETHODCALLTYPE *CancelSentRequest)(IWDFIoRequest2 *This);
    HRESULT (STDMETHODCALLTYPE *ForwardToIoQueue)(IWDFIoRequest2 *This, IWDFIoQueue *pDestination);
    HRESULT (STDMETHODCALLTYPE *Send)(IWDFIoRequest2 *This, IWDFIoTarget *pIoTarget, ULONG Flags, LONGLONG Timeout);
    void (STDMETHODCALLTYPE *GetFileObject)(IWDFIoRequest2 *This, IWDFFile **ppFileObject);
    void (STDMETHODCALLTYPE *FormatUsingCurrentType)(IWDFIoRequest2 *This);
    ULONG (STDMETHODCALLTYPE *GetRequestorProcessId)(IWDFIoRequest2 *This);
    void (STDMETHODCALLTYPE *GetIoQueue)(IWDFIoRequest2 *This, IWDFIoQueue **ppWdfIoQueue);
    HRESULT (STDMETHODCALLTYPE *Impersonate)(IWDFIoRequest2 *This, SECURITY_IMPERSONATION_LEVEL ImpersonationLevel, IImpersonateCallback *pCallback, void *pvCallbackContext);
    BOOL (STDMETHODCALLTYPE *IsFrom32BitProcess)(IWDFIoRequest2 *This);
    void (STDMETHODCALLTYPE *GetCompletionParams)(IWDFIoRequest2 *This, IWDFRequestCompletionParams **ppCompletionParams);
    /* IWDFIoRequest2 */
    void (STDMETHODCALLTYPE *Reuse)(IWDFIoRequest2 *This, HRESULT hrNewStatus);
    WDF_KPROCESSOR_MODE (STDMETHODCALLTYPE *GetRequestorMode)(IWDFIoRequest2 *This);
    BOOL (STDMETHODCALLTYPE *IsFromUserModeDriver)(IWDFIoRequest2 *This);
    HRESULT (STDMETHODCALLTYPE *RetrieveInputBuffer)(IWDFIoRequest2 *This, SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb);
    HRESULT (STDMETHODCALLTYPE *RetrieveOutputBuffer)(IWDFIoRequest2 *This, SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb);
    HRESULT (STDMETHODCALLTYPE *RetrieveInputMemory)(IWDFIoRequest2 *This, IWDFMemory **Memory);
    HRESULT (STDMETHODCALLTYPE *RetrieveOutputMemory)(IWDFIoRequest2 *This, IWDFMemory **Memory);
    WDF_DEVICE_IO_TYPE (STDMETHODCALLTYPE *GetEffectiveIoType)(IWDFIoRequest2 *This);
    void (STDMETHODCALLTYPE *GetCreateParametersEx)(IWDFIoRequest2 *This, ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess, ACCESS_MASK *pDesiredAccess);
    void (STDMETHODCALLTYPE *GetQueryInformationParameters)(IWDFIoRequest2 *This, WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes);
    void (STDMETHODCALLTYPE *GetSetInformationParameters)(IWDFIoRequest2 *This, WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes);
    BOOL (STDMETHODCALLTYPE *IsCanceled)(IWDFIoRequest2 *This);
    HRESULT (STDMETHODCALLTYPE *GetStatus)(IWDFIoRequest2 *This);
    void (STDMETHODCALLTYPE *StopAcknowledge)(IWDFIoRequest2 *This, BOOL Requeue);
    HRESULT (STDMETHODCALLTYPE *Requeue)(IWDFIoRequest2 *This);
    END_INTERFACE
} IWDFIoRequest2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoRequest2 : public IWDFIoRequest {
    virtual void STDMETHODCALLTYPE Reuse(HRESULT hrNewStatus) = 0;
    virtual WDF_KPROCESSOR_MODE STDMETHODCALLTYPE GetRequestorMode(void) = 0;
    virtual BOOL STDMETHODCALLTYPE IsFromUserModeDriver(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveInputBuffer(SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveOutputBuffer(SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveInputMemory(IWDFMemory **Memory) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveOutputMemory(IWDFMemory **Memory) = 0;
    virtual WDF_DEVICE_IO_TYPE STDMETHODCALLTYPE GetEffectiveIoType(void) = 0;
    virtual void STDMETHODCALLTYPE GetCreateParametersEx(ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess, ACCESS_MASK *pDesiredAccess) = 0;
    virtual void STDMETHODCALLTYPE GetQueryInformationParameters(WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes) = 0;
    virtual void STDMETHODCALLTYPE GetSetInformationParameters(WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes) = 0;
    virtual BOOL STDMETHODCALLTYPE IsCanceled(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetStatus(void) = 0;
    virtual void STDMETHODCALLTYPE StopAcknowledge(BOOL Requeue) = 0;
    virtual HRESULT STDMETHODCALLTYPE Requeue(void) = 0;
};
#else
struct IWDFIoRequest2 {
    const struct IWDFIoRequest2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoRequest2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoRequest2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoRequest2_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoRequest2_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFIoRequest2_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFIoRequest2_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFIoRequest2_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFIoRequest2_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFIoRequest2_CompleteWithInformation(This, CompletionStatus, Information) ((This)->lpVtbl->CompleteWithInformation(This, CompletionStatus, Information))
#define IWDFIoRequest2_SetInformation(This, Information) ((This)->lpVtbl->SetInformation(This, Information))
#define IWDFIoRequest2_Complete(This, CompletionStatus) ((This)->lpVtbl->Complete(This, CompletionStatus))
#define IWDFIoRequest2_SetCompletionCallback(This, pCompletionCallback, pContext) ((This)->lpVtbl->SetCompletionCallback(This, pCompletionCallback, pContext))
#define IWDFIoRequest2_GetType(This) ((This)->lpVtbl->GetType(This))
#define IWDFIoRequest2_GetCreateParameters(This, pOptions, pFileAttributes, pShareAccess) ((This)->lpVtbl->GetCreateParameters(This, pOptions, pFileAttributes, pShareAccess))
#define IWDFIoRequest2_GetReadParameters(This, pSizeInBytes, pullOffset, pulKey) ((This)->lpVtbl->GetReadParameters(This, pSizeInBytes, pullOffset, pulKey))
#define IWDFIoRequest2_GetWriteParameters(This, pSizeInBytes, pullOffset, pulKey) ((This)->lpVtbl->GetWriteParameters(This, pSizeInBytes, pullOffset, pulKey))
#define IWDFIoRequest2_GetDeviceIoControlParameters(This, pControlCode, pInBufferSize, pOutBufferSize) ((This)->lpVtbl->GetDeviceIoControlParameters(This, pControlCode, pInBufferSize, pOutBufferSize))
#define IWDFIoRequest2_GetOutputMemory(This, ppWdfMemory) ((This)->lpVtbl->GetOutputMemory(This, ppWdfMemory))
#define IWDFIoRequest2_GetInputMemory(This, ppWdfMemory) ((This)->lpVtbl->GetInputMemory(This, ppWdfMemory))
#define IWDFIoRequest2_MarkCancelable(This, pCancelCallback) ((This)->lpVtbl->MarkCancelable(This, pCancelCallback))
#define IWDFIoRequest2_UnmarkCancelable(This) ((This)->lpVtbl->UnmarkCancelable(This))
#define IWDFIoRequest2_CancelSentRequest(This) ((This)->lpVtbl->CancelSentRequest(This))
#define IWDFIoRequest2_ForwardToIoQueue(This, pDestination) ((This)->lpVtbl->ForwardToIoQueue(This, pDestination))
#define IWDFIoRequest2_Send(This, pIoTarget, Flags, Timeout) ((This)->lpVtbl->Send(This, pIoTarget, Flags, Timeout))
#define IWDFIoRequest2_GetFileObject(This, ppFileObject) ((This)->lpVtbl->GetFileObject(This, ppFileObject))
#define IWDFIoRequest2_FormatUsingCurrentType(This) ((This)->lpVtbl->FormatUsingCurrentType(This))
#define IWDFIoRequest2_GetRequestorProcessId(This) ((This)->lpVtbl->GetRequestorProcessId(This))
#define IWDFIoRequest2_GetIoQueue(This, ppWdfIoQueue) ((This)->lpVtbl->GetIoQueue(This, ppWdfIoQueue))
#define IWDFIoRequest2_Impersonate(This, ImpersonationLevel, pCallback, pvCallbackContext) ((This)->lpVtbl->Impersonate(This, ImpersonationLevel, pCallback, pvCallbackContext))
#define IWDFIoRequest2_IsFrom32BitProcess(This) ((This)->lpVtbl->IsFrom32BitProcess(This))
#define IWDFIoRequest2_GetCompletionParams(This, ppCompletionParams) ((This)->lpVtbl->GetCompletionParams(This, ppCompletionParams))
#define IWDFIoRequest2_Reuse(This, hrNewStatus) ((This)->lpVtbl->Reuse(This, hrNewStatus))
#define IWDFIoRequest2_GetRequestorMode(This) ((This)->lpVtbl->GetRequestorMode(This))
#define IWDFIoRequest2_IsFromUserModeDriver(This) ((This)->lpVtbl->IsFromUserModeDriver(This))
#define IWDFIoRequest2_RetrieveInputBuffer(This, MinimumRequiredCb, Buffer, BufferCb) ((This)->lpVtbl->RetrieveInputBuffer(This, MinimumRequiredCb, Buffer, BufferCb))
#define IWDFIoRequest2_RetrieveOutputBuffer(This, MinimumRequiredCb, Buffer, BufferCb) ((This)->lpVtbl->RetrieveOutputBuffer(This, MinimumRequiredCb, Buffer, BufferCb))
#define IWDFIoRequest2_RetrieveInputMemory(This, Memory) ((This)->lpVtbl->RetrieveInputMemory(This, Memory))
#define IWDFIoRequest2_RetrieveOutputMemory(This, Memory) ((This)->lpVtbl->RetrieveOutputMemory(This, Memory))
#define IWDFIoRequest2_GetEffectiveIoType(This) ((This)->lpVtbl->GetEffectiveIoType(This))
#define IWDFIoRequest2_GetCreateParametersEx(This, pOptions, pFileAttributes, pShareAccess, pDesiredAccess) ((This)->lpVtbl->GetCreateParametersEx(This, pOptions, pFileAttributes, pShareAccess, pDesiredAccess))
#define IWDFIoRequest2_GetQueryInformationParameters(This, pInformationClass, pSizeInBytes) ((This)->lpVtbl->GetQueryInformationParameters(This, pInformationClass, pSizeInBytes))
#define IWDFIoRequest2_GetSetInformationParameters(This, pInformationClass, pSizeInBytes) ((This)->lpVtbl->GetSetInformationParameters(This, pInformationClass, pSizeInBytes))
#define IWDFIoRequest2_IsCanceled(This) ((This)->lpVtbl->IsCanceled(This))
#define IWDFIoRequest2_GetStatus(This) ((This)->lpVtbl->GetStatus(This))
#define IWDFIoRequest2_StopAcknowledge(This, Requeue) ((This)->lpVtbl->StopAcknowledge(This, Requeue))
#define IWDFIoRequest2_Requeue(This) ((This)->lpVtbl->Requeue(This))
#endif
#endif

/* ---- IWDFIoRequest3 (UMDF 1.11), derives from IWDFIoRequest2 ---- */

typedef struct IWDFIoRequest3Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoRequest3 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoRequest3 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoRequest3 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFIoRequest3 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFIoRequest3 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFIoRequest3 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFIoRequest3 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFIoRequest3 *This);
    /* IWDFIoRequest */
    void (STDMETHODCALLTYPE *CompleteWithInformation)(IWDFIoRequest3 *This, HRESULT CompletionStatus, SIZE_T Information);
    void (STDMETHODCALLTYPE *SetInformation)(IWDFIoRequest3 *This, ULONG_PTR Information);
    void (STDMETHODCALLTYPE *Complete)(IWDFIoRequest3 *This, HRESULT CompletionStatus);
    void (STDMETHODCALLTYPE *SetCompletionCallback)(IWDFIoRequest3 *This, IRequestCallbackRequestCompletion *pCompletionCallback, void *pContext);
    WDF_REQUEST_TYPE (STDMETHODCALLTYPE *GetType)(IWDFIoRequest3 *This);
    void (STDMETHODCALLTYPE *GetCreateParameters)(IWDFIoRequest3 *This, ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess);
    void (STDMETHODCALLTYPE *GetReadParameters)(IWDFIoRequest3 *This, SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey);
    void (STDMETHODCALLTYPE *GetWriteParameters)(IWDFIoRequest3 *This, SIZE_T *pSizeInBytes, LONGLONG *pullOffset, ULONG *pulKey);
    void (STDMETHODCALLTYPE *GetDeviceIoControlParameters)(IWDFIoRequest3 *This, ULONG *pControlCode, SIZE_T *pInBufferSize, SIZE_T *pOutBufferSize);
    void (STDMETHODCALLTYPE *GetOutputMemory)(IWDFIoRequest3 *This, IWDFMemory **ppWdfMemory);
    void (STDMETHODCALLTYPE *GetInputMemory)(IWDFIoRequest3 *This, IWDFMemory **ppWdfMemory);
    void (STDMETHODCALLTYPE *MarkCancelable)(IWDFIoRequest3 *This, IRequestCallbackCancel *pCancelCallback);
    HRESULT (STDMETHODCALLTYPE *UnmarkCancelable)(IWDFIoRequest3 *This);
    BOOL (STDMETHODCALLTYPE *CancelSentRequest)(IWDFIoRequest3 *This);
    HRESULT (STDMETHODCALLTYPE *ForwardToIoQueue)(IWDFIoRequest3 *This, IWDFIoQueue *pDestination);
    HRESULT (STDMETHODCALLTYPE *Send)(IWDFIoRequest3 *This, IWDFIoTarget *pIoTarget, ULONG Flags, LONGLONG Timeout);
    void (STDMETHODCALLTYPE *GetFileObject)(IWDFIoRequest3 *This, IWDFFile **ppFileObject);
    void (STDMETHODCALLTYPE *FormatUsingCurrentType)(IWDFIoRequest3 *This);
    ULONG (STDMETHODCALLTYPE *GetRequestorProcessId)(IWDFIoRequest3 *This);
    void (STDMETHODCALLTYPE *GetIoQueue)(IWDFIoRequest3 *This, IWDFIoQueue **ppWdfIoQueue);
    HRESULT (STDMETHODCALLTYPE *Impersonate)(IWDFIoRequest3 *This, SECURITY_IMPERSONATION_LEVEL ImpersonationLevel, IImpersonateCallback *pCallback, void *pvCallbackContext);
    BOOL (STDMETHODCALLTYPE *IsFrom32BitProcess)(IWDFIoRequest3 *This);
    void (STDMETHODCALLTYPE *GetCompletionParams)(IWDFIoRequest3 *This, IWDFRequestCompletionParams **ppCompletionParams);
    /* IWDFIoRequest2 */
    void (STDMETHODCALLTYPE *Reuse)(IWDFIoRequest3 *This, HRESULT hrNewStatus);
    WDF_KPROCESSOR_MODE (STDMETHODCALLTYPE *GetRequestorMode)(IWDFIoRequest3 *This);
    BOOL (STDMETHODCALLTYPE *IsFromUserModeDriver)(IWDFIoRequest3 *This);
    HRESULT (STDMETHODCALLTYPE *RetrieveInputBuffer)(IWDFIoRequest3 *This, SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb);
    HRESULT (STDMETHODCALLTYPE *RetrieveOutputBuffer)(IWDFIoRequest3 *This, SIZE_T MinimumRequiredCb, PVOID *Buffer, SIZE_T *BufferCb);
    HRESULT (STDMETHODCALLTYPE *RetrieveInputMemory)(IWDFIoRequest3 *This, IWDFMemory **Memory);
    HRESULT (STDMETHODCALLTYPE *RetrieveOutputMemory)(IWDFIoRequest3 *This, IWDFMemory **Memory);
    WDF_DEVICE_IO_TYPE (STDMETHODCALLTYPE *GetEffectiveIoType)(IWDFIoRequest3 *This);
    void (STDMETHODCALLTYPE *GetCreateParametersEx)(IWDFIoRequest3 *This, ULONG *pOptions, USHORT *pFileAttributes, USHORT *pShareAccess, ACCESS_MASK *pDesiredAccess);
    void (STDMETHODCALLTYPE *GetQueryInformationParameters)(IWDFIoRequest3 *This, WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes);
    void (STDMETHODCALLTYPE *GetSetInformationParameters)(IWDFIoRequest3 *This, WDF_FILE_INFORMATION_CLASS *pInformationClass, SIZE_T *pSizeInBytes);
    BOOL (STDMETHODCALLTYPE *IsCanceled)(IWDFIoRequest3 *This);
    HRESULT (STDMETHODCALLTYPE *GetStatus)(IWDFIoRequest3 *This);
    void (STDMETHODCALLTYPE *StopAcknowledge)(IWDFIoRequest3 *This, BOOL Requeue);
    HRESULT (STDMETHODCALLTYPE *Requeue)(IWDFIoRequest3 *This);
    /* IWDFIoRequest3 */
    void (STDMETHODCALLTYPE *SetUserModeDriverInitiatedIo)(IWDFIoRequest3 *This, BOOL IsUserModeDriverInitiated);
    BOOL (STDMETHODCALLTYPE *GetUserModeDriverInitiatedIo)(IWDFIoRequest3 *This);
    HRESULT (STDMETHODCALLTYPE *RetrieveActivityId)(IWDFIoRequest3 *This, LPGUID ActivityId);
    void (STDMETHODCALLTYPE *SetActivityId)(IWDFIoRequest3 *This, LPGUID ActivityId);
    END_INTERFACE
} IWDFIoRequest3Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoRequest3 : public IWDFIoRequest2 {
    virtual void STDMETHODCALLTYPE SetUserModeDriverInitiatedIo(BOOL IsUserModeDriverInitiated) = 0;
    virtual BOOL STDMETHODCALLTYPE GetUserModeDriverInitiatedIo(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveActivityId(LPGUID ActivityId) = 0;
    virtual void STDMETHODCALLTYPE SetActivityId(LPGUID ActivityId) = 0;
};
#else
struct IWDFIoRequest3 {
    const struct IWDFIoRequest3Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoRequest3_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoRequest3_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoRequest3_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoRequest3_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFIoRequest3_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFIoRequest3_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFIoRequest3_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFIoRequest3_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFIoRequest3_CompleteWithInformation(This, CompletionStatus, Information) ((This)->lpVtbl->CompleteWithInformation(This, CompletionStatus, Information))
#define IWDFIoRequest3_SetInformation(This, Information) ((This)->lpVtbl->SetInformation(This, Information))
#define IWDFIoRequest3_Complete(This, CompletionStatus) ((This)->lpVtbl->Complete(This, CompletionStatus))
#define IWDFIoRequest3_SetCompletionCallback(This, pCompletionCallback, pContext) ((This)->lpVtbl->SetCompletionCallback(This, pCompletionCallback, pContext))
#define IWDFIoRequest3_GetType(This) ((This)->lpVtbl->GetType(This))
#define IWDFIoRequest3_GetCreateParameters(This, pOptions, pFileAttributes, pShareAccess) ((This)->lpVtbl->GetCreateParameters(This, pOptions, pFileAttributes, pShareAccess))
#define IWDFIoRequest3_GetReadParameters(This, pSizeInBytes, pullOffset, pulKey) ((This)->lpVtbl->GetReadParameters(This, pSizeInBytes, pullOffset, pulKey))
#define IWDFIoRequest3_GetWriteParameters(This, pSizeInBytes, pullOffset, pulKey) ((This)->lpVtbl->GetWriteParameters(This, pSizeInBytes, pullOffset, pulKey))
#define IWDFIoRequest3_GetDeviceIoControlParameters(This, pControlCode, pInBufferSize, pOutBufferSize) ((This)->lpVtbl->GetDeviceIoControlParameters(This, pControlCode, pInBufferSize, pOutBufferSize))
#define IWDFIoRequest3_GetOutputMemory(This, ppWdfMemory) ((This)->lpVtbl->GetOutputMemory(This, ppWdfMemory))
#define IWDFIoRequest3_GetInputMemory(This, ppWdfMemory) ((This)->lpVtbl->GetInputMemory(This, ppWdfMemory))
#define IWDFIoRequest3_MarkCancelable(This, pCancelCallback) ((This)->lpVtbl->MarkCancelable(This, pCancelCallback))
#define IWDFIoRequest3_UnmarkCancelable(This) ((This)->lpVtbl->UnmarkCancelable(This))
#define IWDFIoRequest3_CancelSentRequest(This) ((This)->lpVtbl->CancelSentRequest(This))
#define IWDFIoRequest3_ForwardToIoQueue(This, pDestination) ((This)->lpVtbl->ForwardToIoQueue(This, pDestination))
#define IWDFIoRequest3_Send(This, pIoTarget, Flags, Timeout) ((This)->lpVtbl->Send(This, pIoTarget, Flags, Timeout))
#define IWDFIoRequest3_GetFileObject(This, ppFileObject) ((This)->lpVtbl->GetFileObject(This, ppFileObject))
#define IWDFIoRequest3_FormatUsingCurrentType(This) ((This)->lpVtbl->FormatUsingCurrentType(This))
#define IWDFIoRequest3_GetRequestorProcessId(This) ((This)->lpVtbl->GetRequestorProcessId(This))
#define IWDFIoRequest3_GetIoQueue(This, ppWdfIoQueue) ((This)->lpVtbl->GetIoQueue(This, ppWdfIoQueue))
#define IWDFIoRequest3_Impersonate(This, ImpersonationLevel, pCallback, pvCallbackContext) ((This)->lpVtbl->Impersonate(This, ImpersonationLevel, pCallback, pvCallbackContext))
#define IWDFIoRequest3_IsFrom32BitProcess(This) ((This)->lpVtbl->IsFrom32BitProcess(This))
#define IWDFIoRequest3_GetCompletionParams(This, ppCompletionParams) ((This)->lpVtbl->GetCompletionParams(This, ppCompletionParams))
#define IWDFIoRequest3_Reuse(This, hrNewStatus) ((This)->lpVtbl->Reuse(This, hrNewStatus))
#define IWDFIoRequest3_GetRequestorMode(This) ((This)->lpVtbl->GetRequestorMode(This))
#define IWDFIoRequest3_IsFromUserModeDriver(This) ((This)->lpVtbl->IsFromUserModeDriver(This))
#define IWDFIoRequest3_RetrieveInputBuffer(This, MinimumRequiredCb, Buffer, BufferCb) ((This)->lpVtbl->RetrieveInputBuffer(This, MinimumRequiredCb, Buffer, BufferCb))
#define IWDFIoRequest3_RetrieveOutputBuffer(This, MinimumRequiredCb, Buffer, BufferCb) ((This)->lpVtbl->RetrieveOutputBuffer(This, MinimumRequiredCb, Buffer, BufferCb))
#define IWDFIoRequest3_RetrieveInputMemory(This, Memory) ((This)->lpVtbl->RetrieveInputMemory(This, Memory))
#define IWDFIoRequest3_RetrieveOutputMemory(This, Memory) ((This)->lpVtbl->RetrieveOutputMemory(This, Memory))
#define IWDFIoRequest3_GetEffectiveIoType(This) ((This)->lpVtbl->GetEffectiveIoType(This))
#define IWDFIoRequest3_GetCreateParametersEx(This, pOptions, pFileAttributes, pShareAccess, pDesiredAccess) ((This)->lpVtbl->GetCreateParametersEx(This, pOptions, pFileAttributes, pShareAccess, pDesiredAccess))
#define IWDFIoRequest3_GetQueryInformationParameters(This, pInformationClass, pSizeInBytes) ((This)->lpVtbl->GetQueryInformationParameters(This, pInformationClass, pSizeInBytes))
#define IWDFIoRequest3_GetSetInformationParameters(This, pInformationClass, pSizeInBytes) ((This)->lpVtbl->GetSetInformationParameters(This, pInformationClass, pSizeInBytes))
#define IWDFIoRequest3_IsCanceled(This) ((This)->lpVtbl->IsCanceled(This))
#define IWDFIoRequest3_GetStatus(This) ((This)->lpVtbl->GetStatus(This))
#define IWDFIoRequest3_StopAcknowledge(This, Requeue) ((This)->lpVtbl->StopAcknowledge(This, Requeue))
#define IWDFIoRequest3_Requeue(This) ((This)->lpVtbl->Requeue(This))
#define IWDFIoRequest3_SetUserModeDriverInitiatedIo(This, IsUserModeDriverInitiated) ((This)->lpVtbl->SetUserModeDriverInitiatedIo(This, IsUserModeDriverInitiated))
#define IWDFIoRequest3_GetUserModeDriverInitiatedIo(This) ((This)->lpVtbl->GetUserModeDriverInitiatedIo(This))
#define IWDFIoRequest3_RetrieveActivityId(This, ActivityId) ((This)->lpVtbl->RetrieveActivityId(This, ActivityId))
#define IWDFIoRequest3_SetActivityId(This, ActivityId) ((This)->lpVtbl->SetActivityId(This, ActivityId))
#endif
#endif

/* ---- IWDFFile2 (UMDF 1.9+), derives from IWDFFile ---- */

typedef struct IWDFFile2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFFile2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFFile2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFFile2 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFFile2 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFFile2 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFFile2 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFFile2 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFFile2 *This);
    /* IWDFFile */
    HRESULT (STDMETHODCALLTYPE *RetrieveFileName)(IWDFFile2 *This, PWSTR pFileName, DWORD *pdwFileNameLengthInChars);
    void (STDMETHODCALLTYPE *GetDevice)(IWDFFile2 *This, IWDFDevice **ppWdfDevice);
    /* IWDFFile2 */
    HRESULT (STDMETHODCALLTYPE *RetrieveCountedFileName)(IWDFFile2 *This, WCHAR *pCountedFileName, DWORD *pdwCountedFileNameLengthInChars);
    void (STDMETHODCALLTYPE *GetRelatedFileObject)(IWDFFile2 *This, IWDFFile **ppRelatedFileObj);
    END_INTERFACE
} IWDFFile2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFFile2 : public IWDFFile {
    virtual HRESULT STDMETHODCALLTYPE RetrieveCountedFileName(WCHAR *pCountedFileName, DWORD *pdwCountedFileNameLengthInChars) = 0;
    virtual void STDMETHODCALLTYPE GetRelatedFileObject(IWDFFile **ppRelatedFileObj) = 0;
};
#else
struct IWDFFile2 {
    const struct IWDFFile2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFFile2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFFile2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFFile2_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFFile2_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFFile2_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFFile2_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFFile2_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFFile2_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFFile2_RetrieveFileName(This, pFileName, pdwFileNameLengthInChars) ((This)->lpVtbl->RetrieveFileName(This, pFileName, pdwFileNameLengthInChars))
#define IWDFFile2_GetDevice(This, ppWdfDevice) ((This)->lpVtbl->GetDevice(This, ppWdfDevice))
#define IWDFFile2_RetrieveCountedFileName(This, pCountedFileName, pdwCountedFileNameLengthInChars) ((This)->lpVtbl->RetrieveCountedFileName(This, pCountedFileName, pdwCountedFileNameLengthInChars))
#define IWDFFile2_GetRelatedFileObject(This, ppRelatedFileObj) ((This)->lpVtbl->GetRelatedFileObject(This, ppRelatedFileObj))
#endif
#endif

/* ---- IWDFFile3 (UMDF 1.11), derives from IWDFFile2 ---- */

typedef struct IWDFFile3Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFFile3 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFFile3 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFFile3 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFFile3 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFFile3 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFFile3 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFFile3 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFFile3 *This);
    /* IWDFFile */
    HRESULT (STDMETHODCALLTYPE *RetrieveFileName)(IWDFFile3 *This, PWSTR pFileName, DWORD *pdwFileNameLengthInChars);
    void (STDMETHODCALLTYPE *GetDevice)(IWDFFile3 *This, IWDFDevice **ppWdfDevice);
    /* IWDFFile2 */
    HRESULT (STDMETHODCALLTYPE *RetrieveCountedFileName)(IWDFFile3 *This, WCHAR *pCountedFileName, DWORD *pdwCountedFileNameLengthInChars);
    void (STDMETHODCALLTYPE *GetRelatedFileObject)(IWDFFile3 *This, IWDFFile **ppRelatedFileObj);
    /* IWDFFile3 */
    void (STDMETHODCALLTYPE *GetInitiatorProcessId)(IWDFFile3 *This, DWORD *pdwProcessId);
    END_INTERFACE
} IWDFFile3Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFFile3 : public IWDFFile2 {
    virtual void STDMETHODCALLTYPE GetInitiatorProcessId(DWORD *pdwProcessId) = 0;
};
#else
struct IWDFFile3 {
    const struct IWDFFile3Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFFile3_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFFile3_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFFile3_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFFile3_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFFile3_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFFile3_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFFile3_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFFile3_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFFile3_RetrieveFileName(This, pFileName, pdwFileNameLengthInChars) ((This)->lpVtbl->RetrieveFileName(This, pFileName, pdwFileNameLengthInChars))
#define IWDFFile3_GetDevice(This, ppWdfDevice) ((This)->lpVtbl->GetDevice(This, ppWdfDevice))
#define IWDFFile3_RetrieveCountedFileName(This, pCountedFileName, pdwCountedFileNameLengthInChars) ((This)->lpVtbl->RetrieveCountedFileName(This, pCountedFileName, pdwCountedFileNameLengthInChars))
#define IWDFFile3_GetRelatedFileObject(This, ppRelatedFileObj) ((This)->lpVtbl->GetRelatedFileObject(This, ppRelatedFileObj))
#define IWDFFile3_GetInitiatorProcessId(This, pdwProcessId) ((This)->lpVtbl->GetInitiatorProcessId(This, pdwProcessId))
#endif
#endif

/* ---- IWDFIoTarget2 (UMDF 1.9+), derives from IWDFIoTarget ---- */

typedef struct IWDFIoTarget2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFIoTarget2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFIoTarget2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFIoTarget2 *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFIoTarget2 *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFIoTarget2 *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFIoTarget2 *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFIoTarget2 *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFIoTarget2 *This);
    /* IWDFIoTarget */
    void (STDMETHODCALLTYPE *GetTargetFile)(IWDFIoTarget2 *This, IWDFFile **ppWdfFile);
    void (STDMETHODCALLTYPE *CancelSentRequestsForFile)(IWDFIoTarget2 *This, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForRead)(IWDFIoTarget2 *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForWrite)(IWDFIoTarget2 *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForIoctl)(IWDFIoTarget2 *This, IWDFIoRequest *pRequest, ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset);
    /* IWDFIoTarget2 */
    HRESULT (STDMETHODCALLTYPE *FormatRequestForFlush)(IWDFIoTarget2 *This, IWDFIoRequest *pRequest, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForSetInformation)(IWDFIoTarget2 *This, IWDFIoRequest *pRequest, WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile, IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForQueryInformation)(IWDFIoTarget2 *This, IWDFIoRequest *pRequest, WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile, IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset);
    END_INTERFACE
} IWDFIoTarget2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFIoTarget2 : public IWDFIoTarget {
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForFlush(IWDFIoRequest *pRequest, IWDFFile *pFile) = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForSetInformation(IWDFIoRequest *pRequest, WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile, IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset) = 0;
    virtual HRESULT STDMETHODCALLTYPE FormatRequestForQueryInformation(IWDFIoRequest *pRequest, WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile, IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset) = 0;
};
#else
struct IWDFIoTarget2 {
    const struct IWDFIoTarget2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFIoTarget2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFIoTarget2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFIoTarget2_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFIoTarget2_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFIoTarget2_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFIoTarget2_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFIoTarget2_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFIoTarget2_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFIoTarget2_GetTargetFile(This, ppWdfFile) ((This)->lpVtbl->GetTargetFile(This, ppWdfFile))
#define IWDFIoTarget2_CancelSentRequestsForFile(This, pFile) ((This)->lpVtbl->CancelSentRequestsForFile(This, pFile))
#define IWDFIoTarget2_FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset))
#define IWDFIoTarget2_FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset))
#define IWDFIoTarget2_FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset) ((This)->lpVtbl->FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset))
#define IWDFIoTarget2_FormatRequestForFlush(This, pRequest, pFile) ((This)->lpVtbl->FormatRequestForFlush(This, pRequest, pFile))
#define IWDFIoTarget2_FormatRequestForSetInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset) ((This)->lpVtbl->FormatRequestForSetInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset))
#define IWDFIoTarget2_FormatRequestForQueryInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset) ((This)->lpVtbl->FormatRequestForQueryInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset))
#endif
#endif

/* ---- IWDFRemoteTarget (UMDF 1.9+), derives from IWDFIoTarget2 ---- */

typedef struct IWDFRemoteTargetVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFRemoteTarget *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFRemoteTarget *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFRemoteTarget *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFRemoteTarget *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFRemoteTarget *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFRemoteTarget *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFRemoteTarget *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFRemoteTarget *This);
    /* IWDFIoTarget */
    void (STDMETHODCALLTYPE *GetTargetFile)(IWDFRemoteTarget *This, IWDFFile **ppWdfFile);
    void (STDMETHODCALLTYPE *CancelSentRequestsForFile)(IWDFRemoteTarget *This, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForRead)(IWDFRemoteTarget *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForWrite)(IWDFRemoteTarget *This, IWDFIoRequest *pRequest, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, PLONGLONG DeviceOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForIoctl)(IWDFRemoteTarget *This, IWDFIoRequest *pRequest, ULONG IoctlCode, IWDFFile *pFile, IWDFMemory *pInputMemory, PWDFMEMORY_OFFSET pInputMemoryOffset, IWDFMemory *pOutputMemory, PWDFMEMORY_OFFSET pOutputMemoryOffset);
    /* IWDFIoTarget2 */
    HRESULT (STDMETHODCALLTYPE *FormatRequestForFlush)(IWDFRemoteTarget *This, IWDFIoRequest *pRequest, IWDFFile *pFile);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForSetInformation)(IWDFRemoteTarget *This, IWDFIoRequest *pRequest, WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile, IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset);
    HRESULT (STDMETHODCALLTYPE *FormatRequestForQueryInformation)(IWDFRemoteTarget *This, IWDFIoRequest *pRequest, WDF_FILE_INFORMATION_CLASS InformationClass, IWDFFile *pFile, IWDFMemory *pInformationMemory, PWDFMEMORY_OFFSET pInformationMemoryOffset);
    /* IWDFRemoteTarget */
    HRESULT (STDMETHODCALLTYPE *OpenRemoteInterface)(IWDFRemoteTarget *This, IWDFRemoteInterface *pRemoteInterface, PCWSTR pszRelativeFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams);
    HRESULT (STDMETHODCALLTYPE *OpenFileByName)(IWDFRemoteTarget *This, PCWSTR pszFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams);
    HRESULT (STDMETHODCALLTYPE *Close)(IWDFRemoteTarget *This);
    HRESULT (STDMETHODCALLTYPE *CloseForQueryRemove)(IWDFRemoteTarget *This);
    HRESULT (STDMETHODCALLTYPE *Reopen)(IWDFRemoteTarget *This);
    WDF_IO_TARGET_STATE (STDMETHODCALLTYPE *GetState)(IWDFRemoteTarget *This);
    HRESULT (STDMETHODCALLTYPE *Start)(IWDFRemoteTarget *This);
    HRESULT (STDMETHODCALLTYPE *Stop)(IWDFRemoteTarget *This, WDF_IO_TARGET_SENT_IO_ACTION Action);
    END_INTERFACE
} IWDFRemoteTargetVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFRemoteTarget : public IWDFIoTarget2 {
    virtual HRESULT STDMETHODCALLTYPE OpenRemoteInterface(IWDFRemoteInterface *pRemoteInterface, PCWSTR pszRelativeFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams) = 0;
    virtual HRESULT STDMETHODCALLTYPE OpenFileByName(PCWSTR pszFileName, DWORD DesiredAccess, PUMDF_IO_TARGET_OPEN_PARAMS pOpenParams) = 0;
    virtual HRESULT STDMETHODCALLTYPE Close(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE CloseForQueryRemove(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE Reopen(void) = 0;
    virtual WDF_IO_TARGET_STATE STDMETHODCALLTYPE GetState(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE Start(void) = 0;
    virtual HRESULT STDMETHODCALLTYPE Stop(WDF_IO_TARGET_SENT_IO_ACTION Action) = 0;
};
#else
struct IWDFRemoteTarget {
    const struct IWDFRemoteTargetVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFRemoteTarget_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFRemoteTarget_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFRemoteTarget_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFRemoteTarget_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFRemoteTarget_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFRemoteTarget_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFRemoteTarget_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFRemoteTarget_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFRemoteTarget_GetTargetFile(This, ppWdfFile) ((This)->lpVtbl->GetTargetFile(This, ppWdfFile))
#define IWDFRemoteTarget_CancelSentRequestsForFile(This, pFile) ((This)->lpVtbl->CancelSentRequestsForFile(This, pFile))
#define IWDFRemoteTarget_FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForRead(This, pRequest, pFile, pOutputMemory, pOutputMemoryOffset, DeviceOffset))
#define IWDFRemoteTarget_FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset) ((This)->lpVtbl->FormatRequestForWrite(This, pRequest, pFile, pInputMemory, pInputMemoryOffset, DeviceOffset))
#define IWDFRemoteTarget_FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset) ((This)->lpVtbl->FormatRequestForIoctl(This, pRequest, IoctlCode, pFile, pInputMemory, pInputMemoryOffset, pOutputMemory, pOutputMemoryOffset))
#define IWDFRemoteTarget_FormatRequestForFlush(This, pRequest, pFile) ((This)->lpVtbl->FormatRequestForFlush(This, pRequest, pFile))
#define IWDFRemoteTarget_FormatRequestForSetInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset) ((This)->lpVtbl->FormatRequestForSetInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset))
#define IWDFRemoteTarget_FormatRequestForQueryInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset) ((This)->lpVtbl->FormatRequestForQueryInformation(This, pRequest, InformationClass, pFile, pInformationMemory, pInformationMemoryOffset))
#define IWDFRemoteTarget_OpenRemoteInterface(This, pRemoteInterface, pszRelativeFileName, DesiredAccess, pOpenParams) ((This)->lpVtbl->OpenRemoteInterface(This, pRemoteInterface, pszRelativeFileName, DesiredAccess, pOpenParams))
#define IWDFRemoteTarget_OpenFileByName(This, pszFileName, DesiredAccess, pOpenParams) ((This)->lpVtbl->OpenFileByName(This, pszFileName, DesiredAccess, pOpenParams))
#define IWDFRemoteTarget_Close(This) ((This)->lpVtbl->Close(This))
#define IWDFRemoteTarget_CloseForQueryRemove(This) ((This)->lpVtbl->CloseForQueryRemove(This))
#define IWDFRemoteTarget_Reopen(This) ((This)->lpVtbl->Reopen(This))
#define IWDFRemoteTarget_GetState(This) ((This)->lpVtbl->GetState(This))
#define IWDFRemoteTarget_Start(This) ((This)->lpVtbl->Start(This))
#define IWDFRemoteTarget_Stop(This, Action) ((This)->lpVtbl->Stop(This, Action))
#endif
#endif

/* ---- IWDFWorkItem (UMDF 1.11), derives from IWDFObject ---- */

typedef struct IWDFWorkItemVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFWorkItem *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFWorkItem *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFWorkItem *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFWorkItem *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFWorkItem *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFWorkItem *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFWorkItem *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFWorkItem *This);
    /* IWDFWorkItem */
    void (STDMETHODCALLTYPE *Enqueue)(IWDFWorkItem *This);
    void (STDMETHODCALLTYPE *Flush)(IWDFWorkItem *This);
    IWDFObject *(STDMETHODCALLTYPE *GetParentObject)(IWDFWorkItem *This);
    END_INTERFACE
} IWDFWorkItemVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFWorkItem : public IWDFObject {
    virtual void STDMETHODCALLTYPE Enqueue(void) = 0;
    virtual void STDMETHODCALLTYPE Flush(void) = 0;
    virtual IWDFObject *STDMETHODCALLTYPE GetParentObject(void) = 0;
};
#else
struct IWDFWorkItem {
    const struct IWDFWorkItemVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFWorkItem_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFWorkItem_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFWorkItem_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFWorkItem_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFWorkItem_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFWorkItem_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFWorkItem_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFWorkItem_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFWorkItem_Enqueue(This) ((This)->lpVtbl->Enqueue(This))
#define IWDFWorkItem_Flush(This) ((This)->lpVtbl->Flush(This))
#define IWDFWorkItem_GetParentObject(This) ((This)->lpVtbl->GetParentObject(This))
#endif
#endif

/* ---- IWDFInterrupt (UMDF 1.11), derives from IWDFObject ---- */

typedef struct IWDFInterruptVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFInterrupt *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFInterrupt *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFInterrupt *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFInterrupt *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFInterrupt *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFInterrupt *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFInterrupt *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFInterrupt *This);
    /* IWDFInterrupt */
    void (STDMETHODCALLTYPE *Enable)(IWDFInterrupt *This);
    void (STDMETHODCALLTYPE *Disable)(IWDFInterrupt *This);
    IWDFDevice3 *(STDMETHODCALLTYPE *GetDevice)(IWDFInterrupt *This);
    void (STDMETHODCALLTYPE *GetInfo)(IWDFInterrupt *This, PWDF_INTERRUPT_INFO InterruptInfo);
    void (STDMETHODCALLTYPE *SetPolicy)(IWDFInterrupt *This, WDF_INTERRUPT_POLICY Policy, WDF_INTERRUPT_PRIORITY Priority, KAFFINITY TargetProcessorSet);
    void (STDMETHODCALLTYPE *SetExtendedPolicy)(IWDFInterrupt *This, PWDF_INTERRUPT_EXTENDED_POLICY PolicyAndGroup);
    void (STDMETHODCALLTYPE *AcquireInterruptLock)(IWDFInterrupt *This);
    void (STDMETHODCALLTYPE *ReleaseInterruptLock)(IWDFInterrupt *This);
    BOOLEAN (STDMETHODCALLTYPE *QueueWorkItemForIsr)(IWDFInterrupt *This);
    BOOLEAN (STDMETHODCALLTYPE *TryToAcquireInterruptLock)(IWDFInterrupt *This);
    END_INTERFACE
} IWDFInterruptVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFInterrupt : public IWDFObject {
    virtual void STDMETHODCALLTYPE Enable(void) = 0;
    virtual void STDMETHODCALLTYPE Disable(void) = 0;
    virtual IWDFDevice3 *STDMETHODCALLTYPE GetDevice(void) = 0;
    virtual void STDMETHODCALLTYPE GetInfo(PWDF_INTERRUPT_INFO InterruptInfo) = 0;
    virtual void STDMETHODCALLTYPE SetPolicy(WDF_INTERRUPT_POLICY Policy, WDF_INTERRUPT_PRIORITY Priority, KAFFINITY TargetProcessorSet) = 0;
    virtual void STDMETHODCALLTYPE SetExtendedPolicy(PWDF_INTERRUPT_EXTENDED_POLICY PolicyAndGroup) = 0;
    virtual void STDMETHODCALLTYPE AcquireInterruptLock(void) = 0;
    virtual void STDMETHODCALLTYPE ReleaseInterruptLock(void) = 0;
    virtual BOOLEAN STDMETHODCALLTYPE QueueWorkItemForIsr(void) = 0;
    virtual BOOLEAN STDMETHODCALLTYPE TryToAcquireInterruptLock(void) = 0;
};
#else
struct IWDFInterrupt {
    const struct IWDFInterruptVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFInterrupt_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFInterrupt_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFInterrupt_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFInterrupt_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFInterrupt_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFInterrupt_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFInterrupt_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFInterrupt_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFInterrupt_Enable(This) ((This)->lpVtbl->Enable(This))
#define IWDFInterrupt_Disable(This) ((This)->lpVtbl->Disable(This))
#define IWDFInterrupt_GetDevice(This) ((This)->lpVtbl->GetDevice(This))
#define IWDFInterrupt_GetInfo(This, InterruptInfo) ((This)->lpVtbl->GetInfo(This, InterruptInfo))
#define IWDFInterrupt_SetPolicy(This, Policy, Priority, TargetProcessorSet) ((This)->lpVtbl->SetPolicy(This, Policy, Priority, TargetProcessorSet))
#define IWDFInterrupt_SetExtendedPolicy(This, PolicyAndGroup) ((This)->lpVtbl->SetExtendedPolicy(This, PolicyAndGroup))
#define IWDFInterrupt_AcquireInterruptLock(This) ((This)->lpVtbl->AcquireInterruptLock(This))
#define IWDFInterrupt_ReleaseInterruptLock(This) ((This)->lpVtbl->ReleaseInterruptLock(This))
#define IWDFInterrupt_QueueWorkItemForIsr(This) ((This)->lpVtbl->QueueWorkItemForIsr(This))
#define IWDFInterrupt_TryToAcquireInterruptLock(This) ((This)->lpVtbl->TryToAcquireInterruptLock(This))
#endif
#endif

/* ---- IQueueCallbackIoCanceledOnQueue (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IQueueCallbackIoCanceledOnQueueVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IQueueCallbackIoCanceledOnQueue *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IQueueCallbackIoCanceledOnQueue *This);
    ULONG (STDMETHODCALLTYPE *Release)(IQueueCallbackIoCanceledOnQueue *This);
    /* IQueueCallbackIoCanceledOnQueue */
    void (STDMETHODCALLTYPE *OnIoCanceledOnQueue)(IQueueCallbackIoCanceledOnQueue *This, IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest);
    END_INTERFACE
} IQueueCallbackIoCanceledOnQueueVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IQueueCallbackIoCanceledOnQueue : public IUnknown {
    virtual void STDMETHODCALLTYPE OnIoCanceledOnQueue(IWDFIoQueue *pWdfQueue, IWDFIoRequest *pWdfRequest) = 0;
};
#else
struct IQueueCallbackIoCanceledOnQueue {
    const struct IQueueCallbackIoCanceledOnQueueVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IQueueCallbackIoCanceledOnQueue_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IQueueCallbackIoCanceledOnQueue_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IQueueCallbackIoCanceledOnQueue_Release(This) ((This)->lpVtbl->Release(This))
#define IQueueCallbackIoCanceledOnQueue_OnIoCanceledOnQueue(This, pWdfQueue, pWdfRequest) ((This)->lpVtbl->OnIoCanceledOnQueue(This, pWdfQueue, pWdfRequest))
#endif
#endif

/* ---- IPnpCallbackHardware2 (UMDF 1.11), derives from IUnknown ---- */

typedef struct IPnpCallbackHardware2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPnpCallbackHardware2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPnpCallbackHardware2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPnpCallbackHardware2 *This);
    /* IPnpCallbackHardware2 */
    HRESULT (STDMETHODCALLTYPE *OnPrepareHardware)(IPnpCallbackHardware2 *This, IWDFDevice3 *pWdfDevice, IWDFCmResourceList *pWdfResourcesRaw, IWDFCmResourceList *pWdfResourcesTranslated);
    HRESULT (STDMETHODCALLTYPE *OnReleaseHardware)(IPnpCallbackHardware2 *This, IWDFDevice3 *pWdfDevice, IWDFCmResourceList *pWdfResourcesTranslated);
    END_INTERFACE
} IPnpCallbackHardware2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPnpCallbackHardware2 : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE OnPrepareHardware(IWDFDevice3 *pWdfDevice, IWDFCmResourceList *pWdfResourcesRaw, IWDFCmResourceList *pWdfResourcesTranslated) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnReleaseHardware(IWDFDevice3 *pWdfDevice, IWDFCmResourceList *pWdfResourcesTranslated) = 0;
};
#else
struct IPnpCallbackHardware2 {
    const struct IPnpCallbackHardware2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPnpCallbackHardware2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPnpCallbackHardware2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPnpCallbackHardware2_Release(This) ((This)->lpVtbl->Release(This))
#define IPnpCallbackHardware2_OnPrepareHardware(This, pWdfDevice, pWdfResourcesRaw, pWdfResourcesTranslated) ((This)->lpVtbl->OnPrepareHardware(This, pWdfDevice, pWdfResourcesRaw, pWdfResourcesTranslated))
#define IPnpCallbackHardware2_OnReleaseHardware(This, pWdfDevice, pWdfResourcesTranslated) ((This)->lpVtbl->OnReleaseHardware(This, pWdfDevice, pWdfResourcesTranslated))
#endif
#endif

/* ---- IWDFNamedPropertyStore2 (UMDF 1.9+), derives from IWDFNamedPropertyStore ---- */

typedef struct IWDFNamedPropertyStore2Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFNamedPropertyStore2 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFNamedPropertyStore2 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFNamedPropertyStore2 *This);
    /* IWDFNamedPropertyStore */
    HRESULT (STDMETHODCALLTYPE *GetNamedValue)(IWDFNamedPropertyStore2 *This, LPCWSTR pszName, PROPVARIANT *pv);
    HRESULT (STDMETHODCALLTYPE *SetNamedValue)(IWDFNamedPropertyStore2 *This, LPCWSTR pszName, const PROPVARIANT *pv);
    HRESULT (STDMETHODCALLTYPE *GetNameCount)(IWDFNamedPropertyStore2 *This, DWORD *pdwCount);
    HRESULT (STDMETHODCALLTYPE *GetNameAt)(IWDFNamedPropertyStore2 *This, DWORD iProp, PWSTR *ppwszName);
    /* IWDFNamedPropertyStore2 */
    HRESULT (STDMETHODCALLTYPE *DeleteNamedValue)(IWDFNamedPropertyStore2 *This, LPCWSTR pwszName);
    END_INTERFACE
} IWDFNamedPropertyStore2Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFNamedPropertyStore2 : public IWDFNamedPropertyStore {
    virtual HRESULT STDMETHODCALLTYPE DeleteNamedValue(LPCWSTR pwszName) = 0;
};
#else
struct IWDFNamedPropertyStore2 {
    const struct IWDFNamedPropertyStore2Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFNamedPropertyStore2_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFNamedPropertyStore2_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFNamedPropertyStore2_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFNamedPropertyStore2_GetNamedValue(This, pszName, pv) ((This)->lpVtbl->GetNamedValue(This, pszName, pv))
#define IWDFNamedPropertyStore2_SetNamedValue(This, pszName, pv) ((This)->lpVtbl->SetNamedValue(This, pszName, pv))
#define IWDFNamedPropertyStore2_GetNameCount(This, pdwCount) ((This)->lpVtbl->GetNameCount(This, pdwCount))
#define IWDFNamedPropertyStore2_GetNameAt(This, iProp, ppwszName) ((This)->lpVtbl->GetNameAt(This, iProp, ppwszName))
#define IWDFNamedPropertyStore2_DeleteNamedValue(This, pwszName) ((This)->lpVtbl->DeleteNamedValue(This, pwszName))
#endif
#endif

/* ---- IWDFPropertyStoreFactory (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IWDFPropertyStoreFactoryVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFPropertyStoreFactory *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFPropertyStoreFactory *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFPropertyStoreFactory *This);
    /* IWDFPropertyStoreFactory */
    HRESULT (STDMETHODCALLTYPE *RetrieveDevicePropertyStore)(IWDFPropertyStoreFactory *This, PWDF_PROPERTY_STORE_ROOT RootSpecifier, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, REGSAM DesiredAccess, PCWSTR SubkeyPath, IWDFNamedPropertyStore2 **PropertyStore, WDF_PROPERTY_STORE_DISPOSITION *Disposition);
    END_INTERFACE
} IWDFPropertyStoreFactoryVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFPropertyStoreFactory : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE RetrieveDevicePropertyStore(PWDF_PROPERTY_STORE_ROOT RootSpecifier, WDF_PROPERTY_STORE_RETRIEVE_FLAGS Flags, REGSAM DesiredAccess, PCWSTR SubkeyPath, IWDFNamedPropertyStore2 **PropertyStore, WDF_PROPERTY_STORE_DISPOSITION *Disposition) = 0;
};
#else
struct IWDFPropertyStoreFactory {
    const struct IWDFPropertyStoreFactoryVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFPropertyStoreFactory_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFPropertyStoreFactory_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFPropertyStoreFactory_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFPropertyStoreFactory_RetrieveDevicePropertyStore(This, RootSpecifier, Flags, DesiredAccess, SubkeyPath, PropertyStore, Disposition) ((This)->lpVtbl->RetrieveDevicePropertyStore(This, RootSpecifier, Flags, DesiredAccess, SubkeyPath, PropertyStore, Disposition))
#endif
#endif

/* ---- IWDFUnifiedPropertyStore (UMDF 1.11), derives from IUnknown ---- */

typedef struct IWDFUnifiedPropertyStoreVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUnifiedPropertyStore *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUnifiedPropertyStore *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUnifiedPropertyStore *This);
    /* IWDFUnifiedPropertyStore */
    HRESULT (STDMETHODCALLTYPE *SetPropertyData)(IWDFUnifiedPropertyStore *This, const DEVPROPKEY *PropertyKey, LCID Lcid, ULONG Flags, DEVPROPTYPE PropertyType, ULONG PropertyDataSize, PVOID PropertyData);
    HRESULT (STDMETHODCALLTYPE *GetPropertyData)(IWDFUnifiedPropertyStore *This, const DEVPROPKEY *PropertyKey, LCID Lcid, ULONG Flags, ULONG PropertyDataSize, PVOID PropertyData, ULONG *PropertyDataRequiredSize, DEVPROPTYPE *PropertyType);
    END_INTERFACE
} IWDFUnifiedPropertyStoreVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUnifiedPropertyStore : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE SetPropertyData(const DEVPROPKEY *PropertyKey, LCID Lcid, ULONG Flags, DEVPROPTYPE PropertyType, ULONG PropertyDataSize, PVOID PropertyData) = 0;
    virtual HRESULT STDMETHODCALLTYPE GetPropertyData(const DEVPROPKEY *PropertyKey, LCID Lcid, ULONG Flags, ULONG PropertyDataSize, PVOID PropertyData, ULONG *PropertyDataRequiredSize, DEVPROPTYPE *PropertyType) = 0;
};
#else
struct IWDFUnifiedPropertyStore {
    const struct IWDFUnifiedPropertyStoreVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUnifiedPropertyStore_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUnifiedPropertyStore_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUnifiedPropertyStore_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUnifiedPropertyStore_SetPropertyData(This, PropertyKey, Lcid, Flags, PropertyType, PropertyDataSize, PropertyData) ((This)->lpVtbl->SetPropertyData(This, PropertyKey, Lcid, Flags, PropertyType, PropertyDataSize, PropertyData))
#define IWDFUnifiedPropertyStore_GetPropertyData(This, PropertyKey, Lcid, Flags, PropertyDataSize, PropertyData, PropertyDataRequiredSize, PropertyType) ((This)->lpVtbl->GetPropertyData(This, PropertyKey, Lcid, Flags, PropertyDataSize, PropertyData, PropertyDataRequiredSize, PropertyType))
#endif
#endif

/* ---- IWDFUnifiedPropertyStoreFactory (UMDF 1.11), derives from IUnknown ---- */

typedef struct IWDFUnifiedPropertyStoreFactoryVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFUnifiedPropertyStoreFactory *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFUnifiedPropertyStoreFactory *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFUnifiedPropertyStoreFactory *This);
    /* IWDFUnifiedPropertyStoreFactory */
    HRESULT (STDMETHODCALLTYPE *RetrieveUnifiedDevicePropertyStore)(IWDFUnifiedPropertyStoreFactory *This, PWDF_PROPERTY_STORE_ROOT RootSpecifier, IWDFUnifiedPropertyStore **PropertyStore);
    END_INTERFACE
} IWDFUnifiedPropertyStoreFactoryVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFUnifiedPropertyStoreFactory : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE RetrieveUnifiedDevicePropertyStore(PWDF_PROPERTY_STORE_ROOT RootSpecifier, IWDFUnifiedPropertyStore **PropertyStore) = 0;
};
#else
struct IWDFUnifiedPropertyStoreFactory {
    const struct IWDFUnifiedPropertyStoreFactoryVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFUnifiedPropertyStoreFactory_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFUnifiedPropertyStoreFactory_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFUnifiedPropertyStoreFactory_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFUnifiedPropertyStoreFactory_RetrieveUnifiedDevicePropertyStore(This, RootSpecifier, PropertyStore) ((This)->lpVtbl->RetrieveUnifiedDevicePropertyStore(This, RootSpecifier, PropertyStore))
#endif
#endif

/* ---- IWDFCmResourceList (UMDF 1.11), derives from IWDFObject ---- */

typedef struct IWDFCmResourceListVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFCmResourceList *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFCmResourceList *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFCmResourceList *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFCmResourceList *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFCmResourceList *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFCmResourceList *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFCmResourceList *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFCmResourceList *This);
    /* IWDFCmResourceList */
    ULONG (STDMETHODCALLTYPE *GetCount)(IWDFCmResourceList *This);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR (STDMETHODCALLTYPE *GetDescriptor)(IWDFCmResourceList *This, ULONG Index);
    END_INTERFACE
} IWDFCmResourceListVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFCmResourceList : public IWDFObject {
    virtual ULONG STDMETHODCALLTYPE GetCount(void) = 0;
    virtual PCM_PARTIAL_RESOURCE_DESCRIPTOR STDMETHODCALLTYPE GetDescriptor(ULONG Index) = 0;
};
#else
struct IWDFCmResourceList {
    const struct IWDFCmResourceListVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFCmResourceList_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFCmResourceList_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFCmResourceList_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFCmResourceList_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFCmResourceList_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFCmResourceList_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFCmResourceList_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFCmResourceList_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#define IWDFCmResourceList_GetCount(This) ((This)->lpVtbl->GetCount(This))
#define IWDFCmResourceList_GetDescriptor(This, Index) ((This)->lpVtbl->GetDescriptor(This, Index))
#endif
#endif

/* ---- IWDFRemoteInterfaceInitialize (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IWDFRemoteInterfaceInitializeVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFRemoteInterfaceInitialize *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFRemoteInterfaceInitialize *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFRemoteInterfaceInitialize *This);
    /* IWDFRemoteInterfaceInitialize */
    void (STDMETHODCALLTYPE *GetInterfaceGuid)(IWDFRemoteInterfaceInitialize *This, LPGUID pDeviceInterfaceGuid);
    HRESULT (STDMETHODCALLTYPE *RetrieveSymbolicLink)(IWDFRemoteInterfaceInitialize *This, PWSTR pSymbolicLink, DWORD *pdwSymbolicLinkLengthInChars);
    END_INTERFACE
} IWDFRemoteInterfaceInitializeVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFRemoteInterfaceInitialize : public IUnknown {
    virtual void STDMETHODCALLTYPE GetInterfaceGuid(LPGUID pDeviceInterfaceGuid) = 0;
    virtual HRESULT STDMETHODCALLTYPE RetrieveSymbolicLink(PWSTR pSymbolicLink, DWORD *pdwSymbolicLinkLengthInChars) = 0;
};
#else
struct IWDFRemoteInterfaceInitialize {
    const struct IWDFRemoteInterfaceInitializeVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFRemoteInterfaceInitialize_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFRemoteInterfaceInitialize_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFRemoteInterfaceInitialize_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFRemoteInterfaceInitialize_GetInterfaceGuid(This, pDeviceInterfaceGuid) ((This)->lpVtbl->GetInterfaceGuid(This, pDeviceInterfaceGuid))
#define IWDFRemoteInterfaceInitialize_RetrieveSymbolicLink(This, pSymbolicLink, pdwSymbolicLinkLengthInChars) ((This)->lpVtbl->RetrieveSymbolicLink(This, pSymbolicLink, pdwSymbolicLinkLengthInChars))
#endif
#endif

/* ---- IWDFRemoteInterface (UMDF 1.9+), derives from IWDFObject ---- */

typedef struct IWDFRemoteInterfaceVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IWDFRemoteInterface *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IWDFRemoteInterface *This);
    ULONG (STDMETHODCALLTYPE *Release)(IWDFRemoteInterface *This);
    /* IWDFObject */
    HRESULT (STDMETHODCALLTYPE *DeleteWdfObject)(IWDFRemoteInterface *This);
    HRESULT (STDMETHODCALLTYPE *AssignContext)(IWDFRemoteInterface *This, IObjectCleanup *pCleanupCallback, void *pContext);
    HRESULT (STDMETHODCALLTYPE *RetrieveContext)(IWDFRemoteInterface *This, void **ppvContext);
    void (STDMETHODCALLTYPE *AcquireLock)(IWDFRemoteInterface *This);
    void (STDMETHODCALLTYPE *ReleaseLock)(IWDFRemoteInterface *This);
    END_INTERFACE
} IWDFRemoteInterfaceVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWDFRemoteInterface : public IWDFObject {
    /* no methods of its own */
};
#else
struct IWDFRemoteInterface {
    const struct IWDFRemoteInterfaceVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWDFRemoteInterface_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IWDFRemoteInterface_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IWDFRemoteInterface_Release(This) ((This)->lpVtbl->Release(This))
#define IWDFRemoteInterface_DeleteWdfObject(This) ((This)->lpVtbl->DeleteWdfObject(This))
#define IWDFRemoteInterface_AssignContext(This, pCleanupCallback, pContext) ((This)->lpVtbl->AssignContext(This, pCleanupCallback, pContext))
#define IWDFRemoteInterface_RetrieveContext(This, ppvContext) ((This)->lpVtbl->RetrieveContext(This, ppvContext))
#define IWDFRemoteInterface_AcquireLock(This) ((This)->lpVtbl->AcquireLock(This))
#define IWDFRemoteInterface_ReleaseLock(This) ((This)->lpVtbl->ReleaseLock(This))
#endif
#endif

/* ---- IPnpCallbackHardwareInterrupt (UMDF 1.11), derives from IUnknown ---- */

typedef struct IPnpCallbackHardwareInterruptVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPnpCallbackHardwareInterrupt *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPnpCallbackHardwareInterrupt *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPnpCallbackHardwareInterrupt *This);
    /* IPnpCallbackHardwareInterrupt */
    HRESULT (STDMETHODCALLTYPE *OnD0EntryPostInterruptsEnabled)(IPnpCallbackHardwareInterrupt *This, IWDFDevice3 *pDevice, WDF_POWER_DEVICE_STATE PreviousState);
    HRESULT (STDMETHODCALLTYPE *OnD0ExitPreInterruptsDisabled)(IPnpCallbackHardwareInterrupt *This, IWDFDevice3 *pDevice, WDF_POWER_DEVICE_STATE TargetState);
    END_INTERFACE
} IPnpCallbackHardwareInterruptVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPnpCallbackHardwareInterrupt : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE OnD0EntryPostInterruptsEnabled(IWDFDevice3 *pDevice, WDF_POWER_DEVICE_STATE PreviousState) = 0;
    virtual HRESULT STDMETHODCALLTYPE OnD0ExitPreInterruptsDisabled(IWDFDevice3 *pDevice, WDF_POWER_DEVICE_STATE TargetState) = 0;
};
#else
struct IPnpCallbackHardwareInterrupt {
    const struct IPnpCallbackHardwareInterruptVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPnpCallbackHardwareInterrupt_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPnpCallbackHardwareInterrupt_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPnpCallbackHardwareInterrupt_Release(This) ((This)->lpVtbl->Release(This))
#define IPnpCallbackHardwareInterrupt_OnD0EntryPostInterruptsEnabled(This, pDevice, PreviousState) ((This)->lpVtbl->OnD0EntryPostInterruptsEnabled(This, pDevice, PreviousState))
#define IPnpCallbackHardwareInterrupt_OnD0ExitPreInterruptsDisabled(This, pDevice, TargetState) ((This)->lpVtbl->OnD0ExitPreInterruptsDisabled(This, pDevice, TargetState))
#endif
#endif

/* ---- IPnpCallbackRemoteInterfaceNotification (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IPnpCallbackRemoteInterfaceNotificationVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPnpCallbackRemoteInterfaceNotification *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPnpCallbackRemoteInterfaceNotification *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPnpCallbackRemoteInterfaceNotification *This);
    /* IPnpCallbackRemoteInterfaceNotification */
    void (STDMETHODCALLTYPE *OnRemoteInterfaceArrival)(IPnpCallbackRemoteInterfaceNotification *This, IWDFRemoteInterfaceInitialize *pWdfRemoteInterfaceInit);
    END_INTERFACE
} IPnpCallbackRemoteInterfaceNotificationVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPnpCallbackRemoteInterfaceNotification : public IUnknown {
    virtual void STDMETHODCALLTYPE OnRemoteInterfaceArrival(IWDFRemoteInterfaceInitialize *pWdfRemoteInterfaceInit) = 0;
};
#else
struct IPnpCallbackRemoteInterfaceNotification {
    const struct IPnpCallbackRemoteInterfaceNotificationVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPnpCallbackRemoteInterfaceNotification_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPnpCallbackRemoteInterfaceNotification_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPnpCallbackRemoteInterfaceNotification_Release(This) ((This)->lpVtbl->Release(This))
#define IPnpCallbackRemoteInterfaceNotification_OnRemoteInterfaceArrival(This, pWdfRemoteInterfaceInit) ((This)->lpVtbl->OnRemoteInterfaceArrival(This, pWdfRemoteInterfaceInit))
#endif
#endif

/* ---- IRemoteInterfaceCallbackEvent (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IRemoteInterfaceCallbackEventVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IRemoteInterfaceCallbackEvent *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IRemoteInterfaceCallbackEvent *This);
    ULONG (STDMETHODCALLTYPE *Release)(IRemoteInterfaceCallbackEvent *This);
    /* IRemoteInterfaceCallbackEvent */
    void (STDMETHODCALLTYPE *OnRemoteInterfaceEvent)(IRemoteInterfaceCallbackEvent *This, IWDFRemoteInterface *pWdfRemoteInterface, REFGUID EventGuid, BYTE *pbData, DWORD cbDataSize, DWORD NameBufferOffset);
    END_INTERFACE
} IRemoteInterfaceCallbackEventVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IRemoteInterfaceCallbackEvent : public IUnknown {
    virtual void STDMETHODCALLTYPE OnRemoteInterfaceEvent(IWDFRemoteInterface *pWdfRemoteInterface, REFGUID EventGuid, BYTE *pbData, DWORD cbDataSize, DWORD NameBufferOffset) = 0;
};
#else
struct IRemoteInterfaceCallbackEvent {
    const struct IRemoteInterfaceCallbackEventVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IRemoteInterfaceCallbackEvent_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IRemoteInterfaceCallbackEvent_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IRemoteInterfaceCallbackEvent_Release(This) ((This)->lpVtbl->Release(This))
#define IRemoteInterfaceCallbackEvent_OnRemoteInterfaceEvent(This, pWdfRemoteInterface, EventGuid, pbData, cbDataSize, NameBufferOffset) ((This)->lpVtbl->OnRemoteInterfaceEvent(This, pWdfRemoteInterface, EventGuid, pbData, cbDataSize, NameBufferOffset))
#endif
#endif

/* ---- IRemoteInterfaceCallbackRemoval (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IRemoteInterfaceCallbackRemovalVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IRemoteInterfaceCallbackRemoval *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IRemoteInterfaceCallbackRemoval *This);
    ULONG (STDMETHODCALLTYPE *Release)(IRemoteInterfaceCallbackRemoval *This);
    /* IRemoteInterfaceCallbackRemoval */
    void (STDMETHODCALLTYPE *OnRemoteInterfaceRemoval)(IRemoteInterfaceCallbackRemoval *This, IWDFRemoteInterface *pWdfRemoteInterface);
    END_INTERFACE
} IRemoteInterfaceCallbackRemovalVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IRemoteInterfaceCallbackRemoval : public IUnknown {
    virtual void STDMETHODCALLTYPE OnRemoteInterfaceRemoval(IWDFRemoteInterface *pWdfRemoteInterface) = 0;
};
#else
struct IRemoteInterfaceCallbackRemoval {
    const struct IRemoteInterfaceCallbackRemovalVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IRemoteInterfaceCallbackRemoval_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IRemoteInterfaceCallbackRemoval_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IRemoteInterfaceCallbackRemoval_Release(This) ((This)->lpVtbl->Release(This))
#define IRemoteInterfaceCallbackRemoval_OnRemoteInterfaceRemoval(This, pWdfRemoteInterface) ((This)->lpVtbl->OnRemoteInterfaceRemoval(This, pWdfRemoteInterface))
#endif
#endif

/* ---- IRemoteTargetCallbackRemoval (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IRemoteTargetCallbackRemovalVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IRemoteTargetCallbackRemoval *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IRemoteTargetCallbackRemoval *This);
    ULONG (STDMETHODCALLTYPE *Release)(IRemoteTargetCallbackRemoval *This);
    /* IRemoteTargetCallbackRemoval */
    BOOL (STDMETHODCALLTYPE *OnRemoteTargetQueryRemove)(IRemoteTargetCallbackRemoval *This, IWDFRemoteTarget *pWdfRemoteTarget);
    void (STDMETHODCALLTYPE *OnRemoteTargetRemoveCanceled)(IRemoteTargetCallbackRemoval *This, IWDFRemoteTarget *pWdfRemoteTarget);
    void (STDMETHODCALLTYPE *OnRemoteTargetRemoveComplete)(IRemoteTargetCallbackRemoval *This, IWDFRemoteTarget *pWdfRemoteTarget);
    END_INTERFACE
} IRemoteTargetCallbackRemovalVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IRemoteTargetCallbackRemoval : public IUnknown {
    virtual BOOL STDMETHODCALLTYPE OnRemoteTargetQueryRemove(IWDFRemoteTarget *pWdfRemoteTarget) = 0;
    virtual void STDMETHODCALLTYPE OnRemoteTargetRemoveCanceled(IWDFRemoteTarget *pWdfRemoteTarget) = 0;
    virtual void STDMETHODCALLTYPE OnRemoteTargetRemoveComplete(IWDFRemoteTarget *pWdfRemoteTarget) = 0;
};
#else
struct IRemoteTargetCallbackRemoval {
    const struct IRemoteTargetCallbackRemovalVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IRemoteTargetCallbackRemoval_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IRemoteTargetCallbackRemoval_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IRemoteTargetCallbackRemoval_Release(This) ((This)->lpVtbl->Release(This))
#define IRemoteTargetCallbackRemoval_OnRemoteTargetQueryRemove(This, pWdfRemoteTarget) ((This)->lpVtbl->OnRemoteTargetQueryRemove(This, pWdfRemoteTarget))
#define IRemoteTargetCallbackRemoval_OnRemoteTargetRemoveCanceled(This, pWdfRemoteTarget) ((This)->lpVtbl->OnRemoteTargetRemoveCanceled(This, pWdfRemoteTarget))
#define IRemoteTargetCallbackRemoval_OnRemoteTargetRemoveComplete(This, pWdfRemoteTarget) ((This)->lpVtbl->OnRemoteTargetRemoveComplete(This, pWdfRemoteTarget))
#endif
#endif

/* ---- IPowerPolicyCallbackWakeFromS0 (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IPowerPolicyCallbackWakeFromS0Vtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPowerPolicyCallbackWakeFromS0 *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPowerPolicyCallbackWakeFromS0 *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPowerPolicyCallbackWakeFromS0 *This);
    /* IPowerPolicyCallbackWakeFromS0 */
    HRESULT (STDMETHODCALLTYPE *OnArmWakeFromS0)(IPowerPolicyCallbackWakeFromS0 *This, IWDFDevice *pWdfDevice);
    void (STDMETHODCALLTYPE *OnDisarmWakeFromS0)(IPowerPolicyCallbackWakeFromS0 *This, IWDFDevice *pWdfDevice);
    void (STDMETHODCALLTYPE *OnWakeFromS0Triggered)(IPowerPolicyCallbackWakeFromS0 *This, IWDFDevice *pWdfDevice);
    END_INTERFACE
} IPowerPolicyCallbackWakeFromS0Vtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPowerPolicyCallbackWakeFromS0 : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE OnArmWakeFromS0(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnDisarmWakeFromS0(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnWakeFromS0Triggered(IWDFDevice *pWdfDevice) = 0;
};
#else
struct IPowerPolicyCallbackWakeFromS0 {
    const struct IPowerPolicyCallbackWakeFromS0Vtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPowerPolicyCallbackWakeFromS0_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPowerPolicyCallbackWakeFromS0_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPowerPolicyCallbackWakeFromS0_Release(This) ((This)->lpVtbl->Release(This))
#define IPowerPolicyCallbackWakeFromS0_OnArmWakeFromS0(This, pWdfDevice) ((This)->lpVtbl->OnArmWakeFromS0(This, pWdfDevice))
#define IPowerPolicyCallbackWakeFromS0_OnDisarmWakeFromS0(This, pWdfDevice) ((This)->lpVtbl->OnDisarmWakeFromS0(This, pWdfDevice))
#define IPowerPolicyCallbackWakeFromS0_OnWakeFromS0Triggered(This, pWdfDevice) ((This)->lpVtbl->OnWakeFromS0Triggered(This, pWdfDevice))
#endif
#endif

/* ---- IPowerPolicyCallbackWakeFromSx (UMDF 1.9+), derives from IUnknown ---- */

typedef struct IPowerPolicyCallbackWakeFromSxVtbl {
    BEGIN_INTERFACE
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IPowerPolicyCallbackWakeFromSx *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IPowerPolicyCallbackWakeFromSx *This);
    ULONG (STDMETHODCALLTYPE *Release)(IPowerPolicyCallbackWakeFromSx *This);
    /* IPowerPolicyCallbackWakeFromSx */
    HRESULT (STDMETHODCALLTYPE *OnArmWakeFromSx)(IPowerPolicyCallbackWakeFromSx *This, IWDFDevice *pWdfDevice);
    void (STDMETHODCALLTYPE *OnDisarmWakeFromSx)(IPowerPolicyCallbackWakeFromSx *This, IWDFDevice *pWdfDevice);
    void (STDMETHODCALLTYPE *OnWakeFromSxTriggered)(IPowerPolicyCallbackWakeFromSx *This, IWDFDevice *pWdfDevice);
    END_INTERFACE
} IPowerPolicyCallbackWakeFromSxVtbl;

#if defined(__cplusplus) && !defined(CINTERFACE)
struct IPowerPolicyCallbackWakeFromSx : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE OnArmWakeFromSx(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnDisarmWakeFromSx(IWDFDevice *pWdfDevice) = 0;
    virtual void STDMETHODCALLTYPE OnWakeFromSxTriggered(IWDFDevice *pWdfDevice) = 0;
};
#else
struct IPowerPolicyCallbackWakeFromSx {
    const struct IPowerPolicyCallbackWakeFromSxVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IPowerPolicyCallbackWakeFromSx_QueryInterface(This, riid, ppvObject) ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define IPowerPolicyCallbackWakeFromSx_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IPowerPolicyCallbackWakeFromSx_Release(This) ((This)->lpVtbl->Release(This))
#define IPowerPolicyCallbackWakeFromSx_OnArmWakeFromSx(This, pWdfDevice) ((This)->lpVtbl->OnArmWakeFromSx(This, pWdfDevice))
#define IPowerPolicyCallbackWakeFromSx_OnDisarmWakeFromSx(This, pWdfDevice) ((This)->lpVtbl->OnDisarmWakeFromSx(This, pWdfDevice))
#define IPowerPolicyCallbackWakeFromSx_OnWakeFromSxTriggered(This, pWdfDevice) ((This)->lpVtbl->OnWakeFromSxTriggered(This, pWdfDevice))
#endif
#endif

#endif /* OPENWUDF_WUDFDDI_H */
