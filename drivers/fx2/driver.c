/*
 * The FX2 driver object (IDriverEntry): the framework creates it through the class factory, calls
 * OnInitialize once, OnDeviceAdd for the kit and OnDeinitialize before unloading the module.
 */
#include "fx2.h"

#include <stdlib.h>

typedef struct fx2_driver {
    IDriverEntry iface;
    atomic_uint_least32_t refs;
} fx2_driver;

static HRESULT STDMETHODCALLTYPE driver_QueryInterface(IDriverEntry *This, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (!IsEqualIID(riid, &IID_IUnknown) && !IsEqualIID(riid, &IID_IDriverEntry)) {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    IDriverEntry_AddRef(This);
    *ppv = This;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE driver_AddRef(IDriverEntry *This)
{
    return atomic_fetch_add(&FX2_CONTAINER(This, fx2_driver, iface)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE driver_Release(IDriverEntry *This)
{
    fx2_driver *d = FX2_CONTAINER(This, fx2_driver, iface);
    ULONG left = atomic_fetch_sub(&d->refs, 1) - 1;
    if (left == 0) {
        free(d);
        wudf_module_object_destroyed();
    }
    return left;
}

static HRESULT STDMETHODCALLTYPE driver_OnInitialize(IDriverEntry *This, IWDFDriver *driver)
{
    return S_OK; /* all state belongs to the device */
}

static HRESULT STDMETHODCALLTYPE driver_OnDeviceAdd(IDriverEntry *This, IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    return fx2_device_add(driver, init);
}

static void STDMETHODCALLTYPE driver_OnDeinitialize(IDriverEntry *This, IWDFDriver *driver)
{
}

static const IDriverEntryVtbl driver_vtbl = {
    driver_QueryInterface, driver_AddRef, driver_Release, driver_OnInitialize, driver_OnDeviceAdd,
    driver_OnDeinitialize,
};

HRESULT fx2_driver_create(REFIID riid, void **ppv)
{
    fx2_driver *d = malloc(sizeof *d);
    if (!d)
        return E_OUTOFMEMORY;
    d->iface.lpVtbl = &driver_vtbl;
    atomic_init(&d->refs, 1);
    wudf_module_object_created();
    HRESULT hr = driver_QueryInterface(&d->iface, riid, ppv);
    driver_Release(&d->iface);
    return hr;
}
