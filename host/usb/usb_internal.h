/*
 * Inside host/usb/: USB I/O targets (wudfusb.h): the device a usb.* devnode
 * names, opened at DEVICE_START through a backend (libusb-1.0's asynchronous
 * API, or USB/IP); the objects a driver gets from IWDFUsbTargetFactory (target
 * device, interfaces, pipes); and the transfers they send. libusb's events run
 * on the host's loop (wudf_usb_events_*, platform.h), USB/IP's on a thread of
 * the connection's own. Device access stays in this process;
 * descriptors are checked before use (common/usb_descriptors.c). The rest of
 * the framework sees only host/usb_hooks.h.
 */
#ifndef OPENWUDF_HOST_USB_INTERNAL_H
#define OPENWUDF_HOST_USB_INTERNAL_H

#include "usb_hooks.h"
#include "io_target_state.h"

#include "usb_lib.h" /* libusb.h, then the UMDF USB header */
#include <wudfusb.h>

#include "platform.h"
#include "usb_descriptors.h"

typedef struct wudf_usb wudf_usb;
typedef struct wudf_usb_target wudf_usb_target;
typedef struct wudf_usb_interface wudf_usb_interface;
typedef struct wudf_usb_pipe wudf_usb_pipe;
typedef struct wudf_usb_transfer wudf_usb_transfer;
typedef struct wudf_usb_reader wudf_usb_reader;

/* ---- usb_open.c: the opened device ---- */

enum wudf_usb_state { USB_OPEN, USB_GONE, USB_CLOSED };

/*
 * How the device is reached: libusb (usb_libusb.c) or USB/IP (usb_usbip.c). Both speak libusb's vocabulary:
 * results are LIBUSB_ERROR_* codes, and a transfer is a struct libusb_transfer whose callback runs, once,
 * on the backend's event thread with status and actual_length set (a USB/IP transfer is one libusb never
 * sees). Synchronous calls come from any thread but the backend's own.
 */
typedef struct usb_keys {
    unsigned bus;
    unsigned address;
    uint16_t vid;
    uint16_t pid;
    const char *port_path;  /* NULL when not given */
    const char *usbip;      /* "HOST:PORT" for a device imported over USB/IP, else NULL */
    const char *busid;      /* its busid on that server */
    char usbip_host[256];   /* usbip parsed: the server's host and port */
    unsigned usbip_port;
} usb_keys;

typedef struct wudf_usb_backend {
    /* Finds and opens the device: sets usb->speed; 0, or -1 with *status and message. */
    int (*open)(wudf_usb *usb, const usb_keys *keys, NTSTATUS *status, char *message, size_t size);
    /* A control transfer, waiting for it: the bytes of the data stage, or a LIBUSB_ERROR_*. */
    int (*control)(wudf_usb *usb, uint8_t request_type, uint8_t request, uint16_t value, uint16_t index,
                   unsigned char *data, uint16_t length, unsigned timeout_ms);
    int (*get_configuration)(wudf_usb *usb, int *value);
    int (*claim_interface)(wudf_usb *usb, uint8_t number);
    void (*release_interface)(wudf_usb *usb, uint8_t number);
    int (*set_configuration)(wudf_usb *usb, uint8_t value);
    int (*set_alt_setting)(wudf_usb *usb, uint8_t number, uint8_t setting);
    int (*clear_halt)(wudf_usb *usb, uint8_t endpoint);
    struct libusb_transfer *(*alloc_transfer)(void);
    void (*free_transfer)(struct libusb_transfer *transfer);
    int (*submit)(wudf_usb *usb, struct libusb_transfer *transfer);
    int (*cancel)(wudf_usb *usb, struct libusb_transfer *transfer);
    /* Runs completions on this thread for up to ms when nothing else would (usb_events_*: the loop stopped,
     * or this is the loop); NULL when the backend's own thread always does. */
    void (*pump)(wudf_usb *usb, unsigned ms);
    /* Undoes open (after every transfer finished). */
    void (*shut_down)(wudf_usb *usb);
    /* Suspends (suspend 1) or resumes the device on its bus: 1 when done, 0 when the transport cannot
     * (why says so), -1 when it failed (why says how). */
    int (*bus_power)(wudf_usb *usb, int suspend, char *why, size_t size);
} wudf_usb_backend;

extern const wudf_usb_backend wudf_usb_libusb_backend, wudf_usb_usbip_backend;

/* usb_libusb_pm.c: libusb's descriptors before the device's open (snapshot), the device's own found after
 * it, and the bus power (suspend/resume) through it. */
#define WUDF_LIBUSB_PM_FDS 32
size_t wudf_libusb_pm_snapshot(libusb_context *ctx, int *fds, size_t max);
void wudf_libusb_pm_found(wudf_usb *usb, const int *before, size_t count);
int wudf_libusb_bus_power(wudf_usb *usb, int suspend, char *why, size_t size);

/* A LIBUSB_ERROR_* as text, without libusb (which a USB/IP host never loads). */
const char *wudf_usb_error_name(int error);

struct wudf_usb {
    wudf_host *host;
    wudf_usb_events *events;
    uv_mutex_t lock;     /* state, transfers, target */
    uv_cond_t changed;   /* a transfer finished */
    int state;
    const wudf_usb_backend *backend;
    /* libusb's (usb_libusb.c) */
    libusb_context *ctx;
    libusb_device_handle *handle;
    libusb_hotplug_callback_handle hotplug;
    int hotplug_registered;
    int usbfs_fd;        /* Linux: the usbfs descriptor libusb opened for the device, -1 when unknown */
    int usbfs_suspend;   /* Linux: that usbfs has runtime power management (USBDEVFS_CAP_SUSPEND) */
    struct wudf_usbip_link *usbip;  /* USB/IP's (usb_usbip.c) */
    char name[128];      /* "0547:1002 at bus 1 address 2" for messages */
    uint8_t bus, address;
    enum libusb_speed speed;
    uint8_t device_descriptor[WUDF_USB_DEVICE_DESCRIPTOR_SIZE];
    wudf_usb_device_info info;
    uint8_t *config_bytes;   /* the active configuration, as validated */
    size_t config_length;
    uint8_t config_index;    /* its index for GET_DESCRIPTOR */
    wudf_usb_config config;
    uint8_t claimed[WUDF_USB_MAX_INTERFACES];  /* interface numbers claimed, claimed_count of them */
    size_t claimed_count;
    wudf_list transfers;     /* wudf_usb_transfer.link: submitted, not yet finished */
    wudf_usb_target *target; /* the IWDFUsbTargetDevice (not referenced: cleared by its cleanup) */
    int removal_reported;
    int remote_wakeup;       /* SET_FEATURE(DEVICE_REMOTE_WAKEUP) sent, not yet cleared */
    /* WinUSB's idle policy (usb_winusb_idle.c), under lock */
    int device_idle_enabled; /* DeviceIdleEnabled in the hardware key */
    int auto_suspend;        /* AUTO_SUSPEND */
    uint32_t suspend_delay;  /* SUSPEND_DELAY, ms */
    uint64_t last_activity_ms;  /* a transfer submitted or finished */
    int resume_for_io;       /* suspended by WinUSB's policy: a transfer brings the device back first */
};

/* ---- usb_winusb_idle.c: WinUSB's idle policy ---- */
void wudf_usb_policy_init(wudf_usb *usb);
/* SetPowerPolicy: auto_suspend 0/1, or -1 to set suspend_delay instead. */
void wudf_usb_policy_set(wudf_usb *usb, int auto_suspend, uint32_t suspend_delay);
void wudf_usb_policy_get(wudf_usb *usb, UCHAR *auto_suspend, ULONG *suspend_delay);
/* usb->lock held: a transfer was submitted or finished. */
void wudf_usb_activity_locked(wudf_usb *usb);
/* The bus suspended (1) or resumed (0) the device: transfers wait for D0 while WinUSB's policy suspended it. */
void wudf_usb_low_power(wudf_usb *usb, int suspended);
/* Before a transfer goes out: brings a device WinUSB suspended back to D0 (bounded by the stop timeout). */
HRESULT wudf_usb_resume_for_io(wudf_usb *usb);

/* The device went away (a transfer saw it, or hotplug): tell the driver and the reflector, once. */
void wudf_usb_device_lost(wudf_usb *usb, const char *how);

/* ---- usb_device.c / usb_interface.c / usb_pipe.c: the target objects ---- */

struct wudf_usb_target {
    wudf_object obj;  /* IWDFUsbTargetDevice */
    wudf_target_state state;  /* IWDFIoTargetStateManagement: its control transfers */
    wudf_usb *usb;
    wudf_device *device;
    size_t interface_count;
    wudf_usb_interface **interfaces;  /* children, and referenced by the array */
};

struct wudf_usb_interface {
    wudf_object obj;  /* IWDFUsbInterface */
    wudf_usb_target *target;
    uint8_t number;
    size_t first_setting;  /* into usb->config.settings */
    size_t setting_count;
    size_t current;        /* selected setting, 0..setting_count-1 */
    size_t pipe_count;
    wudf_usb_pipe **pipes; /* children for the selected setting, referenced by the array */
};

/* Pipe policies (SetPipePolicy): the ones that change what a transfer does, and the rest kept. */
typedef struct wudf_usb_pipe_policy {
    UCHAR short_packet_terminate;
    UCHAR auto_clear_stall;
    ULONG transfer_timeout;  /* ms, 0 = none */
    UCHAR ignore_short_packets;
    UCHAR allow_partial_reads;
    UCHAR auto_flush;
    UCHAR raw_io;
    UCHAR reset_pipe_on_resume;
} wudf_usb_pipe_policy;

struct wudf_usb_pipe {
    wudf_object obj;  /* IWDFUsbTargetPipe */
    wudf_target_state state;  /* IWDFIoTargetStateManagement */
    wudf_usb *usb;
    wudf_usb_interface *owner;  /* the interface of the selected setting */
    wudf_usb_endpoint endpoint;
    wudf_usb_pipe_policy policy;  /* guarded by usb->lock */
    wudf_usb_reader *reader;      /* its continuous reader (usb_reader.c), or NULL; guarded by usb->lock */
};

HRESULT wudf_usb_interfaces_create(wudf_usb_target *target);
HRESULT wudf_usb_pipes_create(wudf_usb_interface *owner);
wudf_usb_target *wudf_usb_target_from(const void *target);
wudf_usb_pipe *wudf_usb_pipe_from(const void *target);
wudf_usb_interface *wudf_usb_interface_from(const void *itf);
/* A fresh reference to obj as the interface pointer a driver receives. */
void *wudf_usb_referenced(wudf_object *obj);

/* The operations of both kinds of target's state (usb_transfer.c): sends go to wudf_usb_send. */
extern const wudf_target_ops wudf_usb_target_ops;

/* A vtable's IUnknown and IWDFObject entries, QueryInterface answering IWDFIoTargetStateManagement too
 * (prefix##_QueryInterfaceWithState). */
#define WUDF_USB_TARGET_VTBL(prefix)                                                                 \
    .QueryInterface = prefix##_QueryInterfaceWithState, .AddRef = prefix##_AddRef,                   \
    .Release = prefix##_Release, .DeleteWdfObject = prefix##_DeleteWdfObject,                        \
    .AssignContext = prefix##_AssignContext, .RetrieveContext = prefix##_RetrieveContext,            \
    .AcquireLock = prefix##_AcquireLock, .ReleaseLock = prefix##_ReleaseLock

/* ---- usb_reader.c: IWDFUsbTargetPipe2's continuous reader ---- */

/* A pipe's target operations: wudf_usb_target_ops's, with the reader following Start, Stop and Remove, and
 * the driver's own sends refused while a reader is configured. */
extern const wudf_target_ops wudf_usb_pipe_ops;
HRESULT STDMETHODCALLTYPE wudf_usb_pipe_configure_reader(
    IWDFUsbTargetPipe2 *pipe, SIZE_T TransferLength, SIZE_T HeaderLength, SIZE_T TrailerLength, UCHAR NumPendingReads,
    IUnknown *pMemoryCleanupCallbackInterface, IUsbTargetPipeContinuousReaderCallbackReadComplete *pOnCompletion,
    PVOID pCompletionContext, IUsbTargetPipeContinuousReaderCallbackReadersFailed *pOnFailure);
/* The pipe goes (its cleanup, before its transfers are aborted): the reader's reads end, its threads too. */
void wudf_usb_reader_delete(wudf_usb_pipe *pipe);

/* ---- usb_format.c: what Format* recorded in a request ---- */

struct wudf_usb_format {
    WDF_USB_REQUEST_TYPE type;
    wudf_object *target;   /* referenced: the device target or a pipe */
    wudf_memory *memory;   /* referenced; NULL for a transfer without data */
    size_t offset;
    size_t length;
    WINUSB_SETUP_PACKET setup;
};

/* The IWDFIoTarget methods both kinds of target share. */
HRESULT wudf_usb_format_pipe(wudf_usb_pipe *pipe, IWDFIoRequest *request, IWDFMemory *memory,
                             PWDFMEMORY_OFFSET offset, WDF_USB_REQUEST_TYPE type);
HRESULT wudf_usb_format_control(wudf_usb_target *target, IWDFIoRequest *request, PWINUSB_SETUP_PACKET setup,
                                IWDFMemory *memory, PWDFMEMORY_OFFSET offset);

/* ---- usb_transfer.c: sending ---- */

/* CancelSentRequestsForFile of target. */
void wudf_usb_cancel_for_file(wudf_usb *usb, wudf_object *target, IWDFFile *file);
/* Cancels the transfers of target, those sent with IGNORE_TARGET_STATE only when all is set. */
void wudf_usb_cancel_target(wudf_usb *usb, wudf_object *target, int all);
/* Cancels the transfers of target (NULL: all) and waits, up to timeout_ms, until they finished. */
int wudf_usb_abort(wudf_usb *usb, wudf_object *target, unsigned timeout_ms);
/* A libusb result as the NTSTATUS a request completes with. */
NTSTATUS wudf_usb_status_from_error(int libusb_error);
/* A failure to open, claim or configure the device as the NTSTATUS the start fails with. */
NTSTATUS wudf_usb_status_of_open_error(int libusb_error);

/* ---- usb_params.c: IWDFUsbRequestCompletionParams, and the driver's completion callback ---- */

IWDFRequestCompletionParams *wudf_usb_params_create(wudf_usb_transfer *transfer);
/* Hands a finished transfer to the driver: completion params, then its callback or the request's completion. */
void wudf_usb_transfer_deliver(wudf_usb_transfer *transfer);

struct wudf_usb_transfer {
    wudf_list link;            /* usb->transfers while submitted */
    atomic_int refs;           /* the sender's and libusb's callback's */
    wudf_usb *usb;
    struct libusb_transfer *xfer;
    wudf_request *request;     /* referenced */
    wudf_object *target;       /* referenced */
    WDF_USB_REQUEST_TYPE type;
    wudf_memory *memory;       /* referenced */
    size_t offset;
    size_t length;             /* data bytes (setup packet excluded) */
    WINUSB_SETUP_PACKET setup;
    uint8_t *buffer;           /* the transfer's own copy: setup + data for control */
    int synchronous;
    ULONG flags;               /* Send's: the target's state counts the transfer out with them */
    int finished;              /* guarded by usb->lock; the waiter of a synchronous send watches it */
    int cancel_requested;
    NTSTATUS status;
    size_t transferred;
    IRequestCallbackRequestCompletion *callback;  /* referenced */
    void *context;
};

/* Drops one of the two references; the last frees. */
void wudf_usb_transfer_put(wudf_usb_transfer *transfer);

#endif
