/*
 * The I/O controls of the monitor driver (tests/wdk/monitor), shared with its test. Plain integers and
 * fixed-size fields, so that a test needs no Windows header:
 * CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00 + n, METHOD_BUFFERED, FILE_ANY_ACCESS).
 *
 * The driver holds remote I/O targets: slot 0 is opened on the echo interface that arrived last
 * (OpenRemoteInterface), slot 1 by name (IOCTL_MONITOR_OPEN, OpenFileByName), slot 2 on the monitor
 * interface of another monitor device that arrived last (OpenRemoteInterface). Each monitor device
 * publishes the monitor interface and is \\.\MonitorN, N the last digit of its instance id.
 */
#ifndef OPENWUDF_MONITOR_IOCTL_H
#define OPENWUDF_MONITOR_IOCTL_H

#include <stdint.h>

/* Output: MONITOR_STATUS. */
#define IOCTL_MONITOR_STATUS 0x00222800u
/* Input: MONITOR_OP (Slot), then bytes. A write of the bytes to the slot's target (a request and memory of
 * the driver's own), then a read of the same target into this request's output (this request itself sent),
 * each with a completion callback; completes with the read's status and count. */
#define IOCTL_MONITOR_ROUNDTRIP 0x00222804u
/* Input: MONITOR_OP (Slot, TimeoutMs), then bytes. Echo's IOCTL_ECHO_LOOPBACK sent synchronously (with a
 * timeout when TimeoutMs is not 0) in a request of the driver's own; output: what came back. */
#define IOCTL_MONITOR_LOOPBACK_SYNC 0x00222808u
/* Input: MONITOR_OP (Slot, TimeoutMs, Arg: 1 synchronous). Echo's IOCTL_ECHO_PEND, which echo holds until
 * it is cancelled, sent with this request; completes with what the send saw. */
#define IOCTL_MONITOR_PEND 0x0022280Cu
/* IWDFIoRequest::CancelSentRequest on the IOCTL_MONITOR_PEND in flight. Output: uint32_t, its BOOL. */
#define IOCTL_MONITOR_CANCEL 0x00222810u
/* Input: MONITOR_OP (Slot 1), then a name (ASCII). A new remote target of slot 1 opened with
 * OpenFileByName. Output: int32_t, the HRESULT. */
#define IOCTL_MONITOR_OPEN 0x00222814u
/* Input: MONITOR_OP (Slot, Op, Arg). Output: uint32_t, the target's WDF_IO_TARGET_STATE after it.
 * Completes with the operation's HRESULT. */
#define IOCTL_MONITOR_TARGET 0x00222818u
/* Input: MONITOR_OP (Slot, Arg). This request formatted for a query of FileStandardInformation into its own
 * output (Arg 0), a set of FileEndOfFileInformation from its own input (Arg 1), or the query with a NULL
 * pFile (Arg 2), on the slot's target (IWDFIoTarget2), and sent synchronously. Completes with what the send
 * saw, or with the format's HRESULT. */
#define IOCTL_MONITOR_FILE_INFO 0x0022281Cu
/* Input: the event's GUID (16 bytes, GUID's layout), then its data. IWDFDevice::PostEvent(WdfEventBroadcast)
 * of this device. Output: int32_t, the HRESULT. */
#define IOCTL_MONITOR_POST_EVENT 0x00222820u

/* The device interface every monitor device publishes and registers for. */
#define MONITOR_INTERFACE_GUID_TEXT "{3B8E51D4-7A20-4C6F-9E13-5D2A8C7F40B9}"
#define MONITOR_INTERFACE_GUID_INIT {0x3b8e51d4, 0x7a20, 0x4c6f, {0x9e, 0x13, 0x5d, 0x2a, 0x8c, 0x7f, 0x40, 0xb9}}

#define MONITOR_OP_STATE 0u        /* IWDFRemoteTarget::GetState */
#define MONITOR_OP_STOP 1u         /* IWDFIoTargetStateManagement::Stop(Arg) */
#define MONITOR_OP_START 2u        /* IWDFIoTargetStateManagement::Start */
#define MONITOR_OP_REMOTE_START 3u /* IWDFRemoteTarget::Start */
#define MONITOR_OP_CLOSE 4u        /* IWDFRemoteTarget::Close */
#define MONITOR_OP_VETO 5u         /* its OnRemoteTargetQueryRemove answers FALSE from now on when Arg is 1 */

typedef struct MONITOR_OP {
    uint32_t Slot;
    uint32_t Op;
    uint32_t Arg;
    uint32_t TimeoutMs;
} MONITOR_OP;

/* One remote target's story. */
typedef struct MONITOR_SLOT_STATUS {
    uint32_t State;           /* WDF_IO_TARGET_STATE; 0 while the slot is empty */
    int32_t OpenHr;           /* its last open (OpenRemoteInterface, OpenFileByName) */
    uint32_t QueryRemoves;    /* IRemoteTargetCallbackRemoval calls */
    uint32_t RemoveCanceled;
    uint32_t RemoveCompletes;
    int32_t ReopenHr;         /* Reopen in OnRemoteTargetRemoveCanceled */
} MONITOR_SLOT_STATUS;

typedef struct MONITOR_STATUS {
    int32_t RegisterHr;         /* RegisterRemoteInterfaceNotification in OnDeviceAdd */
    uint32_t Arrivals;          /* OnRemoteInterfaceArrival calls */
    uint32_t GuidMatched;       /* of them, GetInterfaceGuid gave the echo interface GUID */
    uint32_t InterfaceRemovals; /* IRemoteInterfaceCallbackRemoval::OnRemoteInterfaceRemoval calls */
    uint32_t LinkChars;         /* RetrieveSymbolicLink's size, NUL included */
    MONITOR_SLOT_STATUS Slot[3];
    char Link[200];             /* the last arrival's link, ASCII */
    uint32_t PeerArrivals;      /* arrivals of another monitor's interface */
    uint32_t Events;            /* IRemoteInterfaceCallbackEvent::OnRemoteInterfaceEvent calls */
    uint32_t EventSize;         /* the last one's cbDataSize */
    uint32_t EventNameOffset;   /* its NameBufferOffset */
    uint8_t EventGuid[16];      /* its EventGuid, as GUID's bytes */
    uint8_t EventData[64];      /* its first bytes */
} MONITOR_STATUS;

/* WDF_IO_TARGET_STATE's values a test expects. */
#define MONITOR_STATE_STARTED 1u
#define MONITOR_STATE_STOPPED 2u
#define MONITOR_STATE_CLOSED_FOR_QUERY_REMOVE 3u
#define MONITOR_STATE_CLOSED 4u

#endif
