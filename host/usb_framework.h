/*
 * USB I/O targets (wudfusb.h) over libusb-1.0's asynchronous API: the device
 * a usb.* devnode names, opened at DEVICE_START; the objects a driver gets
 * from IWDFUsbTargetFactory (target device, interfaces, pipes); the transfers
 * they send; and libusb's events, handled for the host (usb_events_*.c).
 * Device access stays in this process; descriptors are checked before use
 * (usb_descriptors.c).
 */
#ifndef OPENWUDF_HOST_USB_FRAMEWORK_H
#define OPENWUDF_HOST_USB_FRAMEWORK_H

#include "framework.h"

#include "usb_lib.h" /* libusb.h, then the UMDF USB header */
#include <wudfusb.h>

#include "usb_descriptors.h"

typedef struct wudf_usb wudf_usb;
typedef struct wudf_usb_events wudf_usb_events;
typedef struct wudf_usb_target wudf_usb_target;
typedef struct wudf_usb_interface wudf_usb_interface;
typedef struct wudf_usb_pipe wudf_usb_pipe;
typedef struct wudf_usb_format wudf_usb_format;
typedef struct wudf_usb_transfer wudf_usb_transfer;

/* ---- Hooks the rest of the host calls (no-ops for a devnode without usb.* keys) ---- */

/* host.c: on the loop thread before it runs, and after it stopped. */
int wudf_usb_host_init(wudf_host *host, wudf_error *err);
void wudf_usb_host_cleanup(wudf_host *host);
/*
 * pnp.c, DEVICE_START: opens the device the usb.* keys name. 0 when opened or
 * when the devnode has no usb.* keys; else *status and message say why.
 */
int wudf_usb_open(wudf_host *host, const wudf_kv *kv, NTSTATUS *status, char *message, size_t size);
/* pnp_stop.c, device teardown: cancel what was sent; close once the objects are gone. */
void wudf_usb_cancel_all(wudf_host *host);
void wudf_usb_close(wudf_host *host);
/* device.c: QueryInterface(IID_IWDFUsbTargetFactory) on the device. */
HRESULT wudf_usb_factory_query(wudf_device *device, void **ppv);
/* request_methods.c / request_cancel.c. */
int wudf_usb_is_target(IWDFIoTarget *target);
HRESULT wudf_usb_send(wudf_request *request, IWDFIoTarget *target, ULONG flags, LONGLONG timeout);
BOOL wudf_usb_cancel_sent(wudf_request *request);
/* request.c: the request's cleanup drops its USB format. */
void wudf_usb_format_free(wudf_usb_format *format);

/* ---- usb_events_unix.c / usb_events_win.c: libusb's events for the host ---- */

/* On the loop thread, before the loop runs (the Windows side does not use the loop). */
int wudf_usb_events_create(wudf_usb_events **out, uv_loop_t *loop, wudf_error *err);
/* Starts handling ctx's events; from any thread. */
int wudf_usb_events_attach(wudf_usb_events *events, libusb_context *ctx, wudf_error *err);
/* A transfer was submitted or a descriptor opened: look at libusb's state again. */
void wudf_usb_events_changed(wudf_usb_events *events);
/*
 * Runs fn(arg) where libusb may close a descriptor the events code watches,
 * and returns when it ran (or after timeout_ms, then 0 when it did not run).
 */
int wudf_usb_events_run(wudf_usb_events *events, void (*fn)(void *), void *arg, unsigned timeout_ms);
/* Nonzero when the calling thread must handle libusb's events itself to see transfers finish. */
int wudf_usb_events_must_pump(wudf_usb_events *events);
/* Stops handling the attached context's events; returns when no thread handles them any more. */
void wudf_usb_events_detach(wudf_usb_events *events);
/* On the loop thread: releases the handles (freed once the loop ran their close callbacks). */
void wudf_usb_events_destroy(wudf_usb_events *events);

/* ---- usb_open.c: the opened device ---- */

enum wudf_usb_state { USB_OPEN, USB_GONE, USB_CLOSED };

struct wudf_usb {
    wudf_host *host;
    wudf_usb_events *events;
    uv_mutex_t lock;     /* state, transfers, target */
    uv_cond_t changed;   /* a transfer finished */
    int state;
    libusb_context *ctx;
    libusb_device_handle *handle;
    libusb_hotplug_callback_handle hotplug;
    int hotplug_registered;
    char name[96];       /* "0547:1002 at bus 1 address 2" for messages */
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
};

/* The device went away (a transfer saw it, or hotplug): tell the driver and the reflector, once. */
void wudf_usb_device_lost(wudf_usb *usb, const char *how);

/* ---- usb_device.c / usb_interface.c / usb_pipe.c: the target objects ---- */

struct wudf_usb_target {
    wudf_object obj;  /* IWDFUsbTargetDevice */
    wudf_usb *usb;
    wudf_device *device;
    size_t interface_count;
    wudf_usb_interface **interfaces;  /* children, and referenced by the array */
    UCHAR auto_suspend;   /* power policies: kept and reported, no effect */
    ULONG suspend_delay;
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
    wudf_usb *usb;
    wudf_usb_interface *owner;  /* the interface of the selected setting */
    wudf_usb_endpoint endpoint;
    wudf_usb_pipe_policy policy;  /* guarded by usb->lock */
};

HRESULT wudf_usb_interfaces_create(wudf_usb_target *target);
HRESULT wudf_usb_pipes_create(wudf_usb_interface *owner);
wudf_usb_target *wudf_usb_target_from(const void *target);
wudf_usb_pipe *wudf_usb_pipe_from(const void *target);
wudf_usb_interface *wudf_usb_interface_from(const void *itf);
/* A fresh reference to obj as the interface pointer a driver receives. */
void *wudf_usb_referenced(wudf_object *obj);

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
/* Cancels the transfers of target (NULL: all) and waits, up to timeout_ms, until they finished. */
int wudf_usb_abort(wudf_usb *usb, wudf_object *target, unsigned timeout_ms);
/* A libusb result as the NTSTATUS a request completes with. */
NTSTATUS wudf_usb_status_from_error(int libusb_error);

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
