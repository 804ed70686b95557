/*
 * IWDFRemoteTarget (IWDFDevice2::CreateRemoteTarget): an I/O target on another device, opened by name
 * (OpenFileByName: a \\.\ or \DosDevices\ link, an instance id) or on a device interface that arrived
 * (OpenRemoteInterface). The reflector opens the device for the host (remote_open.c); the target's state
 * is the one every target has (io_target_state.h), with UMDF's two closed states: Closed (Close, or the
 * device removed) and ClosedForQueryRemove (until Reopen). Its sends are in remote_io.c, what the
 * device's removal does to it in remote_removal.c.
 */
#include "remote.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "text.h"

static const IWDFRemoteTargetVtbl target_vtbl;

static wudf_remote_target *target_of(IWDFRemoteTarget *This)
{
    return (wudf_remote_target *)(void *)This;
}

wudf_remote_target *wudf_remote_target_from_iface(IWDFRemoteTarget *target)
{
    return wudf_object_has_vtbl(target, &target_vtbl) ? target_of(target) : NULL;
}

wudf_target_state *wudf_remote_target_state(IWDFIoTarget *target)
{
    wudf_remote_target *t = wudf_remote_target_from_iface((IWDFRemoteTarget *)(void *)target);
    return t ? &t->state : NULL;
}

/* ---- IWDFRemoteTarget ---- */

WUDF_OBJECT_METHODS(target, IWDFRemoteTarget)

static HRESULT STDMETHODCALLTYPE target_QueryInterfaceWithState(IWDFRemoteTarget *This, REFIID riid, void **ppv)
{
    if (riid && IsEqualIID(riid, &IID_IWDFIoTargetStateManagement))
        return wudf_target_state_query(&target_of(This)->state, ppv);
    return target_QueryInterface(This, riid, ppv);
}

static void STDMETHODCALLTYPE target_GetTargetFile(IWDFRemoteTarget *This, IWDFFile **file)
{
    if (file)
        *file = NULL; /* the file is the reflector's: no framework file stands for it */
}

static void STDMETHODCALLTYPE target_CancelSentRequestsForFile(IWDFRemoteTarget *This, IWDFFile *file)
{
    wudf_remote_target *t = target_of(This);
    wudf_file *f = wudf_file_from(file);
    if (!f)
        return;
    wudf_target_cancel_pended_for_file(&t->state, f);
    uv_mutex_lock(&t->obj.host->lock);
    for (wudf_list *pos = t->in_flight.next; pos != &t->in_flight; pos = pos->next) {
        wudf_remote_io *io = WUDF_CONTAINER_OF(pos, wudf_remote_io, link);
        if (io->request->file == f)
            wudf_remote_io_cancel_locked(io, 0);
    }
    uv_mutex_unlock(&t->obj.host->lock);
}

static HRESULT STDMETHODCALLTYPE target_OpenRemoteInterface(IWDFRemoteTarget *This, IWDFRemoteInterface *remote_interface,
                                                            PCWSTR relative, DWORD access,
                                                            PUMDF_IO_TARGET_OPEN_PARAMS params)
{
    wudf_remote_interface *itf = wudf_remote_interface_from(remote_interface);
    if (!itf)
        return E_INVALIDARG;
    /* "the framework appends [pszRelativeFileName] to the symbolic link name of the device interface" */
    char *tail = relative && relative[0] ? wudf_utf16_to_utf8(relative) : NULL;
    if (relative && relative[0] && !tail)
        return E_OUTOFMEMORY;
    size_t size = strlen(itf->link) + (tail ? strlen(tail) + 2 : 1);
    char *name = malloc(size);
    if (!name) {
        free(tail);
        return E_OUTOFMEMORY;
    }
    snprintf(name, size, "%s%s%s", itf->link, tail && tail[0] != '\\' ? "\\" : "", tail ? tail : "");
    HRESULT hr = wudf_remote_target_open(target_of(This), name, itf);
    free(name);
    free(tail);
    return hr;
}

static HRESULT STDMETHODCALLTYPE target_OpenFileByName(IWDFRemoteTarget *This, PCWSTR file_name, DWORD access,
                                                       PUMDF_IO_TARGET_OPEN_PARAMS params)
{
    if (!file_name || !file_name[0])
        return E_INVALIDARG;
    char *name = wudf_utf16_to_utf8(file_name);
    if (!name)
        return E_OUTOFMEMORY;
    HRESULT hr = wudf_remote_target_open(target_of(This), name, NULL);
    free(name);
    return hr;
}

static HRESULT STDMETHODCALLTYPE target_Close(IWDFRemoteTarget *This)
{
    return wudf_remote_target_close(target_of(This), WdfIoTargetClosed);
}

static HRESULT STDMETHODCALLTYPE target_CloseForQueryRemove(IWDFRemoteTarget *This)
{
    return wudf_remote_target_close(target_of(This), WdfIoTargetClosedForQueryRemove);
}

static HRESULT STDMETHODCALLTYPE target_Reopen(IWDFRemoteTarget *This)
{
    return wudf_remote_target_reopen(target_of(This));
}

static WDF_IO_TARGET_STATE STDMETHODCALLTYPE target_GetState(IWDFRemoteTarget *This)
{
    return wudf_target_state_get(&target_of(This)->state);
}

static HRESULT STDMETHODCALLTYPE target_Start(IWDFRemoteTarget *This)
{
    WDF_IO_TARGET_STATE state = wudf_target_state_get(&target_of(This)->state);
    /* "Closed: the I/O target is closed and cannot be started or stopped" (UMDF's target states). */
    if (state == WdfIoTargetClosed || state == WdfIoTargetClosedForQueryRemove)
        return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
    return wudf_target_state_start(&target_of(This)->state);
}

static HRESULT STDMETHODCALLTYPE target_Stop(IWDFRemoteTarget *This, WDF_IO_TARGET_SENT_IO_ACTION action)
{
    return wudf_target_state_stop(&target_of(This)->state, action);
}

/* A remote target: pFile is required for Query/SetInformation (Learn). */
WUDF_IO_TARGET_FORMAT_METHODS(target, IWDFRemoteTarget, 1)

static const IWDFRemoteTargetVtbl target_vtbl = {
    .QueryInterface = target_QueryInterfaceWithState,
    .AddRef = target_AddRef,
    .Release = target_Release,
    .DeleteWdfObject = target_DeleteWdfObject,
    .AssignContext = target_AssignContext,
    .RetrieveContext = target_RetrieveContext,
    .AcquireLock = target_AcquireLock,
    .ReleaseLock = target_ReleaseLock,
    .GetTargetFile = target_GetTargetFile,
    .CancelSentRequestsForFile = target_CancelSentRequestsForFile,
    WUDF_IO_TARGET_FORMAT_VTBL(target),
    .OpenRemoteInterface = target_OpenRemoteInterface,
    .OpenFileByName = target_OpenFileByName,
    .Close = target_Close,
    .CloseForQueryRemove = target_CloseForQueryRemove,
    .Reopen = target_Reopen,
    .GetState = target_GetState,
    .Start = target_Start,
    .Stop = target_Stop,
};

/* Deletion (the driver's, or its parent's): what it sent is cancelled and waited for, its file closed. */
static void target_cleanup(wudf_object *obj)
{
    wudf_remote_target *t = (wudf_remote_target *)(void *)obj;
    wudf_host *host = obj->host;
    wudf_target_state_cleanup(&t->state);
    uv_mutex_lock(&host->lock);
    uint32_t file_id = t->file_id;
    t->file_id = 0;
    wudf_list_remove(&t->hub_link);
    IRemoteTargetCallbackRemoval *removal = t->removal;
    t->removal = NULL;
    wudf_remote_interface *itf = t->itf;
    t->itf = NULL;
    uv_mutex_unlock(&host->lock);
    if (file_id)
        wudf_remote_close_file(host, file_id);
    WUDF_RELEASE(removal);
    if (itf)
        wudf_object_release(&itf->obj);
    wudf_log(WUDF_LOG_INFO, "remote-target-deleted", "file=%u", (unsigned)file_id);
}

static void target_destroy(wudf_object *obj)
{
    wudf_remote_target *t = (wudf_remote_target *)(void *)obj;
    wudf_target_state_destroy(&t->state);
    free(t->name);
    wudf_object_release(&t->hub->obj);
}

static const IID *const target_iids[] = {&IID_IWDFIoTarget, &IID_IWDFIoTarget2, &IID_IWDFRemoteTarget, NULL};
static const wudf_object_type target_type = {
    .name = "IWDFRemoteTarget",
    .iids = target_iids,
    .wdf_object = 1,
    .deletable = 1,
    .cleanup = target_cleanup,
    .destroy = target_destroy,
};

HRESULT wudf_remote_target_create(wudf_device *device, IUnknown *callback, IWDFObject *parent, IWDFRemoteTarget **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    wudf_remote_hub *hub = wudf_remote_hub_get(device);
    wudf_remote_target *t = hub ? calloc(1, sizeof *t) : NULL;
    if (!t) {
        if (hub)
            wudf_object_release(&hub->obj);
        return E_OUTOFMEMORY;
    }
    t->hub = hub; /* the reference from wudf_remote_hub_get */
    wudf_list_init(&t->hub_link);
    wudf_list_init(&t->in_flight);
    wudf_target_state_init(&t->state, &t->obj, &wudf_remote_ops, "remote");
    t->state.state = WdfIoTargetClosed; /* until OpenFileByName or OpenRemoteInterface */
    /* Without a parent of its own the device is the parent, as CreateRemoteTarget's reference says. */
    wudf_object *p = parent ? (wudf_object *)(void *)parent : &device->obj;
    wudf_object_init(&t->obj, &target_vtbl, &target_type, device->obj.host, p, callback);
    t->removal = wudf_object_query_callback(&t->obj, &IID_IRemoteTargetCallbackRemoval);
    uv_mutex_lock(&device->obj.host->lock);
    wudf_list_add_tail(&hub->targets, &t->hub_link);
    uv_mutex_unlock(&device->obj.host->lock);
    wudf_object_addref(&t->obj);
    *out = (IWDFRemoteTarget *)(void *)t;
    return S_OK;
}
