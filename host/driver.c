/*
 * IWDFDriver: the root of the object tree. Creates the device, generic
 * objects and memory for the driver; objects created without a parent
 * become children of the driver, as in UMDF.
 */
#include "framework.h"

#include <stdlib.h>

#define WUDF_HOST_VERSION_MAJOR 1
#define WUDF_HOST_VERSION_MINOR 11

static wudf_object *default_parent(wudf_driver *driver, IWDFObject *parent)
{
    return parent ? (wudf_object *)(void *)parent : &driver->obj;
}

WUDF_OBJECT_METHODS(driver, IWDFDriver)

static HRESULT STDMETHODCALLTYPE driver_CreateDevice(IWDFDriver *This, IWDFDeviceInitialize *init,
                                                     IUnknown *callback, IWDFDevice **device)
{
    wudf_device_init *di = wudf_device_init_from(init);
    if (!di || !device)
        return E_INVALIDARG;
    wudf_device *d;
    HRESULT hr = wudf_device_create((wudf_driver *)(void *)This, di, callback, &d);
    if (FAILED(hr))
        return hr;
    *device = (IWDFDevice *)(void *)d;
    return S_OK;
}

static const IID *const generic_iids[] = {NULL};
static const wudf_object_type generic_type = {
    .name = "IWDFObject",
    .iids = generic_iids,
    .wdf_object = 1,
    .deletable = 1,
};

WUDF_OBJECT_METHODS(generic, IWDFObject)

static const IWDFObjectVtbl generic_vtbl = {
    WUDF_OBJECT_VTBL(generic),
};

IWDFObject *wudf_generic_object_create(wudf_host *host, IUnknown *callback, wudf_object *parent)
{
    wudf_object *obj = calloc(1, sizeof *obj);
    if (!obj)
        return NULL;
    wudf_object_init(obj, &generic_vtbl, &generic_type, host, parent, callback);
    return (IWDFObject *)(void *)obj;
}

static HRESULT STDMETHODCALLTYPE driver_CreateWdfObject(IWDFDriver *This, IUnknown *callback, IWDFObject *parent,
                                                        IWDFObject **object)
{
    wudf_driver *driver = (wudf_driver *)(void *)This;
    if (!object)
        return E_POINTER;
    IWDFObject *obj = wudf_generic_object_create(driver->obj.host, callback, default_parent(driver, parent));
    if (!obj)
        return E_OUTOFMEMORY;
    IWDFObject_AddRef(obj); /* the parent's reference plus the driver's */
    *object = obj;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE driver_CreatePreallocatedWdfMemory(IWDFDriver *This, BYTE *buffer, SIZE_T size,
                                                                   IUnknown *callback, IWDFObject *parent,
                                                                   IWDFMemory **memory)
{
    wudf_driver *driver = (wudf_driver *)(void *)This;
    if (!memory || (!buffer && size))
        return E_INVALIDARG;
    wudf_memory *m = wudf_memory_create_preallocated(driver->obj.host, default_parent(driver, parent), callback,
                                                     buffer, size);
    if (!m)
        return E_OUTOFMEMORY;
    wudf_object_addref(&m->obj);
    *memory = (IWDFMemory *)(void *)m;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE driver_CreateWdfMemory(IWDFDriver *This, SIZE_T size, IUnknown *callback,
                                                        IWDFObject *parent, IWDFMemory **memory)
{
    wudf_driver *driver = (wudf_driver *)(void *)This;
    if (!memory)
        return E_POINTER;
    wudf_memory *m = wudf_memory_create(driver->obj.host, default_parent(driver, parent), callback, size, NULL);
    if (!m)
        return E_OUTOFMEMORY;
    wudf_object_addref(&m->obj);
    *memory = (IWDFMemory *)(void *)m;
    return S_OK;
}

static BOOL STDMETHODCALLTYPE driver_IsVersionAvailable(IWDFDriver *This, UMDF_VERSION_DATA *minimum)
{
    if (!minimum)
        return FALSE;
    if (minimum->MajorNumber != WUDF_HOST_VERSION_MAJOR)
        return minimum->MajorNumber < WUDF_HOST_VERSION_MAJOR;
    return minimum->MinorNumber <= WUDF_HOST_VERSION_MINOR;
}

static HRESULT STDMETHODCALLTYPE driver_RetrieveVersionString(IWDFDriver *This, PWSTR version, DWORD *length)
{
    return wudf_copy_utf8_out("1.11.0", version, length);
}

static const IWDFDriverVtbl driver_vtbl = {
    WUDF_OBJECT_VTBL(driver),
    .CreateDevice = driver_CreateDevice,
    .CreateWdfObject = driver_CreateWdfObject,
    .CreatePreallocatedWdfMemory = driver_CreatePreallocatedWdfMemory,
    .CreateWdfMemory = driver_CreateWdfMemory,
    .IsVersionAvailable = driver_IsVersionAvailable,
    .RetrieveVersionString = driver_RetrieveVersionString,
};

static const IID *const driver_iids[] = {&IID_IWDFDriver, NULL};
static const wudf_object_type driver_type = {
    .name = "IWDFDriver",
    .iids = driver_iids,
    .wdf_object = 1,
};

wudf_driver *wudf_driver_create(wudf_host *host)
{
    wudf_driver *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    wudf_object_init(&d->obj, &driver_vtbl, &driver_type, host, NULL, NULL);
    return d;
}
