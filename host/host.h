/*
 * The host framework: state shared by the framework objects of one hosted
 * device, and the functions the files of host/ call on each other. The
 * public entry points (create, submit, destroy) are at the top; the rest is
 * internal to host/ and its unit tests.
 */
#ifndef OPENWUDF_HOST_HOST_H
#define OPENWUDF_HOST_HOST_H

#include "object.h"
#include "outbox.h"
#include "workers.h"
#include "wire.h"

#include <openwudf/wintypes.h>

typedef struct wudf_driver wudf_driver;
typedef struct wudf_device wudf_device;
typedef struct wudf_device_init wudf_device_init;
typedef struct wudf_queue wudf_queue;
typedef struct wudf_request wudf_request;
typedef struct wudf_memory wudf_memory;
typedef struct wudf_file wudf_file;
typedef struct wudf_io_target wudf_io_target;
typedef struct wudf_module wudf_module;

/* DllGetClassObject of a driver module. */
typedef HRESULT(STDAPICALLTYPE *wudf_get_class_object_fn)(REFCLSID rclsid, REFIID riid, LPVOID *ppv);

typedef struct wudf_host_options {
    unsigned worker_threads;     /* driver callback threads; 0 = 4 */
    unsigned stop_timeout_ms;    /* how long DEVICE_STOP waits for requests the driver holds; 0 = 5000 */
    /* Tests: use this instead of loading service.0.binary. */
    wudf_get_class_object_fn get_class_object;
    /* The loop thread's loop (main.c): libusb's events are handled there. NULL: no USB devices. */
    uv_loop_t *loop;
} wudf_host_options;

/* ---- Public: the process (main.c) and tests ---- */

int wudf_host_create(wudf_host **out, const wudf_outbox *outbox, wudf_error *err);
int wudf_host_create_with(wudf_host **out, const wudf_outbox *outbox, const wudf_host_options *options,
                          wudf_error *err);
/* Hands a message from the reflector to the framework (copied; handled in arrival order). */
void wudf_host_submit(wudf_host *host, const wudf_msg *msg);
/* Joins the framework threads and frees what is left. */
void wudf_host_destroy(wudf_host *host);
long wudf_host_live_objects(const wudf_host *host);

/* ---- Internal ---- */

enum wudf_host_state {
    WUDF_HOST_IDLE,      /* waiting for DEVICE_START */
    WUDF_HOST_STARTED,
    WUDF_HOST_STOPPED,   /* DEVICE_STOP handled, or the start failed */
};

/* What the start got through, so a failed start or a stop can undo exactly that. */
typedef struct wudf_pnp_progress {
    int initialized;        /* OnInitialize succeeded */
    int hardware_prepared;  /* OnPrepareHardware succeeded */
    int in_d0;              /* OnD0Entry succeeded */
    int interrupts_enabled; /* OnD0EntryPostInterruptsEnabled succeeded */
    int self_managed_io;    /* OnSelfManagedIoInit succeeded */
} wudf_pnp_progress;

struct wudf_host {
    wudf_outbox outbox;
    wudf_host_options options;
    wudf_workers *dispatcher;  /* one thread: messages in arrival order, PnP, file callbacks */
    wudf_workers *workers;     /* request presentation, cancel routines, state-change callbacks */
    /* Framework state: queues' lists, request states, the object tree, the file table. */
    uv_mutex_t lock;
    uv_cond_t changed;         /* a request left the driver, or a queue went idle */
    atomic_long live_objects;
    int state;
    uint32_t device_id;
    char *instance_id;
    char *hardware_id;
    /* The device's registry keys and properties (reg.* of DEVICE_START; property.h), NULL until then. */
    struct wudf_host_props *props;
    /* The device stack (stack.c): one layer per UMDF service of DEVICE_START, layers[0] the lowest,
     * each with its module, driver entry, driver object and device. */
    struct wudf_layer *layers;
    unsigned layer_count;
    wudf_device *device; /* the top device, where the reflector's requests enter (host lock) */
    wudf_list files;    /* the top device's files: wudf_file.host_link */
    /* Requests not yet completed: the reflector's, and those sent down the stack (stack_send.c),
     * wudf_request.pending_link. */
    wudf_list pending;
    wudf_list stack_sent; /* sends in flight to a lower layer: wudf_stack_send.link (host lock) */
    /* Requests DEVICE_STOP had to complete for a driver that held them too long (referenced). */
    void **abandoned;
    size_t abandoned_count;
    struct wudf_usb *usb;                /* the device of a usb.* devnode (usb_open.c), or NULL */
    struct wudf_usb_events *usb_events;  /* libusb's events on the loop (wudf_usb_events_*, platform.h) */
    struct wudf_ring_server *ring_server; /* fast-path rings (ring_server.c), NULL until the first */
    int impersonation_level;  /* UmdfImpersonationLevel from DEVICE_START (request_impersonate.c) */
    /* How buffers reach the driver (io_type.c): the INF's rules from DEVICE_START, what the device
     * negotiated in OnDeviceAdd. Written before the device starts, read-only after. */
    struct wudf_io_rules {
        int method_neither_copy;   /* UmdfMethodNeitherAction=Copy */
        int allow_unknown_files;   /* UmdfFileObjectPolicy=AllowNullAndUnknownFileObjects */
        int read_write_type;       /* WDF_DEVICE_IO_TYPE the stack uses; 0: not set (buffered) */
        int ioctl_type;
        uint32_t direct_threshold; /* bytes; 0: the default */
    } io;
};

/* Sends a message to the reflector. */
void wudf_host_send(wudf_host *host, const wudf_msg *msg);
/* Sends the host's last message and ends the process with exit_code once it is written. */
void wudf_host_send_final(wudf_host *host, const wudf_msg *msg, int exit_code);
/* Sends kv as a HOST_EVENT (names, surprise removal); a failure to encode it is logged. */
void wudf_host_send_event(wudf_host *host, const wudf_kv *kv);
/* COMPLETE for irp_id without a request object (CLEANUP, CLOSE, refusals). */
void wudf_host_complete_irp(wudf_host *host, uint64_t irp_id, NTSTATUS status);
/* Logs event=driver-bug; wudf_driver_bug_count tells tests how many (process-wide). */
void wudf_driver_bug(const char *what, const char *detail);
long wudf_driver_bug_count(void);
/* Copies a UTF-16 string out with UMDF size semantics (sizes count the NUL). */
HRESULT wudf_copy_string_out(const WCHAR *source, PWSTR buffer, DWORD *size_in_chars);
HRESULT wudf_copy_utf8_out(const char *source, PWSTR buffer, DWORD *size_in_chars);
/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" <-> GUID. */
int wudf_guid_parse(const char *text, GUID *guid);
void wudf_guid_format(const GUID *guid, char out[39]);

/* property_keys.c: the device's keys and properties from DEVICE_START's reg.* (and setting.NAME)
 * entries, checked; freed with the host. */
int wudf_property_load(wudf_host *host, const wudf_kv *kv, wudf_error *err);
void wudf_property_free(wudf_host *host);

/* dispatch.c: one message from the reflector, on the dispatcher thread. */
void wudf_dispatch_message(wudf_host *host, const wudf_msg *msg);

/* pnp.c / pnp_stop.c: DEVICE_START / DEVICE_STOP. */
void wudf_pnp_start(wudf_host *host, const wudf_msg *msg);
void wudf_pnp_stop(wudf_host *host);
/* DEVICE_STOP with WUDF_STOP_MINOR_QUERY_REMOVE: asks the drivers (OnQueryRemove) and answers. */
void wudf_pnp_query_remove(wudf_host *host);
/* Undoes what the start got through, every layer top-down: PnP callbacks, files, objects,
 * OnDeinitialize, the driver entries. */
void wudf_pnp_teardown(wudf_host *host);

/* loader.c */
int wudf_module_load(const char *binary, wudf_module **out, wudf_get_class_object_fn *get_class_object,
                     wudf_error *err);
void wudf_module_unload(wudf_module *module);

#endif
