/*
 * The I/O controls of the socket-backed WDK-style driver (tests/wdk/sockecho), shared with its tests.
 * Plain integers and fixed-size fields, so that a test needs no Windows header:
 * CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900 + n, METHOD_BUFFERED, FILE_ANY_ACCESS).
 *
 * Reads and writes of the device go to the socket through the driver's file-handle I/O target and
 * complete with what the send saw (status and byte count).
 */
#ifndef OPENWUDF_SOCKECHO_IOCTL_H
#define OPENWUDF_SOCKECHO_IOCTL_H

#include <stdint.h>

/* Input: a 32-bit I/O control code, then that control's input. Sent to the socket through the target
 * (FormatRequestForIoctl with memory offsets); output and status are the socket's. */
#define IOCTL_SOCKECHO_FORWARD 0x00222400u

/* Input: SOCKECHO_TARGET_OP. Output (optional): the target's WDF_IO_TARGET_STATE after the operation,
 * as a uint32_t. Completes with the operation's HRESULT (SEND_SELF: with what the send saw). */
#define IOCTL_SOCKECHO_TARGET 0x00222404u

/* Input: SOCKECHO_TIMED_READ. A read of the socket with WDF_REQUEST_SEND_OPTION_TIMEOUT; output: the bytes. */
#define IOCTL_SOCKECHO_TIMED_READ 0x00222408u

/* Input: bytes written to the socket with WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE. */
#define IOCTL_SOCKECHO_WRITE_IGNORING_STATE 0x0022240Cu

/* Input: bytes the driver tries to send to the socket with WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET, which
 * a file-handle target refuses; completes with Send's HRESULT. */
#define IOCTL_SOCKECHO_SEND_AND_FORGET 0x00222410u

/* Input: SOCKECHO_FILE_INFO. The request itself is formatted with IWDFIoTarget2::FormatRequestForQueryInformation
 * (or ...SetInformation) for one of the driver's targets and sent synchronously; it completes with what the send
 * saw, or with the format's HRESULT when that failed. Output: the information queried (the bytes the send
 * reported, up to the output's size). */
#define IOCTL_SOCKECHO_FILE_INFO 0x00222414u

/* Which of the driver's I/O targets an IOCTL_SOCKECHO_TARGET works on. */
#define SOCKECHO_TARGET_SOCKET 0u   /* the file-handle target on the socket */
#define SOCKECHO_TARGET_DEFAULT 1u  /* the device's default I/O target */
#define SOCKECHO_TARGET_USB_PIPE 2u /* the first bulk IN pipe of a USB device (a USB devnode only) */

#define SOCKECHO_OP_STATE 0u            /* IWDFIoTargetStateManagement::GetState */
#define SOCKECHO_OP_STOP 1u             /* Stop(Arg: WDF_IO_TARGET_SENT_IO_ACTION, 1 cancel, 2 wait, 3 leave) */
#define SOCKECHO_OP_START 2u            /* Start */
#define SOCKECHO_OP_REMOVE 3u           /* Remove */
#define SOCKECHO_OP_SEND_SELF 4u        /* this request itself is sent to the target (a read of the socket or
                                         * the pipe into its output, an ioctl to the default target) */
#define SOCKECHO_OP_SEND_SELF_FORGET 5u /* the same with WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET */

typedef struct SOCKECHO_TARGET_OP {
    uint32_t Target;
    uint32_t Op;
    uint32_t Arg;
} SOCKECHO_TARGET_OP;

typedef struct SOCKECHO_TIMED_READ {
    uint32_t TimeoutMs;   /* relative timeout of the send */
    uint32_t Synchronous; /* 1: WDF_REQUEST_SEND_OPTION_SYNCHRONOUS, then GetCompletionParams */
} SOCKECHO_TIMED_READ;

/* SOCKECHO_FILE_INFO.Target: besides the socket's and the default target, a file-handle target made for this
 * request over Path, opened for reading and writing (and overlapped, on Windows), deleted and closed after it. */
#define SOCKECHO_TARGET_PATH 3u

/* SOCKECHO_FILE_INFO.Misuse: a wrong call the driver makes on purpose. */
#define SOCKECHO_MISUSE_NONE 0u
#define SOCKECHO_MISUSE_NULL_REQUEST 1u /* pRequest NULL */
#define SOCKECHO_MISUSE_BAD_OFFSET 2u   /* a WDFMEMORY_OFFSET past the memory's end */
#define SOCKECHO_MISUSE_NO_FILE 3u      /* pFile NULL (required by local and remote targets) */
#define SOCKECHO_MISUSE_OWN_BUFFER 4u   /* pInformationMemory NULL: the request's own output (query) or input (set) */

#define SOCKECHO_INFO_DATA 64u
#define SOCKECHO_INFO_PATH 260u

typedef struct SOCKECHO_FILE_INFO {
    uint32_t Target;   /* SOCKECHO_TARGET_SOCKET, _DEFAULT or _PATH */
    uint32_t Set;      /* 0: query, 1: set, 2: set, then query the same class on the same target */
    uint32_t Class;    /* WDF_FILE_INFORMATION_CLASS */
    uint32_t Length;   /* bytes of the memory formatted: room for the query, or Data's bytes set */
    uint32_t Misuse;   /* SOCKECHO_MISUSE_* */
    uint32_t Reserved;
    uint8_t Data[SOCKECHO_INFO_DATA];
    char Path[SOCKECHO_INFO_PATH]; /* _PATH: the file, NUL-terminated (a Windows path on Windows) */
} SOCKECHO_FILE_INFO;

/* WDF_FILE_INFORMATION_CLASS values and the NT structures a test reads and writes (little-endian). */
#define SOCKECHO_CLASS_BASIC 4u       /* 40 bytes: 4 times (100 ns since 1601), then FileAttributes at 32 */
#define SOCKECHO_CLASS_STANDARD 5u    /* 24 bytes: AllocationSize, EndOfFile at 8, NumberOfLinks at 16, ... */
#define SOCKECHO_CLASS_POSITION 14u   /* 8 bytes: CurrentByteOffset */
#define SOCKECHO_CLASS_END_OF_FILE 20u /* 8 bytes: EndOfFile (set only) */
#define SOCKECHO_CLASS_NONE 0x7FFFu   /* past every NT class, on every Windows */
#define SOCKECHO_CLASS_MAXIMUM 53u    /* WdfFileInformationMaximum: past WDF's names (a class of later Windows) */

/* WDF_IO_TARGET_STATE's values a test expects. */
#define SOCKECHO_STATE_STARTED 1u
#define SOCKECHO_STATE_STOPPED 2u
#define SOCKECHO_STATE_DELETED 5u

#endif
