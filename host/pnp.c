/*
 * DEVICE_START: read the devnode's configuration, load the function driver
 * and bring the device up the way UMDF does: DllGetClassObject ->
 * IClassFactory::CreateInstance(IDriverEntry) -> OnInitialize -> OnDeviceAdd
 * -> OnPrepareHardware -> OnD0Entry(D3Final) -> OnSelfManagedIoInit, then
 * answer DEVICE_STARTED. A failure at any step undoes the steps before it,
 * answers with the failing step and its HRESULT, and ends the process (1).
 */
#include "framework.h"
#include "usb_hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"
#include "hresult.h"

static void send_started(wudf_host *host, NTSTATUS status, const char *message)
{
    wudf_device *reporting = status == STATUS_SUCCESS ? host->device : NULL;
    if (reporting)
        wudf_device_names_lock(reporting);
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    int rc = 0;
    if (message)
        rc = wudf_kv_add(&kv, "message", message, &err);
    if (!rc && reporting)
        rc = wudf_device_report(reporting, &kv, &err);
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
    wudf_host_send(host, &m);
    if (reporting) {
        wudf_device_report_disabled(reporting);
        wudf_device_names_unlock(reporting);
    }
    free(payload);
    wudf_kv_free(&kv);
}

static void fail_start(wudf_host *host, NTSTATUS status, const char *message)
{
    char q[400];
    const char *name = wudf_status_name(status);
    wudf_log(WUDF_LOG_ERROR, "device-start-failed", "status=%s message=%s", name ? name : "other",
             wudf_log_quote(q, sizeof q, message));
    wudf_pnp_teardown(host, &host->progress);
    uv_mutex_lock(&host->lock);
    host->state = WUDF_HOST_STOPPED;
    uv_mutex_unlock(&host->lock);
    send_started(host, status, message);
    host->outbox.finish(host->outbox.ctx, 1);
}

static void fail_step(wudf_host *host, const char *step, HRESULT hr)
{
    char message[160];
    snprintf(message, sizeof message, "%s failed with 0x%08lX", step, (unsigned long)(ULONG)hr);
    NTSTATUS status = FAILED(hr) ? wudf_ntstatus_from_hresult(hr) : STATUS_UNSUCCESSFUL;
    fail_start(host, status, message);
}

static char *dup_or_null(const char *s)
{
    return s ? wudf_text_copy(s) : NULL;
}

/* Reads DEVICE_START's keys into host; fills clsid and binary. Returns 0, or fails the start. */
static int read_config(wudf_host *host, const wudf_kv *kv, GUID *clsid, const char **binary)
{
    char message[400];
    uint64_t services;
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
    if (wudf_kv_get_u64(kv, "service_count", &services, &err)) {
        snprintf(message, sizeof message, "DEVICE_START: %s", err.message);
        fail_start(host, STATUS_INVALID_PARAMETER, message);
        return -1;
    }
    if (services != 1) {
        snprintf(message, sizeof message,
                 "service_count is %llu: this host runs exactly one service (the function driver)",
                 (unsigned long long)services);
        fail_start(host, services ? STATUS_NOT_SUPPORTED : STATUS_INVALID_PARAMETER, message);
        return -1;
    }
    host->service_name = dup_or_null(wudf_kv_get(kv, "service.0.name"));
    const char *clsid_text = wudf_kv_get(kv, "service.0.clsid");
    if (!clsid_text || wudf_guid_parse(clsid_text, clsid)) {
        snprintf(message, sizeof message, "service.0.clsid \"%s\" is not a {GUID}", clsid_text ? clsid_text : "");
        fail_start(host, STATUS_INVALID_PARAMETER, message);
        return -1;
    }
    *binary = wudf_kv_get(kv, "service.0.binary");
    if (!host->options.get_class_object && (!*binary || !**binary)) {
        fail_start(host, STATUS_INVALID_PARAMETER, "DEVICE_START without service.0.binary");
        return -1;
    }
    for (size_t i = 0; i < kv->count; i++)
        if (strncmp(kv->keys[i], "setting.", 8) == 0 && kv->keys[i][8] &&
            wudf_setting_add(host, kv->keys[i] + 8, kv->values[i])) {
            fail_start(host, STATUS_INSUFFICIENT_RESOURCES, "out of memory for device settings");
            return -1;
        }
    const char *level = wudf_kv_get(kv, "log_level");
    wudf_log_level parsed;
    if (level && wudf_log_level_parse(level, &parsed) == 0)
        wudf_log_setup("wudfhost", parsed);
    return 0;
}

/* Loads the module (or takes the test's entry point) and creates the IDriverEntry. */
static int create_driver_entry(wudf_host *host, const GUID *clsid, const char *binary)
{
    wudf_get_class_object_fn get_class_object = host->options.get_class_object;
    wudf_error err;
    if (!get_class_object && wudf_module_load(binary, &host->module, &get_class_object, &err)) {
        NTSTATUS status = err.code == WUDF_ENOTFOUND ? STATUS_NO_SUCH_FILE
                          : err.code == WUDF_EINVAL  ? STATUS_PROCEDURE_NOT_FOUND
                          : err.code == WUDF_ESTATE  ? STATUS_NOT_SUPPORTED
                                                     : STATUS_INVALID_IMAGE_FORMAT;
        fail_start(host, status, err.message);
        return -1;
    }
    IClassFactory *factory = NULL;
    HRESULT hr = get_class_object(clsid, &IID_IClassFactory, (void **)&factory);
    if (FAILED(hr) || !factory) {
        fail_step(host, "DllGetClassObject", FAILED(hr) ? hr : E_POINTER);
        return -1;
    }
    IDriverEntry *entry = NULL;
    hr = IClassFactory_CreateInstance(factory, NULL, &IID_IDriverEntry, (void **)&entry);
    IClassFactory_Release(factory);
    if (FAILED(hr) || !entry) {
        fail_step(host, "IClassFactory::CreateInstance(IDriverEntry)", FAILED(hr) ? hr : E_POINTER);
        return -1;
    }
    host->entry = entry;
    return 0;
}

/* Runs the device's PnP callbacks up to D0 with self-managed I/O. */
static int power_up(wudf_host *host, wudf_device *d)
{
    IWDFDevice *device = (IWDFDevice *)(void *)d;
    HRESULT hr;
    wudf_device_enter(d);
    if (d->hardware) {
        hr = IPnpCallbackHardware_OnPrepareHardware(d->hardware, device);
        if (FAILED(hr)) {
            wudf_device_leave(d);
            fail_step(host, "OnPrepareHardware", hr);
            return -1;
        }
    }
    host->progress.hardware_prepared = 1;
    if (d->pnp) {
        hr = IPnpCallback_OnD0Entry(d->pnp, device, WdfPowerDeviceD3Final);
        if (FAILED(hr)) {
            wudf_device_leave(d);
            fail_step(host, "OnD0Entry", hr);
            return -1;
        }
    }
    host->progress.in_d0 = 1;
    if (d->self_managed_io) {
        hr = IPnpCallbackSelfManagedIo_OnSelfManagedIoInit(d->self_managed_io, device);
        if (FAILED(hr)) {
            wudf_device_leave(d);
            fail_step(host, "OnSelfManagedIoInit", hr);
            return -1;
        }
    }
    host->progress.self_managed_io = 1;
    wudf_device_leave(d);
    return 0;
}

void wudf_pnp_start(wudf_host *host, const wudf_msg *msg)
{
    if (host->state != WUDF_HOST_IDLE) {
        /* One device per process: a second start is the reflector's mistake, not the device's. */
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
    GUID clsid;
    const char *binary = NULL;
    int rc = read_config(host, &kv, &clsid, &binary);
    if (!rc) {
        wudf_log(WUDF_LOG_INFO, "device-start", "instance=%s service=%s", host->instance_id,
                 host->service_name ? host->service_name : "?");
        /* A USB devnode's device must be there before its driver is loaded (usb_open.c). */
        char message[400];
        NTSTATUS status;
        rc = wudf_usb_open(host, &kv, &status, message, sizeof message);
        if (rc)
            fail_start(host, status, message);
    }
    if (!rc)
        rc = create_driver_entry(host, &clsid, binary);
    wudf_kv_free(&kv);
    if (rc)
        return;

    host->driver = wudf_driver_create(host);
    if (!host->driver) {
        fail_start(host, STATUS_INSUFFICIENT_RESOURCES, "out of memory for the driver object");
        return;
    }
    IWDFDriver *driver = (IWDFDriver *)(void *)host->driver;
    HRESULT hr = IDriverEntry_OnInitialize(host->entry, driver);
    if (FAILED(hr)) {
        fail_step(host, "OnInitialize", hr);
        return;
    }
    host->progress.initialized = 1;
    wudf_device_init *init = wudf_device_init_create(host);
    if (!init) {
        fail_start(host, STATUS_INSUFFICIENT_RESOURCES, "out of memory for the device initializer");
        return;
    }
    hr = IDriverEntry_OnDeviceAdd(host->entry, driver, (IWDFDeviceInitialize *)(void *)init);
    wudf_object_release(&init->obj);
    if (FAILED(hr)) {
        fail_step(host, "OnDeviceAdd", hr);
        return;
    }
    uv_mutex_lock(&host->lock);
    wudf_device *d = host->device;
    uv_mutex_unlock(&host->lock);
    if (!d) {
        fail_start(host, STATUS_UNSUCCESSFUL, "OnDeviceAdd succeeded but created no device (IWDFDriver::CreateDevice)");
        return;
    }
    if (power_up(host, d))
        return;
    uv_mutex_lock(&host->lock);
    host->state = WUDF_HOST_STARTED;
    uv_mutex_unlock(&host->lock);
    send_started(host, STATUS_SUCCESS, NULL);
    wudf_log(WUDF_LOG_INFO, "device-started", "instance=%s live_objects=%ld", host->instance_id,
             wudf_host_live_objects(host));
}
