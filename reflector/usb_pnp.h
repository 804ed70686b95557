/*
 * USB plug and play in the reflector: the devices libusb sees (usb_pnp.c)
 * and those USB/IP servers export (usbip_pnp.c), matched to the driver
 * packages installed for USB hardware ids, each bound to a devnode
 * (usb_bind.c) whose host opens the device by bus and address, or imports
 * it from its server.
 */
#ifndef OPENWUDF_REFLECTOR_USB_PNP_H
#define OPENWUDF_REFLECTOR_USB_PNP_H

#include <stddef.h>
#include <stdint.h>

#define WUDF_USB_ID_MAX 64
#define WUDF_USB_IDS 5
/* "HOST:PORT" or "[IPv6]:PORT" of a USB/IP server. */
#define WUDF_USBIP_SERVER_MAX 272

typedef struct wudf_usb_identity {
    uint16_t vid, pid, rev;
    uint8_t cls, subclass, protocol; /* the device's, or its first interface's when the device says 0 */
    uint8_t bus, address;
    char port_path[32];              /* "1-2.3" */
    char serial[64];                 /* "" when the device has none */
    /* A device a USB/IP server exports: the server and the device's bus id there; "" for a local one. */
    char usbip_server[WUDF_USBIP_SERVER_MAX];
    char busid[32];
} wudf_usb_identity;

/* Hardware ids then compatible ids, most specific first; returns how many (at most max). */
size_t wudf_usb_ids(const wudf_usb_identity *u, char ids[][WUDF_USB_ID_MAX], size_t max);
/* USB\VID_xxxx&PID_xxxx\<serial or port path>; for a device over USB/IP
 * USB\VID_xxxx&PID_xxxx\USBIP_<host>_<port>_<busid>. */
void wudf_usb_instance_id(const wudf_usb_identity *u, char *buf, size_t size);

/* usb_bind.c: what an identified device does to the device tree, whoever saw it. */
typedef enum wudf_usb_arrival {
    WUDF_USB_ARRIVED,   /* its devnode is present now (new, or back) */
    WUDF_USB_KNOWN,     /* its devnode was present already */
    WUDF_USB_NO_DRIVER, /* no installed package matches it */
    WUDF_USB_BUSY       /* its devnode's previous host still lets go: try again later */
} wudf_usb_arrival;

/* The device u is there: bound to a devnode if none has it yet, made present, its host started.
 * quiet_no_driver: the caller logged already that no package matches it. seen_by goes into the log. */
wudf_usb_arrival wudf_usb_arrive(const wudf_usb_identity *u, const char *seen_by, int quiet_no_driver);

#endif
