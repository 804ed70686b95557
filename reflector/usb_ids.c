/*
 * Windows-style identifiers of a USB device, as the USB hub driver reports
 * them: hardware ids (most specific first), compatible ids from the class
 * codes, and the instance id (serial number, else the port path; a USB/IP
 * device's names its server and bus id there).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "usb_pnp.h"

size_t wudf_usb_ids(const wudf_usb_identity *u, char ids[][WUDF_USB_ID_MAX], size_t max)
{
    size_t n = 0;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (n < max)                                                                               \
            snprintf(ids[n++], WUDF_USB_ID_MAX, __VA_ARGS__);                                      \
    } while (0)
    ADD("USB\\VID_%04X&PID_%04X&REV_%04X", u->vid, u->pid, u->rev);
    ADD("USB\\VID_%04X&PID_%04X", u->vid, u->pid);
    ADD("USB\\Class_%02X&SubClass_%02X&Prot_%02X", u->cls, u->subclass, u->protocol);
    ADD("USB\\Class_%02X&SubClass_%02X", u->cls, u->subclass);
    ADD("USB\\Class_%02X", u->cls);
#undef ADD
    return n;
}

void wudf_usb_instance_id(const wudf_usb_identity *u, char *buf, size_t size)
{
    /* A serial number names the device wherever it is plugged; without one, its port does. A device
     * over USB/IP is named by where it is exported (its serial number, read only once imported, is not
     * known here): USBIP_<host>_<port>_<busid>. Only characters an instance id may hold are kept (no
     * backslash in the last part: ':', '[' and ']' become '_'). */
    char where[sizeof u->usbip_server + sizeof u->busid + 8], suffix[128];
    const char *from = u->serial[0] ? u->serial : u->port_path;
    if (u->usbip_server[0]) {
        snprintf(where, sizeof where, "USBIP_%s_%s", u->usbip_server, u->busid);
        from = where;
    }
    size_t k = 0;
    for (size_t i = 0; from[i] && k + 1 < sizeof suffix; i++) {
        unsigned char c = (unsigned char)from[i];
        suffix[k++] = isalnum(c) || c == '-' || c == '.' || c == '_' ? (char)toupper(c) : '_';
    }
    suffix[k] = '\0';
    snprintf(buf, size, "USB\\VID_%04X&PID_%04X\\%s", u->vid, u->pid, k ? suffix : "0");
}
