/* The USB/IP codec (common/usbip.c): what a server may send is refused unless it is whole and within limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "usbip.h"

static wudf_usbip_device kit(void)
{
    wudf_usbip_device d;
    memset(&d, 0, sizeof d);
    strcpy(d.path, "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2");
    strcpy(d.busid, "1-2");
    d.busnum = 1;
    d.devnum = 5;
    d.speed = WUDF_USBIP_SPEED_HIGH;
    d.vendor = 0x0547;
    d.product = 0x1002;
    d.bcd_device = 0x0000;
    d.device_class = 0;
    d.configuration_value = 1;
    d.configuration_count = 1;
    d.interface_count = 2;
    d.interfaces[0].cls = 0xff;
    d.interfaces[1].cls = 0x03;
    d.interfaces[1].subclass = 0x01;
    d.interfaces[1].protocol = 0x02;
    return d;
}

static void operation_headers_are_big_endian_and_versioned(void **state)
{
    (void)state;
    uint8_t out[8];
    wudf_usbip_op_encode(out, WUDF_USBIP_OP_REP_IMPORT, 0x01020304);
    const uint8_t expected[8] = {0x01, 0x11, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04};
    assert_memory_equal(out, expected, 8);
    uint16_t code;
    uint32_t status;
    assert_int_equal(wudf_usbip_op_decode(out, &code, &status, NULL), 0);
    assert_int_equal(code, WUDF_USBIP_OP_REP_IMPORT);
    assert_int_equal(status, 0x01020304);

    out[1] = 0x06; /* version 0x0106, an old usbip */
    wudf_error err;
    assert_int_equal(wudf_usbip_op_decode(out, &code, &status, &err), -1);
    assert_int_equal(err.code, WUDF_EPROTO);
    assert_non_null(strstr(err.message, "version 0x0106"));
}

static void a_devlist_request_is_a_header(void **state)
{
    (void)state;
    uint8_t out[16];
    assert_int_equal(wudf_usbip_devlist_request_encode(out, 7), 0);
    assert_int_equal(wudf_usbip_devlist_request_encode(out, sizeof out), 8);
    const uint8_t expected[8] = {0x01, 0x11, 0x80, 0x05, 0, 0, 0, 0};
    assert_memory_equal(out, expected, 8);
}

static void an_import_request_round_trips(void **state)
{
    (void)state;
    uint8_t out[WUDF_USBIP_IMPORT_REQUEST_SIZE];
    assert_int_equal(wudf_usbip_import_request_encode(out, sizeof out, "1-2.3"), 40);
    assert_int_equal(out[2], 0x80);
    assert_int_equal(out[3], 0x03);
    char busid[WUDF_USBIP_BUSID_SIZE];
    assert_int_equal(wudf_usbip_import_request_decode(out, sizeof out, busid, NULL), 0);
    assert_string_equal(busid, "1-2.3");
    /* Too small a buffer, or a busid that leaves no room for its NUL. */
    assert_int_equal(wudf_usbip_import_request_encode(out, sizeof out - 1, "1-2"), 0);
    char long_busid[WUDF_USBIP_BUSID_SIZE + 1];
    memset(long_busid, '1', WUDF_USBIP_BUSID_SIZE);
    long_busid[WUDF_USBIP_BUSID_SIZE] = '\0';
    assert_int_equal(wudf_usbip_import_request_encode(out, sizeof out, long_busid), 0);
    long_busid[WUDF_USBIP_BUSID_SIZE - 1] = '\0';
    assert_int_equal(wudf_usbip_import_request_encode(out, sizeof out, long_busid), 40);
}

static void an_import_request_is_refused_when_wrong(void **state)
{
    (void)state;
    uint8_t in[WUDF_USBIP_IMPORT_REQUEST_SIZE];
    char busid[WUDF_USBIP_BUSID_SIZE];
    wudf_error err;
    assert_int_equal(wudf_usbip_import_request_encode(in, sizeof in, "1-2"), 40);
    assert_int_equal(wudf_usbip_import_request_decode(in, sizeof in - 1, busid, &err), -1);
    assert_int_equal(err.code, WUDF_EPROTO);

    memset(in + 8, 'x', WUDF_USBIP_BUSID_SIZE); /* unterminated busid */
    assert_int_equal(wudf_usbip_import_request_decode(in, sizeof in, busid, &err), -1);
    assert_non_null(strstr(err.message, "busid"));

    wudf_usbip_import_request_encode(in, sizeof in, "1-2");
    in[3] = 0x05; /* a devlist request's code */
    assert_int_equal(wudf_usbip_import_request_decode(in, sizeof in, busid, &err), -1);
    assert_non_null(strstr(err.message, "0x8005"));

    wudf_usbip_import_request_encode(in, sizeof in, "1-2");
    in[0] = 0x02;
    assert_int_equal(wudf_usbip_import_request_decode(in, sizeof in, busid, &err), -1);
    assert_non_null(strstr(err.message, "version"));
}

static void a_device_list_round_trips(void **state)
{
    (void)state;
    wudf_usbip_device sent[2] = {kit(), kit()};
    strcpy(sent[1].busid, "3-1.4");
    sent[1].busnum = 3;
    sent[1].devnum = 17;
    sent[1].interface_count = 0;
    uint8_t out[2048];
    size_t n = wudf_usbip_devlist_reply_encode(out, sizeof out, sent, 2);
    assert_int_equal(n, 8 + 4 + 312 + 2 * 4 + 312);
    /* The device's fields sit where usbip puts them. */
    assert_memory_equal(out + 12 + 256, "1-2", 4);
    const uint8_t ids[6] = {0x05, 0x47, 0x10, 0x02, 0x00, 0x00};
    assert_memory_equal(out + 12 + 300, ids, sizeof ids);
    assert_int_equal(out[12 + 311], 2);
    assert_int_equal(out[12 + 312 + 4], 0x03);

    wudf_usbip_device got[4];
    size_t count = 0, used = 0;
    assert_int_equal(wudf_usbip_devlist_reply_decode(out, n, got, 4, &count, &used, NULL), 0);
    assert_int_equal(count, 2);
    assert_int_equal(used, n);
    assert_string_equal(got[0].path, sent[0].path);
    assert_string_equal(got[0].busid, "1-2");
    assert_int_equal(got[0].busnum, 1);
    assert_int_equal(got[0].devnum, 5);
    assert_int_equal(got[0].speed, WUDF_USBIP_SPEED_HIGH);
    assert_int_equal(got[0].vendor, 0x0547);
    assert_int_equal(got[0].product, 0x1002);
    assert_int_equal(got[0].configuration_value, 1);
    assert_int_equal(got[0].interface_count, 2);
    assert_int_equal(got[0].interfaces[1].cls, 0x03);
    assert_int_equal(got[0].interfaces[1].subclass, 0x01);
    assert_int_equal(got[0].interfaces[1].protocol, 0x02);
    assert_string_equal(got[1].busid, "3-1.4");
    assert_int_equal(wudf_usbip_devid(&got[1]), 3u << 16 | 17u);
    assert_int_equal(got[1].interface_count, 0);

    /* An empty list; a buffer one byte short. */
    assert_int_equal(wudf_usbip_devlist_reply_encode(out, sizeof out, NULL, 0), 12);
    assert_int_equal(wudf_usbip_devlist_reply_decode(out, 12, got, 4, &count, &used, NULL), 0);
    assert_int_equal(count, 0);
    assert_int_equal(wudf_usbip_devlist_reply_encode(out, n - 1, sent, 2), 0);
}

static void a_device_list_needs_every_byte(void **state)
{
    (void)state;
    wudf_usbip_device sent[2] = {kit(), kit()};
    uint8_t out[2048];
    size_t n = wudf_usbip_devlist_reply_encode(out, sizeof out, sent, 2);
    assert_true(n > 0);
    wudf_usbip_device got[2];
    size_t count = 99, used = 99;
    for (size_t length = 0; length < n; length++)
        assert_int_equal(wudf_usbip_devlist_reply_decode(out, length, got, 2, &count, &used, NULL), 1);
    assert_int_equal(count, 99); /* untouched until whole */
    /* Bytes after the reply are not its. */
    assert_int_equal(wudf_usbip_devlist_reply_decode(out, sizeof out, got, 2, &count, &used, NULL), 0);
    assert_int_equal(used, n);
}

static void a_device_list_is_refused_when_wrong(void **state)
{
    (void)state;
    wudf_usbip_device sent = kit();
    uint8_t out[2048];
    size_t n = wudf_usbip_devlist_reply_encode(out, sizeof out, &sent, 1);
    wudf_usbip_device got[WUDF_USBIP_MAX_DEVICES];
    size_t count, used;
    wudf_error err;

    /* More devices than the limit, or than the caller has room for, even before their bytes came. */
    uint8_t many[12];
    memcpy(many, out, 8);
    const uint8_t too_many[4] = {0, 0, 0, WUDF_USBIP_MAX_DEVICES + 1};
    memcpy(many + 8, too_many, 4);
    assert_int_equal(wudf_usbip_devlist_reply_decode(many, sizeof many, got, WUDF_USBIP_MAX_DEVICES, &count, &used,
                                                     &err), -1);
    assert_int_equal(err.code, WUDF_ETOOBIG);
    const uint8_t huge[4] = {0xff, 0xff, 0xff, 0xff};
    memcpy(many + 8, huge, 4);
    assert_int_equal(wudf_usbip_devlist_reply_decode(many, sizeof many, got, WUDF_USBIP_MAX_DEVICES, &count, &used,
                                                     &err), -1);
    assert_int_equal(wudf_usbip_devlist_reply_decode(out, n, got, 0, &count, &used, &err), -1);
    assert_int_equal(err.code, WUDF_ETOOBIG);

    /* A device with more interfaces than the limit. */
    uint8_t bad[2048];
    memcpy(bad, out, n);
    bad[12 + 311] = WUDF_USBIP_MAX_INTERFACES + 1;
    assert_int_equal(wudf_usbip_devlist_reply_decode(bad, sizeof bad, got, 1, &count, &used, &err), -1);
    assert_int_equal(err.code, WUDF_ETOOBIG);
    assert_non_null(strstr(err.message, "interfaces"));

    /* Unterminated busid and path. */
    memcpy(bad, out, n);
    memset(bad + 12 + 256, '1', WUDF_USBIP_BUSID_SIZE);
    assert_int_equal(wudf_usbip_devlist_reply_decode(bad, n, got, 1, &count, &used, &err), -1);
    assert_non_null(strstr(err.message, "busid"));
    memcpy(bad, out, n);
    memset(bad + 12, '/', WUDF_USBIP_PATH_SIZE);
    assert_int_equal(wudf_usbip_devlist_reply_decode(bad, n, got, 1, &count, &used, &err), -1);
    assert_non_null(strstr(err.message, "path"));

    /* Wrong version, wrong code, and a server status other than OK. */
    memcpy(bad, out, n);
    bad[1] = 0x10;
    assert_int_equal(wudf_usbip_devlist_reply_decode(bad, n, got, 1, &count, &used, &err), -1);
    assert_int_equal(err.code, WUDF_EPROTO);
    memcpy(bad, out, n);
    bad[3] = 0x03;
    assert_int_equal(wudf_usbip_devlist_reply_decode(bad, n, got, 1, &count, &used, &err), -1);
    memcpy(bad, out, n);
    bad[7] = WUDF_USBIP_ST_ERROR;
    assert_int_equal(wudf_usbip_devlist_reply_decode(bad, n, got, 1, &count, &used, &err), -1);
    assert_non_null(strstr(err.message, "error"));

    /* The encoder will not write what it cannot write faithfully. */
    sent.interface_count = WUDF_USBIP_MAX_INTERFACES + 1;
    assert_int_equal(wudf_usbip_devlist_reply_encode(out, sizeof out, &sent, 1), 0);
    assert_int_equal(wudf_usbip_devlist_reply_encode(out, sizeof out, got, WUDF_USBIP_MAX_DEVICES + 1), 0);
}

static void an_import_reply_round_trips(void **state)
{
    (void)state;
    wudf_usbip_device sent = kit();
    uint8_t out[WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_DEVICE_SIZE];
    size_t n = wudf_usbip_import_reply_encode(out, sizeof out, WUDF_USBIP_ST_OK, &sent);
    assert_int_equal(n, 320);
    wudf_usbip_device got;
    uint32_t status = 99;
    size_t used;
    for (size_t length = 0; length < n; length++)
        assert_int_equal(wudf_usbip_import_reply_decode(out, length, &status, &got, &used, NULL), 1);
    assert_int_equal(wudf_usbip_import_reply_decode(out, n, &status, &got, &used, NULL), 0);
    assert_int_equal(status, WUDF_USBIP_ST_OK);
    assert_int_equal(used, 320);
    assert_string_equal(got.busid, "1-2");
    assert_int_equal(got.devnum, 5);
    assert_int_equal(got.vendor, 0x0547);
    assert_int_equal(got.interface_count, 2); /* the count, but no interfaces follow */
    assert_int_equal(wudf_usbip_import_reply_encode(out, n - 1, WUDF_USBIP_ST_OK, &sent), 0);
    assert_int_equal(wudf_usbip_import_reply_encode(out, n, WUDF_USBIP_ST_OK, NULL), 0);
}

static void a_refused_import_is_a_whole_reply(void **state)
{
    (void)state;
    uint8_t out[16];
    assert_int_equal(wudf_usbip_import_reply_encode(out, sizeof out, WUDF_USBIP_ST_NA, NULL), 8);
    wudf_usbip_device got;
    memset(&got, 0x5a, sizeof got);
    uint32_t status;
    size_t used;
    assert_int_equal(wudf_usbip_import_reply_decode(out, 7, &status, &got, &used, NULL), 1);
    assert_int_equal(wudf_usbip_import_reply_decode(out, 8, &status, &got, &used, NULL), 0);
    assert_int_equal(status, WUDF_USBIP_ST_NA);
    assert_int_equal(used, 8);
    assert_int_equal(got.devnum, 0x5a5a5a5a);
    assert_string_equal(wudf_usbip_op_status_name(status), "not available");
    assert_string_equal(wudf_usbip_op_status_name(77), "unknown status");
}

static void an_import_reply_is_refused_when_wrong(void **state)
{
    (void)state;
    wudf_usbip_device sent = kit();
    uint8_t out[WUDF_USBIP_OP_HEADER_SIZE + WUDF_USBIP_DEVICE_SIZE];
    size_t n = wudf_usbip_import_reply_encode(out, sizeof out, WUDF_USBIP_ST_OK, &sent);
    wudf_usbip_device got;
    uint32_t status;
    size_t used;
    wudf_error err;
    out[8 + 311] = 200;
    assert_int_equal(wudf_usbip_import_reply_decode(out, n, &status, &got, &used, &err), -1);
    assert_int_equal(err.code, WUDF_ETOOBIG);
    wudf_usbip_import_reply_encode(out, sizeof out, WUDF_USBIP_ST_OK, &sent);
    memset(out + 8 + 256, 'b', WUDF_USBIP_BUSID_SIZE);
    assert_int_equal(wudf_usbip_import_reply_decode(out, n, &status, &got, &used, &err), -1);
    wudf_usbip_import_reply_encode(out, sizeof out, WUDF_USBIP_ST_OK, &sent);
    out[3] = 0x05;
    assert_int_equal(wudf_usbip_import_reply_decode(out, n, &status, &got, &used, &err), -1);
    wudf_usbip_import_reply_encode(out, sizeof out, WUDF_USBIP_ST_OK, &sent);
    out[0] = 0;
    assert_int_equal(wudf_usbip_import_reply_decode(out, 8, &status, &got, &used, &err), -1);
}

static void urb_headers_round_trip(void **state)
{
    (void)state;
    uint8_t out[WUDF_USBIP_HEADER_SIZE];
    wudf_usbip_header h, got;

    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_CMD_SUBMIT;
    h.seqnum = 7;
    h.devid = 1u << 16 | 5u;
    h.direction = WUDF_USBIP_DIR_IN;
    h.ep = 0;
    h.transfer_flags = WUDF_USBIP_URB_DIR_IN;
    h.transfer_length = 18;
    h.start_frame = -1;
    h.number_of_packets = WUDF_USBIP_NOT_ISO;
    h.interval = 4;
    const uint8_t setup[8] = {0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00};
    memcpy(h.setup, setup, 8);
    wudf_usbip_header_encode(out, &h);
    const uint8_t head[8] = {0, 0, 0, 1, 0, 0, 0, 7};
    assert_memory_equal(out, head, 8);
    assert_memory_equal(out + 40, setup, 8);
    assert_int_equal(wudf_usbip_header_decode(out, &got, NULL), 0);
    assert_memory_equal(&got, &h, sizeof h);

    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_RET_SUBMIT;
    h.seqnum = 7;
    h.status = WUDF_USBIP_EPIPE;
    h.actual_length = 12;
    h.number_of_packets = 0;
    h.error_count = 3;
    wudf_usbip_header_encode(out, &h);
    assert_int_equal(wudf_usbip_header_decode(out, &got, NULL), 0);
    assert_memory_equal(&got, &h, sizeof h);

    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_CMD_UNLINK;
    h.seqnum = 8;
    h.unlink_seqnum = 7;
    wudf_usbip_header_encode(out, &h);
    for (size_t i = 24; i < sizeof out; i++)
        assert_int_equal(out[i], 0); /* padding */
    assert_int_equal(wudf_usbip_header_decode(out, &got, NULL), 0);
    assert_memory_equal(&got, &h, sizeof h);

    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_RET_UNLINK;
    h.seqnum = 8;
    h.status = WUDF_USBIP_ECONNRESET;
    wudf_usbip_header_encode(out, &h);
    assert_int_equal(wudf_usbip_header_decode(out, &got, NULL), 0);
    assert_int_equal(got.status, WUDF_USBIP_ECONNRESET);
    assert_string_equal(wudf_usbip_status_name(got.status), "unlinked");
    assert_string_equal(wudf_usbip_status_name(-5), "errno -5");
}

/* Encodes h, changes the 32-bit field at offset to value, and expects a refusal mentioning what. */
static void expect_refused(wudf_usbip_header h, size_t offset, uint32_t value, wudf_errc code, const char *what)
{
    uint8_t out[WUDF_USBIP_HEADER_SIZE];
    wudf_usbip_header_encode(out, &h);
    out[offset] = (uint8_t)(value >> 24);
    out[offset + 1] = (uint8_t)(value >> 16);
    out[offset + 2] = (uint8_t)(value >> 8);
    out[offset + 3] = (uint8_t)value;
    wudf_usbip_header got;
    wudf_error err;
    assert_int_equal(wudf_usbip_header_decode(out, &got, &err), -1);
    assert_int_equal(err.code, code);
    assert_non_null(strstr(err.message, what));
}

static void urb_headers_are_refused_when_wrong(void **state)
{
    (void)state;
    wudf_usbip_header h;
    memset(&h, 0, sizeof h);
    h.command = WUDF_USBIP_CMD_SUBMIT;
    h.transfer_length = 64;
    expect_refused(h, 0, 0, WUDF_EPROTO, "command");
    expect_refused(h, 0, 5, WUDF_EPROTO, "command");
    expect_refused(h, 12, 2, WUDF_EPROTO, "direction");
    expect_refused(h, 16, 16, WUDF_EPROTO, "endpoint");
    expect_refused(h, 24, WUDF_USBIP_MAX_TRANSFER + 1, WUDF_ETOOBIG, "bytes");
    expect_refused(h, 32, 1, WUDF_EPROTO, "isochronous");
    h.command = WUDF_USBIP_RET_SUBMIT;
    expect_refused(h, 24, 0xffffffffu, WUDF_ETOOBIG, "bytes");
    expect_refused(h, 32, 8, WUDF_EPROTO, "isochronous");

    /* The largest transfer is accepted. */
    uint8_t out[WUDF_USBIP_HEADER_SIZE];
    h.command = WUDF_USBIP_CMD_SUBMIT;
    h.transfer_length = WUDF_USBIP_MAX_TRANSFER;
    wudf_usbip_header_encode(out, &h);
    wudf_usbip_header got;
    assert_int_equal(wudf_usbip_header_decode(out, &got, NULL), 0);
}

static void server_addresses_parse(void **state)
{
    (void)state;
    char host[64];
    unsigned port;
    assert_int_equal(wudf_usbip_parse_server("127.0.0.1:40000", host, sizeof host, &port, NULL), 0);
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 40000);
    assert_int_equal(wudf_usbip_parse_server("kit.example", host, sizeof host, &port, NULL), 0);
    assert_string_equal(host, "kit.example");
    assert_int_equal(port, WUDF_USBIP_PORT);
    assert_int_equal(wudf_usbip_parse_server("[::1]:3241", host, sizeof host, &port, NULL), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(port, 3241);
    assert_int_equal(wudf_usbip_parse_server("[fe80::1]", host, sizeof host, &port, NULL), 0);
    assert_string_equal(host, "fe80::1");
    assert_int_equal(port, WUDF_USBIP_PORT);
    assert_int_equal(wudf_usbip_parse_server("h:65535", host, sizeof host, &port, NULL), 0);
    assert_int_equal(port, 65535);
}

static void bad_server_addresses_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", ":3240", "host:", "host:0", "host:65536", "host:99999999999", "host:12a", "host:-1", "[::1", "[]:3240",
        "[::1]x", "::1", "a:b:c", "ho st", "host/x:1", "[::1]:",
    };
    char host[64];
    unsigned port = 7;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wudf_error err;
        err.code = WUDF_OK;
        if (wudf_usbip_parse_server(bad[i], host, sizeof host, &port, &err) != -1)
            fail_msg("\"%s\" was accepted", bad[i]);
        assert_int_not_equal(err.code, WUDF_OK);
        assert_non_null(strstr(err.message, "usbip server"));
    }
    assert_int_equal(port, 7);
    /* A host longer than the caller's buffer. */
    char small[4];
    wudf_error err;
    assert_int_equal(wudf_usbip_parse_server("localhost:1", small, sizeof small, &port, &err), -1);
    assert_int_equal(err.code, WUDF_ETOOBIG);
    assert_int_equal(wudf_usbip_parse_server(NULL, host, sizeof host, &port, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(operation_headers_are_big_endian_and_versioned),
        cmocka_unit_test(a_devlist_request_is_a_header),
        cmocka_unit_test(an_import_request_round_trips),
        cmocka_unit_test(an_import_request_is_refused_when_wrong),
        cmocka_unit_test(a_device_list_round_trips),
        cmocka_unit_test(a_device_list_needs_every_byte),
        cmocka_unit_test(a_device_list_is_refused_when_wrong),
        cmocka_unit_test(an_import_reply_round_trips),
        cmocka_unit_test(a_refused_import_is_a_whole_reply),
        cmocka_unit_test(an_import_reply_is_refused_when_wrong),
        cmocka_unit_test(urb_headers_round_trip),
        cmocka_unit_test(urb_headers_are_refused_when_wrong),
        cmocka_unit_test(server_addresses_parse),
        cmocka_unit_test(bad_server_addresses_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
