/*
 * The C++ sample device's I/O controls, shared by the driver and its tests. Plain integers so a client
 * needs no Windows headers: CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800 + n, METHOD_BUFFERED, FILE_ANY_ACCESS).
 */
#ifndef OPENWUDF_CPPSAMPLE_IOCTL_H
#define OPENWUDF_CPPSAMPLE_IOCTL_H

/* Output: CPPSAMPLE_MAGIC as a little-endian uint32, then the UTF-8 bytes of the device instance id
 * (no terminating NUL); information = 4 + their count. An output buffer too small for all of it fails
 * with HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) (STATUS_BUFFER_TOO_SMALL) and returns nothing. */
#define IOCTL_CPPSAMPLE_IDENTIFY 0x00222000u
#define CPPSAMPLE_MAGIC 0x0C0FFEE0u

/* Output: the input bytes in reverse order; information = input length. An output buffer shorter than
 * the input fails with HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) and returns nothing. */
#define IOCTL_CPPSAMPLE_REVERSE 0x00222004u

/* Writes larger than this fail with HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), as echo's do. */
#define CPPSAMPLE_MAX_STORED_BYTES (1024u * 1024u)

#endif
