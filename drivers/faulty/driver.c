/*
 * The faulty driver object (IDriverEntry): the framework creates it through the class factory, calls
 * OnInitialize once, OnDeviceAdd for the ROOT\FAULTY device and OnDeinitialize before unloading.
 */
#include "faulty.h"

#include <stdlib.h>

typedef struct faulty_driver {
    IDriverEntry iface;
    atomic_uint_least32_t refs;
} faulty_driver;

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
    return atomic_fetch_add(&FAULTY_CONTAINER(This, faulty_driver, iface)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE driver_Release(IDriverEntry *This)
{
    faulty_driver *d = FAULTY_CONTAINER(This, faulty_driver, iface);
    ULONG refs = atomic_fetch_sub(&d->refs, 1) - 1;
    if (refs == 0) {
        free(d);
        wudf_module_object_destroyed();
    }
    return refs;
}

static HRESULT STDMETHODCALLTYPE driver_OnInitialize(IDriverEntry *This, IWDFDriver *driver)
{
    /* All state belongs to the device, so that a recycled host starts from nothing. */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE driver_OnDeviceAdd(IDriverEntry *This, IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    return faulty_device_add(driver, init);
}

static void STDMETHODCALLTYPE driver_OnDeinitialize(IDriverEntry *This, IWDFDriver *driver)
{
    /* The device and its queue belong to the framework from OnDeviceAdd on: nothing to release. */
}

static const IDriverEntryVtbl driver_vtbl = {
    driver_QueryInterface, driver_AddRef, driver_Release, driver_OnInitialize, driver_OnDeviceAdd, driver_OnDeinitialize,
};

HRESULT faulty_driver_create(REFIID riid, void **ppv)
{
    faulty_driver *d = malloc(sizeof *d);
    if (!d)
        return E_OUTOFMEMORY;
    d->iface.lpVtbl = &driver_vtbl;
    atomic_init(&d->refs, 1);
    wudf_module_object_created();
    HRESULT hr = driver_QueryInterface(&d->iface, riid, ppv);
    driver_Release(&d->iface);
    return hr;
}
