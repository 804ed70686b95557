/*
 * The reflector's side of remote I/O targets and device interface notifications (remote.c,
 * remote_interface.c, remote_removal.c): a host never reaches another host; what its driver does with
 * another device comes on its own channel, and the reflector opens and talks to that device for it
 * through an internal client connection, as for any client (docs/architecture.md).
 */
#ifndef OPENWUDF_REFLECTOR_REMOTE_H
#define OPENWUDF_REFLECTOR_REMOTE_H

#include "inf.h"
#include "reflector.h"

/* What one host may hold at once; beyond it a request is refused with STATUS_INSUFFICIENT_RESOURCES
 * (files, requests) or ignored (registrations, interfaces), and the refusal is logged. */
#define WUDF_REMOTE_MAX_FILES 64u         /* remote files open or being opened */
#define WUDF_REMOTE_MAX_REQUESTS 1024u    /* remote requests at other devices' hosts */
#define WUDF_REMOTE_MAX_REGISTRATIONS 32u /* RegisterRemoteInterfaceNotification calls */
#define WUDF_REMOTE_MAX_INTERFACES 64u    /* device interfaces its own device publishes */

/* A device interface a host's device published (IWDFDevice::CreateDeviceInterface). */
typedef struct wudf_remote_itf {
    wudf_list link;
    char guid[WUDF_INF_GUID_SIZE];
    char reference[128]; /* "" when none */
    int enabled;
    uint64_t serial;     /* when it last became available (remote_interface.c's count) */
} wudf_remote_itf;

/* A RegisterRemoteInterfaceNotification of a host's driver. */
typedef struct wudf_remote_reg {
    wudf_list link;
    char guid[WUDF_INF_GUID_SIZE];
    int existing;        /* IncludeExistingInterfaces */
    uint64_t since;      /* the interface count when it came: later arrivals are new */
} wudf_remote_reg;

/* A host's part, as the one that opens other devices and as the one whose device others open. */
struct wudf_remote {
    wudf_list link;          /* every record */
    wudf_host *host;
    wudf_conn *conn;         /* internal client connection for its remote files, NULL until its first open */
    wudf_list registrations; /* wudf_remote_reg */
    unsigned registration_count;
    wudf_list interfaces;    /* wudf_remote_itf */
    unsigned interface_count;
};
typedef struct wudf_remote wudf_remote;

/* remote.c */
/* Every record, for the other files' walks. */
extern wudf_list wudf_remote_all;
/* h's record, made at first use; NULL when out of memory. */
wudf_remote *wudf_remote_get(wudf_host *h);
/* A REMOTE_EVENT to h (nothing when its channel is gone). */
void wudf_remote_send_event(wudf_host *h, const wudf_kv *kv);
/* Whether h may be told of arrivals and removals now (its device runs). */
int wudf_remote_host_ready(const wudf_host *h);

/* remote_interface.c */
/* A name that starts with a link the reflector handed out (\\?\ROOT#ECHO#0000#{GUID}[\ref]): the devnode whose
 * enabled interface it names, and in *rest what follows the interface's name (its reference string and a
 * relative name, "" or from a backslash on); NULL when it names none. */
wudf_devnode *wudf_remote_interface_lookup(const char *name, const char **rest);
/* event=register from h. */
void wudf_remote_register(wudf_host *h, const wudf_kv *kv);
/* A checked event=custom of d's host (custom_event.c) to every remote file other running hosts hold open on
 * d, as REMOTE_EVENT event=custom; how many it went to. */
unsigned wudf_remote_custom_event(wudf_devnode *d, const wudf_kv *event);
/* h leaves its devnode: its registrations and interfaces go; others hear of the interfaces' removal. */
void wudf_remote_interfaces_gone(wudf_host *h);

/* remote_removal.c */
/* event=query-remove-answer from h. */
void wudf_remote_removal_answer(wudf_host *h, const wudf_kv *kv);
/* h leaves its devnode: as a holder its answers are no longer awaited; as a target its holders get
 * remove-complete. */
void wudf_remote_removal_gone(wudf_host *h);

/* custom_event.c */
/* A client's REMOTE_EVENT: event=register-custom or unregister-custom file=N (the client's open file), the
 * application side of a device's custom events (wudf_register_custom_events); answered with a COMPLETE of
 * the message's irp_id. */
void wudf_custom_event_client(wudf_conn *c, const wudf_msg *msg);

#endif
