/*
 * The echo driver object (IDriverEntry): the framework creates it through the class factory, calls
 * OnInitialize once, OnDeviceAdd for the ROOT\ECHO device and OnDeinitialize before unloading.
 */
#include "echo.h"

#include <stdlib.h>

typedef struct echo_driver {
    IDriverEntry iface;
    atomic_uint_least32_t refs;
} echo_driver;

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
    return atomic_fetch_add(&ECHO_CONTAINER(This, echo_driver, iface)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE driver_Release(IDriverEntry *This)
{
    echo_driver *d = ECHO_CONTAINER(This, echo_driver, iface);
    ULONG refs = atomic_fetch_sub(&d->refs, 1) - 1;
    if (refs == 0) {
        free(d);
        wudf_module_object_destroyed();
    }
    return refs;
}

static HRESULT STDMETHODCALLTYPE driver_OnInitialize(IDriverEntry *This, IWDFDriver *driver)
{
    /* Nothing driver-wide to set up: all state belongs to the device. */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE driver_OnDeviceAdd(IDriverEntry *This, IWDFDriver *driver, IWDFDeviceInitialize *init)
{
    return echo_device_add(driver, init);
}

static void STDMETHODCALLTYPE driver_OnDeinitialize(IDriverEntry *This, IWDFDriver *driver)
{
    /* The driver object keeps no framework references (the device and its queues belong to the
     * framework from OnDeviceAdd on), so there is nothing to release here. */
}

static const IDriverEntryVtbl driver_vtbl = {
    driver_QueryInterface, driver_AddRef, driver_Release, driver_OnInitialize, driver_OnDeviceAdd, driver_OnDeinitialize,
};

HRESULT echo_driver_create(REFIID riid, void **ppv)
{
    echo_driver *d = malloc(sizeof *d);
    if (!d)
        return E_OUTOFMEMORY;
    d->iface.lpVtbl = &driver_vtbl;
    atomic_init(&d->refs, 1);
    wudf_module_object_created();
    HRESULT hr = driver_QueryInterface(&d->iface, riid, ppv);
    driver_Release(&d->iface);
    return hr;
}
