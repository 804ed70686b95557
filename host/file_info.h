/*
 * The checks NtQueryInformationFile and NtSetInformationFile make before they look at a handle
 * (file_info.c), made by the file-handle targets of every platform before they answer: on Windows
 * before the OS call (Wine's ntdll answers some classes otherwise), on Linux before the
 * descriptor is asked (file_info_unix.c).
 */
#ifndef OPENWUDF_HOST_FILE_INFO_H
#define OPENWUDF_HOST_FILE_INFO_H

#include <stddef.h>

#include "framework.h"

/* The length of class's structure for a query (set 0) or a set (set 1): the shortest buffer NT takes;
 * 0 when NT refuses the class for that call. */
size_t wudf_file_info_length(WDF_FILE_INFORMATION_CLASS information_class, int set);
/* STATUS_INVALID_INFO_CLASS for a class outside WDF_FILE_INFORMATION_CLASS or one the call refuses,
 * STATUS_INFO_LENGTH_MISMATCH for a buffer shorter than the class's structure, else STATUS_SUCCESS. */
NTSTATUS wudf_file_info_check(WDF_FILE_INFORMATION_CLASS information_class, size_t length, int set);

#endif
