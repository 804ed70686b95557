/*
 * The I/O controls of the requests sample driver (tests/wdk/requests), shared with its test
 * (tests/wdk/test_requests.c). Plain integers and fixed-size fields, so that the test needs no
 * Windows header: CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + n, METHOD_BUFFERED, FILE_ANY_ACCESS). Each
 * answers with the structure named beside it; HRESULTs travel as int32_t.
 */
#ifndef OPENWUDF_REQUESTS_IOCTL_H
#define OPENWUDF_REQUESTS_IOCTL_H

#include <stdint.h>

/* In: uint32_t SECURITY_IMPERSONATION_LEVEL. Impersonate with it; out: REQUESTS_IMPERSONATE_OUT. */
#define IOCTL_REQUESTS_IMPERSONATE 0x00222400u
typedef struct REQUESTS_IMPERSONATE_OUT {
    int32_t Hr;
    uint32_t CalledBeforeReturn; /* OnImpersonate had run when Impersonate returned */
} REQUESTS_IMPERSONATE_OUT;

/* Impersonate as UMDF refuses it; out: REQUESTS_IMPERSONATE_MISUSE_OUT. */
#define IOCTL_REQUESTS_IMPERSONATE_MISUSE 0x00222404u
typedef struct REQUESTS_IMPERSONATE_MISUSE_OUT {
    int32_t NoCallbackHr;
    int32_t BadLevelHr;        /* level 7 */
    int32_t DriverCreatedHr;   /* a request of CreateRequest has no client */
    uint32_t Called;           /* OnImpersonate calls among these (must be 0) */
} REQUESTS_IMPERSONATE_MISUSE_OUT;

/* A request of CreateRequest sent twice to the default I/O target, reused in between; also
 * IWDFIoRequest3 on it and a Reuse of this (not yet completed) request, which must change nothing.
 * Completed from the second send's OnCompletion; out: REQUESTS_REUSE_OUT. */
#define IOCTL_REQUESTS_REUSE 0x00222408u
typedef struct REQUESTS_REUSE_OUT {
    int32_t FirstSendHr;        /* Send's own result */
    int32_t FirstStatus;        /* the completion params' status in the first OnCompletion */
    int32_t StatusAfterReuse;   /* GetStatus after Reuse(S_FALSE) */
    uint32_t ParamsAfterReuse;  /* GetCompletionParams still gave params after Reuse */
    int32_t SecondSendHr;
    int32_t SecondStatus;
    uint32_t Contexts;          /* the two OnCompletion contexts: first * 16 + second */
    int32_t ActivityBeforeSetHr;
    int32_t ActivityAfterReuseHr;
    uint32_t ActivitySame;      /* the id read back after Reuse is the one set */
    uint32_t UmdfInitiated;     /* GetUserModeDriverInitiatedIo after Set(TRUE) */
} REQUESTS_REUSE_OUT;

/* CreateWdfFile on the lower stack; when it is granted, a request formatted with it for the default
 * target, sent, and the file closed. Out: REQUESTS_CREATE_FILE_OUT. */
#define IOCTL_REQUESTS_CREATE_FILE 0x0022240Cu
typedef struct REQUESTS_CREATE_FILE_OUT {
    int32_t CreateHr;
    uint32_t FileReturned;
    int32_t BadNameHr;          /* a name with a path separator */
    uint32_t NameMatches;       /* RetrieveFileName gave the name back */
    uint32_t DeviceMatches;     /* GetDevice gave this device */
    int32_t FormatHr;
    int32_t SendHr;
    int32_t SendStatus;
} REQUESTS_CREATE_FILE_OUT;

/* In: the event's data (may be empty). PostEvent with it and REQUESTS_EVENT_GUID, then one of
 * REQUESTS_EVENT_MAX_DATA bytes, then the refused ones; out: REQUESTS_POST_EVENT_OUT. */
#define IOCTL_REQUESTS_POST_EVENT 0x00222410u
/* {6C1D3A52-8E47-4F09-B2A6-3D5E7F901B24} */
#define REQUESTS_EVENT_GUID_TEXT "{6C1D3A52-8E47-4F09-B2A6-3D5E7F901B24}"
#define REQUESTS_EVENT_MAX_DATA (0xFFFFu - 36u)
typedef struct REQUESTS_POST_EVENT_OUT {
    int32_t PostHr;
    int32_t MaxSizeHr;
    int32_t ReservedTypeHr;     /* WdfEventReserved */
    int32_t TooBigHr;           /* REQUESTS_EVENT_MAX_DATA + 1 bytes */
} REQUESTS_POST_EVENT_OUT;

/* A work item with AutomaticSerialization (device-level locking) enqueued from this ioctl, which
 * then waits REQUESTS_SERIALIZED_WAIT_MS for it in vain; the item completes this request.
 * Out: REQUESTS_WORKITEM_OUT. */
#define IOCTL_REQUESTS_WORKITEM_SERIALIZED 0x00222414u
#define REQUESTS_SERIALIZED_WAIT_MS 300u
/* The same without AutomaticSerialization: the item runs while this ioctl waits for it. */
#define IOCTL_REQUESTS_WORKITEM_CONCURRENT 0x00222418u
typedef struct REQUESTS_WORKITEM_OUT {
    uint32_t RanInsideIoctl;    /* the item ran while the ioctl callback was still running */
    uint32_t WaitTimedOut;      /* the ioctl's wait for the item ended without it */
    uint32_t ParentIsDevice;    /* GetParentObject is the device */
    uint32_t ContextFound;      /* RetrieveContext gave what AssignContext set */
} REQUESTS_WORKITEM_OUT;

/* Enqueue and Flush of an item without serialization, deletion, parents; out: REQUESTS_FLUSH_OUT. */
#define IOCTL_REQUESTS_WORKITEM_FLUSH 0x0022241Cu
typedef struct REQUESTS_FLUSH_OUT {
    uint32_t RunsBeforeEnqueue; /* after a Flush with nothing enqueued */
    uint32_t RunsAfterFirst;    /* Enqueue, Flush */
    uint32_t RunsAfterSecond;   /* Enqueue, Flush */
    uint32_t RunsAfterDelete;   /* DeleteWdfObject, Enqueue, Flush */
    uint32_t ParentIsRequest;   /* an item created with a request as parent names it */
    uint32_t CleanedWithParent; /* deleting that request cleaned the item up */
    int32_t BadSizeHr;          /* WUDF_WORKITEM_CONFIG.Size wrong */
    int32_t BadParentHr;        /* the driver object: not the device nor below it */
} REQUESTS_FLUSH_OUT;

/* What the hardware callbacks saw at the start; out: REQUESTS_HARDWARE_OUT. */
#define IOCTL_REQUESTS_HARDWARE 0x00222420u
typedef struct REQUESTS_HARDWARE_OUT {
    uint32_t Prepare2Calls;     /* IPnpCallbackHardware2::OnPrepareHardware */
    uint32_t Prepare1Calls;     /* IPnpCallbackHardware::OnPrepareHardware (also implemented) */
    uint32_t RawCount;
    uint32_t TranslatedCount;
    uint32_t DescriptorIsNull;  /* GetDescriptor(0) of the translated list */
    uint32_t InstanceIdRead;    /* RetrieveDeviceInstanceId through the IWDFDevice3 pointer */
} REQUESTS_HARDWARE_OUT;

/* The client's file object of this request as IWDFFile2 and IWDFFile3; out: REQUESTS_FILE_OUT. */
#define IOCTL_REQUESTS_FILE 0x00222424u
#define REQUESTS_FILE_NAME_CHARS 64
typedef struct REQUESTS_FILE_OUT {
    uint32_t File2;
    uint32_t File3;
    uint32_t InitiatorProcessId;
    uint32_t CountedNameLength; /* characters, with the NUL */
    uint32_t RelatedIsNull;     /* IWDFFile2::GetRelatedFileObject: a plain open has no related file */
    int32_t NameHr;             /* IWDFFile::RetrieveFileName */
    char Name[REQUESTS_FILE_NAME_CHARS]; /* what it gave, ASCII, NUL-terminated */
} REQUESTS_FILE_OUT;

/* What the device saw of its PnP capabilities, its name and its links when it was added; out:
 * REQUESTS_DEVICE_OUT. WDF_TRI_STATE: 0 WdfUseDefault, 1 WdfFalse, 2 WdfTrue. */
#define IOCTL_REQUESTS_DEVICE 0x00222428u
#define REQUESTS_DEVICE_NAME_CHARS 64
#define REQUESTS_REFERENCE_LINK "WdkRequestsRef0"
#define REQUESTS_REFERENCE "Instance3" /* the link's reference string: opens of it are named \Instance3 */
#define REQUESTS_SECOND_REFERENCE_LINK "WdkRequestsRef2"
#define REQUESTS_SECOND_REFERENCE "Instance5" /* another link of the device, another reference string */
typedef struct REQUESTS_DEVICE_OUT {
    uint32_t CapSurpriseRemovalOk; /* GetPnpCapability after SetPnpCapability(WdfTrue) */
    uint32_t CapRemovable;         /* after SetPnpCapability(WdfFalse) */
    uint32_t CapNoDisplayInUI;     /* never set */
    uint32_t CapInvalid;           /* WdfPnpCapMaximum, set and read */
    int32_t NameHr;                /* RetrieveDeviceName */
    uint32_t NameLength;           /* what it reported: characters with the NUL */
    int32_t SizeQueryHr;           /* RetrieveDeviceName(NULL, &0) */
    uint32_t SizeQueryLength;
    char Name[REQUESTS_DEVICE_NAME_CHARS]; /* ASCII, NUL-terminated */
    int32_t ReferenceLinkHr;       /* IWDFDevice2::CreateSymbolicLinkWithReferenceString */
    int32_t BadReferenceHr;        /* the same with a reference string holding a backslash */
    int32_t SecondReferenceLinkHr; /* REQUESTS_SECOND_REFERENCE_LINK */
} REQUESTS_DEVICE_OUT;

/* SetPnpState of two states, read back with GetPnpState, then CommitPnpState; out:
 * REQUESTS_PNP_STATE_OUT (WDF_TRI_STATEs). */
#define IOCTL_REQUESTS_PNP_STATE 0x0022242Cu
typedef struct REQUESTS_PNP_STATE_OUT {
    uint32_t NotDisableable;    /* after Set(WdfTrue) */
    uint32_t DontDisplayInUI;   /* after Set(WdfFalse) */
    uint32_t Failed;            /* never set */
    uint32_t Invalid;           /* WdfPnpStateMaximum */
} REQUESTS_PNP_STATE_OUT;

/* In: uint32_t n. The driver writes n bytes of REQUESTS_FILL into the output buffer, SetInformation(n)
 * and Complete(S_OK): the client reads n bytes back. */
#define IOCTL_REQUESTS_SET_INFORMATION 0x00222430u
#define REQUESTS_FILL 0x5Au

/* A driver-created request formatted as a read, a write, an I/O control and (IWDFIoTarget2) a flush,
 * each sent synchronously to the default target, and what IWDFIoRequestCompletionParams gives back;
 * also GetTargetFile of the default target. Out: REQUESTS_PARAMS_OUT. */
#define IOCTL_REQUESTS_COMPLETION_PARAMS 0x00222434u
typedef struct REQUESTS_PARAMS_OUT {
    int32_t ReadStatus;
    uint32_t ReadType;          /* GetCompletedRequestType */
    uint32_t ReadMemorySame;    /* GetReadParameters gave the memory it was formatted with */
    uint32_t ReadBytes;
    int32_t WriteStatus;
    uint32_t WriteType;
    uint32_t WriteMemorySame;
    uint32_t WriteBytes;
    int32_t IoctlStatus;
    uint32_t IoctlType;
    uint32_t IoctlCode;
    uint32_t IoctlInputSame;
    uint32_t IoctlOutputSame;
    uint32_t IoctlBytes;
    uint32_t OtherTypesEmpty;   /* the read and write parameters of the I/O control's: NULL and 0 */
    int32_t FlushFormatHr;
    int32_t FlushStatus;
    uint32_t FlushType;
    uint32_t TargetFileIsNull;  /* GetTargetFile of the default target */
} REQUESTS_PARAMS_OUT;

#endif
