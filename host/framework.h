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
    struct wudf_layer *layer;  /* its place in the device stack (stack.h) */
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
/* property_keys.c: IWDFDevice(Initialize)::RetrieveDevicePropertyStore. */
HRESULT wudf_property_store_create(wudf_host *host, PCWSTR service, WDF_PROPERTY_STORE_RETRIEVE_FLAGS flags,
                                   IWDFNamedPropertyStore **store, WDF_PROPERTY_STORE_DISPOSITION *disposition);
/* property_factory.c: IWDFPropertyStoreFactory and IWDFUnifiedPropertyStoreFactory, tear-offs of the
 * device; E_NOINTERFACE for any other riid. */
HRESULT wudf_property_factory_query(wudf_device *device, REFIID riid, void **ppv);

/* ---- device.c: IWDFDevice(2) ---- */
typedef struct wudf_device_interface {
    GUID guid;
    char *reference; /* UTF-8, NULL when none */
    int enabled;
} wudf_device_interface;

struct wudf_device {
    wudf_object obj;
    wudf_driver *driver;
    struct wudf_layer *layer;  /* its place in the device stack (stack.h) */
    BOOL filter;               /* SetFilter */
    WDF_TRI_STATE auto_forward; /* AutoForwardCreateCleanupClose */
    WDF_CALLBACK_CONSTRAINT locking;
    uv_mutex_t callback_lock;  /* held around driver callbacks when locking is WdfDeviceLevel */
    /* The callback object's PnP and file interfaces (referenced until cleanup). */
    IPnpCallback *pnp;
    IPnpCallbackHardware *hardware;
    IPnpCallbackSelfManagedIo *self_managed_io;
    IPnpCallbackHardwareInterrupt *hardware_interrupt; /* UMDF 1.11: called with or without interrupts */
    IFileCallbackCleanup *file_cleanup;
    IFileCallbackClose *file_close;
    BOOL power_policy_owner;       /* SetPowerPolicyOwnership(TRUE) */
    struct wudf_power *power;      /* power.c */
    wudf_queue *default_queue;
    wudf_queue *dispatch[WdfRequestMaximum];  /* ConfigureRequestDispatching */
    wudf_list queues;                          /* wudf_queue.device_link */
    wudf_io_target *default_target;
    WDF_TRI_STATE pnp_state[WdfPnpStateMaximum];
    WDF_TRI_STATE pnp_capabilities[WdfPnpCapMaximum];
    /* Names for DEVICE_STARTED; after the start they go out as HOST_EVENTs. Guarded by host lock. */
    char **symlinks;
    char **symlink_references;  /* per link: its reference string (UTF-8), or NULL */
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
HRESULT STDMETHODCALLTYPE wudf_device_CreateDeviceInterface(IWDFDevice3 *This, LPCGUID guid, PCWSTR reference);
HRESULT STDMETHODCALLTYPE wudf_device_AssignDeviceInterfaceState(IWDFDevice3 *This, LPCGUID guid, PCWSTR reference,
                                                                 BOOL enable);
HRESULT STDMETHODCALLTYPE wudf_device_CreateSymbolicLink(IWDFDevice3 *This, PCWSTR name);
HRESULT STDMETHODCALLTYPE wudf_device_CreateSymbolicLinkWithReferenceString(IWDFDevice3 *This, PCWSTR name,
                                                                            PCWSTR reference);
void wudf_device_free_names(wudf_device *device);
/* Whether device created the interface (guid, reference; NULL or "" for none, compared exactly as WDF
 * compares them): -1 not, else 1 enabled, 0 disabled. */
int wudf_device_interface_state(wudf_device *device, const GUID *guid, const char *reference);

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
    IQueueCallbackIoStop *on_io_stop;
    IQueueCallbackIoResume *on_io_resume;
    IQueueCallbackStateChange *on_state_change; /* manual queues: a request arrived in the empty queue */
    int ready_notified;     /* on_state_change told of the requests waiting now */
    IQueueCallbackIoCanceledOnQueue *on_canceled_on_queue; /* a request the driver gave back was cancelled */
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
/* Host lock held: runs callback->OnStateChange(queue, its state) on a worker; takes the reference. */
void wudf_queue_post_state_change_locked(wudf_queue *queue, IQueueCallbackStateChange *callback);

/* ---- request.c / request_cancel.c: IWDFIoRequest(2) ---- */
/* What IWDFIoRequest3 (UMDF 1.11) keeps per request. */
typedef struct wudf_request_more {
    int umdf_initiated;  /* SetUserModeDriverInitiatedIo */
    int activity_set;    /* SetActivityId called; Reuse keeps it, as UMDF does */
    GUID activity_id;
} wudf_request_more;

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
    WDF_FILE_INFORMATION_CLASS information_class; /* WdfRequestQuery/SetInformation (a lower layer's request) */
    wudf_file *file;       /* referenced */
    wudf_device *device;   /* referenced: the device whose driver it is for (its queue's, or its creator) */
    wudf_memory *input_memory;   /* children of the request */
    wudf_memory *output_memory;
    wudf_queue *queue;     /* current queue */
    wudf_list queue_link;  /* its queue's, or its file's while parked */
    wudf_list pending_link;
    int state;
    uint64_t sequence;     /* its place in its file's order, 0 for none */
    int parked_cancelled;  /* completed by a cancel while parked; it keeps its place until its turn */
    int canceled;          /* CANCEL arrived (IsCanceled) */
    int delivered;         /* the driver had it from a queue (presented or retrieved) */
    IRequestCallbackCancel *cancel_callback;  /* MarkCancelable (referenced) */
    int cancel_started;    /* OnCancel scheduled or ran: UnmarkCancelable fails */
    ULONG_PTR information;
    HRESULT status;
    IRequestCallbackRequestCompletion *completion_callback;
    void *completion_context;
    IWDFIoRequestCompletionParams *completion_params;
    struct wudf_usb_format *usb_format;  /* what a USB target's Format* recorded (usb_format.c) */
    struct wudf_io_format *io_format;    /* what another target's Format* recorded (io_format.c) */
    struct wudf_pended_send *pended;     /* waiting in a stopped target (io_target_state.c), host lock */
    struct wudf_file_io *file_io;        /* in flight at a file-handle target (file_target.c), host lock */
    struct wudf_stack_send *sent_down;   /* sent to a lower layer of the stack, in flight (stack_send.c), host lock */
    struct wudf_stack_send *stack_send;  /* a lower layer's request: the send it carries (stack_send.c) */
    struct wudf_ring *ring;      /* a fast-path request: completes into this ring (referenced) */
    uint32_t ring_slot;
    uint64_t ring_tag;           /* the client's name for it, for cancels */
    int ring_cancel_ack;         /* the reflector awaits word of its completion */
    int stop_state;              /* queue_power.c: OnIoStop delivered, acknowledged ... */
    wudf_request_more more;
};
/* A request for an IRP from the reflector; NULL when out of memory. */
wudf_request *wudf_request_create(wudf_host *host, const wudf_msg *msg, WDF_REQUEST_TYPE type, wudf_file *file);
/* A request without memory, file or queue (a lower layer's, stack_send.c), with the framework's reference. */
wudf_request *wudf_request_create_empty(wudf_host *host, uint64_t irp_id, WDF_REQUEST_TYPE type);
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
/* A cancel of request, as a client's cancel would: taken from its queue, its cancel routine, or its
 * send cancelled (a lower layer's request reached by the cancel of the one above it). */
void wudf_request_cancel(wudf_request *request);
/* Host lock held: cancels a request the driver holds; returns a reference to pass to run_cancel, or NULL. */
wudf_request *wudf_request_cancel_held_locked(wudf_request *request);
void wudf_request_run_cancel(wudf_request *request);
/* Host lock held: request, cancelled, has just left its queue's waiting list (state no longer QUEUED).
 * When the driver had it before (it forwarded or requeued it there) and the queue has
 * IQueueCallbackIoCanceledOnQueue, it is the driver's again: returns it referenced, for
 * wudf_request_run_canceled_on_queue. Otherwise NULL: the caller completes it with STATUS_CANCELLED. */
wudf_request *wudf_request_give_back_cancelled_locked(wudf_request *request);
/* OnIoCanceledOnQueue on a worker; takes the reference. */
void wudf_request_run_canceled_on_queue(wudf_request *request);
HRESULT wudf_request_forward(wudf_request *request, IWDFIoQueue *destination);
void wudf_request_mark_cancelable(wudf_request *request, IRequestCallbackCancel *callback);
HRESULT wudf_request_unmark_cancelable(wudf_request *request);
HRESULT wudf_request_send(wudf_request *request, IWDFIoTarget *target, ULONG flags, LONGLONG timeout);
IWDFIoRequestCompletionParams *wudf_completion_params_create(wudf_request *request, NTSTATUS status);

/* ---- memory.c: IWDFMemory ---- */
struct wudf_memory {
    wudf_object obj;
    BYTE *buffer;
    SIZE_T size;
    int preallocated;  /* buffer belongs to the driver */
    struct wudf_ring *ring;  /* buffer lies in this fast-path ring (referenced) */
    wudf_memory *backing;    /* a view of part of this memory's buffer (referenced), or NULL */
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
/* A request's memory over length bytes of backing's buffer from offset, no copy (a send down the stack). */
wudf_memory *wudf_memory_create_view(wudf_request *request, wudf_memory *backing, size_t offset, size_t length);

/* ---- file.c: IWDFFile(2) ---- */
struct wudf_file {
    wudf_object obj;
    wudf_device *device;
    uint32_t file_id;
    WCHAR *name;
    size_t name_length;
    DWORD initiator_pid;     /* the process that opened it, as the reflector knew it; 0 when unknown */
    int cleaned_up;
    wudf_list host_link;
    /* The order of its requests (file_order.c), under the host lock. */
    wudf_list parked;        /* requests that came before their turn, by sequence */
    uint64_t next_sequence;  /* the next to hand to the queues */
    int ordering;            /* a thread is handing them over */
    int order_closed;        /* cleaned up: nothing is waited for any more */
    /* The same open in the next lower layer of the stack, when its create went down (referenced,
     * host lock), and the file above this one (a lower layer's file; not referenced). */
    wudf_file *lower;
    wudf_file *upper;
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

/* ---- io_target.c: IWDFIoTarget(2) of the device; io_target_state.h: every target's state ---- */
struct wudf_io_target {
    wudf_object obj;
    wudf_device *device;
    struct wudf_target_state *state;
};
wudf_io_target *wudf_io_target_create(wudf_device *device);
wudf_io_target *wudf_io_target_from(IWDFIoTarget *target);
/* io_format.c: drops what Format* recorded in a request. */
void wudf_io_format_free(struct wudf_io_format *format);
/* request_send.c: CancelSentRequest, and a client's cancel of a request the driver sent. */
BOOL wudf_request_cancel_sent(wudf_request *request);
/* device.c: QueryInterface(IID_IWDFFileHandleTargetFactory) on the device (file_target.c). */
HRESULT wudf_file_handle_factory_query(wudf_device *device, REFIID riid, void **ppv);

/* ---- power.c: power policy (idle and wake settings), the device's simulated D-states, system sleep ---- */
int wudf_power_create(wudf_device *device);
void wudf_power_free(wudf_device *device);
/* After the start's OnD0Entry: idle detection begins. */
void wudf_power_start(wudf_device *device);
/* Before the removal's teardown: idle detection ends; *in_d0 is cleared when the device is in Dx. */
void wudf_power_stop(wudf_device *device, int *in_d0);
/* WUDF_MSG_POWER from the reflector (dispatcher thread): wudf_power_minor. */
void wudf_power_system(wudf_host *host, unsigned minor);
HRESULT wudf_power_assign_s0_idle(wudf_device *device, WDF_POWER_POLICY_S0_IDLE_CAPABILITIES caps,
                                  DEVICE_POWER_STATE dx, ULONG timeout, WDF_POWER_POLICY_S0_IDLE_USER_CONTROL control,
                                  WDF_TRI_STATE enabled);
HRESULT wudf_power_assign_sx_wake(wudf_device *device, DEVICE_POWER_STATE dx,
                                  WDF_POWER_POLICY_SX_WAKE_USER_CONTROL control, WDF_TRI_STATE enabled);
HRESULT wudf_power_stop_idle(wudf_device *device, BOOL wait_for_d0);
void wudf_power_resume_idle(wudf_device *device);
POWER_ACTION wudf_power_action(wudf_device *device);
/* IWDFDevice3::AssignS0IdleSettingsEx: the settings above, and PowerUpIdleDeviceOnSystemWake. */
HRESULT wudf_power_assign_s0_idle_ex(wudf_device *device, const WUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS *settings);
/* host/usb: WinUSB's idle policy changed (the power thread looks again), and a transfer waits for a device
 * WinUSB suspended: it comes back to D0. Neither is called with the host lock held. */
void wudf_power_policy_changed(wudf_host *host);
void wudf_power_io_wants_d0(wudf_host *host);

/* ---- device3.c: IWDFDevice3's own methods (the device's vtbl is in device.c) ---- */
HRESULT STDMETHODCALLTYPE wudf_device3_MapIoSpace(IWDFDevice3 *This, PHYSICAL_ADDRESS address, SIZE_T bytes,
                                                  MEMORY_CACHING_TYPE caching, void **base);
void STDMETHODCALLTYPE wudf_device3_UnmapIoSpace(IWDFDevice3 *This, void *base, SIZE_T bytes);
void *STDMETHODCALLTYPE wudf_device3_GetHardwareRegisterMappedAddress(IWDFDevice3 *This, void *base);
SIZE_T STDMETHODCALLTYPE wudf_device3_ReadFromHardware(IWDFDevice3 *This, WDF_DEVICE_HWACCESS_TARGET_TYPE type,
                                                       WDF_DEVICE_HWACCESS_TARGET_SIZE size, void *address,
                                                       void *buffer, ULONG count);
void STDMETHODCALLTYPE wudf_device3_WriteToHardware(IWDFDevice3 *This, WDF_DEVICE_HWACCESS_TARGET_TYPE type,
                                                    WDF_DEVICE_HWACCESS_TARGET_SIZE size, void *address, SIZE_T value,
                                                    void *buffer, ULONG count);
HRESULT STDMETHODCALLTYPE wudf_device3_CreateInterrupt(IWDFDevice3 *This, PWUDF_INTERRUPT_CONFIG config,
                                                       IWDFInterrupt **interrupt);
HRESULT STDMETHODCALLTYPE wudf_device3_CreateWorkItem(IWDFDevice3 *This, PWUDF_WORKITEM_CONFIG config,
                                                      IWDFObject *parent, IWDFWorkItem **item);
HRESULT STDMETHODCALLTYPE wudf_device3_AssignS0IdleSettingsEx(IWDFDevice3 *This,
                                                              PWUDF_DEVICE_POWER_POLICY_IDLE_SETTINGS settings);
/* Host lock held, for a power-managed queue: whether it may present requests now. A queue with
 * requests waiting while the device is in Dx asks for D0. Records the activity the idle timer counts. */
int wudf_power_queue_may_dispatch_locked(wudf_queue *queue);

/* ---- queue_power.c: the queues' side of a power transition (IoStop, IoResume, StopAcknowledge) ---- */
enum wudf_stop_state { STOP_NONE, STOP_DELIVERED, STOP_ACKNOWLEDGED };
/* OnIoStop(action) for every request the driver holds from q's of device that are power-managed
 * (purge: every queue); returns how many got it. */
unsigned wudf_queue_power_stop(wudf_device *device, ULONG action, int power_managed_only);
/* Waits until the requests told to stop are acknowledged or gone, up to deadline; returns how many
 * are still unacknowledged. */
unsigned wudf_queue_power_wait_stopped(wudf_device *device, uint64_t deadline);
/* OnIoResume for requests acknowledged without requeue; clears the stop marks. */
void wudf_queue_power_resume(wudf_device *device);
HRESULT wudf_request_stop_acknowledge(wudf_request *request, BOOL requeue);
HRESULT wudf_request_requeue(wudf_request *request);

/* ---- io_type.c: transfer types and the INF's transfer rules (UMDF 1.11) ---- */
/* DEVICE_START's wdf.method_neither_action, wdf.file_object_policy (absent: the INF default) and,
 * once the registry values are loaded, the hardware key's WUDF\DirectTransferThreshold; 0, or -1
 * with message saying what is wrong. */
int wudf_io_read_config(wudf_host *host, const wudf_kv *kv, char *message, size_t size);
/* IWDFDeviceInitialize2::SetIoTypePreference: what the stack will use (invalid values are driver bugs). */
void wudf_io_set_preference(wudf_host *host, WDF_DEVICE_IO_BUFFER_RETRIEVAL retrieval,
                            WDF_DEVICE_IO_TYPE read_write, WDF_DEVICE_IO_TYPE ioctl);
/* IWDFDevice2::GetDeviceStackIoTypePreference. */
void wudf_io_stack_types(const wudf_host *host, WDF_DEVICE_IO_TYPE *read_write, WDF_DEVICE_IO_TYPE *ioctl);
/* IWDFIoRequest2::GetEffectiveIoType: direct only for a direct stack, a transfer method that asks
 * for it and a buffer of DirectTransferThreshold bytes or more. */
WDF_DEVICE_IO_TYPE wudf_io_effective_type(const wudf_request *request);
/* STATUS_SUCCESS, or the status the framework completes request with before a driver sees it
 * (a METHOD_NEITHER IOCTL unless the INF says UmdfMethodNeitherAction=Copy). */
NTSTATUS wudf_io_admit(const wudf_host *host, const wudf_request *request);
/* Whether requests without a file object the driver saw created go on (UmdfFileObjectPolicy). */
int wudf_io_allows_unknown_files(const wudf_host *host);

/* ---- request.c: Reuse and IWDFIoRequest3 (UMDF 1.11) ---- */
/* &request->more. */
wudf_request_more *wudf_request_more_of(wudf_request *request);
/* IWDFIoRequest2::Reuse: status, information, completion callback and params, formatting reset. */
void wudf_request_reuse(wudf_request *request, HRESULT status);
/* The requests' vtable: IWDFIoRequest2's, then IWDFIoRequest3's own four (IWDFIoRequest3Vtbl's layout). */
typedef struct wudf_request_vtable {
    IWDFIoRequest2Vtbl v2;
    void(STDMETHODCALLTYPE *SetUserModeDriverInitiatedIo)(IWDFIoRequest2 *This, BOOL initiated);
    BOOL(STDMETHODCALLTYPE *GetUserModeDriverInitiatedIo)(IWDFIoRequest2 *This);
    HRESULT(STDMETHODCALLTYPE *RetrieveActivityId)(IWDFIoRequest2 *This, LPGUID activity);
    void(STDMETHODCALLTYPE *SetActivityId)(IWDFIoRequest2 *This, LPGUID activity);
} wudf_request_vtable;
extern const wudf_request_vtable wudf_request_vtbl;
/* request_impersonate.c: DEVICE_START's wdf.impersonation_level (UmdfImpersonationLevel) as a
 * SECURITY_IMPERSONATION_LEVEL; SecurityIdentification, the INF directive's default, when absent. */
int wudf_impersonation_level_parse(const char *text);
/* IWDFIoRequest::Impersonate: the checks of UMDF, then OnImpersonate on this thread (host's identity). */
HRESULT wudf_request_impersonate(wudf_request *request, SECURITY_IMPERSONATION_LEVEL level,
                                 IImpersonateCallback *callback, void *context);

/* ---- file_created.c: IWDFDriverCreatedFile (IWDFDevice::CreateWdfFile) ---- */
typedef struct wudf_created_file wudf_created_file;
/* Sends the create below the device; the file when it is accepted. */
HRESULT wudf_created_file_create(wudf_device *device, LPCWSTR name, IWDFDriverCreatedFile **out);
wudf_created_file *wudf_created_file_from(IWDFFile *file);

/* ---- device_event.c: IWDFDevice::PostEvent, a HOST_EVENT event=custom ---- */
HRESULT wudf_device_post_event(wudf_device *device, const GUID *guid, WDF_EVENT_TYPE type, const BYTE *data,
                               DWORD size);

/* ---- cm_resources.c: IWDFCmResourceList; OnPrepare/OnReleaseHardware of IPnpCallbackHardware2 or
 * IPnpCallbackHardware (S_OK when the driver has neither). Called under the device's callback lock. ---- */
HRESULT wudf_device_prepare_hardware(wudf_device *device);
HRESULT wudf_device_release_hardware(wudf_device *device);

/* ---- workitem.c: IWDFWorkItem (IWDFDevice3::CreateWorkItem). parent: NULL (the device) or an object
 * of the device's tree. *out is the driver's reference. ---- */
HRESULT wudf_workitem_create(wudf_device *device, const WUDF_WORKITEM_CONFIG *config, IWDFObject *parent,
                             IWDFWorkItem **out);

/* ---- remote_*.c: remote I/O targets and remote interfaces (IWDFDevice2's remote methods; host/remote.h) ---- */
HRESULT wudf_remote_register_notification(wudf_device *device, LPCGUID guid, BOOL include_existing);
HRESULT wudf_remote_interface_create(wudf_device *device, IWDFRemoteInterfaceInitialize *init, IUnknown *callback,
                                     IWDFRemoteInterface **out);
HRESULT wudf_remote_target_create(wudf_device *device, IUnknown *callback, IWDFObject *parent, IWDFRemoteTarget **out);
/* request_send.c: the state of a remote target, or NULL when target is not one; CancelSentRequest of a
 * request in flight at one (1 when it was). */
struct wudf_target_state *wudf_remote_target_state(IWDFIoTarget *target);
int wudf_remote_cancel_sent(wudf_request *request);
/* REMOTE_COMPLETE and REMOTE_EVENT from the reflector. Never blocks: the channel's thread calls it, so
 * that a driver waiting for a remote target in a PnP callback (the dispatcher) is answered. */
void wudf_remote_message(wudf_host *host, const wudf_msg *msg);

#endif
