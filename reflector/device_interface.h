/*
 * Device interfaces as applications find them (device_interface.c, tool_interface.c): every interface a
 * device's driver ever published stays registered with its devnode, as Windows keeps it under
 * DeviceClasses until the device is removed, and is listed by class GUID, present only (enabled on a
 * running device, SetupDiGetClassDevs' DIGCF_PRESENT) or all registered (CM_Get_Device_Interface_List's
 * ALL_DEVICES), by the tool request op=interfaces, the client library and the FUSE mount.
 */
#ifndef OPENWUDF_REFLECTOR_DEVICE_INTERFACE_H
#define OPENWUDF_REFLECTOR_DEVICE_INTERFACE_H

#include "inf.h"
#include "reflector.h"

/* Interfaces one devnode registers at most (as remote.h bounds what a host publishes), and one answer
 * names at most. */
#define WUDF_INTERFACE_MAX_PER_DEVICE 64u
#define WUDF_INTERFACE_LIST_MAX 1024u
/* A reference string's bytes at most, its terminator included (remote.h's wudf_remote_itf). */
#define WUDF_INTERFACE_REFERENCE_SIZE 128u
/* An interface's link, \\?\ROOT#ECHO#0000#{GUID}\reference, with its terminator. */
#define WUDF_INTERFACE_LINK_SIZE (4u + sizeof(((wudf_devnode *)0)->instance_id) + WUDF_INF_GUID_SIZE + \
                                  WUDF_INTERFACE_REFERENCE_SIZE)

/* One registered interface of d, as the walk hands it out. */
typedef struct wudf_interface_info {
    const wudf_devnode *devnode;
    const char *guid;      /* "{6E3B2A9C-...}", upper case */
    const char *reference; /* "" when none */
    const char *link;      /* \\?\ROOT#ECHO#0000#{GUID}[\reference] */
    int enabled;           /* present: enabled on the device's running host */
} wudf_interface_info;

/* "{GUID}" or "GUID", any case: 0 with out "{UPPER-CASE}", or -1. */
int wudf_interface_guid_parse(const char *text, char out[WUDF_INF_GUID_SIZE]);
/* The link Windows gives the interface (instance id's backslashes as #, then #{GUID}, then \reference). */
void wudf_interface_link(const char *instance_id, const char *guid, const char *reference, char *out, size_t size);

/* d published guid[\reference] (DEVICE_STARTED, HOST_EVENT event=interface): registered, once. */
void wudf_interface_register(const wudf_devnode *d, const char *guid, const char *reference);
/* "{GUID}" or "{GUID}\reference" of the device store's interface= lines. */
int wudf_interface_load(const wudf_devnode *d, const char *text, wudf_error *err);
/* The text of d's registered interface i for the store, or NULL past the last. */
const char *wudf_interface_stored(const wudf_devnode *d, unsigned i, char *buf, size_t size);

/* The devnode is freed (removed): its registrations go. */
void wudf_interface_forget(const wudf_devnode *d);
/* Calls fn for each interface of class guid (NULL: every class), in devnode order then registration
 * order; only the enabled ones unless all. Stops when fn returns non-zero. */
typedef int (*wudf_interface_fn)(const wudf_interface_info *itf, void *ctx);
void wudf_interface_each(const char *guid, int all, wudf_interface_fn fn, void *ctx);

/* tool_interface.c: op=interfaces (guid optional, all 0 or 1), from a tool or a client connection. */
void wudf_tool_interfaces(wudf_conn *c, uint64_t irp_id, const wudf_kv *req);
/* A TOOL_REQUEST on a client connection: only op=interfaces is answered. */
void wudf_tool_interfaces_client(wudf_conn *c, const wudf_msg *msg);

#endif
