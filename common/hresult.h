/* HRESULT <-> NTSTATUS as UMDF converts them where a driver meets a request's status. The mappings
 * follow what Windows does (UMDF completing a request, RtlNtStatusToDosError), so a client sees the
 * same status and GetLastError value for the same driver behaviour. Status names and the Win32
 * error mapping are public: <openwudf/status.h>. */
#ifndef OPENWUDF_COMMON_HRESULT_H
#define OPENWUDF_COMMON_HRESULT_H

#include <openwudf/status.h>
#include <openwudf/wintypes.h>

/* The NTSTATUS a request completes with when the driver completes it with `hr`:
 * S_OK and every other success -> STATUS_SUCCESS; HRESULT_FROM_NT(s) -> s;
 * HRESULT_FROM_WIN32(e) -> the NTSTATUS Windows maps to e (ERROR_INSUFFICIENT_BUFFER ->
 * STATUS_BUFFER_TOO_SMALL, ERROR_OPERATION_ABORTED -> STATUS_CANCELLED, ...);
 * E_OUTOFMEMORY -> STATUS_INSUFFICIENT_RESOURCES, E_INVALIDARG -> STATUS_INVALID_PARAMETER,
 * E_NOTIMPL -> STATUS_NOT_IMPLEMENTED, E_ACCESSDENIED -> STATUS_ACCESS_DENIED, E_HANDLE ->
 * STATUS_INVALID_HANDLE; any other failure -> STATUS_UNSUCCESSFUL. */
NTSTATUS wudf_ntstatus_from_hresult(HRESULT hr);

/* The HRESULT a driver sees for an NTSTATUS (e.g. IWDFRequestCompletionParams::GetCompletionStatus):
 * STATUS_SUCCESS and other success or informational codes -> S_OK; any warning or error -> HRESULT_FROM_NT(status),
 * so wudf_ntstatus_from_hresult gives the status back unchanged. */
HRESULT wudf_hresult_from_ntstatus(NTSTATUS status);

#endif
