/*
 * The echo device's I/O controls, shared by the driver, its tests and tools.
 * Plain integers so a client needs no Windows headers:
 * CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800 + n, METHOD_BUFFERED, FILE_ANY_ACCESS).
 */
#ifndef OPENWUDF_ECHO_IOCTL_H
#define OPENWUDF_ECHO_IOCTL_H

#include <stdint.h>

/* Output: struct echo_stats. */
#define IOCTL_ECHO_GET_STATS 0x00222000u
/* Held by the driver, cancelable, until cancelled or the file is cleaned up: a request that stays pending. */
#define IOCTL_ECHO_PEND 0x00222004u
/* Output = input (up to the output length); information = bytes returned. */
#define IOCTL_ECHO_LOOPBACK 0x00222008u
/* Input: a uint32 status; the request completes with it (HRESULT_FROM_NT). */
#define IOCTL_ECHO_FAIL_WITH 0x0022200Cu
/* IOCTL_ECHO_LOOPBACK with the other transfer methods (METHOD_IN_DIRECT, METHOD_OUT_DIRECT,
 * METHOD_NEITHER): the driver does the same; the kernel moves the buffers differently. */
#define IOCTL_ECHO_LOOPBACK_IN_DIRECT 0x00222009u
#define IOCTL_ECHO_LOOPBACK_OUT_DIRECT 0x0022200Au
#define IOCTL_ECHO_LOOPBACK_NEITHER 0x0022200Bu

/* The device interface class of echo devices: the driver creates one in OnDeviceAdd, so that other
 * drivers find echo devices (IWDFDevice2::RegisterRemoteInterfaceNotification). The same GUID as text and
 * as a GUID initializer. */
#define ECHO_INTERFACE_GUID_TEXT "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}"
#define ECHO_INTERFACE_GUID_INIT {0x6e3b2a9c, 0x41d7, 0x4f0b, {0x9a, 0x35, 0x7c, 0x18, 0xe2, 0xd4, 0xb6, 0xf1}}

/* Counts since the device started (all little-endian uint32). */
struct echo_stats {
    uint32_t creates;
    uint32_t cleanups;
    uint32_t closes;
    uint32_t reads;
    uint32_t writes;
    uint32_t ioctls;
    uint32_t cancels;
    uint32_t stored_bytes;   /* what the next read returns */
    uint32_t open_files;     /* creates - closes */
    uint32_t pended;         /* IOCTL_ECHO_PEND requests the driver holds now */
};

#endif
