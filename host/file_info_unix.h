/*
 * IRP_MJ_QUERY_INFORMATION and IRP_MJ_SET_INFORMATION of a file-handle target on Linux
 * (file_info_unix.c): what NtQueryInformationFile and NtSetInformationFile answer for a
 * Windows handle, answered for a descriptor from what the kernel tells of it.
 */
#ifndef OPENWUDF_HOST_FILE_INFO_UNIX_H
#define OPENWUDF_HOST_FILE_INFO_UNIX_H

#include <stddef.h>
#include <stdint.h>

#include "framework.h"

/* Fills out (length bytes) with the information of class for fd; *written gets the bytes filled. */
NTSTATUS wudf_file_info_query(int fd, WDF_FILE_INFORMATION_CLASS information_class, uint8_t *out, size_t length,
                              size_t *written);
/* Applies the information of class in (length bytes) to fd. */
NTSTATUS wudf_file_info_set(int fd, WDF_FILE_INFORMATION_CLASS information_class, const uint8_t *in,
                            size_t length);

/* file_target_unix.c: errno as the NTSTATUS a Windows target would have completed with. */
NTSTATUS wudf_file_status_from_errno(int error);

#endif
