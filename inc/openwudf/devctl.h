/*
 * DeviceIoControl for unmodified Linux programs: the ioctl that the device
 * files of `wudfrd --mount DIR` understand (see docs/fuse.md).
 *
 *   struct wudf_devctl d = {0};
 *   d.ioctl_code = IOCTL_ECHO_LOOPBACK;          // the Windows IOCTL code
 *   d.input_length = 4;  memcpy(d.data, "ping", 4);
 *   d.output_length = 4;
 *   if (ioctl(fd, WUDF_DEVCTL, &d) == 0)         // d.status, d.information, d.data = output
 *
 * The driver gets an IRP_MJ_DEVICE_CONTROL whose input is the first input_length bytes of data
 * and whose output buffer is output_length bytes; its output comes back at the start of data and
 * the rest of data is zeroed. FUSE passes only ioctls whose command encodes their size, so the
 * buffer is inline and of fixed size (WUDF_DEVCTL_DATA_MAX bytes each way).
 *
 * ioctl() returns 0 when the request completed with a success or warning NTSTATUS (status and
 * information tell how), and -1 with errno mapped from the NTSTATUS when it completed with an
 * error, unless WUDF_DEVCTL_F_STATUS asks for every completion in status. A request interrupted
 * by a signal is cancelled in the driver and fails with EINTR either way.
 */
#ifndef OPENWUDF_DEVCTL_H
#define OPENWUDF_DEVCTL_H

#include <stdint.h>
#ifdef __linux__
#include <linux/ioctl.h>
#endif

#define WUDF_DEVCTL_DATA_MAX 8192u

/* Report error completions in status too (ioctl() then returns 0); errno only for the ioctl
 * itself failing (EINVAL, EINTR, the device gone). */
#define WUDF_DEVCTL_F_STATUS 0x1u

struct wudf_devctl {
    uint32_t ioctl_code;     /* in: the Windows IOCTL code (CTL_CODE) */
    uint32_t input_length;   /* in: input bytes at the start of data, <= WUDF_DEVCTL_DATA_MAX */
    uint32_t output_length;  /* in: output buffer the driver may fill, <= WUDF_DEVCTL_DATA_MAX */
    uint32_t flags;          /* in: WUDF_DEVCTL_F_*; other bits must be 0 */
    int32_t status;          /* out: the NTSTATUS the request completed with */
    uint32_t reserved;       /* must be 0 */
    uint64_t information;    /* out: IoStatus.Information, the output bytes returned */
    uint8_t data[WUDF_DEVCTL_DATA_MAX]; /* in: input bytes; out: output bytes, then zeros */
};

#ifdef __cplusplus
static_assert(sizeof(struct wudf_devctl) == 32 + WUDF_DEVCTL_DATA_MAX, "wudf_devctl layout");
#else
_Static_assert(sizeof(struct wudf_devctl) == 32 + WUDF_DEVCTL_DATA_MAX, "wudf_devctl layout");
#endif

#ifdef __linux__
/* 'W' 0xA1: the command encodes the struct's size (_IOC_SIZE limit 16 KiB) and both directions. */
#define WUDF_DEVCTL _IOWR('W', 0xA1, struct wudf_devctl)
#endif

#endif
