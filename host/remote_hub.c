/*
 * A device's remote hub: its driver's registrations for device interfaces
 * (IWDFDevice2::RegisterRemoteInterfaceNotification), the remote targets and interfaces it made, and
 * the way in for what the reflector says of them (wudf_remote_message, on the channel's thread, which
 * it never blocks: answers wake their waiters, callbacks go to the workers).
 */
#include "remote.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

static uv_once_t hubs_once = UV_ONCE_INIT;
static uv_mutex_t hubs_lock; /* the list, and each hub's gone; taken before the host lock */
static wudf_list hubs = {&hubs, &hubs};
static atomic_ullong last_id;

static void hubs_init(void)
{
    uv_mutex_init(&hubs_lock);
}

uint64_t wudf_remote_next_id(void)
{
    return (uint64_t)atomic_fetch_add(&last_id, 1) + 1;
}

WUDF_UNKNOWN_METHODS(hub, IUnknown)

static const IUnknownVtbl hub_vtbl = {
    WUDF_UNKNOWN_VTBL(hub),
};

static void hub_cleanup(wudf_object *obj)
{
    wudf_remote_hub *hub = (wudf_remote_hub *)(void *)obj;
    /* It stays findable until destroyed: targets deleted after it still wait for their answers. */
    uv_mutex_lock(&hubs_lock);
    hub->gone = 1;
    uv_mutex_unlock(&hubs_lock);
    uv_mutex_lock(&obj->host->lock);
    IPnpCallbackRemoteInterfaceNotification *arrival = hub->arrival;
    hub->arrival = NULL;
    uv_mutex_unlock(&obj->host->lock);
    WUDF_RELEASE(arrival);
}

static void hub_destroy(wudf_object *obj)
{
    wudf_remote_hub *hub = (wudf_remote_hub *)(void *)obj;
    uv_mutex_lock(&hubs_lock);
    wudf_list_remove(&hub->link);
    uv_mutex_unlock(&hubs_lock);
    uv_cond_destroy(&hub->changed);
    /* Callbacks still queued take the device's lock: it lives as long as the hub. */
    wudf_object_release(&hub->device->obj);
}

static const wudf_object_type hub_type = {
    .name = "remote hub",
    .cleanup = hub_cleanup,
    .destroy = hub_destroy,
};

/* hubs_lock held; gone: a hub whose device was deleted will do (answers still awaited). */
static wudf_remote_hub *find_locked(wudf_host *host, int gone)
{
    for (wudf_list *pos = hubs.next; pos != &hubs; pos = pos->next) {
        wudf_remote_hub *hub = WUDF_CONTAINER_OF(pos, wudf_remote_hub, link);
        if (hub->obj.host != host || (!gone && hub->gone))
            continue;
        /* A reference only while it has one: a hub whose last reference went is being destroyed. */
        long refs = atomic_load(&hub->obj.refs);
        while (refs > 0)
            if (atomic_compare_exchange_weak(&hub->obj.refs, &refs, refs + 1))
                return hub;
    }
    return NULL;
}

wudf_remote_hub *wudf_remote_hub_find(wudf_host *host)
{
    uv_once(&hubs_once, hubs_init);
    uv_mutex_lock(&hubs_lock);
    wudf_remote_hub *hub = find_locked(host, 1);
    uv_mutex_unlock(&hubs_lock);
    return hub;
}

wudf_remote_hub *wudf_remote_hub_get(wudf_device *device)
{
    uv_once(&hubs_once, hubs_init);
    uv_mutex_lock(&hubs_lock);
    wudf_remote_hub *hub = find_locked(device->obj.host, 0);
    if (hub || !(hub = calloc(1, sizeof *hub))) {
        uv_mutex_unlock(&hubs_lock);
        return hub;
    }
    hub->device = device;
    wudf_object_addref(&device->obj);
    wudf_list_init(&hub->targets);
    wudf_list_init(&hub->interfaces);
    wudf_list_init(&hub->opens);
    wudf_list_init(&hub->removals);
    wudf_list_init(&hub->custom_events);
    uv_cond_init(&hub->changed);
    /* Its driver never sees it; it goes with the device. */
    wudf_object_init(&hub->obj, &hub_vtbl, &hub_type, device->obj.host, &device->obj, NULL);
    hub->arrival = wudf_object_query_callback(&device->obj, &IID_IPnpCallbackRemoteInterfaceNotification);
    wudf_list_add_tail(&hubs, &hub->link);
    wudf_object_addref(&hub->obj);
    uv_mutex_unlock(&hubs_lock);
    return hub;
}

void wudf_remote_send_irp(wudf_host *host, uint64_t id, uint8_t major, uint32_t file_id, uint32_t ioctl,
                          const void *input, uint32_t input_length, uint32_t output_length, uint64_t offset)
{
    wudf_msg m;
    wudf_msg_init_irp(&m, major, file_id, ioctl, input, input_length, output_length);
    m.type = WUDF_MSG_REMOTE_IRP;
    m.irp_id = id;
    m.offset = offset;
    wudf_host_send(host, &m);
}

void wudf_remote_send_event(wudf_host *host, const char *const *pairs)
{
    wudf_kv kv;
    wudf_error err;
    uint8_t *payload = NULL;
    uint32_t length = 0;
    wudf_kv_init(&kv);
    int rc = 0;
    for (size_t i = 0; pairs[i] && !rc; i += 2)
        rc = wudf_kv_add(&kv, pairs[i], pairs[i + 1], &err);
    if (!rc)
        rc = wudf_kv_encode(&kv, &payload, &length, &err);
    wudf_kv_free(&kv);
    if (rc) {
        wudf_log(WUDF_LOG_ERROR, "remote-event-failed", "reason=\"%s\"", err.message);
        return;
    }
    wudf_msg m;
    wudf_msg_init(&m, WUDF_MSG_REMOTE_EVENT);
    m.payload = payload;
    m.payload_length = length;
    wudf_host_send(host, &m);
    free(payload);
}

typedef struct callback_item {
    wudf_remote_hub *hub; /* referenced */
    void (*fn)(void *);
    void *arg;
} callback_item;

static void run_callback(void *arg)
{
    callback_item *item = arg;
    wudf_device *device = item->hub->device;
    wudf_device_enter(device);
    item->fn(item->arg);
    wudf_device_leave(device);
    wudf_object_release(&item->hub->obj);
    free(item);
}

void wudf_remote_callback(wudf_remote_hub *hub, void (*fn)(void *), void *arg)
{
    callback_item *item = malloc(sizeof *item);
    if (!item) {
        wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=remote-callback-run-here");
        fn(arg);
        return;
    }
    wudf_object_addref(&hub->obj);
    item->hub = hub;
    item->fn = fn;
    item->arg = arg;
    wudf_workers_post(hub->obj.host->workers, run_callback, item);
}

HRESULT wudf_remote_register_notification(wudf_device *device, LPCGUID guid, BOOL include_existing)
{
    if (!guid)
        return E_INVALIDARG;
    wudf_remote_hub *hub = wudf_remote_hub_get(device);
    if (!hub)
        return E_OUTOFMEMORY;
    wudf_host *host = device->obj.host;
    HRESULT hr = S_OK;
    uv_mutex_lock(&host->lock);
    if (!hub->arrival)
        hr = E_INVALIDARG; /* "only if the callback interface ... supports IPnpCallbackRemoteInterfaceNotification" */
    else if (hub->registrations >= WUDF_REMOTE_MAX_REGISTRATIONS)
        hr = HRESULT_FROM_NT(STATUS_INSUFFICIENT_RESOURCES);
    else
        hub->registrations++;
    uv_mutex_unlock(&host->lock);
    char text[39];
    wudf_guid_format(guid, text);
    if (FAILED(hr)) {
        wudf_log(WUDF_LOG_WARN, "remote-register-refused", "guid=%s hr=0x%08lX reason=\"%s\"", text,
                 (unsigned long)(ULONG)hr,
                 hr == E_INVALIDARG ? "the device's callback object lacks IPnpCallbackRemoteInterfaceNotification"
                                    : "too many registrations");
    } else {
        const char *pairs[] = {"event", "register", "guid", text, "existing", include_existing ? "1" : "0", NULL};
        wudf_remote_send_event(host, pairs);
        wudf_log(WUDF_LOG_INFO, "remote-register", "guid=%s existing=%d", text, include_existing ? 1 : 0);
    }
    wudf_object_release(&hub->obj);
    return hr;
}

static void on_event(wudf_remote_hub *hub, const wudf_msg *msg)
{
    wudf_kv kv;
    wudf_error err;
    wudf_kv_init(&kv);
    if (wudf_kv_decode(msg->payload, msg->payload_length, &kv, &err)) {
        wudf_log(WUDF_LOG_ERROR, "remote-event-malformed", "reason=\"%s\"", err.message);
        return;
    }
    const char *event = wudf_kv_get(&kv, "event");
    if (!event)
        event = "";
    if (strcmp(event, "arrival") == 0)
        wudf_remote_interface_arrival(hub, &kv);
    else if (strcmp(event, "interface-removal") == 0)
        wudf_remote_interface_removal(hub, &kv);
    else if (strcmp(event, "query-remove") == 0 || strcmp(event, "remove-canceled") == 0 ||
             strcmp(event, "remove-complete") == 0)
        wudf_remote_removal_event(hub, event, &kv);
    else if (strcmp(event, "custom") == 0)
        wudf_remote_interface_custom_event(hub, &kv);
    else
        wudf_log(WUDF_LOG_WARN, "remote-event-ignored", "event=%.40s", event);
    wudf_kv_free(&kv);
}

void wudf_remote_message(wudf_host *host, const wudf_msg *msg)
{
    wudf_remote_hub *hub = wudf_remote_hub_find(host);
    if (!hub) {
        /* The device and its targets are gone: a late close's answer, nothing waits for it. */
        wudf_log(WUDF_LOG_DEBUG, "remote-message-dropped", "type=%s irp=%llu", wudf_msg_type_name(msg->type),
                 (unsigned long long)msg->irp_id);
        return;
    }
    if (msg->type == WUDF_MSG_REMOTE_EVENT)
        on_event(hub, msg);
    else if (msg->type == WUDF_MSG_REMOTE_COMPLETE && !wudf_remote_target_open_done(hub, msg) &&
             !wudf_remote_io_done(hub, msg))
        wudf_log(WUDF_LOG_DEBUG, "remote-complete-unmatched", "irp=%llu status=0x%08lX",
                 (unsigned long long)msg->irp_id, (unsigned long)(ULONG)msg->status);
    wudf_object_release(&hub->obj);
}
