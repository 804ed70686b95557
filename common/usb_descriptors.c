/*
 * Device and configuration descriptor checks (usb_descriptors.h). Every read
 * is preceded by a length check against the bytes that are left, so a lying
 * bLength, wTotalLength or count ends in an error naming the offset, never in
 * a read past the buffer.
 */
#include "usb_descriptors.h"

#include <stdlib.h>
#include <string.h>

#define TYPE_DEVICE 0x01
#define TYPE_CONFIGURATION 0x02
#define TYPE_INTERFACE 0x04
#define TYPE_ENDPOINT 0x05

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

int wudf_usb_parse_device_descriptor(const uint8_t *data, size_t size, wudf_usb_device_info *info, wudf_error *err)
{
    if (!data || size < WUDF_USB_DEVICE_DESCRIPTOR_SIZE)
        return wudf_error_set(err, WUDF_EINVAL, "device descriptor: %lu bytes, 18 needed", (unsigned long)size);
    if (data[0] != WUDF_USB_DEVICE_DESCRIPTOR_SIZE || data[1] != TYPE_DEVICE)
        return wudf_error_set(err, WUDF_EINVAL, "device descriptor: bLength %u, bDescriptorType 0x%02x (18, 0x01 expected)",
                              data[0], data[1]);
    uint8_t mp0 = data[7];
    /* USB 3 devices give the exponent (9: 512 bytes) in bMaxPacketSize0. */
    if (mp0 != 8 && mp0 != 16 && mp0 != 32 && mp0 != 64 && mp0 != 9)
        return wudf_error_set(err, WUDF_EINVAL, "device descriptor: bMaxPacketSize0 %u is not a valid size", mp0);
    if (data[17] == 0)
        return wudf_error_set(err, WUDF_EINVAL, "device descriptor: bNumConfigurations is 0");
    info->bcd_usb = le16(data + 2);
    info->max_packet0 = mp0;
    info->vendor_id = le16(data + 8);
    info->product_id = le16(data + 10);
    info->configuration_count = data[17];
    return 0;
}

void wudf_usb_config_free(wudf_usb_config *config)
{
    if (!config)
        return;
    free(config->settings);
    free(config->endpoints);
    memset(config, 0, sizeof *config);
}

/* The parse in progress: what the descriptors said so far. */
typedef struct walk {
    wudf_usb_config *config;
    uint8_t numbers[WUDF_USB_MAX_INTERFACES];  /* distinct interface numbers, in order */
    size_t interfaces;
    wudf_error *err;
} walk;

/* The setting endpoint descriptors attach to: the last interface descriptor seen. */
static wudf_usb_setting *current(const walk *w)
{
    const wudf_usb_config *c = w->config;
    return c->setting_count ? &c->settings[c->setting_count - 1] : NULL;
}

static int check_endpoint_count(const walk *w)
{
    const wudf_usb_setting *s = current(w);
    if (s && s->endpoint_count != s->descriptor[4])
        return wudf_error_set(w->err, WUDF_EINVAL, "interface %u setting %u declares %u endpoints, has %u",
                              s->interface_number, s->alternate_setting, s->descriptor[4], s->endpoint_count);
    return 0;
}

static int add_setting(walk *w, const uint8_t *d, size_t offset)
{
    wudf_usb_config *c = w->config;
    if (d[0] < WUDF_USB_INTERFACE_DESCRIPTOR_SIZE)
        return wudf_error_set(w->err, WUDF_EINVAL, "interface descriptor at offset %lu: bLength %u, 9 needed",
                              (unsigned long)offset, d[0]);
    if (c->setting_count >= WUDF_USB_MAX_SETTINGS)
        return wudf_error_set(w->err, WUDF_ETOOBIG, "more than %u interface descriptors", WUDF_USB_MAX_SETTINGS);
    int rc = check_endpoint_count(w);
    if (rc)
        return rc;
    uint8_t number = d[2], alternate = d[3];
    if (d[4] > WUDF_USB_MAX_ENDPOINTS)
        return wudf_error_set(w->err, WUDF_EINVAL, "interface %u setting %u: bNumEndpoints %u (at most %u)", number,
                              alternate, d[4], WUDF_USB_MAX_ENDPOINTS);
    /* A new interface number starts an interface; an old one may only continue the current one. */
    if (!w->interfaces || w->numbers[w->interfaces - 1] != number) {
        for (size_t i = 0; i < w->interfaces; i++)
            if (w->numbers[i] == number)
                return wudf_error_set(w->err, WUDF_EINVAL,
                                      "interface %u at offset %lu: its settings are split by another interface", number,
                                      (unsigned long)offset);
        if (w->interfaces >= WUDF_USB_MAX_INTERFACES)
            return wudf_error_set(w->err, WUDF_ETOOBIG, "more than %u interfaces", WUDF_USB_MAX_INTERFACES);
        w->numbers[w->interfaces++] = number;
    } else {
        for (size_t i = 0; i < c->setting_count; i++)
            if (c->settings[i].interface_number == number && c->settings[i].alternate_setting == alternate)
                return wudf_error_set(w->err, WUDF_EINVAL, "interface %u setting %u appears twice", number, alternate);
    }
    wudf_usb_setting *grown = realloc(c->settings, (c->setting_count + 1) * sizeof *grown);
    if (!grown)
        return wudf_error_set(w->err, WUDF_ENOMEM, "out of memory for interface descriptors");
    c->settings = grown;
    wudf_usb_setting *s = &c->settings[c->setting_count++];
    memset(s, 0, sizeof *s);
    memcpy(s->descriptor, d, WUDF_USB_INTERFACE_DESCRIPTOR_SIZE);
    s->descriptor[0] = WUDF_USB_INTERFACE_DESCRIPTOR_SIZE; /* a longer one is handed out as the standard 9 bytes */
    s->interface_number = number;
    s->alternate_setting = alternate;
    s->first_endpoint = c->endpoint_count;
    return 0;
}

static int add_endpoint(walk *w, const uint8_t *d, size_t offset)
{
    wudf_usb_config *c = w->config;
    wudf_usb_setting *s = current(w);
    if (d[0] < WUDF_USB_ENDPOINT_DESCRIPTOR_SIZE)
        return wudf_error_set(w->err, WUDF_EINVAL, "endpoint descriptor at offset %lu: bLength %u, 7 needed",
                              (unsigned long)offset, d[0]);
    if (!s)
        return wudf_error_set(w->err, WUDF_EINVAL, "endpoint descriptor at offset %lu before any interface",
                              (unsigned long)offset);
    if (s->endpoint_count >= s->descriptor[4])
        return wudf_error_set(w->err, WUDF_EINVAL, "interface %u setting %u declares %u endpoints, has more",
                              s->interface_number, s->alternate_setting, s->descriptor[4]);
    uint8_t address = d[2], attributes = d[3];
    uint16_t max_packet = (uint16_t)(le16(d + 4) & 0x7ff);
    if ((address & 0x0f) == 0 || (address & 0x70))
        return wudf_error_set(w->err, WUDF_EINVAL, "endpoint at offset %lu: bEndpointAddress 0x%02x is not valid",
                              (unsigned long)offset, address);
    /* Bulk and interrupt pipes move nothing with a zero packet size: refuse what no transfer could use. */
    if ((attributes & 3) >= 2 && max_packet == 0)
        return wudf_error_set(w->err, WUDF_EINVAL, "endpoint 0x%02x: wMaxPacketSize is 0", address);
    for (size_t i = 0; i < s->endpoint_count; i++)
        if (c->endpoints[s->first_endpoint + i].address == address)
            return wudf_error_set(w->err, WUDF_EINVAL, "interface %u setting %u: endpoint 0x%02x appears twice",
                                  s->interface_number, s->alternate_setting, address);
    wudf_usb_endpoint *grown = realloc(c->endpoints, (c->endpoint_count + 1) * sizeof *grown);
    if (!grown)
        return wudf_error_set(w->err, WUDF_ENOMEM, "out of memory for endpoint descriptors");
    c->endpoints = grown;
    wudf_usb_endpoint *e = &c->endpoints[c->endpoint_count++];
    e->address = address;
    e->attributes = attributes;
    e->max_packet = max_packet;
    e->interval = d[6];
    s->endpoint_count++;
    return 0;
}

static int walk_descriptors(walk *w, const uint8_t *data, size_t total)
{
    size_t offset = data[0];
    while (offset < total) {
        const uint8_t *d = data + offset;
        size_t left = total - offset;
        if (left < 2)
            return wudf_error_set(w->err, WUDF_EINVAL, "descriptor at offset %lu: 1 byte left, no room for a header",
                                  (unsigned long)offset);
        if (d[0] < 2 || d[0] > left)
            return wudf_error_set(w->err, WUDF_EINVAL, "descriptor at offset %lu: bLength %u with %lu bytes left",
                                  (unsigned long)offset, d[0], (unsigned long)left);
        int rc = 0;
        if (d[1] == TYPE_INTERFACE)
            rc = add_setting(w, d, offset);
        else if (d[1] == TYPE_ENDPOINT)
            rc = add_endpoint(w, d, offset);
        else if (d[1] == TYPE_CONFIGURATION || d[1] == TYPE_DEVICE)
            rc = wudf_error_set(w->err, WUDF_EINVAL, "descriptor at offset %lu: a second %s descriptor",
                                (unsigned long)offset, d[1] == TYPE_DEVICE ? "device" : "configuration");
        /* Class-specific, association and companion descriptors: skipped, their length checked above. */
        if (rc)
            return rc;
        offset += d[0];
    }
    return 0;
}

int wudf_usb_parse_config(const uint8_t *data, size_t size, wudf_usb_config *config, wudf_error *err)
{
    memset(config, 0, sizeof *config);
    if (!data || size < WUDF_USB_CONFIG_DESCRIPTOR_SIZE)
        return wudf_error_set(err, WUDF_EINVAL, "configuration descriptor: %lu bytes, at least 9 needed",
                              (unsigned long)size);
    if (data[1] != TYPE_CONFIGURATION || data[0] < WUDF_USB_CONFIG_DESCRIPTOR_SIZE)
        return wudf_error_set(err, WUDF_EINVAL, "configuration descriptor: bLength %u, bDescriptorType 0x%02x", data[0],
                              data[1]);
    size_t total = le16(data + 2);
    if (total < data[0])
        return wudf_error_set(err, WUDF_EINVAL, "configuration descriptor: wTotalLength %lu is less than bLength %u",
                              (unsigned long)total, data[0]);
    if (total > size)
        return wudf_error_set(err, WUDF_EINVAL, "configuration descriptor: wTotalLength %lu, only %lu bytes received",
                              (unsigned long)total, (unsigned long)size);
    if (data[4] == 0 || data[4] > WUDF_USB_MAX_INTERFACES)
        return wudf_error_set(err, WUDF_EINVAL, "configuration descriptor: bNumInterfaces %u (1..%u)", data[4],
                              WUDF_USB_MAX_INTERFACES);
    config->total_length = (uint16_t)total;
    config->interface_count = data[4];
    config->value = data[5];
    config->attributes = data[7];
    config->max_power = data[8];
    walk w = {config, {0}, 0, err};
    int rc = walk_descriptors(&w, data, total);
    if (!rc)
        rc = check_endpoint_count(&w);
    if (!rc && w.interfaces != config->interface_count)
        rc = wudf_error_set(err, WUDF_EINVAL, "configuration descriptor: bNumInterfaces %u, %lu interfaces found",
                            config->interface_count, (unsigned long)w.interfaces);
    if (rc)
        wudf_usb_config_free(config);
    return rc;
}

int wudf_usb_config_interface(const wudf_usb_config *config, size_t index, size_t *first, size_t *count)
{
    size_t seen = 0;
    for (size_t i = 0; i < config->setting_count; i++) {
        if (i > 0 && config->settings[i].interface_number == config->settings[i - 1].interface_number)
            continue;
        if (seen++ != index)
            continue;
        size_t n = 1;
        while (i + n < config->setting_count &&
               config->settings[i + n].interface_number == config->settings[i].interface_number)
            n++;
        *first = i;
        *count = n;
        return 0;
    }
    return -1;
}

int wudf_usb_check_config(const uint8_t *data, size_t size)
{
    wudf_usb_config config;
    int rc = wudf_usb_parse_config(data, size, &config, NULL);
    if (!rc)
        wudf_usb_config_free(&config);
    return rc ? -1 : 0;
}
