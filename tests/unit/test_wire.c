/* Wire codec: every message type round-trips; every malformed input is refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <openwudf/status.h>

#include "wire.h"

#include <openwudf/ring.h>
#include "wire_bytes.h"

static uint8_t *encode(const wudf_msg *m, size_t *len)
{
    wudf_error err;
    uint8_t *buf = wudf_msg_encode_alloc(m, len, &err);
    if (!buf)
        fail_msg("encode failed: %s", err.message);
    return buf;
}

static void expect_decode_error(const uint8_t *buf, size_t len, wudf_errc code, const char *needle)
{
    wudf_msg m;
    wudf_error err;
    wudf_error_clear(&err);
    int rc = wudf_msg_decode(buf, len, &m, &err);
    assert_int_equal(rc, code);
    if (!strstr(err.message, needle))
        fail_msg("error '%s' does not mention '%s'", err.message, needle);
}

static void roundtrip(const wudf_msg *in)
{
    size_t len;
    uint8_t *buf = encode(in, &len);
    assert_int_equal(len, WUDF_MSG_HEADER_SIZE + in->payload_length);
    assert_int_equal(wudf_le32(buf), len);
    wudf_msg out;
    wudf_error err;
    assert_int_equal(wudf_msg_decode(buf, len, &out, &err), 0);
    assert_int_equal(out.type, in->type);
    assert_true(out.irp_id == in->irp_id);
    assert_int_equal(out.device_id, in->device_id);
    assert_int_equal(out.file_id, in->file_id);
    assert_int_equal(out.major, in->major);
    assert_int_equal(out.minor, in->minor);
    assert_int_equal(out.ioctl_code, in->ioctl_code);
    assert_int_equal(out.input_length, in->input_length);
    assert_int_equal(out.output_length, in->output_length);
    assert_int_equal(out.status, in->status);
    assert_true(out.information == in->information);
    assert_true(out.offset == in->offset);
    assert_int_equal(out.payload_length, in->payload_length);
    if (in->payload_length)
        assert_memory_equal(out.payload, in->payload, in->payload_length);
    else
        assert_null(out.payload);
    free(buf);
}

static void hello_roundtrips_and_checks_version(void **state)
{
    (void)state;
    wudf_hello h, back;
    uint8_t p[WUDF_HELLO_SIZE];
    wudf_hello_make(&h, WUDF_ROLE_HOST, 4242);
    wudf_hello_encode(&h, p);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_HELLO);
    m.payload = p;
    m.payload_length = sizeof p;
    roundtrip(&m);
    wudf_error err;
    assert_int_equal(wudf_hello_decode(&m, &back, &err), 0);
    assert_int_equal(back.role, WUDF_ROLE_HOST);
    assert_int_equal(back.pid, 4242);
    assert_int_equal(back.version_major, WUDF_PROTO_VERSION_MAJOR);

    h.version_major = 2;
    wudf_hello_encode(&h, p);
    assert_int_equal(wudf_hello_decode(&m, &back, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "protocol version 2."));

    wudf_hello_make(&h, WUDF_ROLE_CLIENT, 1);
    h.magic = 0x12345678;
    wudf_hello_encode(&h, p);
    assert_int_equal(wudf_hello_decode(&m, &back, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "bad magic"));

    wudf_hello_make(&h, (wudf_role)9, 1);
    wudf_hello_encode(&h, p);
    assert_int_equal(wudf_hello_decode(&m, &back, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "unknown role 9"));

    /* A newer minor version is accepted. */
    wudf_hello_make(&h, WUDF_ROLE_TOOL, 1);
    h.version_minor = 7;
    wudf_hello_encode(&h, p);
    assert_int_equal(wudf_hello_decode(&m, &back, &err), 0);
}

static void every_irp_major_roundtrips(void **state)
{
    (void)state;
    static const uint8_t data[] = "hello, driver";
    const struct {
        uint8_t major;
        int with_input, with_output, ioctl;
    } cases[] = {
        {WUDF_IRP_MJ_CREATE, 1, 0, 0}, {WUDF_IRP_MJ_CLEANUP, 0, 0, 0},
        {WUDF_IRP_MJ_CLOSE, 0, 0, 0},  {WUDF_IRP_MJ_READ, 0, 1, 0},
        {WUDF_IRP_MJ_WRITE, 1, 0, 0},  {WUDF_IRP_MJ_DEVICE_CONTROL, 1, 1, 1},
        {WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL, 1, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wudf_msg m;
        wudf_msg_init(&m, WUDF_MSG_IRP);
        m.irp_id = 0x0102030405060708ull + i;
        m.device_id = 7;
        m.file_id = 0xfffffffe;
        m.major = cases[i].major;
        if (cases[i].with_input) {
            m.payload = data;
            m.payload_length = m.input_length = sizeof data - 1;
        }
        if (cases[i].with_output)
            m.output_length = 65536;
        if (cases[i].ioctl)
            m.ioctl_code = 0x222003;
        if (cases[i].major == WUDF_IRP_MJ_READ || cases[i].major == WUDF_IRP_MJ_WRITE)
            m.offset = 0x1122334455667788ull;
        roundtrip(&m);
    }
}

static void other_types_roundtrip(void **state)
{
    (void)state;
    static const uint8_t out[] = {1, 2, 3, 4, 5};
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    m.irp_id = 99;
    m.status = WUDF_STATUS_DRIVER_PROCESS_TERMINATED;
    m.information = 5;
    m.payload = out;
    m.payload_length = sizeof out;
    roundtrip(&m);

    const wudf_msg_type bare[] = {WUDF_MSG_CANCEL, WUDF_MSG_PING, WUDF_MSG_PONG, WUDF_MSG_DEVICE_STOP,
                                  WUDF_MSG_DEVICE_STOPPED};
    for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
        wudf_msg_init(&m, bare[i]);
        m.irp_id = 1000 + i;
        roundtrip(&m);
    }

    const wudf_msg_type kvtypes[] = {WUDF_MSG_DEVICE_START, WUDF_MSG_DEVICE_STARTED, WUDF_MSG_HOST_EVENT,
                                     WUDF_MSG_TOOL_REQUEST, WUDF_MSG_TOOL_REPLY};
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "instance_id", "ROOT\\ECHO\\0000", &err), 0);
    assert_int_equal(wudf_kv_addf(&kv, &err, "restarts", "%d", 3), 0);
    uint8_t *p;
    uint32_t plen;
    assert_int_equal(wudf_kv_encode(&kv, &p, &plen, &err), 0);
    for (size_t i = 0; i < sizeof kvtypes / sizeof kvtypes[0]; i++) {
        wudf_msg_init(&m, kvtypes[i]);
        m.status = 0;
        m.payload = p;
        m.payload_length = plen;
        roundtrip(&m);
    }
    free(p);
    wudf_kv_free(&kv);
}

/* The query before a removal: DEVICE_STOP asks with minor QUERY_REMOVE and nothing else, the host
 * answers on DEVICE_STOPPED with the same minor, a status and the refusing driver's HRESULT; no other
 * minor, and no other message, takes it. */
static void query_remove_rides_on_stop_messages_only(void **state)
{
    (void)state;
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOP);
    m.minor = WUDF_STOP_MINOR_QUERY_REMOVE;
    roundtrip(&m);
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOPPED);
    m.minor = WUDF_STOP_MINOR_QUERY_REMOVE;
    m.status = WUDF_STATUS_DEVICE_BUSY;
    m.information = 0x800700AAu;
    roundtrip(&m);

    size_t len;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOP);
    uint8_t *buf = encode(&m, &len);
    buf[WUDF_HDR_OFF_MINOR] = WUDF_STOP_MINOR_QUERY_REMOVE + 1;
    expect_decode_error(buf, len, WUDF_EPROTO, "minor 2 not allowed");
    buf[WUDF_HDR_OFF_MINOR] = WUDF_STOP_MINOR_QUERY_REMOVE;
    wudf_put32(buf + WUDF_HDR_OFF_STATUS, (uint32_t)WUDF_STATUS_DEVICE_BUSY);
    expect_decode_error(buf, len, WUDF_EPROTO, "status or information set");
    free(buf);
    wudf_msg_init(&m, WUDF_MSG_PING);
    buf = encode(&m, &len);
    buf[WUDF_HDR_OFF_MINOR] = WUDF_STOP_MINOR_QUERY_REMOVE;
    expect_decode_error(buf, len, WUDF_EPROTO, "minor 1 not allowed");
    free(buf);
}

/* Hex bytes spread over repeated values: exactly the size asked, or refused. */
static void kv_hex_values_give_exactly_their_bytes(void **state)
{
    (void)state;
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "data", "0a0B", &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "other", "zz", &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "data", "ff", &err), 0);
    uint8_t out[4] = {0};
    assert_int_equal(wudf_kv_get_hex(&kv, "data", out, 3), 0);
    assert_int_equal(out[0], 0x0a);
    assert_int_equal(out[1], 0x0b);
    assert_int_equal(out[2], 0xff);
    assert_int_equal(wudf_kv_get_hex(&kv, "data", out, 4), -1); /* fewer than asked */
    assert_int_equal(wudf_kv_get_hex(&kv, "data", out, 2), -1); /* more than room */
    assert_int_equal(wudf_kv_get_hex(&kv, "none", out, 0), 0);
    assert_int_equal(wudf_kv_add(&kv, "bad", "0g", &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "odd", "abc", &err), 0);
    assert_int_equal(wudf_kv_get_hex(&kv, "bad", out, 1), -1);
    assert_int_equal(wudf_kv_get_hex(&kv, "odd", out, 2), -1);
    wudf_kv_free(&kv);
}

static void kv_roundtrips_with_repeated_keys_and_long_values(void **state)
{
    (void)state;
    wudf_kv kv, back;
    wudf_error err;
    wudf_kv_init(&kv);
    wudf_kv_init(&back);
    char *big = malloc(5000);
    memset(big, 'x', 4999);
    big[4999] = '\0';
    assert_int_equal(wudf_kv_add(&kv, "device", "A", &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "state", "started", &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "device", "B", &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "note", big, &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "empty", "", &err), 0);
    assert_int_equal(wudf_kv_addf(&kv, &err, "long", "%s", big), 0);
    uint8_t *p;
    uint32_t len;
    assert_int_equal(wudf_kv_encode(&kv, &p, &len, &err), 0);
    assert_int_equal(len, wudf_kv_encoded_size(&kv));
    assert_int_equal(wudf_kv_decode(p, len, &back, &err), 0);
    assert_int_equal(back.count, 6);
    assert_string_equal(wudf_kv_get(&back, "device"), "A");
    assert_string_equal(wudf_kv_get_from(&back, 1, "device"), "B");
    assert_string_equal(wudf_kv_get(&back, "note"), big);
    assert_string_equal(wudf_kv_get(&back, "long"), big);
    assert_string_equal(wudf_kv_get(&back, "empty"), "");
    assert_null(wudf_kv_get(&back, "absent"));
    free(p);
    free(big);
    wudf_kv_free(&kv);
    wudf_kv_free(&back);
}

static void kv_get_u64_parses_strictly(void **state)
{
    (void)state;
    wudf_kv kv;
    wudf_error err;
    uint64_t v;
    wudf_kv_init(&kv);
    wudf_kv_add(&kv, "a", "18446744073709551615", &err);
    wudf_kv_add(&kv, "b", "18446744073709551616", &err);
    wudf_kv_add(&kv, "c", "12x", &err);
    wudf_kv_add(&kv, "d", "", &err);
    assert_int_equal(wudf_kv_get_u64(&kv, "a", &v, &err), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(wudf_kv_get_u64(&kv, "b", &v, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "overflows"));
    assert_int_equal(wudf_kv_get_u64(&kv, "c", &v, &err), WUDF_EPROTO);
    assert_int_equal(wudf_kv_get_u64(&kv, "d", &v, &err), WUDF_EPROTO);
    assert_int_equal(wudf_kv_get_u64(&kv, "e", &v, &err), WUDF_ENOTFOUND);
    wudf_kv_free(&kv);
}

static void kv_refuses_bad_keys_values_and_lying_lengths(void **state)
{
    (void)state;
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "", "x", &err), WUDF_EPROTO);
    assert_int_equal(wudf_kv_add(&kv, "Upper", "x", &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "outside [a-z0-9_.-]"));
    assert_int_equal(wudf_kv_add(&kv, "k k", "x", &err), WUDF_EPROTO);
    char longkey[80];
    memset(longkey, 'k', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    assert_int_equal(wudf_kv_add(&kv, longkey, "x", &err), WUDF_EPROTO);
    assert_int_equal(kv.count, 0);

    /* count says 1 but no entry follows */
    uint8_t p1[] = {1, 0, 0, 0};
    assert_int_equal(wudf_kv_decode(p1, sizeof p1, &kv, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "truncated"));
    /* value length runs past the end */
    uint8_t p2[] = {1, 0, 0, 0, 1, 0, 200, 0, 0, 0, 'k', 'v'};
    assert_int_equal(wudf_kv_decode(p2, sizeof p2, &kv, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "remain"));
    /* value length near 4 GiB must not wrap */
    uint8_t p3[] = {1, 0, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff, 'k', 'v'};
    assert_int_equal(wudf_kv_decode(p3, sizeof p3, &kv, &err), WUDF_EPROTO);
    /* trailing bytes */
    uint8_t p4[] = {1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 'k', 'v', 'z'};
    assert_int_equal(wudf_kv_decode(p4, sizeof p4, &kv, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "trailing"));
    /* NUL inside a value */
    uint8_t p5[] = {1, 0, 0, 0, 1, 0, 2, 0, 0, 0, 'k', 'v', 0};
    assert_int_equal(wudf_kv_decode(p5, sizeof p5, &kv, &err), WUDF_EPROTO);
    assert_non_null(strstr(err.message, "NUL"));
    /* absurd entry count */
    uint8_t p6[] = {0xff, 0xff, 0xff, 0x7f};
    assert_int_equal(wudf_kv_decode(p6, sizeof p6, &kv, &err), WUDF_ETOOBIG);
    /* second entry bad: nothing of the first is kept */
    uint8_t p7[] = {2, 0, 0, 0, 1, 0, 1, 0, 0, 0, 'k', 'v', 1, 0, 1, 0, 0, 0, 'K', 'v'};
    assert_int_equal(wudf_kv_decode(p7, sizeof p7, &kv, &err), WUDF_EPROTO);
    assert_int_equal(kv.count, 0);
    wudf_kv_free(&kv);
}

static uint8_t *valid_irp(size_t *len)
{
    static const uint8_t data[8] = "abcdefg";
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_IRP);
    m.major = WUDF_IRP_MJ_WRITE;
    m.payload = data;
    m.payload_length = m.input_length = sizeof data;
    return encode(&m, len);
}

static void truncated_and_oversized_messages_are_refused(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = valid_irp(&len);
    expect_decode_error(buf, 3, WUDF_EPROTO, "need at least 4");
    expect_decode_error(buf, 40, WUDF_EPROTO, "truncated");
    expect_decode_error(buf, len - 1, WUDF_EPROTO, "but 71 are present");

    wudf_put32(buf, WUDF_MSG_MAX_SIZE + 1);
    expect_decode_error(buf, len, WUDF_ETOOBIG, "exceeds the maximum message size");
    wudf_put32(buf, 10);
    expect_decode_error(buf, len, WUDF_EPROTO, "smaller than the 64-byte header");
    free(buf);

    wudf_msg m;
    wudf_error err;
    wudf_msg_init(&m, WUDF_MSG_COMPLETE);
    static uint8_t dummy;
    m.payload = &dummy;
    m.payload_length = WUDF_MSG_MAX_PAYLOAD + 1;
    assert_null(wudf_msg_encode_alloc(&m, &len, &err));
    assert_int_equal(err.code, WUDF_ETOOBIG);
}

static void lying_fields_are_refused(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = valid_irp(&len);

    wudf_put32(buf + WUDF_HDR_OFF_INPUT_LENGTH, 100);
    expect_decode_error(buf, len, WUDF_EPROTO, "input_length 100 but payload carries 8");
    wudf_put32(buf + WUDF_HDR_OFF_INPUT_LENGTH, 8);

    buf[WUDF_HDR_OFF_MAJOR] = 0x33;
    expect_decode_error(buf, len, WUDF_EPROTO, "unknown major function 0x33");
    buf[WUDF_HDR_OFF_MAJOR] = WUDF_IRP_MJ_READ;
    expect_decode_error(buf, len, WUDF_EPROTO, "irp read: carries 8 input bytes");
    buf[WUDF_HDR_OFF_MAJOR] = WUDF_IRP_MJ_WRITE;

    wudf_put32(buf + WUDF_HDR_OFF_IOCTL, 0x222003);
    expect_decode_error(buf, len, WUDF_EPROTO, "ioctl code set");
    wudf_put32(buf + WUDF_HDR_OFF_IOCTL, 0);

    wudf_put32(buf + WUDF_HDR_OFF_OUTPUT_LENGTH, 16);
    expect_decode_error(buf, len, WUDF_EPROTO, "has an output buffer");
    wudf_put32(buf + WUDF_HDR_OFF_OUTPUT_LENGTH, 0);

    buf[WUDF_HDR_OFF_MAJOR] = WUDF_IRP_MJ_DEVICE_CONTROL;
    wudf_put32(buf + WUDF_HDR_OFF_OUTPUT_LENGTH, WUDF_MSG_MAX_PAYLOAD + 1);
    expect_decode_error(buf, len, WUDF_ETOOBIG, "output buffer");
    wudf_put32(buf + WUDF_HDR_OFF_OUTPUT_LENGTH, 0);
    buf[WUDF_HDR_OFF_MAJOR] = WUDF_IRP_MJ_WRITE;

    wudf_put16(buf + WUDF_HDR_OFF_FLAGS, 1);
    expect_decode_error(buf, len, WUDF_EPROTO, "reserved fields");
    wudf_put16(buf + WUDF_HDR_OFF_FLAGS, 0);
    wudf_put32(buf + WUDF_HDR_OFF_RESERVED1, 5);
    expect_decode_error(buf, len, WUDF_EPROTO, "reserved fields");
    wudf_put32(buf + WUDF_HDR_OFF_RESERVED1, 0);

    wudf_put16(buf + WUDF_HDR_OFF_TYPE, 0);
    expect_decode_error(buf, len, WUDF_EPROTO, "unknown message type 0");
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, 4000);
    expect_decode_error(buf, len, WUDF_EPROTO, "unknown message type 4000");

    /* IRP fields on a completion */
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_COMPLETE);
    expect_decode_error(buf, len, WUDF_EPROTO, "IRP fields set on a non-IRP message");

    /* payload on a ping; hello of the wrong size; kv payload that lies */
    wudf_put32(buf + WUDF_HDR_OFF_INPUT_LENGTH, 0);
    buf[WUDF_HDR_OFF_MAJOR] = 0;
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_PING);
    expect_decode_error(buf, len, WUDF_EPROTO, "unexpected payload of 8 bytes");
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_HELLO);
    expect_decode_error(buf, len, WUDF_EPROTO, "expected 16");
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_TOOL_REQUEST);
    expect_decode_error(buf, len, WUDF_ETOOBIG, "entries exceed");
    free(buf);

    /* A create whose file name hides a NUL */
    wudf_msg m;
    static const uint8_t name[] = {'a', 0, 'b'};
    wudf_msg_init(&m, WUDF_MSG_IRP);
    m.major = WUDF_IRP_MJ_CREATE;
    m.payload = name;
    m.payload_length = m.input_length = sizeof name;
    wudf_error err;
    assert_null(wudf_msg_encode_alloc(&m, &len, &err));
    assert_non_null(strstr(err.message, "NUL"));
}

static void framer_reassembles_byte_by_byte_and_back_to_back(void **state)
{
    (void)state;
    size_t l1, l2;
    uint8_t *a = valid_irp(&l1);
    wudf_msg pm;
    wudf_msg_init(&pm, WUDF_MSG_PING);
    pm.irp_id = 77;
    uint8_t *b = encode(&pm, &l2);

    wudf_framer f;
    wudf_framer_init(&f);
    wudf_error err;
    wudf_msg m;
    for (size_t i = 0; i < l1 - 1; i++) {
        assert_int_equal(wudf_framer_push(&f, a + i, 1, &err), 0);
        assert_int_equal(wudf_framer_next(&f, &m, &err), 0);
    }
    assert_int_equal(wudf_framer_push(&f, a + l1 - 1, 1, &err), 0);
    assert_int_equal(wudf_framer_next(&f, &m, &err), 1);
    assert_int_equal(m.major, WUDF_IRP_MJ_WRITE);
    assert_memory_equal(m.payload, "abcdefg", 8);

    /* two messages and a half in one read */
    uint8_t joined[512];
    memcpy(joined, b, l2);
    memcpy(joined + l2, a, l1);
    memcpy(joined + l2 + l1, b, 10);
    assert_int_equal(wudf_framer_push(&f, joined, l2 + l1 + 10, &err), 0);
    assert_int_equal(wudf_framer_next(&f, &m, &err), 1);
    assert_int_equal(m.type, WUDF_MSG_PING);
    assert_true(m.irp_id == 77);
    assert_int_equal(wudf_framer_next(&f, &m, &err), 1);
    assert_int_equal(m.type, WUDF_MSG_IRP);
    assert_int_equal(wudf_framer_next(&f, &m, &err), 0);
    assert_int_equal(wudf_framer_push(&f, b + 10, l2 - 10, &err), 0);
    assert_int_equal(wudf_framer_next(&f, &m, &err), 1);
    assert_int_equal(m.type, WUDF_MSG_PING);
    wudf_framer_free(&f);
    free(a);
    free(b);
}

static void framer_refuses_an_impossible_size_before_buffering(void **state)
{
    (void)state;
    wudf_framer f;
    wudf_framer_init(&f);
    wudf_error err;
    wudf_msg m;
    uint8_t evil[8] = {0};
    wudf_put32(evil, 0xffffffffu);
    assert_int_equal(wudf_framer_push(&f, evil, sizeof evil, &err), 0);
    assert_int_equal(wudf_framer_next(&f, &m, &err), -1);
    assert_int_equal(err.code, WUDF_ETOOBIG);
    assert_true(f.capacity <= 4096);
    wudf_framer_free(&f);

    /* garbage that passes the size check fails the header check */
    wudf_framer_init(&f);
    uint8_t junk[64];
    memset(junk, 0x41, sizeof junk);
    wudf_put32(junk, 64);
    assert_int_equal(wudf_framer_push(&f, junk, sizeof junk, &err), 0);
    assert_int_equal(wudf_framer_next(&f, &m, &err), -1);
    assert_int_equal(err.code, WUDF_EPROTO);
    wudf_framer_free(&f);
}

/* Found by fuzzing: a fresh framer returned a NULL space (NULL + 0 is undefined behaviour). */
/* The minor field carries the fast path's marks only where proto.h allows them. */
static void minor_is_checked_per_type(void **state)
{
    (void)state;
    wudf_msg m;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_CREATE, 7, 0, "x", 1, 0);
    m.minor = WUDF_CREATE_MINOR_FAST_PATH;
    roundtrip(&m);
    wudf_msg_init(&m, WUDF_MSG_CANCEL);
    m.minor = WUDF_CANCEL_MINOR_FAST_PATH;
    m.file_id = 3;
    roundtrip(&m);
    for (uint8_t kind = WUDF_RING_FD_BELL; kind <= WUDF_RING_FD_NOTIFY; kind++) {
        wudf_msg_init(&m, WUDF_MSG_RING);
        m.minor = kind;
        m.information = WUDF_RING_SIZE;
        roundtrip(&m);
    }

    size_t len;
    wudf_msg_init(&m, WUDF_MSG_RING);
    m.minor = WUDF_RING_FD_RING;
    uint8_t *buf = encode(&m, &len);
    buf[WUDF_HDR_OFF_MINOR] = 0;
    expect_decode_error(buf, len, WUDF_EPROTO, "ring: no minor");
    buf[WUDF_HDR_OFF_MINOR] = 4;
    expect_decode_error(buf, len, WUDF_EPROTO, "minor 4 not allowed");
    free(buf);

    wudf_msg_init_irp(&m, WUDF_IRP_MJ_READ, 7, 0, NULL, 0, 16);
    buf = encode(&m, &len);
    buf[WUDF_HDR_OFF_MINOR] = WUDF_CREATE_MINOR_FAST_PATH;
    expect_decode_error(buf, len, WUDF_EPROTO, "minor 1 not allowed");
    free(buf);
    wudf_msg_init(&m, WUDF_MSG_PING);
    buf = encode(&m, &len);
    buf[WUDF_HDR_OFF_MINOR] = 1;
    expect_decode_error(buf, len, WUDF_EPROTO, "minor 1 not allowed");
    free(buf);

    /* POWER: suspend, resume or wake, nothing else, and no payload. */
    for (uint8_t what = WUDF_POWER_MINOR_SUSPEND; what <= WUDF_POWER_MINOR_WAKE; what++) {
        wudf_msg_init(&m, WUDF_MSG_POWER);
        m.minor = what;
        roundtrip(&m);
    }
    wudf_msg_init(&m, WUDF_MSG_POWER);
    m.minor = WUDF_POWER_MINOR_SUSPEND;
    buf = encode(&m, &len);
    buf[WUDF_HDR_OFF_MINOR] = 0;
    expect_decode_error(buf, len, WUDF_EPROTO, "power: no minor");
    buf[WUDF_HDR_OFF_MINOR] = 4;
    expect_decode_error(buf, len, WUDF_EPROTO, "minor 4 not allowed");
    free(buf);
}

/* A host's requests to other devices: REMOTE_IRP follows the rules of an IRP, REMOTE_COMPLETE those of a
 * COMPLETE, REMOTE_CANCEL carries nothing, REMOTE_EVENT is key/value. */
static void remote_messages_follow_the_rules_of_what_they_stand_for(void **state)
{
    (void)state;
    assert_int_equal(WUDF_MSG_TYPE_MAX, WUDF_MSG_REMOTE_EVENT + 1);
    assert_string_equal(wudf_msg_type_name(WUDF_MSG_REMOTE_IRP), "remote-irp");
    assert_string_equal(wudf_msg_type_name(WUDF_MSG_REMOTE_EVENT), "remote-event");
    wudf_msg m;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_CREATE, 3, 0, "\\\\.\\Echo0", 9, 0);
    m.type = WUDF_MSG_REMOTE_IRP;
    m.irp_id = 17;
    roundtrip(&m);
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_DEVICE_CONTROL, 3, 0x222008, "abc", 3, 64);
    m.type = WUDF_MSG_REMOTE_IRP;
    roundtrip(&m);
    static const uint8_t out[] = {9, 8, 7};
    wudf_msg_init(&m, WUDF_MSG_REMOTE_COMPLETE);
    m.irp_id = 17;
    m.status = WUDF_STATUS_DRIVER_PROCESS_TERMINATED;
    m.payload = out;
    m.payload_length = sizeof out;
    roundtrip(&m);
    wudf_msg_init(&m, WUDF_MSG_REMOTE_CANCEL);
    m.irp_id = 17;
    roundtrip(&m);

    wudf_kv kv;
    wudf_error err;
    uint8_t *p;
    uint32_t plen;
    wudf_kv_init(&kv);
    assert_int_equal(wudf_kv_add(&kv, "event", "register", &err), 0);
    assert_int_equal(wudf_kv_add(&kv, "guid", "{6E3B2A9C-41D7-4F0B-9A35-7C18E2D4B6F1}", &err), 0);
    assert_int_equal(wudf_kv_encode(&kv, &p, &plen, &err), 0);
    wudf_msg_init(&m, WUDF_MSG_REMOTE_EVENT);
    m.payload = p;
    m.payload_length = plen;
    roundtrip(&m);
    free(p);
    wudf_kv_free(&kv);

    /* A read that carries bytes, a cancel with a payload, a minor, an event that is not key/value. */
    size_t len;
    wudf_msg_init_irp(&m, WUDF_IRP_MJ_WRITE, 3, 0, "12345678", 8, 0);
    m.type = WUDF_MSG_REMOTE_IRP;
    uint8_t *buf = encode(&m, &len);
    buf[WUDF_HDR_OFF_MAJOR] = WUDF_IRP_MJ_READ;
    expect_decode_error(buf, len, WUDF_EPROTO, "irp read: carries 8 input bytes");
    buf[WUDF_HDR_OFF_MAJOR] = WUDF_IRP_MJ_WRITE;
    buf[WUDF_HDR_OFF_MINOR] = 1;
    expect_decode_error(buf, len, WUDF_EPROTO, "minor 1 not allowed");
    buf[WUDF_HDR_OFF_MINOR] = 0;
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_REMOTE_COMPLETE);
    expect_decode_error(buf, len, WUDF_EPROTO, "IRP fields set on a non-IRP message");
    wudf_put32(buf + WUDF_HDR_OFF_INPUT_LENGTH, 0);
    buf[WUDF_HDR_OFF_MAJOR] = 0;
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_REMOTE_CANCEL);
    expect_decode_error(buf, len, WUDF_EPROTO, "remote-cancel: unexpected payload of 8 bytes");
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_REMOTE_EVENT);
    expect_decode_error(buf, len, WUDF_ETOOBIG, "entries exceed");
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, WUDF_MSG_TYPE_MAX);
    expect_decode_error(buf, len, WUDF_EPROTO, "unknown message type 20");
    free(buf);
}

static void framer_takes_empty_pieces_before_any_byte(void **state)
{
    (void)state;
    wudf_framer f;
    wudf_framer_init(&f);
    wudf_error err;
    wudf_msg m;
    uint8_t *space = NULL;
    size_t room = 0;
    assert_int_equal(wudf_framer_reserve(&f, 0, &space, &room, &err), 0);
    assert_non_null(space);
    wudf_framer_commit(&f, 0);
    assert_int_equal(wudf_framer_push(&f, NULL, 0, &err), 0);
    assert_int_equal(wudf_framer_next(&f, &m, &err), 0);
    wudf_framer_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hello_roundtrips_and_checks_version),
        cmocka_unit_test(every_irp_major_roundtrips),
        cmocka_unit_test(other_types_roundtrip),
        cmocka_unit_test(query_remove_rides_on_stop_messages_only),
        cmocka_unit_test(kv_hex_values_give_exactly_their_bytes),
        cmocka_unit_test(kv_roundtrips_with_repeated_keys_and_long_values),
        cmocka_unit_test(kv_get_u64_parses_strictly),
        cmocka_unit_test(kv_refuses_bad_keys_values_and_lying_lengths),
        cmocka_unit_test(truncated_and_oversized_messages_are_refused),
        cmocka_unit_test(lying_fields_are_refused),
        cmocka_unit_test(framer_reassembles_byte_by_byte_and_back_to_back),
        cmocka_unit_test(framer_refuses_an_impossible_size_before_buffering),
        cmocka_unit_test(framer_takes_empty_pieces_before_any_byte),
        cmocka_unit_test(minor_is_checked_per_type),
        cmocka_unit_test(remote_messages_follow_the_rules_of_what_they_stand_for),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
