/*
 * The layers of the device stack (stack.h): what DEVICE_START names, the
 * modules and driver entries, which device is below which, and how a
 * request from the reflector finds the layer that takes it: a filter sees
 * only the request types it registered a callback for (SetFilter), and its
 * creates go down unless it takes them (AutoForwardCreateCleanupClose).
 */
#include "stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hresult.h"
#include "log.h"
#include "text.h"

/* As many as an INF may list (WUDF_INF_MAX_SERVICES in common/inf.h). */
#define STACK_MAX_LAYERS 8u

static int read_layer(wudf_host *host, const wudf_kv *kv, wudf_layer *layer, char *message, size_t size)
{
    char key[32];
    snprintf(key, sizeof key, "service.%u.name", layer->index);
    const char *name = wudf_kv_get(kv, key);
    snprintf(key, sizeof key, "service.%u.clsid", layer->index);
    const char *clsid = wudf_kv_get(kv, key);
    snprintf(key, sizeof key, "service.%u.binary", layer->index);
    const char *binary = wudf_kv_get(kv, key);
    if (!clsid || wudf_guid_parse(clsid, &layer->clsid)) {
        snprintf(message, size, "service.%u.clsid \"%s\" is not a {GUID}", layer->index, clsid ? clsid : "");
        return -1;
    }
    if (!host->options.get_class_object && (!binary || !*binary)) {
        snprintf(message, size, "DEVICE_START without service.%u.binary", layer->index);
        return -1;
    }
    layer->service_name = wudf_text_copy(name ? name : "");
    layer->binary = binary && *binary ? wudf_text_copy(binary) : NULL;
    if (!layer->service_name || (binary && *binary && !layer->binary)) {
        snprintf(message, size, "out of memory for the configuration");
        return -1;
    }
    return 0;
}

int wudf_stack_read_config(wudf_host *host, const wudf_kv *kv, NTSTATUS *status, char *message, size_t size)
{
    uint64_t count;
    wudf_error err;
    *status = STATUS_INVALID_PARAMETER;
    if (wudf_kv_get_u64(kv, "service_count", &count, &err)) {
        snprintf(message, size, "DEVICE_START: %s", err.message);
        return -1;
    }
    if (count == 0 || count > STACK_MAX_LAYERS) {
        snprintf(message, size, "service_count is %llu: a device stack has 1 to %u services",
                 (unsigned long long)count, STACK_MAX_LAYERS);
        if (count)
            *status = STATUS_NOT_SUPPORTED;
        return -1;
    }
    host->layers = calloc((size_t)count, sizeof *host->layers);
    if (!host->layers) {
        *status = STATUS_INSUFFICIENT_RESOURCES;
        snprintf(message, size, "out of memory for the configuration");
        return -1;
    }
    host->layer_count = (unsigned)count;
    for (unsigned i = 0; i < host->layer_count; i++) {
        host->layers[i].index = i;
        if (read_layer(host, kv, &host->layers[i], message, size))
            return -1;
    }
    return 0;
}

static NTSTATUS load_status(int code)
{
    return code == WUDF_ENOTFOUND ? STATUS_NO_SUCH_FILE
           : code == WUDF_EINVAL  ? STATUS_PROCEDURE_NOT_FOUND
           : code == WUDF_ESTATE  ? STATUS_NOT_SUPPORTED
                                  : STATUS_INVALID_IMAGE_FORMAT;
}

int wudf_stack_load(wudf_host *host, wudf_layer *layer, NTSTATUS *status, char *message, size_t size)
{
    wudf_get_class_object_fn get_class_object = host->options.get_class_object;
    for (unsigned i = 0; !get_class_object && i < layer->index; i++)
        if (host->layers[i].binary && strcmp(host->layers[i].binary, layer->binary) == 0)
            get_class_object = host->layers[i].get_class_object;
    wudf_error err;
    if (!get_class_object && wudf_module_load(layer->binary, &layer->module, &get_class_object, &err)) {
        *status = load_status(err.code);
        snprintf(message, size, "%s", err.message);
        return -1;
    }
    layer->get_class_object = get_class_object;
    IClassFactory *factory = NULL;
    HRESULT hr = get_class_object(&layer->clsid, &IID_IClassFactory, (void **)&factory);
    const char *step = "DllGetClassObject";
    IDriverEntry *entry = NULL;
    if (SUCCEEDED(hr) && factory) {
        step = "IClassFactory::CreateInstance(IDriverEntry)";
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_IDriverEntry, (void **)&entry);
        IClassFactory_Release(factory);
    }
    if (FAILED(hr) || !entry) {
        hr = FAILED(hr) ? hr : E_POINTER;
        *status = wudf_ntstatus_from_hresult(hr);
        if (host->layer_count > 1)
            snprintf(message, size, "%s: %s failed with 0x%08lX", layer->service_name, step, (unsigned long)(ULONG)hr);
        else
            snprintf(message, size, "%s failed with 0x%08lX", step, (unsigned long)(ULONG)hr);
        return -1;
    }
    layer->entry = entry;
    return 0;
}

void wudf_stack_free(wudf_host *host)
{
    for (unsigned i = host->layer_count; i-- > 0;) {
        wudf_layer *layer = &host->layers[i];
        if (layer->module)
            wudf_module_unload(layer->module);
        free(layer->service_name);
        free(layer->binary);
    }
    free(host->layers);
    host->layers = NULL;
    host->layer_count = 0;
}

wudf_device **wudf_stack_devices(wudf_host *host, size_t *count)
{
    *count = 0;
    wudf_device **list = calloc(host->layer_count ? host->layer_count : 1, sizeof *list);
    if (!list)
        return NULL;
    uv_mutex_lock(&host->lock);
    for (unsigned i = host->layer_count; i-- > 0;) {
        wudf_device *d = host->layers[i].device;
        if (d) {
            wudf_object_addref(&d->obj);
            list[(*count)++] = d;
        }
    }
    uv_mutex_unlock(&host->lock);
    return list;
}

wudf_device *wudf_stack_lower(wudf_device *d)
{
    wudf_host *host = d->obj.host;
    wudf_device *lower = NULL;
    uv_mutex_lock(&host->lock);
    if (d->layer && d->layer->index > 0) {
        lower = host->layers[d->layer->index - 1].device;
        if (lower)
            wudf_object_addref(&lower->obj);
    }
    uv_mutex_unlock(&host->lock);
    return lower;
}

const char *wudf_device_service_name(const wudf_device *d)
{
    return d && d->layer && d->layer->service_name ? d->layer->service_name : "";
}

wudf_device *wudf_stack_power_owner(wudf_host *host)
{
    wudf_device *owner = NULL;
    uv_mutex_lock(&host->lock);
    for (unsigned i = host->layer_count; i-- > 0 && !owner;)
        if (host->layers[i].device && host->layers[i].device->power_policy_owner)
            owner = host->layers[i].device;
    if (!owner)
        owner = host->device;
    if (owner)
        wudf_object_addref(&owner->obj);
    uv_mutex_unlock(&host->lock);
    return owner;
}

int wudf_stack_has_power_owner(wudf_host *host)
{
    int owner = 0;
    uv_mutex_lock(&host->lock);
    for (unsigned i = 0; i < host->layer_count && !owner; i++)
        owner = host->layers[i].device && host->layers[i].device->power_policy_owner;
    uv_mutex_unlock(&host->lock);
    return owner;
}

int wudf_stack_auto_forwards(const wudf_device *d)
{
    return d->auto_forward == WdfTrue || (d->auto_forward != WdfFalse && d->filter);
}

wudf_device *wudf_request_device(wudf_request *r)
{
    wudf_host *host = r->obj.host;
    uv_mutex_lock(&host->lock);
    wudf_device *d = r->device ? r->device : host->device;
    if (d)
        wudf_object_addref(&d->obj);
    uv_mutex_unlock(&host->lock);
    return d;
}

void wudf_request_set_device(wudf_request *r, wudf_device *d)
{
    wudf_host *host = r->obj.host;
    wudf_object_addref(&d->obj);
    uv_mutex_lock(&host->lock);
    wudf_device *old = r->device;
    r->device = d;
    uv_mutex_unlock(&host->lock);
    if (old)
        wudf_object_release(&old->obj);
}

NTSTATUS wudf_stack_lower_edge_create(wudf_host *host)
{
    return host->usb ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST;
}

/* Whether q presents requests of type to its driver: a callback for the type, the default handler,
 * or a manual queue, from which the driver retrieves them itself. */
static int queue_takes(const wudf_queue *q, WDF_REQUEST_TYPE type)
{
    if (q->dispatch_type == WdfIoQueueDispatchManual || q->on_default)
        return 1;
    switch (type) {
    case WdfRequestRead: return q->on_read != NULL;
    case WdfRequestWrite: return q->on_write != NULL;
    case WdfRequestDeviceIoControl:
    case WdfRequestInternalIoctl: return q->on_ioctl != NULL;
    default: return 0;
    }
}

/* r moves down to lower as it is (a filter without a callback for its type): its file becomes the
 * lower layer's file of the same open. 0, or the status r is to complete with. */
static NTSTATUS pass_down(wudf_host *host, wudf_request *r)
{
    uv_mutex_lock(&host->lock);
    wudf_file *upper = r->file, *lower = upper ? upper->lower : NULL;
    if (lower)
        wudf_object_addref(&lower->obj);
    r->file = lower;
    uv_mutex_unlock(&host->lock);
    if (upper)
        wudf_object_release(&upper->obj);
    /* A lower driver that never saw the open: UmdfFileObjectPolicy decides, as for the top. */
    if (upper && !lower && !wudf_io_allows_unknown_files(host))
        return STATUS_INVALID_HANDLE;
    return STATUS_SUCCESS;
}

void wudf_stack_dispatch(wudf_host *host, wudf_device *top, wudf_request *r)
{
    wudf_device *d = top;
    wudf_object_addref(&d->obj);
    wudf_queue *q = wudf_queue_for(d, r->type);
    while (d->filter && !(q && queue_takes(q, r->type))) {
        /* "Sends I/O requests for which the filter has not registered a callback to the next logical
         * driver in the stack" (IWDFDeviceInitialize::SetFilter). */
        if (q)
            wudf_object_release(&q->obj);
        q = NULL;
        wudf_device *lower = wudf_stack_lower(d);
        wudf_object_release(&d->obj);
        d = lower;
        NTSTATUS refused = d ? pass_down(host, r) : STATUS_INVALID_DEVICE_REQUEST; /* the lower edge */
        if (refused != STATUS_SUCCESS) {
            if (d)
                wudf_object_release(&d->obj);
            wudf_request_complete_nt(r, refused);
            return;
        }
        wudf_log(WUDF_LOG_DEBUG, "stack-pass-down", "irp=%llu type=%d service=%s", (unsigned long long)r->irp_id,
                 (int)r->type, wudf_device_service_name(d));
        q = wudf_queue_for(d, r->type);
    }
    wudf_request_set_device(r, d);
    wudf_object_release(&d->obj);
    if (!q) {
        wudf_request_complete_nt(r, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
    uint32_t length = r->type == WdfRequestRead ? r->output_length : r->input_length;
    if ((r->type == WdfRequestRead || r->type == WdfRequestWrite) && length == 0 && !q->allow_zero_length) {
        wudf_object_release(&q->obj);
        wudf_request_complete_nt(r, STATUS_SUCCESS);
        return;
    }
    wudf_queue_insert(q, r);
    wudf_object_release(&q->obj);
}

void wudf_stack_create(wudf_host *host, wudf_device *d, wudf_request *r)
{
    wudf_request_set_device(r, d);
    wudf_queue *q = wudf_queue_for(d, WdfRequestCreate);
    if (q) {
        wudf_queue_insert(q, r);
        wudf_object_release(&q->obj);
        return;
    }
    if (!wudf_stack_auto_forwards(d)) {
        /* No queue takes creates: UMDF opens the file for a function driver. */
        wudf_request_complete(r, S_OK, 0);
        return;
    }
    wudf_device *lower = wudf_stack_lower(d);
    if (!lower) {
        NTSTATUS status = wudf_stack_lower_edge_create(host);
        wudf_log(NT_SUCCESS(status) ? WUDF_LOG_DEBUG : WUDF_LOG_WARN, "stack-create-lower-edge",
                 "irp=%llu below=%s status=0x%08lx", (unsigned long long)r->irp_id, host->usb ? "winusb" : "root-pdo",
                 (unsigned long)(ULONG)status);
        wudf_request_complete_nt(r, status);
        return;
    }
    wudf_stack_forward(r, lower);
    wudf_object_release(&lower->obj);
}
