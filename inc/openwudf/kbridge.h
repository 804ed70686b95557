/*
 * reflector.sys <-> wudfrd: the inverted call between the kernel driver that
 * owns the device objects applications open (\\.\Echo0) and the user-mode
 * reflector. wudfrd keeps a few TRANSACT requests pending on the control
 * device; reflector.sys completes one with the next packets, and wudfrd hands
 * down completions and device changes as the input of its next TRANSACT. No
 * kernel thread ever waits for user mode.
 *
 * A TRANSACT's input and output are sequences of messages in the wire format
 * of proto.h (64-byte header + payload), each checked by its receiver:
 *   kernel -> user: IRP (CREATE, READ, WRITE, DEVICE_CONTROL,
 *                   INTERNAL_DEVICE_CONTROL, CLEANUP, CLOSE) and CANCEL;
 *                   device_id = the device handle given in LINK_ADD,
 *                   file_id = reflector.sys's id of the file object,
 *                   irp_id = its id of the IRP; a CREATE's payload is the
 *                   rest of the opened name in UTF-8 ("" for \\.\Echo0).
 *   user -> kernel: COMPLETE (irp_id, status, information, payload = output
 *                   bytes), WUDF_KMSG_DEVICE_ADD, WUDF_KMSG_LINK_ADD,
 *                   WUDF_KMSG_INTERFACE and WUDF_KMSG_DEVICE_REMOVE.
 */
#ifndef OPENWUDF_KBRIDGE_H
#define OPENWUDF_KBRIDGE_H

#include "proto.h"

/* The control device only wudfrd opens (exclusively). */
#define WUDF_KBRIDGE_DEVICE L"\\Device\\OpenWudfReflector"
#define WUDF_KBRIDGE_LINK L"\\DosDevices\\OpenWudfReflector"
#define WUDF_KBRIDGE_PATH "\\\\.\\OpenWudfReflector"
/* Its service name (sc query OpenWudfReflector) and driver file. */
#define WUDF_KBRIDGE_SERVICE "OpenWudfReflector"
#define WUDF_KBRIDGE_DRIVER_FILE "reflector.sys"

/* CTL_CODE(0x8057, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS): input = messages for the kernel,
 * output buffer (at least WUDF_KBRIDGE_MIN_OUTPUT) = messages for wudfrd; the kernel reads all of
 * the input before it writes the output into the same system buffer. A TRANSACT without input
 * waits until there is something to return; one with input never waits. */
#define WUDF_KBRIDGE_IOCTL_TRANSACT 0x80572400u

/* Bytes of data one IRP may carry either way through the bridge; larger requests fail with
 * STATUS_INVALID_BUFFER_SIZE before they reach the reflector. */
#define WUDF_KBRIDGE_MAX_DATA (4u * 1024u * 1024u)
#define WUDF_KBRIDGE_MIN_OUTPUT (WUDF_KBRIDGE_MAX_DATA + 2 * WUDF_MSG_HEADER_SIZE) /* batch + one packet */
#define WUDF_KBRIDGE_MAX_INPUT (16u * 1024u * 1024u)

/* Messages only the bridge knows (header layout of proto.h, type field):
 * LINK_ADD: device_id = handle; payload = the link's name in UTF-16LE without a terminator
 *           ("\DosDevices\Echo0"); the first link of a handle creates its device object. A link made
 *           with a reference string (CreateSymbolicLinkWithReferenceString) has it after the name
 *           and one NUL character ("\DosDevices\Echo0" NUL "Ref": 1 to WUDF_KBRIDGE_MAX_REFERENCE
 *           printable ASCII characters, no backslash or slash); its opens reach the device named
 *           "\Ref" and what followed the link, as on Windows. A payload that does not check out
 *           makes no link.
 * DEVICE_REMOVE: device_id = handle; its links go, its files fail from then on. */
#define WUDF_KMSG_LINK_ADD 0x100u
#define WUDF_KMSG_DEVICE_REMOVE 0x101u
/* First message of every TRANSACT output that carries packets: irp_id = its sequence number
 * (1, 2, ...). wudfrd's threads may hand outputs over out of order; wudfrd acts on them in
 * sequence, so a file's IRPs reach the driver in the order the application sent them. */
#define WUDF_KMSG_BATCH 0x102u
/* DEVICE_ADD: device_id = handle; payload = the devnode's instance id in UTF-16LE ("ROOT\ECHO\0000");
 *             creates its device object, which answers IRP_MN_QUERY_ID with that id as Windows' PDOs do.
 * INTERFACE: device_id = handle; status = 1 to enable, 0 to disable; payload = "{GUID}" or
 *            "{GUID}\reference" in UTF-16LE. The first use registers the interface with the kernel
 *            (IoRegisterDeviceInterface), so SetupAPI lists it and its path opens the device. */
#define WUDF_KMSG_DEVICE_ADD 0x103u
#define WUDF_KMSG_INTERFACE 0x104u
#define WUDF_KBRIDGE_MAX_LINK 256u /* bytes of UTF-16 of a link's name */
#define WUDF_KBRIDGE_MAX_INSTANCE 400u /* bytes of UTF-16: 199 characters, as MAX_DEVICE_ID_LEN allows */
#define WUDF_KBRIDGE_MAX_REFERENCE 63u /* characters of an interface's or a link's reference string */

#endif
