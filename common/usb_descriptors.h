/*
 * USB descriptors as a device sends them, checked before anything uses them:
 * a device is untrusted input. Pure functions over bytes (no libusb, no
 * framework), so unit tests and fuzzers call them directly.
 */
#ifndef OPENWUDF_COMMON_USB_DESCRIPTORS_H
#define OPENWUDF_COMMON_USB_DESCRIPTORS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define WUDF_USB_DEVICE_DESCRIPTOR_SIZE 18u
#define WUDF_USB_CONFIG_DESCRIPTOR_SIZE 9u
#define WUDF_USB_INTERFACE_DESCRIPTOR_SIZE 9u
#define WUDF_USB_ENDPOINT_DESCRIPTOR_SIZE 7u

/* Hard limits: beyond them a configuration is refused, whatever it claims. */
#define WUDF_USB_MAX_INTERFACES 32u   /* distinct bInterfaceNumber values */
#define WUDF_USB_MAX_SETTINGS 256u    /* interface descriptors (all alternate settings) */
#define WUDF_USB_MAX_ENDPOINTS 30u    /* per alternate setting: 15 IN + 15 OUT */

/* The fields of a device descriptor the host uses. */
typedef struct wudf_usb_device_info {
    uint16_t bcd_usb;
    uint8_t max_packet0;
    uint16_t vendor_id;
    uint16_t product_id;
    uint8_t configuration_count;
} wudf_usb_device_info;

typedef struct wudf_usb_endpoint {
    uint8_t address;      /* bEndpointAddress: bit 7 set = IN */
    uint8_t attributes;   /* bmAttributes: bits 0-1 the transfer type */
    uint16_t max_packet;  /* wMaxPacketSize, bits 0-10 (the packet size) */
    uint8_t interval;
} wudf_usb_endpoint;

/* One interface descriptor: an alternate setting of an interface. */
typedef struct wudf_usb_setting {
    uint8_t descriptor[WUDF_USB_INTERFACE_DESCRIPTOR_SIZE];  /* as sent (bLength reads 9) */
    uint8_t interface_number;
    uint8_t alternate_setting;
    uint8_t endpoint_count;
    size_t first_endpoint;  /* index into wudf_usb_config.endpoints */
} wudf_usb_setting;

typedef struct wudf_usb_config {
    uint8_t value;            /* bConfigurationValue */
    uint8_t attributes;
    uint8_t max_power;
    uint8_t interface_count;  /* bNumInterfaces, checked against the interfaces found */
    uint16_t total_length;
    size_t setting_count;
    wudf_usb_setting *settings;  /* in descriptor order */
    size_t endpoint_count;
    wudf_usb_endpoint *endpoints;
} wudf_usb_config;

/* Checks an 18-byte device descriptor; fills info. */
int wudf_usb_parse_device_descriptor(const uint8_t *data, size_t size, wudf_usb_device_info *info, wudf_error *err);

/*
 * Walks a configuration descriptor and what follows it (wTotalLength bytes,
 * which must all be in data): every bLength fits what is left, interface and
 * endpoint descriptors have their full size, each setting has exactly
 * bNumEndpoints endpoints with distinct addresses, and the distinct interface
 * numbers are exactly bNumInterfaces, each interface's settings adjacent. Bytes past wTotalLength are ignored.
 * Never reads outside data[0..size). Free config with wudf_usb_config_free.
 */
int wudf_usb_parse_config(const uint8_t *data, size_t size, wudf_usb_config *config, wudf_error *err);
void wudf_usb_config_free(wudf_usb_config *config);

/*
 * The alternate settings of the index-th interface (in descriptor order, as
 * RetrieveUsbInterface counts them): *count settings from settings[*first].
 * The parser refuses a configuration that splits an interface's settings.
 */
int wudf_usb_config_interface(const wudf_usb_config *config, size_t index, size_t *first, size_t *count);

/* Fuzzer entry: 0 when data is a valid configuration descriptor, -1 otherwise. */
int wudf_usb_check_config(const uint8_t *data, size_t size);

#endif
