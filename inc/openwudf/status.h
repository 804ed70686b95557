/*
 * openwudf status codes: every NTSTATUS that openwudf returns, completes a request with or checks,
 * under one public name each (WUDF_STATUS_<name of ntstatus.h>), with its name for messages and the
 * Win32 error a Windows program would see for it. Plain C, no Windows headers needed.
 *
 * A status is a 32-bit NTSTATUS: 0 and other non-negative values are success (informational
 * ones such as WUDF_STATUS_PENDING included), negative values are warnings or errors
 * (WUDF_SUCCEEDED). A driver may complete a request with any NTSTATUS, not only these; the functions
 * below answer for every value.
 */
#ifndef OPENWUDF_STATUS_H
#define OPENWUDF_STATUS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t wudf_status; /* an NTSTATUS */

#define WUDF_SUCCEEDED(status) ((wudf_status)(status) >= 0)

/* X(name, value): the codes in ntstatus.h order of value. ntstatus.h names them STATUS_<name>. */
#define WUDF_STATUS_CODES(X)                                                                       \
    X(SUCCESS, 0x00000000)                                                                         \
    X(TIMEOUT, 0x00000102)                                                                         \
    X(PENDING, 0x00000103)                                                                         \
    X(BUFFER_OVERFLOW, 0x80000005)   /* output truncated; the data that fit was returned */        \
    X(NO_MORE_FILES, 0x80000006)                                                                   \
    X(DEVICE_BUSY, 0x80000011)                                                                     \
    X(NO_MORE_ENTRIES, 0x8000001A)                                                                 \
    X(PLUGPLAY_QUERY_VETOED, 0x80000028) /* a driver or a holder refused a removal */              \
    X(UNSUCCESSFUL, 0xC0000001)                                                                    \
    X(NOT_IMPLEMENTED, 0xC0000002)                                                                 \
    X(INVALID_INFO_CLASS, 0xC0000003)                                                              \
    X(INFO_LENGTH_MISMATCH, 0xC0000004)                                                            \
    X(ACCESS_VIOLATION, 0xC0000005)  /* a host that crashed on Windows exits with this */          \
    X(INVALID_HANDLE, 0xC0000008)    /* no such open file, or its device was removed */            \
    X(INVALID_PARAMETER, 0xC000000D)                                                               \
    X(NO_SUCH_DEVICE, 0xC000000E)    /* installed but not started */                               \
    X(NO_SUCH_FILE, 0xC000000F)                                                                    \
    X(INVALID_DEVICE_REQUEST, 0xC0000010) /* the driver takes no such request */                   \
    X(END_OF_FILE, 0xC0000011)                                                                     \
    X(MORE_PROCESSING_REQUIRED, 0xC0000016)                                                        \
    X(NO_MEMORY, 0xC0000017)                                                                       \
    X(ACCESS_DENIED, 0xC0000022)     /* the device's ACL does not admit the caller */              \
    X(BUFFER_TOO_SMALL, 0xC0000023)                                                                \
    X(OBJECT_TYPE_MISMATCH, 0xC0000024)                                                            \
    X(OBJECT_NAME_INVALID, 0xC0000033)                                                             \
    X(OBJECT_NAME_NOT_FOUND, 0xC0000034) /* no device by that instance id or link */               \
    X(OBJECT_NAME_COLLISION, 0xC0000035)                                                           \
    X(OBJECT_PATH_NOT_FOUND, 0xC000003A)                                                           \
    X(DATA_ERROR, 0xC000003E)                                                                      \
    X(CRC_ERROR, 0xC000003F)                                                                       \
    X(SHARING_VIOLATION, 0xC0000043)                                                               \
    X(DELETE_PENDING, 0xC0000056)                                                                  \
    X(PRIVILEGE_NOT_HELD, 0xC0000061)                                                              \
    X(PROCEDURE_NOT_FOUND, 0xC000007A) /* the driver module lacks an export UMDF needs */          \
    X(INVALID_IMAGE_FORMAT, 0xC000007B) /* the driver module cannot be loaded */                   \
    X(FILE_INVALID, 0xC0000098)      /* the kernel's file object is gone */                        \
    X(INSUFFICIENT_RESOURCES, 0xC000009A)                                                          \
    X(DEVICE_DATA_ERROR, 0xC000009C)                                                               \
    X(DEVICE_NOT_CONNECTED, 0xC000009D)                                                            \
    X(DEVICE_POWER_FAILURE, 0xC000009E)                                                            \
    X(DEVICE_NOT_READY, 0xC00000A3)  /* starting or restarting */                                  \
    X(IO_TIMEOUT, 0xC00000B5)        /* a synchronous call ran out of time and was cancelled */    \
    X(NOT_SUPPORTED, 0xC00000BB)                                                                   \
    X(DEVICE_DOES_NOT_EXIST, 0xC00000C0)                                                           \
    X(INTERNAL_ERROR, 0xC00000E5)                                                                  \
    X(INVALID_USER_BUFFER, 0xC00000E8)                                                             \
    X(CANCELLED, 0xC0000120)                                                                       \
    X(FILE_CLOSED, 0xC0000128)                                                                     \
    X(PIPE_BROKEN, 0xC000014B)       /* the connection to the reflector was lost */                \
    X(INVALID_DEVICE_STATE, 0xC0000184)                                                            \
    X(IO_DEVICE_ERROR, 0xC0000185)                                                                 \
    X(INVALID_BUFFER_SIZE, 0xC0000206)                                                             \
    X(NOT_FOUND, 0xC0000225)                                                                       \
    X(RETRY, 0xC000022D)                                                                           \
    X(CONNECTION_REFUSED, 0xC0000236) /* no reflector at the endpoint */                           \
    X(REQUEST_ABORTED, 0xC0000240)                                                                 \
    X(DEVICE_REMOVED, 0xC00002B6)                                                                  \
    X(NOINTERFACE, 0xC00002B9)                                                                     \
    X(POWER_STATE_INVALID, 0xC00002D3)                                                             \
    X(DRIVER_PROCESS_TERMINATED, 0xC0000450) /* the device's host died; it is being recycled */    \
    X(WDF_PAUSED, 0xC0200203)        /* the queue is stopped */                                    \
    X(WDF_BUSY, 0xC0200204)

/* WUDF_STATUS_SUCCESS, WUDF_STATUS_CANCELLED, ... */
enum wudf_status_code {
#define WUDF_STATUS_ENUMERATOR(name, value) WUDF_STATUS_##name = (wudf_status)value##u,
    WUDF_STATUS_CODES(WUDF_STATUS_ENUMERATOR)
#undef WUDF_STATUS_ENUMERATOR
};

/* "STATUS_CANCELLED": ntstatus.h's name for a code listed above; NULL for any other value. */
const char *wudf_status_name(wudf_status status);

/* The Win32 error GetLastError gives a Windows program whose request completed with status
 * (RtlNtStatusToDosError): WUDF_STATUS_CANCELLED -> 995 (ERROR_OPERATION_ABORTED),
 * WUDF_STATUS_DRIVER_PROCESS_TERMINATED -> 1291 (ERROR_DRIVER_PROCESS_TERMINATED), success -> 0.
 * A status that carries a Win32 code (facility 7) gives that code; an unknown error gives 317
 * (ERROR_MR_MID_NOT_FOUND), as on Windows. */
uint32_t wudf_status_win32_error(wudf_status status);

#ifdef __cplusplus
}
#endif

#endif
