/*
 * The base of every framework object (IWDFObject): COM reference count,
 * parent/child lifetime, context + IObjectCleanup, the object lock. Each
 * concrete object (queue.c, request.c ...) embeds wudf_object first, so a
 * pointer to the object is also its interface pointer.
 *
 * Lifetime, as in UMDF: a parent holds one reference on each child. Deleting
 * an object (DeleteWdfObject, or its parent going away) runs the cleanup of
 * its children first, then IObjectCleanup::OnCleanup of its callback object
 * and of the AssignContext callback, then drops the parent's reference. The
 * memory goes when the last reference goes.
 */
#ifndef OPENWUDF_HOST_OBJECT_H
#define OPENWUDF_HOST_OBJECT_H

#define WUDF_NO_VERSION_DATA
#define COBJMACROS
#include <wudfddi.h>

#include <stdatomic.h>

#include <uv.h>

#include "list.h"

typedef struct wudf_host wudf_host;
typedef struct wudf_object wudf_object;

typedef struct wudf_object_type {
    const char *name;        /* interface name for logs: "IWDFIoQueue" */
    const IID *const *iids;  /* interfaces the object's vtable serves (NULL-terminated) */
    int wdf_object;          /* answers IWDFObject (IWDFDeviceInitialize does not) */
    int deletable;           /* DeleteWdfObject allowed (framework-owned objects refuse) */
    /* Framework part of cleanup, after the driver's OnCleanup: drop callback interfaces etc. */
    void (*cleanup)(wudf_object *obj);
    /* Frees what the type allocated; the base frees the object itself afterwards. */
    void (*destroy)(wudf_object *obj);
} wudf_object_type;

struct wudf_object {
    const void *vtbl;  /* first: the object is its own interface pointer */
    const wudf_object_type *type;
    wudf_host *host;
    atomic_long refs;
    wudf_object *parent;  /* holds one reference on this object while set */
    wudf_list children;
    wudf_list sibling;
    IUnknown *callback;   /* driver's callback object given at creation (referenced) */
    IObjectCleanup *context_cleanup;
    void *context;
    int context_assigned;
    int cleaned;          /* cleanup started; guarded by the host lock */
    uv_mutex_t own_lock;
    uv_mutex_t *lock;     /* AcquireLock/ReleaseLock: own_lock, or the device's callback lock */
};

/*
 * Initialises obj with one reference: the parent's if parent is set, else
 * the creator's. callback may be NULL; it is referenced until cleanup.
 */
void wudf_object_init(wudf_object *obj, const void *vtbl, const wudf_object_type *type, wudf_host *host,
                      wudf_object *parent, IUnknown *callback);
ULONG wudf_object_addref(wudf_object *obj);
ULONG wudf_object_release(wudf_object *obj);
HRESULT wudf_object_query(wudf_object *obj, REFIID riid, void **ppv);
/* Runs the cleanup of obj and its subtree once and drops the parent's reference. */
void wudf_object_delete(wudf_object *obj);
/* QueryInterface on the driver's callback object; referenced pointer or NULL. */
void *wudf_object_query_callback(wudf_object *obj, REFIID riid);
/* Nonzero when a pointer a driver passed in is one of ours with vtable vtbl. */
static inline int wudf_object_has_vtbl(const void *obj, const void *vtbl)
{
    return obj && *(const void *const *)obj == vtbl;
}

HRESULT wudf_object_assign_context(wudf_object *obj, IObjectCleanup *cleanup, void *context);
HRESULT wudf_object_retrieve_context(wudf_object *obj, void **context);
void wudf_object_acquire_lock(wudf_object *obj);
void wudf_object_release_lock(wudf_object *obj);
HRESULT wudf_object_delete_by_driver(wudf_object *obj);

/* Releases a COM pointer if set and clears it. */
#define WUDF_RELEASE(p)                                  \
    do {                                                 \
        if (p) {                                         \
            IUnknown *wudf_tmp_ = (IUnknown *)(void *)(p); \
            (p) = NULL;                                  \
            IUnknown_Release(wudf_tmp_);                 \
        }                                                \
    } while (0)

/*
 * Each interface has its own This type, so every vtable needs its own
 * IUnknown/IWDFObject entries; these macros generate them over the base.
 */
#define WUDF_UNKNOWN_METHODS(prefix, Itf)                                                              \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(Itf *This, REFIID riid, void **ppv)        \
    {                                                                                                  \
        return wudf_object_query((wudf_object *)(void *)This, riid, ppv);                              \
    }                                                                                                  \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(Itf *This)                                          \
    {                                                                                                  \
        return wudf_object_addref((wudf_object *)(void *)This);                                        \
    }                                                                                                  \
    static ULONG STDMETHODCALLTYPE prefix##_Release(Itf *This)                                         \
    {                                                                                                  \
        return wudf_object_release((wudf_object *)(void *)This);                                      \
    }

#define WUDF_OBJECT_METHODS(prefix, Itf)                                                               \
    WUDF_UNKNOWN_METHODS(prefix, Itf)                                                                  \
    static HRESULT STDMETHODCALLTYPE prefix##_DeleteWdfObject(Itf *This)                               \
    {                                                                                                  \
        return wudf_object_delete_by_driver((wudf_object *)(void *)This);                              \
    }                                                                                                  \
    static HRESULT STDMETHODCALLTYPE prefix##_AssignContext(Itf *This, IObjectCleanup *cb, void *ctx)  \
    {                                                                                                  \
        return wudf_object_assign_context((wudf_object *)(void *)This, cb, ctx);                       \
    }                                                                                                  \
    static HRESULT STDMETHODCALLTYPE prefix##_RetrieveContext(Itf *This, void **ctx)                   \
    {                                                                                                  \
        return wudf_object_retrieve_context((wudf_object *)(void *)This, ctx);                         \
    }                                                                                                  \
    static void STDMETHODCALLTYPE prefix##_AcquireLock(Itf *This)                                      \
    {                                                                                                  \
        wudf_object_acquire_lock((wudf_object *)(void *)This);                                         \
    }                                                                                                  \
    static void STDMETHODCALLTYPE prefix##_ReleaseLock(Itf *This)                                      \
    {                                                                                                  \
        wudf_object_release_lock((wudf_object *)(void *)This);                                         \
    }

#define WUDF_UNKNOWN_VTBL(prefix) \
    .QueryInterface = prefix##_QueryInterface, .AddRef = prefix##_AddRef, .Release = prefix##_Release

#define WUDF_OBJECT_VTBL(prefix)                                                                  \
    WUDF_UNKNOWN_VTBL(prefix), .DeleteWdfObject = prefix##_DeleteWdfObject,                       \
                               .AssignContext = prefix##_AssignContext,                           \
                               .RetrieveContext = prefix##_RetrieveContext,                       \
                               .AcquireLock = prefix##_AcquireLock, .ReleaseLock = prefix##_ReleaseLock

#endif
