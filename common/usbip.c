/*
 * The USB/IP codec (usbip.h): big-endian loads and stores over caller-owned bytes. Decoders look at a
 * field only after checking that the bytes holding it were given, and refuse counts and lengths beyond
 * the hard limits before anything is sized by them.
 */
#include "usbip.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Offsets in one exported device (WUDF_USBIP_DEVICE_SIZE bytes). */
#define DEVICE_BUSID WUDF_USBIP_PATH_SIZE
#define DEVICE_BUSNUM (DEVICE_BUSID + WUDF_USBIP_BUSID_SIZE)
#define DEVICE_DEVNUM (DEVICE_BUSNUM + 4)
#define DEVICE_SPEED (DEVICE_DEVNUM + 4)
#define DEVICE_VENDOR (DEVICE_SPEED + 4)
#define DEVICE_PRODUCT (DEVICE_VENDOR + 2)
#define DEVICE_BCD (DEVICE_PRODUCT + 2)
#define DEVICE_CLASS (DEVICE_BCD + 2)

/* Offsets in a URB-phase header: the basic header, then the command's own fields. */
#define HEADER_SPECIFIC 20u

/* Sets err and returns -1, the decoders' refusal. */
static int refuse(wudf_error *err, wudf_errc code, const char *fmt, ...) WUDF_PRINTF(3, 4);
static int refuse(wudf_error *err, wudf_errc code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

uint32_t wudf_usbip_devid(const wudf_usbip_device *device)
{
    return device->busnum << 16 | (device->devnum & 0xffffu);
}

void wudf_usbip_op_encode(uint8_t out[WUDF_USBIP_OP_HEADER_SIZE], uint16_t code, uint32_t status)
{
    put16(out, WUDF_USBIP_VERSION);
    put16(out + 2, code);
    put32(out + 4, status);
}

int wudf_usbip_op_decode(const uint8_t in[WUDF_USBIP_OP_HEADER_SIZE], uint16_t *code, uint32_t *status,
                         wudf_error *err)
{
    uint16_t version = be16(in);
    if (version != WUDF_USBIP_VERSION)
        return refuse(err, WUDF_EPROTO, "usbip: protocol version 0x%04x, 0x%04x expected", version,
                                 WUDF_USBIP_VERSION);
    *code = be16(in + 2);
    *status = be32(in + 4);
    return 0;
}

/* A decoded operation header that must carry code; 0, or -1 (err). */
static int op_expect(const uint8_t *in, uint16_t expected, uint32_t *status, wudf_error *err)
{
    uint16_t code;
    if (wudf_usbip_op_decode(in, &code, status, err))
        return -1;
    if (code != expected)
        return refuse(err, WUDF_EPROTO, "usbip: operation 0x%04x, 0x%04x expected", code, expected);
    return 0;
}

/* Copies a NUL-padded field into a C string; 0, or -1 (err) when the field has no NUL. */
static int string_decode(char *out, const uint8_t *in, size_t size, const char *what, wudf_error *err)
{
    const uint8_t *nul = memchr(in, 0, size);
    if (!nul)
        return refuse(err, WUDF_EPROTO, "usbip: the %s fills its %lu bytes without a terminating NUL",
                                 what, (unsigned long)size);
    memset(out, 0, size);
    memcpy(out, in, (size_t)(nul - in));
    return 0;
}

/* 1 when text and its NUL fit in size bytes. */
static int string_fits(const char *text, size_t size)
{
    return memchr(text, 0, size) != NULL;
}

/* A C string into a NUL-padded field of size bytes; 0 when it does not fit with its NUL. */
static int string_encode(uint8_t *out, const char *text, size_t size)
{
    if (!string_fits(text, size))
        return 0;
    size_t length = strlen(text);
    memset(out, 0, size);
    memcpy(out, text, length);
    return 1;
}

size_t wudf_usbip_devlist_request_encode(uint8_t *out, size_t size)
{
    if (size < WUDF_USBIP_OP_HEADER_SIZE)
        return 0;
    wudf_usbip_op_encode(out, WUDF_USBIP_OP_REQ_DEVLIST, 0);
    return WUDF_USBIP_OP_HEADER_SIZE;
}

size_t wudf_usbip_import_request_encode(uint8_t *out, size_t size, const char *busid)
{
    if (size < WUDF_USBIP_IMPORT_REQUEST_SIZE || !busid)
        return 0;
    if (!string_encode(out + WUDF_USBIP_OP_HEADER_SIZE, busid, WUDF_USBIP_BUSID_SIZE))
        return 0;
    wudf_usbip_op_encode(out, WUDF_USBIP_OP_REQ_IMPORT, 0);
    return WUDF_USBIP_IMPORT_REQUEST_SIZE;
}

int wudf_usbip_import_request_decode(const uint8_t *in, size_t length, char busid[WUDF_USBIP_BUSID_SIZE],
                                     wudf_error *err)
{
    uint32_t status;
    if (length < WUDF_USBIP_IMPORT_REQUEST_SIZE)
        return refuse(err, WUDF_EPROTO, "usbip: import request of %lu bytes, %u expected",
                                 (unsigned long)length, WUDF_USBIP_IMPORT_REQUEST_SIZE);
    if (op_expect(in, WUDF_USBIP_OP_REQ_IMPORT, &status, err))
        return -1;
    return string_decode(busid, in + WUDF_USBIP_OP_HEADER_SIZE, WUDF_USBIP_BUSID_SIZE, "busid", err);
}

/* One device without its interfaces, from WUDF_USBIP_DEVICE_SIZE bytes; 0, or -1 (err). */
static int device_decode(const uint8_t *in, wudf_usbip_device *device, wudf_error *err)
{
    wudf_usbip_device d;
    memset(&d, 0, sizeof d);
    if (string_decode(d.path, in, WUDF_USBIP_PATH_SIZE, "device path", err) ||
        string_decode(d.busid, in + DEVICE_BUSID, WUDF_USBIP_BUSID_SIZE, "busid", err))
        return -1;
    d.busnum = be32(in + DEVICE_BUSNUM);
    d.devnum = be32(in + DEVICE_DEVNUM);
    d.speed = be32(in + DEVICE_SPEED);
    d.vendor = be16(in + DEVICE_VENDOR);
    d.product = be16(in + DEVICE_PRODUCT);
    d.bcd_device = be16(in + DEVICE_BCD);
    const uint8_t *b = in + DEVICE_CLASS;
    d.device_class = b[0];
    d.device_subclass = b[1];
    d.device_protocol = b[2];
    d.configuration_value = b[3];
    d.configuration_count = b[4];
    d.interface_count = b[5];
    if (d.interface_count > WUDF_USBIP_MAX_INTERFACES)
        return refuse(err, WUDF_ETOOBIG, "usbip: device %s claims %u interfaces, at most %u accepted",
                                 d.busid, d.interface_count, WUDF_USBIP_MAX_INTERFACES);
    *device = d;
    return 0;
}

static void device_encode(uint8_t *out, const wudf_usbip_device *d)
{
    string_encode(out, d->path, WUDF_USBIP_PATH_SIZE);
    string_encode(out + DEVICE_BUSID, d->busid, WUDF_USBIP_BUSID_SIZE);
    put32(out + DEVICE_BUSNUM, d->busnum);
    put32(out + DEVICE_DEVNUM, d->devnum);
    put32(out + DEVICE_SPEED, d->speed);
    put16(out + DEVICE_VENDOR, d->vendor);
    put16(out + DEVICE_PRODUCT, d->product);
    put16(out + DEVICE_BCD, d->bcd_device);
    uint8_t *b = out + DEVICE_CLASS;
    b[0] = d->device_class;
    b[1] = d->device_subclass;
    b[2] = d->device_protocol;
    b[3] = d->configuration_value;
    b[4] = d->configuration_count;
    b[5] = d->interface_count;
}

/* What device_encode can write faithfully: both strings fit with their NUL, the interfaces within the limit. */
static int device_encodable(const wudf_usbip_device *d)
{
    return string_fits(d->path, WUDF_USBIP_PATH_SIZE) && string_fits(d->busid, WUDF_USBIP_BUSID_SIZE) &&
           d->interface_count <= WUDF_USBIP_MAX_INTERFACES;
}

int wudf_usbip_devlist_reply_decode(const uint8_t *in, size_t length, wudf_usbip_device *devices, size_t max,
                                    size_t *count, size_t *used, wudf_error *err)
{
    uint32_t status;
    if (length < WUDF_USBIP_OP_HEADER_SIZE)
        return 1;
    if (op_expect(in, WUDF_USBIP_OP_REP_DEVLIST, &status, err))
        return -1;
    if (status != WUDF_USBIP_ST_OK)
        return refuse(err, WUDF_EPROTO, "usbip: the server refused the device list: %s (%u)",
                                 wudf_usbip_op_status_name(status), status);
    size_t at = WUDF_USBIP_OP_HEADER_SIZE;
    if (length < at + 4)
        return 1;
    uint32_t n = be32(in + at);
    at += 4;
    if (n > WUDF_USBIP_MAX_DEVICES || n > max)
        return refuse(err, WUDF_ETOOBIG, "usbip: the server lists %lu devices, at most %lu accepted",
                                 (unsigned long)n, (unsigned long)(max < WUDF_USBIP_MAX_DEVICES ? max : WUDF_USBIP_MAX_DEVICES));
    for (uint32_t i = 0; i < n; i++) {
        if (length - at < WUDF_USBIP_DEVICE_SIZE)
            return 1;
        if (device_decode(in + at, &devices[i], err))
            return -1;
        at += WUDF_USBIP_DEVICE_SIZE;
        size_t interfaces = devices[i].interface_count;
        if (length - at < interfaces * WUDF_USBIP_INTERFACE_SIZE)
            return 1;
        for (size_t k = 0; k < interfaces; k++, at += WUDF_USBIP_INTERFACE_SIZE) {
            devices[i].interfaces[k].cls = in[at];
            devices[i].interfaces[k].subclass = in[at + 1];
            devices[i].interfaces[k].protocol = in[at + 2];
        }
    }
    *count = n;
    *used = at;
    return 0;
}

int wudf_usbip_import_reply_decode(const uint8_t *in, size_t length, uint32_t *status, wudf_usbip_device *device,
                                   size_t *used, wudf_error *err)
{
    uint32_t st;
    if (length < WUDF_USBIP_OP_HEADER_SIZE)
        return 1;
    if (op_expect(in, WUDF_USBIP_OP_REP_IMPORT, &st, err))
        return -1;
    if (st != WUDF_USBIP_ST_OK) {
        *status = st;
        *used = WUDF_USBIP_OP_HEADER_SIZE;
        return 0;
    }
    if (length < WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_DEVICE_SIZE)
        return 1;
    if (device_decode(in + WUDF_USBIP_OP_HEADER_SIZE, device, err))
        return -1;
    *status = st;
    *used = WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_DEVICE_SIZE;
    return 0;
}

size_t wudf_usbip_devlist_reply_encode(uint8_t *out, size_t size, const wudf_usbip_device *devices, size_t count)
{
    if (count > WUDF_USBIP_MAX_DEVICES)
        return 0;
    size_t need = WUDF_USBIP_OP_HEADER_SIZE + 4;
    for (size_t i = 0; i < count; i++) {
        if (!device_encodable(&devices[i]))
            return 0;
        need += WUDF_USBIP_DEVICE_SIZE + (size_t)devices[i].interface_count * WUDF_USBIP_INTERFACE_SIZE;
    }
    if (size < need)
        return 0;
    wudf_usbip_op_encode(out, WUDF_USBIP_OP_REP_DEVLIST, WUDF_USBIP_ST_OK);
    put32(out + WUDF_USBIP_OP_HEADER_SIZE, (uint32_t)count);
    size_t at = WUDF_USBIP_OP_HEADER_SIZE + 4;
    for (size_t i = 0; i < count; i++) {
        device_encode(out + at, &devices[i]);
        at += WUDF_USBIP_DEVICE_SIZE;
        for (size_t k = 0; k < devices[i].interface_count; k++, at += WUDF_USBIP_INTERFACE_SIZE) {
            out[at] = devices[i].interfaces[k].cls;
            out[at + 1] = devices[i].interfaces[k].subclass;
            out[at + 2] = devices[i].interfaces[k].protocol;
            out[at + 3] = 0;
        }
    }
    return at;
}

size_t wudf_usbip_import_reply_encode(uint8_t *out, size_t size, uint32_t status, const wudf_usbip_device *device)
{
    if (status != WUDF_USBIP_ST_OK) {
        if (size < WUDF_USBIP_OP_HEADER_SIZE)
            return 0;
        wudf_usbip_op_encode(out, WUDF_USBIP_OP_REP_IMPORT, status);
        return WUDF_USBIP_OP_HEADER_SIZE;
    }
    if (!device || size < WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_DEVICE_SIZE || !device_encodable(device))
        return 0;
    wudf_usbip_op_encode(out, WUDF_USBIP_OP_REP_IMPORT, status);
    device_encode(out + WUDF_USBIP_OP_HEADER_SIZE, device);
    return WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_DEVICE_SIZE;
}

void wudf_usbip_header_encode(uint8_t out[WUDF_USBIP_HEADER_SIZE], const wudf_usbip_header *h)
{
    memset(out, 0, WUDF_USBIP_HEADER_SIZE);
    put32(out, h->command);
    put32(out + 4, h->seqnum);
    put32(out + 8, h->devid);
    put32(out + 12, h->direction);
    put32(out + 16, h->ep);
    uint8_t *s = out + HEADER_SPECIFIC;
    switch (h->command) {
    case WUDF_USBIP_CMD_SUBMIT:
        put32(s, h->transfer_flags);
        put32(s + 4, h->transfer_length);
        put32(s + 8, (uint32_t)h->start_frame);
        put32(s + 12, h->number_of_packets);
        put32(s + 16, h->interval);
        memcpy(s + 20, h->setup, sizeof h->setup);
        break;
    case WUDF_USBIP_RET_SUBMIT:
        put32(s, (uint32_t)h->status);
        put32(s + 4, h->actual_length);
        put32(s + 8, (uint32_t)h->start_frame);
        put32(s + 12, h->number_of_packets);
        put32(s + 16, h->error_count);
        break;
    case WUDF_USBIP_CMD_UNLINK:
        put32(s, h->unlink_seqnum);
        break;
    case WUDF_USBIP_RET_UNLINK:
        put32(s, (uint32_t)h->status);
        break;
    default:
        break;
    }
}

/* Checks what a submit or its reply says about its size and kind; 0, or -1 (err). */
static int transfer_check(const wudf_usbip_header *h, uint32_t length, const char *what, wudf_error *err)
{
    if (length > WUDF_USBIP_MAX_TRANSFER)
        return refuse(err, WUDF_ETOOBIG, "usbip: seqnum %u: %s of %lu bytes, at most %lu accepted",
                                 h->seqnum, what, (unsigned long)length, (unsigned long)WUDF_USBIP_MAX_TRANSFER);
    if (h->number_of_packets != 0 && h->number_of_packets != WUDF_USBIP_NOT_ISO)
        return refuse(err, WUDF_EPROTO,
                                 "usbip: seqnum %u: isochronous transfer (%u packets), which UMDF 1 has no use for",
                                 h->seqnum, h->number_of_packets);
    return 0;
}

int wudf_usbip_header_decode(const uint8_t in[WUDF_USBIP_HEADER_SIZE], wudf_usbip_header *header, wudf_error *err)
{
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    h.command = be32(in);
    h.seqnum = be32(in + 4);
    h.devid = be32(in + 8);
    h.direction = be32(in + 12);
    h.ep = be32(in + 16);
    if (h.direction != WUDF_USBIP_DIR_OUT && h.direction != WUDF_USBIP_DIR_IN)
        return refuse(err, WUDF_EPROTO, "usbip: seqnum %u: direction %u, 0 or 1 expected", h.seqnum,
                                 h.direction);
    if (h.ep > 15)
        return refuse(err, WUDF_EPROTO, "usbip: seqnum %u: endpoint %u, at most 15", h.seqnum, h.ep);
    const uint8_t *s = in + HEADER_SPECIFIC;
    switch (h.command) {
    case WUDF_USBIP_CMD_SUBMIT:
        h.transfer_flags = be32(s);
        h.transfer_length = be32(s + 4);
        h.start_frame = (int32_t)be32(s + 8);
        h.number_of_packets = be32(s + 12);
        h.interval = be32(s + 16);
        memcpy(h.setup, s + 20, sizeof h.setup);
        if (transfer_check(&h, h.transfer_length, "transfer", err))
            return -1;
        break;
    case WUDF_USBIP_RET_SUBMIT:
        h.status = (int32_t)be32(s);
        h.actual_length = be32(s + 4);
        h.start_frame = (int32_t)be32(s + 8);
        h.number_of_packets = be32(s + 12);
        h.error_count = be32(s + 16);
        if (transfer_check(&h, h.actual_length, "reply", err))
            return -1;
        break;
    case WUDF_USBIP_CMD_UNLINK:
        h.unlink_seqnum = be32(s);
        break;
    case WUDF_USBIP_RET_UNLINK:
        h.status = (int32_t)be32(s);
        break;
    default:
        return refuse(err, WUDF_EPROTO, "usbip: seqnum %u: unknown command %u", h.seqnum, h.command);
    }
    *header = h;
    return 0;
}

const char *wudf_usbip_status_name(int32_t status)
{
    static const struct {
        int32_t status;
        const char *name;
    } names[] = {
        {0, "ok"},
        {WUDF_USBIP_ENOENT, "unlinked (synchronously)"},
        {WUDF_USBIP_ENODEV, "no device"},
        {WUDF_USBIP_EPIPE, "stall"},
        {WUDF_USBIP_EPROTO, "protocol error"},
        {WUDF_USBIP_EOVERFLOW, "overflow"},
        {WUDF_USBIP_EILSEQ, "CRC or bit-stuffing error"},
        {WUDF_USBIP_ECONNRESET, "unlinked"},
        {WUDF_USBIP_ESHUTDOWN, "device shut down"},
        {WUDF_USBIP_ETIMEDOUT, "timed out"},
        {WUDF_USBIP_EREMOTEIO, "short packet"},
    };
    static _Thread_local char other[24];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].status == status)
            return names[i].name;
    snprintf(other, sizeof other, "errno %ld", (long)status);
    return other;
}

const char *wudf_usbip_op_status_name(uint32_t status)
{
    static const char *const names[] = {"ok", "not available", "device busy", "device error", "no device", "error"};
    return status < sizeof names / sizeof names[0] ? names[status] : "unknown status";
}

/* A port in decimal, 1 to 65535; 0, or -1 (err). */
static int port_parse(const char *text, const char *whole, unsigned *port, wudf_error *err)
{
    unsigned long value = 0;
    if (!*text)
        return refuse(err, WUDF_EINVAL, "usbip server \"%s\": empty port", whole);
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || value > 65535)
            return refuse(err, WUDF_EINVAL, "usbip server \"%s\": the port must be a number from 1 to 65535",
                                     whole);
        value = value * 10 + (unsigned long)(*p - '0');
    }
    if (value < 1 || value > 65535)
        return refuse(err, WUDF_EINVAL, "usbip server \"%s\": the port must be a number from 1 to 65535",
                                 whole);
    *port = (unsigned)value;
    return 0;
}

/* Copies length bytes of a host name; 0, or -1 (err) when empty, too long or holding a character no host has. */
static int host_copy(const char *start, size_t length, char *host, size_t host_size, const char *whole,
                     wudf_error *err)
{
    if (length == 0)
        return refuse(err, WUDF_EINVAL, "usbip server \"%s\": no host (HOST[:PORT] or [IPv6][:PORT])",
                                 whole);
    if (length >= host_size)
        return refuse(err, WUDF_ETOOBIG, "usbip server \"%s\": host longer than %lu characters", whole,
                                 (unsigned long)(host_size ? host_size - 1 : 0));
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)start[i];
        if (c <= ' ' || c >= 0x7f || c == '/' || c == '[' || c == ']' || c == '@')
            return refuse(err, WUDF_EINVAL, "usbip server \"%s\": character 0x%02x is not allowed in a host",
                                     whole, c);
    }
    memcpy(host, start, length);
    host[length] = '\0';
    return 0;
}

int wudf_usbip_parse_server(const char *text, char *host, size_t host_size, unsigned *port, wudf_error *err)
{
    if (!text || !host)
        return refuse(err, WUDF_EINVAL, "usbip server: none given");
    const char *host_start = text, *port_text = NULL;
    size_t host_length;
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close)
            return refuse(err, WUDF_EINVAL, "usbip server \"%s\": '[' without its ']'", text);
        host_start = text + 1;
        host_length = (size_t)(close - host_start);
        if (close[1] == ':')
            port_text = close + 2;
        else if (close[1] != '\0')
            return refuse(err, WUDF_EINVAL, "usbip server \"%s\": only \":PORT\" may follow ']'", text);
    } else {
        const char *colon = strchr(text, ':');
        if (colon && strchr(colon + 1, ':'))
            return refuse(err, WUDF_EINVAL,
                                     "usbip server \"%s\": an IPv6 address goes in brackets: [ADDRESS]:PORT", text);
        host_length = colon ? (size_t)(colon - text) : strlen(text);
        if (colon)
            port_text = colon + 1;
    }
    unsigned p = WUDF_USBIP_PORT;
    if (port_text && port_parse(port_text, text, &p, err))
        return -1;
    if (host_copy(host_start, host_length, host, host_size, text, err))
        return -1;
    *port = p;
    return 0;
}
