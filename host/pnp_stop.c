/*
 * DEVICE_STOP (orderly removal) and the teardown shared with a failed
 * start: stop the queues (waiting requests complete with STATUS_CANCELLED,
 * held cancelable ones get OnCancel), wait a bounded time for requests the
 * driver holds, OnSelfManagedIoCleanup, OnD0Exit(D3Final), OnReleaseHardware,
 * cleanup and close of files still open, object cleanup children first,
 * OnDeinitialize, and DEVICE_STOPPED.
 */
#include "framework.h"
#include "usb_hooks.h"

#include <stdlib.h>

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
        wudf_request *r = WUDF_CONTAINER_OF(host->pending.next, wudf_request, pending_link);
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

static void power_down(wudf_device *d, wudf_pnp_progress *progress)
{
    IWDFDevice *device = (IWDFDevice *)(void *)d;
    HRESULT hr;
    wudf_device_enter(d);
    if (progress->self_managed_io && d->self_managed_io)
        IPnpCallbackSelfManagedIo_OnSelfManagedIoCleanup(d->self_managed_io, device);
    if (progress->in_d0 && d->pnp && FAILED(hr = IPnpCallback_OnD0Exit(d->pnp, device, WdfPowerDeviceD3Final)))
        wudf_log(WUDF_LOG_WARN, "pnp-callback-failed", "callback=OnD0Exit hr=0x%08lX", (unsigned long)(ULONG)hr);
    if (progress->hardware_prepared && d->hardware &&
        FAILED(hr = IPnpCallbackHardware_OnReleaseHardware(d->hardware, device)))
        wudf_log(WUDF_LOG_WARN, "pnp-callback-failed", "callback=OnReleaseHardware hr=0x%08lX",
                 (unsigned long)(ULONG)hr);
    wudf_device_leave(d);
    progress->self_managed_io = progress->in_d0 = progress->hardware_prepared = 0;
}

void wudf_pnp_teardown(wudf_host *host, wudf_pnp_progress *progress)
{
    uint64_t deadline = wudf_now_ms() + host->options.stop_timeout_ms;
    uv_mutex_lock(&host->lock);
    wudf_device *d = host->device;
    if (d)
        wudf_object_addref(&d->obj);
    uv_mutex_unlock(&host->lock);
    if (d) {
        wudf_queues_stop_for_removal(d);
        wudf_order_close_all(host);
        /* I/O the driver sent to its USB targets ends now, as UMDF cancels sent I/O on removal. */
        wudf_usb_cancel_all(host);
        wait_for_requests(host, deadline);
        /* Cancel routines and presentations in flight finish before the objects they use go. */
        if (wudf_workers_wait_idle(host->workers, deadline))
            wudf_log(WUDF_LOG_ERROR, "stop-timeout", "reason=driver-callback-still-running");
        power_down(d, progress);
        close_remaining_files(host);
        wudf_object_delete(&d->obj);
        wudf_object_release(&d->obj);
    }
    /* The USB targets went with the device: the USB device can go, for the next host to open it. */
    wudf_usb_close(host);
    if (host->driver) {
        IWDFDriver *driver = (IWDFDriver *)(void *)host->driver;
        if (progress->initialized && host->entry)
            IDriverEntry_OnDeinitialize(host->entry, driver);
        progress->initialized = 0;
        wudf_object_delete(&host->driver->obj);
        wudf_object_release(&host->driver->obj);
        host->driver = NULL;
    }
    WUDF_RELEASE(host->entry);
    wudf_workers_wait_idle(host->workers, deadline);
}

void wudf_pnp_stop(wudf_host *host)
{
    uv_mutex_lock(&host->lock);
    int started = host->state == WUDF_HOST_STARTED;
    host->state = WUDF_HOST_STOPPED; /* IRPs from now on: STATUS_DELETE_PENDING */
    uv_mutex_unlock(&host->lock);
    wudf_log(WUDF_LOG_INFO, "device-stop", "instance=%s", host->instance_id ? host->instance_id : "none");
    if (started)
        wudf_pnp_teardown(host, &host->progress);
    long live = wudf_host_live_objects(host);
    if (live)
        wudf_log(WUDF_LOG_WARN, "leak", "live_objects=%ld", live);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STOPPED);
    m.device_id = host->device_id;
    /* DEVICE_STOPPED carries no payload (proto.h): the count of live objects rides in information. */
    m.information = (uint64_t)(live > 0 ? live : 0);
    wudf_host_send(host, &m);
    wudf_log(WUDF_LOG_INFO, "device-stopped", "live_objects=%ld", live);
    host->outbox.finish(host->outbox.ctx, 0);
}
