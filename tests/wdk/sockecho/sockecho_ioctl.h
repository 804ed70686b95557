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

/* WDF_IO_TARGET_STATE's values a test expects. */
#define SOCKECHO_STATE_STARTED 1u
#define SOCKECHO_STATE_STOPPED 2u
#define SOCKECHO_STATE_DELETED 5u

#endif
