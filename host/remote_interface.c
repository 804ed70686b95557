/*
 * Device interfaces of other devices: an arrival from the reflector becomes an
 * IWDFRemoteInterfaceInitialize for the device callback's
 * IPnpCallbackRemoteInterfaceNotification::OnRemoteInterfaceArrival (on a worker); in it the driver
 * makes an IWDFRemoteInterface (IWDFDevice2::CreateRemoteInterface) to open a remote target on. A
 * removal from the reflector reaches the remote interfaces made for that link
 * (IRemoteInterfaceCallbackRemoval::OnRemoteInterfaceRemoval). Another device's PostEvent reaches the
 * remote interface a remote target was opened on (OpenRemoteInterface) while that target is open
 * (IRemoteInterfaceCallbackEvent::OnRemoteInterfaceEvent).
 */
#include "remote.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"

/* ---- IWDFRemoteInterfaceInitialize: what arrived ---- */

typedef struct interface_init {
    wudf_object obj;
    wudf_remote_hub *hub; /* referenced */
    GUID guid;
    char *link;
} interface_init;

static interface_init *init_of(IWDFRemoteInterfaceInitialize *This)
{
    return (interface_init *)(void *)This;
}

WUDF_UNKNOWN_METHODS(init, IWDFRemoteInterfaceInitialize)

static void STDMETHODCALLTYPE init_GetInterfaceGuid(IWDFRemoteInterfaceInitialize *This, LPGUID guid)
{
    if (guid)
        *guid = init_of(This)->guid;
}

static HRESULT STDMETHODCALLTYPE init_RetrieveSymbolicLink(IWDFRemoteInterfaceInitialize *This, PWSTR link,
                                                           DWORD *length)
{
    return wudf_copy_utf8_out(init_of(This)->link, link, length);
}

static const IWDFRemoteInterfaceInitializeVtbl init_vtbl = {
    WUDF_UNKNOWN_VTBL(init),
    .GetInterfaceGuid = init_GetInterfaceGuid,
    .RetrieveSymbolicLink = init_RetrieveSymbolicLink,
};

static void init_destroy(wudf_object *obj)
{
    interface_init *init = (interface_init *)(void *)obj;
    free(init->link);
    wudf_object_release(&init->hub->obj);
}

static const IID *const init_iids[] = {&IID_IWDFRemoteInterfaceInitialize, NULL};
static const wudf_object_type init_type = {
    .name = "IWDFRemoteInterfaceInitialize",
    .iids = init_iids,
    .destroy = init_destroy,
};

/* The GUID and link of an arrival or removal; 0, or -1 when they are malformed. */
static int parse(const wudf_kv *kv, GUID *guid, const char **link)
{
    const char *g = wudf_kv_get(kv, "guid");
    *link = wudf_kv_get(kv, "link");
    if (!g || wudf_guid_parse(g, guid) || !*link || !**link) {
        wudf_log(WUDF_LOG_ERROR, "remote-event-malformed", "reason=\"an interface event without its GUID or link\"");
        return -1;
    }
    return 0;
}

static void run_arrival(void *arg)
{
    interface_init *init = arg;
    wudf_remote_hub *hub = init->hub;
    wudf_host *host = hub->obj.host;
    uv_mutex_lock(&host->lock);
    IPnpCallbackRemoteInterfaceNotification *callback = host->state == WUDF_HOST_STARTED ? hub->arrival : NULL;
    if (callback)
        IPnpCallbackRemoteInterfaceNotification_AddRef(callback);
    uv_mutex_unlock(&host->lock);
    char q[400];
    wudf_log(WUDF_LOG_DEBUG, "driver-callback",
             "callback=IPnpCallbackRemoteInterfaceNotification::OnRemoteInterfaceArrival link=%s delivered=%d",
             wudf_log_quote(q, sizeof q, init->link), callback != NULL);
    if (callback) {
        IPnpCallbackRemoteInterfaceNotification_OnRemoteInterfaceArrival(
            callback, (IWDFRemoteInterfaceInitialize *)(void *)init);
        IPnpCallbackRemoteInterfaceNotification_Release(callback);
    }
    wudf_object_release(&init->obj);
}

void wudf_remote_interface_arrival(wudf_remote_hub *hub, const wudf_kv *kv)
{
    GUID guid;
    const char *link;
    if (parse(kv, &guid, &link))
        return;
    interface_init *init = calloc(1, sizeof *init);
    char *copy = init ? wudf_text_copy(link) : NULL;
    if (!copy) {
        free(init);
        wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=drop-interface-arrival");
        return;
    }
    init->guid = guid;
    init->link = copy;
    init->hub = hub;
    wudf_object_addref(&hub->obj);
    wudf_object_init(&init->obj, &init_vtbl, &init_type, hub->obj.host, NULL, NULL);
    wudf_remote_callback(hub, run_arrival, init);
}

/* ---- IWDFRemoteInterface ---- */

WUDF_OBJECT_METHODS(itf, IWDFRemoteInterface)

static const IWDFRemoteInterfaceVtbl itf_vtbl = {
    WUDF_OBJECT_VTBL(itf),
};

wudf_remote_interface *wudf_remote_interface_from(IWDFRemoteInterface *itf)
{
    return wudf_object_has_vtbl(itf, &itf_vtbl) ? (wudf_remote_interface *)(void *)itf : NULL;
}

static void itf_cleanup(wudf_object *obj)
{
    wudf_remote_interface *itf = (wudf_remote_interface *)(void *)obj;
    uv_mutex_lock(&obj->host->lock);
    wudf_list_remove(&itf->hub_link);
    IRemoteInterfaceCallbackRemoval *removal = itf->removal;
    IRemoteInterfaceCallbackEvent *event = itf->event;
    itf->removal = NULL;
    itf->event = NULL;
    uv_mutex_unlock(&obj->host->lock);
    WUDF_RELEASE(removal);
    WUDF_RELEASE(event);
}

static void itf_destroy(wudf_object *obj)
{
    wudf_remote_interface *itf = (wudf_remote_interface *)(void *)obj;
    free(itf->link);
    wudf_object_release(&itf->hub->obj);
}

static const IID *const itf_iids[] = {&IID_IWDFRemoteInterface, NULL};
static const wudf_object_type itf_type = {
    .name = "IWDFRemoteInterface",
    .iids = itf_iids,
    .wdf_object = 1,
    .deletable = 1,
    .cleanup = itf_cleanup,
    .destroy = itf_destroy,
};

HRESULT wudf_remote_interface_create(wudf_device *device, IWDFRemoteInterfaceInitialize *init_itf, IUnknown *callback,
                                     IWDFRemoteInterface **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!wudf_object_has_vtbl(init_itf, &init_vtbl)) {
        wudf_driver_bug("remote-interface-init", "CreateRemoteInterface without the IWDFRemoteInterfaceInitialize "
                                                 "of OnRemoteInterfaceArrival");
        return E_INVALIDARG;
    }
    interface_init *init = init_of(init_itf);
    wudf_remote_hub *hub = wudf_remote_hub_get(device);
    wudf_remote_interface *itf = hub ? calloc(1, sizeof *itf) : NULL;
    char *link = itf ? wudf_text_copy(init->link) : NULL;
    if (!link) {
        free(itf);
        if (hub)
            wudf_object_release(&hub->obj);
        return E_OUTOFMEMORY;
    }
    itf->hub = hub; /* the reference from wudf_remote_hub_get */
    itf->guid = init->guid;
    itf->link = link;
    wudf_list_init(&itf->hub_link);
    /* The device is the parent: UMDF's remote interface objects go with it. */
    wudf_object_init(&itf->obj, &itf_vtbl, &itf_type, device->obj.host, &device->obj, callback);
    itf->removal = wudf_object_query_callback(&itf->obj, &IID_IRemoteInterfaceCallbackRemoval);
    itf->event = wudf_object_query_callback(&itf->obj, &IID_IRemoteInterfaceCallbackEvent);
    uv_mutex_lock(&device->obj.host->lock);
    wudf_list_add_tail(&hub->interfaces, &itf->hub_link);
    uv_mutex_unlock(&device->obj.host->lock);
    char q[400];
    wudf_log(WUDF_LOG_INFO, "remote-interface-created", "link=%s", wudf_log_quote(q, sizeof q, link));
    wudf_object_addref(&itf->obj);
    *out = (IWDFRemoteInterface *)(void *)itf;
    return S_OK;
}

static void run_removal(void *arg)
{
    wudf_remote_interface *itf = arg;
    uv_mutex_lock(&itf->obj.host->lock);
    IRemoteInterfaceCallbackRemoval *removal = itf->removal;
    if (removal)
        IRemoteInterfaceCallbackRemoval_AddRef(removal);
    uv_mutex_unlock(&itf->obj.host->lock);
    if (removal) {
        IRemoteInterfaceCallbackRemoval_OnRemoteInterfaceRemoval(removal, (IWDFRemoteInterface *)(void *)itf);
        IRemoteInterfaceCallbackRemoval_Release(removal);
    }
    wudf_object_release(&itf->obj);
}

void wudf_remote_interface_removal(wudf_remote_hub *hub, const wudf_kv *kv)
{
    GUID guid;
    const char *link;
    if (parse(kv, &guid, &link))
        return;
    wudf_host *host = hub->obj.host;
    for (;;) {
        /* One at a time: a removal callback may delete other remote interfaces. */
        wudf_remote_interface *found = NULL;
        uv_mutex_lock(&host->lock);
        for (wudf_list *pos = hub->interfaces.next; pos != &hub->interfaces && !found; pos = pos->next) {
            wudf_remote_interface *itf = WUDF_CONTAINER_OF(pos, wudf_remote_interface, hub_link);
            if (strcmp(itf->link, link) == 0 && itf->removal) {
                found = itf;
                wudf_list_remove(&itf->hub_link); /* told once */
                wudf_object_addref(&itf->obj);
            }
        }
        uv_mutex_unlock(&host->lock);
        if (!found)
            return;
        wudf_remote_callback(hub, run_removal, found);
    }
}

/* ---- custom events (another device's PostEvent) ---- */

/* reflector/custom_event.c and host/device_event.c bound the data the same way. */
#define CUSTOM_EVENT_MAX_DATA (0xFFFFu - 36u)
/* PostEvent's events carry no string: TARGET_DEVICE_CUSTOM_NOTIFICATION's NameBufferOffset is -1 then. */
#define CUSTOM_EVENT_NO_NAME ((DWORD)-1)
/* Events not yet told to a driver that is slow to take them; later ones are dropped (logged), as Windows
 * does not promise a custom event's delivery either. */
#define CUSTOM_EVENTS_WAITING_MAX 64u

typedef struct custom_event {
    wudf_list link;             /* hub->custom_events */
    wudf_remote_interface *itf; /* referenced */
    GUID guid;
    DWORD size;
    BYTE data[];
} custom_event;

static void tell_custom_event(custom_event *e)
{
    wudf_remote_interface *itf = e->itf;
    uv_mutex_lock(&itf->obj.host->lock);
    IRemoteInterfaceCallbackEvent *callback = itf->event;
    if (callback)
        IRemoteInterfaceCallbackEvent_AddRef(callback);
    uv_mutex_unlock(&itf->obj.host->lock);
    if (callback) {
        IRemoteInterfaceCallbackEvent_OnRemoteInterfaceEvent(callback, (IWDFRemoteInterface *)(void *)itf, &e->guid,
                                                             e->size ? e->data : NULL, e->size, CUSTOM_EVENT_NO_NAME);
        IRemoteInterfaceCallbackEvent_Release(callback);
    }
    wudf_object_release(&itf->obj);
    free(e);
}

/* One at a time, in the order they came, as a registration's notifications come on Windows. */
static void run_custom_events(void *arg)
{
    wudf_remote_hub *hub = arg;
    wudf_host *host = hub->obj.host;
    for (;;) {
        uv_mutex_lock(&host->lock);
        custom_event *e = NULL;
        if (!wudf_list_empty(&hub->custom_events)) {
            e = WUDF_CONTAINER_OF(hub->custom_events.next, custom_event, link);
            wudf_list_remove(&e->link);
            hub->custom_events_waiting--;
        } else {
            hub->custom_events_running = 0;
        }
        uv_mutex_unlock(&host->lock);
        if (!e)
            return;
        tell_custom_event(e);
    }
}

void wudf_remote_interface_custom_event(wudf_remote_hub *hub, const wudf_kv *kv)
{
    uint64_t file = 0, size = 0;
    GUID guid;
    const char *g = wudf_kv_get(kv, "guid");
    if (wudf_kv_get_u64(kv, "file", &file, NULL) || file == 0 || file > UINT32_MAX || !g || wudf_guid_parse(g, &guid) ||
        wudf_kv_get_u64(kv, "size", &size, NULL) || size > CUSTOM_EVENT_MAX_DATA) {
        wudf_log(WUDF_LOG_ERROR, "remote-event-malformed", "event=custom reason=\"no file, GUID or size in bounds\"");
        return;
    }
    custom_event *e = malloc(sizeof *e + (size_t)size);
    if (!e) {
        wudf_log(WUDF_LOG_ERROR, "out-of-memory", "action=drop-custom-event");
        return;
    }
    if (wudf_kv_get_hex(kv, "data", e->data, (size_t)size)) {
        free(e);
        wudf_log(WUDF_LOG_ERROR, "remote-event-malformed", "event=custom reason=\"data is not size hex bytes\"");
        return;
    }
    e->guid = guid;
    e->size = (DWORD)size;
    e->itf = NULL;
    /* Only a target that is open on that file now, and was opened on a remote interface, hears of it. */
    wudf_host *host = hub->obj.host;
    int found = 0, queued = 0, start = 0;
    uv_mutex_lock(&host->lock);
    for (wudf_list *pos = hub->targets.next; pos != &hub->targets && !found; pos = pos->next) {
        wudf_remote_target *t = WUDF_CONTAINER_OF(pos, wudf_remote_target, hub_link);
        found = t->file_id == (uint32_t)file && !t->obj.cleaned && t->itf && t->itf->event && !t->itf->obj.cleaned;
        if (found && hub->custom_events_waiting < CUSTOM_EVENTS_WAITING_MAX) {
            e->itf = t->itf;
            wudf_object_addref(&e->itf->obj);
            wudf_list_add_tail(&hub->custom_events, &e->link);
            hub->custom_events_waiting++;
            queued = 1;
            start = !hub->custom_events_running;
            hub->custom_events_running = 1;
        }
    }
    uv_mutex_unlock(&host->lock);
    wudf_log(found && !queued ? WUDF_LOG_WARN : WUDF_LOG_DEBUG, "driver-callback",
             "callback=IRemoteInterfaceCallbackEvent::OnRemoteInterfaceEvent guid=%s file=%u size=%u delivered=%d%s", g,
             (unsigned)file, (unsigned)size, queued, found && !queued ? " reason=\"too many events waiting\"" : "");
    if (!queued)
        free(e);
    else if (start)
        wudf_remote_callback(hub, run_custom_events, hub);
}
