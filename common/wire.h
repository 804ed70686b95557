/*
 * Wire codec: encode and decode the messages of inc/openwudf/proto.h, frame
 * them out of a byte stream, and build or read key/value payloads. Decoding
 * checks every field and length; an error says what was wrong.
 */
#ifndef OPENWUDF_COMMON_WIRE_H
#define OPENWUDF_COMMON_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "openwudf/proto.h"

/* One message, decoded. payload points into the buffer it was decoded from. */
typedef struct wudf_msg {
    uint16_t type;
    uint64_t irp_id;
    uint32_t device_id;
    uint32_t file_id;
    uint8_t major;
    uint8_t minor;
    uint32_t ioctl_code;
    uint32_t input_length;
    uint32_t output_length;
    int32_t status;
    uint64_t information;
    uint64_t offset;
    const uint8_t *payload;
    uint32_t payload_length;
} wudf_msg;

/*
 * The minor field of WUDF_MSG_DEVICE_STOP and WUDF_MSG_DEVICE_STOPPED. 0 is the orderly removal itself
 * (IRP_MN_REMOVE_DEVICE). QUERY_REMOVE asks the drivers whether the device may go (IRP_MN_QUERY_REMOVE_DEVICE,
 * IPnpCallback::OnQueryRemove); the host answers with a DEVICE_STOPPED of the same minor: status the NTSTATUS of
 * the answer (negative: refused), information the HRESULT of the driver that refused (0 when none did). The
 * device keeps running either way until a DEVICE_STOP without minor comes.
 */
typedef enum wudf_stop_minor {
    WUDF_STOP_MINOR_QUERY_REMOVE = 1
} wudf_stop_minor;

void wudf_msg_init(wudf_msg *msg, wudf_msg_type type);
/* An IRP message: input bytes (if any) become the payload. */
void wudf_msg_init_irp(wudf_msg *msg, uint8_t major, uint32_t file_id, uint32_t ioctl_code, const void *input,
                       uint32_t input_length, uint32_t output_length);
const char *wudf_msg_type_name(unsigned type);
const char *wudf_irp_major_name(unsigned major);
int wudf_irp_major_valid(unsigned major);
/* What is wrong with a symbolic link's reference string (proto.h, WUDF_LINK_REFERENCE_MAX): NULL when
 * nothing, else "reference-too-long" or "reference-has-separator". */
const char *wudf_link_reference_problem(const char *reference);

/* Header + payload size of msg once encoded. */
size_t wudf_msg_encoded_size(const wudf_msg *msg);
/* Encodes msg into buf (cap bytes); fails if the message breaks a rule. */
int wudf_msg_encode(const wudf_msg *msg, uint8_t *buf, size_t cap, wudf_error *err);
/* Same into a new malloc'd buffer (caller frees). NULL on error. */
uint8_t *wudf_msg_encode_alloc(const wudf_msg *msg, size_t *length, wudf_error *err);

/* Reads the size field of a header and checks it against the limits. */
int wudf_msg_peek_size(const uint8_t *buf, size_t length, uint32_t *size, wudf_error *err);
/* Decodes exactly one message occupying all of buf[0..length). */
int wudf_msg_decode(const uint8_t *buf, size_t length, wudf_msg *out, wudf_error *err);

/* HELLO payload. */
typedef struct wudf_hello {
    uint32_t magic;
    uint16_t version_major;
    uint16_t version_minor;
    uint32_t role;
    uint32_t pid;
} wudf_hello;

void wudf_hello_make(wudf_hello *hello, wudf_role role, uint32_t pid);
void wudf_hello_encode(const wudf_hello *hello, uint8_t out[WUDF_HELLO_SIZE]);
/* Decodes and checks magic, major version and role. */
int wudf_hello_decode(const wudf_msg *msg, wudf_hello *hello, wudf_error *err);

/* Key/value list; keys and values are NUL-terminated copies. */
typedef struct wudf_kv {
    size_t count;
    size_t capacity;
    char **keys;
    char **values;
} wudf_kv;

void wudf_kv_init(wudf_kv *kv);
void wudf_kv_free(wudf_kv *kv);
int wudf_kv_add(wudf_kv *kv, const char *key, const char *value, wudf_error *err);
int wudf_kv_addf(wudf_kv *kv, wudf_error *err, const char *key, const char *fmt, ...) WUDF_PRINTF(4, 5);
/* First value of key at or after index from, or NULL. */
const char *wudf_kv_get_from(const wudf_kv *kv, size_t from, const char *key);
const char *wudf_kv_get(const wudf_kv *kv, const char *key);
/* Parses an unsigned decimal value of key; fails if absent or malformed. */
int wudf_kv_get_u64(const wudf_kv *kv, const char *key, uint64_t *value, wudf_error *err);
/* The bytes of every value of key, each hex (two digits a byte), in order, into out: 0 when they are
 * exactly size bytes, -1 otherwise (a value too long stops the decoding there). */
int wudf_kv_get_hex(const wudf_kv *kv, const char *key, uint8_t *out, size_t size);
size_t wudf_kv_encoded_size(const wudf_kv *kv);
/* Encodes into a new malloc'd buffer (caller frees). */
int wudf_kv_encode(const wudf_kv *kv, uint8_t **out, uint32_t *length, wudf_error *err);
/* Decodes a payload; kv must be initialised (entries are appended). */
int wudf_kv_decode(const uint8_t *data, size_t length, wudf_kv *kv, wudf_error *err);
/* Checks a payload without keeping it. */
int wudf_kv_validate(const uint8_t *data, size_t length, wudf_error *err);

/*
 * Stream framing: bytes arrive in pieces (libuv reads); messages come out
 * whole. A header that announces an impossible size is refused as soon as
 * its first bytes arrive, before anything is buffered for it.
 */
typedef struct wudf_framer {
    uint8_t *buffer;
    size_t start;    /* first byte not yet consumed */
    size_t length;   /* bytes held, from 0 */
    size_t capacity;
} wudf_framer;

void wudf_framer_init(wudf_framer *framer);
void wudf_framer_free(wudf_framer *framer);
/* Space to read into (at least want bytes); then commit what was read. */
int wudf_framer_reserve(wudf_framer *framer, size_t want, uint8_t **space, size_t *space_length,
                        wudf_error *err);
void wudf_framer_commit(wudf_framer *framer, size_t length);
/* Bytes received and not yet taken as messages. */
size_t wudf_framer_pending(const wudf_framer *framer);
/* With nothing pending, gives back a buffer larger than keep (a big message's buffer is not kept idle). */
void wudf_framer_shrink(wudf_framer *framer, size_t keep);
int wudf_framer_push(wudf_framer *framer, const void *data, size_t length, wudf_error *err);
/*
 * Takes the next whole message: returns 1 and fills msg (payload valid until
 * the next reserve/push), 0 when more bytes are needed, -1 on a malformed
 * stream (err says why; the connection should be closed).
 */
int wudf_framer_next(wudf_framer *framer, wudf_msg *msg, wudf_error *err);

#endif
