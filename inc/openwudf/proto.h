/*
 * openwudf wire format: the messages that travel between clients, the
 * reflector and host processes. Everything is little-endian, framed by a fixed
 * 64-byte header followed by a payload; see docs/architecture.md.
 *
 * Every receiver treats every byte as untrusted: common/wire.c checks each
 * header and payload against these rules before anything acts on it.
 */
#ifndef OPENWUDF_PROTO_H
#define OPENWUDF_PROTO_H

#include <stdint.h>

#define WUDF_PROTO_MAGIC 0x46445557u /* "WUDF" read as a little-endian u32 */
#define WUDF_PROTO_VERSION_MAJOR 1   /* peers with another major are refused */
#define WUDF_PROTO_VERSION_MINOR 1   /* a newer minor only adds optional keys */

#define WUDF_MSG_HEADER_SIZE 64u
/* Hard maximum of one message; larger transfers belong to the shared-memory path. */
#define WUDF_MSG_MAX_PAYLOAD (16u * 1024u * 1024u)
#define WUDF_MSG_MAX_SIZE (WUDF_MSG_HEADER_SIZE + WUDF_MSG_MAX_PAYLOAD)

/* Who speaks on a connection; said once in HELLO. */
typedef enum wudf_role {
    WUDF_ROLE_CLIENT = 1, /* an application doing I/O on devices */
    WUDF_ROLE_HOST = 2,   /* a host process serving one device */
    WUDF_ROLE_TOOL = 3    /* wudfctl: install, status, restart ... */
} wudf_role;

typedef enum wudf_msg_type {
    WUDF_MSG_HELLO = 1,           /* first message each way; payload wudf_hello */
    WUDF_MSG_IRP = 2,             /* an I/O request; payload = input bytes */
    WUDF_MSG_COMPLETE = 3,        /* completion of irp_id; payload = output bytes */
    WUDF_MSG_CANCEL = 4,          /* cancel irp_id; no payload */
    WUDF_MSG_PING = 5,            /* heartbeat reflector -> host; no payload */
    WUDF_MSG_PONG = 6,            /* heartbeat answer, same irp_id; no payload; information: ms the oldest
                                     driver callback in progress has run (0: none) */
    WUDF_MSG_DEVICE_START = 7,    /* reflector -> host: device config (kv payload) */
    WUDF_MSG_DEVICE_STARTED = 8,  /* host -> reflector: start result in status (kv payload) */
    WUDF_MSG_DEVICE_STOP = 9,     /* reflector -> host: orderly removal, or with minor QUERY_REMOVE the
                                     question before it (common/wire.h); no payload */
    WUDF_MSG_DEVICE_STOPPED = 10, /* host -> reflector: removal done, or the answer to the query; no payload */
    WUDF_MSG_HOST_EVENT = 11,     /* host -> reflector: symbolic link, interface ... (kv) */
    WUDF_MSG_TOOL_REQUEST = 12,   /* tool -> reflector: kv with "op" (a client's: op=interfaces only) */
    WUDF_MSG_TOOL_REPLY = 13,     /* reflector -> tool: status + kv records */
    WUDF_MSG_RING = 14,           /* reflector -> client/host: a fast-path descriptor rides along
                                   * (minor: wudf_ring_fd_kind, file_id, information = size) */
    WUDF_MSG_POWER = 15,          /* reflector -> host: simulated system sleep (minor: wudf_power_minor);
                                   * no payload; the host answers with a HOST_EVENT event=power */
    WUDF_MSG_REMOTE_IRP = 16,     /* host -> reflector: a request of its driver for another device (a remote
                                   * I/O target); header and payload as IRP, irp_id and file_id the host's own */
    WUDF_MSG_REMOTE_COMPLETE = 17, /* reflector -> host: the end of a REMOTE_IRP (same irp_id); payload = output */
    WUDF_MSG_REMOTE_CANCEL = 18,  /* host -> reflector: cancel REMOTE_IRP irp_id; no payload */
    WUDF_MSG_REMOTE_EVENT = 19,   /* kv both ways: device interface notifications, a remote target's removal,
                                   * another device's custom event */
    WUDF_MSG_TYPE_MAX = 20
} wudf_msg_type;

/*
 * WUDF_MSG_REMOTE_EVENT keys (reflector/remote*.c, host/remote*.c). GUIDs as "{XXXXXXXX-...}", links
 * as the reflector hands them out, file = the host's file_id of a REMOTE_IRP create.
 *   host -> reflector   event=register guid=G existing=0|1      (RegisterRemoteInterfaceNotification)
 *                       event=query-remove-answer file=N allow=0|1
 *   reflector -> host   event=arrival guid=G link=L             (OnRemoteInterfaceArrival)
 *                       event=interface-removal guid=G link=L   (OnRemoteInterfaceRemoval)
 *                       event=query-remove file=N               (OnRemoteTargetQueryRemove; answer expected)
 *                       event=remove-canceled file=N
 *                       event=remove-complete file=N
 *                       event=custom file=N guid=G size=S data=H...
 *                           another device's PostEvent (OnRemoteInterfaceEvent of the remote interface the
 *                           target on file N was opened on): S the byte count (at most 0xFFFF - 36, PostEvent's
 *                           bound), each data value up to 16384 bytes as lower-case hex, in order, S bytes in
 *                           all (none when S is 0); both sides check it and drop a malformed one, logged
 */

/* The minor field of WUDF_MSG_POWER: what the system does (IRP_MN_SET_POWER of a system state). */
typedef enum wudf_power_minor {
    WUDF_POWER_MINOR_SUSPEND = 1, /* the system goes to sleep (S3): the device leaves D0 */
    WUDF_POWER_MINOR_RESUME = 2,  /* the system is back in S0: the device returns as it was */
    WUDF_POWER_MINOR_WAKE = 3,    /* the device signals wake: back to D0 (and the system to S0) when armed */
} wudf_power_minor;

/* IRP major function codes, with the numbers Windows uses (IRP_MJ_*). */
typedef enum wudf_irp_major {
    WUDF_IRP_MJ_CREATE = 0x00,
    WUDF_IRP_MJ_CLOSE = 0x02,
    WUDF_IRP_MJ_READ = 0x03,
    WUDF_IRP_MJ_WRITE = 0x04,
    WUDF_IRP_MJ_DEVICE_CONTROL = 0x0e,
    WUDF_IRP_MJ_INTERNAL_DEVICE_CONTROL = 0x0f,
    WUDF_IRP_MJ_CLEANUP = 0x12
} wudf_irp_major;

/*
 * Header, 64 bytes, little-endian, at these offsets:
 *   0 u32 size          whole message, header included (64 .. WUDF_MSG_MAX_SIZE)
 *   4 u16 type          wudf_msg_type
 *   6 u16 flags         must be 0 in version 1.0
 *   8 u64 irp_id        request id; chosen by the sender of the IRP, echoed by
 *                       COMPLETE/CANCEL/PONG
 *  16 u32 device_id     reflector's devnode handle (host channel), 0 elsewhere
 *  20 u32 file_id       file the IRP is for (per connection for clients)
 *  24 u8  major         wudf_irp_major (IRP only)
 *  25 u8  minor         0, except the fast path's marks (openwudf/ring.h): CREATE 1
 *                       asks for a ring, CANCEL 1 names a ring request, RING 1..3
 *                       says which descriptor the message carries
 *  26 u16 reserved0     must be 0
 *  28 u32 ioctl_code    DEVICE_CONTROL / INTERNAL_DEVICE_CONTROL only
 *  32 u32 input_length  input bytes carried in the payload (IRP only)
 *  36 u32 output_length output buffer the requester offers (READ and ioctls)
 *  40 i32 status        NTSTATUS (COMPLETE, DEVICE_STARTED, TOOL_REPLY, HELLO reply)
 *  44 u32 reserved1     must be 0
 *  48 u64 information   IoStatus.Information (COMPLETE); on a READ, WRITE or ioctl
 *                       IRP, its place in its file's order (openwudf/ring.h), 0 for none;
 *                       on a CREATE the reflector sends a host, the opener's process id
 *                       (0 when unknown; a client's own value is not passed on)
 *  56 u64 offset        byte offset (READ/WRITE)
 */
#define WUDF_HDR_OFF_SIZE 0
#define WUDF_HDR_OFF_TYPE 4
#define WUDF_HDR_OFF_FLAGS 6
#define WUDF_HDR_OFF_IRP_ID 8
#define WUDF_HDR_OFF_DEVICE_ID 16
#define WUDF_HDR_OFF_FILE_ID 20
#define WUDF_HDR_OFF_MAJOR 24
#define WUDF_HDR_OFF_MINOR 25
#define WUDF_HDR_OFF_RESERVED0 26
#define WUDF_HDR_OFF_IOCTL 28
#define WUDF_HDR_OFF_INPUT_LENGTH 32
#define WUDF_HDR_OFF_OUTPUT_LENGTH 36
#define WUDF_HDR_OFF_STATUS 40
#define WUDF_HDR_OFF_RESERVED1 44
#define WUDF_HDR_OFF_INFORMATION 48
#define WUDF_HDR_OFF_OFFSET 56

/*
 * HELLO payload, 16 bytes: u32 magic, u16 version_major, u16 version_minor,
 * u32 role, u32 pid. The reflector answers with its own HELLO whose status
 * says whether the peer was accepted.
 */
#define WUDF_HELLO_SIZE 16u

/*
 * Key/value payload (DEVICE_START, DEVICE_STARTED, HOST_EVENT, TOOL_*):
 *   u32 count, then count entries of { u16 key_length, u32 value_length,
 *   key bytes, value bytes }.
 * Keys: 1..64 bytes of [a-z0-9_.-]. Values: UTF-8 text without NUL, up to
 * WUDF_KV_MAX_VALUE bytes. At most WUDF_KV_MAX_ENTRIES entries. A key may
 * repeat; a repeated "device" key starts a new record in a TOOL_REPLY.
 */
#define WUDF_KV_MAX_KEY 64u
#define WUDF_KV_MAX_VALUE 65536u
#define WUDF_KV_MAX_ENTRIES 16384u

/*
 * A symbolic link's reference string (CreateSymbolicLinkWithReferenceString): DEVICE_STARTED's
 * "symlink-reference" right after its "symlink", HOST_EVENT event=symlink's "reference". At most
 * this many bytes of UTF-8, without a path separator.
 */
#define WUDF_LINK_REFERENCE_MAX 127u

#endif
