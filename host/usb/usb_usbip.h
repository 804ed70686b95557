/*
 * Inside host/usb/: a device imported over USB/IP. usb_usbip_link.c is the
 * connection (its thread, the import, the URBs on the wire); usb_usbip.c is
 * the backend the targets call (wudf_usb_usbip_backend), built on it.
 */
#ifndef OPENWUDF_HOST_USB_USBIP_H
#define OPENWUDF_HOST_USB_USBIP_H

#include "usb_internal.h"

/* Connects to the server keys name and imports the device (usb->usbip, usb->speed): 0, or -1 with *status and
 * message; wudf_usbip_link_close undoes either. */
int wudf_usbip_link_open(wudf_usb *usb, const usb_keys *keys, NTSTATUS *status, char *message, size_t size);
void wudf_usbip_link_close(wudf_usb *usb);

/* A transfer the link can carry (the link's own bookkeeping rides in the same allocation). */
struct libusb_transfer *wudf_usbip_transfer_alloc(void);
void wudf_usbip_transfer_free(struct libusb_transfer *transfer);
/* Queues it for the wire: its callback runs once, on the link's thread. 0 or a LIBUSB_ERROR_*. */
int wudf_usbip_link_submit(wudf_usb *usb, struct libusb_transfer *transfer);
/* Asks for it to end (CMD_UNLINK): 0, or LIBUSB_ERROR_NOT_FOUND when it already has. */
int wudf_usbip_link_cancel(wudf_usb *usb, struct libusb_transfer *transfer);

/* Whether the caller is the link's thread (which must never wait for a transfer). */
int wudf_usbip_link_on_own_thread(wudf_usb *usb);
/* bConfigurationValue from the import reply. */
uint8_t wudf_usbip_link_configuration(wudf_usb *usb);

#endif
