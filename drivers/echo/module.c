/*
 * The echo driver module's COM entry points: DllGetClassObject hands out a class factory for the
 * driver's CLSID (the INF's DriverCLSID), whose CreateInstance makes the driver object;
 * DllCanUnloadNow says whether any object or server lock still needs the module.
 */
#include "echo.h"

#include <stdlib.h>

/* {A1B8E9F2-0C4D-4E5A-9F61-2B7C3D8E4F50}, the DriverCLSID of inf/echo.inf. */
static const CLSID echo_clsid = { 0xa1b8e9f2, 0x0c4d, 0x4e5a, { 0x9f, 0x61, 0x2b, 0x7c, 0x3d, 0x8e, 0x4f, 0x50 } };

/* Live objects of this module (any kind) and IClassFactory::LockServer locks. */
static atomic_long echo_objects;
static atomic_long echo_server_locks;

void echo_module_object_created(void)
{
    atomic_fetch_add(&echo_objects, 1);
}

void echo_module_object_destroyed(void)
{
    atomic_fetch_sub(&echo_objects, 1);
}

/* --- The class factory: one heap object per DllGetClassObject call ------------------------------ */

typedef struct echo_factory {
    IClassFactory iface;
    atomic_uint_least32_t refs;
} echo_factory;

static HRESULT STDMETHODCALLTYPE factory_QueryInterface(IClassFactory *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IClassFactory)) {
        IClassFactory_AddRef(This);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE factory_AddRef(IClassFactory *This)
{
    return atomic_fetch_add(&ECHO_CONTAINER(This, echo_factory, iface)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE factory_Release(IClassFactory *This)
{
    echo_factory *f = ECHO_CONTAINER(This, echo_factory, iface);
    ULONG refs = atomic_fetch_sub(&f->refs, 1) - 1;
    if (refs == 0) {
        free(f);
        echo_module_object_destroyed();
    }
    return refs;
}

static HRESULT STDMETHODCALLTYPE factory_CreateInstance(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return echo_driver_create(riid, ppv);
}

static HRESULT STDMETHODCALLTYPE factory_LockServer(IClassFactory *This, BOOL lock)
{
    atomic_fetch_add(&echo_server_locks, lock ? 1 : -1);
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {
    factory_QueryInterface, factory_AddRef, factory_Release, factory_CreateInstance, factory_LockServer,
};

STDAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (!rclsid || !IsEqualCLSID(rclsid, &echo_clsid))
        return CLASS_E_CLASSNOTAVAILABLE;
    echo_factory *f = malloc(sizeof *f);
    if (!f)
        return E_OUTOFMEMORY;
    f->iface.lpVtbl = &factory_vtbl;
    atomic_init(&f->refs, 1);
    echo_module_object_created();
    /* QueryInterface takes the caller's reference; dropping ours frees the factory if riid is refused. */
    HRESULT hr = factory_QueryInterface(&f->iface, riid, ppv);
    factory_Release(&f->iface);
    return hr;
}

STDAPI DllCanUnloadNow(void)
{
    return atomic_load(&echo_objects) == 0 && atomic_load(&echo_server_locks) == 0 ? S_OK : S_FALSE;
}
