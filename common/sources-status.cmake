# HRESULT / NTSTATUS / Win32 error conversions and NTSTATUS names (status.h).
list(APPEND WUDF_COMMON_SOURCES status.c)
