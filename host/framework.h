/*
 * The framework objects a driver sees (IWDFDriver, IWDFDevice, IWDFIoQueue,
 * IWDFIoRequest, IWDFMemory, IWDFFile, IWDFIoTarget ...): their state, and
 * the calls the files of host/ make on each other. One .c file per object.
 */
#ifndef OPENWUDF_HOST_FRAMEWORK_H
#define OPENWUDF_HOST_FRAMEWORK_H

#include "host.h"

/* ---- driver.c: IWDFDriver ---- */
struct wudf_driver {
    wudf_object obj;
};
wudf_driver *wudf_driver_create(wudf_host *host);
IWDFObject *wudf_generic_object_create(wudf_host *host, IUnknown *callback, wudf_object *parent);

/* ---- device_init.c: IWDFDeviceInitialize(2) ---- */
struct wudf_device_init {
    wudf_object obj;
    WDF_CALLBACK_CONSTRAINT locking;
    BOOL filter;
    BOOL power_policy_owner;
    WDF_TRI_STATE auto_forward;
    WDF_TRI_STATE pnp_capabilities[WdfPnpCapMaximum];
    int device_created;
};
wudf_device_init *wudf_device_init_create(wudf_host *host);
wudf_device_init *wudf_device_init_from(IWDFDeviceInitialize *init);
HRESULT wudf_property_store_create(wudf_host *host, IWDFNamedPropertyStore **store,
                                   WDF_PROPERTY_STORE_DISPOSITION *disposition);

/* ---- device.c: IWDFDevice(2) ---- */
typedef struct wudf_device_interface {
    GUID guid;
    char *reference; /* UTF-8, NULL when none */
    int enabled;
} wudf_device_interface;

struct wudf_device {
    wudf_object obj;
    wudf_driver *driver;
    WDF_CALLBACK_CONSTRAINT locking;
    uv_mutex_t callback_lock;  /* held around driver callbacks when locking is WdfDeviceLevel */
    /* The callback object's PnP and file interfaces (referenced until cleanup). */
    IPnpCallback *pnp;
    IPnpCallbackHardware *hardware;
    IPnpCallbackSelfManagedIo *self_managed_io;
    IFileCallbackCleanup *file_cleanup;
    IFileCallbackClose *file_close;
    wudf_queue *default_queue;
    wudf_queue *dispatch[WdfRequestMaximum];  /* ConfigureRequestDispatching */
    wudf_list queues;                          /* wudf_queue.device_link */
    wudf_io_target *default_target;
    WDF_TRI_STATE pnp_state[WdfPnpStateMaximum];
    WDF_TRI_STATE pnp_capabilities[WdfPnpCapMaximum];
    /* Names for DEVICE_STARTED; after the start they go out as HOST_EVENTs. Guarded by host lock. */
    char **symlinks;
    size_t symlink_count;
    wudf_device_interface *interfaces;
    size_t interface_count;
    int reported;
    uv_mutex_t names_lock;  /* orders name events after DEVICE_STARTED (device_names.c) */
};
HRESULT wudf_device_create(wudf_driver *driver, wudf_device_init *init, IUnknown *callback, wudf_device **out);
void wudf_device_enter(wudf_device *device);  /* device-level callback lock */
void wudf_device_leave(wudf_device *device);
/*
 * Adds the symlink/interface entries of DEVICE_STARTED to kv and marks later
 * changes as events. Call between names_lock and names_unlock, with the send
 * of DEVICE_STARTED, so no event can overtake it.
 */
void wudf_device_names_lock(wudf_device *device);
void wudf_device_names_unlock(wudf_device *device);
int wudf_device_report(wudf_device *device, wudf_kv *kv, wudf_error *err);
/* Sends HOST_EVENTs for interfaces disabled before the start was reported. */
void wudf_device_report_disabled(wudf_device *device);
/* device_names.c: IWDFDevice's names (symbolic links, device interfaces), and their cleanup. */
HRESULT STDMETHODCALLTYPE wudf_device_CreateDeviceInterface(IWDFDevice2 *This, LPCGUID guid, PCWSTR reference);
HRESULT STDMETHODCALLTYPE wudf_device_AssignDeviceInterfaceState(IWDFDevice2 *This, LPCGUID guid, PCWSTR reference,
                                                                 BOOL enable);
HRESULT STDMETHODCALLTYPE wudf_device_CreateSymbolicLink(IWDFDevice2 *This, PCWSTR name);
HRESULT STDMETHODCALLTYPE wudf_device_CreateSymbolicLinkWithReferenceString(IWDFDevice2 *This, PCWSTR name,
                                                                            PCWSTR reference);
void wudf_device_free_names(wudf_device *device);

/* ---- queue.c: IWDFIoQueue ---- */
enum wudf_queue_op { QUEUE_OP_NONE, QUEUE_OP_STOP, QUEUE_OP_DRAIN, QUEUE_OP_PURGE };

struct wudf_queue {
    wudf_object obj;
    wudf_device *device;
    WDF_IO_QUEUE_DISPATCH_TYPE dispatch_type;
    BOOL default_queue;
    BOOL power_managed;
    BOOL allow_zero_length;
    IQueueCallbackCreate *on_create;
    IQueueCallbackRead *on_read;
    IQueueCallbackWrite *on_write;
    IQueueCallbackDeviceIoControl *on_ioctl;
    IQueueCallbackDefaultIoHandler *on_default;
    int accepting;
    int dispatching;
    wudf_list waiting;      /* wudf_request.queue_link, arrival order */
    unsigned waiting_count;
    unsigned in_driver;     /* presented or retrieved, not yet completed or forwarded */
    int op;                 /* pending Stop/Drain/Purge */
    IQueueCallbackStateChange *op_callback;
    unsigned op_serial;     /* bumps when an op completes (synchronous waits) */
    wudf_list device_link;
};
HRESULT wudf_queue_create(wudf_device *device, IUnknown *callback, BOOL default_queue,
                          WDF_IO_QUEUE_DISPATCH_TYPE type, BOOL power_managed, BOOL allow_zero_length,
                          wudf_queue **out);
wudf_queue *wudf_queue_from(IWDFIoQueue *queue);
HRESULT wudf_queue_configure(wudf_device *device, wudf_queue *queue, WDF_REQUEST_TYPE type, BOOL forward);
/* The queue that takes requests of type, or NULL. */
wudf_queue *wudf_queue_for(wudf_device *device, WDF_REQUEST_TYPE type);
/* Puts a new request in queue (takes the creator's reference for the queue). */
void wudf_queue_insert(wudf_queue *queue, wudf_request *request);
/* Cancels waiting requests of file (NULL: all) in every queue of device. */
void wudf_queue_cancel_waiting(wudf_device *device, wudf_file *file);
/* Device removal: stop accepting and dispatching everywhere, cancel what waits, purge held requests. */
void wudf_queues_stop_for_removal(wudf_device *device);
/* Purge of queue (NULL: all of device): waiting requests cancelled, held cancelable ones get OnCancel. */
void wudf_queue_purge(wudf_device *device, wudf_queue *queue, int for_removal);
/* Host lock held: request left queue's driver-owned set (completed, forwarded). */
void wudf_queue_request_left_locked(wudf_queue *queue);
/* Host lock held: presents what the queue's dispatch type allows. */
void wudf_queue_pump_locked(wudf_queue *queue);
/* Host lock held: finishes a pending Stop/Drain/Purge whose condition now holds. */
void wudf_queue_check_op_locked(wudf_queue *queue);

/* ---- request.c / request_cancel.c: IWDFIoRequest(2) ---- */
/* PARKED: arrived before an earlier request of its file (file_order.c), on the file's parked list. */
enum wudf_request_state { REQUEST_NEW, REQUEST_QUEUED, REQUEST_DRIVER, REQUEST_COMPLETED, REQUEST_PARKED };

struct wudf_request {
    wudf_object obj;
    int from_reflector;    /* completes to the reflector; the framework owns one reference */
    uint64_t irp_id;
    WDF_REQUEST_TYPE type;
    uint32_t ioctl_code;
    uint32_t input_length;
    uint32_t output_length;
    uint64_t offset;
    wudf_file *file;       /* referenced */
    wudf_memory *input_memory;   /* children of the request */
    wudf_memory *output_memory;
    wudf_queue *queue;     /* current queue */
    wudf_list queue_link;  /* its queue's, or its file's while parked */
    wudf_list pending_link;
    int state;
    uint64_t sequence;     /* its place in its file's order, 0 for none */
    int parked_cancelled;  /* completed by a cancel while parked; it keeps its place until its turn */
    int canceled;          /* CANCEL arrived (IsCanceled) */
    IRequestCallbackCancel *cancel_callback;  /* MarkCancelable (referenced) */
    int cancel_started;    /* OnCancel scheduled or ran: UnmarkCancelable fails */
    ULONG_PTR information;
    HRESULT status;
    IRequestCallbackRequestCompletion *completion_callback;
    void *completion_context;
    IWDFIoRequestCompletionParams *completion_params;
    struct wudf_usb_format *usb_format;  /* what a USB target's Format* recorded (usb_format.c) */
    struct wudf_ring *ring;      /* a fast-path request: completes into this ring (referenced) */
    uint32_t ring_slot;
    uint64_t ring_tag;           /* the client's name for it, for cancels */
    int ring_cancel_ack;         /* the reflector awaits word of its completion */
};
/* A request for an IRP from the reflector; NULL when out of memory. */
wudf_request *wudf_request_create(wudf_host *host, const wudf_msg *msg, WDF_REQUEST_TYPE type, wudf_file *file);
/* A request taken from a fast-path ring: its memory objects are the ring's arena at input and output. */
wudf_request *wudf_request_create_in_ring(wudf_host *host, const wudf_msg *msg, WDF_REQUEST_TYPE type,
                                          wudf_file *file, struct wudf_ring *ring, uint32_t slot, uint64_t tag,
                                          BYTE *input, BYTE *output);
/* Queue, zero-length rule and device state for a request made outside the dispatcher (rings). */
void wudf_dispatch_request(wudf_host *host, wudf_request *request);
HRESULT wudf_request_create_by_driver(wudf_device *device, IUnknown *callback, wudf_object *parent,
                                      IWDFIoRequest **out);
wudf_request *wudf_request_from(IWDFIoRequest *request);
/* Completes once (a second completion is logged as a driver bug and ignored). */
void wudf_request_complete(wudf_request *request, HRESULT status, ULONG_PTR information);
void wudf_request_complete_nt(wudf_request *request, NTSTATUS status);
/* Presents request to the driver on a worker thread (state already REQUEST_DRIVER). */
void wudf_request_present(wudf_request *request);
/* The presentation itself (a worker item; a ring thread calls it directly). */
void wudf_request_run_present(void *request);
/* CANCEL from the reflector. */
void wudf_request_cancel_irp(wudf_host *host, uint64_t irp_id);
/* Host lock held: cancels a request the driver holds; returns a reference to pass to run_cancel, or NULL. */
wudf_request *wudf_request_cancel_held_locked(wudf_request *request);
void wudf_request_run_cancel(wudf_request *request);
HRESULT wudf_request_forward(wudf_request *request, IWDFIoQueue *destination);
void wudf_request_mark_cancelable(wudf_request *request, IRequestCallbackCancel *callback);
HRESULT wudf_request_unmark_cancelable(wudf_request *request);
HRESULT wudf_request_send(wudf_request *request, IWDFIoTarget *target, ULONG flags);
IWDFIoRequestCompletionParams *wudf_completion_params_create(wudf_request *request, NTSTATUS status);

/* ---- memory.c: IWDFMemory ---- */
struct wudf_memory {
    wudf_object obj;
    BYTE *buffer;
    SIZE_T size;
    int preallocated;  /* buffer belongs to the driver */
    struct wudf_ring *ring;  /* buffer lies in this fast-path ring (referenced) */
};
/* New memory of size bytes (copied from data if set); parent may be NULL. */
wudf_memory *wudf_memory_create(wudf_host *host, wudf_object *parent, IUnknown *callback, SIZE_T size,
                                const void *data);
wudf_memory *wudf_memory_create_for_request(wudf_request *request, SIZE_T size, const void *data);
/* A request's memory over size bytes of a ring's arena, no copy (the METHOD_DIRECT analogue). */
wudf_memory *wudf_memory_create_in_ring(wudf_request *request, struct wudf_ring *ring, BYTE *buffer, SIZE_T size);
wudf_memory *wudf_memory_create_preallocated(wudf_host *host, wudf_object *parent, IUnknown *callback,
                                             BYTE *buffer, SIZE_T size);
wudf_memory *wudf_memory_from(IWDFMemory *memory);

/* ---- file.c: IWDFFile(2) ---- */
struct wudf_file {
    wudf_object obj;
    wudf_device *device;
    uint32_t file_id;
    WCHAR *name;
    size_t name_length;
    int cleaned_up;
    wudf_list host_link;
    /* The order of its requests (file_order.c), under the host lock. */
    wudf_list parked;        /* requests that came before their turn, by sequence */
    uint64_t next_sequence;  /* the next to hand to the queues */
    int ordering;            /* a thread is handing them over */
    int order_closed;        /* cleaned up: nothing is waited for any more */
};
wudf_file *wudf_file_create(wudf_device *device, uint32_t file_id, const char *name, size_t name_length);
wudf_file *wudf_file_from(IWDFFile *file);
/* Referenced file of the host with file_id, or NULL. */
wudf_file *wudf_file_lookup(wudf_host *host, uint32_t file_id);
/* CLEANUP / CLOSE of a file, on the dispatcher thread. */
void wudf_file_cleanup(wudf_file *file);
void wudf_file_close(wudf_file *file);
/* A CREATE failed or was never completed: forget the file without close callbacks. */
void wudf_file_discard(wudf_file *file);

/* ---- file_order.c: a file's requests reach its queues in the order issued ---- */
/* Hands r to the dispatcher once the requests of its file before sequence have been (0: at once). */
void wudf_order_dispatch(wudf_host *host, wudf_request *request, uint64_t sequence);
/* Host lock held: a cancel of a parked request; 1 if the caller is to complete it as cancelled. */
int wudf_order_cancel_locked(wudf_request *request);
/* Cleanup: the file's parked requests complete as cancelled, later ones go straight on. */
void wudf_order_close(wudf_file *file);
/* Every file's (device stop). */
void wudf_order_close_all(wudf_host *host);

/* ---- io_target.c: IWDFIoTarget ---- */
struct wudf_io_target {
    wudf_object obj;
    wudf_device *device;
};
wudf_io_target *wudf_io_target_create(wudf_device *device);
wudf_io_target *wudf_io_target_from(IWDFIoTarget *target);

#endif
