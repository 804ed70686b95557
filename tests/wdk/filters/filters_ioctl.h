/*++

Module Name:

    filters_ioctl.h

Abstract:

    The control codes of the stack filters sample (tests/wdk/filters), an upper and a lower
    filter shipped in one DLL, and what each reports of the requests that passed it; shared with
    its test. Every other code passes through to the drivers below.

--*/

#pragma once

//
// CTL_CODE(0x8A12, 0xA00 + n, METHOD_BUFFERED, FILE_ANY_ACCESS), as plain integers so that the
// test needs no Windows header.
//
// UPPER_COUNTS / LOWER_COUNTS: out FILTER_COUNTS, answered by that filter (the other passes it on).
// CRASH: the upper filter writes through a null pointer (its host dies with the whole stack).
// PEND_SYNC: the upper filter sends the echo driver's IOCTL_ECHO_PEND instead, synchronously with a
//   timeout of in ULONG milliseconds, and completes the request with what the send ended with.
// PEND_ASYNC: the same, sent asynchronously with the timeout; its completion callback completes it.
// STOP_TARGET: the upper filter stops its default I/O target with WdfIoTargetCancelSentIo, then
//   starts it again.
// FORGET: the lower filter sends it on with WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET.
// REFUSE_CREATES: the lower filter fails the creates that reach it from then on (E_ACCESSDENIED).
// FILE_INFO: in FILTER_FILE_INFO. The upper filter formats the request for a query of file information
//   of class Class into its own output (Set 0), or a set of it from Data (Set 1, a memory offset into the
//   request's input), for its default I/O target (IWDFIoTarget2), sends it synchronously and completes it
//   with what the send saw. The lower filter takes such requests in IQueueCallbackDefaultIoHandler and
//   sends them on formatted anew, as the WDK's example of FormatRequestForQueryInformation does.
//
#define IOCTL_FILTER_UPPER_COUNTS 0x8A122800u
#define IOCTL_FILTER_LOWER_COUNTS 0x8A122804u
#define IOCTL_FILTER_CRASH        0x8A122808u
#define IOCTL_FILTER_PEND_SYNC    0x8A12280Cu
#define IOCTL_FILTER_FORGET       0x8A122810u
#define IOCTL_FILTER_PEND_ASYNC   0x8A122814u
#define IOCTL_FILTER_STOP_TARGET  0x8A122818u
#define IOCTL_FILTER_REFUSE_CREATES 0x8A12281Cu
#define IOCTL_FILTER_FILE_INFO    0x8A122820u

typedef struct _FILTER_FILE_INFO {
    LONG Set;
    LONG Class;           // WDF_FILE_INFORMATION_CLASS
    LONG Data[2];         // what a set sets (8 bytes: FileEndOfFileInformation, FilePositionInformation)
} FILTER_FILE_INFO;

//
// Counts since the filter's device was added. Order: the stack-wide sequence number (1, 2, ...) of
// its start callbacks, which the two filters share, so a test sees which layer started first.
//
typedef struct _FILTER_COUNTS {
    LONG Creates;         // IQueueCallbackCreate (the lower filter only)
    LONG Cleanups;        // IFileCallbackCleanup
    LONG Closes;          // IFileCallbackClose
    LONG Reads;
    LONG Writes;
    LONG Ioctls;          // every I/O control presented, its own ones included
    LONG Sent;            // requests sent on with a completion callback
    LONG Completions;     // completion callbacks run
    LONG Failures;        // completions with a failure status
    LONG LastFailure;     // the HRESULT of the last one
    LONG ReadBytes;       // bytes the reads that passed it returned
    LONG WriteBytes;      // bytes the writes that passed it wrote
    LONG Forgotten;       // sent with SEND_AND_FORGET
    LONG PrepareOrder;    // OnPrepareHardware's place in the stack's start
    LONG D0EntryOrder;    // OnD0Entry's
    LONG InformationRequests;  // queries and sets of file information (IQueueCallbackDefaultIoHandler)
    LONG LastInformationClass; // the last one's class and size (GetQuery/SetInformationParameters)
    LONG LastInformationSize;
} FILTER_COUNTS;
