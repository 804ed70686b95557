/* Status names, and the HRESULT / NTSTATUS / Win32 error conversions; the tables hold the pairs Windows
 * uses (RtlNtStatusToDosError, and its inverse for the Win32 errors drivers complete requests with). */
#include "hresult.h"

struct status_name {
    wudf_status status;
    const char *name;
};

struct status_error {
    NTSTATUS status;
    DWORD error;
};

/* The public names are ntstatus.h's values: checked here, where both are in sight. */
#define SAME_VALUE(name, value) \
    _Static_assert(WUDF_STATUS_##name == STATUS_##name, "WUDF_STATUS_" #name " differs from ntstatus.h");
WUDF_STATUS_CODES(SAME_VALUE)
#undef SAME_VALUE

static const struct status_name status_names[] = {
#define NAME(name, value) {WUDF_STATUS_##name, "STATUS_" #name},
    WUDF_STATUS_CODES(NAME)
#undef NAME
};

/* RtlNtStatusToDosError's answers for the statuses above, as Wine's ntdll gives them (test_status
 * compares every code with it under Wine). */
static const struct status_error nt_to_win32[] = {
    { STATUS_TIMEOUT, ERROR_TIMEOUT },
    { STATUS_PENDING, ERROR_IO_PENDING },
    { STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA },
    { STATUS_NO_MORE_FILES, ERROR_NO_MORE_FILES },
    { STATUS_DEVICE_BUSY, ERROR_BUSY },
    { STATUS_NO_MORE_ENTRIES, ERROR_NO_MORE_ITEMS },
    { STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE },
    { STATUS_NOT_IMPLEMENTED, ERROR_INVALID_FUNCTION },
    { STATUS_INVALID_INFO_CLASS, ERROR_INVALID_PARAMETER },
    { STATUS_INFO_LENGTH_MISMATCH, ERROR_BAD_LENGTH },
    { STATUS_ACCESS_VIOLATION, ERROR_NOACCESS },
    { STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE },
    { STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER },
    { STATUS_NO_SUCH_DEVICE, ERROR_NO_SUCH_DEVICE },
    { STATUS_NO_SUCH_FILE, ERROR_FILE_NOT_FOUND },
    { STATUS_INVALID_DEVICE_REQUEST, ERROR_INVALID_FUNCTION },
    { STATUS_END_OF_FILE, ERROR_HANDLE_EOF },
    { STATUS_MORE_PROCESSING_REQUIRED, ERROR_MORE_DATA },
    { STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY },
    { STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED },
    { STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER },
    { STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE },
    { STATUS_OBJECT_NAME_INVALID, ERROR_INVALID_NAME },
    { STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND },
    { STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS },
    { STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND },
    { STATUS_DATA_ERROR, ERROR_CRC },
    { STATUS_CRC_ERROR, ERROR_CRC },
    { STATUS_SHARING_VIOLATION, ERROR_SHARING_VIOLATION },
    { STATUS_DELETE_PENDING, ERROR_ACCESS_DENIED },
    { STATUS_PRIVILEGE_NOT_HELD, ERROR_PRIVILEGE_NOT_HELD },
    { STATUS_PROCEDURE_NOT_FOUND, ERROR_PROC_NOT_FOUND },
    { STATUS_INVALID_IMAGE_FORMAT, ERROR_BAD_EXE_FORMAT },
    { STATUS_FILE_INVALID, ERROR_FILE_INVALID },
    { STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES },
    { STATUS_DEVICE_DATA_ERROR, ERROR_CRC },
    { STATUS_DEVICE_NOT_CONNECTED, ERROR_DEVICE_NOT_CONNECTED },
    { STATUS_DEVICE_POWER_FAILURE, ERROR_NOT_READY },
    { STATUS_DEVICE_NOT_READY, ERROR_NOT_READY },
    { STATUS_IO_TIMEOUT, ERROR_SEM_TIMEOUT },
    { STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED },
    { STATUS_DEVICE_DOES_NOT_EXIST, ERROR_DEV_NOT_EXIST },
    { STATUS_INTERNAL_ERROR, ERROR_INTERNAL_ERROR },
    { STATUS_INVALID_USER_BUFFER, ERROR_INVALID_USER_BUFFER },
    { STATUS_CANCELLED, ERROR_OPERATION_ABORTED },
    { STATUS_FILE_CLOSED, ERROR_INVALID_HANDLE },
    { STATUS_PIPE_BROKEN, ERROR_BROKEN_PIPE },
    { STATUS_INVALID_DEVICE_STATE, ERROR_BAD_COMMAND },
    { STATUS_IO_DEVICE_ERROR, ERROR_IO_DEVICE },
    { STATUS_INVALID_BUFFER_SIZE, ERROR_INVALID_USER_BUFFER },
    { STATUS_NOT_FOUND, ERROR_NOT_FOUND },
    { STATUS_RETRY, ERROR_RETRY },
    { STATUS_CONNECTION_REFUSED, ERROR_CONNECTION_REFUSED },
    { STATUS_REQUEST_ABORTED, ERROR_REQUEST_ABORTED },
    { STATUS_DEVICE_REMOVED, ERROR_DEVICE_REMOVED },
    { STATUS_NOINTERFACE, ERROR_NOINTERFACE },
    { STATUS_DRIVER_PROCESS_TERMINATED, ERROR_DRIVER_PROCESS_TERMINATED },
};

/* The status a request completes with when the driver completes it with HRESULT_FROM_WIN32(error).
 * Where several statuses map to one error, the one a driver means is chosen (ERROR_INVALID_FUNCTION ->
 * STATUS_INVALID_DEVICE_REQUEST; every out-of-memory error -> STATUS_INSUFFICIENT_RESOURCES). */
static const struct status_error win32_to_nt[] = {
    { STATUS_INVALID_DEVICE_REQUEST, ERROR_INVALID_FUNCTION },
    { STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND },
    { STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND },
    { STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED },
    { STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE },
    { STATUS_INSUFFICIENT_RESOURCES, ERROR_NOT_ENOUGH_MEMORY },
    { STATUS_INSUFFICIENT_RESOURCES, ERROR_OUTOFMEMORY },
    { STATUS_DEVICE_NOT_READY, ERROR_NOT_READY },
    { STATUS_INVALID_DEVICE_STATE, ERROR_BAD_COMMAND },
    { STATUS_CRC_ERROR, ERROR_CRC },
    { STATUS_INFO_LENGTH_MISMATCH, ERROR_BAD_LENGTH },
    { STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE },
    { STATUS_SHARING_VIOLATION, ERROR_SHARING_VIOLATION },
    { STATUS_END_OF_FILE, ERROR_HANDLE_EOF },
    { STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED },
    { STATUS_DEVICE_DOES_NOT_EXIST, ERROR_DEV_NOT_EXIST },
    { STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER },
    { STATUS_PIPE_BROKEN, ERROR_BROKEN_PIPE },
    { STATUS_IO_TIMEOUT, ERROR_SEM_TIMEOUT },
    { STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER },
    { STATUS_OBJECT_NAME_INVALID, ERROR_INVALID_NAME },
    { STATUS_DEVICE_BUSY, ERROR_BUSY },
    { STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS },
    { STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA },
    { STATUS_NO_MORE_ENTRIES, ERROR_NO_MORE_ITEMS },
    { STATUS_DELETE_PENDING, ERROR_DELETE_PENDING },
    { STATUS_NOINTERFACE, ERROR_NOINTERFACE },
    { STATUS_CANCELLED, ERROR_OPERATION_ABORTED },
    { STATUS_ACCESS_VIOLATION, ERROR_NOACCESS },
    { STATUS_IO_DEVICE_ERROR, ERROR_IO_DEVICE },
    { STATUS_DEVICE_NOT_CONNECTED, ERROR_DEVICE_NOT_CONNECTED },
    { STATUS_NOT_FOUND, ERROR_NOT_FOUND },
    { STATUS_CANCELLED, ERROR_CANCELLED },
    { STATUS_REQUEST_ABORTED, ERROR_REQUEST_ABORTED },
    { STATUS_RETRY, ERROR_RETRY },
    { STATUS_DRIVER_PROCESS_TERMINATED, ERROR_DRIVER_PROCESS_TERMINATED },
    { STATUS_PRIVILEGE_NOT_HELD, ERROR_PRIVILEGE_NOT_HELD },
    { STATUS_INTERNAL_ERROR, ERROR_INTERNAL_ERROR },
    { STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES },
    { STATUS_IO_TIMEOUT, ERROR_TIMEOUT },
    { STATUS_DEVICE_REMOVED, ERROR_DEVICE_REMOVED },
    { STATUS_INVALID_USER_BUFFER, ERROR_INVALID_USER_BUFFER },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Unsigned views: the bit tests below are on the 32-bit pattern, whatever the sign of the value. */
static ULONG bits(LONG value)
{
    return (ULONG)value;
}

NTSTATUS wudf_ntstatus_from_hresult(HRESULT hr)
{
    size_t i;

    if (SUCCEEDED(hr))
        return STATUS_SUCCESS;
    /* The N bit marks an HRESULT that carries an NTSTATUS (HRESULT_FROM_NT). */
    if (bits(hr) & FACILITY_NT_BIT)
        return (NTSTATUS)(bits(hr) & ~(ULONG)FACILITY_NT_BIT);
    if (HRESULT_FACILITY(bits(hr)) == FACILITY_WIN32) {
        DWORD error = HRESULT_CODE(bits(hr));
        for (i = 0; i < COUNT(win32_to_nt); i++) {
            if (win32_to_nt[i].error == error)
                return win32_to_nt[i].status;
        }
        return STATUS_UNSUCCESSFUL;
    }
    if (hr == E_NOTIMPL)
        return STATUS_NOT_IMPLEMENTED;
    return STATUS_UNSUCCESSFUL;
}

HRESULT wudf_hresult_from_ntstatus(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return S_OK;
    return HRESULT_FROM_NT(status);
}

const char *wudf_status_name(wudf_status status)
{
    size_t i;

    for (i = 0; i < COUNT(status_names); i++) {
        if (status_names[i].status == status)
            return status_names[i].name;
    }
    return NULL;
}

uint32_t wudf_status_win32_error(wudf_status status)
{
    ULONG value = bits(status);
    size_t i;

    if (value == 0)
        return ERROR_SUCCESS;
    /* Customer-defined codes (C bit) pass through unchanged, as on Windows. */
    if (value & 0x20000000)
        return value;
    /* HRESULT_FROM_NT(s) stands for s; the N bit is reserved in a real NTSTATUS. */
    value &= ~(ULONG)FACILITY_NT_BIT;
    /* A status built from a Win32 error (facility 7) gives that error back. */
    if ((value >> 16) == 0x8007 || (value >> 16) == 0xC007)
        return value & 0xFFFF;
    for (i = 0; i < COUNT(nt_to_win32); i++) {
        if (bits(nt_to_win32[i].status) == value)
            return nt_to_win32[i].error;
    }
    return ERROR_MR_MID_NOT_FOUND;
}
