/*
 * DEVICE_STOP (orderly removal) and the teardown shared with a failed
 * start, for every layer of the stack, top first: stop the queues (waiting
 * requests complete with STATUS_CANCELLED, held cancelable ones get
 * OnCancel), wait a bounded time for requests the drivers hold, then the
 * undoing of the start in reverse: OnSelfManagedIoSuspend (when in D0),
 * OnD0Exit(D3Final), OnReleaseHardware, and once the device is out of D0
 * OnSelfManagedIoFlush and OnSelfManagedIoCleanup; cleanup and close of
 * files still open, object cleanup children first, OnDeinitialize, and
 * DEVICE_STOPPED. Before an orderly removal the reflector may ask first
 * (DEVICE_STOP with WUDF_STOP_MINOR_QUERY_REMOVE): OnQueryRemove, top first.
 */
#include "stack.h"
#include "usb_hooks.h"

#include <stdlib.h>

#include "hresult.h"
#include "log.h"

/* Waits until no request from the reflector is pending, up to deadline; then completes the rest. */
static void wait_for_requests(wudf_host *host, uint64_t deadline)
{
    uv_mutex_lock(&host->lock);
    while (!wudf_list_empty(&host->pending)) {
        uint64_t now = wudf_now_ms();
        if (now >= deadline || uv_cond_timedwait(&host->changed, &host->lock, (deadline - now) * 1000000u))
            break;
    }
    for (;;) {
        if (wudf_list_empty(&host->pending))
            break;
        /* Newest first: a layer's request before the one above it that sent it down. */
        wudf_request *r = WUDF_CONTAINER_OF(host->pending.prev, wudf_request, pending_link);
        void **grown = realloc(host->abandoned, (host->abandoned_count + 1) * sizeof *grown);
        if (!grown)
            break;
        host->abandoned = grown;
        /* Kept alive: the driver still has the pointer and will likely complete it late. */
        wudf_object_addref(&r->obj);
        host->abandoned[host->abandoned_count++] = r;
        uv_mutex_unlock(&host->lock);
        wudf_log(WUDF_LOG_ERROR, "stop-timeout", "irp=%llu action=complete-cancelled", (unsigned long long)r->irp_id);
        wudf_request_complete_nt(r, STATUS_CANCELLED);
        uv_mutex_lock(&host->lock);
    }
    uv_mutex_unlock(&host->lock);
}

static void close_remaining_files(wudf_host *host)
{
    for (;;) {
        uv_mutex_lock(&host->lock);
        wudf_file *f = NULL;
        if (!wudf_list_empty(&host->files)) {
            f = WUDF_CONTAINER_OF(host->files.next, wudf_file, host_link);
            wudf_object_addref(&f->obj);
        }
        uv_mutex_unlock(&host->lock);
        if (!f)
            return;
        wudf_file_close(f);
        wudf_object_release(&f->obj);
    }
}

static void log_failed(const wudf_device *d, const char *callback, HRESULT hr)
{
    wudf_log(WUDF_LOG_WARN, "pnp-callback-failed", "callback=%s hr=0x%08lX service=%s", callback,
             (unsigned long)(ULONG)hr, wudf_device_service_name(d));
}

/* The start undone in reverse, as UMDF removes a device: self-managed I/O suspended while still in D0
 * (a device removed while idle had that at idle), D0 left, hardware released; flush and cleanup of the
 * self-managed I/O come last, once the device is out of D0. */
static void power_down(wudf_device *d, wudf_pnp_progress *progress)
{
    IWDFDevice *device = (IWDFDevice *)(void *)d;
    IWDFDevice3 *device3 = (IWDFDevice3 *)(void *)d;
    IPnpCallbackSelfManagedIo *smio = progress->self_managed_io ? d->self_managed_io : NULL;
    HRESULT hr;
    wudf_device_enter(d);
    if (smio && progress->in_d0 && FAILED(hr = IPnpCallbackSelfManagedIo_OnSelfManagedIoSuspend(smio, device)))
        log_failed(d, "OnSelfManagedIoSuspend", hr); /* the device is being removed already */
    if (progress->in_d0 && progress->interrupts_enabled && d->hardware_interrupt &&
        FAILED(hr = IPnpCallbackHardwareInterrupt_OnD0ExitPreInterruptsDisabled(d->hardware_interrupt, device3,
                                                                                WdfPowerDeviceD3Final)))
        log_failed(d, "OnD0ExitPreInterruptsDisabled", hr);
    if (progress->in_d0 && d->pnp && FAILED(hr = IPnpCallback_OnD0Exit(d->pnp, device, WdfPowerDeviceD3Final)))
        log_failed(d, "OnD0Exit", hr);
    if (progress->hardware_prepared && FAILED(hr = wudf_device_release_hardware(d)))
        log_failed(d, "OnReleaseHardware", hr);
    if (smio) {
        IPnpCallbackSelfManagedIo_OnSelfManagedIoFlush(smio, device);
        IPnpCallbackSelfManagedIo_OnSelfManagedIoCleanup(smio, device);
    }
    wudf_device_leave(d);
    progress->self_managed_io = progress->interrupts_enabled = progress->in_d0 = progress->hardware_prepared = 0;
}

/* The drivers go top first, as IRP_MN_REMOVE_DEVICE passes each layer on its way down. */
static void unload_drivers(wudf_host *host)
{
    for (unsigned i = host->layer_count; i-- > 0;) {
        wudf_layer *layer = &host->layers[i];
        if (layer->driver) {
            IWDFDriver *driver = (IWDFDriver *)(void *)layer->driver;
            if (layer->progress.initialized && layer->entry)
                IDriverEntry_OnDeinitialize(layer->entry, driver);
            layer->progress.initialized = 0;
            wudf_object_delete(&layer->driver->obj);
            wudf_object_release(&layer->driver->obj);
            layer->driver = NULL;
        }
    }
    for (unsigned i = host->layer_count; i-- > 0;)
        WUDF_RELEASE(host->layers[i].entry);
}

void wudf_pnp_teardown(wudf_host *host)
{
    uint64_t deadline = wudf_now_ms() + host->options.stop_timeout_ms;
    size_t count = 0;
    wudf_device **devices = wudf_stack_devices(host, &count); /* top first */
    for (size_t i = 0; i < count; i++) {
        wudf_device *d = devices[i];
        /* Idle detection ends first: a device removed out of D0 does not get OnD0Exit again. */
        wudf_power_stop(d, &d->layer->progress.in_d0);
        /* Requests the driver holds get OnIoStop(purge) before the queues are purged, as in UMDF. */
        wudf_queue_power_stop(d, WdfRequestStopActionPurge, 0);
        wudf_queues_stop_for_removal(d);
    }
    if (count) {
        wudf_order_close_all(host);
        /* I/O the drivers sent to their USB targets ends now, as UMDF cancels sent I/O on removal. */
        wudf_usb_cancel_all(host);
        /* The reflector's requests and those sent down the stack. */
        wait_for_requests(host, deadline);
        /* Cancel routines and presentations in flight finish before the objects they use go. */
        if (wudf_workers_wait_idle(host->workers, deadline))
            wudf_log(WUDF_LOG_ERROR, "stop-timeout", "reason=driver-callback-still-running");
    }
    for (size_t i = 0; i < count; i++)
        power_down(devices[i], &devices[i]->layer->progress);
    if (count)
        close_remaining_files(host);
    for (size_t i = 0; i < count; i++) {
        wudf_object_delete(&devices[i]->obj);
        wudf_object_release(&devices[i]->obj);
    }
    free(devices);
    /* The USB targets went with the devices: the USB device can go, for the next host to open it. */
    wudf_usb_close(host);
    unload_drivers(host);
    wudf_workers_wait_idle(host->workers, deadline);
}

/* The drivers are asked top first, as IRP_MN_QUERY_REMOVE_DEVICE goes down the stack; the first refusal
 * ends the asking (UMDF 1 drivers get no word of a cancelled removal: IPnpCallback has no such method). */
void wudf_pnp_query_remove(wudf_host *host)
{
    uv_mutex_lock(&host->lock);
    int started = host->state == WUDF_HOST_STARTED;
    uv_mutex_unlock(&host->lock);
    size_t count = 0;
    wudf_device **devices = started ? wudf_stack_devices(host, &count) : NULL;
    HRESULT refusal = S_OK;
    const char *by = "-";
    for (size_t i = 0; i < count; i++) {
        wudf_device *d = devices[i];
        if (SUCCEEDED(refusal) && d->pnp) {
            wudf_device_enter(d);
            HRESULT hr = IPnpCallback_OnQueryRemove(d->pnp, (IWDFDevice *)(void *)d);
            wudf_device_leave(d);
            if (FAILED(hr)) {
                refusal = hr;
                by = wudf_device_service_name(d);
            }
        }
    }
    NTSTATUS status = FAILED(refusal) ? wudf_ntstatus_from_hresult(refusal) : STATUS_SUCCESS;
    if (FAILED(refusal) && NT_SUCCESS(status))
        status = STATUS_UNSUCCESSFUL;
    wudf_log(FAILED(refusal) ? WUDF_LOG_WARN : WUDF_LOG_INFO, "query-remove",
             "instance=%s answer=%s hr=0x%08lX service=%s", host->instance_id ? host->instance_id : "none",
             FAILED(refusal) ? "refused" : "agreed", (unsigned long)(ULONG)refusal, by[0] ? by : "-");
    for (size_t i = 0; i < count; i++)
        wudf_object_release(&devices[i]->obj);
    free(devices);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOPPED);
    m.minor = WUDF_STOP_MINOR_QUERY_REMOVE;
    m.status = status;
    m.information = FAILED(refusal) ? (uint64_t)(ULONG)refusal : 0;
    wudf_host_send(host, &m);
}

void wudf_pnp_stop(wudf_host *host)
{
    uv_mutex_lock(&host->lock);
    int started = host->state == WUDF_HOST_STARTED;
    host->state = WUDF_HOST_STOPPED; /* IRPs from now on: STATUS_DELETE_PENDING */
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_INFO, "device-stop", "instance=%s", host->instance_id ? host->instance_id : "none");
    if (started)
        wudf_pnp_teardown(host);
    long live = wudf_host_live_objects(host);
    if (live)
        wudf_log(WUDF_LOG_WARN, "leak", "live_objects=%ld", live);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOPPED);
    m.device_id = host->device_id;
    /* DEVICE_STOPPED carries no payload (proto.h): the count of live objects rides in information. */
    m.information = (uint64_t)(live > 0 ? live : 0);
    wudf_log(WUDF_LOG_INFO, "device-stopped", "live_objects=%ld", live);
    wudf_host_send_final(host, &m, 0);
}
