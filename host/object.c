/*
 * IWDFObject: reference counting, the parent/child tree, contexts and
 * cleanup callbacks shared by every framework object (see object.h).
 */
#include "host.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

void wudf_object_init(wudf_object *obj, const void *vtbl, const wudf_object_type *type, wudf_host *host,
                      wudf_object *parent, IUnknown *callback)
{
    obj->vtbl = vtbl;
    obj->type = type;
    obj->host = host;
    atomic_init(&obj->refs, 1);
    wudf_list_init(&obj->children);
    wudf_list_init(&obj->sibling);
    uv_mutex_init_recursive(&obj->own_lock);
    obj->lock = &obj->own_lock;
    if (callback) {
        IUnknown_AddRef(callback);
        obj->callback = callback;
    }
    if (parent) {
        uv_mutex_lock(&host->lock);
        obj->parent = parent;
        wudf_list_add_tail(&parent->children, &obj->sibling);
        uv_mutex_unlock(&host->lock);
    }
    atomic_fetch_add(&host->live_objects, 1);
    wudf_log(WUDF_LOG_DEBUG, "object-create", "type=%s object=%p parent=%p", type->name, (void *)obj,
             (void *)parent);
}

ULONG wudf_object_addref(wudf_object *obj)
{
    return (ULONG)(atomic_fetch_add(&obj->refs, 1) + 1);
}

static void call_cleanup_callbacks(wudf_object *obj)
{
    IObjectCleanup *from_callback = wudf_object_query_callback(obj, &IID_IObjectCleanup);
    IObjectCleanup *from_context = obj->context_cleanup;
    obj->context_cleanup = NULL;
    if (from_callback) {
        IObjectCleanup_OnCleanup(from_callback, (IWDFObject *)(void *)obj);
        IObjectCleanup_Release(from_callback);
    }
    /* A driver often passes its callback object to AssignContext too: one call is enough. */
    if (from_context && (void *)from_context != (void *)from_callback)
        IObjectCleanup_OnCleanup(from_context, (IWDFObject *)(void *)obj);
    WUDF_RELEASE(from_context);
}

/* obj->cleaned was set by the caller; runs the subtree's cleanup, children first. */
static void run_cleanup(wudf_object *obj)
{
    wudf_host *host = obj->host;
    for (;;) {
        wudf_object *child = NULL;
        uv_mutex_lock(&host->lock);
        /* Newest child first, as a parent tears down what it built last. */
        if (!wudf_list_empty(&obj->children))
            child = WUDF_CONTAINER_OF(obj->children.prev, wudf_object, sibling);
        int child_needs_cleanup = child && !child->cleaned;
        if (child_needs_cleanup)
            child->cleaned = 1;
        if (child) {
            wudf_list_remove(&child->sibling);
            child->parent = NULL;
        }
        uv_mutex_unlock(&host->lock);
        if (!child)
            break;
        if (child_needs_cleanup)
            run_cleanup(child);
        wudf_object_release(child); /* the reference this parent held */
    }
    call_cleanup_callbacks(obj);
    if (obj->type->cleanup)
        obj->type->cleanup(obj);
    WUDF_RELEASE(obj->callback);
}

ULONG wudf_object_release(wudf_object *obj)
{
    long left = atomic_fetch_sub(&obj->refs, 1) - 1;
    if (left > 0)
        return (ULONG)left;
    if (left < 0) {
        /* Over-release: the object is already gone or going; touching it further would corrupt memory. */
        wudf_driver_bug("over-release", obj->type->name);
        return 0;
    }
    wudf_host *host = obj->host;
    uv_mutex_lock(&host->lock);
    int needs_cleanup = !obj->cleaned;
    obj->cleaned = 1;
    if (obj->parent) {
        /* Only an over-release by the driver gets here with a parent still holding a reference. */
        wudf_list_remove(&obj->sibling);
        obj->parent = NULL;
    }
    uv_mutex_unlock(&host->lock);
    if (needs_cleanup) {
        /* Cleanup callbacks may take and drop references; keep the object alive meanwhile. */
        atomic_store(&obj->refs, 1);
        run_cleanup(obj);
        if (atomic_fetch_sub(&obj->refs, 1) - 1 > 0)
            return 0; /* the driver kept a reference during OnCleanup */
    }
    wudf_log(WUDF_LOG_DEBUG, "object-destroy", "type=%s object=%p", obj->type->name, (void *)obj);
    if (obj->type->destroy)
        obj->type->destroy(obj);
    uv_mutex_destroy(&obj->own_lock);
    free(obj);
    atomic_fetch_sub(&host->live_objects, 1);
    return 0;
}

HRESULT wudf_object_query(wudf_object *obj, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    int match = IsEqualIID(riid, &IID_IUnknown) || (obj->type->wdf_object && IsEqualIID(riid, &IID_IWDFObject));
    for (const IID *const *iid = obj->type->iids; !match && iid && *iid; iid++)
        match = IsEqualIID(riid, *iid);
    if (!match)
        return E_NOINTERFACE;
    wudf_object_addref(obj);
    *ppv = obj;
    return S_OK;
}

void wudf_object_delete(wudf_object *obj)
{
    wudf_host *host = obj->host;
    uv_mutex_lock(&host->lock);
    int needs_cleanup = !obj->cleaned;
    obj->cleaned = 1;
    uv_mutex_unlock(&host->lock);
    if (!needs_cleanup)
        return;
    wudf_object_addref(obj); /* survive the parent's release until we are done */
    run_cleanup(obj);
    uv_mutex_lock(&host->lock);
    wudf_object *parent = obj->parent;
    if (parent) {
        wudf_list_remove(&obj->sibling);
        obj->parent = NULL;
    }
    uv_mutex_unlock(&host->lock);
    if (parent)
        wudf_object_release(obj);
    wudf_object_release(obj);
}

HRESULT wudf_object_delete_by_driver(wudf_object *obj)
{
    if (!obj->type->deletable)
        return HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED);
    wudf_object_delete(obj);
    return S_OK;
}

void *wudf_object_query_callback(wudf_object *obj, REFIID riid)
{
    void *itf = NULL;
    if (obj->callback && SUCCEEDED(IUnknown_QueryInterface(obj->callback, riid, &itf)))
        return itf;
    return NULL;
}

HRESULT wudf_object_assign_context(wudf_object *obj, IObjectCleanup *cleanup, void *context)
{
    uv_mutex_lock(&obj->host->lock);
    if (obj->context_assigned) {
        /* UMDF allows one context per object. */
        uv_mutex_unlock(&obj->host->lock);
        return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
    }
    obj->context_assigned = 1;
    obj->context = context;
    if (cleanup) {
        IObjectCleanup_AddRef(cleanup);
        obj->context_cleanup = cleanup;
    }
    uv_mutex_unlock(&obj->host->lock);
    return S_OK;
}

HRESULT wudf_object_retrieve_context(wudf_object *obj, void **context)
{
    if (!context)
        return E_POINTER;
    uv_mutex_lock(&obj->host->lock);
    int assigned = obj->context_assigned;
    *context = obj->context;
    uv_mutex_unlock(&obj->host->lock);
    return assigned ? S_OK : HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
}

void wudf_object_acquire_lock(wudf_object *obj)
{
    uv_mutex_lock(obj->lock);
}

void wudf_object_release_lock(wudf_object *obj)
{
    uv_mutex_unlock(obj->lock);
}
