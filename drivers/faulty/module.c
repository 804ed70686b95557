/*
 * The faulty driver module's COM entry points: DllGetClassObject hands out a class factory for the
 * driver's CLSID (the DriverCLSID of inf/faulty.inf), whose CreateInstance makes the driver object;
 * DllCanUnloadNow says whether any object or server lock still needs the module.
 */
#include "faulty.h"

#include <stdlib.h>

/* {8519CD3F-A049-4085-BC17-6A6718589950}, the DriverCLSID of inf/faulty.inf. */
static const CLSID faulty_clsid = { 0x8519cd3f, 0xa049, 0x4085, { 0xbc, 0x17, 0x6a, 0x67, 0x18, 0x58, 0x99, 0x50 } };

/* Live objects of this module (any kind) and IClassFactory::LockServer locks. */
static atomic_long faulty_objects;
static atomic_long faulty_server_locks;

void faulty_module_object_created(void)
{
    atomic_fetch_add(&faulty_objects, 1);
}

void faulty_module_object_destroyed(void)
{
    atomic_fetch_sub(&faulty_objects, 1);
}

/* --- The class factory: one heap object per DllGetClassObject call ------------------------------ */

typedef struct faulty_factory {
    IClassFactory iface;
    atomic_uint_least32_t refs;
} faulty_factory;

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
    return atomic_fetch_add(&FAULTY_CONTAINER(This, faulty_factory, iface)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE factory_Release(IClassFactory *This)
{
    faulty_factory *f = FAULTY_CONTAINER(This, faulty_factory, iface);
    ULONG refs = atomic_fetch_sub(&f->refs, 1) - 1;
    if (refs == 0) {
        free(f);
        faulty_module_object_destroyed();
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
    return faulty_driver_create(riid, ppv);
}

static HRESULT STDMETHODCALLTYPE factory_LockServer(IClassFactory *This, BOOL lock)
{
    atomic_fetch_add(&faulty_server_locks, lock ? 1 : -1);
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
    if (!rclsid || !IsEqualCLSID(rclsid, &faulty_clsid))
        return CLASS_E_CLASSNOTAVAILABLE;
    faulty_factory *f = malloc(sizeof *f);
    if (!f)
        return E_OUTOFMEMORY;
    f->iface.lpVtbl = &factory_vtbl;
    atomic_init(&f->refs, 1);
    faulty_module_object_created();
    /* QueryInterface takes the caller's reference; dropping ours frees the factory if riid is refused. */
    HRESULT hr = factory_QueryInterface(&f->iface, riid, ppv);
    factory_Release(&f->iface);
    return hr;
}

STDAPI DllCanUnloadNow(void)
{
    return atomic_load(&faulty_objects) == 0 && atomic_load(&faulty_server_locks) == 0 ? S_OK : S_FALSE;
}
