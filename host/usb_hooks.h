/*
 * The USB targets (host/usb/) as the rest of the framework sees them: the
 * hooks it calls, nothing of libusb. Each is a no-op, or answers "not USB",
 * for a devnode without usb.* keys.
 */
#ifndef OPENWUDF_HOST_USB_H
#define OPENWUDF_HOST_USB_H

#include "framework.h"

typedef struct wudf_usb_format wudf_usb_format;

/* host.c: on the loop thread before it runs, and after it stopped. */
int wudf_usb_host_init(wudf_host *host, wudf_error *err);
void wudf_usb_host_cleanup(wudf_host *host);
/* pnp.c, DEVICE_START: opens the device the usb.* keys name. 0 when opened or when the devnode has no
 * usb.* keys; else *status and message say why. */
int wudf_usb_open(wudf_host *host, const wudf_kv *kv, NTSTATUS *status, char *message, size_t size);
/* pnp_stop.c, device teardown: cancel what was sent; close once the objects are gone. */
void wudf_usb_cancel_all(wudf_host *host);
void wudf_usb_close(wudf_host *host);
/* power.c: the device's bus as it leaves D0 (suspend 1) and before it re-enters D0 (selective suspend, as
 * Windows' hub driver suspends the port of a device in D1-D3). A device armed for wake (arm_wake) that can
 * signal it gets SET_FEATURE(DEVICE_REMOTE_WAKEUP) before the suspend and CLEAR_FEATURE after the resume, as
 * the hub driver arms it. state gets what the bus is now ("suspended", "active", or "not suspended: why"),
 * "" for a devnode without usb.* keys. */
void wudf_usb_bus_power(wudf_host *host, int suspend, int arm_wake, char *state, size_t size);
/* power.c, for a stack without a power policy owner: 1 when WinUSB's idle policy applies (usb_winusb_idle.c);
 * then *due_ms is when the device may be suspended (UINT64_MAX while a transfer keeps it busy) and *delay_ms
 * the SUSPEND_DELAY. Not called with the host lock held. */
int wudf_usb_winusb_idle(wudf_host *host, uint64_t *due_ms, unsigned *delay_ms);
/* device.c: QueryInterface(IID_IWDFUsbTargetFactory) on the device. */
HRESULT wudf_usb_factory_query(wudf_device *device, void **ppv);
/* request_send.c: the state of a USB target device or pipe (io_target_state.h), NULL for any other target;
 * sends reach wudf_usb_send through it. */
struct wudf_target_state *wudf_usb_target_state(IWDFIoTarget *target);
int wudf_usb_is_target(IWDFIoTarget *target);
HRESULT wudf_usb_send(wudf_request *request, IWDFIoTarget *target, ULONG flags, LONGLONG timeout);
/* request_methods.c / request_cancel.c: cancels the request if it is in flight at a USB target. */
BOOL wudf_usb_cancel_sent(wudf_request *request);
/* request.c: the request's cleanup drops what a USB target's Format* recorded. */
void wudf_usb_format_free(wudf_usb_format *format);

#endif
