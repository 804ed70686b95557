/*
 * DEVICE_START: read the devnode's configuration, load the drivers of its
 * stack and bring the device up the way UMDF does: for each driver, the
 * lowest first, DllGetClassObject -> IClassFactory::CreateInstance
 * (IDriverEntry) -> OnInitialize -> OnDeviceAdd; then for each device, the
 * lowest first, OnPrepareHardware -> OnD0Entry(D3Final) ->
 * OnD0EntryPostInterruptsEnabled -> OnSelfManagedIoInit; then answer
 * DEVICE_STARTED. A failure at any step undoes the steps before it, answers
 * with the failing step and its HRESULT, and ends the process (1).
 */
#include "stack.h"
#include "usb_hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "platform.h"
#include "text.h"
#include "hresult.h"

/* A failed start's DEVICE_STARTED is the host's last message: final says so. */
static void send_started(wudf_host *host, NTSTATUS status, const char *message, int final)
{
    /* The names of every layer's device: a driver in the middle of the stack may create them. */
    size_t count = 0;
    wudf_device **reporting = status == STATUS_SUCCESS ? wudf_stack_devices(host, &count) : NULL;
    for (size_t i = count; i-- > 0;)
        wudf_device_names_lock(reporting[i]);
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    int rc = 0;
    if (message)
        rc = wudf_kv_add(&kv, "message", message, &err);
    for (size_t i = count; !rc && i-- > 0;)
        rc = wudf_device_report(reporting[i], &kv, &err);
    if (!rc)
        rc = wudf_kv_addf(&kv, &err, "live_objects", "%ld", wudf_host_live_objects(host));
    uint8_t *payload = NULL;
    uint32_t length = 0;
    if (!rc)
        rc = wudf_kv_encode(&kv, &payload, &length, &err);
    if (rc)
        wudf_log(WUDF_LOG_ERROR, "device-started-kv", "reason=\"%s\"", err.message);
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_DEVICE_STARTED);
    m.device_id = host->device_id;
    m.status = status;
    m.payload = payload;
    m.payload_length = payload ? length : 0;
    if (final)
        wudf_host_send_final(host, &m, 1);
    else
        wudf_host_send(host, &m);
    for (size_t i = count; i-- > 0;) {
        wudf_device_report_disabled(reporting[i]);
        wudf_device_names_unlock(reporting[i]);
        wudf_object_release(&reporting[i]->obj);
    }
    free(reporting);
    free(payload);
    wudf_kv_free(&kv);
}

static void fail_start(wudf_host *host, NTSTATUS status, const char *message)
{
    char q[400];
    const char *name = wudf_status_name(status);
    wudf_log(WUDF_LOG_ERROR, "device-start-failed", "status=%s message=%s", name ? name : "other",
             wudf_log_quote(q, sizeof q, message));
    wudf_pnp_teardown(host);
    uv_mutex_lock(&host->lock);
    host->state = WUDF_HOST_STOPPED;
    uv_mutex_unlock(&host->lock);
    send_started(host, status, message, 1);
}

static void fail_step(wudf_host *host, const char *step, HRESULT hr)
{
    char message[160];
    snprintf(message, sizeof message, "%.120s failed with 0x%08lX", step, (unsigned long)(ULONG)hr);
    NTSTATUS status = FAILED(hr) ? wudf_ntstatus_from_hresult(hr) : STATUS_UNSUCCESSFUL;
    fail_start(host, status, message);
}

static char *dup_or_null(const char *s)
{
    return s ? wudf_text_copy(s) : NULL;
}

/* Reads DEVICE_START's keys into host, the stack's layers among them. Returns 0, or fails the start. */
static int read_config(wudf_host *host, const wudf_kv *kv)
{
    char message[400];
    wudf_error err;
    const char *instance = wudf_kv_get(kv, "instance_id");
    if (!instance || !*instance) {
        fail_start(host, STATUS_INVALID_PARAMETER, "DEVICE_START without instance_id");
        return -1;
    }
    host->instance_id = wudf_text_copy(instance);
    if (!host->instance_id) {
        fail_start(host, STATUS_INSUFFICIENT_RESOURCES, "out of memory for the configuration");
        return -1;
    }
    host->hardware_id = dup_or_null(wudf_kv_get(kv, "hardware_id"));
    NTSTATUS status;
    if (wudf_stack_read_config(host, kv, &status, message, sizeof message)) {
        fail_start(host, status, message);
        return -1;
    }
    if (wudf_property_load(host, kv, &err)) {
        snprintf(message, sizeof message, "DEVICE_START: %s", err.message);
        fail_start(host, err.code == WUDF_ENOMEM ? STATUS_INSUFFICIENT_RESOURCES : STATUS_INVALID_PARAMETER, message);
        return -1;
    }
    if (wudf_io_read_config(host, kv, message, sizeof message)) {
        fail_start(host, STATUS_INVALID_PARAMETER, message);
        return -1;
    }
    host->impersonation_level = wudf_impersonation_level_parse(wudf_kv_get(kv, "wdf.impersonation_level"));
    const char *level = wudf_kv_get(kv, "log_level");
    wudf_log_level parsed;
    if (level && wudf_log_level_parse(level, &parsed) == 0)
        wudf_log_setup("wudfhost", parsed);
    return 0;
}

/* A step of one layer failed: with a stack, the message names the layer's service. */
static void fail_layer_step(wudf_host *host, const wudf_layer *layer, const char *step, HRESULT hr)
{
    char named[160];
    if (host->layer_count > 1)
        snprintf(named, sizeof named, "%s: %s", layer->service_name, step);
    else
        snprintf(named, sizeof named, "%s", step);
    fail_step(host, named, hr);
}

/* Loads the layer's driver and adds its device: IDriverEntry, OnInitialize, OnDeviceAdd. */
static int add_layer(wudf_host *host, wudf_layer *layer)
{
    char message[400];
    NTSTATUS status;
    if (wudf_stack_load(host, layer, &status, message, sizeof message)) {
        fail_start(host, status, message);
        return -1;
    }
    layer->driver = wudf_driver_create(host);
    if (!layer->driver) {
        fail_start(host, STATUS_INSUFFICIENT_RESOURCES, "out of memory for the driver object");
        return -1;
    }
    layer->driver->layer = layer;
    IWDFDriver *driver = (IWDFDriver *)(void *)layer->driver;
    HRESULT hr = IDriverEntry_OnInitialize(layer->entry, driver);
    if (FAILED(hr)) {
        fail_layer_step(host, layer, "OnInitialize", hr);
        return -1;
    }
    layer->progress.initialized = 1;
    wudf_device_init *init = wudf_device_init_create(host);
    if (!init) {
        fail_start(host, STATUS_INSUFFICIENT_RESOURCES, "out of memory for the device initializer");
        return -1;
    }
    hr = IDriverEntry_OnDeviceAdd(layer->entry, driver, (IWDFDeviceInitialize *)(void *)init);
    wudf_object_release(&init->obj);
    if (FAILED(hr)) {
        fail_layer_step(host, layer, "OnDeviceAdd", hr);
        return -1;
    }
    uv_mutex_lock(&host->lock);
    int created = layer->device != NULL;
    uv_mutex_unlock(&host->lock);
    if (!created) {
        snprintf(message, sizeof message, "%s%sOnDeviceAdd succeeded but created no device (IWDFDriver::CreateDevice)",
                 host->layer_count > 1 ? layer->service_name : "", host->layer_count > 1 ? ": " : "");
        fail_start(host, STATUS_UNSUCCESSFUL, message);
        return -1;
    }
    return 0;
}

/* Runs the layer's PnP callbacks up to D0 with self-managed I/O. */
static int power_up(wudf_host *host, wudf_layer *layer)
{
    wudf_device *d = layer->device;
    IWDFDevice *device = (IWDFDevice *)(void *)d;
    IWDFDevice3 *device3 = (IWDFDevice3 *)(void *)d;
    HRESULT hr;
    wudf_device_enter(d);
    hr = wudf_device_prepare_hardware(d); /* IPnpCallbackHardware2's or IPnpCallbackHardware's */
    if (FAILED(hr)) {
        wudf_device_leave(d);
        fail_layer_step(host, layer, "OnPrepareHardware", hr);
        return -1;
    }
    layer->progress.hardware_prepared = 1;
    if (d->pnp) {
        hr = IPnpCallback_OnD0Entry(d->pnp, device, WdfPowerDeviceD3Final);
        if (FAILED(hr)) {
            wudf_device_leave(d);
            fail_layer_step(host, layer, "OnD0Entry", hr);
            return -1;
        }
    }
    layer->progress.in_d0 = 1;
    /* WDF's D0 entry goes on to interrupts, then to this callback, whether or not the device has any. */
    if (d->hardware_interrupt) {
        hr = IPnpCallbackHardwareInterrupt_OnD0EntryPostInterruptsEnabled(d->hardware_interrupt, device3,
                                                                          WdfPowerDeviceD3Final);
        if (FAILED(hr)) {
            wudf_device_leave(d);
            fail_layer_step(host, layer, "OnD0EntryPostInterruptsEnabled", hr);
            return -1;
        }
    }
    layer->progress.interrupts_enabled = 1;
    if (d->self_managed_io) {
        hr = IPnpCallbackSelfManagedIo_OnSelfManagedIoInit(d->self_managed_io, device);
        if (FAILED(hr)) {
            wudf_device_leave(d);
            fail_layer_step(host, layer, "OnSelfManagedIoInit", hr);
            return -1;
        }
    }
    layer->progress.self_managed_io = 1;
    wudf_device_leave(d);
    return 0;
}

void wudf_pnp_start(wudf_host *host, const wudf_msg *msg)
{
    if (host->state != WUDF_HOST_IDLE) {
        /* One device stack per process: a second start is the reflector's mistake, not the device's. */
        wudf_log(WUDF_LOG_WARN, "device-start-ignored", "reason=already-started");
        return;
    }
    host->device_id = msg->device_id;
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, &err)) {
        char message[400];
        snprintf(message, sizeof message, "DEVICE_START payload: %s", err.message);
        fail_start(host, STATUS_INVALID_PARAMETER, message);
        wudf_kv_free(&kv);
        return;
    }
    int rc = read_config(host, &kv);
    if (!rc) {
        wudf_layer *top = &host->layers[host->layer_count - 1];
        wudf_log(WUDF_LOG_INFO, "device-start", "instance=%s service=%s layers=%u", host->instance_id,
                 top->service_name[0] ? top->service_name : "?", host->layer_count);
        /* A USB devnode's device must be there before its drivers are loaded (usb_open.c). */
        char message[400];
        NTSTATUS status;
        rc = wudf_usb_open(host, &kv, &status, message, sizeof message);
        if (rc)
            fail_start(host, status, message);
    }
    wudf_kv_free(&kv);
    /* Every driver of the stack, the lowest first: each gets OnInitialize and OnDeviceAdd. */
    for (unsigned i = 0; !rc && i < host->layer_count; i++)
        rc = add_layer(host, &host->layers[i]);
    /* The start goes up the stack as IRP_MN_START_DEVICE does: the lowest layer is in D0 first. */
    for (unsigned i = 0; !rc && i < host->layer_count; i++)
        rc = power_up(host, &host->layers[i]);
    if (rc)
        return;
    uv_mutex_lock(&host->lock);
    host->state = WUDF_HOST_STARTED;
    uv_mutex_unlock(&host->lock);
    send_started(host, STATUS_SUCCESS, NULL, 0);
    /* After DEVICE_STARTED: its first report says the device is in D0. The stack's power policy is
     * its owner's (stack.h). */
    wudf_device *owner = wudf_stack_power_owner(host);
    if (owner) {
        wudf_power_start(owner);
        wudf_object_release(&owner->obj);
    }
    wudf_log(WUDF_LOG_INFO, "device-started", "instance=%s live_objects=%ld layers=%u", host->instance_id,
             wudf_host_live_objects(host), host->layer_count);
    /* The start ran code the device will not run again (loading, OnDeviceAdd): its pages go. */
    wudf_host_trim_resident();
}
