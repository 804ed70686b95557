/* The shared COM entry points of the sample driver modules: see com_module.h. */
#define COBJMACROS
#include "com_module.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

#define FACTORY_OF(itf) ((module_factory *)(void *)((char *)(itf)-offsetof(module_factory, iface)))

/* Live objects of this module (any kind) and IClassFactory::LockServer locks. */
static atomic_long module_objects;
static atomic_long module_server_locks;

void wudf_module_object_created(void)
{
    atomic_fetch_add(&module_objects, 1);
}

void wudf_module_object_destroyed(void)
{
    atomic_fetch_sub(&module_objects, 1);
}

/* --- The driver object (IDriverEntry) ---------------------------------------------------------- */

typedef struct module_driver {
    IDriverEntry iface;
    atomic_uint_least32_t refs;
} module_driver;

#define DRIVER_OF(itf) ((module_driver *)(void *)((char *)(itf)-offsetof(module_driver, iface)))

static HRESULT STDMETHODCALLTYPE driver_QueryInterface(IDriverEntry *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDriverEntry)) {
        IDriverEntry_AddRef(This);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE driver_AddRef(IDriverEntry *This)
{
    return atomic_fetch_add(&DRIVER_OF(This)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE driver_Release(IDriverEntry *This)
{
    module_driver *d = DRIVER_OF(This);
    ULONG refs = atomic_fetch_sub(&d->refs, 1) - 1;
    if (refs == 0) {
        free(d);
        wudf_module_object_destroyed();
    }
    return refs;
}

static HRESULT STDMETHODCALLTYPE driver_OnInitialize(IDriverEntry *This, IWDFDriver *driver)
{
    /* Nothing driver-wide to set up: all state belongs to the device, so a recycled host starts
     * from nothing. */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE driver_OnDeviceAdd(IDriverEntry *This, IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    return wudf_module_device_add(driver, init);
}

static void STDMETHODCALLTYPE driver_OnDeinitialize(IDriverEntry *This, IWDFDriver *driver)
{
    /* The driver object keeps no framework references (the device and its queues belong to the
     * framework from OnDeviceAdd on), so there is nothing to release here. */
}

static const IDriverEntryVtbl driver_vtbl = {
    driver_QueryInterface, driver_AddRef, driver_Release, driver_OnInitialize, driver_OnDeviceAdd, driver_OnDeinitialize,
};

static HRESULT driver_create(REFIID riid, void **ppv)
{
    module_driver *d = malloc(sizeof *d);
    if (!d)
        return E_OUTOFMEMORY;
    d->iface.lpVtbl = &driver_vtbl;
    atomic_init(&d->refs, 1);
    wudf_module_object_created();
    HRESULT hr = driver_QueryInterface(&d->iface, riid, ppv);
    driver_Release(&d->iface);
    return hr;
}

/* --- The class factory: one heap object per DllGetClassObject call ------------------------------ */

typedef struct module_factory {
    IClassFactory iface;
    atomic_uint_least32_t refs;
} module_factory;

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
    return atomic_fetch_add(&FACTORY_OF(This)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE factory_Release(IClassFactory *This)
{
    module_factory *f = FACTORY_OF(This);
    ULONG refs = atomic_fetch_sub(&f->refs, 1) - 1;
    if (refs == 0) {
        free(f);
        wudf_module_object_destroyed();
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
    return driver_create(riid, ppv);
}

static HRESULT STDMETHODCALLTYPE factory_LockServer(IClassFactory *This, BOOL lock)
{
    atomic_fetch_add(&module_server_locks, lock ? 1 : -1);
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
    if (!rclsid || !IsEqualCLSID(rclsid, &wudf_module_clsid))
        return CLASS_E_CLASSNOTAVAILABLE;
    module_factory *f = malloc(sizeof *f);
    if (!f)
        return E_OUTOFMEMORY;
    f->iface.lpVtbl = &factory_vtbl;
    atomic_init(&f->refs, 1);
    wudf_module_object_created();
    /* QueryInterface takes the caller's reference; dropping ours frees the factory if riid is refused. */
    HRESULT hr = factory_QueryInterface(&f->iface, riid, ppv);
    factory_Release(&f->iface);
    return hr;
}

STDAPI DllCanUnloadNow(void)
{
    return atomic_load(&module_objects) == 0 && atomic_load(&module_server_locks) == 0 ? S_OK : S_FALSE;
}
