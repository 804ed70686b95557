/*
 * USB plug and play in the reflector: the devices libusb sees, matched to
 * the driver packages installed for USB hardware ids, each bound to a
 * devnode whose host opens the device by bus and address.
 */
#ifndef OPENWUDF_REFLECTOR_USB_PNP_H
#define OPENWUDF_REFLECTOR_USB_PNP_H

#include <stddef.h>
#include <stdint.h>

#define WUDF_USB_ID_MAX 64
#define WUDF_USB_IDS 5

typedef struct wudf_usb_identity {
    uint16_t vid, pid, rev;
    uint8_t cls, subclass, protocol; /* the device's, or its first interface's when the device says 0 */
    uint8_t bus, address;
    char port_path[32];              /* "1-2.3" */
    char serial[64];                 /* "" when the device has none */
} wudf_usb_identity;

/* Hardware ids then compatible ids, most specific first; returns how many (at most max). */
size_t wudf_usb_ids(const wudf_usb_identity *u, char ids[][WUDF_USB_ID_MAX], size_t max);
/* USB\VID_xxxx&PID_xxxx\<serial or port path>. */
void wudf_usb_instance_id(const wudf_usb_identity *u, char *buf, size_t size);

#endif
