/*
 * libFuzzer target for the USB/IP codec (common/usbip.c): any bytes a USB/IP server or client could
 * send, fed to every decoder. What decodes is encoded again and must decode to the same thing.
 * Built with -DOPENWUDF_FUZZ=ON and clang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "usbip.h"


static wudf_usbip_device devices[WUDF_USBIP_MAX_DEVICES];
static uint8_t again[WUDF_USBIP_OP_HEADER_SIZE + 4 +
                     WUDF_USBIP_MAX_DEVICES * (WUDF_USBIP_DEVICE_SIZE +
                                               WUDF_USBIP_MAX_INTERFACES * WUDF_USBIP_INTERFACE_SIZE)];

static void devlist(const uint8_t *data, size_t size)
{
    size_t count, used;
    if (wudf_usbip_devlist_reply_decode(data, size, devices, WUDF_USBIP_MAX_DEVICES, &count, &used, NULL) != 0)
        return;
    FUZZ_CHECK(used <= size);
    size_t n = wudf_usbip_devlist_reply_encode(again, sizeof again, devices, count);
    FUZZ_CHECK(n == used);
    size_t count2, used2;
    FUZZ_CHECK(wudf_usbip_devlist_reply_decode(again, n, devices, WUDF_USBIP_MAX_DEVICES, &count2, &used2, NULL) == 0);
    FUZZ_CHECK(count2 == count && used2 == n);
}

static void import_reply(const uint8_t *data, size_t size)
{
    uint32_t status;
    size_t used;
    wudf_usbip_device device;
    if (wudf_usbip_import_reply_decode(data, size, &status, &device, &used, NULL) != 0)
        return;
    FUZZ_CHECK(used <= size);
    FUZZ_CHECK(wudf_usbip_import_reply_encode(again, sizeof again, status, &device) == used);
}

static void urb_header(const uint8_t *data, size_t size)
{
    wudf_usbip_header h, h2;
    uint8_t out[WUDF_USBIP_HEADER_SIZE];
    if (size < WUDF_USBIP_HEADER_SIZE || wudf_usbip_header_decode(data, &h, NULL) != 0)
        return;
    FUZZ_CHECK(h.transfer_length <= WUDF_USBIP_MAX_TRANSFER && h.actual_length <= WUDF_USBIP_MAX_TRANSFER);
    wudf_usbip_header_encode(out, &h);
    FUZZ_CHECK(wudf_usbip_header_decode(out, &h2, NULL) == 0);
    FUZZ_CHECK(memcmp(&h, &h2, sizeof h) == 0);
    (void)wudf_usbip_status_name(h.status);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wudf_error err;
    if (size >= WUDF_USBIP_OP_HEADER_SIZE) {
        uint16_t code;
        uint32_t status;
        wudf_usbip_op_decode(data, &code, &status, &err);
    }
    char busid[WUDF_USBIP_BUSID_SIZE];
    if (wudf_usbip_import_request_decode(data, size, busid, &err) == 0)
        FUZZ_CHECK(strlen(busid) < WUDF_USBIP_BUSID_SIZE);
    devlist(data, size);
    import_reply(data, size);
    urb_header(data, size);
    /* The same bytes as a server address given on a command line. */
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
        char host[256];
        unsigned port;
        if (wudf_usbip_parse_server(text, host, sizeof host, &port, &err) == 0)
            FUZZ_CHECK(port >= 1 && port <= 65535 && host[0]);
        free(text);
    }
    return 0;
}
