/*
 * IWDFWorkItem (UMDF 1.11, IWDFDevice3::CreateWorkItem): a driver callback
 * run later on one of the host's worker threads. Enqueue queues the item once
 * (again only after it has been taken off the queue, as UMDF says); with
 * AutomaticSerialization the callback holds the device's callback lock when
 * the device asked for WdfDeviceLevel locking. Flush waits for what was
 * queued before it (so, as in UMDF, a callback holding that lock must not
 * flush a serialized item). The item is a child of its parent (the device
 * when none is given), deleted with it: a deleted item that is still queued
 * does not run, one that is running is waited for.
 */
#include "framework.h"

#include <wudfworkitem.h>

#include <stdlib.h>

#include "log.h"

typedef struct wudf_workitem {
    wudf_object obj;
    wudf_device *device;    /* the device outlives its tree; used only while the item is not cleaned */
    PFN_WUDF_WORKITEM callback;
    int serialized;
    /* Under the host lock. */
    int queued;             /* on the workers' queue, not yet taken */
    int running;
    uv_thread_t runner;     /* the thread of the callback, while running */
    uint64_t enqueued;      /* times queued */
    uint64_t finished;      /* of those, taken off the queue and run (or skipped once deleted) */
    uv_cond_t changed;
} wudf_workitem;

static wudf_workitem *item_of(IWDFWorkItem *This)
{
    return (wudf_workitem *)(void *)This;
}

static void run_item(void *arg)
{
    wudf_workitem *w = arg;
    wudf_host *host = w->obj.host;
    uv_mutex_lock(&host->lock);
    w->queued = 0;
    int deleted = w->obj.cleaned;
    if (!deleted) {
        w->running = 1;
        w->runner = uv_thread_self();
    }
    uv_mutex_unlock(&host->lock);
    if (!deleted) {
        wudf_device *lock = w->serialized ? w->device : NULL; /* NULL: only the watchdog's bookkeeping */
        wudf_log(WUDF_LOG_DEBUG, "driver-callback", "callback=OnWorkItem item=%p serialized=%d", (void *)w,
                 w->serialized);
        wudf_device_enter(lock);
        w->callback((IWDFWorkItem *)(void *)w);
        wudf_device_leave(lock);
    }
    uv_mutex_lock(&host->lock);
    w->running = 0;
    w->finished++;
    uv_cond_broadcast(&w->changed);
    uv_mutex_unlock(&host->lock);
    wudf_object_release(&w->obj); /* the queue's reference */
}

WUDF_OBJECT_METHODS(workitem, IWDFWorkItem)

static void STDMETHODCALLTYPE workitem_Enqueue(IWDFWorkItem *This)
{
    wudf_workitem *w = item_of(This);
    wudf_host *host = w->obj.host;
    uv_mutex_lock(&host->lock);
    int deleted = w->obj.cleaned, queue = !deleted && !w->queued;
    if (queue) {
        w->queued = 1;
        w->enqueued++;
        wudf_object_addref(&w->obj);
    }
    uv_mutex_unlock(&host->lock);
    if (deleted)
        wudf_driver_bug("workitem-enqueue-after-delete", "IWDFWorkItem::Enqueue of a deleted work item (ignored)");
    if (queue)
        wudf_workers_post(host->workers, run_item, w);
}

static void STDMETHODCALLTYPE workitem_Flush(IWDFWorkItem *This)
{
    wudf_workitem *w = item_of(This);
    wudf_host *host = w->obj.host;
    uv_mutex_lock(&host->lock);
    if (w->running && uv_thread_equal(&w->runner, &(uv_thread_t){uv_thread_self()})) {
        /* It would wait for itself; WDF's verifier breaks in here. */
        uv_mutex_unlock(&host->lock);
        wudf_driver_bug("workitem-flush-from-callback", "IWDFWorkItem::Flush in its own OnWorkItem (ignored)");
        return;
    }
    uint64_t until = w->enqueued;
    while (w->finished < until)
        uv_cond_wait(&w->changed, &host->lock);
    uv_mutex_unlock(&host->lock);
}

static IWDFObject *STDMETHODCALLTYPE workitem_GetParentObject(IWDFWorkItem *This)
{
    /* A return value, not an out parameter: no reference for the caller, the parent outlives its child. */
    wudf_workitem *w = item_of(This);
    uv_mutex_lock(&w->obj.host->lock);
    wudf_object *parent = w->obj.parent;
    uv_mutex_unlock(&w->obj.host->lock);
    return (IWDFObject *)(void *)parent;
}

static const IWDFWorkItemVtbl workitem_vtbl = {
    WUDF_OBJECT_VTBL(workitem),
    .Enqueue = workitem_Enqueue,
    .Flush = workitem_Flush,
    .GetParentObject = workitem_GetParentObject,
};

/* Deleted (by the driver or with its parent): a running callback is waited for, unless this is it. */
static void workitem_cleanup(wudf_object *obj)
{
    wudf_workitem *w = (wudf_workitem *)(void *)obj;
    uv_mutex_lock(&obj->host->lock);
    while (w->running && !uv_thread_equal(&w->runner, &(uv_thread_t){uv_thread_self()}))
        uv_cond_wait(&w->changed, &obj->host->lock);
    uv_mutex_unlock(&obj->host->lock);
}

static void workitem_destroy(wudf_object *obj)
{
    uv_cond_destroy(&((wudf_workitem *)(void *)obj)->changed);
}

static const IID *const workitem_iids[] = {&IID_IWDFWorkItem, NULL};
static const wudf_object_type workitem_type = {
    .name = "IWDFWorkItem",
    .iids = workitem_iids,
    .wdf_object = 1,
    .deletable = 1,
    .cleanup = workitem_cleanup,
    .destroy = workitem_destroy,
};

/* Host lock held: whether obj is root or lies below it in the object tree. */
static int in_tree_locked(wudf_object *root, const void *obj)
{
    if ((const void *)root == obj)
        return 1;
    for (wudf_list *pos = root->children.next; pos != &root->children; pos = pos->next)
        if (in_tree_locked(WUDF_CONTAINER_OF(pos, wudf_object, sibling), obj))
            return 1;
    return 0;
}

HRESULT wudf_workitem_create(wudf_device *device, const WUDF_WORKITEM_CONFIG *config, IWDFObject *parent,
                             IWDFWorkItem **out)
{
    if (!out)
        return E_POINTER;
    *out = NULL;
    if (!config || config->Size != sizeof *config || !config->OnWorkItemFunc)
        return E_INVALIDARG;
    wudf_host *host = device->obj.host;
    /* The parent is looked up, never dereferenced blindly: it must be the device or one of its objects. */
    uv_mutex_lock(&host->lock);
    int known = !parent || (!device->obj.cleaned && in_tree_locked(&device->obj, parent));
    uv_mutex_unlock(&host->lock);
    if (!known)
        return E_INVALIDARG;
    wudf_workitem *w = calloc(1, sizeof *w);
    if (!w)
        return E_OUTOFMEMORY;
    if (uv_cond_init(&w->changed)) {
        free(w);
        return E_OUTOFMEMORY;
    }
    w->device = device;
    w->callback = config->OnWorkItemFunc;
    w->serialized = config->AutomaticSerialization ? 1 : 0;
    wudf_object *owner = parent ? (wudf_object *)(void *)parent : &device->obj;
    wudf_object_init(&w->obj, &workitem_vtbl, &workitem_type, host, owner, NULL);
    wudf_object_addref(&w->obj); /* the driver's; the parent holds the other */
    wudf_log(WUDF_LOG_DEBUG, "workitem-create", "item=%p parent=%p serialized=%d", (void *)w, (void *)owner,
             w->serialized);
    *out = (IWDFWorkItem *)(void *)w;
    return S_OK;
}
