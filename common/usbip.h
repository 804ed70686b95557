/*
 * USB/IP, the protocol of Linux's usbip (usbipd, usbip-host, vhci-hcd): a
 * client asks a server for the USB devices it exports (OP_REQ_DEVLIST),
 * imports one (OP_REQ_IMPORT), and from then on the same TCP connection
 * carries that device's URBs (USBIP_CMD_SUBMIT / USBIP_RET_SUBMIT, and
 * USBIP_CMD_UNLINK / USBIP_RET_UNLINK to cancel one). Every field is
 * big-endian on the wire.
 *
 * Pure functions over bytes, like usb_descriptors.h: the reflector (device
 * lists), the host (a device's URBs) and the simulated kit (the server side)
 * share them, and unit tests and fuzzers call them directly. A server is
 * untrusted input: decoders check every size and count against the bytes
 * given and the hard limits below.
 */
#ifndef OPENWUDF_COMMON_USBIP_H
#define OPENWUDF_COMMON_USBIP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define WUDF_USBIP_PORT 3240u       /* usbipd's default TCP port */
#define WUDF_USBIP_VERSION 0x0111u  /* the protocol version every usbip speaks */

/* ---- The setup phase: operations (8-byte header: version, code, status) ---- */

#define WUDF_USBIP_OP_REQ_DEVLIST 0x8005u
#define WUDF_USBIP_OP_REP_DEVLIST 0x0005u
#define WUDF_USBIP_OP_REQ_IMPORT 0x8003u
#define WUDF_USBIP_OP_REP_IMPORT 0x0003u

#define WUDF_USBIP_OP_HEADER_SIZE 8u
#define WUDF_USBIP_BUSID_SIZE 32u   /* "1-2.3", NUL-padded */
#define WUDF_USBIP_PATH_SIZE 256u   /* the device's sysfs path on the server */
#define WUDF_USBIP_DEVICE_SIZE 312u /* one exported device, without its interfaces */
#define WUDF_USBIP_INTERFACE_SIZE 4u
#define WUDF_USBIP_IMPORT_REQUEST_SIZE (WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_BUSID_SIZE)

/* Hard limits: a device list or device beyond them is refused, whatever it claims. */
#define WUDF_USBIP_MAX_DEVICES 64u
#define WUDF_USBIP_MAX_INTERFACES 32u

/* Server status of an OP_REP_*: 0 is success; usbipd's others. */
#define WUDF_USBIP_ST_OK 0u
#define WUDF_USBIP_ST_NA 1u       /* the device is not available (already imported, or unknown) */
#define WUDF_USBIP_ST_DEV_BUSY 2u
#define WUDF_USBIP_ST_DEV_ERR 3u
#define WUDF_USBIP_ST_NODEV 4u
#define WUDF_USBIP_ST_ERROR 5u

/* USB speeds as usbip reports them (Linux's enum usb_device_speed). */
enum wudf_usbip_speed {
    WUDF_USBIP_SPEED_UNKNOWN = 0,
    WUDF_USBIP_SPEED_LOW = 1,
    WUDF_USBIP_SPEED_FULL = 2,
    WUDF_USBIP_SPEED_HIGH = 3,
    WUDF_USBIP_SPEED_WIRELESS = 4,
    WUDF_USBIP_SPEED_SUPER = 5,
    WUDF_USBIP_SPEED_SUPER_PLUS = 6
};

typedef struct wudf_usbip_interface {
    uint8_t cls, subclass, protocol;
} wudf_usbip_interface;

/* One exported device as the server describes it. Strings are NUL-terminated after decoding. */
typedef struct wudf_usbip_device {
    char path[WUDF_USBIP_PATH_SIZE];
    char busid[WUDF_USBIP_BUSID_SIZE];
    uint32_t busnum, devnum, speed;
    uint16_t vendor, product, bcd_device;
    uint8_t device_class, device_subclass, device_protocol;
    uint8_t configuration_value, configuration_count, interface_count;
    /* Only in a device list (an import reply carries none): interface_count of them. */
    wudf_usbip_interface interfaces[WUDF_USBIP_MAX_INTERFACES];
} wudf_usbip_device;

/* The devid a device's URBs carry: busnum << 16 | devnum. */
uint32_t wudf_usbip_devid(const wudf_usbip_device *device);

/* An 8-byte operation header. */
void wudf_usbip_op_encode(uint8_t out[WUDF_USBIP_OP_HEADER_SIZE], uint16_t code, uint32_t status);
/* 0 with *code and *status; -1 (err) when the version is not 0x0111. */
int wudf_usbip_op_decode(const uint8_t in[WUDF_USBIP_OP_HEADER_SIZE], uint16_t *code, uint32_t *status,
                         wudf_error *err);

/* OP_REQ_DEVLIST (a header alone) and OP_REQ_IMPORT (header + busid): the bytes written, at most size;
 * 0 when size is too small or busid too long. */
size_t wudf_usbip_devlist_request_encode(uint8_t *out, size_t size);
size_t wudf_usbip_import_request_encode(uint8_t *out, size_t size, const char *busid);
/* Server side of an import request: the whole WUDF_USBIP_IMPORT_REQUEST_SIZE bytes. -1 (err) for a wrong code,
 * version, or a busid without its NUL. */
int wudf_usbip_import_request_decode(const uint8_t *in, size_t length, char busid[WUDF_USBIP_BUSID_SIZE],
                                     wudf_error *err);

/*
 * Replies. Decoders take the bytes received so far: 0 when they hold a whole reply (*used says how many
 * bytes it took), 1 when more bytes are needed, -1 (err) when they can never be a valid reply (wrong code or
 * version, a count beyond the limits, an unterminated string). A server status other than OK in an import
 * reply is a whole reply (*status set, device untouched); in a device list it is an error.
 */
int wudf_usbip_devlist_reply_decode(const uint8_t *in, size_t length, wudf_usbip_device *devices, size_t max,
                                    size_t *count, size_t *used, wudf_error *err);
int wudf_usbip_import_reply_decode(const uint8_t *in, size_t length, uint32_t *status, wudf_usbip_device *device,
                                   size_t *used, wudf_error *err);
/* Server side: the bytes written, at most size; 0 when they do not fit. */
size_t wudf_usbip_devlist_reply_encode(uint8_t *out, size_t size, const wudf_usbip_device *devices, size_t count);
size_t wudf_usbip_import_reply_encode(uint8_t *out, size_t size, uint32_t status, const wudf_usbip_device *device);

/* ---- The URB phase: 48-byte headers, then the payload ---- */

#define WUDF_USBIP_CMD_SUBMIT 1u
#define WUDF_USBIP_CMD_UNLINK 2u
#define WUDF_USBIP_RET_SUBMIT 3u
#define WUDF_USBIP_RET_UNLINK 4u

#define WUDF_USBIP_HEADER_SIZE 48u
#define WUDF_USBIP_DIR_OUT 0u
#define WUDF_USBIP_DIR_IN 1u
/* The largest transfer either side accepts (a bigger length is a protocol error, not an allocation). */
#define WUDF_USBIP_MAX_TRANSFER (16u * 1024u * 1024u)
/* number_of_packets of a transfer that is not isochronous (isochronous transfers are refused: UMDF 1
 * has none). */
#define WUDF_USBIP_NOT_ISO 0xffffffffu

/* transfer_flags: Linux's URB flags, the ones that matter on the wire. */
#define WUDF_USBIP_URB_SHORT_NOT_OK 0x0001u
#define WUDF_USBIP_URB_ZERO_PACKET 0x0040u
#define WUDF_USBIP_URB_DIR_IN 0x0200u

/* URB status: Linux's negative errno values, whatever the platform's errno numbers are. */
#define WUDF_USBIP_ENOENT (-2)       /* unlinked (synchronously) */
#define WUDF_USBIP_ENODEV (-19)
#define WUDF_USBIP_EPIPE (-32)       /* stall */
#define WUDF_USBIP_EPROTO (-71)
#define WUDF_USBIP_EOVERFLOW (-75)
#define WUDF_USBIP_EILSEQ (-84)
#define WUDF_USBIP_ECONNRESET (-104) /* unlinked */
#define WUDF_USBIP_ESHUTDOWN (-108)  /* the device or its port went away */
#define WUDF_USBIP_ETIMEDOUT (-110)
#define WUDF_USBIP_EREMOTEIO (-121)  /* short packet with SHORT_NOT_OK */

/*
 * One URB-phase header. command, seqnum, devid, direction and ep are the basic header every message has;
 * the rest depends on the command:
 *   CMD_SUBMIT: transfer_flags, transfer_length, start_frame, number_of_packets, interval, setup;
 *               OUT data of transfer_length bytes follows when direction is OUT;
 *   RET_SUBMIT: status, actual_length, start_frame, number_of_packets, error_count;
 *               IN data of actual_length bytes follows when the command it answers was IN
 *               (Linux's usbip-host sends devid, direction and ep as 0 in replies);
 *   CMD_UNLINK: unlink_seqnum (the seqnum of the CMD_SUBMIT to cancel);
 *   RET_UNLINK: status (-ECONNRESET when it was unlinked, 0 when it had already completed).
 */
typedef struct wudf_usbip_header {
    uint32_t command, seqnum, devid, direction, ep;
    uint32_t transfer_flags;
    uint32_t transfer_length;
    int32_t start_frame;
    uint32_t number_of_packets;
    uint32_t interval;
    uint8_t setup[8];
    int32_t status;
    uint32_t actual_length;
    uint32_t error_count;
    uint32_t unlink_seqnum;
} wudf_usbip_header;

void wudf_usbip_header_encode(uint8_t out[WUDF_USBIP_HEADER_SIZE], const wudf_usbip_header *header);
/* 0, or -1 (err) for an unknown command, a direction other than 0/1, an endpoint above 15, a length above
 * WUDF_USBIP_MAX_TRANSFER, or an isochronous transfer (number_of_packets other than 0 and NOT_ISO). */
int wudf_usbip_header_decode(const uint8_t in[WUDF_USBIP_HEADER_SIZE], wudf_usbip_header *header, wudf_error *err);

/* A URB status as text for messages ("stall", "unlinked", "no device", or "errno -N"). */
const char *wudf_usbip_status_name(int32_t status);
/* A server status of an OP_REP_* as text ("ok", "not available", ...). */
const char *wudf_usbip_op_status_name(uint32_t status);

/* "HOST:PORT" or "HOST" (port 3240), "[v6]:PORT" too: 0 with host and port, -1 (err) when malformed. */
int wudf_usbip_parse_server(const char *text, char *host, size_t host_size, unsigned *port, wudf_error *err);

#endif
