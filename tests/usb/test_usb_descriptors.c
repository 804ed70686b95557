/*
 * The descriptor checks of common/usb_descriptors.c: a device's descriptors are untrusted input. Every
 * case runs on an exactly sized heap copy, so a read past the end is an AddressSanitizer failure, not
 * a silent pass; malformed descriptors must be refused with a message that says what is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "usb_descriptors.h"

/* The OSR USB-FX2: interface 0 with two alternate settings of three endpoints each. */
static const uint8_t kit_config[] = {
    0x09, 0x02, 0x45, 0x00, 0x01, 0x01, 0x00, 0xa0, 0x32,
    0x09, 0x04, 0x00, 0x00, 0x03, 0xff, 0x00, 0x00, 0x00,
    0x07, 0x05, 0x81, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x05, 0x02, 0x02, 0x00, 0x02, 0x00,
    0x07, 0x05, 0x86, 0x02, 0x00, 0x02, 0x00,
    0x09, 0x04, 0x00, 0x01, 0x03, 0xff, 0x00, 0x00, 0x00,
    0x07, 0x05, 0x81, 0x03, 0x01, 0x00, 0x01,
    0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,
    0x07, 0x05, 0x86, 0x02, 0x40, 0x00, 0x00,
};
static const uint8_t kit_device[18] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x47, 0x05, 0x02, 0x10, 0x00, 0x00, 0x01, 0x02, 0x00, 0x01,
};

/* Parses an exact heap copy of data (nothing readable past its end). */
static int parse_copy(const uint8_t *data, size_t size, wudf_usb_config *config, wudf_error *err)
{
    uint8_t *copy = malloc(size ? size : 1);
    assert_non_null(copy);
    if (size)
        memcpy(copy, data, size);
    int rc = wudf_usb_parse_config(size ? copy : NULL, size, config, err);
    free(copy);
    return rc;
}

static void usb_descriptors_parse_the_kit_configuration(void **state)
{
    wudf_usb_config c;
    wudf_error err;
    assert_int_equal(parse_copy(kit_config, sizeof kit_config, &c, &err), 0);
    assert_int_equal(c.value, 1);
    assert_int_equal(c.interface_count, 1);
    assert_int_equal(c.total_length, sizeof kit_config);
    assert_int_equal(c.setting_count, 2);
    assert_int_equal(c.endpoint_count, 6);
    assert_int_equal(c.settings[1].alternate_setting, 1);
    assert_int_equal(c.settings[1].first_endpoint, 3);
    assert_int_equal(c.endpoints[0].address, 0x81);
    assert_int_equal(c.endpoints[0].attributes & 3, 3);
    assert_int_equal(c.endpoints[2].max_packet, 512);
    assert_int_equal(c.endpoints[5].max_packet, 64);
    size_t first = 99, count = 99;
    assert_int_equal(wudf_usb_config_interface(&c, 0, &first, &count), 0);
    assert_int_equal(first, 0);
    assert_int_equal(count, 2);
    assert_int_equal(wudf_usb_config_interface(&c, 1, &first, &count), -1);
    wudf_usb_config_free(&c);
}

static void usb_descriptors_ignore_bytes_past_wtotallength_and_skip_class_descriptors(void **state)
{
    /* A HID descriptor between interface and endpoint, then junk the device sent beyond wTotalLength. */
    static const uint8_t with_hid[] = {
        0x09, 0x02, 0x22, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
        0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00,
        0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x20, 0x00,
        0x07, 0x05, 0x81, 0x03, 0x08, 0x00, 0x0a,
        0xde, 0xad, 0x00,
    };
    wudf_usb_config c;
    wudf_error err;
    assert_int_equal(parse_copy(with_hid, sizeof with_hid, &c, &err), 0);
    assert_int_equal(c.setting_count, 1);
    assert_int_equal(c.endpoint_count, 1);
    assert_int_equal(c.endpoints[0].interval, 10);
    wudf_usb_config_free(&c);
}

static void usb_descriptors_check_the_device_descriptor(void **state)
{
    wudf_usb_device_info info;
    wudf_error err;
    assert_int_equal(wudf_usb_parse_device_descriptor(kit_device, sizeof kit_device, &info, &err), 0);
    assert_int_equal(info.vendor_id, 0x0547);
    assert_int_equal(info.product_id, 0x1002);
    assert_int_equal(info.max_packet0, 64);
    assert_int_equal(info.configuration_count, 1);

    uint8_t bad[18];
    memcpy(bad, kit_device, sizeof bad);
    assert_int_not_equal(wudf_usb_parse_device_descriptor(bad, 17, &info, &err), 0);
    assert_non_null(strstr(err.message, "17 bytes"));
    bad[7] = 63;
    assert_int_not_equal(wudf_usb_parse_device_descriptor(bad, sizeof bad, &info, &err), 0);
    assert_non_null(strstr(err.message, "bMaxPacketSize0 63"));
    memcpy(bad, kit_device, sizeof bad);
    bad[17] = 0;
    assert_int_not_equal(wudf_usb_parse_device_descriptor(bad, sizeof bad, &info, &err), 0);
    assert_non_null(strstr(err.message, "bNumConfigurations is 0"));
    memcpy(bad, kit_device, sizeof bad);
    bad[0] = 0x11;
    assert_int_not_equal(wudf_usb_parse_device_descriptor(bad, sizeof bad, &info, &err), 0);
    assert_non_null(strstr(err.message, "bLength 17"));
}

typedef struct malformed {
    const char *what;
    uint8_t bytes[80];
    size_t size;
    const char *message;  /* a part of the refusal's message */
} malformed;

#define CFG(total, interfaces) 0x09, 0x02, (total), 0x00, (interfaces), 0x01, 0x00, 0x80, 0x32
#define ITF(number, alt, endpoints) 0x09, 0x04, (number), (alt), (endpoints), 0xff, 0x00, 0x00, 0x00
#define EP(address, type, packet) 0x07, 0x05, (address), (type), (packet), 0x00, 0x01

static const malformed cases[] = {
    {"shorter than a configuration descriptor", {0x09, 0x02, 0x09, 0x00, 0x01}, 5, "5 bytes, at least 9"},
    {"not a configuration descriptor", {0x09, 0x04, 0x09, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32}, 9,
     "bDescriptorType 0x04"},
    {"bLength below 9", {0x08, 0x02, 0x09, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32}, 9, "bLength 8"},
    {"wTotalLength beyond what arrived", {CFG(0x20, 1), ITF(0, 0, 0)}, 18, "wTotalLength 32, only 18"},
    {"wTotalLength below bLength", {CFG(0x05, 1)}, 9, "wTotalLength 5 is less than bLength 9"},
    {"no interfaces", {CFG(0x09, 0)}, 9, "bNumInterfaces 0"},
    {"more than 32 interfaces", {CFG(0x09, 33)}, 9, "bNumInterfaces 33"},
    {"a zero bLength", {CFG(0x0c, 1), 0x00, 0x24, 0x00}, 12, "offset 9: bLength 0"},
    {"a bLength past the end", {CFG(0x0c, 1), 0x05, 0x24, 0x00}, 12, "offset 9: bLength 5 with 3 bytes left"},
    {"one byte left over", {CFG(0x13, 1), ITF(0, 0, 0), 0x01}, 19, "1 byte left"},
    {"a short interface descriptor", {CFG(0x11, 1), 0x08, 0x04, 0x00, 0x00, 0x00, 0xff, 0x00, 0x00}, 17,
     "interface descriptor at offset 9: bLength 8"},
    {"a short endpoint descriptor", {CFG(0x18, 1), ITF(0, 0, 1), 0x06, 0x05, 0x81, 0x02, 0x40, 0x00}, 24,
     "endpoint descriptor at offset 18: bLength 6"},
    {"an endpoint before any interface", {CFG(0x10, 1), EP(0x81, 2, 0x40)}, 16, "before any interface"},
    {"more endpoints than declared", {CFG(0x20, 1), ITF(0, 0, 1), EP(0x81, 2, 0x40), EP(0x02, 2, 0x40)}, 32,
     "declares 1 endpoints, has more"},
    {"fewer endpoints than declared", {CFG(0x19, 1), ITF(0, 0, 2), EP(0x81, 2, 0x40)}, 25,
     "declares 2 endpoints, has 1"},
    {"fewer endpoints before the next setting", {CFG(0x22, 1), ITF(0, 0, 2), EP(0x81, 2, 0x40), ITF(0, 1, 0)}, 34,
     "setting 0 declares 2 endpoints, has 1"},
    {"fewer interfaces than declared", {CFG(0x12, 2), ITF(0, 0, 0)}, 18, "bNumInterfaces 2, 1 interfaces found"},
    {"more interfaces than declared", {CFG(0x1b, 1), ITF(0, 0, 0), ITF(1, 0, 0)}, 27,
     "bNumInterfaces 1, 2 interfaces found"},
    {"too many endpoints", {CFG(0x12, 1), ITF(0, 0, 31)}, 18, "bNumEndpoints 31"},
    {"an endpoint twice", {CFG(0x20, 1), ITF(0, 0, 2), EP(0x81, 2, 0x40), EP(0x81, 3, 0x08)}, 32,
     "endpoint 0x81 appears twice"},
    {"endpoint 0", {CFG(0x19, 1), ITF(0, 0, 1), EP(0x80, 2, 0x40)}, 25, "bEndpointAddress 0x80"},
    {"reserved address bits", {CFG(0x19, 1), ITF(0, 0, 1), EP(0x91, 2, 0x40)}, 25, "bEndpointAddress 0x91"},
    {"a bulk endpoint of packet size 0", {CFG(0x19, 1), ITF(0, 0, 1), EP(0x81, 2, 0x00)}, 25, "wMaxPacketSize is 0"},
    {"an interface's settings split", {CFG(0x24, 2), ITF(0, 0, 0), ITF(1, 0, 0), ITF(0, 1, 0)}, 36,
     "settings are split"},
    {"a setting twice", {CFG(0x1b, 1), ITF(0, 0, 0), ITF(0, 0, 0)}, 27, "interface 0 setting 0 appears twice"},
    {"a second configuration descriptor", {CFG(0x1b, 1), ITF(0, 0, 0), CFG(0x09, 1)}, 27,
     "a second configuration descriptor"},
};

static void usb_descriptors_refuse_malformed_configurations(void **state)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wudf_usb_config c;
        wudf_error err;
        memset(&err, 0, sizeof err);
        if (parse_copy(cases[i].bytes, cases[i].size, &c, &err) == 0)
            fail_msg("accepted %s", cases[i].what);
        if (!strstr(err.message, cases[i].message))
            fail_msg("%s: message \"%s\" does not say \"%s\"", cases[i].what, err.message, cases[i].message);
        assert_null(c.settings); /* nothing left to free after a refusal */
        assert_null(c.endpoints);
        assert_int_equal(wudf_usb_check_config(cases[i].bytes, cases[i].size), -1);
    }
}

/* What the parser accepted is consistent: indexes in range, counts as declared. */
static void check_invariants(const wudf_usb_config *c)
{
    size_t endpoints = 0;
    assert_true(c->setting_count <= WUDF_USB_MAX_SETTINGS);
    for (size_t s = 0; s < c->setting_count; s++) {
        assert_int_equal(c->settings[s].first_endpoint, endpoints);
        assert_int_equal(c->settings[s].endpoint_count, c->settings[s].descriptor[4]);
        assert_true(c->settings[s].endpoint_count <= WUDF_USB_MAX_ENDPOINTS);
        endpoints += c->settings[s].endpoint_count;
    }
    assert_int_equal(endpoints, c->endpoint_count);
    size_t first, count, interfaces = 0;
    while (wudf_usb_config_interface(c, interfaces, &first, &count) == 0) {
        assert_true(first + count <= c->setting_count);
        interfaces++;
    }
    assert_int_equal(interfaces, c->interface_count);
}

/* Every truncation and every single-byte change of a real configuration: refused or consistent. */
static void usb_descriptors_survive_every_truncation_and_byte_change(void **state)
{
    uint8_t mutated[sizeof kit_config];
    size_t accepted = 0, refused = 0;
    for (size_t size = 0; size <= sizeof kit_config; size++) {
        wudf_usb_config c;
        if (parse_copy(kit_config, size, &c, NULL) == 0) {
            check_invariants(&c);
            wudf_usb_config_free(&c);
            accepted++;
        } else {
            refused++;
        }
    }
    assert_int_equal(accepted, 1); /* only the whole descriptor */
    for (size_t at = 0; at < sizeof kit_config; at++) {
        for (unsigned value = 0; value < 256; value++) {
            memcpy(mutated, kit_config, sizeof mutated);
            mutated[at] = (uint8_t)value;
            wudf_usb_config c;
            if (parse_copy(mutated, sizeof mutated, &c, NULL) == 0) {
                check_invariants(&c);
                wudf_usb_config_free(&c);
                accepted++;
            } else {
                refused++;
            }
        }
    }
    assert_true(refused > 0);
    assert_true(accepted > sizeof kit_config); /* the unchanged bytes and harmless changes pass */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(usb_descriptors_parse_the_kit_configuration),
        cmocka_unit_test(usb_descriptors_ignore_bytes_past_wtotallength_and_skip_class_descriptors),
        cmocka_unit_test(usb_descriptors_check_the_device_descriptor),
        cmocka_unit_test(usb_descriptors_refuse_malformed_configurations),
        cmocka_unit_test(usb_descriptors_survive_every_truncation_and_byte_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
