/*
 * Remote I/O targets and remote interfaces inside the host (remote_hub.c, remote_interface.c,
 * remote_target.c, remote_io.c, remote_removal.c). A host never reaches another host: opens, sends,
 * cancels and registrations go to the reflector on the host's channel (REMOTE_IRP, REMOTE_CANCEL,
 * REMOTE_EVENT), which opens the other device as it would for a client; answers and notifications
 * come back as REMOTE_COMPLETE and REMOTE_EVENT and are taken on the channel's thread without
 * blocking it (wudf_remote_message). Driver callbacks run on the workers.
 */
#ifndef OPENWUDF_HOST_REMOTE_H
#define OPENWUDF_HOST_REMOTE_H

#include "io_target_state.h"

/* What a host's driver may hold; the reflector bounds the same (reflector/remote.h). */
#define WUDF_REMOTE_MAX_REGISTRATIONS 32u
/* How long an open waits for the reflector's answer; the open is then abandoned and closed when it comes. */
#define WUDF_REMOTE_OPEN_TIMEOUT_MS 60000u

typedef struct wudf_remote_hub wudf_remote_hub;
typedef struct wudf_remote_target wudf_remote_target;
typedef struct wudf_remote_interface wudf_remote_interface;
typedef struct wudf_remote_io wudf_remote_io;

/* A device's remote part: a framework object, child of the device, that its driver never sees. Its
 * fields are guarded by the host lock. */
struct wudf_remote_hub {
    wudf_object obj;
    wudf_device *device;
    wudf_list link;           /* every hub (remote_hub.c's list) */
    int gone;                 /* cleaned up (the device went): no new targets or arrivals */
    wudf_list targets;        /* wudf_remote_target.hub_link */
    wudf_list interfaces;     /* wudf_remote_interface.hub_link */
    wudf_list opens;          /* opens waiting for the reflector (remote_target.c) */
    unsigned registrations;
    uint32_t next_file_id;
    wudf_list removals;       /* removal events in arrival order, told one at a time (remote_removal.c) */
    int removals_running;     /* a worker tells them */
    wudf_list custom_events;  /* other devices' events in arrival order, told one at a time (remote_interface.c) */
    unsigned custom_events_waiting;
    int custom_events_running; /* a worker tells them */
    uv_cond_t changed;        /* an open was answered */
    IPnpCallbackRemoteInterfaceNotification *arrival; /* the device callback's, referenced */
};

/* IWDFRemoteTarget. */
struct wudf_remote_target {
    wudf_object obj;
    wudf_target_state state;
    wudf_remote_hub *hub;                   /* referenced */
    wudf_list hub_link;
    IRemoteTargetCallbackRemoval *removal;  /* the callback object's, referenced until cleanup */
    /* Host lock. */
    uint32_t file_id;        /* its open file at the reflector, 0 when closed */
    uint32_t last_file_id;   /* the file removal events name, kept after CloseForQueryRemove */
    char *name;              /* what it was opened with (UTF-8), for Reopen */
    wudf_remote_interface *itf; /* OpenRemoteInterface's (referenced), or NULL */
    wudf_list in_flight;     /* wudf_remote_io.link */
    int busy;                /* an open or close runs */
};

/* IWDFRemoteInterface. */
struct wudf_remote_interface {
    wudf_object obj;
    wudf_remote_hub *hub;    /* referenced */
    wudf_list hub_link;
    GUID guid;
    char *link;              /* UTF-8, as the reflector named it */
    IRemoteInterfaceCallbackRemoval *removal; /* the callback object's, referenced until cleanup */
    IRemoteInterfaceCallbackEvent *event;     /* likewise */
};

/* One send at a remote target: what comes back is copied into the memory it was formatted with. */
struct wudf_remote_io {
    wudf_list link;             /* its target's in_flight (host lock) */
    wudf_remote_target *target; /* referenced */
    wudf_request *request;      /* referenced */
    uint64_t id;                /* the REMOTE_IRP's */
    ULONG flags;
    wudf_io_format format;      /* references held */
    uint64_t deadline;          /* 0: none */
    int cancel_requested;
    int timed_out;
    int finished;
    NTSTATUS status;
    size_t information;
};

/* remote_hub.c */
/* The device's hub, made at first use (referenced); NULL when out of memory. */
wudf_remote_hub *wudf_remote_hub_get(wudf_device *device);
/* The host's hub if it has one, referenced. */
wudf_remote_hub *wudf_remote_hub_find(wudf_host *host);
/* A fresh id for a REMOTE_IRP. */
uint64_t wudf_remote_next_id(void);
/* A REMOTE_IRP for the hub's device: major, file, name or bytes, output room. */
void wudf_remote_send_irp(wudf_host *host, uint64_t id, uint8_t major, uint32_t file_id, uint32_t ioctl,
                          const void *input, uint32_t input_length, uint32_t output_length, uint64_t offset);
/* A REMOTE_EVENT with these pairs (NULL-terminated keys and values). */
void wudf_remote_send_event(wudf_host *host, const char *const *pairs);
/* Runs fn(arg) on a worker, under the device's callback lock when its locking is device level. */
void wudf_remote_callback(wudf_remote_hub *hub, void (*fn)(void *), void *arg);

/* remote_interface.c */
/* event=arrival / interface-removal from the reflector (channel thread). */
void wudf_remote_interface_arrival(wudf_remote_hub *hub, const wudf_kv *kv);
void wudf_remote_interface_removal(wudf_remote_hub *hub, const wudf_kv *kv);
wudf_remote_interface *wudf_remote_interface_from(IWDFRemoteInterface *itf);
/* event=custom from the reflector (channel thread): another device's PostEvent, for the remote target
 * opened on file (OpenRemoteInterface) when its remote interface has IRemoteInterfaceCallbackEvent. */
void wudf_remote_interface_custom_event(wudf_remote_hub *hub, const wudf_kv *kv);

/* remote_target.c */
wudf_remote_target *wudf_remote_target_from_iface(IWDFRemoteTarget *target);

/* remote_open.c: open, close and reopen as the driver's methods do them (remote_removal.c calls them for
 * a driver without IRemoteTargetCallbackRemoval). */
/* Opens name (UTF-8; itf: the remote interface it names, or NULL): what CreateFile would answer. */
HRESULT wudf_remote_target_open(wudf_remote_target *target, const char *name, wudf_remote_interface *itf);
/* Ends what the target sent (waiting for it), leaves it in state to, and closes its file. */
HRESULT wudf_remote_target_close(wudf_remote_target *target, WDF_IO_TARGET_STATE to);
HRESULT wudf_remote_target_reopen(wudf_remote_target *target);
/* REMOTE_COMPLETE of an open (channel thread): 1 when id was one. */
int wudf_remote_target_open_done(wudf_remote_hub *hub, const wudf_msg *msg);
/* Cleanup then close of a file at the reflector; their answers are not waited for. */
void wudf_remote_close_file(wudf_host *host, uint32_t file_id);

/* remote_io.c */
extern const wudf_target_ops wudf_remote_ops;
/* Host lock held: asks the reflector to cancel io (once; timed_out: its deadline passed). */
void wudf_remote_io_cancel_locked(wudf_remote_io *io, int timed_out);
/* REMOTE_COMPLETE of a send (channel thread): 1 when id was one. */
int wudf_remote_io_done(wudf_remote_hub *hub, const wudf_msg *msg);

/* remote_removal.c */
/* event=query-remove, remove-canceled, remove-complete (channel thread). */
void wudf_remote_removal_event(wudf_remote_hub *hub, const char *event, const wudf_kv *kv);

#endif
