/* Message header and HELLO codec with the per-type rules of proto.h. */
#include "wire.h"

#include <stdlib.h>
#include <string.h>

#include <openwudf/ring.h>

#include "wire_bytes.h"

void wudf_msg_init(wudf_msg *msg, wudf_msg_type type)
{
    memset(msg, 0, sizeof *msg);
    msg->type = (uint16_t)type;
}

void wudf_msg_init_irp(wudf_msg *msg, uint8_t major, uint32_t file_id, uint32_t ioctl_code, const void *input,
                       uint32_t input_length, uint32_t output_length)
{
    wudf_msg_init(msg, WUDF_MSG_IRP);
    msg->major = major;
    msg->file_id = file_id;
    msg->ioctl_code = ioctl_code;
    msg->payload = input_length ? input : NULL;
    msg->payload_length = msg->input_length = input_length;
    msg->output_length = output_length;
}

const char *wudf_msg_type_name(unsigned type)
{
    static const char *const names[] = {
        "none", "hello", "irp", "complete", "cancel", "ping", "pong", "device-start",
        "device-started", "device-stop", "device-stopped", "host-event", "tool-request",
        "tool-reply", "ring", "power", "remote-irp", "remote-complete", "remote-cancel", "remote-event",
    };
    return type < sizeof names / sizeof names[0] ? names[type] : "unknown";
}

const char *wudf_irp_major_name(unsigned major)
{
    switch (major) {
    case WUDF_IRP_MJ_CREATE: return "create";
    case WUDF_IRP_MJ_CLOSE: return "close";
    case WUDF_IRP_MJ_READ: return "read";
    case WUDF_IRP_MJ_WRITE: return "write";
    case WUDF_IRP_MJ_DEVICE_CONTROL: return "device-control";
    case WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL: return "internal-device-control";
    case WUDF_IRP_MJ_CLEANUP: return "cleanup";
    default: return "unknown";
    }
}

int wudf_irp_major_valid(unsigned major)
{
    return strcmp(wudf_irp_major_name(major), "unknown") != 0;
}

const char *wudf_link_reference_problem(const char *reference)
{
    if (strlen(reference) > WUDF_LINK_REFERENCE_MAX)
        return "reference-too-long";
    return strpbrk(reference, "\\/") ? "reference-has-separator" : NULL;
}

static int is_ioctl(unsigned major)
{
    return major == WUDF_IRP_MJ_DEVICE_CONTROL || major == WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL;
}

static int is_kv_type(unsigned type)
{
    return type == WUDF_MSG_DEVICE_START || type == WUDF_MSG_DEVICE_STARTED || type == WUDF_MSG_HOST_EVENT ||
           type == WUDF_MSG_TOOL_REQUEST || type == WUDF_MSG_TOOL_REPLY || type == WUDF_MSG_REMOTE_EVENT;
}

/* A request: a client's or the reflector's (IRP), or a host's for another device (REMOTE_IRP). */
static int is_irp_type(unsigned type)
{
    return type == WUDF_MSG_IRP || type == WUDF_MSG_REMOTE_IRP;
}

/* The minor field: the fast path's marks (openwudf/ring.h), the power and stop minors, zero everywhere else. */
static int minor_allowed(const wudf_msg *m)
{
    switch (m->type) {
    case WUDF_MSG_IRP:
        return m->major == WUDF_IRP_MJ_CREATE && m->minor == WUDF_CREATE_MINOR_FAST_PATH;
    case WUDF_MSG_CANCEL:
        return m->minor == WUDF_CANCEL_MINOR_FAST_PATH;
    case WUDF_MSG_COMPLETE:
        return m->minor == WUDF_COMPLETE_MINOR_FAST_PATH && m->payload_length == 0;
    case WUDF_MSG_RING:
        return m->minor >= WUDF_RING_FD_BELL && m->minor <= WUDF_RING_FD_NOTIFY;
    case WUDF_MSG_POWER:
        return m->minor >= WUDF_POWER_MINOR_SUSPEND && m->minor <= WUDF_POWER_MINOR_WAKE;
    case WUDF_MSG_DEVICE_STOP:
    case WUDF_MSG_DEVICE_STOPPED:
        return m->minor == WUDF_STOP_MINOR_QUERY_REMOVE;
    default:
        return 0;
    }
}

/* The rules a message of each type must follow, shared by encode and decode. */
static int check_rules(const wudf_msg *m, wudf_error *err)
{
    const char *t = wudf_msg_type_name(m->type);

    if (m->type == 0 || m->type >= WUDF_MSG_TYPE_MAX)
        return wudf_error_set(err, WUDF_EPROTO, "unknown message type %u", (unsigned)m->type);
    if (m->payload_length > WUDF_MSG_MAX_PAYLOAD)
        return wudf_error_set(err, WUDF_ETOOBIG, "%s: payload of %u bytes exceeds the maximum of %u", t,
                              (unsigned)m->payload_length, WUDF_MSG_MAX_PAYLOAD);
    if (m->payload_length && !m->payload)
        return wudf_error_set(err, WUDF_EINVAL, "%s: payload length without payload", t);
    if (!is_irp_type(m->type) && (m->major || m->ioctl_code || m->input_length))
        return wudf_error_set(err, WUDF_EPROTO, "%s: IRP fields set on a non-IRP message", t);
    if (m->minor && !minor_allowed(m))
        return wudf_error_set(err, WUDF_EPROTO, "%s: minor %u not allowed", t, (unsigned)m->minor);

    switch (m->type) {
    case WUDF_MSG_HELLO:
        if (m->payload_length != WUDF_HELLO_SIZE)
            return wudf_error_set(err, WUDF_EPROTO, "hello: payload is %u bytes, expected %u",
                                  (unsigned)m->payload_length, WUDF_HELLO_SIZE);
        return 0;
    case WUDF_MSG_IRP:
    case WUDF_MSG_REMOTE_IRP:
        if (!wudf_irp_major_valid(m->major))
            return wudf_error_set(err, WUDF_EPROTO, "irp: unknown major function 0x%02x", m->major);
        if (m->input_length != m->payload_length)
            return wudf_error_set(err, WUDF_EPROTO, "irp: input_length %u but payload carries %u bytes",
                                  (unsigned)m->input_length, (unsigned)m->payload_length);
        if (m->output_length > WUDF_MSG_MAX_PAYLOAD)
            return wudf_error_set(err, WUDF_ETOOBIG, "irp: output buffer of %u bytes exceeds the maximum of %u",
                                  (unsigned)m->output_length, WUDF_MSG_MAX_PAYLOAD);
        if (!is_ioctl(m->major) && m->ioctl_code)
            return wudf_error_set(err, WUDF_EPROTO, "irp %s: ioctl code set", wudf_irp_major_name(m->major));
        if ((m->major == WUDF_IRP_MJ_READ || m->major == WUDF_IRP_MJ_CLOSE ||
             m->major == WUDF_IRP_MJ_CLEANUP) && m->input_length)
            return wudf_error_set(err, WUDF_EPROTO, "irp %s: carries %u input bytes",
                                  wudf_irp_major_name(m->major), (unsigned)m->input_length);
        if (m->major != WUDF_IRP_MJ_READ && !is_ioctl(m->major) && m->output_length)
            return wudf_error_set(err, WUDF_EPROTO, "irp %s: has an output buffer",
                                  wudf_irp_major_name(m->major));
        if (m->major == WUDF_IRP_MJ_CREATE && m->payload_length && memchr(m->payload, 0, m->payload_length))
            return wudf_error_set(err, WUDF_EPROTO, "irp create: file name contains a NUL byte");
        return 0;
    case WUDF_MSG_COMPLETE:
    case WUDF_MSG_CANCEL:
    case WUDF_MSG_PING:
    case WUDF_MSG_PONG:
    case WUDF_MSG_DEVICE_STOP:
    case WUDF_MSG_DEVICE_STOPPED:
    case WUDF_MSG_RING:
    case WUDF_MSG_POWER:
    case WUDF_MSG_REMOTE_COMPLETE:
    case WUDF_MSG_REMOTE_CANCEL:
        if ((m->type == WUDF_MSG_RING || m->type == WUDF_MSG_POWER) && !m->minor)
            return wudf_error_set(err, WUDF_EPROTO, "%s: no minor", t);
        if (m->type != WUDF_MSG_COMPLETE && m->type != WUDF_MSG_REMOTE_COMPLETE && m->payload_length)
            return wudf_error_set(err, WUDF_EPROTO, "%s: unexpected payload of %u bytes", t,
                                  (unsigned)m->payload_length);
        /* A stop or its query asks; only the answer carries a status. */
        if (m->type == WUDF_MSG_DEVICE_STOP && (m->status || m->information))
            return wudf_error_set(err, WUDF_EPROTO, "%s: status or information set", t);
        return 0;
    default:
        if (is_kv_type(m->type))
            return wudf_kv_validate(m->payload, m->payload_length, err);
        return 0;
    }
}

size_t wudf_msg_encoded_size(const wudf_msg *msg)
{
    return WUDF_MSG_HEADER_SIZE + (size_t)msg->payload_length;
}

int wudf_msg_encode(const wudf_msg *m, uint8_t *buf, size_t cap, wudf_error *err)
{
    int rc = check_rules(m, err);
    if (rc)
        return rc;
    size_t size = wudf_msg_encoded_size(m);
    if (cap < size)
        return wudf_error_set(err, WUDF_EINVAL, "encode: buffer of %zu bytes for a %zu-byte message", cap, size);
    memset(buf, 0, WUDF_MSG_HEADER_SIZE);
    wudf_put32(buf + WUDF_HDR_OFF_SIZE, (uint32_t)size);
    wudf_put16(buf + WUDF_HDR_OFF_TYPE, m->type);
    wudf_put64(buf + WUDF_HDR_OFF_IRP_ID, m->irp_id);
    wudf_put32(buf + WUDF_HDR_OFF_DEVICE_ID, m->device_id);
    wudf_put32(buf + WUDF_HDR_OFF_FILE_ID, m->file_id);
    buf[WUDF_HDR_OFF_MAJOR] = m->major;
    buf[WUDF_HDR_OFF_MINOR] = m->minor;
    wudf_put32(buf + WUDF_HDR_OFF_IOCTL, m->ioctl_code);
    wudf_put32(buf + WUDF_HDR_OFF_INPUT_LENGTH, m->input_length);
    wudf_put32(buf + WUDF_HDR_OFF_OUTPUT_LENGTH, m->output_length);
    wudf_put32(buf + WUDF_HDR_OFF_STATUS, (uint32_t)m->status);
    wudf_put64(buf + WUDF_HDR_OFF_INFORMATION, m->information);
    wudf_put64(buf + WUDF_HDR_OFF_OFFSET, m->offset);
    if (m->payload_length)
        memcpy(buf + WUDF_MSG_HEADER_SIZE, m->payload, m->payload_length);
    return 0;
}

uint8_t *wudf_msg_encode_alloc(const wudf_msg *msg, size_t *length, wudf_error *err)
{
    size_t size = wudf_msg_encoded_size(msg);
    uint8_t *buf = malloc(size);
    if (!buf) {
        wudf_error_set(err, WUDF_ENOMEM, "encode: out of memory for %zu bytes", size);
        return NULL;
    }
    if (wudf_msg_encode(msg, buf, size, err)) {
        free(buf);
        return NULL;
    }
    *length = size;
    return buf;
}

int wudf_msg_peek_size(const uint8_t *buf, size_t length, uint32_t *size, wudf_error *err)
{
    if (length < 4)
        return wudf_error_set(err, WUDF_EPROTO, "header: %zu bytes, need at least 4 to read the size", length);
    uint32_t s = wudf_le32(buf + WUDF_HDR_OFF_SIZE);
    if (s < WUDF_MSG_HEADER_SIZE)
        return wudf_error_set(err, WUDF_EPROTO, "header: size %u is smaller than the %u-byte header",
                              (unsigned)s, WUDF_MSG_HEADER_SIZE);
    if (s > WUDF_MSG_MAX_SIZE)
        return wudf_error_set(err, WUDF_ETOOBIG, "header: size %u exceeds the maximum message size %u",
                              (unsigned)s, WUDF_MSG_MAX_SIZE);
    *size = s;
    return 0;
}

int wudf_msg_decode(const uint8_t *buf, size_t length, wudf_msg *out, wudf_error *err)
{
    uint32_t size = 0;
    int rc = wudf_msg_peek_size(buf, length, &size, err);
    if (rc)
        return rc;
    if (length < WUDF_MSG_HEADER_SIZE)
        return wudf_error_set(err, WUDF_EPROTO, "header: truncated, %zu of %u bytes", length, WUDF_MSG_HEADER_SIZE);
    if (size != length)
        return wudf_error_set(err, WUDF_EPROTO, "header: size says %u bytes but %zu are present",
                              (unsigned)size, length);
    if (wudf_le16(buf + WUDF_HDR_OFF_FLAGS) ||
        wudf_le16(buf + WUDF_HDR_OFF_RESERVED0) || wudf_le32(buf + WUDF_HDR_OFF_RESERVED1))
        return wudf_error_set(err, WUDF_EPROTO, "header: reserved fields are not zero");

    wudf_msg m;
    m.type = wudf_le16(buf + WUDF_HDR_OFF_TYPE);
    m.irp_id = wudf_le64(buf + WUDF_HDR_OFF_IRP_ID);
    m.device_id = wudf_le32(buf + WUDF_HDR_OFF_DEVICE_ID);
    m.file_id = wudf_le32(buf + WUDF_HDR_OFF_FILE_ID);
    m.major = buf[WUDF_HDR_OFF_MAJOR];
    m.minor = buf[WUDF_HDR_OFF_MINOR];
    m.ioctl_code = wudf_le32(buf + WUDF_HDR_OFF_IOCTL);
    m.input_length = wudf_le32(buf + WUDF_HDR_OFF_INPUT_LENGTH);
    m.output_length = wudf_le32(buf + WUDF_HDR_OFF_OUTPUT_LENGTH);
    m.status = (int32_t)wudf_le32(buf + WUDF_HDR_OFF_STATUS);
    m.information = wudf_le64(buf + WUDF_HDR_OFF_INFORMATION);
    m.offset = wudf_le64(buf + WUDF_HDR_OFF_OFFSET);
    m.payload_length = size - WUDF_MSG_HEADER_SIZE;
    m.payload = m.payload_length ? buf + WUDF_MSG_HEADER_SIZE : NULL;
    rc = check_rules(&m, err);
    if (rc)
        return rc;
    *out = m;
    return 0;
}

void wudf_hello_make(wudf_hello *hello, wudf_role role, uint32_t pid)
{
    hello->magic = WUDF_PROTO_MAGIC;
    hello->version_major = WUDF_PROTO_VERSION_MAJOR;
    hello->version_minor = WUDF_PROTO_VERSION_MINOR;
    hello->role = (uint32_t)role;
    hello->pid = pid;
}

void wudf_hello_encode(const wudf_hello *hello, uint8_t out[WUDF_HELLO_SIZE])
{
    wudf_put32(out, hello->magic);
    wudf_put16(out + 4, hello->version_major);
    wudf_put16(out + 6, hello->version_minor);
    wudf_put32(out + 8, hello->role);
    wudf_put32(out + 12, hello->pid);
}

int wudf_hello_decode(const wudf_msg *msg, wudf_hello *hello, wudf_error *err)
{
    if (msg->type != WUDF_MSG_HELLO)
        return wudf_error_set(err, WUDF_EPROTO, "expected hello, got %s", wudf_msg_type_name(msg->type));
    if (msg->payload_length != WUDF_HELLO_SIZE)
        return wudf_error_set(err, WUDF_EPROTO, "hello: payload is %u bytes, expected %u",
                              (unsigned)msg->payload_length, WUDF_HELLO_SIZE);
    const uint8_t *p = msg->payload;
    wudf_hello h;
    h.magic = wudf_le32(p);
    h.version_major = wudf_le16(p + 4);
    h.version_minor = wudf_le16(p + 6);
    h.role = wudf_le32(p + 8);
    h.pid = wudf_le32(p + 12);
    if (h.magic != WUDF_PROTO_MAGIC)
        return wudf_error_set(err, WUDF_EPROTO, "hello: bad magic 0x%08x", (unsigned)h.magic);
    if (h.version_major != WUDF_PROTO_VERSION_MAJOR)
        return wudf_error_set(err, WUDF_EPROTO, "hello: protocol version %u.%u, this side speaks %u.x",
                              h.version_major, h.version_minor, WUDF_PROTO_VERSION_MAJOR);
    if (h.role < WUDF_ROLE_CLIENT || h.role > WUDF_ROLE_TOOL)
        return wudf_error_set(err, WUDF_EPROTO, "hello: unknown role %u", (unsigned)h.role);
    *hello = h;
    return 0;
}
