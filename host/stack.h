/*
 * The device stack of one host, as UMDF 1 loads it: every service of the
 * INF's UmdfServiceOrder in this one process, the first listed the lowest.
 * Each layer has its module, driver entry, driver object and device; each
 * device's default I/O target is the next lower device, the lowest device's
 * is the stack's lower edge (io_target.c). Requests from the reflector enter
 * the top device (host->device) and travel down through filters that did
 * not register a callback for their type (stack.c), or are sent down by a
 * driver, each layer getting a request object of its own (stack_send.c).
 */
#ifndef OPENWUDF_HOST_STACK_H
#define OPENWUDF_HOST_STACK_H

#include "framework.h"

typedef struct wudf_layer {
    unsigned index;            /* 0: the lowest */
    char *service_name;
    char *binary;              /* the INF's ServiceBinary; NULL with the tests' entry point */
    GUID clsid;
    wudf_module *module;       /* NULL when a lower layer loaded the same binary */
    wudf_get_class_object_fn get_class_object;
    IDriverEntry *entry;
    wudf_driver *driver;
    wudf_device *device;       /* host lock */
    wudf_pnp_progress progress;
} wudf_layer;

/* ---- stack.c: the layers ---- */
/* DEVICE_START's service_count and service.<i>.name, .clsid, .binary into host->layers; 0, or -1 and
 * status and message saying what is wrong. */
int wudf_stack_read_config(wudf_host *host, const wudf_kv *kv, NTSTATUS *status, char *message, size_t size);
/* Loads the layer's module (once per binary: Windows maps a DLL once, and calls its DllMain once) and
 * creates its IDriverEntry; 0, or -1 and status and message. */
int wudf_stack_load(wudf_host *host, wudf_layer *layer, NTSTATUS *status, char *message, size_t size);
/* Unloads the modules (top first) and frees the layers; the process is ending. */
void wudf_stack_free(wudf_host *host);
/* The devices of the stack, referenced, top first; *count of them (free the array, release each). */
wudf_device **wudf_stack_devices(wudf_host *host, size_t *count);
/* The next lower device of d (referenced), or NULL when d is the lowest. */
wudf_device *wudf_stack_lower(wudf_device *d);
/* The name of the service whose driver created d ("" when unknown). */
const char *wudf_device_service_name(const wudf_device *d);
/* The device whose power policy the stack follows (referenced, or NULL): the topmost policy owner,
 * else the top device. */
wudf_device *wudf_stack_power_owner(wudf_host *host);
/* A driver of the stack called SetPowerPolicyOwnership(TRUE) (else, for a USB device, WinUSB owns it). */
int wudf_stack_has_power_owner(wudf_host *host);
/* Whether d's framework passes creates, cleanups and closes down (AutoForwardCreateCleanupClose:
 * WdfTrue, or WdfUseDefault for a filter). */
int wudf_stack_auto_forwards(const wudf_device *d);
/* The device r is for (referenced): the one it was dispatched or sent to, else the top device. */
wudf_device *wudf_request_device(wudf_request *request);
/* Whether r came to its driver through a queue (a client's, or a lower layer's for a send from
 * above), as opposed to one the driver created: the framework completes it to its sender. */
static inline int wudf_request_from_queue(const wudf_request *r)
{
    return r->from_reflector || r->stack_send != NULL;
}
/* Records d (referenced) as the device r is for. */
void wudf_request_set_device(wudf_request *request, wudf_device *d);

/* ---- stack.c: routing ---- */
/* An I/O request at device d: down through filters without a callback for its type, then into the
 * queue its type is dispatched to (zero-length rule included); completed when none takes it. */
void wudf_stack_dispatch(wudf_host *host, wudf_device *d, wudf_request *request);
/* A create at device d: to the driver's create callback, else forwarded down when d's framework
 * auto-forwards, else the file is opened for the driver (a function driver's default). */
void wudf_stack_create(wudf_host *host, wudf_device *d, wudf_request *request);
/* What the stack's lower edge answers a create with: WinUSB below a USB devnode opens every file,
 * the root PDO below a root-enumerated one dispatches no creates (file_created.c says why). */
NTSTATUS wudf_stack_lower_edge_create(wudf_host *host);

/* ---- stack_send.c: requests sent down the stack ---- */
typedef struct wudf_stack_send wudf_stack_send;
/* Whether target is a default target whose device has a layer below it. */
int wudf_stack_target_has_lower(wudf_io_target *target);
/* IWDFIoRequest::Send of request to target, a default target with a lower layer (the target's state
 * has admitted it): the lower layer gets a request of its own, sharing the formatted memory, in its
 * queues; its completion ends the send (wudf_sent_complete, wudf_target_sent_done). A synchronous
 * send has ended when this returns. A failure: nothing went down. */
HRESULT wudf_stack_submit(wudf_io_target *target, wudf_request *request, ULONG flags, LONGLONG timeout);
/* The framework's own forwarding (an auto-forwarded create): the outcome below completes request. */
void wudf_stack_forward(wudf_request *request, wudf_device *lower);
/* CancelSentRequest, or a cancel of request, while it is sent down: the lower layer's request is
 * cancelled (its cancel routine, or taken from its queue). 1 when it was in flight. */
int wudf_stack_cancel_sent(wudf_request *request);
/* Sends of target in flight (those of file only, when set; those made with IGNORE_TARGET_STATE only
 * when all) are cancelled: CancelSentRequestsForFile, Stop(WdfIoTargetCancelSentIo), Remove. */
void wudf_stack_cancel_target(wudf_io_target *target, wudf_file *file, int all);
/* Sends of target in flight past their deadline are cancelled as timed out; the next deadline, 0 if none. */
uint64_t wudf_stack_expire(wudf_io_target *target, uint64_t now);
/* request.c: a lower layer's request completed; 1 the first time (the framework's reference goes). */
int wudf_stack_request_completed(wudf_request *request, NTSTATUS status, ULONG_PTR information);
/* request.c: a lower layer's request is freed. */
void wudf_stack_request_destroy(wudf_request *request);

/* ---- file.c: the files of the layers below the top ---- */
/* The file of lower for the open upper stands for (its create going down); linked as upper->lower. */
wudf_file *wudf_file_create_lower(wudf_device *lower, wudf_file *upper);

#endif
