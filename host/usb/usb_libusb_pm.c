/*
 * Selective suspend through libusb (wudf_usb_libusb_backend's bus_power). libusb has no call for it. On
 * Linux, usbfs has runtime power management of its own (kernel 5.4 and later): USBDEVFS_ALLOW_SUSPEND
 * lets the kernel suspend the device (once its autosuspend delay has passed, when its power/control is
 * "auto"), USBDEVFS_FORBID_SUSPEND resumes it and keeps it resumed. The ioctls go to the descriptor
 * libusb opened for the device, found as the one its open added to libusb's poll set. Elsewhere
 * (libusb's WinUSB backend) there is nothing to ask.
 */
/* Before the UMDF headers, which make "interface" a keyword that usbdevice_fs.h uses as a name. */
#if defined(__linux__)
#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#endif

#include "usb_internal.h"

#include <stdio.h>
#include <string.h>

#if defined(__linux__) && defined(USBDEVFS_ALLOW_SUSPEND)

size_t wudf_libusb_pm_snapshot(libusb_context *ctx, int *fds, size_t max)
{
    const struct libusb_pollfd **list = libusb_get_pollfds(ctx);
    size_t n = 0;
    for (size_t i = 0; list && list[i] && n < max; i++)
        fds[n++] = list[i]->fd;
    libusb_free_pollfds(list);
    return n;
}

void wudf_libusb_pm_found(wudf_usb *usb, const int *before, size_t count)
{
    int after[WUDF_LIBUSB_PM_FDS];
    size_t n = wudf_libusb_pm_snapshot(usb->ctx, after, WUDF_LIBUSB_PM_FDS);
    int found = -1, many = count >= WUDF_LIBUSB_PM_FDS; /* a full snapshot may have missed some */
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < count && before[j] != after[i])
            j++;
        if (j < count)
            continue;
        many |= found >= 0; /* keeps the full-snapshot doubt set above */
        found = after[i];
    }
    uint32_t caps = 0;
    usb->usbfs_fd = many ? -1 : found;
    usb->usbfs_suspend = usb->usbfs_fd >= 0 && ioctl(usb->usbfs_fd, USBDEVFS_GET_CAPABILITIES, &caps) == 0 &&
                         (caps & USBDEVFS_CAP_SUSPEND);
}

int wudf_libusb_bus_power(wudf_usb *usb, int suspend, char *why, size_t size)
{
    if (usb->usbfs_fd < 0) {
        snprintf(why, size, "libusb's descriptor for the device was not found");
        return 0;
    }
    if (!usb->usbfs_suspend) {
        snprintf(why, size, "this kernel's usbfs has no runtime power management (USBDEVFS_CAP_SUSPEND)");
        return 0;
    }
    if (ioctl(usb->usbfs_fd, suspend ? USBDEVFS_ALLOW_SUSPEND : USBDEVFS_FORBID_SUSPEND) < 0) {
        snprintf(why, size, "%s: %s", suspend ? "USBDEVFS_ALLOW_SUSPEND" : "USBDEVFS_FORBID_SUSPEND", strerror(errno));
        return -1;
    }
    return 1;
}

#else

size_t wudf_libusb_pm_snapshot(libusb_context *ctx, int *fds, size_t max)
{
    (void)ctx;
    (void)fds;
    (void)max;
    return 0;
}

void wudf_libusb_pm_found(wudf_usb *usb, const int *before, size_t count)
{
    (void)before;
    (void)count;
    usb->usbfs_fd = -1;
}

int wudf_libusb_bus_power(wudf_usb *usb, int suspend, char *why, size_t size)
{
    (void)usb;
    (void)suspend;
    snprintf(why, size, "libusb cannot suspend a device on this platform");
    return 0;
}

#endif
