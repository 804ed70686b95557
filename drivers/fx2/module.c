/*
 * The FX2 driver module's COM entry points: DllGetClassObject makes a class factory for the driver's
 * CLSID (the INF's DriverCLSID) whose CreateInstance makes the driver object; DllCanUnloadNow says
 * whether an object or a server lock still needs the module.
 */
#include "fx2.h"

#include <stdlib.h>

/* {6F3B2C1E-8D47-4A95-B0E2-5C9A1D7F3E64}, the DriverCLSID of inf/fx2.inf. */
static const CLSID fx2_clsid = {0x6f3b2c1e, 0x8d47, 0x4a95, {0xb0, 0xe2, 0x5c, 0x9a, 0x1d, 0x7f, 0x3e, 0x64}};

static atomic_long live_objects;
static atomic_long server_locks;

void fx2_object_created(void)
{
    atomic_fetch_add(&live_objects, 1);
}

void fx2_object_destroyed(void)
{
    atomic_fetch_sub(&live_objects, 1);
}

typedef struct fx2_factory {
    IClassFactory iface;
    atomic_uint_least32_t refs;
} fx2_factory;

static HRESULT STDMETHODCALLTYPE factory_QueryInterface(IClassFactory *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &IID_IClassFactory)) {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    IClassFactory_AddRef(This);
    *ppv = This;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE factory_AddRef(IClassFactory *This)
{
    return atomic_fetch_add(&FX2_CONTAINER(This, fx2_factory, iface)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE factory_Release(IClassFactory *This)
{
    fx2_factory *f = FX2_CONTAINER(This, fx2_factory, iface);
    ULONG left = atomic_fetch_sub(&f->refs, 1) - 1;
    if (left == 0) {
        free(f);
        fx2_object_destroyed();
    }
    return left;
}

static HRESULT STDMETHODCALLTYPE factory_CreateInstance(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    return outer ? CLASS_E_NOAGGREGATION : fx2_driver_create(riid, ppv);
}

static HRESULT STDMETHODCALLTYPE factory_LockServer(IClassFactory *This, BOOL lock)
{
    atomic_fetch_add(&server_locks, lock ? 1 : -1);
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
    if (!rclsid || !IsEqualCLSID(rclsid, &fx2_clsid))
        return CLASS_E_CLASSNOTAVAILABLE;
    fx2_factory *f = malloc(sizeof *f);
    if (!f)
        return E_OUTOFMEMORY;
    f->iface.lpVtbl = &factory_vtbl;
    atomic_init(&f->refs, 1);
    fx2_object_created();
    HRESULT hr = factory_QueryInterface(&f->iface, riid, ppv);
    factory_Release(&f->iface); /* the caller's reference, if riid was served, keeps it */
    return hr;
}

STDAPI DllCanUnloadNow(void)
{
    return atomic_load(&live_objects) == 0 && atomic_load(&server_locks) == 0 ? S_OK : S_FALSE;
}
