/*
 * IWDFFileHandleTargetFactory, answered by the device (QueryInterface on
 * IWDFDevice, device.c): a tear-off that forwards identity to the device and
 * makes file-handle targets (file_target.c).
 */
#include "file_target.h"

#include <stdlib.h>

typedef struct file_factory {
    const IWDFFileHandleTargetFactoryVtbl *lpVtbl;
    atomic_long refs;
    wudf_device *device; /* referenced */
} file_factory;

static HRESULT STDMETHODCALLTYPE factory_QueryInterface(IWDFFileHandleTargetFactory *This, REFIID riid, void **ppv)
{
    file_factory *f = (file_factory *)(void *)This;
    if (ppv && riid && IsEqualIID(riid, &IID_IWDFFileHandleTargetFactory)) {
        atomic_fetch_add(&f->refs, 1);
        *ppv = This;
        return S_OK;
    }
    /* Everything else is the device's, through its own QueryInterface: one object identity. */
    return IUnknown_QueryInterface((IUnknown *)(void *)f->device, riid, ppv);
}

static ULONG STDMETHODCALLTYPE factory_AddRef(IWDFFileHandleTargetFactory *This)
{
    return (ULONG)(atomic_fetch_add(&((file_factory *)(void *)This)->refs, 1) + 1);
}

static ULONG STDMETHODCALLTYPE factory_Release(IWDFFileHandleTargetFactory *This)
{
    file_factory *f = (file_factory *)(void *)This;
    long left = atomic_fetch_sub(&f->refs, 1) - 1;
    if (left == 0) {
        wudf_object_release(&f->device->obj);
        free(f);
    }
    return (ULONG)(left > 0 ? left : 0);
}

static HRESULT STDMETHODCALLTYPE factory_CreateFileHandleTarget(IWDFFileHandleTargetFactory *This, HANDLE handle,
                                                                IWDFIoTarget **out)
{
    return wudf_file_target_create(((file_factory *)(void *)This)->device, handle, out);
}

static const IWDFFileHandleTargetFactoryVtbl factory_vtbl = {
    .QueryInterface = factory_QueryInterface,
    .AddRef = factory_AddRef,
    .Release = factory_Release,
    .CreateFileHandleTarget = factory_CreateFileHandleTarget,
};

HRESULT wudf_file_handle_factory_query(wudf_device *device, REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    *ppv = NULL;
    if (!riid || !IsEqualIID(riid, &IID_IWDFFileHandleTargetFactory))
        return E_NOINTERFACE;
    file_factory *f = calloc(1, sizeof *f);
    if (!f)
        return E_OUTOFMEMORY;
    f->lpVtbl = &factory_vtbl;
    atomic_init(&f->refs, 1);
    f->device = device;
    wudf_object_addref(&device->obj);
    *ppv = f;
    return S_OK;
}
